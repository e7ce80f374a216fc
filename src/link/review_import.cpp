// Reviewers' decisions into the store: every row checked first, then all written or none.
#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <cctype>
#include <charconv>
#include <fstream>
#include <map>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "csv_line.hpp"
#include "zicht/link/evaluation.hpp"
#include "zicht/link/review.hpp"

namespace zicht::link {

namespace fs = std::filesystem;

namespace {

enum Column : std::size_t {
  kSample,
  kSourceA,
  kRecordA,
  kSourceB,
  kRecordB,
  kStratum,
  kStratumPairs,
  kInclusion,
  kDecision,
  kColumns
};
constexpr std::array<std::string_view, kColumns> kNames = {
    "sample",  "source_a",      "record_id_a",           "source_b", "record_id_b",
    "stratum", "stratum_pairs", "inclusion_probability", "decision"};

constexpr std::size_t kShownErrors = 20;

std::string Trim(std::string_view value) {
  const auto first = value.find_first_not_of(" \t");
  if (first == std::string_view::npos) return "";
  const auto last = value.find_last_not_of(" \t");
  return std::string(value.substr(first, last - first + 1));
}

std::string Lower(std::string value) {
  for (char& c : value) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return value;
}

// The record's person id in the linkage in force (0: not linked), or unset when the store
// has no such record.
struct Found {
  bool exists = false;
  std::int64_t person = 0;
};

}  // namespace

Result<ReviewImportResult> ImportReviewDecisions(store::Store& store, const fs::path& path,
                                                 const std::string& content_sha256) {
  const std::string file = path.string();
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return Status::NotFound(fmt::format("{}: no such file", file));
  if (fs::is_directory(status)) {
    return Status::InvalidArgument(fmt::format("{}: is a directory, not a CSV file", file));
  }
  ReviewImportResult out;
  auto earlier = store.FindReviewImport(content_sha256);
  if (!earlier.ok()) return earlier.status();
  if (earlier->has_value()) {
    out.already_imported = true;
    out.import = **earlier;
    return out;
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("{}: cannot open for reading", file));

  std::string line;
  std::vector<std::string> fields;
  csv_line::SplitError split_error;
  if (!std::getline(in, line)) {
    if (in.bad()) return Status::IoError(fmt::format("{}: read failed", file));
    return Status::InvalidData(
        fmt::format("{}: empty file; expected the header of `zicht review --export`", file));
  }
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  if (line.ends_with('\r')) line.pop_back();
  if (!csv_line::SplitLine(line, fields, split_error)) {
    return Status::InvalidData(
        fmt::format("{}:1:{}: {}", file, split_error.field + 1, split_error.rule));
  }
  const std::vector<std::string> header = fields;
  std::array<std::size_t, kColumns> at{};
  for (std::size_t c = 0; c < kColumns; ++c) {
    at[c] = header.size();
    for (std::size_t h = 0; h < header.size(); ++h) {
      if (Trim(header[h]) != kNames[c]) continue;
      if (at[c] != header.size()) {
        return Status::InvalidData(
            fmt::format("{}:1:{}: named twice in the header", file, kNames[c]));
      }
      at[c] = h;
    }
    if (at[c] == header.size()) {
      return Status::InvalidData(fmt::format(
          "{}:1:{}: missing from the header (import the file `zicht review --export` wrote)", file,
          kNames[c]));
    }
  }
  // A column named in an error: by its name when it is one of ours, else by position (the
  // header's other cells are the file's content).
  const auto column_name = [&](std::size_t field) {
    for (std::size_t c = 0; c < kColumns; ++c) {
      if (at[c] == field) return std::string(kNames[c]);
    }
    return std::to_string(field + 1);
  };

  std::vector<std::string> errors;
  std::int64_t error_count = 0;
  bool only_unknown = true;
  const auto fail = [&](std::int64_t row, const std::string& column, std::string_view why,
                        bool unknown = false) {
    ++error_count;
    if (!unknown) only_unknown = false;
    if (errors.size() < kShownErrors)
      errors.push_back(fmt::format("{}:{}:{}: {}", file, row, column, why));
  };

  std::vector<store::ReviewLabel> labels;
  std::unordered_map<RecordKey, Found, RecordKeyHash> records;
  std::map<std::tuple<std::string, std::string, std::string, std::string>, std::int64_t> first_row;
  std::map<std::pair<std::string, std::string>, std::pair<std::int64_t, std::int64_t>> stratum_size;
  std::int64_t row = 1;
  std::int64_t rows = 0;
  std::int64_t pending_blank = 0;
  const auto lookup = [&](const std::string& source, const std::string& id) -> Result<Found> {
    RecordKey key{source, id};
    const auto cached = records.find(key);
    if (cached != records.end()) return cached->second;
    auto record = store.FindRecord(source, id);
    if (!record.ok()) return record.status();
    Found found;
    if (record->has_value()) found = {true, (*record)->person_id};
    records.emplace(std::move(key), found);
    return found;
  };
  while (std::getline(in, line)) {
    ++row;
    if (line.ends_with('\r')) line.pop_back();
    if (line.empty()) {
      if (pending_blank == 0) pending_blank = row;
      continue;
    }
    if (pending_blank != 0) {
      fail(pending_blank, "1", "empty line inside the file");
      pending_blank = 0;
    }
    ++rows;
    if (!csv_line::SplitLine(line, fields, split_error)) {
      fail(row, column_name(split_error.field), std::string(split_error.rule));
      continue;
    }
    if (fields.size() != header.size()) {
      fail(row, std::to_string(std::min(fields.size(), header.size()) + 1),
           fmt::format("{} fields where the header has {}", fields.size(), header.size()));
      continue;
    }
    store::ReviewLabel label;
    bool valid = true;
    std::array<std::string, kColumns> value;
    for (std::size_t c = 0; c < kColumns; ++c) value[c] = Trim(fields[at[c]]);
    for (std::size_t c : {kSample, kSourceA, kRecordA, kSourceB, kRecordB, kStratum}) {
      if (value[c].empty()) {
        fail(row, std::string(kNames[c]), "empty; the export fills it");
        valid = false;
      }
    }
    const std::string decision = Lower(value[kDecision]);
    if (decision == "") {
      ++out.undecided;
      continue;  // not reviewed yet
    }
    if (decision != kMatch && decision != kNonMatch && decision != kUnsure) {
      fail(row, "decision", "must be match, non-match, unsure or empty");
      valid = false;
    }
    std::int64_t size = 0;
    {
      const std::string& text = value[kStratumPairs];
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), size);
      if (error != std::errc{} || end != text.data() + text.size() || size < 1) {
        fail(row, "stratum_pairs", "must be a whole number of at least 1");
        valid = false;
      }
    }
    double inclusion = 0;
    {
      const std::string& text = value[kInclusion];
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), inclusion);
      if (error != std::errc{} || end != text.data() + text.size() || !(inclusion > 0) ||
          inclusion > 1) {
        fail(row, "inclusion_probability", "must be a number above 0 and at most 1");
        valid = false;
      }
    }
    if (!valid) continue;
    if (value[kSourceA] == value[kSourceB] && value[kRecordA] == value[kRecordB]) {
      fail(row, "record_id_b", "the same record as record_id_a; a pair is two records");
      continue;
    }
    // The label's key in order, whichever way round the row has it.
    label.source_a = value[kSourceA];
    label.record_a = value[kRecordA];
    label.source_b = value[kSourceB];
    label.record_b = value[kRecordB];
    if (std::tie(label.source_b, label.record_b) < std::tie(label.source_a, label.record_a)) {
      std::swap(label.source_a, label.source_b);
      std::swap(label.record_a, label.record_b);
    }
    const auto key =
        std::make_tuple(label.source_a, label.record_a, label.source_b, label.record_b);
    if (const auto [it, inserted] = first_row.emplace(key, row); !inserted) {
      fail(row, "record_id_b",
           fmt::format("the pair is listed twice, first at row {}", it->second));
      continue;
    }
    const auto stratum = std::make_pair(value[kSample], value[kStratum]);
    if (const auto [it, inserted] = stratum_size.emplace(stratum, std::make_pair(size, row));
        !inserted && it->second.first != size) {
      fail(row, "stratum_pairs",
           fmt::format("differs from row {} of the same sample and stratum", it->second.second));
      continue;
    }
    auto a = lookup(value[kSourceA], value[kRecordA]);
    if (!a.ok()) return a.status();
    auto b = lookup(value[kSourceB], value[kRecordB]);
    if (!b.ok()) return b.status();
    if (!a->exists) {
      fail(row, "record_id_a", "no record of source_a with this id in the store (an unknown pair)",
           true);
    }
    if (!b->exists) {
      fail(row, "record_id_b", "no record of source_b with this id in the store (an unknown pair)",
           true);
    }
    if (!a->exists || !b->exists) continue;
    label.decision = decision;
    label.sample = value[kSample];
    label.stratum = value[kStratum];
    label.stratum_pairs = size;
    label.inclusion_probability = inclusion;
    // The linkage in force has not seen this label: its decision is the model's own.
    if (a->person != 0 && b->person != 0) label.model_linked = a->person == b->person;
    if (decision == kMatch) ++out.matches;
    if (decision == kNonMatch) ++out.non_matches;
    if (decision == kUnsure) ++out.unsure;
    labels.push_back(std::move(label));
  }
  if (in.bad()) return Status::IoError(fmt::format("{}: read failed", file));
  if (error_count > 0) {
    std::string message =
        fmt::format("{}: {} row problem(s); nothing was imported:", file, error_count);
    for (const std::string& e : errors) message += "\n  " + e;
    if (error_count > static_cast<std::int64_t>(errors.size())) {
      message += fmt::format("\n  ... and {} more",
                             error_count - static_cast<std::int64_t>(errors.size()));
    }
    return only_unknown ? Status::NotFound(message) : Status::InvalidData(message);
  }
  store::ReviewImport import;
  import.file_name = path.filename().string();
  import.content_sha256 = content_sha256;
  import.rows = rows;
  ZICHT_RETURN_IF_ERROR(store.Begin());
  auto written = store.WriteReviewLabels(import, labels);
  if (!written.ok()) {
    (void)store.Rollback();
    return written.status();
  }
  ZICHT_RETURN_IF_ERROR(store.Commit());
  out.import = *written;
  return out;
}

}  // namespace zicht::link
