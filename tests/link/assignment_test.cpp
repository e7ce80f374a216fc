#include "zicht/link/assignment.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace zicht::link {
namespace {

constexpr std::uint64_t kA = 1;  // the two deduplicated sources' bits
constexpr std::uint64_t kB = 2;

double WeightOf(const OneToOneResult& result, std::uint32_t a, std::uint32_t b) {
  const auto weight = result.WeightOf(a, b);
  EXPECT_TRUE(weight.has_value()) << a << ", " << b;
  return weight.value_or(NAN);
}

// One record in each source and one pair between them, 3 bits above the prior (a
// likelihood ratio of 8). EM for p, the share of A's records with a partner in B, heads for
// 1 and is held half a record below it: p = 0.5. Then the posterior odds are
// (p / 1) * 8 / (1 - p) = 8: 3 bits, by hand.
TEST(OneToOnePosterior, OneRecordEachIsWhatItsLikelihoodRatioSays) {
  const OneToOneResult result = OneToOnePosterior({{0, 1, 3.0 - 12}}, {kA, kB}, -12, 0);
  EXPECT_NEAR(WeightOf(result, 0, 1), 3.0, 1e-9);
  ASSERT_EQ(result.edges.size(), 1u);
  ASSERT_EQ(result.shares.size(), 2u);
  for (const PartnerShare& s : result.shares) EXPECT_NEAR(s.share, 0.5, 1e-9);
}

// Four records a side, each with one clear candidate (a likelihood ratio of 2^20) and
// nothing else: p goes to its ceiling 1 - 0.5 / 4 = 0.875, and each pair's odds are
// (0.875 / 4) * 2^20 / 0.125 = 1.75 * 2^20: 20 + log2(1.75) bits for the pairs that the
// weak pair across (records 0 and 5, a ratio of 2^-4) does not touch. That one is far below
// (about -24 bits): both its records already have a partner.
TEST(OneToOnePosterior, ClearPartnersWhereEveryRecordHasOne) {
  std::vector<Edge> pairs;
  for (std::uint32_t i = 0; i < 4; ++i) pairs.push_back({i, i + 4, 20.0 - 10});
  pairs.push_back({0, 5, -4.0 - 10});
  const std::vector<std::uint64_t> bits = {kA, kA, kA, kA, kB, kB, kB, kB};
  const OneToOneResult result = OneToOnePosterior(pairs, bits, -10, 0);
  for (std::uint32_t i = 2; i < 4; ++i) {
    EXPECT_NEAR(WeightOf(result, i, i + 4), 20 + std::log2(1.75), 1e-6) << i;
  }
  EXPECT_LT(WeightOf(result, 0, 5), -20);
  EXPECT_EQ(result.edges.size(), 4u);
  for (const PartnerShare& s : result.shares) EXPECT_NEAR(s.share, 0.875, 1e-9);
}

// A pair that would link on its own (2 bits above even odds, pairwise) does not where its
// record has a rival candidate that is as strong: each is then at most an even chance. A
// lone candidate of the same weight links.
TEST(OneToOnePosterior, RivalCandidatesShareTheRecordsChance) {
  const std::vector<std::uint64_t> bits = {kA, kB, kB, kA, kB};
  const std::vector<Edge> pairs = {{0, 1, 2.0}, {0, 2, 2.0}, {3, 4, 2.0}};
  const OneToOneResult result = OneToOnePosterior(pairs, bits, -12, 0);
  EXPECT_LT(WeightOf(result, 0, 1), 0);
  EXPECT_LT(WeightOf(result, 0, 2), 0);
  EXPECT_GT(WeightOf(result, 3, 4), 0);
  ASSERT_EQ(result.edges.size(), 1u);
  EXPECT_EQ(result.edges[0].a, 3u);
  EXPECT_FALSE(result.WeightOf(1, 2).has_value());  // not among the pairs
}

TEST(OneToOnePosterior, TheOrderOfThePairsChangesNothing) {
  const std::vector<std::uint64_t> bits = {kA, kB, kB, kA, kB, kA};
  std::vector<Edge> pairs = {{0, 1, 1.5}, {0, 2, -3.0}, {3, 4, 0.7}, {3, 1, -1.0}, {5, 4, 4.0}};
  const OneToOneResult one = OneToOnePosterior(pairs, bits, -9, -100);
  std::reverse(pairs.begin(), pairs.end());
  const OneToOneResult other = OneToOnePosterior(pairs, bits, -9, -100);
  ASSERT_EQ(one.weighed.size(), other.weighed.size());
  for (std::size_t i = 0; i < one.weighed.size(); ++i) {
    EXPECT_EQ(one.weighed[i].a, other.weighed[i].a);
    EXPECT_EQ(one.weighed[i].b, other.weighed[i].b);
    EXPECT_EQ(one.weighed[i].weight, other.weighed[i].weight);
  }
}

}  // namespace
}  // namespace zicht::link
