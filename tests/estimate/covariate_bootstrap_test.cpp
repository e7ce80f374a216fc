// The parametric bootstrap of covariate models where the data barely bound the estimate.
#include "zicht/estimate/covariate_bootstrap.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <tuple>
#include <vector>

#include "estimate/covariate_test_tables.hpp"

namespace zicht::estimate {
namespace {

using testing_tables::TwoListTable;

TEST(CovariateBootstrap, ReplicatesWithoutAnOverlapAtALevelLeaveTheIntervalUnboundedAbove) {
  // Under A:s + B:s each level is its own saturated two-list table, so the fitted means are
  // the counts. At s=2 one person is on both lists: a replicate draws that cell as
  // Poisson(1), which is 0 with probability e^-1 = 0.368, and then the level's
  // Lincoln-Petersen estimate 40 * 50 / 0 does not exist. Far more than 2.5% of the
  // replicates are unbounded, so the upper limit is; the lower limit is still a number.
  const CovariateTable table = TwoListTable(
      {{0b01, 0, 60}, {0b10, 0, 30}, {0b11, 0, 20}, {0b01, 1, 40}, {0b10, 1, 50}, {0b11, 1, 1}});
  Result<CovariateFit> fit = FitCovariateModel(table, *ParseCovariateModel("A:s + B:s", table));
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  CovariateBootstrapOptions options;
  options.replicates = 400;
  options.seed = 3;
  Result<CovariateBootstrap> drawn = BootstrapCovariateFit(table, *fit, options);
  ASSERT_TRUE(drawn.ok()) << drawn.status().message();
  // Binomial(400, 0.368): standard deviation 9.6 replicates; four of them either side.
  EXPECT_GT(drawn->replicates_unbounded, 147 - 39);
  EXPECT_LT(drawn->replicates_unbounded, 147 + 39);
  EXPECT_EQ(drawn->replicates_used, 400);
  EXPECT_FALSE(drawn->total.bounded());
  EXPECT_TRUE(std::isfinite(drawn->total.lower));
  EXPECT_LT(drawn->total.lower, fit->estimate);
}

TEST(CovariateBootstrap, AWellOverlappingTableHasNoUnboundedReplicate) {
  // 20 and 10 on both lists: a replicate draws no overlap with probability e^-10 at most.
  const CovariateTable table = TwoListTable(
      {{0b01, 0, 60}, {0b10, 0, 30}, {0b11, 0, 20}, {0b01, 1, 40}, {0b10, 1, 50}, {0b11, 1, 10}});
  Result<CovariateFit> fit = FitCovariateModel(table, *ParseCovariateModel("A:s + B:s", table));
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  CovariateBootstrapOptions options;
  options.replicates = 200;
  Result<CovariateBootstrap> drawn = BootstrapCovariateFit(table, *fit, options);
  ASSERT_TRUE(drawn.ok()) << drawn.status().message();
  EXPECT_EQ(drawn->replicates_unbounded, 0);
  EXPECT_TRUE(drawn->total.bounded());
}

}  // namespace
}  // namespace zicht::estimate
