#include "zicht/estimate/loglinear_fit.hpp"

#include <gtest/gtest.h>

#include <cmath>

#include "mse_test_data.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;
using testing_data::TableOf;

TEST(LoglinearFit, TwoListIndependenceModelIsLincolnPetersen) {
  // n1 = 60 + 20 = 80, n2 = 30 + 20 = 50, m = 20: N = n1 n2 / m = 200 exactly, since the
  // independence model is saturated on the three observable cells.
  const CaptureTable table = TableOf({"A", "B"}, {{0b01, 60}, {0b10, 30}, {0b11, 20}});
  Result<LoglinearFit> fit = FitLoglinear(table, LoglinearModel::MainEffects());
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_NEAR(fit->estimate, 200.0, 1e-8);  // closed form; Newton converges to rounding
  EXPECT_NEAR(fit->dark_figure, 60.0 * 30.0 / 20.0, 1e-8);
  EXPECT_NEAR(fit->deviance, 0.0, 1e-8);
  EXPECT_EQ(fit->residual_df, 0);
  // var(log m0) = 1/60 + 1/30 + 1/20 for the saturated 2x2 table (delta method).
  EXPECT_NEAR(fit->log_dark_se, std::sqrt(1.0 / 60 + 1.0 / 30 + 1.0 / 20), 1e-8);
}

TEST(LoglinearFit, ThreeListIndependenceMatchesTheClosedFormFixedPoint) {
  // Under independence the fitted table is the product of list margins; check the defining
  // property: fitted margins equal observed margins, and the likelihood criteria follow.
  const CaptureTable table = TableOf(
      {"A", "B", "C"},
      {{0b001, 50}, {0b010, 40}, {0b100, 30}, {0b011, 10}, {0b101, 8}, {0b110, 6}, {0b111, 2}});
  Result<LoglinearFit> fit = FitLoglinear(table, LoglinearModel::MainEffects());
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  for (int list = 0; list < 3; ++list) {
    double observed = 0.0, fitted = 0.0;
    for (int h = 1; h < 8; ++h) {
      if ((h >> list) & 1) {
        observed += static_cast<double>(table.counts[h]);
        fitted += fit->fitted[h];
      }
    }
    EXPECT_NEAR(fitted, observed, 1e-6) << "list " << list;  // likelihood equations
  }
  EXPECT_EQ(fit->parameters, 4);
  EXPECT_NEAR(fit->aic, 2 * 4 - 2 * fit->log_likelihood, 1e-9);
  EXPECT_NEAR(fit->bic, 4 * std::log(146.0) - 2 * fit->log_likelihood, 1e-9);
  EXPECT_TRUE(fit->converged);
}

TEST(LoglinearFit, KosovoModelWithThreeListTermGivesThePublishedEstimate) {
  // MultipleSystemsEstimation 1.2.0, BIC with max order 3, model [123,14,34]: 10,356.5
  // (../shared/data/mse/PROVENANCE.md, kosovo); four
  // significant digits required (±0.5 at this size).
  CaptureTable table;
  if (!LoadShared("kosovo.csv", table)) GTEST_SKIP() << kMissing;
  Result<LoglinearModel> model = ParseModel("EXH:ABA:OSCE, EXH:HRW, OSCE:HRW", table.lists);
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_EQ(model->interactions.size(), 6u);  // the closure brings in the three pairs
  Result<LoglinearFit> fit = FitLoglinear(table, *model);
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_NEAR(fit->estimate, 10356.5, 0.5);
}

TEST(LoglinearFit, RefusesAModelWhoseEstimateDoesNotExistAndSaysWhy) {
  CaptureTable table;
  if (!LoadShared("artificial_3.csv", table)) GTEST_SKIP() << kMissing;
  Result<LoglinearModel> model = ParseModel("A:B", table.lists);
  ASSERT_TRUE(model.ok());
  Result<LoglinearFit> fit = FitLoglinear(table, *model);
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(fit.status().message().find("maximum-likelihood estimate does not exist"),
            std::string::npos)
      << fit.status().message();
}

TEST(LoglinearFit, FixesNonOverlappingPairsAtMinusInfinity) {
  CaptureTable table;
  if (!LoadShared("artificial_3.csv", table)) GTEST_SKIP() << kMissing;
  Result<LoglinearModel> model = ParseModel("A:C", table.lists);
  ASSERT_TRUE(model.ok());
  Result<LoglinearFit> fit = FitLoglinear(table, *model);
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  ASSERT_EQ(fit->zero_margin_terms.size(), 1u);
  EXPECT_EQ(fit->zero_margin_terms[0], 0b101u);
  EXPECT_TRUE(std::isinf(fit->coefficients.back()));
  EXPECT_EQ(fit->parameters, 5);  // the fixed term still counts, as in SparseMSE's AIC
  EXPECT_EQ(fit->fitted[0b101], 0.0);
  EXPECT_FALSE(fit->warnings.empty());
}

TEST(LoglinearFit, WaldIntervalOfStepwiseUkModelMatchesSparseMse) {
  // SparseMSE estimatepopulation.0 on UKdat_5 with the stepwise model: 11,313 (9,884 to
  // 13,027). Four significant digits: within 0.5 of each (the figures are rounded).
  CaptureTable table;
  if (!LoadShared("uk_2013_5.csv", table)) GTEST_SKIP() << kMissing;
  Result<LoglinearModel> model =
      ParseModel("LA:NG, LA:PFNCA, NG:GO, NG:GP, PFNCA:GP, GO:GP", table.lists);
  ASSERT_TRUE(model.ok());
  Result<LoglinearFit> fit = FitLoglinear(table, *model);
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_NEAR(fit->estimate, 11313, 1.0);
  const Interval wald = fit->WaldInterval(0.95);
  EXPECT_NEAR(wald.lower, 9884, 1.0);
  EXPECT_NEAR(wald.upper, 13027, 1.0);
}

TEST(LoglinearFit, RejectsANonHierarchicalModel) {
  const CaptureTable table = TableOf({"A", "B", "C"}, {{1, 5}, {2, 5}, {4, 5}, {7, 2}});
  Result<LoglinearFit> fit = FitLoglinear(table, LoglinearModel::FromTerms({0b111}));
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(fit.status().message().find("hierarchical"), std::string::npos);
}

}  // namespace
}  // namespace zicht::estimate
