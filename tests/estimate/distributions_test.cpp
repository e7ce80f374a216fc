#include "estimate/distributions.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace zicht::estimate {
namespace {

TEST(Distributions, NormalQuantileInvertsTheCdfToMachinePrecision) {
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-13);  // qnorm(0.975) in R
  EXPECT_NEAR(NormalQuantile(0.025), -1.959963984540054, 1e-13);
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-15);
  for (double p : {1e-10, 0.001, 0.02, 0.3, 0.7, 0.99, 1 - 1e-9}) {
    EXPECT_NEAR(NormalCdf(NormalQuantile(p)), p, 1e-13 * std::max(1.0, p / 1e-3)) << p;
  }
}

TEST(Distributions, PoissonTailsMatchDirectSums) {
  // P(X <= 3) for mean 2.5 = e^-2.5 (1 + 2.5 + 2.5^2/2 + 2.5^3/6), summed by hand.
  const double direct = std::exp(-2.5) * (1 + 2.5 + 3.125 + 15.625 / 6);
  EXPECT_NEAR(PoissonLowerTail(3, 2.5), direct, 1e-14);
  EXPECT_NEAR(PoissonUpperTail(4, 2.5), 1 - direct, 1e-14);
  EXPECT_DOUBLE_EQ(PoissonUpperTail(0, 2.5), 1.0);
  EXPECT_NEAR(PoissonLowerTail(0, 2.5), std::exp(-2.5), 1e-15);
}

TEST(Distributions, SmallPoissonTailsKeepRelativePrecision) {
  // P(X <= 0) for mean 50 is e^-50; computing it as 1 - P(X >= 1) would give 0.
  EXPECT_NEAR(PoissonLowerTail(0, 50) / std::exp(-50.0), 1.0, 1e-10);
  // P(X >= 60) for mean 5 ~ 5^60 e^-5 / 60! (first term dominates to 1e-1 relative).
  const double first = std::exp(60 * std::log(5.0) - 5 - std::lgamma(61.0));
  EXPECT_GT(PoissonUpperTail(60, 5), first);
  EXPECT_LT(PoissonUpperTail(60, 5), 1.1 * first);
}

}  // namespace
}  // namespace zicht::estimate
