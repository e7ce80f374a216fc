#include "zicht/simulate/distributions.hpp"

#include <algorithm>
#include <cmath>
#include <limits>
#include <stdexcept>

namespace zicht::simulate {

double Exp(double x) {
  if (x != x) return x;
  if (x > 709.0) return std::numeric_limits<double>::infinity();
  if (x < -745.0) return 0.0;
  // x = k ln2 + r with |r| <= ln2 / 2; ln2 in two parts so that k ln2 is exact.
  constexpr double kLn2High = 6.93147180369123816490e-01;
  constexpr double kLn2Low = 1.90821492927058770002e-10;
  constexpr double kInvLn2 = 1.44269504088896338700e+00;
  const double kd = x * kInvLn2;
  const auto k = static_cast<int>(kd < 0 ? kd - 0.5 : kd + 0.5);
  const double r = (x - k * kLn2High) - k * kLn2Low;
  // Taylor series to r^17/17!: the remainder is below 1e-19 for |r| <= 0.35.
  double term = 1.0;
  double sum = 1.0;
  for (int n = 1; n <= 17; ++n) {
    term = term * r / n;
    sum += term;
  }
  return std::ldexp(sum, k);  // exact scaling by a power of two
}

double Log(double x) {
  if (!(x > 0.0)) throw std::invalid_argument("Log needs a positive argument");
  if (x == std::numeric_limits<double>::infinity()) return x;
  int exponent = 0;
  double m = std::frexp(x, &exponent);  // exact: x = m 2^e, m in [0.5, 1)
  if (m < 0.70710678118654752440) {
    m *= 2.0;
    --exponent;
  }
  // log(m) = 2 atanh(s), s = (m - 1) / (m + 1), |s| <= 0.1716.
  const double s = (m - 1.0) / (m + 1.0);
  const double s2 = s * s;
  double power = s;
  double sum = 0.0;
  for (int n = 1; n <= 41; n += 2) {
    sum += power / n;
    power *= s2;
  }
  constexpr double kLn2High = 6.93147180369123816490e-01;
  constexpr double kLn2Low = 1.90821492927058770002e-10;
  return exponent * kLn2High + (2.0 * sum + exponent * kLn2Low);
}

double Logistic(double x) {
  return 1.0 / (1.0 + Exp(-x));
}

double Logit(double p) {
  return Log(p / (1.0 - p));
}

double StandardNormal(Rng& rng) {
  for (;;) {
    const double u = 2.0 * rng.Uniform() - 1.0;
    const double v = 2.0 * rng.Uniform() - 1.0;
    const double s = u * u + v * v;
    if (s > 0.0 && s < 1.0) return u * std::sqrt(-2.0 * Log(s) / s);  // sqrt is exact-rounded
  }
}

std::int64_t Poisson(Rng& rng, double mean) {
  if (!(mean > 0.0)) return 0;
  if (mean < 30.0) {
    const double limit = Exp(-mean);
    std::int64_t count = 0;
    double product = rng.Uniform();
    while (product > limit) {
      ++count;
      product *= rng.Uniform();
    }
    return count;
  }
  const double draw = mean + std::sqrt(mean) * StandardNormal(rng) + 0.5;
  return draw < 0.0 ? 0 : static_cast<std::int64_t>(draw);
}

std::int64_t Geometric(Rng& rng, double p) {
  if (p >= 1.0) return 0;
  std::int64_t failures = 0;
  while (!rng.Bernoulli(p)) ++failures;
  return failures;
}

Categorical::Categorical(const std::vector<double>& weights) {
  double total = 0.0;
  cumulative_.reserve(weights.size());
  for (double w : weights) {
    if (!(w >= 0.0) || w == std::numeric_limits<double>::infinity()) {
      throw std::invalid_argument("Categorical weights must be finite and non-negative");
    }
    total += w;
    cumulative_.push_back(total);
  }
  if (!(total > 0.0)) throw std::invalid_argument("Categorical needs a positive weight");
  for (double& c : cumulative_) c /= total;
  cumulative_.back() = 1.0;
}

std::size_t Categorical::Sample(Rng& rng) const {
  const double u = rng.Uniform();
  const auto it = std::upper_bound(cumulative_.begin(), cumulative_.end(), u);
  return std::min(static_cast<std::size_t>(it - cumulative_.begin()), cumulative_.size() - 1);
}

double Categorical::Probability(std::size_t i) const {
  return i == 0 ? cumulative_[0] : cumulative_[i] - cumulative_[i - 1];
}

}  // namespace zicht::simulate
