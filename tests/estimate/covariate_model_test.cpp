// Log-linear models with covariates against the published packages' figures
// (../shared/data/mse_covariates/reference.json) and against hand computations.
#include "zicht/estimate/covariate_model.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <limits>
#include <nlohmann/json.hpp>
#include <tuple>

#include "estimate/covariate_test_tables.hpp"
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

using testing_tables::TwoListTable;

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

// s=1: 30 on A only, 20 on B only, 10 on both; s=2: 25 on A only and nobody on B.
CovariateTable NobodyOnBAtTheSecondLevelTable() {
  return TwoListTable({{0b01, 0, 30}, {0b10, 0, 20}, {0b11, 0, 10}, {0b01, 1, 25}});
}

TEST(CovariateModel, AnEmptyListByCovariateMarginIsFixedAtTheBoundary) {
  // Model B:s: B:s=2 goes to minus infinity, so the cells of B seen at s=2 are fitted 0.
  // By hand: s=1 has three observable cells and the three free parameters intercept, A
  // and B, so it is fitted exactly and N_1 is Lincoln-Petersen, n1 n2 / m = 40 * 30 / 10
  // = 120, with unseen n10 n01 / n11 = 30 * 20 / 10 = 60. s=2's one cell (A only, 25) is
  // fitted exactly by s=2; its unseen cell differs from it by A's parameter alone, and
  // exp(A) = 30 / 60 at s=1, so N_2 = 25 + 25 / 0.5 = 75. Total 195.
  const CovariateTable table = NobodyOnBAtTheSecondLevelTable();
  Result<CovariateFit> fit = FitCovariateModel(table, *ParseCovariateModel("B:s", table));
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_NEAR(fit->estimate, 195.0, 1e-8);
  EXPECT_NEAR(fit->unseen, 110.0, 1e-8);
  ASSERT_EQ(fit->per_level.size(), 2U);
  EXPECT_NEAR(fit->per_level[0].estimate, 120.0, 1e-8);
  EXPECT_NEAR(fit->per_level[1].estimate, 75.0, 1e-8);
  // The boundary parameter still counts: intercept, A, B, s, B:s.
  EXPECT_EQ(fit->parameters, 5);
  ASSERT_EQ(fit->zero_margin_terms.size(), 1U);
  EXPECT_EQ(fit->zero_margin_terms[0].name, "B:s");
  EXPECT_EQ(fit->zero_margin_terms[0].where, "B seen, s at its level 2");
  EXPECT_FALSE(fit->zero_margin_terms[0].covariates_only);
  EXPECT_EQ(fit->fixed_zero_cells, 2);  // B only and both, at s=2
  EXPECT_EQ(fit->coefficients.back(), -std::numeric_limits<double>::infinity());
  // Every observable cell is fitted exactly: log L = sum y log(y / n), n = 85.
  const double by_hand = 30 * std::log(30.0 / 85) + 20 * std::log(20.0 / 85) +
                         10 * std::log(10.0 / 85) + 25 * std::log(25.0 / 85);
  EXPECT_NEAR(fit->log_likelihood, by_hand, 1e-9);
  EXPECT_NEAR(fit->aic, 10.0 - 2.0 * by_hand, 1e-9);
}

TEST(CovariateModel, AnUnseenLevelThatTheBoundaryLeavesUndeterminedIsRefusedNamingIt) {
  // Model A:s + B:s on the same table: once B:s=2 is fixed, s=2 keeps one observable cell
  // (A only) but has two free parameters, s=2 and A:s=2, so its unseen cell is not
  // determined.
  const CovariateTable table = NobodyOnBAtTheSecondLevelTable();
  Result<CovariateFit> fit = FitCovariateModel(table, *ParseCovariateModel("A:s, B:s", table));
  ASSERT_FALSE(fit.ok());
  EXPECT_EQ(fit.status().code(), StatusCode::kInvalidData);
  const std::string& message = fit.status().message();
  EXPECT_NE(message.find("unseen persons with s at its level 2 are not identifiable"),
            std::string::npos)
      << message;
  EXPECT_NE(message.find("term A:s"), std::string::npos) << message;
  // Everybody at s=2 is on A, so A:s's entry (A not seen, s=2) is the empty one named.
  EXPECT_NE(message.find("term A:s, nobody observed with A not seen, s at its level 2"),
            std::string::npos)
      << message;
}

// Two lists and covariates a and b; the combination a=2, b=2 has nobody.
// (1,1): 60 A only, 30 B only, 20 both; (1,2): 40, 50, 10; (2,1): 30, 20, 10.
CovariateTable EmptyCombinationTable() {
  CovariateTable table;
  table.lists = {"A", "B"};
  table.covariates = {"a", "b"};
  table.levels = {{"1", "2"}, {"1", "2"}};
  const std::vector<std::tuple<int, int, double, double, double>> strata = {
      {0, 0, 60, 30, 20}, {0, 1, 40, 50, 10}, {1, 0, 30, 20, 10}};
  for (const auto& [a, b, only_a, only_b, both] : strata) {
    table.rows.push_back({0b01, {a, b}, only_a});
    table.rows.push_back({0b10, {a, b}, only_b});
    table.rows.push_back({0b11, {a, b}, both});
  }
  return std::move(NormaliseCovariateTable(std::move(table)).value());
}

