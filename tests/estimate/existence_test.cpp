#include "zicht/estimate/existence.hpp"

#include <gtest/gtest.h>

#include "mse_test_data.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;

// The verdicts of SparseMSE's checkident on Artificial_3 (Chan, Silverman and Vincent 2021,
// Table 2), as listed in PROVENANCE.md: 0 passes, 1 the estimate does not exist, 2 not
// identifiable. Exact codes; nothing to tolerate.
int CodeFor(const CaptureTable& table, const std::string& model_text) {
  Result<LoglinearModel> model = ParseModel(model_text, table.lists);
  EXPECT_TRUE(model.ok()) << model.status().message();
  return CheckModel(table, *model).code();
}

TEST(Existence, AllThreeTwoListTermsOnArtificial3AreNotIdentifiable) {
  CaptureTable table;
  if (!LoadShared("artificial_3.csv", table)) GTEST_SKIP() << kMissing;
  EXPECT_EQ(CodeFor(table, "A:B, A:C, B:C"), 2);
}

TEST(Existence, ABAloneOrWithOneOtherTermOnArtificial3HasNoEstimate) {
  CaptureTable table;
  if (!LoadShared("artificial_3.csv", table)) GTEST_SKIP() << kMissing;
  EXPECT_EQ(CodeFor(table, "A:B"), 1);
  EXPECT_EQ(CodeFor(table, "A:B, A:C"), 1);
  EXPECT_EQ(CodeFor(table, "A:B, B:C"), 1);
}

TEST(Existence, ModelsWithoutABOnArtificial3Pass) {
  CaptureTable table;
  if (!LoadShared("artificial_3.csv", table)) GTEST_SKIP() << kMissing;
  EXPECT_EQ(CodeFor(table, "main"), 0);
  EXPECT_EQ(CodeFor(table, "A:C"), 0);
  EXPECT_EQ(CodeFor(table, "B:C"), 0);
  EXPECT_EQ(CodeFor(table, "A:C, B:C"), 0);
}

TEST(Existence, ReasonNamesTheFailedTestInWords) {
  CaptureTable table;
  if (!LoadShared("artificial_3.csv", table)) GTEST_SKIP() << kMissing;
  Result<LoglinearModel> all = ParseModel("A:B, A:C, B:C", table.lists);
  ASSERT_TRUE(all.ok());
  const std::string reason = CheckModel(table, *all).Reason(table.lists);
  EXPECT_NE(reason.find("not identifiable"), std::string::npos) << reason;
  EXPECT_NE(reason.find("A:C, B:C"), std::string::npos) << reason;
}

TEST(Existence, TheCachedCheckerAgreesWithTheDirectCheckOnEveryModel) {
  CaptureTable table;
  if (!LoadShared("artificial_3.csv", table)) GTEST_SKIP() << kMissing;
  const ModelChecker checker(table, 2);
  const std::vector<std::string> models = {"main",    "A:B",     "A:C",     "B:C",
                                           "A:B,A:C", "A:B,B:C", "A:C,B:C", "A:B,A:C,B:C"};
  for (const std::string& text : models) {
    Result<LoglinearModel> model = ParseModel(text, table.lists);
    ASSERT_TRUE(model.ok());
    EXPECT_EQ(checker.Check(*model).code(), CheckModel(table, *model).code()) << text;
  }
}

}  // namespace
}  // namespace zicht::estimate
