// The latent-class estimator against independent truth: tables simulated here from a
// known two-class population (a correctly specified model, so the 95% posterior
// interval should hold the true N), LCMCR's published region for the Kosovo data, and
// the diagnostics on a table with no information on the dark figure.
#include "zicht/estimate/latent_class.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <cmath>
#include <fstream>
#include <iostream>
#include <limits>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace zicht::estimate {
namespace {

// A population of `size` persons in latent classes with the given shares; in class k
// list j records a person with probability capture[k][j], independently. Simulated with
// std::mt19937_64 (whose output the standard fixes) and our own conversion to uniforms,
// so the table is the same everywhere and owes nothing to the code under test.
CaptureTable Simulate(std::int64_t size, const std::vector<double>& shares,
                      const std::vector<std::vector<double>>& capture, std::uint64_t seed) {
  std::mt19937_64 engine(seed);
  auto uniform = [&] { return static_cast<double>(engine() >> 11) * 0x1.0p-53; };
  const std::size_t lists = capture.front().size();
  CaptureTable table;
  for (std::size_t j = 0; j < lists; ++j) table.lists.push_back("L" + std::to_string(j + 1));
  table.counts.assign(std::size_t{1} << lists, 0);
  for (std::int64_t i = 0; i < size; ++i) {
    double u = uniform();
    std::size_t k = 0;
    while (k + 1 < shares.size() && u >= shares[k]) u -= shares[k++];
    std::uint32_t history = 0;
    for (std::size_t j = 0; j < lists; ++j) {
      if (uniform() < capture[k][j]) history |= 1U << j;
    }
    if (history != 0) ++table.counts[history];
  }
  return table;
}

std::int64_t Observed(const CaptureTable& table) {
  std::int64_t n = 0;
  for (std::size_t h = 1; h < table.counts.size(); ++h) n += table.counts[h];
  return n;
}

// The CSV format of ../shared/data/mse (0/1 columns, then count), read here so these
// tests do not depend on the library's reader.
CaptureTable ReadTable(const std::filesystem::path& path) {
  std::ifstream in(path);
  std::string line;
  std::getline(in, line);
  CaptureTable table;
  std::stringstream header(line);
  for (std::string name; std::getline(header, name, ',');) {
    if (name != "count") table.lists.push_back(name);
  }
  table.counts.assign(std::size_t{1} << table.lists.size(), 0);
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::stringstream row(line);
    std::string field;
    std::uint32_t history = 0;
    for (std::size_t j = 0; j < table.lists.size(); ++j) {
      std::getline(row, field, ',');
      if (field == "1") history |= 1U << j;
    }
    std::getline(row, field, ',');
    table.counts[history] += std::stoll(field);
  }
  return table;
}

// Two classes, five lists: a large hard-to-see class and a small visible one. The
// heterogeneity makes the lists positively dependent, so an independence model would
// underestimate; about 72% of the population is observed.
const std::vector<double> kShares = {0.75, 0.25};
const std::vector<std::vector<double>> kCapture = {{0.20, 0.15, 0.25, 0.10, 0.20},
                                                   {0.55, 0.45, 0.50, 0.60, 0.40}};
constexpr std::int64_t kTrueSize = 2000;

LatentClassOptions Quick(std::uint64_t seed) {
  LatentClassOptions options;
  options.burn_in = 2000;
  options.iterations = 10000;
  options.thinning = 5;
  options.chains = 4;
  options.seed = seed;
  return options;
}

TEST(LatentClassEstimate, RecoversTheSizeOfASimulatedTwoClassPopulation) {
  // Five tables from five seeds. A calibrated 95% interval misses now and then (two or
  // more misses out of five has probability 2.3%), so at least four of five must hold
  // the true N; each posterior median must also lie within 15% of it (the posterior sd
  // is about 6% of N for tables of this size).
  int covered = 0;
  for (std::uint64_t seed : {101, 202, 303, 404, 505}) {
    const CaptureTable table = Simulate(kTrueSize, kShares, kCapture, seed);
    const auto result = EstimateLatentClass(table, Quick(seed));
    ASSERT_TRUE(result.ok()) << result.status().message();
    EXPECT_EQ(result->observed, Observed(table));
    EXPECT_LT(result->lower, result->median);
    EXPECT_LT(result->median, result->upper);
    EXPECT_GE(result->lower, static_cast<double>(result->observed));
    EXPECT_NEAR(result->median, kTrueSize, 0.15 * kTrueSize) << result->FullReport();
    if (result->lower <= kTrueSize && kTrueSize <= result->upper) ++covered;
    std::cout << "seed " << seed << ": " << result->BriefReport() << "\n";
  }
  EXPECT_GE(covered, 4);
}

