#include "zicht/privacy/disclosure.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <set>
#include <vector>

namespace zicht::privacy {
namespace {

using Counts = std::vector<std::int64_t>;
using Cells = std::vector<std::size_t>;

Cells Hidden(const SuppressionSummary& summary) {
  Cells out;
  for (std::size_t i = 0; i < summary.cells.size(); ++i) {
    if (summary.suppressed(i)) out.push_back(i);
  }
  return out;
}

Cells InState(const SuppressionSummary& summary, CellState state) {
  Cells out;
  for (std::size_t i = 0; i < summary.cells.size(); ++i) {
    if (summary.cells[i] == state) out.push_back(i);
  }
  return out;
}

// A summary that hides exactly `hidden`, as a careless hand might: for testing the audit.
SuppressionSummary HideOnly(std::size_t cells, const Cells& hidden) {
  SuppressionSummary summary;
  summary.cells.assign(cells, CellState::kShown);
  for (std::size_t i : hidden) summary.cells[i] = CellState::kSecondary;
  return summary;
}

SuppressionSummary Suppress(const Counts& counts, const std::vector<Relation>& relations,
                            std::int64_t threshold = 10) {
  Result<SuppressionSummary> result = SuppressSmallCounts(counts, relations, threshold);
  EXPECT_TRUE(result.ok()) << result.status().message();
  return result.ok() ? result.value() : SuppressionSummary{};
}

// The 4 x 4 table with margins of BridgeBetweenTwoCyclesIsBrokenByOneMoreCell. The local
// rules hide two 2 x 2 cycles, rows 0-1 x columns 0-1 and rows 2-3 x columns 2-3, joined by
// the primary cell (1, 2); that cell is then a bridge: rows 0 and 1 minus columns 0 and 1
// leave it alone, 13 + 25 - 14 - 22 = 2.
constexpr std::size_t kBridgeWidth = 5;
std::size_t BridgeCell(std::size_t row, std::size_t column) {
  return row * kBridgeWidth + column;
}
Counts BridgeCounts() {
  return {3,   10,  30, 40,  83,   //
          11,  12,  2,  50,  75,   //
          60,  70,  13, 14,  157,  //
          80,  90,  15, 4,   189,  //
          154, 182, 60, 108, 504};
}
Cells BridgeLocalPattern() {
  Cells cells = {BridgeCell(0, 0), BridgeCell(0, 1), BridgeCell(1, 0),
                 BridgeCell(1, 1), BridgeCell(1, 2), BridgeCell(2, 2),
                 BridgeCell(2, 3), BridgeCell(3, 2), BridgeCell(3, 3)};
  std::sort(cells.begin(), cells.end());
  return cells;
}

// Sectors within two groups crossed with three columns and their total, 8 x 4 cells:
//          c0   c1   c2 | total
//   all    40   12   75 | 127     row 0 = row 1 + row 4
//   G1     27    1   37 |  65     row 1 = row 2 + row 3
//    s     10    1   20 |  31
//    s     17    0   17 |  34
//   G2     13   11   38 |  62     row 4 = row 5 + row 6 + row 7
//    s      9   11   17 |  37
//    s      4    0   14 |  18
//    s      0    0    7 |   7
// The local rules hide the cells of HierarchyLocalPattern. Then (6, 0) = 4 is determined
// although every relation has two or more hidden cells: row 7 gives (7,2) = (7,3); the
// G2 relations of columns 3 and 2 give (6,3) + (7,3) = 62 - 37 = 25 and
// (6,2) + (7,2) = 38 - 17 = 21, so (6,3) - (6,2) = 4; and row 6 says
// (6,0) + 0 + (6,2) = (6,3).
constexpr std::size_t kHierarchyWidth = 4;
std::size_t HierarchyCell(std::size_t row, std::size_t column) {
  return row * kHierarchyWidth + column;
}
std::vector<Relation> HierarchyByColumns() {
  const std::vector<std::size_t> parent = {kNoParent, 0, 1, 1, 0, 4, 4, 4};
  const std::vector<Relation> among_columns = {CategoriesThenTotal(3)};
  return CrossRelations(parent.size(), HierarchyRelations(parent).value(), kHierarchyWidth,
                        among_columns);
}
Counts HierarchyCounts() {
  return {40, 12, 75, 127,  //
          27, 1,  37, 65,   //
          10, 1,  20, 31,   //
          17, 0,  17, 34,   //
          13, 11, 38, 62,   //
          9,  11, 17, 37,   //
          4,  0,  14, 18,   //
          0,  0,  7,  7};
}
Cells HierarchyLocalPattern() {
  return {HierarchyCell(1, 0), HierarchyCell(1, 1), HierarchyCell(2, 0), HierarchyCell(2, 1),
          HierarchyCell(4, 0), HierarchyCell(4, 1), HierarchyCell(5, 0), HierarchyCell(5, 1),
          HierarchyCell(6, 0), HierarchyCell(6, 2), HierarchyCell(6, 3), HierarchyCell(7, 2),
          HierarchyCell(7, 3)};
}

// Whether every relation has none or at least two hidden members and, where its total is
// shown, hidden parts summing to 0 or at least `threshold`: what the local rules ensure.
bool LocallyProtected(const Counts& counts, const std::vector<Relation>& relations,
                      const SuppressionSummary& summary, std::int64_t threshold = 10) {
  for (const Relation& relation : relations) {
    std::size_t hidden = summary.suppressed(relation.total) ? 1 : 0;
    std::int64_t hidden_sum = 0;
    for (std::size_t part : relation.parts) {
      if (!summary.suppressed(part)) continue;
      ++hidden;
      hidden_sum += counts[part];
    }
    if (hidden == 1) return false;
    if (!summary.suppressed(relation.total) && hidden_sum >= 1 && hidden_sum < threshold) {
      return false;
    }
  }
  return true;
}

// ----- SuppressSmallCounts: hand-computed cases ---------------------------------------------

TEST(SuppressSmallCounts, GivesALoneSmallCellTheSmallestNonzeroPartAsPartner) {
  // 3 + 0 + 25 + 14 = 42: the 3 is primary, and the 14, not the 0, protects it.
  const Counts counts = {3, 0, 25, 14, 42};
  const std::vector<Relation> relations = {CategoriesThenTotal(4)};
  const SuppressionSummary summary = Suppress(counts, relations);
  EXPECT_EQ(InState(summary, CellState::kPrimary), (Cells{0}));
  EXPECT_EQ(InState(summary, CellState::kSecondary), (Cells{3}));
  EXPECT_EQ(summary.primary, 1u);
  EXPECT_EQ(summary.secondary, 1u);
  EXPECT_TRUE(ExposedCells(counts, relations, summary).empty());
}

TEST(SuppressSmallCounts, HidesTheWholeInnerCycleOfATwoByTwoTableWithMargins) {
  //  3 12 | 15
  // 20 30 | 50
  // 23 42 | 65
  const Counts counts = {3, 12, 15, 20, 30, 50, 23, 42, 65};
  const std::vector<Relation> relations = GridRelations(2, 2, true, true);
  const SuppressionSummary summary = Suppress(counts, relations);
  EXPECT_EQ(InState(summary, CellState::kPrimary), (Cells{0}));
  EXPECT_EQ(InState(summary, CellState::kSecondary), (Cells{1, 3, 4}));
  EXPECT_TRUE(ExposedCells(counts, relations, summary).empty());
  EXPECT_EQ(summary.BriefReport(),
            "4 of 9 cells suppressed: 1 below the threshold, 3 more so that none of those can "
            "be derived");
}

TEST(SuppressSmallCounts, NeverUsesAZeroAsTheOnlyPartnerButHidesTheTotalInstead) {
  // Relation 0: 15 = 3 + 12. Relation 1: 12 = 12 + 0. Once the 12 protects the 3, it is
  // the lone hidden member of relation 1, where only a zero is left: hiding the zero would
  // not help (12 - 0 = 12), so the total of relation 1 goes.
  const Counts counts = {3, 12, 15, 0, 12};
  const std::vector<Relation> relations = {{2, {0, 1}}, {4, {1, 3}}};
  const SuppressionSummary summary = Suppress(counts, relations);
  EXPECT_EQ(InState(summary, CellState::kPrimary), (Cells{0}));
  EXPECT_EQ(InState(summary, CellState::kSecondary), (Cells{1, 4}));
  EXPECT_FALSE(summary.suppressed(3));
  EXPECT_TRUE(ExposedCells(counts, relations, summary).empty());
}

TEST(SuppressSmallCounts, HidesASmallSubtotalAndProtectsItInTheLevelAbove) {
  // 95 = G1 + G2, G1 = 2 + 3 = 5, G2 = 40 + 50 = 90. G1 and its sectors are primary; G2
  // protects G1 in the grand total, and then needs a partner of its own, the 40.
  const std::vector<std::size_t> parent = {kNoParent, 0, 1, 1, 0, 4, 4};
  const Result<std::vector<Relation>> relations = HierarchyRelations(parent);
  ASSERT_TRUE(relations.ok()) << relations.status().message();
  const Counts counts = {95, 5, 2, 3, 90, 40, 50};
  const SuppressionSummary summary = Suppress(counts, *relations);
  EXPECT_EQ(InState(summary, CellState::kPrimary), (Cells{1, 2, 3}));
  EXPECT_EQ(InState(summary, CellState::kSecondary), (Cells{4, 5}));
  EXPECT_TRUE(ExposedCells(counts, *relations, summary).empty());
}

TEST(SuppressSmallCounts, HidesMorePartsWhileTheHiddenPartsSumToLessThanTheThreshold) {
  // 3 and 4 protect each other against subtraction, but 77 - 30 - 40 = 7 tells the reader
  // that both are at most 7; hiding the 30 as well makes the hidden sum 37.
  const Counts counts = {3, 4, 30, 40, 77};
  const std::vector<Relation> relations = {CategoriesThenTotal(4)};
  const SuppressionSummary summary = Suppress(counts, relations);
  EXPECT_EQ(InState(summary, CellState::kPrimary), (Cells{0, 1}));
  EXPECT_EQ(InState(summary, CellState::kSecondary), (Cells{2}));
  EXPECT_TRUE(ExposedCells(counts, relations, summary).empty());
}

TEST(SuppressSmallCounts, BreaksABridgeBetweenTwoSuppressionCyclesWithOneMoreCell) {
  // Traced by hand: the primaries are (0,0) = 3, (1,2) = 2 and (3,3) = 4. Row 0 takes
  // (0,1) = 10, row 1 takes (1,0) = 11, row 3 takes (3,2) = 15, column 1 then needs
  // (1,1) = 12, column 3 (2,3) = 14, and row 2 then (2,2) = 13. No relation has a lone
  // hidden cell or a small hidden sum, yet (1,2) is determined (see BridgeCounts). Both
  // combinations that determine it (rows 0-1 with columns 0-1, or columns 2-3 with rows
  // 2-3) contain the shown (0,2) = 30 as their smallest nonzero cell; hiding it puts (1,2)
  // on the cycle (0,2) (1,2) (1,0) (0,0).
  const Counts counts = BridgeCounts();
  const std::vector<Relation> relations = GridRelations(4, 4, true, true);
  const SuppressionSummary summary = Suppress(counts, relations);
  EXPECT_EQ(InState(summary, CellState::kPrimary),
            (Cells{BridgeCell(0, 0), BridgeCell(1, 2), BridgeCell(3, 3)}));
  Cells expected = BridgeLocalPattern();
  expected.push_back(BridgeCell(0, 2));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Hidden(summary), expected);
  EXPECT_TRUE(ExposedCells(counts, relations, summary).empty());
}

TEST(SuppressSmallCounts, BreaksARecoveryThroughAHierarchyCrossedWithColumns) {
  // The combination that determines (6, 0) (see HierarchyCounts) runs through rows 6 and
  // 7 and the G2 relations of columns 2 and 3; their shown nonzero cells are (4,2) = 38,
  // (5,2) = 17, (4,3) = 62 and (5,3) = 37. Hiding the smallest, (5,2), puts (6, 0) on the
  // cycle (6,0) (6,2) (5,2) (5,0).
  const Counts counts = HierarchyCounts();
  const std::vector<Relation> relations = HierarchyByColumns();
  const SuppressionSummary summary = Suppress(counts, relations);
  Cells expected = HierarchyLocalPattern();
  expected.push_back(HierarchyCell(5, 2));
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(Hidden(summary), expected);
  EXPECT_EQ(InState(summary, CellState::kPrimary),
            (Cells{HierarchyCell(1, 1), HierarchyCell(2, 1), HierarchyCell(5, 0),
                   HierarchyCell(6, 0), HierarchyCell(7, 2), HierarchyCell(7, 3)}));
  EXPECT_TRUE(ExposedCells(counts, relations, summary).empty());
}

TEST(SuppressSmallCounts, SuppressesNothingWithThresholdZeroOrOne) {
  const Counts counts = {1, 2, 0, 3, 6};
  const std::vector<Relation> relations = {CategoriesThenTotal(4)};
  for (std::int64_t threshold : {0, 1}) {
    const SuppressionSummary summary = Suppress(counts, relations, threshold);
    EXPECT_TRUE(Hidden(summary).empty()) << "threshold " << threshold;
    EXPECT_EQ(summary.cells.size(), counts.size());
    EXPECT_TRUE(ExposedCells(counts, relations, summary, threshold).empty());
  }
}

TEST(SuppressSmallCounts, ShowsZerosAndLargeCountsOfATableWithoutSmallCounts) {
  const Counts counts = {0, 10, 25, 0, 35};
  const std::vector<Relation> relations = {CategoriesThenTotal(4)};
  EXPECT_TRUE(Hidden(Suppress(counts, relations)).empty());
}

TEST(SuppressSmallCounts, RefusesARelationThatDoesNotHoldNamingIt) {
  const Counts counts = {1, 2, 3, 5};
  const std::vector<Relation> relations = {{2, {0, 1}}, {3, {0, 2}}};  // 1 + 3 is not 5
  const Result<SuppressionSummary> result = SuppressSmallCounts(counts, relations, 10);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(result.status().message().find("relation 1 "), std::string::npos)
      << result.status().message();
}

TEST(SuppressSmallCounts, RefusesCellIndicesOutsideTheTableNamingTheRelation) {
  const Counts counts = {1, 2, 3};
  for (const std::vector<Relation>& relations : {std::vector<Relation>{{2, {0, 1}}, {2, {0, 9}}},
                                                 std::vector<Relation>{{2, {0, 1}}, {7, {0, 1}}}}) {
    const Result<SuppressionSummary> result = SuppressSmallCounts(counts, relations, 10);
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.status().code(), StatusCode::kInvalidArgument);
    EXPECT_NE(result.status().message().find("relation 1 "), std::string::npos)
        << result.status().message();
  }
}

