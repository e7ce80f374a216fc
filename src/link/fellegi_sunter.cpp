#include "zicht/link/fellegi_sunter.hpp"

#include <algorithm>
#include <cmath>
#include <random>

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
  if (present < 2) return 0.5;
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

double TermFrequencies::Of(std::size_t comparison, std::uint64_t value) const {
  if (comparison >= frequency.size()) return 0;
  const auto& table = frequency[comparison];
  const auto it = table.find(value);
  return it == table.end() ? 0 : it->second;
}

TermFrequencies CountTermFrequencies(const Comparator& comparator) {
  TermFrequencies tf;
  tf.frequency.resize(comparator.comparisons().size());
  for (std::size_t c = 0; c < comparator.comparisons().size(); ++c) {
    if (!comparator.comparisons()[c].term_frequency) continue;
    std::int64_t present = 0;
    auto& table = tf.frequency[c];
    for (std::uint32_t i = 0; i < comparator.records().size; ++i) {
      const std::uint64_t value = comparator.ExactValue(c, i);
      if (value == 0) continue;
      table[value] += 1;
      ++present;
    }
    for (auto& [value, share] : table) share /= static_cast<double>(present);
  }
  return tf;
}

FsModel EstimateU(const Comparator& comparator, std::int64_t sample_pairs, std::uint64_t seed) {
  const auto& specs = comparator.comparisons();
  const std::uint32_t n = static_cast<std::uint32_t>(comparator.records().size);
  FsModel model;
  model.total_pairs = 0.5 * static_cast<double>(n) * (static_cast<double>(n) - 1);
  std::vector<std::vector<double>> counts(specs.size());
  for (std::size_t c = 0; c < specs.size(); ++c) counts[c].assign(specs[c].labels.size(), 0.0);

  auto tally = [&](std::uint32_t a, std::uint32_t b) {
    const Gamma gamma = comparator.Compare(a, b);
    for (std::size_t c = 0; c < specs.size(); ++c) counts[c][LevelOf(gamma, c)] += 1;
    ++model.u_sampled_pairs;
  };
  if (n >= 2 && model.total_pairs <= static_cast<double>(sample_pairs)) {
    for (std::uint32_t a = 0; a < n; ++a) {
      for (std::uint32_t b = a + 1; b < n; ++b) tally(a, b);
    }
  } else if (n >= 2) {
    std::mt19937_64 random(seed);
    std::uniform_int_distribution<std::uint32_t> pick(0, n - 1);
    for (std::int64_t s = 0; s < sample_pairs; ++s) {
      const std::uint32_t a = pick(random);
      std::uint32_t b = pick(random);
      while (b == a) b = pick(random);
      tally(a, b);
    }
  }

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
    model.comparisons.push_back(std::move(p));
  }
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

double Score(const FsModel& model, const Comparator& comparator, const TermFrequencies& tf,
             std::uint32_t a, std::uint32_t b, Gamma gamma, std::vector<ScoreTerm>* terms) {
  double weight = model.PriorWeight();
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const ComparisonParameters& p = model.comparisons[c];
    const int level = LevelOf(gamma, c);
    ScoreTerm term{c, level, model.LevelWeight(c, level), 0};
    if (level > 0 && level == p.exact_level && p.term_frequency) {
      const double frequency = tf.Of(c, comparator.ExactValue(c, a));
      const double u_exact = p.u[static_cast<std::size_t>(level)];
      if (frequency > 0) term.tf_adjustment = std::log2(u_exact / frequency);
    }
    weight += term.weight + term.tf_adjustment;
    if (terms != nullptr) terms->push_back(term);
  }
  (void)b;
  return weight;
}

double MatchProbability(double weight) {
  return 1 / (1 + std::exp2(-weight));
}

}  // namespace zicht::link
