#include "zicht/link/fellegi_sunter.hpp"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <random>

#include "link/mix.hpp"

namespace zicht::link {

namespace {

constexpr double kMinProbability = 1e-9;
// No level's m falls below this: a single disagreement (a nationality recorded differently
// by two sources) must not veto a match on its own.
constexpr double kMinM = 1e-3;

// Exact agreement's u: the probability that two distinct random records share the value,
// over the records that have one.
double ExactAgreementU(const Comparator& comparator, std::size_t c) {
  std::unordered_map<std::uint64_t, std::int64_t> counts;
  std::int64_t present = 0;
  for (std::uint32_t i = 0; i < comparator.records().size; ++i) {
    const std::uint64_t value = comparator.ExactValue(c, i);
    if (value == 0) continue;
    ++counts[value];
    ++present;
  }
  if (present < 2) return 0;  // no two records can agree
  double same = 0;
  for (const auto& [value, n] : counts) same += static_cast<double>(n) * static_cast<double>(n - 1);
  return same / (static_cast<double>(present) * static_cast<double>(present - 1));
}

}  // namespace

double FsModel::PriorWeight() const {
  const double p = std::clamp(prior, 1e-15, 1 - 1e-12);
  return std::log2(p / (1 - p));
}

double FsModel::LevelWeight(std::size_t comparison, int level) const {
  if (level <= 0) return 0;
  const ComparisonParameters& c = comparisons[comparison];
  const auto l = static_cast<std::size_t>(level);
  return std::log2(std::max(c.m[l], kMinProbability) / std::max(c.u[l], kMinProbability));
}

namespace {

bool IsDependentCategory(ComparisonKind kind) {
  return kind == ComparisonKind::kGender || kind == ComparisonKind::kNationality ||
         kind == ComparisonKind::kSector || kind == ComparisonKind::kExploitationForm ||
         kind == ComparisonKind::kDomestic;
}

bool IsNameKind(ComparisonKind kind) {
  return kind == ComparisonKind::kGivenName || kind == ComparisonKind::kFamilyName;
}

}  // namespace

std::ptrdiff_t FsModel::DependenceIndex(Gamma gamma) const {
  if (dependent.empty()) return -1;
  std::ptrdiff_t index = 0;
  for (std::size_t c : dependent) {
    index = index * static_cast<std::ptrdiff_t>(comparisons[c].levels.size()) + LevelOf(gamma, c);
  }
  // A name agrees exactly or by Dice: the levels before "swapped" and "different".
  bool name_agrees = false;
  for (std::size_t c = 0; c < comparisons.size(); ++c) {
    if (!comparisons[c].name_like) continue;
    const int level = LevelOf(gamma, c);
    name_agrees =
        name_agrees || (level > 0 && level + 2 < static_cast<int>(comparisons[c].levels.size()));
  }
  return name_agrees ? index + static_cast<std::ptrdiff_t>(dependence.size() / 2) : index;
}

double TermFrequencies::Of(std::size_t comparison, std::uint64_t value) const {
  if (comparison >= frequency.size()) return 0;
  const auto& table = frequency[comparison];
  const auto it = table.find(value);
  return it == table.end() ? 0 : it->second;
}

std::uint64_t TermFrequencies::FullNameKey(std::uint64_t given, std::uint64_t family) {
  return Mix(given * 0x9e3779b97f4a7c15ULL ^ family);
}

namespace {

// The birth of record i as one value (the date, else the year; 0 when neither).
std::uint64_t BirthOf(const LinkRecords& r, std::uint32_t i) {
  return r.date_of_birth[i] != 0 ? r.date_of_birth[i] : static_cast<std::uint64_t>(r.birth_year[i]);
}

// Shares of values counted over distinct (value, companion) combinations rather than
// records: a person's own duplicate records would otherwise make their name or date look
// common, the more so the more often a register holds the same person. Returns the shares
// and their sum of squares (the chance that two such combinations agree on the value).
double DistinctShares(const std::vector<std::pair<std::uint64_t, std::uint64_t>>& entries,
                      std::unordered_map<std::uint64_t, double>& shares,
                      double* combinations = nullptr) {
  std::unordered_map<std::uint64_t, std::unordered_map<std::uint64_t, char>> companions;
  for (const auto& [value, companion] : entries) {
    if (value != 0) companions[value][companion] = 1;
  }
  // An unknown companion (0) is no evidence of another person beside known ones.
  for (auto& [value, distinct] : companions) {
    if (distinct.size() > 1) distinct.erase(0);
  }
  double total = 0;
  for (const auto& [value, distinct] : companions) total += static_cast<double>(distinct.size());
  if (combinations != nullptr) *combinations = total;
  double agree = 0;
  for (const auto& [value, distinct] : companions) {
    const double share = static_cast<double>(distinct.size()) / total;
    shares[value] = share;
    agree += share * share;
  }
  return agree;
}

}  // namespace

TermFrequencies CountTermFrequencies(const Comparator& comparator) {
  const LinkRecords& r = comparator.records();
  const auto n = static_cast<std::uint32_t>(r.size);
  TermFrequencies tf;
  const std::size_t k = comparator.comparisons().size();
  tf.frequency.resize(k);
  tf.agreement.assign(k, 0.0);
  for (std::size_t c = 0; c < k; ++c) {
    const ComparisonLevels& levels = comparator.comparisons()[c];
    if (!levels.term_frequency) continue;
    const ComparisonKind kind = levels.spec.kind;
    if (kind == ComparisonKind::kGivenName) tf.given_comparison = static_cast<int>(c);
    if (kind == ComparisonKind::kFamilyName) tf.family_comparison = static_cast<int>(c);
    // A name's companion is the birth, a date's the family (else given) name.
    std::vector<std::pair<std::uint64_t, std::uint64_t>> entries;
    entries.reserve(n);
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint64_t companion =
          kind == ComparisonKind::kDateOfBirth
              ? (r.family_key[i] != 0 ? r.family_key[i] : r.given_key[i])
              : BirthOf(r, i);
      entries.emplace_back(comparator.ExactValue(c, i), companion);
    }
    tf.agreement[c] = DistinctShares(entries, tf.frequency[c]);
  }
  if (tf.given_comparison >= 0 && tf.family_comparison >= 0) {
    std::vector<std::pair<std::uint64_t, std::uint64_t>> entries;
    for (std::uint32_t i = 0; i < n; ++i) {
      const std::uint64_t g =
          comparator.ExactValue(static_cast<std::size_t>(tf.given_comparison), i);
      const std::uint64_t f =
          comparator.ExactValue(static_cast<std::size_t>(tf.family_comparison), i);
      if (g != 0 && f != 0) entries.emplace_back(TermFrequencies::FullNameKey(g, f), BirthOf(r, i));
    }
    DistinctShares(entries, tf.full_name, &tf.full_name_combinations);
  }
  return tf;
}