TEST(SuppressSmallCounts, RefusesRepeatedPartsATotalAmongItsPartsAndNegativeCounts) {
  EXPECT_EQ(
      SuppressSmallCounts(Counts{1, 2}, std::vector<Relation>{{1, {0, 0}}}, 10).status().code(),
      StatusCode::kInvalidArgument);
  EXPECT_EQ(
      SuppressSmallCounts(Counts{0, 0}, std::vector<Relation>{{1, {0, 1}}}, 10).status().code(),
      StatusCode::kInvalidArgument);
  const Result<SuppressionSummary> negative =
      SuppressSmallCounts(Counts{4, -1, 3}, std::vector<Relation>{{2, {0, 1}}}, 10);
  ASSERT_FALSE(negative.ok());
  EXPECT_NE(negative.status().message().find("cell 1 "), std::string::npos);
}

TEST(SuppressSmallCounts, RefusesANegativeThreshold) {
  EXPECT_EQ(SuppressSmallCounts(Counts{1}, std::vector<Relation>{}, -1).status().code(),
            StatusCode::kInvalidArgument);
}

// ----- ExposedCells: the audit can fail -----------------------------------------------------

TEST(ExposedCells, FlagsAShownSmallCount) {
  const Counts counts = {3, 20, 23};
  const std::vector<Relation> relations = {CategoriesThenTotal(2)};
  EXPECT_EQ(ExposedCells(counts, relations, HideOnly(3, {})), (Cells{0}));
}