TEST(CovariateModel, AnEmptyCovariateCombinationIsAStructuralZero) {
  // A:a:b + B:a:b gives every combination its own independence model, so by hand each is
  // Lincoln-Petersen: (1,1) 80 * 50 / 20 = 200, (1,2) 50 * 60 / 10 = 300, (2,1) 40 * 30 /
  // 10 = 120, and (2,2), empty, is 0 in all four cells, its unseen one too. Total 620;
  // a=1: 500, a=2: 120; b=1: 320, b=2: 300.
  const CovariateTable table = EmptyCombinationTable();
  Result<CovariateFit> fit = FitCovariateModel(table, *ParseCovariateModel("A:a:b, B:a:b", table));
  ASSERT_TRUE(fit.ok()) << fit.status().message();
  EXPECT_NEAR(fit->estimate, 620.0, 1e-8);
  ASSERT_EQ(fit->per_level.size(), 4U);
  EXPECT_NEAR(fit->per_level[0].estimate, 500.0, 1e-8);
  EXPECT_NEAR(fit->per_level[1].estimate, 120.0, 1e-8);
  EXPECT_NEAR(fit->per_level[2].estimate, 320.0, 1e-8);
  EXPECT_NEAR(fit->per_level[3].estimate, 300.0, 1e-8);
  // Only a:b's empty entry is reported: A:a:b's and B:a:b's follow from it.
  ASSERT_EQ(fit->zero_margin_terms.size(), 1U);
  EXPECT_EQ(fit->zero_margin_terms[0].name, "a:b");
  EXPECT_EQ(fit->zero_margin_terms[0].where, "a at its level 2, b at its level 2");
  EXPECT_TRUE(fit->zero_margin_terms[0].covariates_only);
  EXPECT_EQ(fit->fixed_zero_cells, 4);
  // 1 + A + B + a + b + A:a + A:b + B:a + B:b + a:b + A:a:b + B:a:b, the last three at
  // the boundary.
  EXPECT_EQ(fit->parameters, 12);
}

TEST(CovariateModel, AStructuralZeroFitsAsTheTableWithoutThatCombination) {
  // Three lists, covariates a and b with (2,2) empty, against the same persons with one
  // covariate ab of the three combinations that occur: the model A:a:b + B:a:b + A:B is
  // A:ab + B:ab + A:B once (2,2) is a structural zero, so the fitted values agree, and the
  // parameters differ by the three of a:b, A:a:b and B:a:b at (2,2).
  CovariateTable crossed, combined;
  crossed.lists = combined.lists = {"A", "B", "C"};
  crossed.covariates = {"a", "b"};
  crossed.levels = {{"1", "2"}, {"1", "2"}};
  combined.covariates = {"ab"};
  combined.levels = {{"1", "2", "3"}};
  const std::vector<std::pair<int, int>> occurring = {{0, 0}, {0, 1}, {1, 0}};
  for (std::uint32_t history = 1; history < 8; ++history) {
    for (int combination = 0; combination < 3; ++combination) {
      const double count = 5.0 + static_cast<double>((history * 7 + combination * 11) % 23);
      const auto [a, b] = occurring[static_cast<std::size_t>(combination)];
      crossed.rows.push_back({history, {a, b}, count});
      combined.rows.push_back({history, {combination}, count});
    }
  }
  crossed = std::move(NormaliseCovariateTable(std::move(crossed)).value());
  combined = std::move(NormaliseCovariateTable(std::move(combined)).value());
  Result<CovariateFit> with_zero =
      FitCovariateModel(crossed, *ParseCovariateModel("A:a:b, B:a:b, A:B", crossed));
  Result<CovariateFit> smaller =
      FitCovariateModel(combined, *ParseCovariateModel("A:ab, B:ab, A:B", combined));
  ASSERT_TRUE(with_zero.ok()) << with_zero.status().message();
  ASSERT_TRUE(smaller.ok()) << smaller.status().message();
  EXPECT_NEAR(with_zero->estimate, smaller->estimate, 1e-9 * smaller->estimate);
  EXPECT_NEAR(with_zero->log_likelihood, smaller->log_likelihood, 1e-9);
  EXPECT_EQ(with_zero->parameters, smaller->parameters + 3);
  // a=1 is ab 1 and 2; b=1 is ab 1 and 3.
  const auto level = [&](int i) {
    return smaller->per_level[static_cast<std::size_t>(i)].estimate;
  };
  EXPECT_NEAR(with_zero->per_level[0].estimate, level(0) + level(1), 1e-8);
  EXPECT_NEAR(with_zero->per_level[1].estimate, level(2), 1e-8);
  EXPECT_NEAR(with_zero->per_level[2].estimate, level(0) + level(2), 1e-8);
  EXPECT_NEAR(with_zero->per_level[3].estimate, level(1), 1e-8);
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
