// Log-linear models with covariates against the published packages' figures
// (../shared/data/mse_covariates/reference.json) and against hand computations.
#include "zicht/estimate/covariate_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <tuple>

#include "support/test_support.hpp"
#include "zicht/estimate/covariate_bootstrap.hpp"
#include "zicht/estimate/covariate_search.hpp"
#include "zicht/estimate/loglinear_fit.hpp"

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
  double worst_level = 0.0;
  for (std::size_t i = 0; i < fit->per_level.size(); ++i) {
    const nlohmann::json& level = expected["per_level"][i];
    EXPECT_EQ(fit->per_level[i].covariate, level["covariate"].get<std::string>());
    EXPECT_EQ(fit->per_level[i].level, level["level"].get<std::string>());
    const double value = level["estimate"].get<double>();
    worst_level = std::max(worst_level, std::abs(fit->per_level[i].estimate / value - 1.0));
    EXPECT_NEAR(fit->per_level[i].estimate, value, kReferenceTolerance * value)
        << id << " " << fit->per_level[i].covariate << "=" << fit->per_level[i].level;
  }
  // The levels of each covariate add up to the total.
  for (const std::string& covariate : table->covariates) {
    double sum = 0.0;
    for (const LevelEstimate& level : fit->per_level) {
      if (level.covariate == covariate) sum += level.estimate;
    }
    EXPECT_NEAR(sum, fit->estimate, 1e-9 * fit->estimate) << covariate;
  }
  std::printf(
      "%s: estimate %.6f (reference %.6f, relative error %.1e), worst per-level relative error "
      "%.1e, log likelihood %.6f\n",
      id.c_str(), fit->estimate, estimate, std::abs(fit->estimate / estimate - 1.0), worst_level,
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

// Two lists A, B and a binary covariate s, built in code: rows of (history, level of s or
// missing, count); history bit 0 is A, bit 1 is B.
CovariateTable TwoListTable(const std::vector<std::tuple<std::uint32_t, int, double>>& rows) {
  CovariateTable table;
  table.lists = {"A", "B"};
  table.covariates = {"s"};
  table.levels = {{"1", "2"}};
  for (const auto& [history, level, count] : rows) table.rows.push_back({history, {level}, count});
  Result<CovariateTable> normalised = NormaliseCovariateTable(std::move(table));
  EXPECT_TRUE(normalised.ok()) << normalised.status().message();
  return std::move(normalised.value());
}

// Stratum s=1: 60 on A only, 30 on B only, 20 on both; s=2: 40, 50, 10.
CovariateTable StratifiedLincolnPetersenTable() {
  return TwoListTable(
      {{0b01, 0, 60}, {0b10, 0, 30}, {0b11, 0, 20}, {0b01, 1, 40}, {0b10, 1, 50}, {0b11, 1, 10}});
}

TEST(CovariateModel, ListByCovariateTermsGiveLincolnPetersenPerStratum) {
  // With A:s and B:s each stratum has its own independence model, saturated on its three
  // observable cells, so N_s = n1 n2 / m by hand: s=1: (60+20)(30+20)/20 = 200;
  // s=2: (40+10)(50+10)/10 = 300; total 500.
  const CovariateTable table = StratifiedLincolnPetersenTable();
  Result<CovariateModel> model = ParseCovariateModel("A:s + B:s", table);
  ASSERT_TRUE(model.ok()) << model.status().message();
  Result<CovariateFit> fit = FitCovariateModel(table, *model);
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_NEAR(fit->estimate, 500.0, 1e-8);
  EXPECT_NEAR(fit->unseen, 500.0 - 210.0, 1e-8);
  ASSERT_EQ(fit->per_level.size(), 2U);
  EXPECT_NEAR(fit->per_level[0].estimate, 200.0, 1e-8);
  EXPECT_NEAR(fit->per_level[1].estimate, 300.0, 1e-8);
  EXPECT_EQ(fit->em_iterations, 0);
  // 1 intercept + A + B + s + A:s + B:s.
  EXPECT_EQ(fit->parameters, 6);
}

TEST(CovariateModel, AnUnknownCovariateWithOnlyAMainEffectLeavesTheTotalAsWithoutIt) {
  // Under main effects s is independent of the lists, so the observed-data likelihood
  // factorises and the total is the two-list Lincoln-Petersen estimate of the collapsed
  // table, n1 n2 / m = (70+30)(40+30)/30 = 233.33..., whatever EM does with the 20
  // persons whose s is unknown; s's levels split it as the 120 persons with s known
  // do: 1 in 3 (40) and 2 in 3 (80).
  const CovariateTable table = TwoListTable({{0b01, 0, 20},
                                             {0b10, 0, 10},
                                             {0b11, 0, 10},
                                             {0b01, 1, 40},
                                             {0b10, 1, 20},
                                             {0b11, 1, 20},
                                             {0b01, kMissingLevel, 10},
                                             {0b10, kMissingLevel, 10}});
  Result<CovariateFit> fit = FitCovariateModel(table, CovariateModel{});
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_GT(fit->em_iterations, 0);
  EXPECT_NEAR(fit->estimate, 100.0 * 70.0 / 30.0, 1e-6);
  EXPECT_NEAR(fit->per_level[0].estimate, fit->estimate / 3.0, 1e-6);
  EXPECT_NEAR(fit->per_level[1].estimate, 2.0 * fit->estimate / 3.0, 1e-6);
}

TEST(CovariateModel, WithoutUnknownValuesTheFitEqualsTheCollapsedLoglinearFit) {
  // Main effects of lists and s only: the total equals FitLoglinear's on the table summed
  // over s (an independent fitting routine), three lists so that it is not closed form.
  CovariateTable table;
  table.lists = {"A", "B", "C"};
  table.covariates = {"s"};
  table.levels = {{"x", "y"}};
  const std::vector<std::int64_t> first = {0, 30, 25, 8, 20, 6, 5, 2};
  const std::vector<std::int64_t> second = {0, 15, 30, 4, 12, 3, 7, 1};
  CaptureTable collapsed{{"A", "B", "C"}, std::vector<std::int64_t>(8, 0)};
  for (std::uint32_t h = 1; h < 8; ++h) {
    table.rows.push_back({h, {0}, static_cast<double>(first[h])});
    table.rows.push_back({h, {1}, static_cast<double>(second[h])});
    collapsed.counts[h] = first[h] + second[h];
  }
  table = NormaliseCovariateTable(std::move(table)).value();
  Result<CovariateFit> fit = FitCovariateModel(table, CovariateModel{});
  Result<LoglinearFit> reference = FitLoglinear(collapsed, LoglinearModel::MainEffects());
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  ASSERT_TRUE(reference.ok());
  EXPECT_NEAR(fit->estimate, reference->estimate, 1e-8 * reference->estimate);
}

TEST(CovariateModel, ANonHierarchicalModelIsRefusedNamingTheMissingTerm) {
  const CovariateTable table = StratifiedLincolnPetersenTable();
  // A:B:s without A:B, A:s, B:s (A = bit 0, B = bit 1, s = bit 2).
  const CovariateModel model = CovariateModel::FromTerms({0b111});
  Result<CovariateFit> fit = FitCovariateModel(table, model);
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(fit.status().message().find("not hierarchical"), std::string::npos);
  EXPECT_NE(fit.status().message().find("lacks A:B,"), std::string::npos) << fit.status().message();
}

TEST(CovariateModel, TheParserTakesTheHierarchicalClosure) {
  const CovariateTable table = StratifiedLincolnPetersenTable();
  Result<CovariateModel> model = ParseCovariateModel("A:B:s", table);
  ASSERT_TRUE(model.ok());
  EXPECT_EQ(model->Name(table), "A:B + A:s + B:s + A:B:s");
  EXPECT_FALSE(ParseCovariateModel("A:t", table).ok());
  EXPECT_FALSE(ParseCovariateModel("A:A", table).ok());
}

TEST(CovariateModel, TheTwoListInteractionOfTwoListsIsNotIdentifiable) {
  // A:B with only two lists: its parameter and the intercept's share the cell 11 alone
  // once 00 is unobserved, so the design has lower rank than columns.
  const CovariateTable table = StratifiedLincolnPetersenTable();
  Result<CovariateFit> fit = FitCovariateModel(table, *ParseCovariateModel("A:B", table));
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(fit.status().message().find("not identifiable"), std::string::npos);
  EXPECT_NE(fit.status().message().find("term A:B"), std::string::npos) << fit.status().message();
}

TEST(CovariateModel, AnEmptyListByCovariateMarginIsRefusedNamingTheTerm) {
  // Nobody with s=2 is on A, so A:s's margin (A seen, s at level 2) is 0.
  const CovariateTable table =
      TwoListTable({{0b01, 0, 60}, {0b10, 0, 30}, {0b11, 0, 20}, {0b10, 1, 50}});
  Result<CovariateFit> fit = FitCovariateModel(table, *ParseCovariateModel("A:s", table));
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(fit.status().message().find("term A:s has an empty margin"), std::string::npos)
      << fit.status().message();
}

TEST(CovariateSearch, FitsEverySubsetOfFewTermsAndRefusesTheUnidentifiable) {
  // The candidates are A:B, A:s and B:s, so all eight subsets are fitted; the four with
  // A:B are not identifiable with two lists (its parameter trades against the intercept
  // and the main effects once the cells 00 are unobserved) and are refused.
  const CovariateTable table = StratifiedLincolnPetersenTable();
  Result<CovariateSearchResult> found = SearchCovariateModels(table);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_TRUE(found->exhaustive);
  EXPECT_EQ(found->candidate_terms, 3);
  EXPECT_EQ(found->fitted, 8);
  EXPECT_EQ(found->refused, 4);
  // The model with both terms is saturated (6 parameters on 6 cells): its AIC is
  // 12 - 2 log L_max; it must be no worse than every model the search fitted.
  for (const char* text : {"", "A:s", "B:s", "A:s, B:s"}) {
    Result<CovariateFit> other = FitCovariateModel(table, *ParseCovariateModel(text, table));
    ASSERT_TRUE(other.ok());
    EXPECT_LE(found->best.aic, other->aic + 1e-9) << text;
  }
}

TEST(CovariateSearch, StepwiseReachesAModelNoWorseThanTheReferenceModels) {
  ZICHT_SHARED_FILE_OR_SKIP(file, "mse_covariates/impute.csv");
  Result<CovariateTable> table = ReadCovariateTableCsv(file.string(), {"a", "b", "c"});
  ASSERT_TRUE(table.ok()) << table.status().message();
  CovariateSearchOptions options;
  options.exhaustive_limit = 0;  // force the stepwise search
  Result<CovariateSearchResult> found = SearchCovariateModels(*table, options);
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_FALSE(found->exhaustive);
  // The models of reference.json's impute cases M1, M2 and M3, which all contain a:b:c.
  for (const char* text : {"a:b:c", "A:a, B:b, C:c, a:b:c",
                           "A:a, A:b, A:c, B:a, B:b, B:c, C:a, C:b, C:c, A:B, A:C, B:C, a:b:c"}) {
    Result<CovariateFit> other = FitCovariateModel(*table, *ParseCovariateModel(text, *table));
    ASSERT_TRUE(other.ok());
    EXPECT_LE(found->best.aic, other->aic + 1e-6) << text;
  }
}

TEST(CovariateBootstrap, IntervalsHoldTheEstimateAndRepeatWithTheSeed) {
  const CovariateTable table = StratifiedLincolnPetersenTable();
  Result<CovariateFit> fit = FitCovariateModel(table, *ParseCovariateModel("A:s, B:s", table));
  ASSERT_TRUE(fit.ok());
  CovariateBootstrapOptions options;
  options.replicates = 200;
  options.seed = 7;
  Result<CovariateBootstrap> first = BootstrapCovariateFit(table, *fit, options);
  ASSERT_TRUE(first.ok()) << first.status().message();
  EXPECT_LT(first->total.lower, fit->estimate);
  EXPECT_GT(first->total.upper, fit->estimate);
  for (const LevelEstimate& level : first->per_level) {
    EXPECT_LT(level.lower, level.estimate);
    EXPECT_GT(level.upper, level.estimate);
  }
  options.parallel = false;
  Result<CovariateBootstrap> second = BootstrapCovariateFit(table, *fit, options);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(first->total.lower, second->total.lower);
  EXPECT_EQ(first->total.upper, second->total.upper);
}

TEST(CovariateTable, ErrorsNameTheRowAndColumnButNeverAField) {
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "t.csv", "A,B,s,count\n1,0,x,5\n0,7q,y,3\n");
  Result<CovariateTable> table = ReadCovariateTableCsv((dir / "t.csv").string(), {"s"});
  ASSERT_FALSE(table.ok());
  const std::string& message = table.status().message();
  EXPECT_NE(message.find("t.csv:3"), std::string::npos) << message;
  EXPECT_NE(message.find("`B`"), std::string::npos) << message;
  EXPECT_EQ(message.find("7q"), std::string::npos) << message;
  zicht::testing::WriteFile(dir / "u.csv", "A,B,count\n1,0,5\n");
  EXPECT_FALSE(ReadCovariateTableCsv((dir / "u.csv").string(), {"s"}).ok());
}

TEST(CovariateTable, NumericLevelsSortAsNumbersAndUnknownsStayUnknown) {
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "t.csv", "s,A,B,count\n10,1,0,5\n2,0,1,3\nNA,1,1,2\n,1,1,1\n");
  Result<CovariateTable> table = ReadCovariateTableCsv((dir / "t.csv").string(), {"s"});
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->lists, (std::vector<std::string>{"A", "B"}));
  EXPECT_EQ(table->levels[0], (std::vector<std::string>{"2", "10"}));
  EXPECT_DOUBLE_EQ(table->observed_total(), 11.0);
  EXPECT_TRUE(table->HasMissing());
}

}  // namespace
}  // namespace zicht::estimate
