#include "zicht/estimate/population.hpp"

#include <gtest/gtest.h>

#include "mse_test_data.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;

TEST(Population, StepwiseWithWaldIntervalReproducesTheHomeOfficeFigures) {
  // 11,313 (9,884 to 13,027): SparseMSE 2.0.1 stepwise fit on UKdat_5 with its
  // model-conditional Wald interval (../shared/data/mse/PROVENANCE.md, uk_2013); rounded
  // figures, ±1.
  CaptureTable table;
  if (!LoadShared("uk_2013_5.csv", table)) GTEST_SKIP() << kMissing;
  EstimateOptions options;
  options.interval = IntervalKind::kWald;
  Result<MethodResult> result = EstimatePopulation(table, options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_NEAR(result->estimate, 11313, 1);
  EXPECT_NEAR(result->interval.lower, 9884, 1);
  EXPECT_NEAR(result->interval.upper, 13027, 1);
  EXPECT_EQ(result->observed, 2744);
}

TEST(Population, AFixedModelWithoutAnEstimateGivesTheReasonNotANumber) {
  CaptureTable table;
  if (!LoadShared("artificial_3.csv", table)) GTEST_SKIP() << kMissing;
  EstimateOptions options;
  options.method = Method::kModel;
  options.model = "A:B";
  Result<MethodResult> result = EstimatePopulation(table, options);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(result.status().message().find("does not exist"), std::string::npos);
}

TEST(Population, CompareShowsEveryLogLinearMethodWithItsModel) {
  CaptureTable table;
  if (!LoadShared("western_us.csv", table)) GTEST_SKIP() << kMissing;
  Result<std::vector<MethodResult>> results =
      CompareMethods(table, EstimateOptions{}, /*include_latent_class=*/false);
  ASSERT_TRUE(results.ok()) << results.status().message();
  ASSERT_EQ(results->size(), 5u);
  EXPECT_EQ((*results)[0].method, "stepwise");
  // Chan, Silverman and Vincent (2021), Section 4.2: stepwise, interaction AE, 2,483.
  EXPECT_NEAR((*results)[0].estimate, 2483, 0.5);
  for (const MethodResult& r : *results) {
    EXPECT_TRUE(r.has_estimate) << r.method << ": " << r.reason;
    EXPECT_FALSE(r.model.empty()) << r.method;
    EXPECT_LT(r.interval.lower, r.estimate) << r.method;
  }
}

TEST(Population, CompareReportsATooLargeSearchAsAReasonAndKeepsTheOthers) {
  // Eight lists: the two-list search would need 2^28 models and is refused.
  CaptureTable table;
  if (!LoadShared("new_orleans.csv", table)) GTEST_SKIP() << kMissing;
  Result<std::vector<MethodResult>> results =
      CompareMethods(table, EstimateOptions{}, /*include_latent_class=*/false);
  ASSERT_TRUE(results.ok()) << results.status().message();
  EXPECT_TRUE((*results)[0].has_estimate);
  EXPECT_FALSE((*results)[2].has_estimate);
  EXPECT_NE((*results)[2].reason.find("--max-order"), std::string::npos);
}

TEST(Population, OptionsExplainWhatIsWrong) {
  EstimateOptions options;
  options.method = Method::kModel;
  Status status = options.Validate();
  EXPECT_FALSE(status.ok());
  EXPECT_NE(status.message().find("--model"), std::string::npos);
  EXPECT_FALSE(ParseMethod("lasso").ok());
  EXPECT_FALSE(ParseIntervalKind("credible").ok());
}

}  // namespace
}  // namespace zicht::estimate
