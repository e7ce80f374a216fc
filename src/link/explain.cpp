#include "zicht/link/explain.hpp"

#include <fmt/format.h>
#include <fmt/ranges.h>

#include <algorithm>
#include <string>
#include <unordered_map>
#include <utility>
#include <vector>

#include "zicht/link/comparison.hpp"
#include "zicht/link/fellegi_sunter.hpp"
#include "zicht/link/link.hpp"
#include "zicht/link/link_records.hpp"

namespace zicht::link {

namespace {

struct RecordRef {
  std::string source;
  std::string id;
};

Result<RecordRef> ParseRef(const std::string& text) {
  const auto colon = text.find(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) {
    return Status::InvalidArgument(
        "a record is named SOURCE:RECORD_ID, the source as given to `zicht ingest --source`");
  }
  return RecordRef{text.substr(0, colon), text.substr(colon + 1)};
}

// Why the rule of deduplicated sources keeps records a and b apart, or "" when it does not.
std::string DeduplicatedRule(const LinkRecords& records, const LinkConfig& config, std::uint32_t a,
                             std::uint32_t b) {
  if (config.deduplicated_sources.empty()) return "";
  const std::int64_t person_a = records.person_id[a];
  const std::int64_t person_b = records.person_id[b];
  if (person_a != 0 && person_a == person_b) return "";
  const std::vector<std::uint64_t> bits = DeduplicatedSourceBits(records, config);
  if (bits[a] != 0 && bits[a] == bits[b]) {
    return fmt::format(
        "records of {} are never linked to each other: it holds each person at most once",
        records.source[a]);
  }
  // The deduplicated sources each side's person holds a record of.
  std::uint64_t held_a = bits[a];
  std::uint64_t held_b = bits[b];
  for (std::size_t i = 0; i < records.size; ++i) {
    if (person_a != 0 && records.person_id[i] == person_a) held_a |= bits[i];
    if (person_b != 0 && records.person_id[i] == person_b) held_b |= bits[i];
  }
  const std::uint64_t common = held_a & held_b;
  if (common == 0) return "";
  std::vector<std::string> names;
  for (std::size_t k = 0; k < config.deduplicated_sources.size() && k < 64; ++k) {
    if (common & (std::uint64_t{1} << k)) names.push_back(config.deduplicated_sources[k]);
  }
  return fmt::format(
      "both persons hold a record of {}, which holds each person at most once: a stronger link "
      "took that place",
      fmt::join(names, ", "));
}

}  // namespace

namespace {

// What explaining needs, loaded once per store: the model, the records with their term
// frequencies, and the stored scores.
struct Loaded {
  FsModel fs;
  LinkConfig config;
  LinkRecords records;
  std::vector<store::ScoredPair> pairs;
};

Result<Loaded> Load(store::Store& store) {
  auto model = StoredModel(store);
  if (!model.ok()) return model.status();
  // Term frequencies are over all records, as when linking.
  auto records = LoadLinkRecords(store);
  if (!records.ok()) return records.status();
  auto pairs = store.ScoredPairs();
  if (!pairs.ok()) return pairs.status();
  return Loaded{std::move(model->first), std::move(model->second), std::move(*records),
                std::move(*pairs)};
}

Explanation Explain(const Loaded& loaded, const Comparator& comparator, const TermFrequencies& tf,
                    std::uint32_t a, std::uint32_t b) {
  const FsModel& fs = loaded.fs;
  const LinkRecords& records = loaded.records;
  std::vector<ScoreTerm> terms;
  const Gamma gamma = comparator.Compare(a, b);
  Explanation out;
  out.total = Scorer(fs, comparator, tf).Score(a, gamma, &terms);
  out.prior_weight = fs.PriorWeight();
  out.probability = MatchProbability(out.total);
  out.threshold = loaded.config.threshold;
  out.person_a = records.person_id[a];
  out.person_b = records.person_id[b];
  for (const ScoreTerm& term : terms) {
    const ComparisonParameters& p = fs.comparisons[term.comparison];
    const auto level = static_cast<std::size_t>(term.level);
    out.steps.push_back({p.name, p.levels[level], level == 0 ? 0 : p.m[level],
                         level == 0 ? 0 : p.u[level], term.weight, term.tf_adjustment});
  }
  out.deduplicated_rule = DeduplicatedRule(records, loaded.config, a, b);
  if (!loaded.config.deduplicated_sources.empty()) {
    const std::vector<std::uint64_t> bits = DeduplicatedSourceBits(records, loaded.config);
    out.across_deduplicated = bits[a] != 0 && bits[b] != 0 && bits[a] != bits[b];
  }
  const std::int64_t id_a = std::min(records.record_id[a], records.record_id[b]);
  const std::int64_t id_b = std::max(records.record_id[a], records.record_id[b]);
  const auto found = std::lower_bound(
      loaded.pairs.begin(), loaded.pairs.end(), std::make_pair(id_a, id_b),
      [](const store::ScoredPair& p, const std::pair<std::int64_t, std::int64_t>& key) {
        return std::make_pair(p.record_a, p.record_b) < key;
      });
  if (found != loaded.pairs.end() && found->record_a == id_a && found->record_b == id_b) {
    out.stored_weight = found->weight;
  }
  return out;
}

}  // namespace

Result<Explanation> ExplainPair(store::Store& store, const std::string& first,
                                const std::string& second) {
  auto ref_a = ParseRef(first);
  if (!ref_a.ok()) return ref_a.status();
  auto ref_b = ParseRef(second);
  if (!ref_b.ok()) return ref_b.status();
  auto loaded = Load(store);
  if (!loaded.ok()) return loaded.status();
  const LinkRecords& records = loaded->records;
  std::optional<std::uint32_t> a;
  std::optional<std::uint32_t> b;
  for (std::uint32_t i = 0; i < records.size; ++i) {
    if (records.source[i] == ref_a->source && records.source_record_id[i] == ref_a->id) a = i;
    if (records.source[i] == ref_b->source && records.source_record_id[i] == ref_b->id) b = i;
  }
  if (first == second) {
    return Status::InvalidArgument("--explain needs two different records");
  }
  if (!a) return Status::NotFound(fmt::format("no record {} in the store", first));
  if (!b) return Status::NotFound(fmt::format("no record {} in the store", second));
  const Comparator comparator(records, loaded->config);
  const TermFrequencies tf = CountTermFrequencies(comparator);
  return Explain(*loaded, comparator, tf, *a, *b);
}

Result<std::vector<Explanation>> ExplainRecordPairs(
    store::Store& store, const std::vector<std::pair<std::int64_t, std::int64_t>>& pairs) {
  auto loaded = Load(store);
  if (!loaded.ok()) return loaded.status();
  const LinkRecords& records = loaded->records;
  std::unordered_map<std::int64_t, std::uint32_t> index;
  index.reserve(records.size);
  for (std::uint32_t i = 0; i < records.size; ++i) index.emplace(records.record_id[i], i);
  const Comparator comparator(records, loaded->config);
  const TermFrequencies tf = CountTermFrequencies(comparator);
  std::vector<Explanation> out;
  out.reserve(pairs.size());
  for (const auto& [first, second] : pairs) {
    const auto a = index.find(first);
    const auto b = index.find(second);
    if (a == index.end() || b == index.end()) {
      return Status::NotFound(
          fmt::format("record {} is not in the store", a == index.end() ? first : second));
    }
    if (first == second) return Status::InvalidArgument("a pair needs two different records");
    out.push_back(Explain(*loaded, comparator, tf, a->second, b->second));
  }
  return out;
}

}  // namespace zicht::link
