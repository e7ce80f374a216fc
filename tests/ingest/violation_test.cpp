// Violations as messages: one line each, and a count per rule once there are many.
#include "zicht/ingest/violation.hpp"

#include <gtest/gtest.h>

namespace zicht::ingest {
namespace {

TEST(Violation, NamesFileRowColumnAndRule) {
  EXPECT_EQ((Violation{"f.csv", 3, "Sector", "broken"}).ToString(), "f.csv:3:Sector: broken");
  EXPECT_EQ((Violation{"f.csv", 3, "", "broken"}).ToString(), "f.csv:3: broken");
  EXPECT_EQ((Violation{"f.csv", 0, "", "broken"}).ToString(), "f.csv: broken");
}

TEST(WithThousands, PutsACommaBetweenEachThreeDigits) {
  EXPECT_EQ(WithThousands(0), "0");
  EXPECT_EQ(WithThousands(999), "999");
  EXPECT_EQ(WithThousands(1000), "1,000");
  EXPECT_EQ(WithThousands(48775), "48,775");
  EXPECT_EQ(WithThousands(1234567), "1,234,567");
  EXPECT_EQ(WithThousands(-1234), "-1,234");
}

TEST(CountByRule, CountsEachRuleOfEachColumnOfEachFileInOrderOfFirstSight) {
  const std::vector<Violation> violations = {
      {"a.csv", 2, "Geslacht", "gender rule"}, {"a.csv", 3, "Sector", "sector rule"},
      {"a.csv", 4, "Geslacht", "gender rule"}, {"a.csv", 5, "Geslacht", "gender rule"},
      {"a.csv", 5, "Geslacht", "other rule"},  {"b.csv", 9, "Geslacht", "gender rule"}};
  const auto counts = CountByRule(violations);
  ASSERT_EQ(counts.size(), 4u);
  EXPECT_EQ(counts[0].column, "Geslacht");
  EXPECT_EQ(counts[0].rule, "gender rule");
  EXPECT_EQ(counts[0].rows, 3);
  EXPECT_EQ(counts[0].first_row, 2);
  EXPECT_EQ(counts[1].rule, "sector rule");
  EXPECT_EQ(counts[1].rows, 1);
  EXPECT_EQ(counts[2].rule, "other rule");
  EXPECT_EQ(counts[2].first_row, 5);
  EXPECT_EQ(counts[3].file, "b.csv");
  EXPECT_EQ(counts[3].rows, 1);
  EXPECT_EQ(counts[3].first_row, 9);
}

TEST(RuleCount, SaysHowManyRowsAndTheFirst) {
  EXPECT_EQ((RuleCount{"a.csv", "Geslacht", "gender rule", 48775, 2}).ToString(),
            "a.csv:Geslacht: gender rule (48,775 rows, the first at row 2)");
  EXPECT_EQ((RuleCount{"a.csv", "", "row rule", 1, 7}).ToString(),
            "a.csv: row rule (1 row, the first at row 7)");
  EXPECT_EQ((RuleCount{"a.csv", "", "file rule", 1, 0}).ToString(), "a.csv: file rule");
}

TEST(ViolationDigest, ListsAFewInFull) {
  const std::vector<Violation> violations = {{"a.csv", 2, "Sector", "sector rule"},
                                             {"a.csv", 3, "Sector", "sector rule"}};
  EXPECT_EQ(ViolationDigest(violations, 2),
            "a.csv:2:Sector: sector rule\n"
            "a.csv:3:Sector: sector rule\n");
  EXPECT_EQ(ViolationDigest({}, 2), "");
}

TEST(ViolationDigest, CountsManyByRuleAfterTheFirstLines) {
  std::vector<Violation> violations;
  for (int row = 2; row <= 1201; ++row) violations.push_back({"a.csv", row, "Geslacht", "g"});
  violations.push_back({"a.csv", 1202, "", "ragged"});
  EXPECT_EQ(ViolationDigest(violations, 3),
            "a.csv:2:Geslacht: g\n"
            "a.csv:3:Geslacht: g\n"
            "a.csv:4:Geslacht: g\n"
            "... and 1,198 more; all 1,201 by rule:\n"
            "a.csv:Geslacht: g (1,200 rows, the first at row 2)\n"
            "a.csv: ragged (1 row, the first at row 1202)\n");
}

}  // namespace
}  // namespace zicht::ingest
