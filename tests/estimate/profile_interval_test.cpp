#include "zicht/estimate/profile_interval.hpp"

#include <gtest/gtest.h>

#include "mse_test_data.hpp"
#include "zicht/estimate/information_criteria.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;
using testing_data::TableOf;

TEST(ProfileInterval, Uk2013SixListsBicModelMatchesRcapture) {
  // Rcapture closedpCI.t on the BIC model: 12,342 (10,868 to 14,143). The search runs to
  // 1e-4 persons, so the only slack is the published rounding (±1).
  CaptureTable table;
  if (!LoadShared("uk_2013.csv", table)) GTEST_SKIP() << kMissing;
  Result<ModelRanking> ranking = RankModels(table, SearchOptions{});
  ASSERT_TRUE(ranking.ok()) << ranking.status().message();
  Result<ProfileInterval> profile = ComputeProfileInterval(table, ranking->best().fit);
  ASSERT_TRUE(profile.ok()) << profile.status().message();
  EXPECT_NEAR(profile->maximum_likelihood, 12342, 1.0);
  EXPECT_NEAR(profile->interval.lower, 10868, 1.0);
  EXPECT_NEAR(profile->interval.upper, 14143, 1.0);
}

TEST(ProfileInterval, ContainsTheEstimateAndWidensWithTheLevel) {
  const CaptureTable table = TableOf({"A", "B"}, {{0b01, 60}, {0b10, 30}, {0b11, 20}});
  Result<LoglinearFit> fit = FitLoglinear(table, LoglinearModel::MainEffects());
  ASSERT_TRUE(fit.ok());
  ProfileOptions narrow;
  narrow.level = 0.8;
  Result<ProfileInterval> p80 = ComputeProfileInterval(table, *fit, narrow);
  Result<ProfileInterval> p95 = ComputeProfileInterval(table, *fit);
  ASSERT_TRUE(p80.ok() && p95.ok());
  EXPECT_LT(p95->interval.lower, p80->interval.lower);
  EXPECT_GT(p95->interval.upper, p80->interval.upper);
  EXPECT_LT(p80->interval.lower, fit->estimate);
  EXPECT_GT(p80->interval.upper, fit->estimate);
  EXPECT_GE(p95->interval.lower, 110.0);  // never below the observed count
}

}  // namespace
}  // namespace zicht::estimate
