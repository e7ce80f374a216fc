// The monitor's tables protected as one release: the differencing attacks that work on
// tables protected one by one find nothing, every hidden cell says truthfully which kind
// it is, and the whole-release audit by linear programming finds every small count
// protected, over many random small worlds.
#include "zicht/monitor/release.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include <iostream>
#include <map>
#include <random>
#include <set>
#include <string>

#include "monitor/random_world.hpp"
#include "zicht/monitor/monitor.hpp"

namespace zicht::monitor {
namespace {

using testing::RandomWorld;

const Table* Find(const std::vector<Table>& tables, const std::string& id) {
  for (const Table& t : tables) {
    if (t.id == id) return &t;
  }
  return nullptr;
}

std::size_t ColumnOf(const Table& t, const std::string& key) {
  for (std::size_t c = 0; c < t.columns_count(); ++c) {
    if (t.column_headings[c].key == key) return c;
  }
  return std::string::npos;
}

std::size_t RowOf(const Table& t, const std::string& key) {
  for (std::size_t r = 0; r < t.rows_count(); ++r) {
    if (t.row_headings[r].key == key) return r;
  }
  return std::string::npos;
}

struct Attacks {
  std::size_t tried = 0;
  std::size_t succeeded = 0;  // a small count bounded narrower than 1 .. threshold - 1
};

// Persons counted in a period are each in one of its years at least, and the period's
// count is at most the sum of its years': a hidden year gives away at least the period
// minus the other (shown) years. That lower bound must not rule out a count of 1.
Attacks PeriodMinusYears(const Table& by_year, const Table& by_period, int first, int last,
                         std::int64_t threshold) {
  Attacks attacks;
  const std::size_t p = ColumnOf(by_period, fmt::format("{}-{}", first, last));
  if (p == std::string::npos) return attacks;
  for (std::size_t r = 0; r < by_period.rows_count(); ++r) {
    if (by_period.is_suppressed(r, p)) continue;
    const std::size_t yr = RowOf(by_year, by_period.row_headings[r].key);
    if (yr == std::string::npos) continue;
    std::vector<std::size_t> hidden;
    std::int64_t shown = 0;
    for (int y = first; y <= last; ++y) {
      const std::size_t c = ColumnOf(by_year, std::to_string(y));
      if (c == std::string::npos) continue;
      if (by_year.is_suppressed(yr, c)) {
        hidden.push_back(c);
      } else {
        shown += by_year.count(yr, c);
      }
    }
    if (hidden.size() != 1) continue;
    const std::int64_t truth = by_year.count(yr, hidden[0]);
    if (truth < 1 || truth >= threshold) continue;
    ++attacks.tried;
    if (by_period.count(r, p) - shown > 1) ++attacks.succeeded;
  }
  return attacks;
}

// Every kind of source that reported a person adds one to the reporting-source table; the
// number-of-sources table says how many persons had one, two, or three or more. When all of
// a year's cells are shown, the difference is the excess of the persons reported by four or
// more: it must not be a count from 1 to threshold - 2, which would bound a small number of
// persons (at least 1, at most the excess).
Attacks SourcesMinusNumberOfSources(const Table& kinds, const Table& number,
                                    std::int64_t threshold) {
  Attacks attacks;
  for (std::size_t c = 0; c < kinds.columns_count(); ++c) {
    if (kinds.column_headings[c].total) continue;
    const std::size_t nc = ColumnOf(number, kinds.column_headings[c].key);
    if (nc == std::string::npos) continue;
    bool all_shown = true;
    std::int64_t reports = 0, accounted = 0;
    for (std::size_t r = 0; r < kinds.rows_count(); ++r) {
      if (kinds.row_headings[r].total) continue;
      all_shown = all_shown && !kinds.is_suppressed(r, c);
      reports += kinds.count(r, c);
    }
    for (std::size_t r = 0; r < number.rows_count(); ++r) {
      const std::string& key = number.row_headings[r].key;
      if (number.row_headings[r].total) continue;
      all_shown = all_shown && !number.is_suppressed(r, nc);
      const std::int64_t weight = key == "1" ? 1 : key == "2" ? 2 : key == "3+" ? 3 : 0;
      accounted += weight * number.count(r, nc);
    }
    ++attacks.tried;
    if (!all_shown) continue;
    const std::int64_t excess = reports - accounted;
    if (excess > 0 && excess < threshold - 1) ++attacks.succeeded;
  }
  return attacks;
}

Attacks& operator+=(Attacks& a, const Attacks& b) {
  a.tried += b.tried;
  a.succeeded += b.succeeded;
  return a;
}

// Both attacks on one release.
std::pair<Attacks, Attacks> Attack(const std::vector<Table>& tables) {
  const Table* by_year = Find(tables, "sector_by_year");
  const Table* by_period = Find(tables, "sector_by_period");
  const Table* kinds = Find(tables, "reporting_source");
  const Table* number = Find(tables, "number_of_sources");
  EXPECT_TRUE(by_year && by_period && kinds && number);
  if (!(by_year && by_period && kinds && number)) return {};
  return {PeriodMinusYears(*by_year, *by_period, 2017, 2019, 10),
          SourcesMinusNumberOfSources(*kinds, *number, 10)};
}

TEST(ReleaseProtection, DefeatsTheDifferencingAttacksThatBreakTablesProtectedOneByOne) {
  std::mt19937_64 rng(20261202);
  Attacks period_alone, sources_alone, period_release, sources_release;
  std::size_t secondary = 0, primary = 0;
  for (int world = 0; world < 40; ++world) {
    const int persons = std::uniform_int_distribution<int>(60, 400)(rng);
    const std::vector<Registration> registrations = RandomWorld(rng, persons, world % 2 == 1);
    MonitorOptions options;
    options.threshold = 10;
    auto result = ComputeMonitor(registrations, Vocabulary::Default(), options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    const auto& tables = result->tables;

    // The same tables protected one by one, as before: the attacks get through.
    MonitorOptions open_options;
    open_options.threshold = 0;
    auto open = ComputeMonitor(registrations, Vocabulary::Default(), open_options);
    ASSERT_TRUE(open.ok());
    std::vector<Table> alone = open->tables;
    for (Table& t : alone) ASSERT_TRUE(Protect(t, 10).ok());
    const auto [p_alone, s_alone] = Attack(alone);
    period_alone += p_alone;
    sources_alone += s_alone;
    const auto [p_release, s_release] = Attack(tables);
    period_release += p_release;
    sources_release += s_release;
    EXPECT_EQ(p_release.succeeded + s_release.succeeded, 0u) << "world " << world;

    // A cell marked "<10" holds 1 to 9; one of 10 or more that is hidden reads "x".
    for (const Table& t : tables) {
      for (std::size_t r = 0; r < t.rows_count(); ++r) {
        for (std::size_t c = 0; c < t.columns_count(); ++c) {
          const std::string text = HiddenText(t, r, c);
          const std::int64_t count = t.count(r, c);
          if (count >= 1 && count < 10) {
            EXPECT_EQ(text, "<10") << t.id << " world " << world;
          }
          if (count >= 10 && t.is_suppressed(r, c)) {
            EXPECT_EQ(text, kSecondaryText) << t.id << " world " << world;
            ++secondary;
          }
          if (count == 0) {
            EXPECT_EQ(text, "") << "zeros are shown";
          }
          primary += text == "<10";
        }
      }
    }
    // The whole release, audited from scratch.
    const privacy::ReleaseProblem problem = ReleaseProblemOf(tables);
    privacy::SuppressionSummary published;
    for (const Table& t : tables) {
      for (bool hidden : t.suppressed) {
        published.cells.push_back(hidden ? privacy::CellState::kSecondary
                                         : privacy::CellState::kShown);
      }
    }
    // Unpublished cells follow the tables' cells; they are never shown.
    published.cells.resize(problem.counts.size(), privacy::CellState::kSecondary);
    auto exposed = privacy::AuditRelease(problem, published, 10);
    ASSERT_TRUE(exposed.ok()) << exposed.status().message();
    EXPECT_TRUE(exposed->empty()) << "world " << world << ": " << exposed->size()
                                  << " cells narrower than [1, 9]";
  }
  std::cout << fmt::format(
      "[ attacks  ] period minus years: {} of {} tries succeed on tables protected one by one, "
      "{} of {} on the release; sources minus number of sources: {} of {}, {} of {}\n",
      period_alone.succeeded, period_alone.tried, period_release.succeeded, period_release.tried,
      sources_alone.succeeded, sources_alone.tried, sources_release.succeeded,
      sources_release.tried);
  EXPECT_GT(period_alone.succeeded, 0u) << "the attack must work where it can";
  EXPECT_GT(sources_alone.succeeded, 0u) << "the attack must work where it can";
  EXPECT_GT(sources_release.tried, 40u);
  EXPECT_GT(primary, 500u);
  EXPECT_GT(secondary, 50u);
}

TEST(ReleaseProblemOf, LinksTheSameYearTotalAcrossTables) {
  std::mt19937_64 rng(7);
  const std::vector<Registration> registrations = RandomWorld(rng, 60);
  MonitorOptions options;
  options.threshold = 0;  // unprotected: the facts must hold on the counts
  auto result = ComputeMonitor(registrations, Vocabulary::Default(), options);
  ASSERT_TRUE(result.ok()) << result.status().message();
  ReleaseStatistics statistics;
  const privacy::ReleaseProblem problem = ReleaseProblemOf(result->tables, &statistics);
  EXPECT_TRUE(privacy::ValidateRelease(problem, 10, {}).ok());
  // Every per-year table with a total column or row counts the year's persons: the
  // registered table's total for 2018 is one cell, named by several tables.
  EXPECT_GT(statistics.identities, 10u);
  EXPECT_GT(statistics.unpublished, 0u) << "persons with several forms or kinds link rows";
  EXPECT_GT(statistics.facts, 0u);
  EXPECT_EQ(statistics.published, problem.counts.size() - statistics.unpublished);
}

TEST(ComputeMonitor, WarnsOfAThresholdBelowTheMonitorReports) {
  std::mt19937_64 rng(11);
  const std::vector<Registration> registrations = RandomWorld(rng, 40);
  for (const auto& [threshold, warns] :
       {std::pair{5, true}, std::pair{10, false}, std::pair{12, false}}) {
    MonitorOptions options;
    options.threshold = threshold;
    auto result = ComputeMonitor(registrations, Vocabulary::Default(), options);
    ASSERT_TRUE(result.ok()) << result.status().message();
    bool warned = false;
    for (const std::string& w : result->warnings) {
      warned = warned || w.find("below 10") != std::string::npos;
    }
    EXPECT_EQ(warned, warns) << threshold;
  }
}

}  // namespace
}  // namespace zicht::monitor
