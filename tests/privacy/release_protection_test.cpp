// Protection of a whole release, checked against hand-computed ranges and, over many small
// random releases, against an exhaustive search for integer witnesses that shares no code
// with the linear programmes: for every hidden small count and every value of the
// protection interval, either some integer counts consistent with everything the reader
// sees give the cell that value, or not even hiding every cell would let it have it.
#include "zicht/privacy/release_protection.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <optional>
#include <random>
#include <tuple>
#include <vector>

namespace zicht::privacy {
namespace {

using Counts = std::vector<std::int64_t>;

ReleaseProblem AllPublished(Counts counts) {
  ReleaseProblem problem;
  problem.published.assign(counts.size(), true);
  problem.counts = std::move(counts);
  return problem;
}

LinearFact Equal(std::vector<std::pair<std::size_t, std::int64_t>> terms) {
  return {std::move(terms), LinearFact::Sense::kEqual};
}

LinearFact AtMost(std::vector<std::pair<std::size_t, std::int64_t>> terms) {
  return {std::move(terms), LinearFact::Sense::kAtMost};
}

// Two years of one category split in two (cells total, a, b per year) and their period,
// which counts each year's persons once (the period's cell is the sum of the years'):
//   0 t15=50  1 a15=3   2 b15=47
//   3 t16=60  4 a16=15  5 b16=45
//   6 tp=110  7 ap=18   8 bp=92
ReleaseProblem YearsAndPeriod() {
  ReleaseProblem problem = AllPublished({50, 3, 47, 60, 15, 45, 110, 18, 92});
  problem.relations = {{0, {1, 2}}, {3, {4, 5}}, {6, {7, 8}}};
  problem.facts = {Equal({{7, 1}, {1, -1}, {4, -1}}), Equal({{8, 1}, {2, -1}, {5, -1}}),
                   Equal({{6, 1}, {0, -1}, {3, -1}})};
  return problem;
}

TEST(ProtectRelease, HidesAcrossTablesWhatEachTableAloneWouldLeaveOpen) {
  const ReleaseProblem problem = YearsAndPeriod();
  // Each table on its own: 2015's small cell and its complement. The period then gives it
  // back: a15 = ap - a16 = 18 - 15 = 3.
  SuppressionSummary per_table;
  per_table.cells.assign(9, CellState::kShown);
  per_table.cells[1] = CellState::kPrimary;
  per_table.cells[2] = CellState::kSecondary;
  auto exposed = AuditRelease(problem, per_table, 10);
  ASSERT_TRUE(exposed.ok()) << exposed.status().message();
  ASSERT_EQ(exposed->size(), 1u);
  EXPECT_EQ((*exposed)[0].cell, 1u);
  EXPECT_DOUBLE_EQ((*exposed)[0].lower, 3);
  EXPECT_DOUBLE_EQ((*exposed)[0].upper, 3);

  auto summary = ProtectRelease(problem, 10);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  const auto& cells = summary->suppression.cells;
  EXPECT_EQ(cells[1], CellState::kPrimary);
  EXPECT_EQ(summary->suppression.primary, 1u);
  // a16 (15) or ap (18) must go, and with it one more cell of its table.
  EXPECT_TRUE(cells[4] != CellState::kShown || cells[7] != CellState::kShown);
  auto after = AuditRelease(problem, summary->suppression, 10);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
  ASSERT_EQ(summary->sensitive.size(), 1u);
  EXPECT_LE(summary->sensitive[0].lower, 1.0);
  EXPECT_GE(summary->sensitive[0].upper, 9.0);
}

TEST(AuditRelease, FindsTheRangeAPeriodAtMostItsYearsLeaves) {
  // Persons may be registered in both years, so the period is at most the sum of its years
  // and at least each year. a15 hidden, a16 = 20 and ap shown. a15 = 4 and ap = 21 (three
  // persons in both years): the reader learns a15 >= 21 - 20 = 1, and ap >= a15 says
  // nothing more: the full range [1, 9] is left. a15 = 8 and ap = 28: a15 >= 8, and only 8
  // and 9 are left.
  for (const auto& [year, period, lower] : {std::tuple{4, 21, 1}, std::tuple{8, 28, 8}}) {
    ReleaseProblem problem = AllPublished({year, 20, period});
    problem.facts = {AtMost({{2, 1}, {0, -1}, {1, -1}}), AtMost({{0, 1}, {2, -1}}),
                     AtMost({{1, 1}, {2, -1}})};
    SuppressionSummary hidden;
    hidden.cells = {CellState::kPrimary, CellState::kShown, CellState::kShown};
    std::vector<CellRange> ranges;
    auto exposed = AuditRelease(problem, hidden, 10, {}, &ranges);
    ASSERT_TRUE(exposed.ok()) << exposed.status().message();
    ASSERT_EQ(ranges.size(), 1u);
    EXPECT_DOUBLE_EQ(ranges[0].lower, lower) << period;
    EXPECT_DOUBLE_EQ(ranges[0].upper, 9) << period;
    EXPECT_EQ(exposed->size(), lower > 1 ? 1u : 0u) << period;
  }
}

TEST(AuditRelease, ReadsASecondaryCellAsThresholdOrMore) {
  // total 30 = a 4 (primary) + b 26 (hidden) shown as x: b >= 10 gives a <= 20 (no help),
  // but with total 14, b >= 10 gives a <= 4: the values 5 to 9 are ruled out. A reader who
  // took "x" for "<10" would instead learn a >= 5.
  ReleaseProblem problem = AllPublished({14, 4, 10});
  problem.relations = {{0, {1, 2}}};
  SuppressionSummary hidden;
  hidden.cells = {CellState::kShown, CellState::kPrimary, CellState::kSecondary};
  std::vector<CellRange> ranges;
  auto exposed = AuditRelease(problem, hidden, 10, {}, &ranges);
  ASSERT_TRUE(exposed.ok());
  ASSERT_EQ(ranges.size(), 1u);
  EXPECT_DOUBLE_EQ(ranges[0].lower, 1);
  EXPECT_DOUBLE_EQ(ranges[0].upper, 4);
  EXPECT_EQ(exposed->size(), 1u);
  // Hiding the total too leaves a free.
  hidden.cells[0] = CellState::kSecondary;
  exposed = AuditRelease(problem, hidden, 10, {}, &ranges);
  ASSERT_TRUE(exposed.ok());
  EXPECT_TRUE(exposed->empty());
  EXPECT_DOUBLE_EQ(ranges[0].upper, 9);
}

TEST(ProtectRelease, ProtectsASmallUnpublishedCountThatLinksTwoTables) {
  // Persons by number of kinds of source: 40 with one, 12 with two, 3 with three (never
  // published). Published: the persons (55) and the registrations of kinds summed over the
  // persons (40 + 24 + 9 = 73), and those with one and with two. The persons with three
  // follow as 55 - 40 - 12 = 3 unless one more of the published cells is hidden.
  //   0 persons=55  1 one=40  2 two=12  3 three=3 (unpublished)  4 sum of kinds=73
  ReleaseProblem problem = AllPublished({55, 40, 12, 3, 73});
  problem.published[3] = false;
  problem.relations = {{0, {1, 2, 3}}};
  problem.facts = {Equal({{4, 1}, {1, -1}, {2, -2}, {3, -3}})};
  auto summary = ProtectRelease(problem, 10);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  const auto& cells = summary->suppression.cells;
  EXPECT_EQ(cells[3], CellState::kPrimary) << "an unpublished small count is sensitive";
  EXPECT_EQ(summary->suppression.primary, 0u) << "no published cell is below 10";
  std::size_t hidden_published = 0;
  for (std::size_t i : {0, 1, 2, 4}) hidden_published += cells[i] != CellState::kShown;
  EXPECT_GE(hidden_published, 2u);
  auto after = AuditRelease(problem, summary->suppression, 10);
  ASSERT_TRUE(after.ok());
  EXPECT_TRUE(after->empty());
}

TEST(ProtectRelease, CutsTheIntervalToWhatTheMarksAloneAllow) {
  // total 6 = a 4 + b 2, all three below 10 and marked "<10". The marks alone say that
  // each part is at least 1, so the total is 2 to 9 and each part 1 to 8: no hiding can
  // widen that, and the release is protected with those ranges.
  ReleaseProblem problem = AllPublished({6, 4, 2});
  problem.relations = {{0, {1, 2}}};
  auto summary = ProtectRelease(problem, 10);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->suppression.primary, 3u);
  ASSERT_EQ(summary->sensitive.size(), 3u);
  for (const CellRange& range : summary->sensitive) {
    EXPECT_DOUBLE_EQ(range.lower, range.cell == 0 ? 2 : 1) << range.cell;
    EXPECT_DOUBLE_EQ(range.upper, range.cell == 0 ? 9 : 8) << range.cell;
  }
}

TEST(ProtectRelease, HidesNothingBelowAThresholdOfTwoAndGivesTheSameAnswerTwice) {
  const ReleaseProblem problem = YearsAndPeriod();
  for (std::int64_t threshold : {0, 1}) {
    auto summary = ProtectRelease(problem, threshold);
    ASSERT_TRUE(summary.ok());
    EXPECT_EQ(summary->suppression.primary + summary->suppression.secondary, 0u);
  }
  auto first = ProtectRelease(problem, 10);
  auto second = ProtectRelease(problem, 10);
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_EQ(first->suppression.cells, second->suppression.cells);
}

TEST(ProtectRelease, HonoursAWiderProtectionInterval) {
  // With [0, 9] asked for an unpublished count, zero must stay possible as well.
  ReleaseProblem problem = AllPublished({55, 40, 12, 3, 73});
  problem.published[3] = false;
  problem.relations = {{0, {1, 2, 3}}};
  problem.facts = {Equal({{4, 1}, {1, -1}, {2, -2}, {3, -3}})};
  auto summary = ProtectRelease(problem, 10, {0, 9});
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  ASSERT_FALSE(summary->sensitive.empty());
  for (const CellRange& range : summary->sensitive) {
    if (range.cell == 3) {
      EXPECT_LE(range.lower, 0.0);
    }
  }
}

TEST(ValidateRelease, NamesTheFirstProblemWithoutAnyCount) {
  ReleaseProblem problem = AllPublished({10, 4, 5});
  problem.relations = {{0, {1, 2}}};
  const Status status = ValidateRelease(problem, 10, {});
  ASSERT_FALSE(status.ok());
  EXPECT_NE(status.message().find("relation 0 does not hold"), std::string::npos);
  EXPECT_EQ(status.message().find("10"), std::string::npos);
  problem.counts = {9, 4, 5};
  EXPECT_TRUE(ValidateRelease(problem, 10, {}).ok());
  EXPECT_FALSE(ValidateRelease(problem, 10, {5, 3}).ok()) << "lower above upper";
  EXPECT_FALSE(ValidateRelease(problem, -1, {}).ok());
  problem.facts = {AtMost({{0, 1}, {1, -1}})};  // 9 <= 4 is false
  EXPECT_FALSE(ValidateRelease(problem, 10, {}).ok());
}

// --- many small random releases against an exhaustive search -------------------------------

// Integer counts for the hidden cells within their boxes that satisfy every relation and
// fact, searched depth first with bounds propagated through the rows (each row's other
// cells bound each of its cells), branching on the open cell with the fewest values.
class WitnessSearch {
 public:
  WitnessSearch(const ReleaseProblem& problem, const std::vector<CellState>& states,
                std::int64_t threshold, std::int64_t cap) {
    for (const Relation& r : problem.relations) {
      Row row{{{r.total, 1}}, true};
      for (std::size_t p : r.parts) row.terms.push_back({p, -1});
      rows_.push_back(row);
    }
    for (const LinearFact& f : problem.facts) {
      rows_.push_back({f.terms, f.sense == LinearFact::Sense::kEqual});
    }
    for (std::size_t i = 0; i < problem.counts.size(); ++i) {
      const bool hidden = !problem.published[i] || states[i] != CellState::kShown;
      if (!hidden) {
        box_.push_back({problem.counts[i], problem.counts[i]});
      } else if (!problem.published[i]) {
        box_.push_back({0, cap});
      } else if (states[i] == CellState::kPrimary) {
        box_.push_back({1, threshold - 1});
      } else {
        box_.push_back({threshold, cap});
      }
    }
  }

