// A streaming CSV reader (RFC 4180): quoted fields, embedded newlines, doubled quotes,
// ',' or ';' delimiters (detected from the header line or given), LF or CRLF line ends,
// UTF-8 with or without a byte-order mark. Memory stays constant in the file's size;
// one record is held at a time, and a single field or record larger than the configured
// limit is an error rather than an allocation.
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
  std::optional<char> delimiter;     // unset: detect ',' or ';' from the first line
  size_t max_record_bytes = 1 << 20;  // a longer record is an error (no unbounded growth)
  Status Validate() const;
};

class CsvReader {
 public:
  // Reads from `input`, which must outlive the reader. `file_name` appears in errors.
  CsvReader(std::istream& input, std::string file_name, CsvOptions options = {});
  ~CsvReader();

  // Reads the next record into `fields`. Returns true with fields filled, false at a
  // clean end of input, or an error Status (unclosed quote, a stray quote inside an
  // unquoted field, a NUL byte, invalid UTF-8, an over-long record). Error messages have
  // the form "file:row: rule", row being the 1-based record number (the header is row 1),
  // and never quote the field's content.
  Result<bool> Next(std::vector<std::string>& fields);

  // 1-based number of the record last returned (header = 1).
  std::int64_t row() const;
  // 1-based physical line on which that record started (differs with embedded newlines).
  std::int64_t line() const;
  // The delimiter in use (after detection, once the first record has been read).
  char delimiter() const;
  // Bytes consumed so far, for progress reporting.
  std::uint64_t bytes_read() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zicht::ingest
