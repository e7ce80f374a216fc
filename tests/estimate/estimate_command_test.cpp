// Drives the built `zicht estimate` as a user does.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace zicht::estimate {
namespace {

using zicht::testing::RunZicht;

std::string SharedTable(const std::string& name) {
  return zicht::testing::SharedFile("mse/" + name).string();
}

bool BinaryBuilt() {
  return std::filesystem::exists(ZICHT_BINARY);
}

TEST(EstimateCommand, JsonGivesEstimateIntervalAndModel) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  const std::string table = SharedTable("uk_2013_5.csv");
  if (table.empty()) GTEST_SKIP() << "the shared MSE data sets are not present";
  const auto run = RunZicht(
      {"estimate", "--table", table, "--method", "stepwise", "--interval", "wald", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  const auto& result = out["results"][0];
  EXPECT_EQ(result["method"], "stepwise");
  // SparseMSE 2.0.1 estimatepopulation.0 on UKdat_5 with the stepwise model, rounded to
  // whole persons (../shared/data/mse/PROVENANCE.md, uk_2013).
  EXPECT_NEAR(result["estimate"].get<double>(), 11313, 1);
  EXPECT_NEAR(result["lower"].get<double>(), 9884, 1);
  EXPECT_NEAR(result["upper"].get<double>(), 13027, 1);
  EXPECT_EQ(result["model"], "LA:NG + LA:PFNCA + NG:GO + NG:GP + PFNCA:GP + GO:GP");
}

TEST(EstimateCommand, AModelWithoutAnEstimatePrintsTheReasonAndFails) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  const std::string table = SharedTable("artificial_3.csv");
  if (table.empty()) GTEST_SKIP() << "the shared MSE data sets are not present";
  const auto run = RunZicht({"estimate", "--table", table, "--method", "model", "--model", "A:B"});
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_NE(run.err.find("does not exist"), std::string::npos) << run.err;
  EXPECT_EQ(run.out.find("population"), std::string::npos);
}

TEST(EstimateCommand, HelpShowsAnExample) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  const auto run = RunZicht({"estimate", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("zicht estimate --table"), std::string::npos);
}

TEST(EstimateCommand, AnUnknownMethodIsAUsageError) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  const std::string table = SharedTable("kosovo.csv");
  if (table.empty()) GTEST_SKIP() << "the shared MSE data sets are not present";
  const auto run = RunZicht({"estimate", "--table", table, "--method", "lasso"});
  EXPECT_EQ(run.exit_code, 64);
  EXPECT_NE(run.err.find("unknown method"), std::string::npos);
}

}  // namespace
}  // namespace zicht::estimate
