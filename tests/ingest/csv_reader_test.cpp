#include "zicht/ingest/csv_reader.hpp"

#include <gtest/gtest.h>

#include <optional>
#include <sstream>
#include <streambuf>
#include <string>
#include <vector>

namespace zicht::ingest {
namespace {

using Records = std::vector<std::vector<std::string>>;

struct ReadOutcome {
  Records records;
  std::vector<std::int64_t> rows;
  std::vector<std::int64_t> lines;
  std::optional<Status> error;  // the first error; reading stops there
  char delimiter = 0;
  std::uint64_t bytes_read = 0;
};

ReadOutcome ReadWith(const std::string& text, CsvOptions options) {
  std::istringstream in(text);
  CsvReader reader(in, "in.csv", options);
  ReadOutcome out;
  std::vector<std::string> fields;
  for (;;) {
    auto next = reader.Next(fields);
    if (!next.ok()) {
      out.error = next.status();
      break;
    }
    if (!*next) break;
    out.records.push_back(fields);
    out.rows.push_back(reader.row());
    out.lines.push_back(reader.line());
  }
  out.delimiter = reader.delimiter();
  out.bytes_read = reader.bytes_read();
  return out;
}

// Reads `text` with chunk sizes that put a boundary at every position, and checks that
// every chunk size gives the same result as the default one.
ReadOutcome Read(const std::string& text, CsvOptions options = {}) {
  ReadOutcome full = ReadWith(text, options);
  for (std::size_t chunk : {1, 2, 3, 5}) {
    options.buffer_bytes = chunk;
    ReadOutcome small = ReadWith(text, options);
    EXPECT_EQ(small.records, full.records) << "buffer of " << chunk << " bytes";
    EXPECT_EQ(small.rows, full.rows) << "buffer of " << chunk << " bytes";
    EXPECT_EQ(small.lines, full.lines) << "buffer of " << chunk << " bytes";
    EXPECT_EQ(small.delimiter, full.delimiter) << "buffer of " << chunk << " bytes";
    EXPECT_EQ(small.error.has_value(), full.error.has_value()) << "buffer of " << chunk;
    if (small.error && full.error) {
      EXPECT_EQ(small.error->message(), full.error->message());
    }
  }
  return full;
}

std::string ErrorOf(const std::string& text, CsvOptions options = {}) {
  ReadOutcome out = Read(text, options);
  if (!out.error) return "(no error)";
  EXPECT_EQ(out.error->code(), StatusCode::kInvalidData);
  return out.error->message();
}

// An endless-looking stream: `size` bytes of 'x' then a newline, made up as it is read,
// counting how much was asked of it.
class GeneratedLine : public std::streambuf {
 public:
  explicit GeneratedLine(std::size_t size) : remaining_(size) {}
  std::size_t produced() const { return produced_; }

 protected:
  int_type underflow() override {
    if (remaining_ == 0 && done_) return traits_type::eof();
    if (remaining_ == 0) {
      done_ = true;
      chunk_[0] = '\n';
      setg(chunk_, chunk_, chunk_ + 1);
      produced_ += 1;
      return traits_type::to_int_type(chunk_[0]);
    }
    std::size_t n = remaining_ < sizeof(chunk_) ? remaining_ : sizeof(chunk_);
    std::fill(chunk_, chunk_ + n, 'x');
    remaining_ -= n;
    produced_ += n;
    setg(chunk_, chunk_, chunk_ + n);
    return traits_type::to_int_type(chunk_[0]);
  }

 private:
  char chunk_[4096];
  std::size_t remaining_;
  std::size_t produced_ = 0;
  bool done_ = false;
};

// A stream whose device fails after `good` bytes.
class FailingBuffer : public std::streambuf {
 public:
  explicit FailingBuffer(std::string good) : good_(std::move(good)) {
    setg(good_.data(), good_.data(), good_.data() + good_.size());
  }

 protected:
  int_type underflow() override { throw std::runtime_error("device failed"); }