  // Whether some integer counts satisfy everything with cell == value.
  bool Exists(std::size_t cell, std::int64_t value) {
    std::vector<Range> box = box_;
    if (value < box[cell].lo || value > box[cell].hi) return false;
    box[cell] = {value, value};
    nodes_ = 0;
    return Search(box);
  }

 private:
  struct Row {
    std::vector<std::pair<std::size_t, std::int64_t>> terms;
    bool equal = true;
  };
  struct Range {
    std::int64_t lo = 0, hi = 0;
  };

  static std::int64_t FloorDiv(std::int64_t a, std::int64_t b) {
    return a / b - ((a % b != 0) && ((a < 0) != (b < 0)));
  }
  static std::int64_t CeilDiv(std::int64_t a, std::int64_t b) { return -FloorDiv(-a, b); }

  // Narrows every box to what the rows allow; false when one becomes empty.
  bool Propagate(std::vector<Range>& box) const {
    for (bool changed = true; changed;) {
      changed = false;
      for (const Row& row : rows_) {
        // sum k x  (== | <=) 0: the least and greatest value of the sum.
        std::int64_t least = 0, greatest = 0;
        for (const auto& [c, k] : row.terms) {
          least += k > 0 ? k * box[c].lo : k * box[c].hi;
          greatest += k > 0 ? k * box[c].hi : k * box[c].lo;
        }
        if (least > 0 || (row.equal && greatest < 0)) return false;
        for (const auto& [c, k] : row.terms) {
          // k x <= -(least of the others); for an equality also k x >= -(greatest of others).
          const std::int64_t others_least = least - (k > 0 ? k * box[c].lo : k * box[c].hi);
          const std::int64_t others_greatest = greatest - (k > 0 ? k * box[c].hi : k * box[c].lo);
          Range narrowed = box[c];
          if (k > 0) {
            narrowed.hi = std::min(narrowed.hi, FloorDiv(-others_least, k));
            if (row.equal) narrowed.lo = std::max(narrowed.lo, CeilDiv(-others_greatest, k));
          } else {
            narrowed.lo = std::max(narrowed.lo, CeilDiv(-others_least, k));
            if (row.equal) narrowed.hi = std::min(narrowed.hi, FloorDiv(-others_greatest, k));
          }
          if (narrowed.lo > narrowed.hi) return false;
          if (narrowed.lo != box[c].lo || narrowed.hi != box[c].hi) {
            box[c] = narrowed;
            changed = true;
          }
        }
      }
    }
    return true;
  }

