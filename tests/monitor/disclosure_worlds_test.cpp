// Disclosure control over every table of many random small worlds: after Protect, no count
// from 1 to threshold - 1 is shown, none can be worked out from the table's relations (the
// independent audit privacy::ExposedCells), and no share gives back a hidden count.
#include <gtest/gtest.h>

#include <random>

#include "monitor/random_world.hpp"
#include "zicht/monitor/monitor.hpp"

namespace zicht::monitor {
namespace {

using testing::RandomWorld;

TEST(DisclosureOverRandomWorlds, LeavesNoSmallCountRecoverableInAnyTable) {
  std::mt19937_64 rng(20261128);
  std::size_t tables = 0, suppressed = 0, shares_hidden = 0;
  for (int world = 0; world < 120; ++world) {
    const int persons = std::uniform_int_distribution<int>(3, 150)(rng);
    const std::vector<Registration> registrations = RandomWorld(rng, persons);
    for (const std::int64_t threshold : {std::int64_t{5}, std::int64_t{10}}) {
      MonitorOptions options;
      options.threshold = threshold;
      auto result = ComputeMonitor(registrations, Vocabulary::Default(), options);
      ASSERT_TRUE(result.ok()) << result.status().message();
      for (const Table& t : result->tables) {
        ++tables;
        privacy::SuppressionSummary audit;
        for (std::size_t i = 0; i < t.counts.size(); ++i) {
          const bool small = t.counts[i] > 0 && t.counts[i] < threshold;
          EXPECT_TRUE(!small || t.suppressed[i]) << "world " << world << " table " << t.id;
          suppressed += t.suppressed[i] ? 1 : 0;
          audit.cells.push_back(t.suppressed[i] ? privacy::CellState::kSecondary
                                                : privacy::CellState::kShown);
        }
        EXPECT_TRUE(privacy::ExposedCells(t.counts, t.relations, audit, threshold).empty())
            << "world " << world << " table " << t.id << " " << t.slice;
        if (!t.has_shares) continue;
        // A share is shown only where its count, the column total and the unknown are.
        for (std::size_t c = 0; c < t.columns_count(); ++c) {
          bool denominator_hidden = false;
          for (std::size_t r = 0; r < t.rows_count(); ++r) {
            if ((t.row_headings[r].total || t.row_headings[r].unknown) && t.is_suppressed(r, c)) {
              denominator_hidden = true;
            }
          }
          for (std::size_t r = 0; r < t.rows_count(); ++r) {
            const bool shown = t.shares[t.index(r, c)].has_value();
            if (t.is_suppressed(r, c) || denominator_hidden) {
              EXPECT_FALSE(shown) << t.id << " world " << world;
              ++shares_hidden;
            }
          }
        }
      }
    }
  }
  EXPECT_GT(tables, 2000u);
  EXPECT_GT(suppressed, 1000u) << "small worlds must have hidden many cells";
  EXPECT_GT(shares_hidden, 100u);
}

}  // namespace
}  // namespace zicht::monitor
