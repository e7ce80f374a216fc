#include "zicht/ingest/csv_reader.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cstring>
#include <utility>

#include "zicht/core/utf8.hpp"

namespace zicht::ingest {

Status CsvOptions::Validate() const {
  if (delimiter) {
    const auto d = static_cast<unsigned char>(*delimiter);
    if (d == '"' || d == '\r' || d == '\n' || d == '\0' || d >= 0x80) {
      return Status::InvalidArgument(
          "CSV delimiter must be an ASCII character other than a quote, CR, LF or NUL");
    }
  }
  if (max_record_bytes == 0) return Status::InvalidArgument("CSV max_record_bytes must be > 0");
  if (buffer_bytes == 0) return Status::InvalidArgument("CSV buffer_bytes must be > 0");
  return Status::Ok();
}

namespace {

// Bytes that end a run of plain field content.
using StopTable = std::array<bool, 256>;

StopTable MakeStops(std::initializer_list<char> stops) {
  StopTable table{};
  for (char c : stops) table[static_cast<unsigned char>(c)] = true;
  return table;
}

enum class State { kFieldStart, kUnquoted, kQuoted, kQuoteSeen };

// A field whose bytes are wrong, though the record's structure is intact.
enum class FieldFault { kNone, kNul, kUtf8 };

}  // namespace

struct CsvReader::Impl {
  Impl(std::istream& in, std::string file, CsvOptions opt)
      : input(in), file_name(std::move(file)), options(std::move(opt)) {}

  std::istream& input;
  std::string file_name;
  CsvOptions options;

  std::vector<char> buffer;
  std::size_t pos = 0;  // next unread byte in buffer
  std::size_t end = 0;  // one past the last valid byte in buffer
  bool at_eof = false;
  std::uint64_t stream_bytes = 0;  // bytes taken from the stream

  bool started = false;
  char delim = ',';
  // Indexed by whether the field has shown a byte >= 0x80 yet: until it has, those bytes
  // stop the scan too, so that the UTF-8 check can be skipped for pure ASCII fields.
  std::array<StopTable, 2> unquoted_stops{};
  std::array<StopTable, 2> quoted_stops{};

  std::int64_t row = 0;
  std::int64_t line = 0;
  std::int64_t next_line = 1;      // the physical line of the next unread byte
  std::int64_t record_line = 0;    // the line on which the record being parsed started
  std::int64_t pending_empty = 0;  // empty lines seen but not yet returned
  std::optional<Status> sticky;    // an error after which reading cannot go on

  // Reads up to buffer_bytes more from the stream. While the header is scanned (`grow`)
  // they are appended, growing the buffer, so that the header stays whole; afterwards the
  // buffer must have been drained (pos == end) and is refilled from its start, back at
  // its normal size. False at end of input or on a read error (which sets `sticky`).
  bool ReadMore(bool grow) {
    if (at_eof || sticky) return false;
    const std::size_t want = options.buffer_bytes;
    if (grow) {
      if (buffer.size() - end < want) buffer.resize(end + want);
    } else {
      pos = end = 0;
      if (buffer.size() != want) {  // give back what a long header took
        buffer.resize(want);
        buffer.shrink_to_fit();
      }
    }
    input.read(buffer.data() + end, static_cast<std::streamsize>(want));
    const auto got = static_cast<std::size_t>(input.gcount());
    if (input.bad()) {
      sticky = Status::IoError(fmt::format("{}: read error", file_name));
      return false;
    }
    end += got;
    stream_bytes += got;
    if (input.eof() || got == 0) at_eof = true;
    return got > 0;
  }

  // True if a byte is available at `pos`, reading more if needed.
  bool Available() { return pos < end || ReadMore(false); }

  // An error in the record being parsed after which the next record's start is unknown:
  // it is kept and returned by every later call.
  // row() and line() then name the broken record.
  Status Fatal(std::string_view rule, std::size_t column = 0) {
    ++row;
    line = record_line;
    sticky = Status::InvalidData(column == 0
                                     ? fmt::format("{}:{}: {}", file_name, row, rule)
                                     : fmt::format("{}:{}:{}: {}", file_name, row, column, rule));
    return *sticky;
  }

