#include "zicht/estimate/capture_table.hpp"

#include <gtest/gtest.h>

#include "mse_test_data.hpp"
#include "support/test_support.hpp"

namespace zicht::estimate {
namespace {

using testing_data::kMissing;
using testing_data::LoadShared;

TEST(CaptureTable, ReadsListsAndCountsByHistoryBits) {
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "t.csv", "A,B,C,count\n1,0,0,40\n0,1,0,30\n1,1,0,6\n0,0,1,20\n");
  Result<CaptureTable> table = ReadCaptureTableCsv((dir / "t.csv").string());
  ASSERT_TRUE(table.ok()) << table.status().message();
  EXPECT_EQ(table->lists, (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_EQ(table->counts.size(), 8u);
  EXPECT_EQ(table->counts[0b001], 40);
  EXPECT_EQ(table->counts[0b010], 30);
  EXPECT_EQ(table->counts[0b011], 6);
  EXPECT_EQ(table->counts[0b100], 20);
  EXPECT_EQ(table->counts[0b111], 0);  // absent histories count 0
  EXPECT_EQ(table->observed_total(), 96);
}

TEST(CaptureTable, RejectsABadCellNamingFileRowAndColumn) {
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "t.csv", "A,B,count\n1,0,4\n1,2,3\n");
  Result<CaptureTable> table = ReadCaptureTableCsv((dir / "t.csv").string());
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(table.status().message().find("t.csv:3: column `B` must be 0 or 1"), std::string::npos)
      << table.status().message();
}

TEST(CaptureTable, RejectsTheUnobservableAllZeroHistory) {
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "t.csv", "A,B,count\n0,0,4\n");
  Result<CaptureTable> table = ReadCaptureTableCsv((dir / "t.csv").string());
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("all-zero history"), std::string::npos);
}

TEST(CaptureTable, RequiresTheCountColumnLast) {
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "t.csv", "A,B,n\n1,0,4\n");
  Result<CaptureTable> table = ReadCaptureTableCsv((dir / "t.csv").string());
  ASSERT_FALSE(table.ok());
  EXPECT_NE(table.status().message().find("`count`"), std::string::npos);
}

TEST(CaptureTable, MissingFileIsNotFound) {
  Result<CaptureTable> table = ReadCaptureTableCsv("/nonexistent/table.csv");
  ASSERT_FALSE(table.ok());
  EXPECT_EQ(table.status().code(), StatusCode::kNotFound);
}

TEST(CaptureTable, ReadsEveryPublishedTableWithItsDocumentedTotal) {
  // Observed totals from PROVENANCE.md.
  const std::vector<std::pair<std::string, std::int64_t>> expected = {
      {"uk_2013.csv", 2744},        {"uk_2013_5.csv", 2744}, {"new_orleans.csv", 185},
      {"new_orleans_5.csv", 185},   {"western_us.csv", 345}, {"kosovo.csv", 4400},
      {"korea_palembang.csv", 123}, {"hiv_rome.csv", 1896},  {"artificial_3.csv", 96}};
  for (const auto& [name, total] : expected) {
    CaptureTable table;
    if (!LoadShared(name, table)) GTEST_SKIP() << kMissing;
    EXPECT_EQ(table.observed_total(), total) << name;
  }
}

}  // namespace
}  // namespace zicht::estimate
