// The protection of the persons-by-records chart, against counts worked out by hand.
#include "zicht/report/report_data.hpp"

#include <gtest/gtest.h>

#include <cstdint>
#include <vector>

namespace zicht::report {
namespace {

// `persons[k]` persons with k records each, one entry per person.
std::vector<std::int64_t> Sizes(const std::vector<std::int64_t>& persons) {
  std::vector<std::int64_t> out;
  for (std::size_t k = 1; k < persons.size(); ++k) out.insert(out.end(), persons[k], k);
  return out;
}

void ExpectBins(const std::vector<ClusterSizeBin>& got,
                const std::vector<ClusterSizeBin>& expected) {
  ASSERT_EQ(got.size(), expected.size());
  for (std::size_t i = 0; i < got.size(); ++i) {
    EXPECT_EQ(got[i].from, expected[i].from) << i;
    EXPECT_EQ(got[i].to, expected[i].to) << i;
    EXPECT_EQ(got[i].persons, expected[i].persons) << i;
  }
}

TEST(ProtectedClusterSizes, GathersTheLargestSizesIntoAnOpenBinOfAtLeastTheThreshold) {
  // 500 persons with 1 record, 120 with 2, 40 with 3, 6 with 4, 3 with 5. Sizes 4 and 5
  // hold 9 < 10 persons, so with size 3 they form "3 or more": 49 persons whose records
  // beyond 3 each number 6 * 1 + 3 * 2 = 12, not small. Every size below holds 10 or more.
  ExpectBins(ProtectedClusterSizes(Sizes({0, 500, 120, 40, 6, 3}), 10),
             {{1, 1, 500}, {2, 2, 120}, {3, 0, 49}});
}

TEST(ProtectedClusterSizes, KeepsSizesOneByOneWhenNoneIsSmall) {
  // The largest size alone holds 12 persons, all with exactly 4 records: "4 or more".
  ExpectBins(ProtectedClusterSizes(Sizes({0, 300, 80, 30, 12}), 10),
             {{1, 1, 300}, {2, 2, 80}, {3, 3, 30}, {4, 0, 12}});
  // Zeros are no small counts: 200 with 1, none with 2, 25 with 3.
  ExpectBins(ProtectedClusterSizes(Sizes({0, 200, 0, 25}), 10),
             {{1, 1, 200}, {2, 2, 0}, {3, 0, 25}});
}

TEST(ProtectedClusterSizes, MovesASmallSizeBelowTheOpenBinIntoIt) {
  // Size 2 holds 4 persons: it joins the open bin, which then starts at 2.
  // 2 or more: 4 + 50 = 54 persons, beyond 2: 50, not small.
  ExpectBins(ProtectedClusterSizes(Sizes({0, 300, 4, 50}), 10), {{1, 1, 300}, {2, 0, 54}});
}

TEST(ProtectedClusterSizes, GivesNothingWhenOnlyAllPersonsTogetherAreSafe) {
  // 5 persons with 1 record: even "2 or more" needs the size 1 as well.
  EXPECT_TRUE(ProtectedClusterSizes(Sizes({0, 5, 20}), 10).empty());
  // Nobody with more than one record: nothing to show.
  EXPECT_TRUE(ProtectedClusterSizes(Sizes({0, 400}), 10).empty());
  EXPECT_TRUE(ProtectedClusterSizes({}, 10).empty());
}

TEST(ProtectedClusterSizes, AddsUpToThePersonsAndHidesNoCountBelowTheThreshold) {
  const std::vector<std::int64_t> persons = {0, 900, 210, 75, 31, 12, 7, 2, 1, 0, 1};
  const auto bins = ProtectedClusterSizes(Sizes(persons), 10);
  ASSERT_FALSE(bins.empty());
  std::int64_t total = 0;
  for (const auto& bin : bins) {
    total += bin.persons;
    EXPECT_FALSE(bin.persons > 0 && bin.persons < 10) << bin.from;
  }
  EXPECT_EQ(total, 1239);
  // The open bin's records beyond its lowest size, which the published totals give away.
  const auto& open = bins.back();
  EXPECT_EQ(open.to, 0);
  std::int64_t beyond = 0;
  for (std::size_t k = static_cast<std::size_t>(open.from); k < persons.size(); ++k) {
    beyond += persons[k] * (static_cast<std::int64_t>(k) - open.from);
  }
  EXPECT_FALSE(beyond > 0 && beyond < 10) << beyond;
}

}  // namespace
}  // namespace zicht::report
