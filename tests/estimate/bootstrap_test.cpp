#include "zicht/estimate/bootstrap.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdlib>
#include <vector>

#include "mse_test_data.hpp"
#include "zicht/estimate/population.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;
using testing_data::TableOf;

TEST(Bootstrap, QuantileType8MatchesR) {
  // R: quantile(c(1, 2, 3, 4, 10), c(0.1, 0.5, 0.7, 0.9), type = 8) = 1, 3, 4.4, 10
  // (by hand: h = n p + (p + 1)/3; 0.7: h = 4.0667, 4 + 0.0667 * 6 = 4.4; 0.9: h > n).
  const std::vector<double> x = {1, 2, 3, 4, 10};
  EXPECT_NEAR(QuantileType8(x, 0.1), 1.0, 1e-12);
  EXPECT_NEAR(QuantileType8(x, 0.5), 3.0, 1e-12);
  EXPECT_NEAR(QuantileType8(x, 0.7), 4.4, 1e-12);
  EXPECT_NEAR(QuantileType8(x, 0.9), 10.0, 1e-12);
}

// The expected figures of the two BCa tests below were computed in Python 3.11 with the
// standard library only, from the definitions (DiCiccio and Efron 1996; Hyndman and Fan
// 1996, type 8), not from this program:
//
//   from statistics import NormalDist
//   import math
//   N = NormalDist()
//   def q8(x, p):                       # Hyndman-Fan type 8, as R's quantile(type = 8)
//       x = sorted(x); n = len(x)
//       h = n * p + (p + 1) / 3
//       j = math.floor(h); g = h - j
//       if j < 1: return x[0]
//       if j >= n: return x[-1]
//       return (1 - g) * x[j - 1] + g * x[j]
//   def bca(reps, est, jack, w, level):
//       a = 0.0
//       if jack:
//           m = sum(wi * ji for wi, ji in zip(w, jack)) / sum(w)
//           s2 = sum(wi * (m - ji) ** 2 for wi, ji in zip(w, jack))
//           s3 = sum(wi * (m - ji) ** 3 for wi, ji in zip(w, jack))
//           a = s3 / (6 * s2 ** 1.5)
//       b = len(reps)
//       share = min(max(sum(r < est for r in reps) / b, 0.5 / b), 1 - 0.5 / b)
//       z0 = N.inv_cdf(share)
//       def lim(al):
//           z = z0 + N.inv_cdf(al)
//           return q8(reps, N.cdf(z0 + z / (1 - a * z)))
//       return z0, a, lim((1 - level) / 2), lim(1 - (1 - level) / 2)
//
// The quantile positions h stay inside (1, 16) in both cases (1.74 and 14.67; 3.06 and
// 15.76), so no limit is an end point of the replicates.
const std::vector<double> kFixedReplicates = {1040, 980, 1110, 1005, 1230, 960,  1075, 1150,
                                              1020, 995, 1090, 1180, 1060, 1010, 1125, 940};

double Relative(double expected) {
  return 1e-9 * std::abs(expected);
}

TEST(Bootstrap, BcaOfFixedReplicatesMatchesAHandComputation) {
  // bca(reps, 1030, [1031.0, 1030.0, 1022.0, 1031.5], [5, 3, 1, 2], 0.8)
  //   = (-0.15731068461017067, 0.13231370735636377, 954.7473944921348, 1170.0552614881049)
  // z0 = Phi^-1(7/16): 7 of the 16 replicates lie below 1030.
  const BcaLimits bca = BcaFromReplicates(kFixedReplicates, 1030, {1031.0, 1030.0, 1022.0, 1031.5},
                                          {5, 3, 1, 2}, 0.8);
  EXPECT_NEAR(bca.bias_correction, -0.15731068461017067, Relative(0.15731068461017067));
  EXPECT_NEAR(bca.acceleration, 0.13231370735636377, Relative(0.13231370735636377));
  EXPECT_NEAR(bca.lower, 954.7473944921348, Relative(954.7473944921348));
  EXPECT_NEAR(bca.upper, 1170.0552614881049, Relative(1170.0552614881049));
}

TEST(Bootstrap, BcaWithoutAJackknifeIsTheBiasCorrectedPercentileInterval) {
  // bca(reps, 1065, [], [], 0.8) = (0.15731068461017067, 0.0, 980.8634189365937,
  // 1218.232839686952): 9 of 16 below 1065, a = 0.
  const BcaLimits bca = BcaFromReplicates(kFixedReplicates, 1065, {}, {}, 0.8);
  EXPECT_NEAR(bca.bias_correction, 0.15731068461017067, Relative(0.15731068461017067));
  EXPECT_EQ(bca.acceleration, 0.0);
  EXPECT_NEAR(bca.lower, 980.8634189365937, Relative(980.8634189365937));
  EXPECT_NEAR(bca.upper, 1218.232839686952, Relative(1218.232839686952));
}