  // Skips a byte-order mark and settles the delimiter.
  void Start() {
    started = true;
    while (end - pos < 3 && ReadMore(true)) {
    }
    if (end - pos >= 3 && std::memcmp(buffer.data() + pos, "\xEF\xBB\xBF", 3) == 0) pos += 3;
    delim = options.delimiter ? *options.delimiter : DetectDelimiter();
    unquoted_stops[1] = MakeStops({delim, '"', '\r', '\n', '\0'});
    quoted_stops[1] = MakeStops({'"', '\n', '\0'});
    unquoted_stops[0] = unquoted_stops[1];
    quoted_stops[0] = quoted_stops[1];
    for (int c = 0x80; c <= 0xFF; ++c) unquoted_stops[0][c] = quoted_stops[0][c] = true;
  }

  // Counts ',' and ';' outside quotes in the first record, buffering it whole. Only its
  // first max_record_bytes bytes count (a longer header is an error when it is parsed), so
  // that the answer never depends on how the input was chunked.
  char DetectDelimiter() {
    std::size_t commas = 0;
    std::size_t semicolons = 0;
    bool quoted = false;
    std::size_t i = pos;
    for (;;) {
      const std::size_t limit = std::min(end, pos + options.max_record_bytes);
      for (; i < limit; ++i) {
        const char c = buffer[i];
        if (c == '"') {
          quoted = !quoted;
        } else if (!quoted) {
          if (c == ',') {
            ++commas;
          } else if (c == ';') {
            ++semicolons;
          } else if (c == '\n' || c == '\r') {
            return semicolons > commas ? ';' : ',';
          }
        }
      }
      if (i == pos + options.max_record_bytes || !ReadMore(true)) break;
    }
    return semicolons > commas ? ';' : ',';
  }

  // Consumes a line end at `pos` (CR, LF or CRLF), counting one line.
  void ConsumeLineEnd() {
    const char c = buffer[pos++];
    ++next_line;
    if (c == '\r' && Available() && buffer[pos] == '\n') ++pos;
  }