TEST(ExposedCells, FlagsALoneHiddenCellOfARelation) {
  const Counts counts = {3, 20, 30, 53};
  const std::vector<Relation> relations = {CategoriesThenTotal(3)};
  EXPECT_EQ(ExposedCells(counts, relations, HideOnly(4, {0})), (Cells{0}));
}

TEST(ExposedCells, FlagsHiddenPartsThatSumToLessThanTheThreshold) {
  const Counts counts = {3, 4, 30, 40, 77};
  const std::vector<Relation> relations = {CategoriesThenTotal(4)};
  EXPECT_EQ(ExposedCells(counts, relations, HideOnly(5, {0, 1})), (Cells{0, 1}));
  EXPECT_TRUE(ExposedCells(counts, relations, HideOnly(5, {0, 1, 2})).empty());
}

TEST(ExposedCells, FlagsABridgeBetweenTwoSuppressionCycles) {
  const Counts counts = BridgeCounts();
  const std::vector<Relation> relations = GridRelations(4, 4, true, true);
  const SuppressionSummary local = HideOnly(counts.size(), BridgeLocalPattern());
  // Every relation has two or more hidden cells and no small hidden sum...
  EXPECT_TRUE(LocallyProtected(counts, relations, local));
  // ...but the bridge is determined.
  EXPECT_EQ(ExposedCells(counts, relations, local), (Cells{BridgeCell(1, 2)}));
}

