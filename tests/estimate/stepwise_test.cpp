#include "zicht/estimate/stepwise.hpp"

#include <gtest/gtest.h>

#include "mse_test_data.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;

// Published point estimates are rounded to whole persons: four significant digits means
// within 0.5 of the published figure (1 for five-digit figures).

TEST(Stepwise, Uk2013FiveListsChoosesTheHomeOfficeModel) {
  // SparseMSE 2.0.1 stepwise on UKdat_5: this model and 11,313 (../shared/data/mse/
  // PROVENANCE.md, uk_2013; Silverman 2014 for the Home Office analysis).
  CaptureTable table;
  if (!LoadShared("uk_2013_5.csv", table)) GTEST_SKIP() << kMissing;
  Result<StepwiseResult> result = SelectStepwise(table);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->fit.model.Name(table.lists),
            "LA:NG + LA:PFNCA + NG:GO + NG:GP + PFNCA:GP + GO:GP");
  EXPECT_NEAR(result->fit.estimate, 11313, 1.0);
}

TEST(Stepwise, NewOrleansEightListsAddsOnlyDE) {
  // Chan, Silverman and Vincent (2021), Section 4.1: 1,184 with interaction DE.
  CaptureTable table;
  if (!LoadShared("new_orleans.csv", table)) GTEST_SKIP() << kMissing;
  Result<StepwiseResult> result = SelectStepwise(table);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->fit.model.Name(table.lists), "D:E");
  EXPECT_NEAR(result->fit.estimate, 1184, 0.5);
}

TEST(Stepwise, NewOrleansFiveListsAddsNothing) {
  // Same paper: 1,034 from the main-effects model.
  CaptureTable table;
  if (!LoadShared("new_orleans_5.csv", table)) GTEST_SKIP() << kMissing;
  Result<StepwiseResult> result = SelectStepwise(table);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_TRUE(result->fit.model.interactions.empty());
  EXPECT_NEAR(result->fit.estimate, 1034, 0.5);
}

TEST(Stepwise, WesternUsAddsOnlyAE) {
  // Same paper, Section 4.2: 2,483 with interaction AE.
  CaptureTable table;
  if (!LoadShared("western_us.csv", table)) GTEST_SKIP() << kMissing;
  Result<StepwiseResult> result = SelectStepwise(table);
  ASSERT_TRUE(result.ok()) << result.status().message();
  EXPECT_EQ(result->fit.model.Name(table.lists), "A:E");
  EXPECT_NEAR(result->fit.estimate, 2483, 0.5);
}

TEST(Stepwise, ZeroThresholdKeepsMainEffects) {
  CaptureTable table;
  if (!LoadShared("uk_2013_5.csv", table)) GTEST_SKIP() << kMissing;
  StepwiseOptions options;
  options.p_threshold = 0.0;
  Result<StepwiseResult> result = SelectStepwise(table, options);
  ASSERT_TRUE(result.ok());
  EXPECT_TRUE(result->steps.empty());
}

TEST(Stepwise, RejectsAThresholdOutsideZeroToOne) {
  StepwiseOptions options;
  options.p_threshold = 1.5;
  EXPECT_FALSE(options.Validate().ok());
}

}  // namespace
}  // namespace zicht::estimate