// With one class the model is the independence model with Beta(1, 1) capture
// probabilities and p(N) proportional to 1/N, whose posterior is known in closed form:
// p(N | data) proportional to (1/N) N! / (N - n)! prod_j B(1 + n_j, 1 + N - n_j).
struct ExactPosterior {
  double median = 0.0;
  double lower = 0.0;
  double upper = 0.0;
  double mean = 0.0;
};

ExactPosterior IndependencePosterior(const CaptureTable& table) {
  const std::int64_t n = Observed(table);
  std::vector<double> on_list(table.lists.size(), 0.0);
  for (std::size_t h = 1; h < table.counts.size(); ++h) {
    for (std::size_t j = 0; j < table.lists.size(); ++j) {
      if (h >> j & 1U) on_list[j] += static_cast<double>(table.counts[h]);
    }
  }
  auto log_density = [&](double big_n) {
    double value = -std::log(big_n) + std::lgamma(big_n + 1) - std::lgamma(big_n - n + 1);
    for (double nj : on_list) {
      value += std::lgamma(1 + nj) + std::lgamma(1 + big_n - nj) - std::lgamma(2 + big_n);
    }
    return value;
  };
  std::vector<double> log_p;
  double top = -std::numeric_limits<double>::infinity();
  for (std::int64_t big_n = n;; ++big_n) {
    log_p.push_back(log_density(static_cast<double>(big_n)));
    top = std::max(top, log_p.back());
    if (log_p.back() < top - 40 && big_n > n + 10) break;
  }
  double total = 0.0;
  for (double& v : log_p) total += (v = std::exp(v - top));
  ExactPosterior exact;
  double cumulative = 0.0;
  for (std::size_t i = 0; i < log_p.size(); ++i) {
    const double big_n = static_cast<double>(n) + static_cast<double>(i);
    const double before = cumulative;
    cumulative += log_p[i] / total;
    exact.mean += big_n * log_p[i] / total;
    if (before < 0.025 && cumulative >= 0.025) exact.lower = big_n;
    if (before < 0.5 && cumulative >= 0.5) exact.median = big_n;
    if (before < 0.975 && cumulative >= 0.975) exact.upper = big_n;
  }
  return exact;
}