TEST(ExposedCells, FlagsACellRecoveredThroughAHierarchyCrossedWithColumns) {
  const Counts counts = HierarchyCounts();
  const std::vector<Relation> relations = HierarchyByColumns();
  const SuppressionSummary local = HideOnly(counts.size(), HierarchyLocalPattern());
  EXPECT_TRUE(LocallyProtected(counts, relations, local));
  EXPECT_EQ(ExposedCells(counts, relations, local), (Cells{HierarchyCell(6, 0)}));
}

TEST(ExposedCells, FlagsHiddenPartsBehindADeterminedCell) {
  // 19 = 3 + 12 + 4 with all three parts hidden (sum 19), but relation 1 (12 = 12 + 0)
  // gives the 12 away, so 3 + 4 = 7 is known.
  const Counts counts = {3, 12, 4, 19, 0, 12};
  const std::vector<Relation> relations = {{3, {0, 1, 2}}, {5, {1, 4}}};
  EXPECT_EQ(ExposedCells(counts, relations, HideOnly(6, {0, 1, 2})), (Cells{0, 2}));
}

TEST(ExposedCells, IgnoresADeterminedCellAtOrAboveTheThreshold) {
  const Counts counts = {12, 30, 42};
  const std::vector<Relation> relations = {CategoriesThenTotal(2)};
  EXPECT_TRUE(ExposedCells(counts, relations, HideOnly(3, {0})).empty());
}

