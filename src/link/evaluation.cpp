#include "zicht/link/evaluation.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <functional>
#include <string_view>
#include <system_error>
#include <unordered_set>

#include "csv_line.hpp"

namespace zicht::link {

namespace fs = std::filesystem;

std::size_t RecordKeyHash::operator()(const RecordKey& key) const {
  // Boost's hash_combine: cheap and good enough to spread (source, id) pairs over buckets.
  // Not a pseudonym, so a non-cryptographic hash is fine here.
  const std::size_t a = std::hash<std::string>{}(key.source);
  const std::size_t b = std::hash<std::string>{}(key.source_record_id);
  return a ^ (b + 0x9e3779b97f4a7c15ULL + (a << 6) + (a >> 2));
}

namespace {

// The truth file's columns, in the order ReadTruth refers to them.
constexpr std::array<std::string_view, 3> kTruthColumns = {"source", "source_record_id",
                                                           "entity_id"};

bool IsBlank(std::string_view value) {
  return value.find_first_not_of(" \t") == std::string_view::npos;
}

// n choose 2 as a count of pairs.
std::int64_t Pairs(std::int64_t n) {
  return n * (n - 1) / 2;
}

// Precision and recall are 1 when their denominator is empty: nothing claimed, nothing
// wrong. The caller sees from `records` whether anything was evaluated at all.
double Ratio(double part, double whole) {
  return whole > 0 ? part / whole : 1.0;
}

double HarmonicMean(double p, double r) {
  return p + r > 0 ? 2 * p * r / (p + r) : 0.0;
}

// Hashes a key through a pointer, so the duplicate check in Evaluate does not copy keys.
struct KeyPtrHash {
  std::size_t operator()(const RecordKey* key) const { return RecordKeyHash{}(*key); }
};
struct KeyPtrEqual {
  bool operator()(const RecordKey* a, const RecordKey* b) const { return *a == *b; }
};

}  // namespace

Result<TruthMap> ReadTruth(const fs::path& path) {
  const std::string file = path.string();
  std::error_code ec;
  const fs::file_status status = fs::status(path, ec);
  if (!fs::exists(status)) return Status::NotFound(fmt::format("{}: no such file", file));
  if (fs::is_directory(status)) {
    return Status::InvalidArgument(fmt::format("{}: is a directory, not a truth CSV file", file));
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::IoError(fmt::format("{}: cannot open for reading", file));

  std::string line;
  std::vector<std::string> fields;
  csv_line::SplitError split_error;
  std::int64_t row = 0;

  if (!std::getline(in, line)) {
    if (in.bad()) return Status::IoError(fmt::format("{}: read failed", file));
    return Status::InvalidData(fmt::format(
        "{}: empty file; expected a header row naming source, source_record_id, entity_id", file));
  }
  row = 1;
  if (line.starts_with("\xEF\xBB\xBF")) line.erase(0, 3);
  if (line.ends_with('\r')) line.pop_back();
  if (!csv_line::SplitLine(line, fields, split_error)) {
    return Status::InvalidData(
        fmt::format("{}:1: column {}: {}", file, split_error.field + 1, split_error.rule));
  }
  const std::vector<std::string> header = fields;
  std::array<std::size_t, kTruthColumns.size()> index{};
  for (std::size_t c = 0; c < kTruthColumns.size(); ++c) {
    index[c] = header.size();
    for (std::size_t h = 0; h < header.size(); ++h) {
      if (header[h] != kTruthColumns[c]) continue;
      if (index[c] != header.size()) {
        return Status::InvalidData(
            fmt::format("{}:1: column {}: named twice in the header", file, kTruthColumns[c]));
      }
      index[c] = h;
    }
    if (index[c] == header.size()) {
      return Status::InvalidData(
          fmt::format("{}:1: column {}: missing from the header", file, kTruthColumns[c]));
    }
  }

  // Names a column for an error: by header name when it is one of the truth file's own
  // columns, else by 1-based position (another header cell is the file's content, not
  // the layout's name, and is never repeated).
  auto column_name = [&](std::size_t field) {
    const bool named =
        field < header.size() &&
        std::find(kTruthColumns.begin(), kTruthColumns.end(), header[field]) != kTruthColumns.end();
    return named ? header[field] : std::to_string(field + 1);
  };

  TruthMap truth;
  // Where each record was first listed, to name both rows when it comes again.
  std::unordered_map<RecordKey, std::int64_t, RecordKeyHash> first_row;
  // Blank lines at the end of a file are harmless (an editor's trailing newline); one
  // followed by more data is a malformed row, reported once we know which case it is.
  std::int64_t pending_blank_row = 0;
  while (std::getline(in, line)) {
    ++row;
    if (line.ends_with('\r')) line.pop_back();
    if (line.empty()) {
      if (pending_blank_row == 0) pending_blank_row = row;
      continue;
    }
    if (pending_blank_row != 0) {
      return Status::InvalidData(fmt::format("{}:{}: empty line; expected {} fields", file,
                                             pending_blank_row, header.size()));
    }
    if (!csv_line::SplitLine(line, fields, split_error)) {
      return Status::InvalidData(fmt::format("{}:{}: column {}: {}", file, row,
                                             column_name(split_error.field), split_error.rule));
    }
    if (fields.size() != header.size()) {
      return Status::InvalidData(fmt::format("{}:{}: {} fields; the header has {}", file, row,
                                             fields.size(), header.size()));
    }
    for (std::size_t c = 0; c < kTruthColumns.size(); ++c) {
      if (IsBlank(fields[index[c]])) {
        return Status::InvalidData(
            fmt::format("{}:{}: column {}: empty value", file, row, kTruthColumns[c]));
      }
    }
    RecordKey key{std::move(fields[index[0]]), std::move(fields[index[1]])};
    auto [it, inserted] = first_row.try_emplace(key, row);
    if (!inserted) {
      return Status::InvalidData(
          fmt::format("{}:{}: columns source, source_record_id: record listed twice (first on "
                      "row {})",
                      file, row, it->second));
    }
    truth.emplace(std::move(key), std::move(fields[index[2]]));
  }
  if (in.bad()) return Status::IoError(fmt::format("{}: read failed after row {}", file, row));
  return truth;
}

Evaluation Evaluate(const std::vector<LinkedRecord>& linked, const TruthMap& truth) {
  Evaluation out;

  // Dense numbers for clusters and entities, so the contingency table and the margins
  // are vectors and one hash map of cells.
  std::unordered_map<std::int64_t, std::uint32_t> cluster_index;
  std::unordered_map<std::string_view, std::uint32_t> entity_index;
  std::vector<std::int64_t> cluster_size;
  std::vector<std::int64_t> entity_size;
  // Cell key: cluster number in the high half, entity number in the low half. Both are
  // below the number of records, which cannot reach 2^32 in memory.
  std::unordered_map<std::uint64_t, std::int64_t> cell_size;

  std::unordered_set<const RecordKey*, KeyPtrHash, KeyPtrEqual> seen;
  seen.reserve(linked.size());
  for (const LinkedRecord& record : linked) {
    // A record linked twice would count twice and could push B-cubed precision past 1;
    // the first cluster given is the one that counts.
    if (!seen.insert(&record.key).second) continue;
    const auto found = truth.find(record.key);
    if (found == truth.end()) {
      ++out.records_not_in_truth;
      continue;
    }
    ++out.records;
    const auto [c, new_cluster] =
        cluster_index.try_emplace(record.cluster, static_cast<std::uint32_t>(cluster_size.size()));
    if (new_cluster) cluster_size.push_back(0);
    const auto [e, new_entity] = entity_index.try_emplace(
        std::string_view(found->second), static_cast<std::uint32_t>(entity_size.size()));
    if (new_entity) entity_size.push_back(0);
    ++cluster_size[c->second];
    ++entity_size[e->second];
    ++cell_size[(static_cast<std::uint64_t>(c->second) << 32) | e->second];
  }

  PairwiseMeasures& pw = out.pairwise;
  for (std::int64_t n : cluster_size) pw.predicted_pairs += Pairs(n);
  for (std::int64_t n : entity_size) pw.true_pairs += Pairs(n);

  // B-cubed sums, per record, |cluster and entity| / |cluster| (and / |entity|); all
  // records of one cell share those values, hence n * n / size per cell.
  double bcubed_precision_sum = 0;
  double bcubed_recall_sum = 0;
  // An entity is reproduced exactly when it fills one cell that is its whole cluster.
  std::vector<std::int32_t> cells_of_entity(entity_size.size(), 0);
  std::vector<bool> fills_cluster(entity_size.size(), false);
  for (const auto& [cell, n] : cell_size) {
    const auto c = static_cast<std::uint32_t>(cell >> 32);
    const auto e = static_cast<std::uint32_t>(cell & 0xFFFFFFFFu);
    pw.true_positives += Pairs(n);
    const auto nd = static_cast<double>(n);
    bcubed_precision_sum += nd * nd / static_cast<double>(cluster_size[c]);
    bcubed_recall_sum += nd * nd / static_cast<double>(entity_size[e]);
    ++cells_of_entity[e];
    if (n == cluster_size[c]) fills_cluster[e] = true;
  }
  pw.precision =
      Ratio(static_cast<double>(pw.true_positives), static_cast<double>(pw.predicted_pairs));
  pw.recall = Ratio(static_cast<double>(pw.true_positives), static_cast<double>(pw.true_pairs));
  pw.f1 = HarmonicMean(pw.precision, pw.recall);

  ClusterMeasures& cm = out.clusters;
  cm.clusters = static_cast<std::int64_t>(cluster_size.size());
  cm.entities = static_cast<std::int64_t>(entity_size.size());
  const auto records = static_cast<double>(out.records);
  cm.bcubed_precision = Ratio(bcubed_precision_sum, records);
  cm.bcubed_recall = Ratio(bcubed_recall_sum, records);
  cm.bcubed_f1 = HarmonicMean(cm.bcubed_precision, cm.bcubed_recall);
  std::int64_t exact = 0;
  for (std::size_t e = 0; e < entity_size.size(); ++e) {
    if (cells_of_entity[e] == 1 && fills_cluster[e]) ++exact;
  }
  cm.exact_share = Ratio(static_cast<double>(exact), static_cast<double>(cm.entities));
  return out;
}

}  // namespace zicht::link
