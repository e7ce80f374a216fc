// The samplers are checked against their exact distributions: moments for the
// continuous ones, a chi-square goodness of fit against the exact probability mass
// function for the discrete ones. Seeds are fixed, so each check is deterministic; the
// bounds are set where a correct sampler would fail with probability below about 1e-4
// (four to five standard errors), so they fail for a wrong algorithm, not by chance.
#include "estimate/latent_class_random.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <vector>

#include "estimate/latent_class_diagnostics.hpp"

namespace zicht::estimate::lcm {
namespace {

struct Moments {
  double mean = 0.0;
  double variance = 0.0;
};

template <typename Draw>
Moments Sample(int n, Draw draw) {
  double sum = 0.0;
  double sum_sq = 0.0;
  for (int i = 0; i < n; ++i) {
    const double x = draw();
    sum += x;
    sum_sq += x * x;
  }
  const double mean = sum / n;
  return {mean, (sum_sq - n * mean * mean) / (n - 1)};
}

// Pearson's statistic of the draws against the exact pmf, cells with expected count
// below 5 pooled into their neighbour; returns {statistic, degrees of freedom}.
std::pair<double, int> ChiSquare(const std::map<std::int64_t, int>& seen,
                                 const std::vector<double>& pmf, int draws) {
  std::vector<std::pair<double, double>> cells;  // {expected, observed}
  double expected = 0.0;
  double observed = 0.0;
  for (std::size_t x = 0; x < pmf.size(); ++x) {
    expected += pmf[x] * draws;
    auto it = seen.find(static_cast<std::int64_t>(x));
    observed += it == seen.end() ? 0 : it->second;
    if (expected >= 5.0) {
      cells.emplace_back(expected, observed);
      expected = 0.0;
      observed = 0.0;
    }
  }
  cells.back().first += expected;  // the thin upper tail joins the last cell
  cells.back().second += observed;
  double statistic = 0.0;
  for (auto [e, o] : cells) statistic += (o - e) * (o - e) / e;
  return {statistic, static_cast<int>(cells.size()) - 1};
}

// Upper bound for a chi-square with df degrees of freedom that a correct sampler
// exceeds with probability far below 1e-3 (Wilson-Hilferty: mean + 4.5 sd).
double ChiSquareBound(int df) {
  const double z = 4.5;
  const double a = 2.0 / (9.0 * df);
  return df * std::pow(1.0 - a + z * std::sqrt(a), 3.0);
}

std::vector<double> BinomialPmf(int n, double p) {
  std::vector<double> pmf(static_cast<std::size_t>(n) + 1);
  for (int k = 0; k <= n; ++k) {
    pmf[static_cast<std::size_t>(k)] =
        std::exp(std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) +
                 k * std::log(p) + (n - k) * std::log1p(-p));
  }
  return pmf;
}

TEST(LatentClassRandom, SameSeedAndStreamGiveTheSameSequence) {
  Random a(42, 3);
  Random b(42, 3);
  for (int i = 0; i < 100; ++i) EXPECT_EQ(a.Next(), b.Next());
}

TEST(LatentClassRandom, StreamsOfOneSeedDiffer) {
  Random a(42, 0);
  Random b(42, 1);
  int equal = 0;
  for (int i = 0; i < 100; ++i) equal += a.Next() == b.Next() ? 1 : 0;
  EXPECT_EQ(equal, 0);
}

TEST(LatentClassRandom, UniformIsInTheOpenUnitIntervalWithMeanOneHalf) {
  Random random(1);
  const int n = 200000;
  const Moments m = Sample(n, [&] {
    const double u = random.Uniform();
    EXPECT_GT(u, 0.0);
    EXPECT_LT(u, 1.0);
    return u;
  });
  // sd of the mean: sqrt(1/12 / n) = 6.5e-4
  EXPECT_NEAR(m.mean, 0.5, 4.5 * std::sqrt(1.0 / 12.0 / n));
  EXPECT_NEAR(m.variance, 1.0 / 12.0, 0.002);
}

TEST(LatentClassRandom, NormalHasMeanZeroAndVarianceOne) {
  Random random(2);
  const int n = 200000;
  const Moments m = Sample(n, [&] { return random.Normal(); });
  EXPECT_NEAR(m.mean, 0.0, 4.5 / std::sqrt(n));
  // sd of the sample variance of normals: sqrt(2 / n) = 0.0032
  EXPECT_NEAR(m.variance, 1.0, 4.5 * std::sqrt(2.0 / n));
}

TEST(LatentClassRandom, NormalFillsEquiprobableBinsAndTheTailsEvenly) {
  // 64 bins of probability 1/64 each between the normal quantiles, so the ziggurat's
  // layers, wedges and tail are all checked against Phi.
  Random random(21);
  const int draws = 640000;
  const int bins = 64;
  std::vector<double> edges;
  for (int b = 1; b < bins; ++b) edges.push_back(NormalQuantile(static_cast<double>(b) / bins));
  std::vector<int> seen(bins, 0);
  int beyond = 0;
  for (int i = 0; i < draws; ++i) {
    const double x = random.Normal();
    ++seen[static_cast<std::size_t>(std::upper_bound(edges.begin(), edges.end(), x) -
                                    edges.begin())];
    if (std::fabs(x) > 3.442619855899) ++beyond;  // the ziggurat's tail region
  }
  const double expected = static_cast<double>(draws) / bins;
  double statistic = 0.0;
  for (int count : seen) statistic += (count - expected) * (count - expected) / expected;
  EXPECT_LT(statistic, ChiSquareBound(bins - 1));
  // P(|Z| > 3.4426) = 5.761e-4, so 368.7 expected, sd 19.2.
  EXPECT_NEAR(beyond, 368.7, 4.5 * 19.2);
}

TEST(LatentClassRandom, GammaMatchesItsMeanAndVarianceForSmallAndLargeShapes) {
  Random random(3);
  const int n = 200000;
  for (double shape : {0.05, 0.3, 1.0, 2.5, 40.0, 1e6}) {
    const Moments m = Sample(n, [&] { return random.Gamma(shape); });
    // mean = var = shape; sd of the sample mean sqrt(shape / n); the sample variance of
    // a gamma has sd about sqrt((2 shape^2 + 6 shape) / n).
    EXPECT_NEAR(m.mean, shape, 4.5 * std::sqrt(shape / n)) << "shape " << shape;
    EXPECT_NEAR(m.variance, shape, 5.0 * std::sqrt((2 * shape * shape + 6 * shape) / n))
        << "shape " << shape;
  }
}

TEST(LatentClassRandom, LogGammaAgreesWithTheLogOfGammaEvenBelowTheSmallestDouble) {
  Random random(4);
  const int n = 200000;
  // E log G = digamma(shape), var log G = trigamma(shape). digamma(2.5) = 8/3 - gamma -
  // 2 log 2 = 0.7031566406452432 and trigamma(2.5) = pi^2/2 - 4 - 4/9 = 0.4903577561002349
  // (recurrences from digamma(1/2), trigamma(1/2)); for shape 0.001 the
  // draws are mostly below 1e-300 and digamma(0.001) = -1000 + digamma(1.001)
  // = -1000.5755707.
  const Moments large = Sample(n, [&] { return random.LogGamma(2.5); });
  EXPECT_NEAR(large.mean, 0.7031566406452432, 4.5 * std::sqrt(0.4903577561002349 / n));
  const Moments tiny = Sample(n, [&] { return random.LogGamma(0.001); });
  // trigamma(0.001) = 1000001.64..., so the sd of the mean is sqrt(1e6 / n) = 2.24.
  EXPECT_NEAR(tiny.mean, -1000.5755707, 4.5 * std::sqrt(1000001.64 / n));
}

TEST(LatentClassRandom, BetaMatchesItsMeanAndVariance) {
  Random random(5);
  const int n = 200000;
  for (auto [a, b] : {std::pair{1.0, 1.0}, std::pair{3.0, 70.0}, std::pair{500.0, 20.0}}) {
    const double mean = a / (a + b);
    const double var = a * b / ((a + b) * (a + b) * (a + b + 1));
    const Moments m = Sample(n, [&] { return random.Beta(a, b); });
    EXPECT_NEAR(m.mean, mean, 4.5 * std::sqrt(var / n)) << a << "," << b;
    EXPECT_NEAR(m.variance, var, 0.05 * var) << a << "," << b;
  }
}

TEST(LatentClassRandom, BinomialFollowsTheExactPmfInEveryRegime) {
  Random random(6);
  const int draws = 200000;
  // inversion (n p < 14), BTRD (n p >= 14, with and without the p > 1/2 reflection),
  // and BTRD far in the tails where the Stirling-corrected acceptance test is used.
  for (auto [n, p] : {std::pair{20, 0.3}, std::pair{1000, 0.004}, std::pair{60, 0.5},
                      std::pair{1000, 0.3}, std::pair{500, 0.93}, std::pair{20000, 0.45}}) {
    std::map<std::int64_t, int> seen;
    for (int i = 0; i < draws; ++i) {
      const std::int64_t x = random.Binomial(n, p);
      ASSERT_GE(x, 0);
      ASSERT_LE(x, n);
      ++seen[x];
    }
    const auto [statistic, df] = ChiSquare(seen, BinomialPmf(n, p), draws);
    EXPECT_LT(statistic, ChiSquareBound(df)) << "n " << n << " p " << p << " df " << df;
  }
}

TEST(LatentClassRandom, BinomialHandlesHugeCountsAndDegenerateProbabilities) {
  Random random(7);
  EXPECT_EQ(random.Binomial(0, 0.5), 0);
  EXPECT_EQ(random.Binomial(100, 0.0), 0);
  EXPECT_EQ(random.Binomial(100, 1.0), 100);
  const std::int64_t n = 1'000'000'000'000;  // 1e12, as n0 can be before it is capped
  const int draws = 20000;
  const double p = 1e-3;
  const Moments m = Sample(draws, [&] { return static_cast<double>(random.Binomial(n, p)); });
  const double mean = static_cast<double>(n) * p;
  EXPECT_NEAR(m.mean, mean, 4.5 * std::sqrt(mean * (1 - p) / draws));
}

TEST(LatentClassRandom, PoissonFollowsTheExactPmf) {
  Random random(8);
  const int draws = 200000;
  for (double mean : {0.5, 6.0, 10.0, 37.5, 900.0}) {
    std::map<std::int64_t, int> seen;
    for (int i = 0; i < draws; ++i) ++seen[random.Poisson(mean)];
    std::vector<double> pmf;
    for (int k = 0; k < 20 * mean + 100; ++k) {
      pmf.push_back(std::exp(-mean + k * std::log(mean) - std::lgamma(k + 1.0)));
    }
    const auto [statistic, df] = ChiSquare(seen, pmf, draws);
    EXPECT_LT(statistic, ChiSquareBound(df)) << "mean " << mean;
  }
  const Moments huge = Sample(20000, [&] { return static_cast<double>(random.Poisson(1e11)); });
  EXPECT_NEAR(huge.mean, 1e11, 4.5 * std::sqrt(1e11 / 20000));
}

TEST(LatentClassRandom, NegativeBinomialHasTheFailuresBeforeNSuccessesMoments) {
  Random random(9);
  const int draws = 200000;
  const double n = 4400;
  const double p = 0.4;  // mean n (1-p)/p = 6600, variance n (1-p)/p^2 = 16500
  bool capped = true;
  const Moments m = Sample(
      draws, [&] { return static_cast<double>(random.NegativeBinomial(n, p, 1e12, &capped)); });
  EXPECT_FALSE(capped);
  EXPECT_NEAR(m.mean, 6600.0, 4.5 * std::sqrt(16500.0 / draws));
  EXPECT_NEAR(m.variance, 16500.0, 0.03 * 16500.0);
  random.NegativeBinomial(n, 1e-300, 1e6, &capped);
  EXPECT_TRUE(capped);
}

TEST(LatentClassRandom, MultinomialSplitsInProportionAndPreservesTheTotal) {
  Random random(10);
  const std::vector<double> weights = {0.5, 0.0, 2.0, 1.0, 1e-9, 0.5};
  const double total = 4.0 + 1e-9;
  for (std::int64_t n : {std::int64_t{7}, std::int64_t{5000}}) {
    std::vector<double> sum(weights.size(), 0.0);
    std::vector<std::int64_t> out(weights.size());
    const int reps = 20000;
    for (int r = 0; r < reps; ++r) {
      random.Multinomial(n, weights, out);
      ASSERT_EQ(std::accumulate(out.begin(), out.end(), std::int64_t{0}), n);
      ASSERT_EQ(out[1], 0) << "a category of weight 0 got a count";
      for (std::size_t c = 0; c < out.size(); ++c) sum[c] += static_cast<double>(out[c]);
    }
    for (std::size_t c = 0; c < weights.size(); ++c) {
      const double p = weights[c] / total;
      const double expected = static_cast<double>(n) * p;
      const double sd = std::sqrt(static_cast<double>(n) * p * (1 - p) / reps);
      EXPECT_NEAR(sum[c] / reps, expected, 4.5 * sd + 1e-12) << "n " << n << " category " << c;
    }
  }
}

TEST(LatentClassRandom, LogFactorialMatchesLgammaAcrossTheTableBoundary) {
  for (double k : {0.0, 1.0, 10.0, 255.0, 256.0, 1000.0, 1e7}) {
    EXPECT_NEAR(LogFactorial(k), std::lgamma(k + 1.0), 1e-9 * std::max(1.0, std::lgamma(k + 1.0)))
        << k;
  }
}

}  // namespace
}  // namespace zicht::estimate::lcm
