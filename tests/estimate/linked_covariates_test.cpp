// The covariate table built from linked persons' records, against hand counts.
#include "zicht/estimate/linked_covariates.hpp"

#include <gtest/gtest.h>

namespace zicht::estimate {
namespace {

// The count of the row with this history and these levels (by text; "NA" for unknown).
double CountOf(const CovariateTable& table, std::uint32_t history,
               const std::vector<std::string>& levels) {
  double total = 0.0;
  for (const CovariateRow& row : table.rows) {
    if (row.history != history) continue;
    bool same = true;
    for (std::size_t v = 0; v < levels.size() && same; ++v) {
      const std::string level =
          row.levels[v] == kMissingLevel ? "NA" : table.levels[v][row.levels[v]];
      same = level == levels[v];
    }
    if (same) total += row.count;
  }
  return total;
}

// Lists P (0) and C (1); covariates year and gender.
//   person 1: P 2018 female, C 2018 female, C 2019 unknown -> 2018 PC female, 2019 C NA
//   person 2: P 2019 male, P 2019 female                     -> 2019 P NA (disagree)
//   person 3: C 2019 female, P 2020 female                   -> 2019 C female; 2020 left out
//   person 4: P 2018 male                                     -> 2018 P male
std::vector<CovariateSighting> HandSightings() {
  return {{1, 0, 2018, {"female"}}, {1, 1, 2018, {"female"}}, {1, 1, 2019, {"unknown"}},
          {2, 0, 2019, {"male"}},   {2, 0, 2019, {"female"}}, {3, 1, 2019, {"female"}},
          {3, 0, 2020, {"female"}}, {4, 0, 2018, {"male"}}};
}

TEST(LinkedCovariates, APersonCountsOncePerYearWithTheValueTheirRecordsAgreeOn) {
  CovariateHistoryOptions options;
  options.lists = {"P", "C"};
  options.covariates = {"year", "gender"};
  options.years = YearRange{2018, 2019};
  Result<LinkedCovariates> built = BuildLinkedCovariateTable(HandSightings(), options);
  ASSERT_TRUE(built.ok()) << built.status().message();
  const CovariateTable& table = built->table;
  EXPECT_EQ(table.levels[0], (std::vector<std::string>{"2018", "2019"}));
  EXPECT_EQ(table.levels[1], (std::vector<std::string>{"female", "male"}));
  // Five person-years by hand (above).
  EXPECT_DOUBLE_EQ(table.observed_total(), 5.0);
  EXPECT_DOUBLE_EQ(CountOf(table, 0b11, {"2018", "female"}), 1.0);
  EXPECT_DOUBLE_EQ(CountOf(table, 0b01, {"2018", "male"}), 1.0);
  EXPECT_DOUBLE_EQ(CountOf(table, 0b10, {"2019", "NA"}), 1.0);
  EXPECT_DOUBLE_EQ(CountOf(table, 0b01, {"2019", "NA"}), 1.0);
  EXPECT_DOUBLE_EQ(CountOf(table, 0b10, {"2019", "female"}), 1.0);
  EXPECT_EQ(built->records_used, 7);
  EXPECT_EQ(built->records_outside, 1);
  EXPECT_EQ(built->unknown, (std::vector<std::int64_t>{0, 1}));      // person 1 in 2019
  EXPECT_EQ(built->disagreeing, (std::vector<std::int64_t>{0, 1}));  // person 2
}

TEST(LinkedCovariates, WithoutTheYearAPersonCountsOnceOverTheYears) {
  // Over 2018-2019 without the year: person 1 is PC and female (the unknown record does
  // not disagree), 2 P NA, 3 C female, 4 P male.
  CovariateHistoryOptions options;
  options.lists = {"P", "C"};
  options.covariates = {"gender"};
  options.years = YearRange{2018, 2019};
  std::vector<CovariateSighting> sightings;
  for (CovariateSighting s : HandSightings()) {
    s.values = {s.values[0]};
    sightings.push_back(s);
  }
  Result<LinkedCovariates> built = BuildLinkedCovariateTable(sightings, options);
  ASSERT_TRUE(built.ok()) << built.status().message();
  EXPECT_DOUBLE_EQ(built->table.observed_total(), 4.0);
  EXPECT_DOUBLE_EQ(CountOf(built->table, 0b11, {"female"}), 1.0);
  EXPECT_DOUBLE_EQ(CountOf(built->table, 0b01, {"NA"}), 1.0);
  EXPECT_DOUBLE_EQ(CountOf(built->table, 0b10, {"female"}), 1.0);
  EXPECT_DOUBLE_EQ(CountOf(built->table, 0b01, {"male"}), 1.0);
}

}  // namespace
}  // namespace zicht::estimate