namespace {

// log2(product of u / joint u) for every pattern of the dependent categories, per class,
// at most 0. The joint u of a pattern is its share among the sampled pairs of the same
// class with the same comparisons missing, shrunk towards the product of u by
// kPseudoPairs pairs, so that a pattern seen a few times only keeps about the product.
void DependenceFromCounts(const std::vector<double>& joint, FsModel& model) {
  constexpr double kPseudoPairs = 50;
  const std::size_t patterns = joint.size() / 2;
  model.dependence.assign(joint.size(), 0.0);
  const std::size_t k = model.dependent.size();
  std::vector<int> radix(k);
  for (std::size_t j = 0; j < k; ++j) {
    radix[j] = static_cast<int>(model.comparisons[model.dependent[j]].levels.size());
  }
  auto levels_of = [&](std::size_t pattern) {
    std::vector<int> levels(k);
    for (std::size_t j = k; j-- > 0;) {
      levels[j] = static_cast<int>(pattern % static_cast<std::size_t>(radix[j]));
      pattern /= static_cast<std::size_t>(radix[j]);
    }
    return levels;
  };
  auto mask_of = [&](const std::vector<int>& levels) {
    std::size_t mask = 0;
    for (std::size_t j = 0; j < k; ++j) mask |= (levels[j] != 0 ? std::size_t{1} : 0) << j;
    return mask;
  };
  for (std::size_t cls = 0; cls < 2; ++cls) {
    std::vector<double> per_mask(std::size_t{1} << k, 0.0);
    for (std::size_t pattern = 0; pattern < patterns; ++pattern) {
      per_mask[mask_of(levels_of(pattern))] += joint[cls * patterns + pattern];
    }
    for (std::size_t pattern = 0; pattern < patterns; ++pattern) {
      const std::vector<int> levels = levels_of(pattern);
      double product = 1;
      for (std::size_t j = 0; j < k; ++j) {
        if (levels[j] == 0) continue;
        product *= model.comparisons[model.dependent[j]].u[static_cast<std::size_t>(levels[j])];
      }
      if (model.comparisons[model.dependent[0]].u.empty() || product >= 1) continue;
      const double observed = joint[cls * patterns + pattern];
      const double u =
          (observed + kPseudoPairs * product) / (per_mask[mask_of(levels)] + kPseudoPairs);
      // Only ever less evidence: a pattern rarer than the product (never seen among the
      // sampled pairs, say) is not taken for evidence of a match.
      model.dependence[cls * patterns + pattern] = std::min(0.0, std::log2(product / u));
    }
  }
}

}  // namespace

