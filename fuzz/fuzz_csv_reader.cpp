// Feeds arbitrary bytes to CsvReader and checks what must hold for every input:
//  - reading ends (a clean end or an error) and never crashes, leaks or overflows;
//  - the result never depends on the size of the read buffer (chunk boundaries);
//  - every returned field is valid UTF-8 without NUL bytes;
//  - no record is longer than max_record_bytes;
//  - row() counts records and errors one by one; an error after which reading cannot go
//    on is repeated;
//  - error messages are printable ASCII and each is one of the documented rules with only
//    numbers filled in, so no byte of the input can appear in one;
//  - writing the records back out (every field quoted) and reading that gives them back.
// Runs with detected delimiters, a forced ';', and a small max_record_bytes.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <sstream>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/utf8.hpp"
#include "zicht/ingest/csv_reader.hpp"

namespace {

using zicht::ingest::CsvOptions;
using zicht::ingest::CsvReader;

void Check(bool condition, const char* what) {
  if (!condition) {
    std::fprintf(stderr, "invariant broken: %s\n", what);
    std::abort();
  }
}

struct Outcome {
  std::vector<std::vector<std::string>> records;
  std::vector<std::string> errors;
  char delimiter = 0;
  bool operator==(const Outcome&) const = default;
};

bool PrintableAscii(const std::string& text) {
  for (unsigned char c : text) {
    if (c < 0x20 || c > 0x7E) return false;
  }
  return true;
}

// Digits become '#', so that numbers in messages compare equal.
std::string Shape(std::string_view text) {
  std::string shape;
  for (char c : text) {
    if (c >= '0' && c <= '9') {
      if (shape.empty() || shape.back() != '#') shape += '#';
    } else {
      shape += c;
    }
  }
  return shape;
}

// True if `message` is "fuzz.csv:row[:column]: rule" with one of the reader's rules, so
// that no byte of the input can have made its way into it.
bool IsKnownRule(const std::string& message) {
  static const char* const kRules[] = {
      "unclosed quote at end of file (the quote opened on line 1)",
      "a quote inside an unquoted field (quote the whole field and double the quotes inside it)",
      ("characters after the closing quote of a quoted field (a quote inside a quoted field must "
       "be doubled)"),
      "a NUL byte (is the file UTF-16? save it as UTF-8)",
      "invalid UTF-8 at byte 1 of the field (save the file as UTF-8)",
      "record longer than 1 bytes",
      "record longer than 1 bytes (is the quote opened on line 1 missing its closing quote?)",
  };
  const std::string shape = Shape(message);
  for (const char* rule : kRules) {
    const std::string rule_shape = Shape(rule);
    if (shape == "fuzz.csv:#: " + rule_shape || shape == "fuzz.csv:#:#: " + rule_shape) {
      return true;
    }
  }
  return false;
}

Outcome ReadAll(const std::string& text, const CsvOptions& options) {
  std::istringstream in(text);
  CsvReader reader(in, "fuzz.csv", options);
  Outcome out;
  std::vector<std::string> fields;
  std::int64_t expected_row = 0;
  std::string last_error;
  for (int step = 0; step < 1'000'000; ++step) {
    auto next = reader.Next(fields);
    if (!next.ok()) {
      const std::string& message = next.status().message();
      Check(fields.empty(), "fields cleared after an error");
      Check(PrintableAscii(message), "error message is printable ASCII");
      Check(message.rfind("fuzz.csv:", 0) == 0, "error message starts with the file name");
      Check(IsKnownRule(message), "error message is one of docs/csv.md's, without content");
      if (message == last_error) break;  // a final error, repeated
      Check(reader.row() == expected_row || reader.row() == expected_row + 1,
            "an error consumes at most its own record");
      expected_row = reader.row();
      out.errors.push_back(message);
      last_error = message;
      continue;
    }
    if (!*next) {
      Check(fields.empty(), "fields cleared at the end");
      auto again = reader.Next(fields);
      Check(again.ok() && !*again, "the end stays the end");
      break;
    }
    ++expected_row;
    Check(reader.row() == expected_row, "row counts records");
    Check(reader.line() >= reader.row(), "a record starts no earlier than its row");
    Check(!fields.empty(), "a record has at least one field");
    std::size_t bytes = fields.size() - 1;
    for (const std::string& field : fields) {
      Check(zicht::IsValidUtf8(field), "fields are valid UTF-8");
      Check(field.find('\0') == std::string::npos, "fields hold no NUL");
      bytes += field.size();
    }
    Check(bytes <= options.max_record_bytes, "records respect max_record_bytes");
    out.records.push_back(fields);
  }
  Check(reader.bytes_read() <= text.size(), "bytes_read within the input");
  out.delimiter = reader.delimiter();
  return out;
}

std::string Quote(const std::vector<std::vector<std::string>>& records, char delimiter) {
  std::string text;
  for (const auto& record : records) {
    for (std::size_t i = 0; i < record.size(); ++i) {
      if (i > 0) text += delimiter;
      text += '"';
      for (char c : record[i]) {
        if (c == '"') text += '"';
        text += c;
      }
      text += '"';
    }
    text += "\r\n";
  }
  return text;
}

void Exercise(const std::string& text, CsvOptions options, std::size_t small_buffer) {
  Outcome whole = ReadAll(text, options);
  CsvOptions chunked = options;
  chunked.buffer_bytes = small_buffer;
  Check(ReadAll(text, chunked) == whole, "result independent of the buffer size");

  if (!whole.records.empty()) {
    CsvOptions again;
    again.delimiter = whole.delimiter;
    again.max_record_bytes = std::size_t{1} << 30;
    Outcome round_trip = ReadAll(Quote(whole.records, whole.delimiter), again);
    Check(round_trip.errors.empty(), "quoted output reads without errors");
    Check(round_trip.records == whole.records, "quoted output reads back the same records");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) {
    Exercise("", {}, 1);
    return 0;
  }
  // The first byte picks a small buffer size; the rest is the file.
  const std::size_t small_buffer = 1 + data[0] % 17;
  const std::string text(reinterpret_cast<const char*>(data) + 1, size - 1);

  Exercise(text, {}, small_buffer);

  CsvOptions semicolon;
  semicolon.delimiter = ';';
  Exercise(text, semicolon, small_buffer);

  CsvOptions tight;
  tight.max_record_bytes = 1 + data[0] % 64;
  Exercise(text, tight, small_buffer);
  return 0;
}