  bool Search(std::vector<Range> box) {
    if (++nodes_ > kMaxNodes) {
      ADD_FAILURE() << "the witness search is too large for this test";
      return false;
    }
    if (!Propagate(box)) return false;
    std::optional<std::size_t> open;
    for (std::size_t c = 0; c < box.size(); ++c) {
      if (box[c].lo < box[c].hi &&
          (!open || box[c].hi - box[c].lo < box[*open].hi - box[*open].lo)) {
        open = c;
      }
    }
    if (!open) return true;  // every cell fixed and every row holds
    for (std::int64_t v = box[*open].lo; v <= box[*open].hi; ++v) {
      std::vector<Range> next = box;
      next[*open] = {v, v};
      if (Search(next)) return true;
    }
    return false;
  }

  static constexpr std::size_t kMaxNodes = 1'000'000;
  std::vector<Row> rows_;
  std::vector<Range> box_;
  std::size_t nodes_ = 0;
};

// Two years and their period as the monitor publishes a dimension with several values per
// person (forms of exploitation) and one with one value (gender): per table, the persons
// (total), those with value a, with value b, those with both (never published: it links
// the rows, a + b = total + both), and the persons by gender g1 and g2 (total = g1 + g2).
// Each person is registered in one year only, so the period's cells are the sums of the
// years'. Cells 6t .. 6t + 5 of table t (2015, 2016, the period): total, a, b, both, g1, g2.
ReleaseProblem RandomRelease(std::mt19937_64& rng) {
  std::uniform_int_distribution<std::int64_t> count(0, 8), shared(0, 2);
  ReleaseProblem problem;
  problem.counts.assign(18, 0);
  problem.published.assign(18, true);
  for (std::size_t t = 0; t < 3; ++t) {
    const std::size_t o = 6 * t;
    if (t < 2) {
      const std::int64_t a = count(rng), b = count(rng);
      const std::int64_t both = std::min({shared(rng), a, b});
      const std::int64_t total = a + b - both;
      const std::int64_t g1 = std::uniform_int_distribution<std::int64_t>(0, total)(rng);
      problem.counts[o] = total;
      problem.counts[o + 1] = a;
      problem.counts[o + 2] = b;
      problem.counts[o + 3] = both;
      problem.counts[o + 4] = g1;
      problem.counts[o + 5] = total - g1;
    } else {
      for (std::size_t k = 0; k < 6; ++k) {
        problem.counts[o + k] = problem.counts[k] + problem.counts[6 + k];
        problem.facts.push_back(Equal({{o + k, 1}, {k, -1}, {6 + k, -1}}));
      }
    }
    problem.published[o + 3] = false;
    problem.relations.push_back({o, {o + 4, o + 5}});
    problem.facts.push_back(Equal({{o + 1, 1}, {o + 2, 1}, {o, -1}, {o + 3, -1}}));
    problem.facts.push_back(AtMost({{o + 3, 1}, {o + 1, -1}}));
    problem.facts.push_back(AtMost({{o + 3, 1}, {o + 2, -1}}));
  }
  return problem;
}

TEST(ProtectRelease, LeavesEverySmallCountOfRandomReleasesAllItsValues) {
  std::mt19937_64 rng(20261202);
  const std::int64_t threshold = 4;
  std::size_t releases = 0, checked_values = 0, cut_values = 0, hidden = 0;
  for (int world = 0; world < 300; ++world) {
    const ReleaseProblem problem = RandomRelease(rng);
    ASSERT_TRUE(ValidateRelease(problem, threshold, {}).ok()) << world;
    auto summary = ProtectRelease(problem, threshold);
    ASSERT_TRUE(summary.ok()) << "world " << world << ": " << summary.status().message();
    ++releases;
    const auto& states = summary->suppression.cells;
    std::int64_t cap = 0;
    for (std::int64_t c : problem.counts) cap += c;
    cap = 2 * cap + threshold;
    WitnessSearch released(problem, states, threshold, cap);
    // With every nonzero published cell hidden: what the marks alone allow.
    std::vector<CellState> all_hidden(states.size(), CellState::kShown);
    for (std::size_t i = 0; i < states.size(); ++i) {
      if (problem.published[i] && problem.counts[i] > 0) {
        all_hidden[i] = problem.counts[i] < threshold ? CellState::kPrimary : CellState::kSecondary;
      }
    }
    WitnessSearch marks_only(problem, all_hidden, threshold, cap);
    for (std::size_t i = 0; i < problem.counts.size(); ++i) {
      const std::int64_t count = problem.counts[i];
      if (count < 1 || count >= threshold) continue;
      if (problem.published[i]) {
        EXPECT_EQ(states[i], CellState::kPrimary) << "world " << world << " cell " << i;
      }
      ++hidden;
      for (std::int64_t v = 1; v < threshold; ++v) {
        if (released.Exists(i, v)) {
          ++checked_values;
        } else {
          EXPECT_FALSE(marks_only.Exists(i, v))
              << "world " << world << ": cell " << i << " (" << count << ") cannot be " << v
              << " in the release, although hiding more would allow it";
          ++cut_values;
        }
      }
    }
  }
  EXPECT_EQ(releases, 300u);
  EXPECT_GT(hidden, 300u) << "the worlds must hold many small counts";
  EXPECT_GT(checked_values, 3 * cut_values) << "most values must be reachable";
}

}  // namespace
}  // namespace zicht::privacy