FsModel EstimateU(const Comparator& comparator, std::int64_t sample_pairs, std::uint64_t seed) {
  const auto& specs = comparator.comparisons();
  const std::uint32_t n = static_cast<std::uint32_t>(comparator.records().size);
  FsModel model;
  model.total_pairs = 0.5 * static_cast<double>(n) * (static_cast<double>(n) - 1);
  std::vector<std::vector<double>> counts(specs.size());
  for (std::size_t c = 0; c < specs.size(); ++c) counts[c].assign(specs[c].labels.size(), 0.0);

  // The dependent categories and the names that split their joint patterns in two.
  for (std::size_t c = 0; c < specs.size(); ++c) {
    if (IsDependentCategory(specs[c].spec.kind)) model.dependent.push_back(c);
  }
  std::size_t patterns = 1;
  for (std::size_t c : model.dependent) patterns *= specs[c].labels.size();
  if (model.dependent.size() < 2) {
    model.dependent.clear();
    patterns = 0;
  }
  // The model's comparisons exist only after the sampling; a skeleton for the index.
  FsModel shape;
  shape.dependent = model.dependent;
  shape.dependence.assign(2 * patterns, 0.0);
  for (std::size_t c = 0; c < specs.size(); ++c) {
    ComparisonParameters p;
    p.levels = specs[c].labels;
    p.name_like = IsNameKind(specs[c].spec.kind);
    shape.comparisons.push_back(std::move(p));
  }
  // counts[c][level] per comparison, then the joint pattern counts as one more row.
  counts.push_back(std::vector<double>(2 * patterns, 0.0));
  // Random pairs in chunks of their own seed, counted on oneTBB's threads: the sums do not
  // depend on how the chunks are scheduled, so the result is reproducible from the seed.
  using Counts = std::vector<std::vector<double>>;
  tbb::combinable<Counts> local([&] { return counts; });  // all zero here
  auto tally = [&](Counts& into, std::uint32_t a, std::uint32_t b) {
    const Gamma gamma = comparator.Compare(a, b);
    for (std::size_t c = 0; c < specs.size(); ++c) into[c][LevelOf(gamma, c)] += 1;
    if (patterns > 0) into.back()[static_cast<std::size_t>(shape.DependenceIndex(gamma))] += 1;
  };
  if (n >= 2 && model.total_pairs <= static_cast<double>(sample_pairs)) {
    tbb::parallel_for(tbb::blocked_range<std::uint32_t>(0, n, 64),
                      [&](const tbb::blocked_range<std::uint32_t>& range) {
                        Counts& into = local.local();
                        for (std::uint32_t a = range.begin(); a < range.end(); ++a) {
                          for (std::uint32_t b = a + 1; b < n; ++b) tally(into, a, b);
                        }
                      });
    model.u_sampled_pairs = static_cast<std::int64_t>(model.total_pairs);
  } else if (n >= 2) {
    constexpr std::int64_t kChunk = 1 << 16;
    const std::int64_t chunks = (sample_pairs + kChunk - 1) / kChunk;
    tbb::parallel_for(std::int64_t{0}, chunks, [&](std::int64_t chunk) {
      Counts& into = local.local();
      std::mt19937_64 random(seed + static_cast<std::uint64_t>(chunk) * 0x9e3779b97f4a7c15ULL);
      std::uniform_int_distribution<std::uint32_t> pick(0, n - 1);
      const std::int64_t end = std::min(sample_pairs, (chunk + 1) * kChunk);
      for (std::int64_t s = chunk * kChunk; s < end; ++s) {
        const std::uint32_t a = pick(random);
        std::uint32_t b = pick(random);
        while (b == a) b = pick(random);
        tally(into, a, b);
      }
    });
    model.u_sampled_pairs = sample_pairs;
  }
  local.combine_each([&](const Counts& part) {
    for (std::size_t c = 0; c < counts.size(); ++c) {
      for (std::size_t l = 0; l < counts[c].size(); ++l) counts[c][l] += part[c][l];
    }
  });

  for (std::size_t c = 0; c < specs.size(); ++c) {
    ComparisonParameters p;
    p.name = specs[c].spec.name;
    p.levels = specs[c].labels;
    p.exact_level = specs[c].exact_level;
    p.term_frequency = specs[c].term_frequency;
    const std::size_t levels = p.levels.size();
    p.u.assign(levels, 0.0);
    p.m.assign(levels, 0.0);
    const double exact_u = p.exact_level > 0 ? ExactAgreementU(comparator, c) : 0;
    double seen = 0;
    for (std::size_t l = 1; l < levels; ++l) seen += counts[c][l];
    p.no_data = seen == 0 && exact_u == 0;
    // Exact agreement among all pairs of records with the value is certain: one value.
    p.constant = !p.no_data && p.exact_level > 0 && exact_u >= 1.0 - 1e-12;
    // Without an exact level (registration dates, a range of days), every random pair at
    // one level says the same: a registration date a mapping's [constants] sets for all.
    if (!p.no_data && p.exact_level <= 0) {
      const double most = *std::max_element(counts[c].begin() + 1, counts[c].end());
      p.constant = seen > 0 && most == seen;
    }
    double other = 0;
    for (std::size_t l = 1; l < levels; ++l) {
      if (static_cast<int>(l) == p.exact_level) continue;
      counts[c][l] += 0.5;
      other += counts[c][l];
    }
    const double rest = p.exact_level > 0 ? 1 - exact_u : 1;
    for (std::size_t l = 1; l < levels; ++l) {
      p.u[l] = static_cast<int>(l) == p.exact_level ? exact_u : rest * counts[c][l] / other;
      p.u[l] = std::max(p.u[l], kMinProbability);
    }
    // m starts high on the best levels and falls off by a factor of four per level.
    double total = 0;
    for (std::size_t l = 1; l < levels; ++l) {
      p.m[l] = std::pow(0.25, static_cast<double>(l - 1));
      total += p.m[l];
    }
    for (std::size_t l = 1; l < levels; ++l) p.m[l] /= total;
    if (p.no_data || p.constant) p.m = p.u;
    p.name_like = IsNameKind(specs[c].spec.kind);
    model.comparisons.push_back(std::move(p));
  }
  if (patterns > 0) DependenceFromCounts(counts.back(), model);
  return model;
}

