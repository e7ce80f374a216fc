// Log-linear models with covariates against the published packages' figures
// (../shared/data/mse_covariates/reference.json) and against hand computations.
#include "zicht/estimate/covariate_model.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace zicht::estimate {
namespace {

// reference.json's figures come from five implementations agreeing to 1e-7 or better
// (PROVENANCE.md); 5e-6 relative leaves room for where EM stops.
constexpr double kReferenceTolerance = 5e-6;

nlohmann::json ReferenceCase(const std::filesystem::path& reference, const std::string& id) {
  std::ifstream in(reference);
  const nlohmann::json all = nlohmann::json::parse(in);
  for (const nlohmann::json& one : all["cases"]) {
    if (one["id"] == id) return one;
  }
  ADD_FAILURE() << "reference.json has no case " << id;
  return {};
}

// Fits the case's model to its file and compares every figure it gives.
void CheckReferenceCase(const std::string& id) {
  ZICHT_SHARED_FILE_OR_SKIP(reference, "mse_covariates/reference.json");
  const nlohmann::json expected = ReferenceCase(reference, id);
  ASSERT_FALSE(expected.is_null());
  const std::filesystem::path file =
      zicht::testing::SharedFile("mse_covariates/" + expected["file"].get<std::string>());
  ASSERT_FALSE(file.empty());
  Result<CovariateTable> table =
      ReadCovariateTableCsv(file.string(), expected["covariates"].get<std::vector<std::string>>());
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->lists, expected["lists"].get<std::vector<std::string>>());
  Result<CovariateModel> model =
      ParseCovariateModel(expected["interactions"].get<std::string>(), *table);
  ASSERT_TRUE(model.ok()) << model.status().message();
  Result<CovariateFit> fit = FitCovariateModel(*table, *model);
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_DOUBLE_EQ(fit->observed, expected["observed"].get<double>());
  const double estimate = expected["estimate"].get<double>();
  EXPECT_NEAR(fit->estimate, estimate, kReferenceTolerance * estimate) << id;
  if (expected.contains("loglik_observed_data")) {
    const double log_likelihood = expected["loglik_observed_data"].get<double>();
    EXPECT_NEAR(fit->log_likelihood, log_likelihood, 1e-6 * std::abs(log_likelihood)) << id;
  }
  ASSERT_EQ(fit->per_level.size(), expected["per_level"].size());
  for (std::size_t i = 0; i < fit->per_level.size(); ++i) {
    const nlohmann::json& level = expected["per_level"][i];
    EXPECT_EQ(fit->per_level[i].covariate, level["covariate"].get<std::string>());
    EXPECT_EQ(fit->per_level[i].level, level["level"].get<std::string>());
    const double value = level["estimate"].get<double>();
    EXPECT_NEAR(fit->per_level[i].estimate, value, kReferenceTolerance * value)
        << id << " " << fit->per_level[i].covariate << "=" << fit->per_level[i].level;
  }
  std::printf("%s: estimate %.6f (reference %.6f, relative error %.2e), log likelihood %.6f\n",
              id.c_str(), fit->estimate, estimate, std::abs(fit->estimate / estimate - 1.0),
              fit->log_likelihood);
}

TEST(CovariateModelReference, ImputeIndependence) {
  CheckReferenceCase("impute_M1_independence");
}
TEST(CovariateModelReference, ImputeListWithItsOwnCovariate) {
  CheckReferenceCase("impute_M2_list_own_cov");
}
TEST(CovariateModelReference, ImputeEveryListWithEveryCovariate) {
  CheckReferenceCase("impute_M3_rich");
}
TEST(CovariateModelReference, LcaimpIndependence) {
  CheckReferenceCase("lcaimp_M1_independence_nolatent");
}
TEST(CovariateModelReference, LcaimpListWithItsOwnCovariate) {
  CheckReferenceCase("lcaimp_M2_list_own_cov_nolatent");
}
TEST(CovariateModelReference, LcaimpEveryListWithEveryCovariate) {
  CheckReferenceCase("lcaimp_M3_rich_nolatent");
}
TEST(CovariateModelReference, SimdatMainEffects) {
  CheckReferenceCase("simdat_main_effects");
}
TEST(CovariateModelReference, SimdatModerate) {
  CheckReferenceCase("simdat_moderate");
}

}  // namespace
}  // namespace zicht::estimate
