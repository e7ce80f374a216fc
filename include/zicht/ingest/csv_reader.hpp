// A streaming CSV reader (RFC 4180): quoted fields, embedded newlines, doubled quotes,
// ',' or ';' delimiters (detected from the header record or given), LF or CRLF line ends,
// UTF-8 with or without a byte-order mark. Memory stays constant in the file's size;
// one record is held at a time, and a record larger than the configured limit is an
// error rather than an allocation. What is accepted and rejected, with every error
// message, is described in docs/csv.md.
//
// Thread safety: one reader per thread.
#pragma once

#include <cstdint>
#include <istream>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::ingest {

struct CsvOptions {
  // Unset: detect from the first (header) record, counting ',' and ';' outside quotes;
  // the one that occurs more wins, a tie (or neither) gives ','. Set: used as given.
  std::optional<char> delimiter;
  // A record (its bytes from the first to the last, quotes and delimiters included, the
  // line end not) longer than this is an error; nothing larger is ever allocated.
  std::size_t max_record_bytes = 1 << 20;
  // How many bytes are read from the stream at a time. Tests set it small to put chunk
  // boundaries everywhere; the result never depends on it.
  std::size_t buffer_bytes = 64 << 10;

  // Ok, or InvalidArgument: a delimiter that is '"', CR, LF, NUL or not ASCII; a zero
  // max_record_bytes or buffer_bytes.
  Status Validate() const;
};

class CsvReader {
 public:
  // Reads from `input`, which must outlive the reader. `file_name` appears in errors.
  CsvReader(std::istream& input, std::string file_name, CsvOptions options = {});
  ~CsvReader();
  CsvReader(const CsvReader&) = delete;
  CsvReader& operator=(const CsvReader&) = delete;

  // Reads the next record into `fields` (reusing its strings' storage). Returns true with
  // the fields filled (as many as the record has: ragged rows are returned as they are),
  // false at a clean end of input (fields cleared), or an error Status.
  //
  // Errors are InvalidData with the message "file:row:column: rule" (or "file:row: rule"
  // where no single field is at fault), row being the 1-based record number (the header
  // is row 1) and column the 1-based field number. Messages never quote field content.
  //  - A NUL byte or invalid UTF-8 in a field: the record is consumed and counts as a row;
  //    the next call goes on with the following record.
  //  - An unclosed quote at end of file, a quote inside an unquoted field, characters
  //    after a closing quote, a record longer than max_record_bytes: where the next record
  //    starts cannot be known, so every later call returns the same error.
  //  - The stream failing (IoError) or invalid options (InvalidArgument): every call
  //    returns the same error.
  // After an error `fields` is cleared.
  //
  // An empty line is a record with one empty field, except that empty lines at the very
  // end of the input are not records.
  Result<bool> Next(std::vector<std::string>& fields);

  // 1-based number of the record last returned, or of the record that the last data
  // error is about (header = 1); 0 before the first.
  std::int64_t row() const;
  // 1-based physical line on which that record started (differs with embedded newlines).
  // Lines end at LF, CRLF, or a lone CR outside quotes.
  std::int64_t line() const;
  // The delimiter in use (after detection, once the first record has been read; before
  // that the given one, or ',').
  char delimiter() const;
  // Bytes of the stream consumed so far (the BOM included), for progress reporting.
  std::uint64_t bytes_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zicht::ingest
