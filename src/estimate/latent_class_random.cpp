#include "estimate/latent_class_random.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <numbers>

namespace zicht::estimate::lcm {
namespace {

std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9E3779B97F4A7C15ULL);
  z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ULL;
  z = (z ^ (z >> 27)) * 0x94D049BB133111EBULL;
  return z ^ (z >> 31);
}

constexpr std::uint64_t Rotl(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

constexpr int kLogFactorialTableSize = 256;

struct LogFactorialTable {
  std::array<double, kLogFactorialTableSize> value{};
  LogFactorialTable() {
    double sum = 0.0;
    value[0] = 0.0;
    for (int k = 1; k < kLogFactorialTableSize; ++k) {
      sum += std::log(static_cast<double>(k));
      value[k] = sum;
    }
  }
};

const LogFactorialTable& Table() {
  static const LogFactorialTable table;
  return table;
}

// fc(k) = log(k!) - [(k + 1/2) log(k + 1) - (k + 1) + log(2 pi) / 2], the error of
// Stirling's formula that BTRD needs (Hormann 1993, section 3).
double StirlingCorrection(double k) {
  if (k < 10) {
    const double kp1 = k + 1.0;
    return LogFactorial(k) -
           ((k + 0.5) * std::log(kp1) - kp1 + 0.5 * std::log(2.0 * std::numbers::pi));
  }
  const double inv = 1.0 / (k + 1.0);
  const double inv2 = inv * inv;
  return (1.0 / 12.0 - (1.0 / 360.0 - inv2 / 1260.0) * inv2) * inv;
}

// Ziggurat tables for the normal density with 128 layers of equal area v, the
// rightmost edge r (Marsaglia and Tsang 2000b, "The ziggurat method for generating
// random variables", J. Statist. Software 5(8)). x[0] is the base layer's pseudo-width
// v / f(r), x[1] = r, and x[i+1] solves f(x[i+1]) = f(x[i]) + v / x[i].
constexpr double kZigguratR = 3.442619855899;
constexpr double kZigguratV = 9.91256303526217e-3;

struct Ziggurat {
  std::array<double, 129> x{};
  std::array<double, 128> ratio{};
  Ziggurat() {
    double f = std::exp(-0.5 * kZigguratR * kZigguratR);
    x[0] = kZigguratV / f;
    x[1] = kZigguratR;
    x[128] = 0.0;
    for (int i = 2; i < 128; ++i) {
      x[i] = std::sqrt(-2.0 * std::log(kZigguratV / x[i - 1] + f));
      f = std::exp(-0.5 * x[i] * x[i]);
    }
    for (int i = 0; i < 128; ++i) ratio[i] = x[i + 1] / x[i];
  }
};

const Ziggurat& TheZiggurat() {
  static const Ziggurat table;
  return table;
}

}  // namespace

double LogFactorial(double k) {
  if (k < kLogFactorialTableSize) return Table().value[static_cast<int>(k)];
  // Stirling's series for log Gamma(k + 1); the first omitted term is below 1e-17 here.
  const double x = k + 1.0;
  const double inv = 1.0 / x;
  const double inv2 = inv * inv;
  return (x - 0.5) * std::log(x) - x + 0.5 * std::log(2.0 * std::numbers::pi) +
         inv * (1.0 / 12.0 - inv2 * (1.0 / 360.0 - inv2 / 1260.0));
}

Random::Random(std::uint64_t seed, std::uint64_t stream) {
  std::uint64_t state = seed;
  // Mixing the stream through its own splitmix round keeps seed s, stream t apart from
  // seed s + 1, stream t - 1 and the like.
  std::uint64_t stream_state = stream ^ 0xD1B54A32D192ED03ULL;
  state ^= SplitMix64(stream_state);
  for (auto& word : s_) word = SplitMix64(state);
}

