// Random numbers for the latent-class sampler: a xoshiro256** generator and the
// distributions the Gibbs sampler draws from (normal, gamma, beta, binomial, Poisson,
// negative binomial, multinomial).
//
// Why our own: the std:: distributions are implementation-defined, so the same seed
// would give different estimates with another standard library. Every algorithm here
// is a published one (cited beside it), written down in portable arithmetic, so a seed
// reproduces a run bit for bit wherever IEEE doubles and the libm functions agree.
//
// Thread safety: a Random is a plain value; give each thread its own.
#pragma once

#include <array>
#include <cstdint>
#include <span>

namespace zicht::estimate::lcm {

class Random {
 public:
  // Seeds the four words of state from `seed` and `stream` with splitmix64, so that
  // streams 0, 1, 2, ... of one seed are unrelated generators (one per chain).
  explicit Random(std::uint64_t seed, std::uint64_t stream = 0);

  std::uint64_t Next();
  // Uniform on the open interval (0, 1): never 0, so log(Uniform()) is finite.
  double Uniform() { return (static_cast<double>(Next() >> 11) + 0.5) * 0x1.0p-53; }
  double Normal();

  // Gamma with the given shape (> 0) and unit scale (Marsaglia and Tsang 2000; for a
  // shape below 1, the boost Gamma(a) = Gamma(a + 1) U^(1/a) of their section 6).
  double Gamma(double shape);
  // log of a Gamma(shape) draw, exact also when the draw itself would underflow
  // (a shape far below 1, as the stick-breaking weights need when alpha is small).
  double LogGamma(double shape);
  double Beta(double a, double b);

  // Binomial(n, p) for n >= 0 and p in [0, 1]: inversion when n min(p, 1-p) < 14, else
  // Hormann's (1993) BTRD transformed rejection.
  std::int64_t Binomial(std::int64_t n, double p);
  // Poisson(mean) for mean >= 0: inversion below 10, else Hormann's (1993) PTRS.
  std::int64_t Poisson(double mean);
  // The number of failures before `successes` successes in Bernoulli(p_success) trials,
  // drawn as a gamma-Poisson mixture. `cap` bounds the Poisson mean (the draw is then
  // from the capped mixture and `*capped` is set); pass a huge cap to mean none.
  std::int64_t NegativeBinomial(double successes, double p_success, double cap, bool* capped);

  // Splits `n` over the categories in proportion to `weights` (nonnegative, not all 0,
  // need not sum to 1), writing the counts to `out` (same size as weights).
  void Multinomial(std::int64_t n, std::span<const double> weights, std::span<std::int64_t> out);

 private:
  std::int64_t BinomialInversion(std::int64_t n, double p);
  std::int64_t BinomialBtrd(std::int64_t n, double p);

  std::array<std::uint64_t, 4> s_{};
};

// log(k!) for k >= 0: a table for small k, Stirling's series beyond.
double LogFactorial(double k);

}  // namespace zicht::estimate::lcm