TEST(LatentClassEstimate, OneClassMatchesTheExactIndependencePosterior) {
  // A table drawn from one class (independent lists), so the posterior is narrow.
  const CaptureTable table = Simulate(3000, {1.0}, {{0.3, 0.2, 0.25, 0.35}}, 31);
  const ExactPosterior exact = IndependencePosterior(table);
  LatentClassOptions options = Quick(31);
  options.max_classes = 1;
  const auto result = EstimateLatentClass(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  // Monte Carlo standard error of a quantile is about sd / sqrt(ESS) times a factor of
  // 1.25 at the median and about 2 at the 2.5% and 97.5% points (normal posterior);
  // allow four of them, plus one for the integer grid.
  const double se = result->sd / std::sqrt(result->ess_bulk);
  const double se_tail = result->sd / std::sqrt(result->ess_tail);
  EXPECT_NEAR(result->median, exact.median, 4 * 1.25 * se + 1) << result->FullReport();
  EXPECT_NEAR(result->mean, exact.mean, 4 * se + 1);
  EXPECT_NEAR(result->lower, exact.lower, 4 * 2 * se_tail + 1);
  EXPECT_NEAR(result->upper, exact.upper, 4 * 2 * se_tail + 1);
  std::cout << "exact median " << exact.median << " [" << exact.lower << ", " << exact.upper
            << "], sampled " << result->BriefReport() << "\n";
}

// With two classes (K* = 2) the posterior of N has no closed form, but on a small
// three-list table it can be summed exactly. Expanding each cell's probability
// sum_k nu_k q_hk over the split of its count between the classes, integrating the
// capture probabilities (Beta(1, 1)) and the stick V_1 (Beta(1, alpha), alpha ~
// Gamma(a, b) by quadrature) in closed form per split, gives
//   p(N | data) proportional to (N - 1)! sum over splits c of
//       prod_h 1 / (c_h1! c_h2!) g(m_1, m_2) prod_jk B(1 + s_jk, 1 + m_k - s_jk),
// with m_k the class sizes and s_jk the persons of class k on list j. The sum over the
// splits of the observed cells is done once by dynamic programming over (m_1, s_11,
// s_21, s_31); the missed cell is split per N. The result is the posterior restricted
// to N <= n_max, which needs no tail: the sampler's draws at or below n_max are draws of
// exactly that distribution.
std::vector<double> TwoClassPosteriorUpTo(const CaptureTable& table, std::int64_t n_max,
                                          double alpha_shape, double alpha_rate) {
  const int n = static_cast<int>(Observed(table));
  const int big = static_cast<int>(n_max);
  std::vector<int> on_list(3, 0);
  for (std::size_t h = 1; h < 8; ++h) {
    for (int j = 0; j < 3; ++j) {
      if (h >> j & 1U) on_list[static_cast<std::size_t>(j)] += static_cast<int>(table.counts[h]);
    }
  }
  const double minus_inf = -std::numeric_limits<double>::infinity();
  auto add_log = [](double a, double b) {
    if (a < b) std::swap(a, b);
    return b == -std::numeric_limits<double>::infinity() ? a : a + std::log1p(std::exp(b - a));
  };
  std::vector<double> log_factorial(static_cast<std::size_t>(big + 2));
  for (int i = 0; i <= big + 1; ++i)
    log_factorial[static_cast<std::size_t>(i)] = std::lgamma(i + 1.0);
  auto lf = [&](int i) { return log_factorial[static_cast<std::size_t>(i)]; };
  // log B(1 + s, 1 + m - s) = log s! (m - s)! / (m + 1)!
  auto log_beta = [&](int s, int m) { return lf(s) + lf(m - s) - lf(m + 1); };

  // g(m1, m2) = E_alpha[B(1 + m1, alpha + m2) / B(1, alpha)], on u = log alpha.
  std::vector<double> nodes;
  std::vector<double> log_weights;
  const double du = 0.01;
  for (double u = -40.0; u <= 8.0; u += du) {
    const double alpha = std::exp(u);
    nodes.push_back(alpha);
    log_weights.push_back(alpha_shape * std::log(alpha_rate) - std::lgamma(alpha_shape) +
                          alpha_shape * u - alpha_rate * alpha + std::log(du));
  }
  auto log_g = [&](int m1, int m2) {
    double sum = minus_inf;
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      const double alpha = nodes[i];
      const double log_b =
          std::lgamma(1.0 + m1) + std::lgamma(alpha + m2) - std::lgamma(1.0 + m1 + alpha + m2);
      sum = add_log(sum, log_weights[i] + std::log(alpha) + log_b);
    }
    return sum;
  };

  // W[m1][s1][s2][s3] over the observed cells.
  const int side = n + 1;
  auto index = [&](int m1, int s1, int s2, int s3) {
    return ((static_cast<std::size_t>(m1) * side + s1) * side + s2) * side + s3;
  };
  std::vector<double> w(static_cast<std::size_t>(side) * side * side * side, minus_inf);
  w[index(0, 0, 0, 0)] = 0.0;
  // Calls visit(log W, m1, {s1, s2, s3}) for every state that some split reaches.
  auto for_each_state = [&](const std::vector<double>& states, auto visit) {
    for (int m1 = 0; m1 <= n; ++m1)
      for (int s1 = 0; s1 <= m1; ++s1)
        for (int s2 = 0; s2 <= m1; ++s2)
          for (int s3 = 0; s3 <= m1; ++s3) {
            const double here = states[index(m1, s1, s2, s3)];
            if (here != minus_inf) visit(here, m1, std::array<int, 3>{s1, s2, s3});
          }
  };
  for (std::size_t h = 1; h < 8; ++h) {
    const int count = static_cast<int>(table.counts[h]);
    if (count == 0) continue;
    std::vector<double> next(w.size(), minus_inf);
    for_each_state(w, [&](double here, int m1, const std::array<int, 3>& s) {
      for (int c = 0; c <= count && m1 + c <= n; ++c) {
        const int t1 = s[0] + (h & 1U ? c : 0);
        const int t2 = s[1] + (h & 2U ? c : 0);
        const int t3 = s[2] + (h & 4U ? c : 0);
        double& slot = next[index(m1 + c, t1, t2, t3)];
        slot = add_log(slot, here - lf(c) - lf(count - c));
      }
    });
    w = std::move(next);
  }

  std::vector<std::vector<double>> g(static_cast<std::size_t>(big + 1));
  for (int m1 = 0; m1 <= big; ++m1) {
    g[static_cast<std::size_t>(m1)].resize(static_cast<std::size_t>(big - m1 + 1));
    for (int m2 = 0; m1 + m2 <= big; ++m2) {
      g[static_cast<std::size_t>(m1)][static_cast<std::size_t>(m2)] = log_g(m1, m2);
    }
  }
  std::vector<double> log_p;
  for (int total = n; total <= big; ++total) {
    const int missed = total - n;
    double sum = minus_inf;
    for_each_state(w, [&](double here, int m1_seen, const std::array<int, 3>& s) {
      for (int c = 0; c <= missed; ++c) {
        const int m1 = m1_seen + c;
        const int m2 = total - m1;
        double term = here - lf(c) - lf(missed - c) +
                      g[static_cast<std::size_t>(m1)][static_cast<std::size_t>(m2)];
        for (int j = 0; j < 3; ++j) {
          const int in_two = on_list[static_cast<std::size_t>(j)] - s[static_cast<std::size_t>(j)];
          term += log_beta(s[static_cast<std::size_t>(j)], m1) + log_beta(in_two, m2);
        }
        sum = add_log(sum, term);
      }
    });
    log_p.push_back(std::lgamma(static_cast<double>(total)) + sum);
  }
  const double top = *std::max_element(log_p.begin(), log_p.end());
  double mass = 0.0;
  for (double& v : log_p) mass += (v = std::exp(v - top));
  for (double& v : log_p) v /= mass;
  return log_p;  // p(N = n + i | data, N <= n_max)
}

