#include "zicht/simulate/distributions.hpp"

#include <gtest/gtest.h>

#include <cmath>

namespace zicht::simulate {
namespace {

TEST(Exp, AgreesWithTheCLibraryToTheLastFewBits) {
  for (double x = -700.0; x <= 700.0; x += 0.37) {
    const double expected = std::exp(x);
    ASSERT_NEAR(Exp(x) / expected, 1.0, 1e-14) << x;
  }
  EXPECT_EQ(Exp(0.0), 1.0);
  EXPECT_EQ(Exp(-800.0), 0.0);
  EXPECT_TRUE(std::isinf(Exp(800.0)));
}

TEST(Log, AgreesWithTheCLibraryToTheLastFewBits) {
  for (double x = 1e-300; x < 1e300; x *= 1.7) {
    const double expected = std::log(x);
    ASSERT_NEAR(Log(x), expected, 1e-14 * std::max(1.0, std::fabs(expected))) << x;
  }
  EXPECT_EQ(Log(1.0), 0.0);
  EXPECT_THROW(Log(0.0), std::invalid_argument);
}

TEST(Logistic, IsTheInverseOfLogit) {
  for (double p : {0.001, 0.1, 0.5, 0.77, 0.999}) EXPECT_NEAR(Logistic(Logit(p)), p, 1e-12);
  EXPECT_DOUBLE_EQ(Logistic(0.0), 0.5);
}

TEST(StandardNormal, HasMeanZeroAndVarianceOne) {
  Rng rng(1);
  double sum = 0.0, sum2 = 0.0;
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) {
    const double z = StandardNormal(rng);
    sum += z;
    sum2 += z * z;
  }
  // se of the mean 0.0032, of the variance about 0.0045
  EXPECT_NEAR(sum / kDraws, 0.0, 0.016);
  EXPECT_NEAR(sum2 / kDraws, 1.0, 0.025);
}

void ExpectPoissonMoments(double mean) {
  Rng rng(static_cast<std::uint64_t>(mean * 100));
  double sum = 0.0, sum2 = 0.0;
  constexpr int kDraws = 40000;
  for (int i = 0; i < kDraws; ++i) {
    const auto k = static_cast<double>(Poisson(rng, mean));
    sum += k;
    sum2 += k * k;
  }
  const double m = sum / kDraws;
  const double var = sum2 / kDraws - m * m;
  // se of the mean sqrt(mean / n); variance within 5%
  EXPECT_NEAR(m, mean, 5 * std::sqrt(mean / kDraws)) << mean;
  EXPECT_NEAR(var / mean, 1.0, 0.05) << mean;
}

TEST(Poisson, HasEqualMeanAndVarianceOnBothSidesOfTheSwitch) {
  ExpectPoissonMoments(0.7);
  ExpectPoissonMoments(12.0);
  ExpectPoissonMoments(29.0);
  ExpectPoissonMoments(31.0);
  ExpectPoissonMoments(5000.0);
}

TEST(Geometric, HasMeanFailuresOverSuccess) {
  Rng rng(9);
  double sum = 0.0;
  constexpr int kDraws = 50000;
  for (int i = 0; i < kDraws; ++i) sum += static_cast<double>(Geometric(rng, 0.8));
  // mean (1-p)/p = 0.25, sd sqrt(1-p)/p = 0.56 -> se 0.0025
  EXPECT_NEAR(sum / kDraws, 0.25, 0.0125);
}

TEST(Categorical, DrawsInProportionToWeights) {
  const Categorical draw({1.0, 0.0, 3.0, 6.0});
  EXPECT_DOUBLE_EQ(draw.Probability(2), 0.3);
  Rng rng(4);
  std::array<int, 4> counts{};
  constexpr int kDraws = 100000;
  for (int i = 0; i < kDraws; ++i) ++counts[draw.Sample(rng)];
  EXPECT_EQ(counts[1], 0);
  EXPECT_NEAR(counts[0] / double(kDraws), 0.1, 0.005);
  EXPECT_NEAR(counts[2] / double(kDraws), 0.3, 0.007);
  EXPECT_NEAR(counts[3] / double(kDraws), 0.6, 0.008);
}

TEST(Categorical, RefusesWeightsThatAreNotADistribution) {
  EXPECT_THROW(Categorical({0.0, 0.0}), std::invalid_argument);
  EXPECT_THROW(Categorical({1.0, -1.0}), std::invalid_argument);
}

}  // namespace
}  // namespace zicht::simulate
