#include "zicht/simulate/rng.hpp"

#include <gtest/gtest.h>

#include <array>
#include <set>

namespace zicht::simulate {
namespace {

TEST(SplitMix64, MatchesTheReferenceOutputForStateZero) {
  // First output of Vigna's splitmix64.c from state 0.
  std::uint64_t state = 0;
  EXPECT_EQ(SplitMix64(state), 0xe220a8397b1dcdafULL);
}

TEST(Rng, SameSeedGivesTheSameSequence) {
  Rng a(42);
  Rng b(42);
  for (int i = 0; i < 1000; ++i) ASSERT_EQ(a.Next(), b.Next());
}

TEST(Rng, DifferentStreamsDiffer) {
  Rng a = Rng::Stream(1, {2, 3});
  Rng b = Rng::Stream(1, {3, 2});
  Rng c = Rng::Stream(2, {2, 3});
  const std::uint64_t x = a.Next();
  EXPECT_NE(x, b.Next());
  EXPECT_NE(x, c.Next());
  EXPECT_EQ(x, Rng::Stream(1, {2, 3}).Next());
}

TEST(Rng, UniformStaysInTheUnitIntervalWithMeanOneHalf) {
  Rng rng(7);
  double sum = 0.0;
  constexpr int kDraws = 200000;
  for (int i = 0; i < kDraws; ++i) {
    const double u = rng.Uniform();
    ASSERT_GE(u, 0.0);
    ASSERT_LT(u, 1.0);
    sum += u;
  }
  // Standard error of the mean: sqrt(1/12 / n) = 0.00065; allow 5 of them.
  EXPECT_NEAR(sum / kDraws, 0.5, 0.0033);
}

TEST(Rng, BelowIsUniformOverItsRange) {
  Rng rng(11);
  std::array<int, 7> counts{};
  constexpr int kDraws = 70000;
  for (int i = 0; i < kDraws; ++i) ++counts[rng.Below(7)];
  // Chi-square with 6 degrees of freedom: 22.5 is its 0.999 quantile.
  double chi2 = 0.0;
  for (int c : counts) chi2 += (c - 10000.0) * (c - 10000.0) / 10000.0;
  EXPECT_LT(chi2, 22.5);
}

TEST(Rng, BetweenCoversBothEnds) {
  Rng rng(3);
  std::set<int> seen;
  for (int i = 0; i < 1000; ++i) {
    const int v = rng.Between(-2, 2);
    ASSERT_GE(v, -2);
    ASSERT_LE(v, 2);
    seen.insert(v);
  }
  EXPECT_EQ(seen.size(), 5u);
}

TEST(Rng, BernoulliHonoursItsProbability) {
  Rng rng(5);
  int hits = 0;
  for (int i = 0; i < 100000; ++i) hits += rng.Bernoulli(0.3);
  // sd = sqrt(0.21 / 1e5) = 0.00145
  EXPECT_NEAR(hits / 100000.0, 0.3, 0.0075);
  EXPECT_FALSE(rng.Bernoulli(0.0));
  EXPECT_TRUE(rng.Bernoulli(1.0));
}

}  // namespace
}  // namespace zicht::simulate