TEST(LatentClassEstimate, TwoClassesMatchTheExactPosteriorBelowACut) {
  // A small table from a population with a hard-to-see and an easy-to-see half.
  CaptureTable table;
  table.lists = {"A", "B", "C"};
  table.counts = {0, 4, 3, 2, 3, 2, 2, 4};  // n = 20
  const std::int64_t n = Observed(table);
  const std::int64_t n_max = n + 40;
  LatentClassOptions options;
  options.max_classes = 2;
  options.burn_in = 2000;
  options.iterations = 400000;
  options.thinning = 4;
  options.chains = 4;
  options.seed = 2;
  const std::vector<double> exact =
      TwoClassPosteriorUpTo(table, n_max, options.alpha_shape, options.alpha_rate);
  const auto result = EstimateLatentClass(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();

  // The exact and the sampled distribution of N given N <= n_max: mean and the share
  // at or below each of a few points of the lower tail and the bulk.
  double exact_mean = 0.0;
  for (std::size_t i = 0; i < exact.size(); ++i)
    exact_mean += exact[i] * static_cast<double>(n + static_cast<std::int64_t>(i));
  std::vector<std::vector<double>> kept_per_chain;
  std::vector<double> kept;
  for (const auto& chain : result->draws) {
    std::vector<double> mine;
    for (std::int64_t d : chain) {
      if (d <= n_max) mine.push_back(static_cast<double>(d));
    }
    kept.insert(kept.end(), mine.begin(), mine.end());
    kept_per_chain.push_back(std::move(mine));
  }
  ASSERT_GT(kept.size(), 10000u);
  double sampled_mean = 0.0;
  for (double d : kept) sampled_mean += d;
  sampled_mean /= static_cast<double>(kept.size());
  double sd = 0.0;
  for (double d : kept) sd += (d - sampled_mean) * (d - sampled_mean);
  sd = std::sqrt(sd / static_cast<double>(kept.size()));
  // Monte Carlo error from the spread of the four chains' means (each chain's kept
  // draws are autocorrelated, so the draws' own count would understate it).
  std::vector<double> chain_means;
  for (const auto& c : kept_per_chain) {
    double m = 0.0;
    for (double d : c) m += d;
    chain_means.push_back(m / static_cast<double>(c.size()));
  }
  double between = 0.0;
  for (double m : chain_means) between += (m - sampled_mean) * (m - sampled_mean);
  const double se =
      std::max(std::sqrt(between / 3.0 / 4.0), sd / std::sqrt(static_cast<double>(kept.size())));
  std::cout << "exact mean below " << n_max << ": " << exact_mean << ", sampled " << sampled_mean
            << " (se " << se << ")\n";
  EXPECT_NEAR(sampled_mean, exact_mean, 4 * se + 0.05);
  // The lower tail: P(N <= n + d) for a few d, within four binomial standard errors
  // inflated for autocorrelation by the ratio of the mean's error to its iid error.
  const double inflation = se / (sd / std::sqrt(static_cast<double>(kept.size())));
  double cumulative = 0.0;
  for (std::size_t i = 0; i < exact.size(); ++i) {
    cumulative += exact[i];
    if (i != 1 && i != 3 && i != 6 && i != 10) continue;
    const double bound = static_cast<double>(n) + static_cast<double>(i);
    double share = 0.0;
    for (double d : kept) share += d <= bound ? 1.0 : 0.0;
    share /= static_cast<double>(kept.size());
    const double binomial_se =
        std::sqrt(cumulative * (1 - cumulative) / static_cast<double>(kept.size()));
    std::cout << "P(N <= " << bound << "): exact " << cumulative << ", sampled " << share << "\n";
    EXPECT_NEAR(share, cumulative, 4 * inflation * binomial_se + 0.002) << bound;
  }
}

TEST(LatentClassEstimate, ChainsOfAWellBehavedTableAgree) {
  const CaptureTable table = Simulate(kTrueSize, kShares, kCapture, 7);
  // The concentration mixes more slowly than N: at 10,000 iterations the four chains
  // agree on N (R-hat 1.005) but not yet on alpha (1.15) or the classes used (1.26), and
  // the convergence check says so; 40,000 are enough for all three.
  LatentClassOptions options = Quick(7);
  options.iterations = 40000;
  options.thinning = 20;
  const auto result = EstimateLatentClass(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  // The strict threshold of Vehtari et al. (2021) is 1.01; with 8000 draws a mixing
  // sampler stays well below 1.05.
  EXPECT_LT(result->rhat, 1.05) << result->FullReport();
  EXPECT_GT(result->ess_bulk, 400.0);
  EXPECT_TRUE(result->mixed);
  EXPECT_TRUE(result->warnings.empty()) << result->FullReport();
  ASSERT_EQ(result->chains.size(), 4u);
  for (const auto& chain : result->chains) {
    EXPECT_NEAR(chain.median, result->median, 0.05 * result->median);
  }
}

TEST(LatentClassEstimate, ChainsThatAgreeOnNButNotOnTheMixtureAreNotMixed) {
  // The same table after 10,000 iterations: the chains' medians of N lie within 1% of
  // each other, but their mean concentrations differ by a factor of two or more, so the
  // chains have not yet explored the same mixtures and their tails cannot be trusted.
  const CaptureTable table = Simulate(kTrueSize, kShares, kCapture, 7);
  const auto result = EstimateLatentClass(table, Quick(7));
  ASSERT_TRUE(result.ok()) << result.status().message();
  double low_alpha = 1e300;
  double high_alpha = 0.0;
  for (const auto& chain : result->chains) {
    EXPECT_NEAR(chain.median, result->median, 0.01 * result->median);
    low_alpha = std::min(low_alpha, chain.mean_alpha);
    high_alpha = std::max(high_alpha, chain.mean_alpha);
  }
  ASSERT_GT(high_alpha, 2 * low_alpha) << result->FullReport();
  EXPECT_LT(result->rhat, 1.1);
  EXPECT_GT(std::max(result->rhat_alpha, result->rhat_classes), 1.1);
  EXPECT_FALSE(result->mixed);
  ASSERT_FALSE(result->warnings.empty());
  EXPECT_NE(result->warnings.back().find("of the concentration"), std::string::npos);
}

TEST(LatentClassEstimate, AFixedSeedReproducesEveryDrawWhateverTheScheduling) {
  const CaptureTable table = Simulate(kTrueSize, kShares, kCapture, 8);
  LatentClassOptions options = Quick(99);
  options.burn_in = 200;
  options.iterations = 1000;
  const auto parallel = EstimateLatentClass(table, options);
  options.parallel = false;
  const auto serial = EstimateLatentClass(table, options);
  ASSERT_TRUE(parallel.ok() && serial.ok());
  EXPECT_EQ(parallel->draws, serial->draws);
  EXPECT_EQ(parallel->median, serial->median);
  options.seed = 100;
  const auto other = EstimateLatentClass(table, options);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->draws, serial->draws);
}

TEST(LatentClassEstimate, KosovoPosteriorHoldsTheDocumentedCountOfKillings) {
  ZICHT_SHARED_FILE_OR_SKIP(kosovo, "mse/kosovo.csv");
  const CaptureTable table = ReadTable(kosovo);
  ASSERT_EQ(Observed(table), 4400);
  LatentClassOptions options = Quick(2016);  // K* = 10, a = b = 0.25: LCMCR's Kosovo example
  options.iterations = 40000;
  options.thinning = 10;
  const auto result = EstimateLatentClass(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  std::cout << result->FullReport();
  // The Kosovo Memory Book's near-complete census counts 10,401 killings in the period
  // (Kruger and Ball 2014), and HRDAG's comparison of LCMCR with a Stan version of the
  // same model (github HRDAG/StanLCMCR, write/src/blogpost.Rmd) reports that both
  // posteriors cover it. Ball et al. (2002) estimated 10,356 by log-linear models. So the
  // 95% interval must hold 10,401 and the median must lie within 10% of it: the
  // posterior sd is about 1,400 and the Monte Carlo error of the median here about 150,
  // so a sampler that is right fails this with negligible probability, while one that
  // misses the dark figure by a quarter does not pass.
  EXPECT_LE(result->lower, 10401.0);
  EXPECT_GE(result->upper, 10401.0);
  EXPECT_NEAR(result->median, 10401.0, 1040.0);
  EXPECT_LT(result->rhat, 1.1) << result->FullReport();
}

TEST(LatentClassEstimate, ListsThatNeverOverlapRaiseTheDoNotQuoteWarning) {
  // Three lists, nobody on two of them: the data say nothing about how many were
  // missed, and the posterior of N runs off to the cap.
  CaptureTable table;
  table.lists = {"A", "B", "C"};
  table.counts = {0, 100, 80, 0, 60, 0, 0, 0};
  LatentClassOptions options = Quick(5);
  options.burn_in = 500;
  options.iterations = 2000;
  const auto result = EstimateLatentClass(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_FALSE(result->mixed);
  ASSERT_FALSE(result->warnings.empty());
  bool do_not_quote = false;
  for (const auto& w : result->warnings) {
    do_not_quote = do_not_quote || w.find("do not quote this estimate") != std::string::npos ||
                   w.find("the estimate does not exist") != std::string::npos;
  }
  EXPECT_TRUE(do_not_quote) << result->FullReport();
  EXPECT_NE(result->BriefReport().find("warning"), std::string::npos);
}

TEST(LatentClassEstimate, TooFewIterationsAreReportedAsNotMixed) {
  const CaptureTable table = Simulate(kTrueSize, kShares, kCapture, 9);
  LatentClassOptions options = Quick(9);
  options.burn_in = 0;
  options.iterations = 40;
  options.thinning = 1;
  const auto result = EstimateLatentClass(table, options);
  ASSERT_TRUE(result.ok());
  EXPECT_FALSE(result->mixed);
  bool warned = false;
  for (const auto& w : result->warnings) {
    warned = warned || w.find("the chains have not mixed; do not quote this estimate") == 0;
  }
  EXPECT_TRUE(warned) << result->FullReport();
}

TEST(LatentClassEstimate, TwoListsWarnThatTheModelIsNotIdentifiable) {
  CaptureTable table;
  table.lists = {"A", "B"};
  table.counts = {0, 300, 200, 100};
  LatentClassOptions options = Quick(3);
  options.burn_in = 100;
  options.iterations = 400;
  const auto result = EstimateLatentClass(table, options);
  ASSERT_TRUE(result.ok());
  EXPECT_NE(result->warnings.front().find("not identifiable"), std::string::npos);
}

TEST(LatentClassOptions, ValidateNamesTheOptionThatIsOutOfRange) {
  EXPECT_TRUE(LatentClassOptions{}.Validate().ok());
  auto check = [](auto change, const std::string& word) {
    LatentClassOptions options;
    change(options);
    const Status status = options.Validate();
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << word;
    EXPECT_NE(status.message().find(word), std::string::npos) << status.message();
  };
  check([](LatentClassOptions& o) { o.max_classes = 0; }, "max_classes");
  check([](LatentClassOptions& o) { o.burn_in = -1; }, "burn_in");
  check([](LatentClassOptions& o) { o.iterations = 0; }, "iterations");
  check([](LatentClassOptions& o) { o.thinning = 0; }, "thinning");
  check(
      [](LatentClassOptions& o) {
        o.iterations = 30;
        o.thinning = 10;
      },
      "draws per chain");
  check([](LatentClassOptions& o) { o.chains = 0; }, "chains");
  check([](LatentClassOptions& o) { o.alpha_shape = 0; }, "alpha_shape");
  check([](LatentClassOptions& o) { o.alpha_rate = -1; }, "alpha_rate");
  check([](LatentClassOptions& o) { o.max_unobserved = 0; }, "max_unobserved");
}

TEST(LatentClassEstimate, RejectsTablesItCannotRead) {
  LatentClassOptions options = Quick(1);
  CaptureTable one_list{{"A"}, {0, 5}};
  EXPECT_EQ(EstimateLatentClass(one_list, options).status().code(), StatusCode::kInvalidData);
  CaptureTable wrong_size{{"A", "B", "C"}, {0, 1, 2}};
  EXPECT_EQ(EstimateLatentClass(wrong_size, options).status().code(), StatusCode::kInvalidData);
  CaptureTable negative{{"A", "B"}, {0, 5, -1, 2}};
  EXPECT_EQ(EstimateLatentClass(negative, options).status().code(), StatusCode::kInvalidData);
  CaptureTable empty{{"A", "B"}, {0, 0, 0, 0}};
  EXPECT_EQ(EstimateLatentClass(empty, options).status().code(), StatusCode::kInvalidData);
  options.chains = 0;
  CaptureTable fine{{"A", "B"}, {0, 5, 3, 2}};
  EXPECT_EQ(EstimateLatentClass(fine, options).status().code(), StatusCode::kInvalidArgument);
}

TEST(LatentClassEstimate, FullReportShowsTheFiguresAndDiagnostics) {
  const CaptureTable table = Simulate(kTrueSize, kShares, kCapture, 10);
  LatentClassOptions options = Quick(10);
  options.burn_in = 200;
  options.iterations = 2000;
  const auto result = EstimateLatentClass(table, options);
  ASSERT_TRUE(result.ok());
  const std::string full = result->FullReport();
  for (const char* word : {"median", "95% interval", "R-hat", "effective sample size", "chains",
                           "iterations", "Chains"}) {
    EXPECT_NE(full.find(word), std::string::npos) << word;
  }
  EXPECT_NE(result->BriefReport().find(fmt::format("{:.0f}", result->median)), std::string::npos);
}

}  // namespace
}  // namespace zicht::estimate
