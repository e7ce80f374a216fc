#include "zicht/monitor/wilson.hpp"

#include <gtest/gtest.h>

namespace zicht::monitor {
namespace {

// Newcombe (1998), "Two-sided confidence intervals for the single proportion: comparison of
// seven methods", Statistics in Medicine 17, Table II, method 3 (score interval without
// continuity correction), given to four decimals.
TEST(WilsonInterval, MatchesNewcombesPublishedScoreIntervals) {
  struct Case {
    std::int64_t k, n;
    double lower, upper;
  };
  for (const Case& c : {Case{81, 263, 0.2553, 0.3662}, Case{15, 148, 0.0624, 0.1605},
                        Case{0, 20, 0.0, 0.1611}, Case{1, 29, 0.0061, 0.1718}}) {
    const Share share = WilsonInterval(c.k, c.n);
    EXPECT_NEAR(share.lower, c.lower, 0.00005) << c.k << "/" << c.n;
    EXPECT_NEAR(share.upper, c.upper, 0.00005) << c.k << "/" << c.n;
    EXPECT_DOUBLE_EQ(share.value, static_cast<double>(c.k) / static_cast<double>(c.n));
  }
}

TEST(WilsonInterval, IsSymmetricAroundAHalfAndKeepsItsBoundsInsideZeroAndOne) {
  const Share half = WilsonInterval(5, 10);
  EXPECT_NEAR(half.lower, 0.2366, 0.00005);
  EXPECT_NEAR(half.upper, 0.7634, 0.00005);
  const Share all = WilsonInterval(20, 20);
  EXPECT_EQ(all.upper, 1.0);
  EXPECT_NEAR(all.lower, 1 - 0.1611, 0.00005);
  const Share none = WilsonInterval(0, 1);
  EXPECT_EQ(none.lower, 0.0);
  EXPECT_GT(none.upper, 0.7);
}

}  // namespace
}  // namespace zicht::monitor
