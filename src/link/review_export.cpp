// The review's sample out to a CSV: record ids, the score and its waterfall, the design.
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <map>
#include <system_error>
#include <tuple>
#include <unordered_map>

#include "csv_line.hpp"
#include "zicht/link/link.hpp"
#include "zicht/link/review.hpp"

namespace zicht::link {

namespace {

// FNV-1a over bytes: a sample id that is the same on every platform for the same input.
struct Fnv {
  std::uint64_t h = 0xcbf29ce484222325ULL;
  void Add(std::string_view bytes) {
    for (unsigned char c : bytes) {
      h ^= c;
      h *= 0x100000001b3ULL;
    }
    h ^= 0xff;  // a separator, so that ("ab", "c") and ("a", "bc") differ
    h *= 0x100000001b3ULL;
  }
};

const char* YesNo(bool value) {
  return value ? "yes" : "no";
}

}  // namespace

Result<ReviewExportResult> ExportReviewSample(store::Store& store,
                                              const std::filesystem::path& path,
                                              const ReviewExportOptions& options) {
  if (options.count < 1) return Status::InvalidArgument("--count must be at least 1");
  auto model = StoredModel(store);
  if (!model.ok()) return model.status();
  const auto& [fs, config] = *model;
  auto records = LoadLinkRecords(store);
  if (!records.ok()) return records.status();
  auto pairs = store.ScoredPairs();
  if (!pairs.ok()) return pairs.status();

  std::unordered_map<std::int64_t, std::uint32_t> index;
  for (std::uint32_t i = 0; i < records->size; ++i) index.emplace(records->record_id[i], i);
  struct Pair {
    std::uint32_t a = 0;
    std::uint32_t b = 0;
    double weight = 0;
    double probability = 0;
  };
  std::vector<Pair> scored;
  std::vector<SamplingUnit> units;
  Fnv id;
  id.Add(fmt::format("{} {}", options.seed, options.count));
  for (const store::ScoredPair& p : *pairs) {
    const auto a = index.find(p.record_a);
    const auto b = index.find(p.record_b);
    if (a == index.end() || b == index.end()) continue;
    Pair pair{a->second, b->second, p.weight, p.probability};
    // The label's order: by source, then the source's own id.
    if (std::tie(records->source[pair.b], records->source_record_id[pair.b]) <
        std::tie(records->source[pair.a], records->source_record_id[pair.a])) {
      std::swap(pair.a, pair.b);
    }
    const std::int64_t person_a = records->person_id[pair.a];
    units.push_back(
        {p.weight, p.probability, person_a != 0 && person_a == records->person_id[pair.b]});
    for (std::uint32_t r : {pair.a, pair.b}) {
      id.Add(records->source[r]);
      id.Add(records->source_record_id[r]);
    }
    id.Add(fmt::format("{:.6f}", p.weight));
    scored.push_back(pair);
  }
  const double threshold_weight = std::log2(config.threshold / (1 - config.threshold));
  const std::vector<SampledUnit> sample =
      DrawReviewSample(units, threshold_weight, options.count, options.seed);

  ReviewExportResult out;
  out.scored_pairs = static_cast<std::int64_t>(scored.size());
  out.exported = static_cast<std::int64_t>(sample.size());
  out.sample = fmt::format("{:016x}", id.h);
  for (const SampledUnit& s : sample) {
    if (out.strata.empty() || out.strata.back().stratum != s.stratum) {
      out.strata.push_back({s.stratum, 0, s.stratum_pairs});
    }
    ++out.strata.back().sampled;
  }

  const Comparator comparator(*records, config);
  const TermFrequencies tf = CountTermFrequencies(comparator);
  Scorer scorer(fs, comparator, tf);
  const std::filesystem::path temporary = path.string() + ".partial";
  {
    std::ofstream file(temporary, std::ios::binary | std::ios::trunc);
    if (!file) return Status::IoError(fmt::format("{}: cannot open for writing", path.string()));
    std::string header =
        "pair_id,sample,source_a,record_id_a,source_b,record_id_b,probability,weight,"
        "above_threshold,same_person,stratum,stratum_pairs,inclusion_probability";
    for (const ComparisonParameters& c : fs.comparisons) {
      header += fmt::format(",{0}_level,{0}_weight", c.name);
    }
    file << header << ",decision\n";
    std::int64_t number = 0;
    std::vector<ScoreTerm> terms;
    for (const SampledUnit& s : sample) {
      const Pair& p = scored[s.unit];
      terms.clear();
      scorer.Score(p.a, comparator.Compare(p.a, p.b), &terms);
      std::string line = fmt::format(
          "{},{},{},{},{},{},{:.6g},{:.3f},{},{},{},{},{:.6g}", ++number, out.sample,
          csv_line::Field(records->source[p.a]), csv_line::Field(records->source_record_id[p.a]),
          csv_line::Field(records->source[p.b]), csv_line::Field(records->source_record_id[p.b]),
          p.probability, p.weight, YesNo(p.probability >= config.threshold),
          YesNo(units[s.unit].linked), s.stratum, s.stratum_pairs, s.inclusion_probability);
      std::vector<std::pair<std::string, double>> steps(fs.comparisons.size(), {"missing", 0.0});
      for (const ScoreTerm& term : terms) {
        const ComparisonParameters& c = fs.comparisons[term.comparison];
        steps[term.comparison] = {c.levels[static_cast<std::size_t>(term.level)],
                                  term.weight + term.tf_adjustment};
      }
      for (const auto& [level, weight] : steps) {
        line += fmt::format(",{},{:.3f}", csv_line::Field(level), weight);
      }
      file << line << ",\n";
    }
    file.flush();
    if (!file) return Status::IoError(fmt::format("{}: write failed", path.string()));
  }
  // Record ids lead back to persons in the sources' own systems: readable by the owner only.
  std::error_code error;
  std::filesystem::permissions(
      temporary, std::filesystem::perms::owner_read | std::filesystem::perms::owner_write,
      std::filesystem::perm_options::replace, error);
  std::filesystem::rename(temporary, path, error);
  if (error) {
    std::filesystem::remove(temporary, error);
    return Status::IoError(fmt::format("{}: cannot write the file", path.string()));
  }
  return out;
}

}  // namespace zicht::link