double FitM(const std::vector<PatternCount>& patterns, const std::vector<bool>& estimate,
            int max_iterations, double tolerance, FsModel& model) {
  const std::size_t k = model.comparisons.size();
  double share = 0.1;
  model.em_iterations = 0;
  model.em_converged = false;
  std::vector<std::vector<double>> m_sum(k);
  std::vector<double> m_total(k);
  auto used = [&](std::size_t c, int level) {
    return level != 0 && c < estimate.size() && estimate[c];
  };
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    for (std::size_t c = 0; c < k; ++c) m_sum[c].assign(model.comparisons[c].m.size(), 0.0);
    std::fill(m_total.begin(), m_total.end(), 0.0);
    double matches = 0;
    double all = 0;
    // E step: each pattern's probability of being a match; M step sums, in one pass.
    for (const PatternCount& pattern : patterns) {
      double log_m = std::log(share);
      double log_u = std::log(1 - share);
      for (std::size_t c = 0; c < k; ++c) {
        const int level = LevelOf(pattern.gamma, c);
        if (!used(c, level)) continue;
        log_m += std::log(
            std::max(model.comparisons[c].m[static_cast<std::size_t>(level)], kMinProbability));
        log_u += std::log(model.comparisons[c].u[static_cast<std::size_t>(level)]);
      }
      const double posterior = 1 / (1 + std::exp(log_u - log_m));
      const double weight = posterior * static_cast<double>(pattern.count);
      matches += weight;
      all += static_cast<double>(pattern.count);
      for (std::size_t c = 0; c < k; ++c) {
        const int level = LevelOf(pattern.gamma, c);
        if (!used(c, level)) continue;
        m_sum[c][static_cast<std::size_t>(level)] += weight;
        m_total[c] += weight;
      }
    }
    if (all == 0) break;
    double change = std::abs(matches / all - share);
    share = std::clamp(matches / all, 1e-12, 1 - 1e-12);
    for (std::size_t c = 0; c < k; ++c) {
      auto& m = model.comparisons[c].m;
      if (m_total[c] <= 0) continue;
      for (std::size_t l = 1; l < m.size(); ++l) {
        const double updated = std::max(m_sum[c][l] / m_total[c], kMinM);
        change = std::max(change, std::abs(updated - m[l]));
        m[l] = updated;
      }
    }
    model.em_iterations = iteration + 1;
    if (change < tolerance) {
      model.em_converged = true;
      break;
    }
  }
  return share;
}

