// Disclosure control over every table of many random small worlds: after Protect, no count
// from 1 to threshold - 1 is shown, none can be worked out from the table's relations (the
// independent audit privacy::ExposedCells), and no share gives back a hidden count.
#include <gtest/gtest.h>

#include <random>

#include "zicht/monitor/monitor.hpp"

namespace zicht::monitor {
namespace {

template <typename T>
const T& Pick(std::mt19937_64& rng, const std::vector<T>& values) {
  return values[std::uniform_int_distribution<std::size_t>(0, values.size() - 1)(rng)];
}

// A world of `persons` persons, each registered one to four times over 2017-2019 by
// random sources with random categories, many of them unknown.
std::vector<Registration> RandomWorld(std::mt19937_64& rng, int persons) {
  const std::vector<std::string> sources = {"police", "border_police", "care_provider",
                                            "online_chat", "shelter_reception"};
  const std::vector<std::string> genders = {"female", "male", "unknown"};
  const std::vector<std::string> nationalities = {"NL", "NG", "PL", "RO", "UG", "unknown"};
  const std::vector<std::string> forms = {"sexual", "labour", "criminal", "other", "unknown"};
  const std::vector<std::string> sectors = {"window", "home", "escort_hotel", "street", "unknown"};
  const std::vector<std::string> domestic = {"domestic", "cross_border", "unknown"};
  std::uniform_int_distribution<int> copies(1, 4), year(2017, 2019), day(1, 28), month(1, 12),
      age(8, 45);
  std::bernoulli_distribution half(0.5), often(0.8);
  std::vector<Registration> out;
  for (int p = 1; p <= persons; ++p) {
    const int n = copies(rng);
    for (int i = 0; i < n; ++i) {
      Registration r;
      r.unit_id = p;
      r.source = Pick(rng, sources);
      r.source_kind = r.source;
      r.registration_date = {year(rng), month(rng), day(rng)};
      if (often(rng)) {
        r.age = age(rng);
        r.minor = *r.age < 18;
        if (*r.minor && half(rng)) r.unaccompanied_minor = half(rng);
      }
      r.gender = Pick(rng, genders);
      r.nationality = Pick(rng, nationalities);
      r.exploitation_forms = {Pick(rng, forms)};
      if (half(rng)) r.exploitation_forms.push_back(Pick(rng, forms));
      r.sector = r.exploitation_forms.front() == "sexual" ? Pick(rng, sectors) : "unknown";
      r.domestic = Pick(rng, domestic);
      out.push_back(std::move(r));
    }
  }
  return out;
}

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
