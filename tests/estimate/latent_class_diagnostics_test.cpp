// R-hat and effective sample size on chains whose answer is known in closed form:
// independent draws (R-hat 1, ESS = number of draws), chains stuck apart (R-hat large),
// and AR(1) chains, whose ESS is S (1 - phi) / (1 + phi).
#include "estimate/latent_class_diagnostics.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <vector>

#include "estimate/latent_class_random.hpp"

namespace zicht::estimate::lcm {
namespace {

using Chains = std::vector<std::vector<double>>;

Chains Ar1(int chains, int length, double phi, std::uint64_t seed, double offset_per_chain = 0) {
  Random random(seed);
  Chains out(static_cast<std::size_t>(chains));
  for (int c = 0; c < chains; ++c) {
    double x = random.Normal() / std::sqrt(1 - phi * phi);  // stationary start
    for (int i = 0; i < length; ++i) {
      x = phi * x + random.Normal();
      out[static_cast<std::size_t>(c)].push_back(x + offset_per_chain * c);
    }
  }
  return out;
}

TEST(LatentClassDiagnostics, NormalQuantileInvertsThePhiFunction) {
  // qnorm(0.975) in R; qnorm(1e-10) and qnorm(0.2) as Python 3.11's
  // statistics.NormalDist().inv_cdf gives them: -6.361340902404056, -0.8416212335729142.
  EXPECT_NEAR(NormalQuantile(0.975), 1.959963984540054, 1e-12);
  EXPECT_NEAR(NormalQuantile(0.5), 0.0, 1e-14);
  EXPECT_NEAR(NormalQuantile(1e-10), -6.361340902404056, 1e-9);
  EXPECT_NEAR(NormalQuantile(0.2), -0.8416212335729143, 1e-12);
}

TEST(LatentClassDiagnostics, QuantileInterpolatesLikeRsDefault) {
  // R: quantile(c(1, 2, 3, 4, 10), c(0.025, 0.5, 0.975)) gives 1.1, 3, 9.4
  const std::vector<double> x = {10, 2, 4, 1, 3};
  EXPECT_DOUBLE_EQ(Quantile(x, 0.5), 3.0);
  EXPECT_NEAR(Quantile(x, 0.025), 1.1, 1e-12);
  EXPECT_NEAR(Quantile(x, 0.975), 9.4, 1e-12);
  EXPECT_DOUBLE_EQ(Quantile(x, 1.0), 10.0);
}

TEST(LatentClassDiagnostics, IndependentChainsHaveRhatOneAndFullEss) {
  const Chains chains = Ar1(4, 2000, 0.0, 11);
  EXPECT_LT(SplitRhat(chains), 1.01);
  EXPECT_LT(GelmanRubinRhat(chains), 1.01);
  // ESS of 8000 independent draws: the estimator's own noise is a few percent.
  EXPECT_NEAR(BulkEss(chains), 8000.0, 0.12 * 8000.0);
  EXPECT_NEAR(Ess(chains), 8000.0, 0.12 * 8000.0);
  EXPECT_GT(TailEss(chains), 0.7 * 8000.0);
}

TEST(LatentClassDiagnostics, Ar1ChainsHaveTheirTheoreticalEss) {
  const double phi = 0.9;
  const Chains chains = Ar1(4, 20000, phi, 12);
  const double expected = 80000.0 * (1 - phi) / (1 + phi);  // 4211
  EXPECT_NEAR(Ess(chains), expected, 0.15 * expected);
  EXPECT_NEAR(BulkEss(chains), expected, 0.15 * expected);
  EXPECT_LT(SplitRhat(chains), 1.01);
}

TEST(LatentClassDiagnostics, ChainsStuckApartHaveLargeRhat) {
  const Chains chains = Ar1(4, 1000, 0.5, 13, /*offset_per_chain=*/2.0);
  EXPECT_GT(SplitRhat(chains), 1.5);
  EXPECT_GT(GelmanRubinRhat(chains), 1.5);
  EXPECT_LT(BulkEss(chains), 100.0);
}

TEST(LatentClassDiagnostics, ATrendingChainIsCaughtBySplitting) {
  // One chain that drifts: whole-chain R-hat cannot see it, the split halves can.
  Chains chains(1);
  Random random(14);
  for (int i = 0; i < 2000; ++i) chains[0].push_back(i * 0.01 + random.Normal());
  EXPECT_GT(SplitRhat(chains), 1.5);
}

TEST(LatentClassDiagnostics, ConstantAndTooShortChainsAreHandled) {
  EXPECT_DOUBLE_EQ(SplitRhat(Chains{{5, 5, 5, 5}, {5, 5, 5, 5}}), 1.0);
  EXPECT_TRUE(std::isinf(SplitRhat(Chains{{5, 5, 5, 5}, {6, 6, 6, 6}})));
  EXPECT_TRUE(std::isnan(SplitRhat(Chains{{1, 2, 3}})));
  EXPECT_TRUE(std::isnan(BulkEss(Chains{{1, 2, 3, 4}, {1, 2, 3}})));
}

}  // namespace
}  // namespace zicht::estimate::lcm