TEST(ExposedCells, ThrowsOnASummaryOfAnotherTable) {
  const Counts counts = {12, 30, 42};
  const std::vector<Relation> relations = {CategoriesThenTotal(2)};
  EXPECT_THROW(static_cast<void>(ExposedCells(counts, relations, HideOnly(2, {}))),
               std::invalid_argument);
}

// ----- Relations of common layouts ----------------------------------------------------------

TEST(DisclosureLayouts, GridRelationsGoRowByRowThenColumnByColumn) {
  // 2 x 3 inner cells with both margins: 3 rows of 4 cells.
  const std::vector<Relation> relations = GridRelations(2, 3, true, true);
  ASSERT_EQ(relations.size(), 3u + 4u);
  EXPECT_EQ(relations[0].total, 3u);
  EXPECT_EQ(relations[0].parts, (Cells{0, 1, 2}));
  EXPECT_EQ(relations[2].total, 11u);  // the grand total as the sum of the column totals
  EXPECT_EQ(relations[2].parts, (Cells{8, 9, 10}));
  EXPECT_EQ(relations[3].total, 8u);
  EXPECT_EQ(relations[3].parts, (Cells{0, 4}));
  EXPECT_EQ(relations[6].total, 11u);  // and as the sum of the row totals
  EXPECT_EQ(relations[6].parts, (Cells{3, 7}));
}

TEST(DisclosureLayouts, GridRelationsWithOnlyRowTotalsHaveOneRelationPerRow) {
  const std::vector<Relation> relations = GridRelations(3, 2, true, false);
  ASSERT_EQ(relations.size(), 3u);
  EXPECT_EQ(relations[1].total, 5u);
  EXPECT_EQ(relations[1].parts, (Cells{3, 4}));
}