TEST(Bootstrap, BcaClampsTheShareBelowSoThatZ0StaysFinite) {
  // Every replicate above the estimate: share 0 is taken as 0.5/16, z0 = Phi^-1(1/32)
  // = -1.862731867421651 (Python: NormalDist().inv_cdf(1 / 32)).
  const BcaLimits bca = BcaFromReplicates(kFixedReplicates, 900, {}, {}, 0.9);
  EXPECT_NEAR(bca.bias_correction, -1.862731867421651, Relative(1.862731867421651));
  EXPECT_EQ(bca.lower, 940.0);  // both levels fall below the first order statistic
  EXPECT_EQ(bca.upper, 940.0);
}

TEST(Bootstrap, TheSameSeedGivesTheSameIntervalInParallelAndInSequence) {
  const CaptureTable table = TableOf(
      {"A", "B", "C"},
      {{0b001, 50}, {0b010, 40}, {0b100, 30}, {0b011, 10}, {0b101, 8}, {0b110, 6}, {0b111, 2}});
  const PopulationEstimator estimator = [](const CaptureTable& t) -> Result<double> {
    Result<LoglinearFit> fit = FitLoglinear(t, LoglinearModel::MainEffects());
    if (!fit.ok()) return fit.status();
    return fit->estimate;
  };
  Result<LoglinearFit> fit = FitLoglinear(table, LoglinearModel::MainEffects());
  ASSERT_TRUE(fit.ok());
  BootstrapOptions options;
  options.replicates = 200;
  options.seed = 99;
  Result<BootstrapResult> parallel = BootstrapBca(table, fit->estimate, estimator, options);
  options.parallel = false;
  Result<BootstrapResult> sequential = BootstrapBca(table, fit->estimate, estimator, options);
  ASSERT_TRUE(parallel.ok() && sequential.ok());
  EXPECT_EQ(parallel->replicates, sequential->replicates);  // bit for bit
  EXPECT_EQ(parallel->interval.lower, sequential->interval.lower);
  options.seed = 100;
  Result<BootstrapResult> other = BootstrapBca(table, fit->estimate, estimator, options);
  ASSERT_TRUE(other.ok());
  EXPECT_NE(other->replicates, sequential->replicates);
  EXPECT_LT(parallel->interval.lower, fit->estimate);
  EXPECT_GT(parallel->interval.upper, fit->estimate);
}

// Silverman, Chan and Vincent (2024), Table 2: Kosovo, BIC with three-list terms, ntop = 1,
// 1,000 replications, 95% [9,100, 12,000] rounded to 100. Our replicates differ from R's;
// across seeds the limits move by about 1%, so 5% covers Monte Carlo error and rounding.
TEST(Bootstrap, KosovoBicTopModelMatchesThePublishedInterval) {
  CaptureTable table;
  if (!LoadShared("kosovo.csv", table)) GTEST_SKIP() << kMissing;
  EstimateOptions options;
  options.method = Method::kBic;
  options.max_order = 3;
  options.ntop = 1;
  options.interval = IntervalKind::kBootstrap;
  Result<MethodResult> result = EstimatePopulation(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NEAR(result->interval.lower, 9100, 0.05 * 9100);
  EXPECT_NEAR(result->interval.upper, 12000, 0.05 * 12000);
}

// Chan, Silverman and Vincent (2021), Section 4: stepwise with BCa, 1,000 replications.
// The upper limits sit at ordinary quantiles (Monte Carlo error about 3% across seeds):
// 5%. The lower limits sit at BCa levels below 1e-4, i.e. at the smallest replicate of
// 1,000, which moves by 10-20% between seeds: 25%.
TEST(Bootstrap, NewOrleansStepwiseBcaIsWithinMonteCarloErrorOfThePaper) {
  CaptureTable table;
  if (!LoadShared("new_orleans.csv", table)) GTEST_SKIP() << kMissing;
  EstimateOptions options;
  options.interval = IntervalKind::kBootstrap;
  Result<MethodResult> result = EstimatePopulation(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NEAR(result->interval.upper, 1657, 0.05 * 1657);
  EXPECT_NEAR(result->interval.lower, 717, 0.25 * 717);
}

TEST(Bootstrap, WesternUsStepwiseBcaIsWithinMonteCarloErrorOfThePaper) {
  CaptureTable table;
  if (!LoadShared("western_us.csv", table)) GTEST_SKIP() << kMissing;
  EstimateOptions options;
  options.interval = IntervalKind::kBootstrap;
  Result<MethodResult> result = EstimatePopulation(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NEAR(result->interval.upper, 3670, 0.05 * 3670);
  EXPECT_NEAR(result->interval.lower, 1293, 0.25 * 1293);
}

}  // namespace
}  // namespace zicht::estimate