Scorer::Scorer(const FsModel& model, const Comparator& comparator, const TermFrequencies& tf)
    : model_(model), comparator_(comparator), tf_(tf), prior_weight_(model.PriorWeight()) {
  if (!model.dependent.empty() && !model.dependence.empty()) {
    dependence_last_ = static_cast<int>(model.dependent.back());
    for (std::size_t c : model.dependent) {
      dependent_radix_.emplace_back(
          c, static_cast<std::ptrdiff_t>(model.comparisons[c].levels.size()));
    }
    for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
      if (model.comparisons[c].name_like) {
        name_agrees_up_to_.emplace_back(c,
                                        static_cast<int>(model.comparisons[c].levels.size()) - 3);
      }
    }
    name_class_offset_ = static_cast<std::ptrdiff_t>(model.dependence.size() / 2);
  }
  const std::size_t k = model.comparisons.size();
  weights_.resize(k);
  exact_level_.assign(k, -1);
  adjustment_.resize(k);
  for (std::size_t c = 0; c < k; ++c) {
    const ComparisonParameters& p = model.comparisons[c];
    weights_[c].assign(p.levels.size(), 0.0);
    for (std::size_t l = 1; l < p.levels.size(); ++l) {
      weights_[c][l] = model.LevelWeight(c, static_cast<int>(l));
    }
    if (!p.term_frequency || p.exact_level <= 0 || c >= tf.frequency.size()) continue;
    exact_level_[c] = p.exact_level;
    for (const auto& [value, frequency] : tf.frequency[c]) {
      if (frequency > 0 && tf.agreement[c] > 0) {
        adjustment_[c][value] = std::log2(tf.agreement[c] / frequency);
      }
    }
  }
  given_ = tf.given_comparison;
  family_ = tf.family_comparison;
  if (given_ >= 0 && family_ >= 0 && static_cast<std::size_t>(std::max(given_, family_)) < k) {
    // Only combinations seen with two or more births: a single one's share is 1 / total,
    // an upper bound rather than an estimate for a rare name.
    const double single = 1.5 / tf.full_name_combinations;
    for (const auto& [value, frequency] : tf.full_name) {
      if (frequency > single) full_name_share_[value] = frequency;
    }
  } else {
    given_ = family_ = -1;
  }
}