std::uint64_t Random::Next() {
  const std::uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Random::Normal() {
  // The ziggurat of Marsaglia and Tsang (2000b) with 128 layers, in the form of Doornik
  // (2005) that takes the layer and the abscissa from disjoint bits of one draw.
  const Ziggurat& z = TheZiggurat();
  for (;;) {
    const std::uint64_t bits = Next();
    const std::size_t i = bits & 0x7F;
    const double u = 2.0 * ((static_cast<double>(bits >> 11) + 0.5) * 0x1.0p-53) - 1.0;
    if (std::fabs(u) < z.ratio[i]) return u * z.x[i];  // inside the layer's rectangle core
    if (i == 0) {
      // The base layer's tail beyond r, by Marsaglia's (1964) exponential rejection.
      double x = 0.0;
      double y = 0.0;
      do {
        x = std::log(Uniform()) / kZigguratR;
        y = std::log(Uniform());
      } while (-2.0 * y < x * x);
      return u < 0.0 ? x - kZigguratR : kZigguratR - x;
    }
    const double x = u * z.x[i];
    const double f0 = std::exp(-0.5 * (z.x[i] * z.x[i] - x * x));
    const double f1 = std::exp(-0.5 * (z.x[i + 1] * z.x[i + 1] - x * x));
    if (f1 + Uniform() * (f0 - f1) < 1.0) return x;
  }
}

double Random::Gamma(double shape) {
  assert(shape > 0.0 && "gamma shape must be positive");
  if (shape < 1.0) {
    return Gamma(shape + 1.0) * std::pow(Uniform(), 1.0 / shape);
  }
  const double d = shape - 1.0 / 3.0;
  const double c = 1.0 / std::sqrt(9.0 * d);
  for (;;) {
    double x = 0.0;
    double v = 0.0;
    do {
      x = Normal();
      v = 1.0 + c * x;
    } while (v <= 0.0);
    v = v * v * v;
    const double u = Uniform();
    const double x2 = x * x;
    if (u < 1.0 - 0.0331 * x2 * x2) return d * v;
    if (std::log(u) < 0.5 * x2 + d * (1.0 - v + std::log(v))) return d * v;
  }
}

double Random::LogGamma(double shape) {
  if (shape >= 1.0) return std::log(Gamma(shape));
  return std::log(Gamma(shape + 1.0)) + std::log(Uniform()) / shape;
}

double Random::Beta(double a, double b) {
  // Beta(1, 1) is the uniform: the prior of every capture probability of an empty class.
  if (a == 1.0 && b == 1.0) return Uniform();
  const double x = Gamma(a);
  const double y = Gamma(b);
  return x / (x + y);
}

std::int64_t Random::Binomial(std::int64_t n, double p) {
  if (n <= 0 || p <= 0.0) return 0;
  if (p >= 1.0) return n;
  if (p > 0.5) return n - Binomial(n, 1.0 - p);
  if (static_cast<double>(n) * p < 14.0) return BinomialInversion(n, p);
  return BinomialBtrd(n, p);
}

std::int64_t Random::BinomialInversion(std::int64_t n, double p) {
  // Sequential search from 0 with the recurrence P(x) = P(x-1) ((n+1)/x - 1) p/q.
  const double q = 1.0 - p;
  const double s = p / q;
  const double a = static_cast<double>(n + 1) * s;
  const double r0 = std::exp(static_cast<double>(n) * std::log1p(-p));
  for (;;) {
    double r = r0;
    double u = Uniform();
    std::int64_t x = 0;
    for (;;) {
      if (u <= r) return x;
      u -= r;
      ++x;
      if (x > n) break;  // rounding left u above the total mass: draw again
      r *= a / static_cast<double>(x) - s;
    }
  }
}

std::int64_t Random::BinomialBtrd(std::int64_t n_int, double p) {
  // W. Hormann (1993), "The generation of binomial random variates", J. Statist.
  // Comput. Simul. 46:101-110, algorithm BTRD, for n p >= 10 and p <= 1/2.
  const double n = static_cast<double>(n_int);
  const double q = 1.0 - p;
  const double m = std::floor((n + 1.0) * p);
  const double r = p / q;
  const double nr = (n + 1.0) * r;
  const double npq = n * p * q;
  const double spq = std::sqrt(npq);
  const double b = 1.15 + 2.53 * spq;
  const double a = -0.0873 + 0.0248 * b + 0.01 * p;
  const double c = n * p + 0.5;
  const double alpha = (2.83 + 5.1 / b) * spq;
  const double vr = 0.92 - 4.2 / b;
  const double urvr = 0.86 * vr;
  for (;;) {
    double v = Uniform();
    double u = 0.0;
    if (v <= urvr) {
      u = v / vr - 0.43;
      return static_cast<std::int64_t>(std::floor((2.0 * a / (0.5 - std::fabs(u)) + b) * u + c));
    }
    if (v >= vr) {
      u = Uniform() - 0.5;
    } else {
      u = v / vr - 0.93;
      u = (u < 0.0 ? -0.5 : 0.5) - u;
      v = Uniform() * vr;
    }
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + c);
    if (k < 0.0 || k > n) continue;
    v = v * alpha / (a / (us * us) + b);
    const double km = std::fabs(k - m);
    if (km <= 15.0) {
      // Evaluate f(k)/f(m) by the recurrence.
      double f = 1.0;
      if (m < k) {
        for (double i = m + 1.0; i <= k; i += 1.0) f *= nr / i - r;
      } else if (m > k) {
        for (double i = k + 1.0; i <= m; i += 1.0) v *= nr / i - r;
      }
      if (v <= f) return static_cast<std::int64_t>(k);
      continue;
    }
    // Squeeze on log f, then the exact comparison with Stirling corrections.
    v = std::log(v);
    const double rho = (km / npq) * (((km / 3.0 + 0.625) * km + 1.0 / 6.0) / npq + 0.5);
    const double t = -km * km / (2.0 * npq);
    if (v < t - rho) return static_cast<std::int64_t>(k);
    if (v > t + rho) continue;
    const double nm = n - m + 1.0;
    const double h = (m + 0.5) * std::log((m + 1.0) / (r * nm)) + StirlingCorrection(m) +
                     StirlingCorrection(n - m);
    const double nk = n - k + 1.0;
    if (v <= h + (n + 1.0) * std::log(nm / nk) + (k + 0.5) * std::log(nk * r / (k + 1.0)) -
                 StirlingCorrection(k) - StirlingCorrection(n - k)) {
      return static_cast<std::int64_t>(k);
    }
  }
}

