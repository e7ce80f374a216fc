// Drives the built `zicht estimate --covariates` as a user does.
#include <gtest/gtest.h>

#include <filesystem>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace zicht::estimate {
namespace {

using zicht::testing::RunZicht;

bool BinaryBuilt() {
  return std::filesystem::exists(ZICHT_BINARY);
}

// Two lists and a covariate s. Stratum m: 60 on A only, 30 on B only, 20 on both;
// stratum f: 40, 50, 10.
constexpr const char* kStratified =
    "A,B,s,count\n1,0,m,60\n0,1,m,30\n1,1,m,20\n1,0,f,40\n0,1,f,50\n1,1,f,10\n";

TEST(CovariateCommand, JsonGivesTheEstimateTheIntervalAndEveryLevel) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "strata.csv", kStratified);
  const auto run =
      RunZicht({"estimate", "--table", (dir / "strata.csv").string(), "--covariates", "s",
                "--method", "model", "--model", "A:s, B:s", "--bootstrap", "200", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto out = nlohmann::json::parse(run.out);
  // Lincoln-Petersen per stratum by hand: f (sorted first): (40+10)(50+10)/10 = 300;
  // m: (60+20)(30+20)/20 = 200; total 500.
  EXPECT_NEAR(out["estimate"].get<double>(), 500.0, 1e-6);
  EXPECT_EQ(out["model"], "A:s + B:s");
  EXPECT_LT(out["lower"].get<double>(), 500.0);
  EXPECT_GT(out["upper"].get<double>(), 500.0);
  EXPECT_EQ(out["interval"], "parametric-bootstrap");
  ASSERT_EQ(out["per_level"].size(), 2U);
  EXPECT_EQ(out["per_level"][0]["covariate"], "s");
  EXPECT_EQ(out["per_level"][0]["level"], "f");
  EXPECT_NEAR(out["per_level"][0]["estimate"].get<double>(), 300.0, 1e-6);
  EXPECT_EQ(out["per_level"][1]["level"], "m");
  EXPECT_NEAR(out["per_level"][1]["estimate"].get<double>(), 200.0, 1e-6);
  for (const auto& level : out["per_level"]) {
    EXPECT_LT(level["lower"].get<double>(), level["estimate"].get<double>());
    EXPECT_GT(level["upper"].get<double>(), level["estimate"].get<double>());
  }
}

TEST(CovariateCommand, WithoutAMethodTheSearchSaysWhichCriterion) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "strata.csv", kStratified);
  const auto run = RunZicht({"estimate", "--table", (dir / "strata.csv").string(), "--covariates",
                             "s", "--bootstrap", "0"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.out.find("AIC, every subset"), std::string::npos) << run.out;
  EXPECT_NE(run.out.find("total"), std::string::npos);
}

TEST(CovariateCommand, ABadRowNamesFileRowAndColumnButNotTheField) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "bad.csv", "A,B,s,count\n1,0,m,60\n0,1,m,-3x\n");
  const auto run =
      RunZicht({"estimate", "--table", (dir / "bad.csv").string(), "--covariates", "s"});
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_NE(run.err.find("bad.csv:3"), std::string::npos) << run.err;
  EXPECT_NE(run.err.find("`count`"), std::string::npos) << run.err;
  EXPECT_EQ(run.err.find("-3x"), std::string::npos) << run.err;
}

TEST(CovariateCommand, AModelWithoutAnEstimateGivesTheReasonAndNoNumber) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "strata.csv", kStratified);
  const auto run = RunZicht({"estimate", "--table", (dir / "strata.csv").string(), "--covariates",
                             "s", "--method", "model", "--model", "A:B"});
  EXPECT_EQ(run.exit_code, 65);
  EXPECT_NE(run.err.find("not identifiable"), std::string::npos) << run.err;
  EXPECT_EQ(run.out.find("population"), std::string::npos);
}

TEST(CovariateCommand, HelpShowsACovariateExample) {
  if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
  const auto run = RunZicht({"estimate", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("--covariates a,b,c"), std::string::npos);
}

}  // namespace
}  // namespace zicht::estimate