  Status ParseRecord(std::vector<std::string>& fields);
};

Status CsvReader::Impl::ParseRecord(std::vector<std::string>& fields) {
  record_line = next_line;
  std::int64_t quote_line = 0;
  std::size_t count = 0;
  std::size_t record_bytes = 0;
  State state = State::kFieldStart;
  FieldFault fault = FieldFault::kNone;
  std::size_t fault_column = 0;
  std::size_t fault_offset = 0;
  std::string* field = nullptr;
  bool non_ascii = false;  // the current field has a byte >= 0x80

  const std::size_t max = options.max_record_bytes;
  auto too_long = [&] {
    std::string rule = fmt::format("record longer than {} bytes", max);
    // A quoted field that has swallowed line ends is the usual cause of a huge record.
    if (state == State::kQuoted && next_line > quote_line) {
      rule +=
          fmt::format(" (is the quote opened on line {} missing its closing quote?)", quote_line);
    }
    return Fatal(rule);
  };
  auto begin_field = [&] {
    if (count < fields.size()) {
      fields[count].clear();
    } else {
      fields.emplace_back();
    }
    field = &fields[count];
    non_ascii = false;
    ++count;
  };
  auto end_field = [&] {
    if (!non_ascii || fault != FieldFault::kNone) return;
    if (auto bad = FirstInvalidUtf8(*field)) {
      fault = FieldFault::kUtf8;
      fault_column = count;
      fault_offset = *bad;
    }
  };
  auto note_nul = [&] {
    if (fault != FieldFault::kNone) return;
    fault = FieldFault::kNul;
    fault_column = count;
  };
  // Consumes `n` bytes of the record and appends them to the field.
  auto take = [&](const char* from, std::size_t n) -> bool {
    if (n > max - record_bytes) return false;
    field->append(from, n);
    record_bytes += n;
    pos += n;
    return true;
  };
  // Consumes one byte of syntax (a delimiter or quote) that belongs to the record.
  auto take_syntax = [&]() -> bool {
    if (record_bytes == max) return false;
    ++record_bytes;
    ++pos;
    return true;
  };

  begin_field();
  for (;;) {
    if (!Available()) {
      if (sticky) return *sticky;
      if (state == State::kQuoted) {
        return Fatal(
            fmt::format("unclosed quote at end of file (the quote opened on line {})", quote_line),
            count);
      }
      end_field();  // a final record without a line end
      break;
    }
    const char* const data = buffer.data();
    if (state == State::kFieldStart) {
      if (data[pos] == '"') {
        if (!take_syntax()) return too_long();
        state = State::kQuoted;
        quote_line = next_line;
        continue;
      }
      state = State::kUnquoted;
    }
    if (state == State::kUnquoted) {
      std::size_t stop = pos;
      const StopTable& stops = unquoted_stops[non_ascii];
      while (stop < end && !stops[static_cast<unsigned char>(data[stop])]) ++stop;
      if (!take(data + pos, stop - pos)) return too_long();
      if (stop == end) continue;
      const char c = data[pos];
      if (static_cast<unsigned char>(c) >= 0x80) {
        non_ascii = true;  // scan on with the other table
      } else if (c == delim) {
        end_field();
        if (!take_syntax()) return too_long();
        begin_field();
        state = State::kFieldStart;
      } else if (c == '\n' || c == '\r') {
        end_field();
        ConsumeLineEnd();
        break;
      } else if (c == '"') {
        return Fatal(
            "a quote inside an unquoted field (quote the whole field and double the quotes "
            "inside it)",
            count);
      } else {  // NUL
        note_nul();
        if (!take(data + pos, 1)) return too_long();
      }
      continue;
    }
    if (state == State::kQuoted) {
      std::size_t stop = pos;
      const StopTable& stops = quoted_stops[non_ascii];
      while (stop < end && !stops[static_cast<unsigned char>(data[stop])]) ++stop;
      if (!take(data + pos, stop - pos)) return too_long();
      if (stop == end) continue;
      const char c = data[pos];
      if (static_cast<unsigned char>(c) >= 0x80) {
        non_ascii = true;
      } else if (c == '"') {
        if (!take_syntax()) return too_long();
        state = State::kQuoteSeen;
      } else {
        if (c == '\n') {
          ++next_line;
        } else {
          note_nul();
        }
        if (!take(data + pos, 1)) return too_long();
      }
      continue;
    }
    // kQuoteSeen: a doubled quote, or the end of the quoted field.
    const char c = data[pos];
    if (c == '"') {
      if (!take(data + pos, 1)) return too_long();
      state = State::kQuoted;
    } else if (c == delim) {
      end_field();
      if (!take_syntax()) return too_long();
      begin_field();
      state = State::kFieldStart;
    } else if (c == '\n' || c == '\r') {
      end_field();
      ConsumeLineEnd();
      break;
    } else {
      return Fatal(
          "characters after the closing quote of a quoted field (a quote inside a quoted "
          "field must be doubled)",
          count);
    }
  }

  fields.resize(count);
  ++row;
  line = record_line;
  switch (fault) {
    case FieldFault::kNone:
      return Status::Ok();
    case FieldFault::kNul:
      return Status::InvalidData(
          fmt::format("{}:{}:{}: a NUL byte (is the file UTF-16? save it as UTF-8)", file_name, row,
                      fault_column));
    case FieldFault::kUtf8:
      return Status::InvalidData(
          fmt::format("{}:{}:{}: invalid UTF-8 at byte {} of the field (save the file as UTF-8)",
                      file_name, row, fault_column, fault_offset + 1));
  }
  return Status::Ok();
}

CsvReader::CsvReader(std::istream& input, std::string file_name, CsvOptions options)
    : impl_(std::make_unique<Impl>(input, std::move(file_name), std::move(options))) {
  if (Status status = impl_->options.Validate(); !status.ok()) impl_->sticky = std::move(status);
}

CsvReader::~CsvReader() = default;

Result<bool> CsvReader::Next(std::vector<std::string>& fields) {
  Impl& r = *impl_;
  if (!r.sticky && !r.started) r.Start();
  for (;;) {
    if (r.sticky) {
      fields.clear();
      return *r.sticky;
    }
    if (!r.Available()) {
      if (r.sticky) continue;
      r.pending_empty = 0;  // empty lines at the end are not records
      fields.clear();
      return false;
    }
    const char c = r.buffer[r.pos];
    if (c == '\n' || c == '\r') {
      // An empty line: a record only if something other than empty lines follows.
      r.ConsumeLineEnd();
      ++r.pending_empty;
      continue;
    }
    if (r.pending_empty > 0) {
      ++r.row;
      r.line = r.next_line - r.pending_empty;
      --r.pending_empty;
      fields.resize(1);
      fields[0].clear();
      return true;
    }
    Status status = r.ParseRecord(fields);
    if (status.ok()) return true;
    fields.clear();
    return status;
  }
}

std::int64_t CsvReader::row() const {
  return impl_->row;
}
std::int64_t CsvReader::line() const {
  return impl_->line;
}
char CsvReader::delimiter() const {
  if (impl_->started) return impl_->delim;
  return impl_->options.delimiter.value_or(',');
}
std::uint64_t CsvReader::bytes_read() const {
  return impl_->stream_bytes - (impl_->end - impl_->pos);
}

}  // namespace zicht::ingest