std::int64_t Random::Poisson(double mean) {
  if (mean <= 0.0) return 0;
  if (mean < 10.0) {
    // Inversion by sequential search.
    const double p0 = std::exp(-mean);
    for (;;) {
      double p = p0;
      double u = Uniform();
      std::int64_t x = 0;
      for (;;) {
        if (u <= p) return x;
        u -= p;
        ++x;
        p *= mean / static_cast<double>(x);
        if (x > 1000) break;  // rounding: draw again
      }
    }
  }
  // W. Hormann (1993), "The transformed rejection method for generating Poisson random
  // variables", Insurance: Mathematics and Economics 12:39-45, algorithm PTRS.
  const double slam = std::sqrt(mean);
  const double loglam = std::log(mean);
  const double b = 0.931 + 2.53 * slam;
  const double a = -0.059 + 0.02483 * b;
  const double inv_alpha = 1.1239 + 1.1328 / (b - 3.4);
  const double vr = 0.9277 - 3.6224 / (b - 2.0);
  for (;;) {
    const double u = Uniform() - 0.5;
    const double v = Uniform();
    const double us = 0.5 - std::fabs(u);
    const double k = std::floor((2.0 * a / us + b) * u + mean + 0.43);
    if (us >= 0.07 && v <= vr) return static_cast<std::int64_t>(k);
    if (k < 0.0 || (us < 0.013 && v > us)) continue;
    if (std::log(v) + std::log(inv_alpha) - std::log(a / (us * us) + b) <=
        -mean + k * loglam - LogFactorial(k)) {
      return static_cast<std::int64_t>(k);
    }
  }
}

std::int64_t Random::NegativeBinomial(double successes, double p_success, double cap,
                                      bool* capped) {
  *capped = false;
  if (p_success >= 1.0) return 0;
  // failures ~ Poisson(G), G ~ Gamma(successes, scale (1 - p) / p).
  double mean = Gamma(successes) * (1.0 - p_success) / p_success;
  if (!(mean <= cap)) {  // also catches the infinity of p_success == 0
    mean = cap;
    *capped = true;
  }
  return Poisson(mean);
}

void Random::Multinomial(std::int64_t n, std::span<const double> weights,
                         std::span<std::int64_t> out) {
  assert(weights.size() == out.size() && "one count per weight");
  const std::size_t k = weights.size();
  std::fill(out.begin(), out.end(), 0);
  if (n <= 0 || k == 0) return;
  // Conditional binomials, category c getting Binomial(rest, w_c / remaining weight),
  // while many trials are left; the last few trials are cheaper as one categorical draw
  // each. Callers put the heavy categories first so that the binomials end early.
  constexpr std::int64_t kFewTrials = 24;
  std::int64_t rest = n;
  double remaining = 0.0;
  for (double w : weights) remaining += w;
  std::size_t c = 0;
  for (; c + 1 < k && rest > kFewTrials; ++c) {
    const double p = remaining > 0.0 ? weights[c] / remaining : 1.0;
    const std::int64_t x = Binomial(rest, std::min(1.0, p));
    out[c] = x;
    rest -= x;
    remaining -= weights[c];
  }
  if (rest == 0) return;
  // Re-sum rather than trust the running difference, which loses digits.
  double total = 0.0;
  for (std::size_t t = c; t < k; ++t) total += weights[t];
  if (!(total > 0.0)) {
    // Only rounding can get here: give the rest to the last category with weight.
    std::size_t last = k - 1;
    while (weights[last] <= 0.0 && last > 0) --last;
    out[last] += rest;
    return;
  }
  for (std::int64_t i = 0; i < rest; ++i) {
    double u = Uniform() * total;
    std::size_t t = c;
    while (t + 1 < k && u >= weights[t]) {
      u -= weights[t];
      ++t;
    }
    while (weights[t] <= 0.0 && t > c) --t;  // rounding ran past the last weight
    ++out[t];
  }
}

}  // namespace zicht::estimate::lcm
