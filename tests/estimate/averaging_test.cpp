#include "zicht/estimate/averaging.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "mse_test_data.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;

TEST(Averaging, AverageIsTheWeightedMeanOfTheRankedEstimates) {
  CaptureTable table;
  if (!LoadShared("western_us.csv", table)) GTEST_SKIP() << kMissing;
  SearchOptions options;
  options.criterion = Criterion::kAic;
  Result<ModelRanking> ranking = RankModels(table, options);
  ASSERT_TRUE(ranking.ok()) << ranking.status().message();
  double expected = 0.0;
  double lowest = 1e300, highest = 0.0;
  for (const RankedModel& m : ranking->models) {
    expected += m.weight * m.fit.estimate;
    lowest = std::min(lowest, m.fit.estimate);
    highest = std::max(highest, m.fit.estimate);
  }
  const AveragedEstimate averaged = AverageModels(*ranking);
  EXPECT_NEAR(averaged.estimate, expected, 1e-9 * expected);  // same sum, same order
  EXPECT_GE(averaged.estimate, lowest);
  EXPECT_LE(averaged.estimate, highest);
  EXPECT_LT(averaged.interval.lower, averaged.estimate);
  EXPECT_GT(averaged.interval.upper, averaged.estimate);
  EXPECT_GE(averaged.interval.lower, 345.0);  // never below the observed count
}

TEST(Averaging, LogNormalIntervalOfChaoIsAsymmetricAroundTheUnseenCount) {
  // n = 100, N = 200, se = 50: C = exp(1.96 sqrt(log(1 + 0.25))) by hand.
  const Interval interval = LogNormalInterval(100, 200, 50, 0.95);
  const double c = std::exp(1.959963984540054 * std::sqrt(std::log(1.25)));
  EXPECT_NEAR(interval.lower, 100 + 100 / c, 1e-9);
  EXPECT_NEAR(interval.upper, 100 + 100 * c, 1e-9);
}

}  // namespace
}  // namespace zicht::estimate