// As FsModel::DependenceIndex, without looking for the names on every pair.
std::ptrdiff_t Scorer::DependenceIndex(Gamma gamma) const {
  std::ptrdiff_t index = 0;
  for (const auto& [c, radix] : dependent_radix_) index = index * radix + LevelOf(gamma, c);
  for (const auto& [c, last] : name_agrees_up_to_) {
    const int level = LevelOf(gamma, c);
    if (level > 0 && level <= last) return index + name_class_offset_;
  }
  return index;
}

double Scorer::Adjustment(std::size_t c, std::uint64_t value) const {
  const auto& table = adjustment_[c];
  const auto it = table.find(value);
  return it == table.end() ? 0 : it->second;
}

double Scorer::FullNameCorrection(std::uint32_t a) const {
  // Given and family name together more common than their shares multiplied (a name pool
  // per country): agreeing on both says that much less.
  const std::uint64_t g = comparator_.ExactValue(static_cast<std::size_t>(given_), a);
  const std::uint64_t f = comparator_.ExactValue(static_cast<std::size_t>(family_), a);
  const auto it = full_name_share_.find(TermFrequencies::FullNameKey(g, f));
  const double independent =
      tf_.Of(static_cast<std::size_t>(given_), g) * tf_.Of(static_cast<std::size_t>(family_), f);
  if (it != full_name_share_.end() && independent > 0 && it->second > independent) {
    return std::log2(independent / it->second);
  }
  return 0;
}

void Scorer::PrecomputePerRecord() {
  const std::size_t n = comparator_.records().size;
  record_adjustment_.assign(weights_.size(), {});
  for (std::size_t c = 0; c < weights_.size(); ++c) {
    if (exact_level_[c] <= 0) continue;
    auto& out = record_adjustment_[c];
    out.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      out[i] = Adjustment(c, comparator_.ExactValue(c, static_cast<std::uint32_t>(i)));
    }
  }
  if (given_ >= 0) {
    record_full_name_.resize(n);
    for (std::size_t i = 0; i < n; ++i) {
      record_full_name_[i] = FullNameCorrection(static_cast<std::uint32_t>(i));
    }
  }
}

double Scorer::Score(std::uint32_t a, Gamma gamma, std::vector<ScoreTerm>* terms) const {
  double weight = prior_weight_;
  // Both names exact: one adjustment on the full name's frequency, shown on the family name.
  const bool full_name_exact = given_ >= 0 &&
                               LevelOf(gamma, static_cast<std::size_t>(given_)) ==
                                   exact_level_[static_cast<std::size_t>(given_)] &&
                               LevelOf(gamma, static_cast<std::size_t>(family_)) ==
                                   exact_level_[static_cast<std::size_t>(family_)];
  for (std::size_t c = 0; c < weights_.size(); ++c) {
    const int level = LevelOf(gamma, c);
    ScoreTerm term{c, level, weights_[c][static_cast<std::size_t>(level)], 0};
    if (level > 0 && level == exact_level_[c]) {
      term.tf_adjustment = c < record_adjustment_.size() && !record_adjustment_[c].empty()
                               ? record_adjustment_[c][a]
                               : Adjustment(c, comparator_.ExactValue(c, a));
    }
    if (full_name_exact && static_cast<int>(c) == family_) {
      term.tf_adjustment +=
          record_full_name_.empty() ? FullNameCorrection(a) : record_full_name_[a];
    }
    if (dependence_last_ >= 0 && static_cast<int>(c) == dependence_last_) {
      const std::ptrdiff_t index = DependenceIndex(gamma);
      if (index >= 0) term.tf_adjustment += model_.dependence[static_cast<std::size_t>(index)];
    }
    weight += term.weight + term.tf_adjustment;
    if (terms != nullptr) terms->push_back(term);
  }
  return weight;
}

double Score(const FsModel& model, const Comparator& comparator, const TermFrequencies& tf,
             std::uint32_t a, std::uint32_t /*b*/, Gamma gamma, std::vector<ScoreTerm>* terms) {
  return Scorer(model, comparator, tf).Score(a, gamma, terms);
}

double MatchProbability(double weight) {
  return 1 / (1 + std::exp2(-weight));
}

}  // namespace zicht::link
