#include "zicht/estimate/profile_interval.hpp"

#include <gtest/gtest.h>

#include "ipf_reference.hpp"
#include "mse_test_data.hpp"
#include "zicht/estimate/information_criteria.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;
using testing_data::TableOf;

TEST(ProfileInterval, Uk2013SixListsBicModelMatchesAnIndependentProfile) {
  // The expected figures come from an independent computation of the same profile
  // likelihood (ipf_reference.hpp: iterative proportional fitting of the complete table for
  // each N, golden-section search and bisection), which shares no code with src/estimate.
  // Rcapture's closedpCI.t was recorded as giving 12,342 (10,868 to 14,143) on this model,
  // without its version; the independent computation is what the test holds to. The same
  // computation in Python 3 (stdlib only) gives 12,341.63 (10,868.16 to 14,142.54).
  CaptureTable table;
  if (!LoadShared("uk_2013.csv", table)) GTEST_SKIP() << kMissing;
  Result<ModelRanking> ranking = RankModels(table, SearchOptions{});
  ASSERT_TRUE(ranking.ok()) << ranking.status().message();
  ASSERT_EQ(ranking->best().fit.model.Name(table.lists),
            "LA:NG + LA:PF + NG:GP + PF:GP + GO:GP + PF:NCA");
  std::vector<std::pair<int, int>> pairs;
  for (auto [a, b] : std::vector<std::pair<std::string, std::string>>{
           {"LA", "NG"}, {"LA", "PF"}, {"NG", "GP"}, {"PF", "GP"}, {"GO", "GP"}, {"PF", "NCA"}}) {
    pairs.emplace_back(testing_data::ListIndex(table, a), testing_data::ListIndex(table, b));
  }
  const testing_data::ReferenceProfile reference =
      testing_data::IpfProfileInterval(table, pairs, 40000.0);
  Result<ProfileInterval> profile = ComputeProfileInterval(table, ranking->best().fit);
  ASSERT_TRUE(profile.ok()) << profile.status().message();
  // Both searches stop within about 1e-3 persons; one person of slack covers either's
  // stopping rule and the integer steps some implementations take.
  EXPECT_NEAR(profile->maximum_likelihood, reference.maximum, 1.0);
  EXPECT_NEAR(profile->interval.lower, reference.lower, 1.0);
  EXPECT_NEAR(profile->interval.upper, reference.upper, 1.0);
  // The recorded Rcapture figures, to the same slack.
  EXPECT_NEAR(reference.maximum, 12342, 1.5);
  EXPECT_NEAR(reference.lower, 10868, 1.5);
  EXPECT_NEAR(reference.upper, 14143, 1.5);
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