TEST(DisclosureLayouts, HierarchyRelationsHaveOneRelationPerCellWithChildren) {
  const std::vector<std::size_t> parent = {kNoParent, 0, 1, 1, 1, 0, 5, 5};
  const Result<std::vector<Relation>> relations = HierarchyRelations(parent);
  ASSERT_TRUE(relations.ok());
  ASSERT_EQ(relations->size(), 3u);
  EXPECT_EQ((*relations)[0].total, 0u);
  EXPECT_EQ((*relations)[0].parts, (Cells{1, 5}));
  EXPECT_EQ((*relations)[1].parts, (Cells{2, 3, 4}));
  EXPECT_EQ((*relations)[2].parts, (Cells{6, 7}));
}

TEST(DisclosureLayouts, HierarchyRelationsRefuseLoopsAndUnknownParents) {
  EXPECT_EQ(HierarchyRelations(std::vector<std::size_t>{kNoParent, 2, 1}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(HierarchyRelations(std::vector<std::size_t>{1, 1}).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(HierarchyRelations(std::vector<std::size_t>{kNoParent, 5}).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(DisclosureLayouts, CrossRelationsApplyEachWayInEveryRowAndColumn) {
  // Rows: a hierarchy 0 = 1 + 2; columns: 0 + 1 = 2.
  const std::vector<Relation> among_rows = {{0, {1, 2}}};
  const std::vector<Relation> among_columns = {CategoriesThenTotal(2)};
  const std::vector<Relation> relations = CrossRelations(3, among_rows, 3, among_columns);
  ASSERT_EQ(relations.size(), 6u);
  EXPECT_EQ(relations[1].total, 5u);
  EXPECT_EQ(relations[1].parts, (Cells{3, 4}));
  EXPECT_EQ(relations[4].total, 1u);
  EXPECT_EQ(relations[4].parts, (Cells{4, 7}));
  EXPECT_THROW(static_cast<void>(CrossRelations(2, among_rows, 3, among_columns)),
               std::invalid_argument);
}

// ----- Property: random tables --------------------------------------------------------------

struct Table {
  Counts counts;
  std::vector<Relation> relations;
};

// Many counts are small, so that there is much to protect: a third zero, about four in ten
// from 1 to 12, the rest from 10 to 40.
std::int64_t DrawCount(std::mt19937_64& rng) {
  const int kind = std::uniform_int_distribution<int>(0, 9)(rng);
  if (kind < 3) return 0;
  if (kind < 7) return std::uniform_int_distribution<std::int64_t>(1, 12)(rng);
  return std::uniform_int_distribution<std::int64_t>(10, 40)(rng);
}

// Draws the cells that are no relation's total and adds up the others, so every relation
// holds by construction.
Counts FillTable(std::size_t cells, const std::vector<Relation>& relations, std::mt19937_64& rng) {
  std::vector<bool> is_total(cells, false);
  for (const Relation& relation : relations) is_total[relation.total] = true;
  Counts counts(cells, -1);
  for (std::size_t i = 0; i < cells; ++i) {
    if (!is_total[i]) counts[i] = DrawCount(rng);
  }
  for (bool changed = true; changed;) {
    changed = false;
    for (const Relation& relation : relations) {
      if (counts[relation.total] >= 0) continue;
      std::int64_t sum = 0;
      bool complete = true;
      for (std::size_t part : relation.parts) {
        complete = complete && counts[part] >= 0;
        sum += counts[part];
      }
      if (complete) {
        counts[relation.total] = sum;
        changed = true;
      }
    }
  }
  return counts;
}

Table RandomOneWay(std::mt19937_64& rng) {
  const auto categories = std::uniform_int_distribution<std::size_t>(1, 7)(rng);
  std::vector<Relation> relations = {CategoriesThenTotal(categories)};
  return {FillTable(categories + 1, relations, rng), relations};
}

Table RandomGrid(std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> size(1, 6);
  std::bernoulli_distribution margin(0.85);
  const std::size_t rows = size(rng);
  const std::size_t columns = size(rng);
  const bool row_totals = margin(rng);
  const bool column_totals = margin(rng);
  std::vector<Relation> relations = GridRelations(rows, columns, row_totals, column_totals);
  const std::size_t cells = (rows + column_totals) * (columns + row_totals);
  return {FillTable(cells, relations, rng), relations};
}

// A grand total over 1 to 4 groups of 1 to 4 sectors (as visibility groups over sectors),
// half the time crossed with 2 to 3 columns and their total (as years).
Table RandomHierarchy(std::mt19937_64& rng) {
  std::uniform_int_distribution<std::size_t> size(1, 4);
  std::vector<std::size_t> parent = {kNoParent};
  const std::size_t groups = size(rng);
  for (std::size_t g = 0; g < groups; ++g) {
    const std::size_t group = parent.size();
    parent.push_back(0);
    const std::size_t sectors = size(rng);
    for (std::size_t s = 0; s < sectors; ++s) parent.push_back(group);
  }
  const std::vector<Relation> hierarchy = HierarchyRelations(parent).value();
  if (std::bernoulli_distribution(0.5)(rng)) {
    return {FillTable(parent.size(), hierarchy, rng), hierarchy};
  }
  const std::size_t columns = std::uniform_int_distribution<std::size_t>(2, 3)(rng);
  const std::vector<Relation> among_columns = {CategoriesThenTotal(columns)};
  std::vector<Relation> relations =
      CrossRelations(parent.size(), hierarchy, columns + 1, among_columns);
  return {FillTable(parent.size() * (columns + 1), relations, rng), relations};
}

// The brute-force reader: integer completions of the hidden cells in [0, bound] that agree
// with the shown cells and every relation, found by depth-first search that fills in any
// relation with one unknown left. The bound is the largest count of the table; a reader
// who does not know it has more completions to choose from, not fewer, so the check is
// if anything stricter than the reader.
class Completions {
 public:
  Completions(const Table& table, const SuppressionSummary& summary, long search_budget = 200000)
      : table_(table), known_(table.counts), search_budget_(search_budget) {
    for (std::int64_t count : table.counts) bound_ = std::max(bound_, count);
    for (std::size_t i = 0; i < known_.size(); ++i) {
      if (summary.suppressed(i)) {
        known_[i] = -1;
        ++unknowns_;
      }
    }
  }

  std::size_t unknowns() const { return unknowns_; }
  std::int64_t bound() const { return bound_; }

  // Whether some completion gives `cell` another value than its true one; nullopt when
  // the search budget runs out.
  std::optional<bool> HasAlternativeAt(std::size_t cell) {
    budget_ = search_budget_;
    const std::int64_t truth = table_.counts[cell];
    const bool found = ForValuesNear(truth, [&](std::int64_t value) {
      if (value == truth) return false;
      Counts values = known_;
      values[cell] = value;
      return Search(values);
    });
    if (!found && budget_ < 0) return std::nullopt;
    return found;
  }

 private:
  bool Propagate(Counts& values) const {
    for (bool changed = true; changed;) {
      changed = false;
      for (const Relation& relation : table_.relations) {
        std::size_t unknown = 0;
        std::optional<std::size_t> which;
        std::int64_t parts = 0;
        for (std::size_t part : relation.parts) {
          if (values[part] < 0) {
            ++unknown;
            which = part;
          } else {
            parts += values[part];
          }
        }
        const std::int64_t total = values[relation.total];
        if (total < 0) {
          ++unknown;
          which = relation.total;
        } else if (parts > total) {
          return false;
        }
        if (unknown == 0 && parts != total) return false;
        if (unknown != 1) continue;
        const std::int64_t value = *which == relation.total ? parts : total - parts;
        if (value < 0 || value > bound_) return false;
        values[*which] = value;
        changed = true;
      }
    }
    return true;
  }

  bool Search(Counts values) {
    if (--budget_ < 0) return false;
    if (!Propagate(values)) return false;
    const auto next = std::find(values.begin(), values.end(), -1);
    if (next == values.end()) return true;
    const auto cell = static_cast<std::size_t>(next - values.begin());
    return ForValuesNear(table_.counts[cell], [&](std::int64_t value) {
      values[cell] = value;
      return Search(values);
    });
  }

  // Tries the values of [0, bound] nearest `truth` first (the true table is a completion,
  // so a nearby alternative is the likeliest), until `try_value` succeeds or the budget is
  // spent. The order only speeds the search; it does not decide what is feasible.
  template <typename TryValue>
  bool ForValuesNear(std::int64_t truth, TryValue try_value) {
    for (std::int64_t distance = 0; distance <= bound_ && budget_ >= 0; ++distance) {
      if (truth - distance >= 0 && try_value(truth - distance)) return true;
      if (distance > 0 && truth + distance <= bound_ && try_value(truth + distance)) return true;
    }
    return false;
  }

  const Table& table_;
  Counts known_;
  std::int64_t bound_ = 0;
  std::size_t unknowns_ = 0;
  long search_budget_;
  long budget_ = 0;
};

TEST(ExposedCells, AgreesWithTheBruteForceReaderOnASingletonAndABridge) {
  const Table singleton{{3, 20, 30, 53}, {CategoriesThenTotal(3)}};
  EXPECT_EQ(Completions(singleton, HideOnly(4, {0})).HasAlternativeAt(0), false);
  EXPECT_EQ(Completions(singleton, HideOnly(4, {0, 1})).HasAlternativeAt(0), true);

  const Table bridge{BridgeCounts(), GridRelations(4, 4, true, true)};
  const std::size_t cell = BridgeCell(1, 2);
  EXPECT_EQ(Completions(bridge, HideOnly(bridge.counts.size(), BridgeLocalPattern()), 5000000)
                .HasAlternativeAt(cell),
            false);
  const SuppressionSummary repaired = Suppress(bridge.counts, bridge.relations);
  EXPECT_EQ(Completions(bridge, repaired).HasAlternativeAt(cell), true);
}

TEST(SuppressSmallCounts, LeavesNoSmallCountRecoverableInTwoThousandRandomTables) {
  const auto start = std::chrono::steady_clock::now();
  std::mt19937_64 rng(20240611);
  const std::int64_t thresholds[] = {3, 5, 10};
  std::size_t brute_forced = 0;
  std::size_t inconclusive = 0;
  for (int round = 0; round < 2000; ++round) {
    Table table;
    switch (round % 3) {
      case 0:
        table = RandomOneWay(rng);
        break;
      case 1:
        table = RandomGrid(rng);
        break;
      default:
        table = RandomHierarchy(rng);
        break;
    }
    const std::int64_t threshold = thresholds[std::uniform_int_distribution<int>(0, 2)(rng)];
    SCOPED_TRACE(testing::Message() << "round " << round << ", threshold " << threshold);
    const Result<SuppressionSummary> result =
        SuppressSmallCounts(table.counts, table.relations, threshold);
    ASSERT_TRUE(result.ok()) << result.status().message();
    const SuppressionSummary& summary = *result;

    // (i) every small count is hidden as primary; zeros are always shown.
    for (std::size_t i = 0; i < table.counts.size(); ++i) {
      const std::int64_t count = table.counts[i];
      if (count >= 1 && count < threshold) {
        ASSERT_EQ(summary.cells[i], CellState::kPrimary) << "cell " << i;
      } else {
        ASSERT_NE(summary.cells[i], CellState::kPrimary) << "cell " << i;
      }
      if (count == 0) {
        ASSERT_FALSE(summary.suppressed(i)) << "cell " << i;
      }
    }
    // (ii) the audit finds nothing.
    ASSERT_TRUE(ExposedCells(table.counts, table.relations, summary, threshold).empty());

    // (iii) the brute-force reader cannot pin down any primary cell.
    Completions completions(table, summary);
    if (summary.primary == 0 || completions.unknowns() > 16 || completions.bound() > 400) {
      continue;
    }
    ++brute_forced;
    for (std::size_t i = 0; i < table.counts.size(); ++i) {
      if (summary.cells[i] != CellState::kPrimary) continue;
      const std::optional<bool> alternative = completions.HasAlternativeAt(i);
      if (!alternative) {
        ++inconclusive;
        continue;
      }
      ASSERT_TRUE(*alternative) << "primary cell " << i << " has only its true value";
    }
  }
  // The enumeration must have had real work to do, and almost always finished it.
  EXPECT_GT(brute_forced, 500u);
  EXPECT_LT(inconclusive, 10u);
  const auto seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  RecordProperty("brute_forced_tables", static_cast<int>(brute_forced));
  RecordProperty("milliseconds", static_cast<int>(seconds * 1000));
}

}  // namespace
}  // namespace zicht::privacy