 private:
  std::string good_;
};

TEST(CsvReader, ReadsHeaderAndRecords) {
  const std::string text = "id,name\n1,Aaa Bbb\n2,Ccc Ddd\n";
  ReadOutcome out = Read(text);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.records, (Records{{"id", "name"}, {"1", "Aaa Bbb"}, {"2", "Ccc Ddd"}}));
  EXPECT_EQ(out.rows, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(out.lines, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(out.bytes_read, text.size());
}

TEST(CsvReader, EmptyInputHasNoRecords) {
  ReadOutcome out = Read("");
  EXPECT_FALSE(out.error);
  EXPECT_TRUE(out.records.empty());
  EXPECT_EQ(out.delimiter, ',');
}

TEST(CsvReader, InputOfOnlyEmptyLinesHasNoRecords) {
  ReadOutcome out = Read("\n\r\n\n");
  EXPECT_FALSE(out.error);
  EXPECT_TRUE(out.records.empty());
}

TEST(CsvReader, HeaderOnlyIsOneRecord) {
  EXPECT_EQ(Read("a,b,c\n").records, (Records{{"a", "b", "c"}}));
  EXPECT_EQ(Read("a,b,c").records, (Records{{"a", "b", "c"}}));
}

TEST(CsvReader, AcceptsAFinalLineWithoutNewline) {
  EXPECT_EQ(Read("a,b\n1,2").records, (Records{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a,b\n1,\"2\"").records, (Records{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a,b\n1,").records, (Records{{"a", "b"}, {"1", ""}}));
}

TEST(CsvReader, TrailingEmptyLinesAreNotRecords) {
  EXPECT_EQ(Read("a,b\n1,2\n\n").records, (Records{{"a", "b"}, {"1", "2"}}));
  EXPECT_EQ(Read("a,b\r\n1,2\r\n\r\n\r\n").records, (Records{{"a", "b"}, {"1", "2"}}));
}

TEST(CsvReader, AnEmptyLineInsideTheFileIsARecordWithOneEmptyField) {
  ReadOutcome out = Read("a,b\n\n\n1,2\n");
  EXPECT_EQ(out.records, (Records{{"a", "b"}, {""}, {""}, {"1", "2"}}));
  EXPECT_EQ(out.rows, (std::vector<std::int64_t>{1, 2, 3, 4}));
  EXPECT_EQ(out.lines, (std::vector<std::int64_t>{1, 2, 3, 4}));
}

TEST(CsvReader, RaggedRowsComeBackWithTheirOwnFieldCount) {
  EXPECT_EQ(Read("a,b,c\n1\n1,2,3,4\n,\n").records,
            (Records{{"a", "b", "c"}, {"1"}, {"1", "2", "3", "4"}, {"", ""}}));
}

TEST(CsvReader, ReusesTheCallersVectorAndShrinksIt) {
  std::istringstream in("a,b,c\n1\n");
  CsvReader reader(in, "in.csv");
  std::vector<std::string> fields = {"stale", "stale", "stale", "stale", "stale"};
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, (std::vector<std::string>{"a", "b", "c"}));
  ASSERT_TRUE(*reader.Next(fields));
  EXPECT_EQ(fields, (std::vector<std::string>{"1"}));
  auto end = reader.Next(fields);
  ASSERT_TRUE(end.ok());
  EXPECT_FALSE(*end);
  EXPECT_TRUE(fields.empty());
  // Reading past the end keeps saying so.
  auto again = reader.Next(fields);
  ASSERT_TRUE(again.ok());
  EXPECT_FALSE(*again);
}

TEST(CsvReader, DetectsSemicolonsFromTheHeader) {
  ReadOutcome out = Read("naam;geboortedatum;bedrag\nAaa Bbb;01-01-1900;1,50\n");
  EXPECT_EQ(out.delimiter, ';');
  EXPECT_EQ(out.records,
            (Records{{"naam", "geboortedatum", "bedrag"}, {"Aaa Bbb", "01-01-1900", "1,50"}}));
}

TEST(CsvReader, DetectionTakesTheDelimiterThatOccursMore) {
  EXPECT_EQ(Read("a;b;c,d\n").delimiter, ';');
  EXPECT_EQ(Read("a,b,c;d\n").delimiter, ',');
}

TEST(CsvReader, DetectionFallsBackToCommaOnATieOrNeither) {
  EXPECT_EQ(Read("a;b,c\n1;2,3\n").delimiter, ',');
  EXPECT_EQ(Read("single\n1;2;3\n").delimiter, ',');
}

TEST(CsvReader, DetectionLooksOnlyAtTheHeaderOutsideQuotes) {
  // Three semicolons inside quotes, one comma outside: ','.
  ReadOutcome out = Read("\"a;b;c;d\",e\n1;2;3;4;5;6,7\n");
  EXPECT_EQ(out.delimiter, ',');
  EXPECT_EQ(out.records, (Records{{"a;b;c;d", "e"}, {"1;2;3;4;5;6", "7"}}));
  // A header whose quoted field spans lines is scanned whole.
  EXPECT_EQ(Read("\"x,\ny,z\";b;c\n").delimiter, ';');
}

TEST(CsvReader, DetectionLooksNoFurtherThanTheRecordLimit) {
  // Found by fuzzing: the header scan stopped wherever a read chunk ended past the limit,
  // so the delimiter of an over-long header depended on the buffer size.
  CsvOptions options;
  options.max_record_bytes = 5;
  ReadOutcome out = Read("a,b,c;d;e;f\n", options);
  EXPECT_EQ(out.delimiter, ',');  // "a,b,c" decides
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->message(), "in.csv:1: record longer than 5 bytes");
}

TEST(CsvReader, AGivenDelimiterWins) {
  CsvOptions options;
  options.delimiter = ';';
  ReadOutcome out = Read("a,b,c\n1,2;3\n", options);
  EXPECT_EQ(out.delimiter, ';');
  EXPECT_EQ(out.records, (Records{{"a,b,c"}, {"1,2", "3"}}));
}

TEST(CsvReader, QuotedFieldsMayHoldDelimitersAndQuotes) {
  EXPECT_EQ(Read("\"a,b\",\"say \"\"hi\"\"\",c\n").records, (Records{{"a,b", "say \"hi\"", "c"}}));
  CsvOptions options;
  options.delimiter = ';';
  EXPECT_EQ(Read("\"a;b\";\"c\"\n", options).records, (Records{{"a;b", "c"}}));
}

TEST(CsvReader, EmptyQuotedFieldAndEmptyFieldAreBothEmpty) {
  EXPECT_EQ(Read("a,\"\",,b\n").records, (Records{{"a", "", "", "b"}}));
  EXPECT_EQ(Read(",\n").records, (Records{{"", ""}}));
  EXPECT_EQ(Read("\"\",\"\"\n").records, (Records{{"", ""}}));
}

TEST(CsvReader, AFieldThatIsJustTwoQuotesIsEmptyAndFourQuotesAreOneQuote) {
  EXPECT_EQ(Read("\"\"\n").records, (Records{{""}}));
  EXPECT_EQ(Read("\"\"").records, (Records{{""}}));
  EXPECT_EQ(Read("\"\"\"\"\n").records, (Records{{"\""}}));
}

TEST(CsvReader, KeepsLineBreaksInsideQuotesAsTheyAre) {
  ReadOutcome out = Read("a,b\r\n\"line 1\r\nline 2\",x\r\n\"lone\rcr\",\"lf\nonly\"\r\n");
  EXPECT_EQ(out.records,
            (Records{{"a", "b"}, {"line 1\r\nline 2", "x"}, {"lone\rcr", "lf\nonly"}}));
  EXPECT_EQ(out.rows, (std::vector<std::int64_t>{1, 2, 3}));
  // A lone CR inside quotes does not end a line; the LFs do.
  EXPECT_EQ(out.lines, (std::vector<std::int64_t>{1, 2, 4}));
}

TEST(CsvReader, ReadsCrlfAndLoneCrLineEnds) {
  EXPECT_EQ(Read("a,b\r\n1,2\r\n").records, (Records{{"a", "b"}, {"1", "2"}}));
  ReadOutcome out = Read("a,b\r1,2\r3,4");
  EXPECT_EQ(out.records, (Records{{"a", "b"}, {"1", "2"}, {"3", "4"}}));
  EXPECT_EQ(out.lines, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(Read("\"a\"\r\n\"b\"\r").records, (Records{{"a"}, {"b"}}));
}

TEST(CsvReader, SkipsAByteOrderMarkAtTheStart) {
  const std::string text = "\xEF\xBB\xBFnaam;land\r\nAaa;NL\r\n";
  ReadOutcome out = Read(text);
  EXPECT_FALSE(out.error);
  EXPECT_EQ(out.delimiter, ';');
  EXPECT_EQ(out.records, (Records{{"naam", "land"}, {"Aaa", "NL"}}));
  EXPECT_EQ(out.bytes_read, text.size());
  EXPECT_TRUE(Read("\xEF\xBB\xBF").records.empty());
  EXPECT_EQ(Read("\xEF\xBB\xBF\"a\"").records, (Records{{"a"}}));
}

TEST(CsvReader, ReadsTheHeaderAfterAByteOrderMarkWithTinyBuffers) {
  // Found by fuzzing: with a buffer smaller than the mark, the header scan lost its place
  // when the buffer was refilled right after the mark.
  CsvOptions options;
  options.buffer_bytes = 1;
  EXPECT_EQ(ReadWith("\xEF\xBB\xBF"
                     "a;b;c\n",
                     options)
                .delimiter,
            ';');
  const char kText[] = "\xEF\xBB\xBF\0\"\0\0\0(\0;\0\0";
  EXPECT_EQ(ErrorOf(std::string(kText, sizeof(kText) - 1)).rfind("in.csv:1:1: a quote inside", 0),
            0u);
}

TEST(CsvReader, AByteOrderMarkElsewhereIsContent) {
  EXPECT_EQ(Read("a\n\xEF\xBB\xBF"
                 "b\n")
                .records,
            (Records{{"a"},
                     {"\xEF\xBB\xBF"
                      "b"}}));
}

TEST(CsvReader, KeepsValidMultiByteUtf8) {
  EXPECT_EQ(Read("naam\nZo\xC3\xAB\n\xE2\x82\xAC,\xF0\x9F\x98\x80\n").records,
            (Records{{"naam"}, {"Zo\xC3\xAB"}, {"\xE2\x82\xAC", "\xF0\x9F\x98\x80"}}));
}

TEST(CsvReader, CountsRowsOverVeryManySmallRecords) {
  std::string text = "n\n";
  for (int i = 2; i <= 100000; ++i) text += std::to_string(i) + "\n";
  std::istringstream in(text);
  CsvReader reader(in, "in.csv");
  std::vector<std::string> fields;
  std::int64_t count = 0;
  for (;;) {
    auto next = reader.Next(fields);
    ASSERT_TRUE(next.ok()) << next.status().message();
    if (!*next) break;
    ++count;
    ASSERT_EQ(reader.row(), count);
    ASSERT_EQ(reader.line(), count);
    if (count > 1) {
      ASSERT_EQ(fields[0], std::to_string(count));
    }
  }
  EXPECT_EQ(count, 100000);
  EXPECT_EQ(reader.bytes_read(), text.size());
}

TEST(CsvReader, ReportsAnUnclosedQuoteAtEndOfFile) {
  EXPECT_EQ(ErrorOf("a,b\n1,\"Aaa Bbb\n2,3\n"),
            "in.csv:2:2: unclosed quote at end of file (the quote opened on line 2)");
  EXPECT_EQ(ErrorOf("\""),
            "in.csv:1:1: unclosed quote at end of file (the quote opened on line 1)");
}

TEST(CsvReader, ReportsAQuoteInsideAnUnquotedField) {
  EXPECT_EQ(ErrorOf("a,b,c\n1,Aaa \"Bbb\",3\n"),
            "in.csv:2:2: a quote inside an unquoted field (quote the whole field and double the "
            "quotes inside it)");
  EXPECT_NE(ErrorOf(" \"a\"\n").find("in.csv:1:1: a quote inside an unquoted field"),
            std::string::npos);
}

TEST(CsvReader, ReportsCharactersAfterAClosingQuote) {
  EXPECT_EQ(ErrorOf("a,b,c\n1,2,\"Aaa\"Bbb\n"),
            "in.csv:2:3: characters after the closing quote of a quoted field (a quote inside "
            "a quoted field must be doubled)");
  EXPECT_NE(ErrorOf("\"a\" ,b\n").find("in.csv:1:1: characters after"), std::string::npos);
}

TEST(CsvReader, ReportsRowNumbersAsRecordsNotLinesWithEmbeddedNewlines) {
  const std::string text =
      "id,note\n"
      "1,\"two\nlines\"\n"
      "2,\"three\r\nlines\r\nhere\"\n"
      "3,bad\"quote\n";
  ReadOutcome out = Read(text);
  EXPECT_EQ(out.rows, (std::vector<std::int64_t>{1, 2, 3}));
  EXPECT_EQ(out.lines, (std::vector<std::int64_t>{1, 2, 4}));
  ASSERT_TRUE(out.error);
  EXPECT_EQ(out.error->message().rfind("in.csv:4:2: a quote inside an unquoted field", 0), 0u);
}

TEST(CsvReader, StructuralErrorsStopReadingForGood) {
  std::istringstream in("a\n\"b\nc\"d\ne\n");
  CsvReader reader(in, "in.csv");
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.Next(fields));
  auto first = reader.Next(fields);
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.status().message().rfind("in.csv:2:1: characters after the closing quote", 0),
            0u);
  EXPECT_TRUE(fields.empty());
  // row() and line() name the broken record.
  EXPECT_EQ(reader.row(), 2);
  EXPECT_EQ(reader.line(), 2);
  auto second = reader.Next(fields);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().message(), first.status().message());
  EXPECT_EQ(reader.row(), 2);
}

TEST(CsvReader, ReportsANulByteAndGoesOnWithTheNextRecord) {
  const char kText[] = "a,b\n1,Aaa\0Bbb\n\"x\0\",2\n3,4\n";
  std::istringstream in(std::string(kText, sizeof(kText) - 1));
  CsvReader reader(in, "in.csv");
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.Next(fields));
  auto nul = reader.Next(fields);
  ASSERT_FALSE(nul.ok());
  EXPECT_EQ(nul.status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(nul.status().message(),
            "in.csv:2:2: a NUL byte (is the file UTF-16? save it as UTF-8)");
  EXPECT_TRUE(fields.empty());
  auto quoted_nul = reader.Next(fields);
  ASSERT_FALSE(quoted_nul.ok());
  EXPECT_EQ(quoted_nul.status().message().rfind("in.csv:3:1: a NUL byte", 0), 0u);
  auto next = reader.Next(fields);
  ASSERT_TRUE(next.ok()) << next.status().message();
  ASSERT_TRUE(*next);
  EXPECT_EQ(fields, (std::vector<std::string>{"3", "4"}));
  EXPECT_EQ(reader.row(), 4);
}

TEST(CsvReader, ReportsUtf16AsNulBytes) {
  // "a,b\n" in UTF-16LE with its byte-order mark.
  const char kText[] =
      "\xFF\xFE"
      "a\0,\0b\0\n\0";
  EXPECT_EQ(ErrorOf(std::string(kText, sizeof(kText) - 1)).rfind("in.csv:1:1: a NUL byte", 0), 0u);
}

TEST(CsvReader, ReportsInvalidUtf8PerFieldAndGoesOn) {
  std::istringstream in("a,b,c\n1,ok,Aaa\xC3(Bbb\n\xC0\xAF,2,3\n4,\"\xED\xA0\x80\",6\n7,8,9\n");
  CsvReader reader(in, "in.csv");
  std::vector<std::string> fields;
  ASSERT_TRUE(*reader.Next(fields));
  auto truncated = reader.Next(fields);
  ASSERT_FALSE(truncated.ok());
  EXPECT_EQ(truncated.status().message(),
            "in.csv:2:3: invalid UTF-8 at byte 4 of the field (save the file as UTF-8)");
  auto overlong = reader.Next(fields);
  ASSERT_FALSE(overlong.ok());
  EXPECT_EQ(overlong.status().message().rfind("in.csv:3:1: invalid UTF-8 at byte 1", 0), 0u);
  auto surrogate = reader.Next(fields);
  ASSERT_FALSE(surrogate.ok());
  EXPECT_EQ(surrogate.status().message().rfind("in.csv:4:2: invalid UTF-8 at byte 1", 0), 0u);
  auto next = reader.Next(fields);
  ASSERT_TRUE(next.ok());
  EXPECT_EQ(fields, (std::vector<std::string>{"7", "8", "9"}));
  EXPECT_EQ(reader.row(), 5);
}

TEST(CsvReader, ErrorMessagesNeverQuoteTheContent) {
  const std::string name = "Aaa Bbb";
  for (const std::string& text :
       {"x\n\"" + name + "\n", "x\n" + name + "\"\n", "x\n\"" + name + "\"" + name + "\n",
        "x\n" + name + std::string(1, '\0') + "\n", "x\n" + name + "\xFF\n"}) {
    std::string message = ErrorOf(text);
    EXPECT_EQ(message.find("Aaa"), std::string::npos) << message;
    EXPECT_EQ(message.find("Bbb"), std::string::npos) << message;
  }
}

TEST(CsvReader, RefusesARecordLongerThanTheLimit) {
  CsvOptions options;
  options.max_record_bytes = 7;
  // "\"a\",bcd" is exactly seven bytes, quotes and delimiter included; the line end is not.
  EXPECT_EQ(Read("\"a\",bcd\r\n", options).records, (Records{{"a", "bcd"}}));
  EXPECT_EQ(ErrorOf("x\n\"a\",bcde\n", options), "in.csv:2: record longer than 7 bytes");
  EXPECT_EQ(ErrorOf("x\n\"a\",\"bc\"\n", options), "in.csv:2: record longer than 7 bytes");
  EXPECT_EQ(ErrorOf("x\n1234567,\n", options), "in.csv:2: record longer than 7 bytes");
  // Inside an open quote the message points at the probable cause.
  EXPECT_EQ(ErrorOf("x\n\"abc\ndefgh\n", options),
            "in.csv:2: record longer than 7 bytes (is the quote opened on line 2 missing its "
            "closing quote?)");
}

TEST(CsvReader, ATenMegabyteLineIsAnErrorNotAnAllocation) {
  GeneratedLine source(10 << 20);
  std::istream in(&source);
  CsvReader reader(in, "big.csv");
  std::vector<std::string> fields;
  auto next = reader.Next(fields);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kInvalidData);
  EXPECT_EQ(next.status().message(), "big.csv:1: record longer than 1048576 bytes");
  // It stopped reading soon after the limit: the header scan buffers at most one limit
  // and a chunk.
  EXPECT_LT(source.produced(), (1u << 20) + 2 * (64u << 10) + 4096);
}

TEST(CsvReader, ALongRecordWithinTheLimitIsRead) {
  std::string text = "a,b\n" + std::string(300000, 'x') + "," + std::string(5, 'y') + "\n";
  ReadOutcome out = ReadWith(text, {});
  ASSERT_FALSE(out.error);
  ASSERT_EQ(out.records.size(), 2u);
  EXPECT_EQ(out.records[1][0].size(), 300000u);
  EXPECT_EQ(out.records[1][1], "yyyyy");
}

TEST(CsvReader, ReportsAStreamThatFails) {
  FailingBuffer source("a,b\n1,2\n");
  std::istream in(&source);
  CsvReader reader(in, "in.csv");
  std::vector<std::string> fields;
  Result<bool> next = true;
  for (int i = 0; i < 5 && next.ok() && *next; ++i) next = reader.Next(fields);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kIoError);
  EXPECT_EQ(next.status().message(), "in.csv: read error");
}

TEST(CsvOptions, ValidateExplainsWhatIsWrong) {
  EXPECT_TRUE(CsvOptions{}.Validate().ok());
  CsvOptions tab;
  tab.delimiter = '\t';
  EXPECT_TRUE(tab.Validate().ok());
  for (char bad : {'"', '\n', '\r', '\0', '\xC3'}) {
    CsvOptions options;
    options.delimiter = bad;
    EXPECT_EQ(options.Validate().code(), StatusCode::kInvalidArgument);
  }
  CsvOptions zero;
  zero.max_record_bytes = 0;
  EXPECT_FALSE(zero.Validate().ok());
  CsvOptions no_buffer;
  no_buffer.buffer_bytes = 0;
  EXPECT_FALSE(no_buffer.Validate().ok());
}

TEST(CsvReader, InvalidOptionsAreReturnedByNext) {
  std::istringstream in("a\n");
  CsvOptions options;
  options.delimiter = '"';
  CsvReader reader(in, "in.csv", options);
  std::vector<std::string> fields;
  auto next = reader.Next(fields);
  ASSERT_FALSE(next.ok());
  EXPECT_EQ(next.status().code(), StatusCode::kInvalidArgument);
}

TEST(CsvReader, ReadsTabSeparatedWhenTold) {
  CsvOptions options;
  options.delimiter = '\t';
  EXPECT_EQ(Read("a\tb,c\n\"1\t\"\t2\n", options).records, (Records{{"a", "b,c"}, {"1\t", "2"}}));
}

}  // namespace
}  // namespace zicht::ingest
