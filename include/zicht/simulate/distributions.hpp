// Random variates and the elementary functions they need, computed with IEEE-754
// additions, multiplications, divisions and square roots only, so that the same seed
// gives the same numbers on every machine (libm's exp and log may differ in the last
// bit between C libraries; these do not).
//
// Thread safety: pure functions of their arguments; Categorical is immutable after
// construction.
#pragma once

#include <cstdint>
#include <vector>

#include "zicht/simulate/rng.hpp"

namespace zicht::simulate {

// e^x, accurate to a few units in the last place for |x| < 700; 0 below -745, +inf
// above 709.
double Exp(double x);

// The natural logarithm for x > 0 (NaN for x <= 0 is not produced: requires x > 0).
double Log(double x);

// 1 / (1 + e^-x).
double Logistic(double x);

// log(p / (1 - p)) for 0 < p < 1.
double Logit(double p);

// A standard normal variate (Marsaglia's polar method).
double StandardNormal(Rng& rng);

// A Poisson variate: Knuth's product of uniforms below a mean of 30, a rounded normal
// approximation with continuity correction above (error in the shares well under 1%).
std::int64_t Poisson(Rng& rng, double mean);

// The number of failures before the first success in trials with success probability
// p (0 < p <= 1).
std::int64_t Geometric(Rng& rng, double p);

// Draws an index with probability proportional to its weight (cumulative sums and
// binary search). Weights must be finite, >= 0, and not all zero.
class Categorical {
 public:
  Categorical() = default;
  explicit Categorical(const std::vector<double>& weights);
  std::size_t Sample(Rng& rng) const;
  std::size_t size() const { return cumulative_.size(); }
  // The normalised probability of index i.
  double Probability(std::size_t i) const;

 private:
  std::vector<double> cumulative_;
};

}  // namespace zicht::simulate
