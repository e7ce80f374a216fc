#include "estimate/latent_class_diagnostics.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>
#include <complex>
#include <limits>
#include <numbers>
#include <numeric>

namespace zicht::estimate::lcm {
namespace {

using Chains = std::vector<std::vector<double>>;

// Each chain cut into its first and last halves (the middle draw of an odd length is
// dropped), so that a chain that drifts disagrees with itself.
Chains Split(const Chains& chains) {
  Chains halves;
  halves.reserve(2 * chains.size());
  for (const auto& chain : chains) {
    const std::size_t half = chain.size() / 2;
    halves.emplace_back(chain.begin(), chain.begin() + static_cast<std::ptrdiff_t>(half));
    halves.emplace_back(chain.end() - static_cast<std::ptrdiff_t>(half), chain.end());
  }
  return halves;
}

// Replaces every draw by Phi^-1((r - 3/8) / (S + 1/4)) of its rank r among all S draws,
// ties sharing their average rank (Vehtari et al. 2021, eq. 14).
Chains RankNormalise(const Chains& chains) {
  std::vector<double> values;
  for (const auto& chain : chains) values.insert(values.end(), chain.begin(), chain.end());
  std::vector<std::size_t> order(values.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](std::size_t a, std::size_t b) { return values[a] < values[b]; });
  std::vector<double> z(values.size());
  const double total = static_cast<double>(values.size());
  for (std::size_t i = 0; i < order.size();) {
    std::size_t j = i;
    while (j + 1 < order.size() && values[order[j + 1]] == values[order[i]]) ++j;
    const double rank = 0.5 * static_cast<double>(i + j) + 1.0;  // average of ranks i+1..j+1
    const double score = NormalQuantile((rank - 0.375) / (total + 0.25));
    for (std::size_t t = i; t <= j; ++t) z[order[t]] = score;
    i = j + 1;
  }
  Chains out;
  std::size_t at = 0;
  for (const auto& chain : chains) {
    out.emplace_back(z.begin() + static_cast<std::ptrdiff_t>(at),
                     z.begin() + static_cast<std::ptrdiff_t>(at + chain.size()));
    at += chain.size();
  }
  return out;
}

Chains Fold(const Chains& chains) {
  std::vector<double> pooled;
  for (const auto& chain : chains) pooled.insert(pooled.end(), chain.begin(), chain.end());
  const double median = Quantile(pooled, 0.5);
  Chains out = chains;
  for (auto& chain : out) {
    for (double& x : chain) x = std::fabs(x - median);
  }
  return out;
}

double Mean(const std::vector<double>& x) {
  return std::accumulate(x.begin(), x.end(), 0.0) / static_cast<double>(x.size());
}

double Variance(const std::vector<double>& x) {  // denominator n - 1
  const double m = Mean(x);
  double ss = 0.0;
  for (double v : x) ss += (v - m) * (v - m);
  return ss / static_cast<double>(x.size() - 1);
}

void Fft(std::vector<std::complex<double>>& a, bool inverse) {
  const std::size_t n = a.size();
  for (std::size_t i = 1, j = 0; i < n; ++i) {
    std::size_t bit = n >> 1;
    for (; j & bit; bit >>= 1) j ^= bit;
    j ^= bit;
    if (i < j) std::swap(a[i], a[j]);
  }
  for (std::size_t len = 2; len <= n; len <<= 1) {
    const double angle = 2.0 * std::numbers::pi / static_cast<double>(len) * (inverse ? 1 : -1);
    const std::complex<double> step(std::cos(angle), std::sin(angle));
    for (std::size_t i = 0; i < n; i += len) {
      std::complex<double> w(1.0, 0.0);
      for (std::size_t j = 0; j < len / 2; ++j) {
        const auto u = a[i + j];
        const auto v = a[i + j + len / 2] * w;
        a[i + j] = u + v;
        a[i + j + len / 2] = u - v;
        w *= step;
      }
    }
  }
  if (inverse) {
    for (auto& x : a) x /= static_cast<double>(n);
  }
}

// Autocovariances at lags 0 .. n-1, divided by n (the biased estimator that Geyer's
// sequence needs to stay positive definite).
std::vector<double> Autocovariance(const std::vector<double>& x) {
  const std::size_t n = x.size();
  std::size_t size = 1;
  while (size < 2 * n) size <<= 1;
  const double m = Mean(x);
  std::vector<std::complex<double>> a(size);
  for (std::size_t i = 0; i < n; ++i) a[i] = x[i] - m;
  Fft(a, false);
  for (auto& v : a) v = std::complex<double>(std::norm(v), 0.0);
  Fft(a, true);
  std::vector<double> acov(n);
  for (std::size_t i = 0; i < n; ++i) acov[i] = a[i].real() / static_cast<double>(n);
  return acov;
}

double RhatOf(const Chains& chains) {
  const std::size_t m = chains.size();
  const double n = static_cast<double>(chains.front().size());
  std::vector<double> means;
  double w = 0.0;
  for (const auto& chain : chains) {
    means.push_back(Mean(chain));
    w += Variance(chain);
  }
  w /= static_cast<double>(m);
  const double b_over_n = m > 1 ? Variance(means) : 0.0;
  if (w <= 0.0) return b_over_n > 0.0 ? std::numeric_limits<double>::infinity() : 1.0;
  const double var_plus = (n - 1.0) / n * w + b_over_n;
  return std::sqrt(var_plus / w);
}

// Effective sample size of the mean over the given (already split) chains: the total
// number of draws over tau = 1 + 2 sum rho_t, with the autocorrelations rho_t combined
// across chains as in Vehtari et al. (2021, eq. 10) and the sum truncated by Geyer's
// (1992) initial positive sequence, made monotone.
double EssOf(const Chains& chains) {
  const std::size_t m = chains.size();
  const std::size_t n = chains.front().size();
  const double total = static_cast<double>(m * n);
  std::vector<std::vector<double>> acov;
  std::vector<double> means;
  double mean_var = 0.0;
  for (const auto& chain : chains) {
    acov.push_back(Autocovariance(chain));
    means.push_back(Mean(chain));
    mean_var += acov.back()[0] * static_cast<double>(n) / static_cast<double>(n - 1);
  }
  mean_var /= static_cast<double>(m);
  double var_plus = mean_var * static_cast<double>(n - 1) / static_cast<double>(n);
  if (m > 1) var_plus += Variance(means);
  if (!(var_plus > 0.0)) return total;  // constant draws: nothing to correct
  auto rho = [&](std::size_t t) {
    double mean_acov = 0.0;
    for (const auto& a : acov) mean_acov += a[t];
    mean_acov /= static_cast<double>(m);
    return 1.0 - (mean_var - mean_acov) / var_plus;
  };
  // Sums of adjacent pairs P_k = rho_2k + rho_2k+1 while they stay positive.
  std::vector<double> pairs;
  for (std::size_t t = 0; t + 1 < n; t += 2) {
    const double p = rho(t) + rho(t + 1);
    if (p <= 0.0) break;
    pairs.push_back(p);
  }
  for (std::size_t k = 1; k < pairs.size(); ++k) pairs[k] = std::min(pairs[k], pairs[k - 1]);
  const double sum_pairs = std::accumulate(pairs.begin(), pairs.end(), 0.0);
  double tau = 2.0 * sum_pairs - 1.0;  // = 1 + 2 sum_{t>=1} rho_t
  // Antithetic chains can make tau tiny; the same floor as the reference code.
  tau = std::max(tau, 1.0 / std::log10(total));
  return total / tau;
}

bool Usable(const Chains& chains, std::size_t min_length) {
  if (chains.empty()) return false;
  const std::size_t n = chains.front().size();
  if (n < min_length) return false;
  for (const auto& chain : chains) {
    if (chain.size() != n) return false;
  }
  return true;
}

}  // namespace

double NormalQuantile(double p) {
  assert(p > 0.0 && p < 1.0 && "NormalQuantile needs 0 < p < 1");
  // Start from Abramowitz and Stegun 26.2.23 (error below 4.5e-4), then polish with
  // Halley steps on Phi(x) = erfc(-x / sqrt 2) / 2 to full precision.
  const double tail = std::min(p, 1.0 - p);
  const double t = std::sqrt(-2.0 * std::log(tail));
  double x = t - (2.515517 + 0.802853 * t + 0.010328 * t * t) /
                     (1.0 + 1.432788 * t + 0.189269 * t * t + 0.001308 * t * t * t);
  if (p < 0.5) x = -x;
  for (int i = 0; i < 3; ++i) {
    const double e = 0.5 * std::erfc(-x / std::numbers::sqrt2) - p;
    const double u = e * std::sqrt(2.0 * std::numbers::pi) * std::exp(0.5 * x * x);
    x -= u / (1.0 + 0.5 * x * u);
  }
  return x;
}

double Quantile(std::vector<double> values, double q) {
  assert(!values.empty() && "quantile of nothing");
  std::sort(values.begin(), values.end());
  const double h = (static_cast<double>(values.size()) - 1.0) * q;
  const auto lo = static_cast<std::size_t>(std::floor(h));
  if (lo + 1 >= values.size()) return values.back();
  return values[lo] + (h - static_cast<double>(lo)) * (values[lo + 1] - values[lo]);
}

double GelmanRubinRhat(const std::vector<std::vector<double>>& chains) {
  if (!Usable(chains, 2) || chains.size() < 2) return std::numeric_limits<double>::quiet_NaN();
  return RhatOf(chains);
}

double SplitRhat(const std::vector<std::vector<double>>& chains) {
  if (!Usable(chains, 4)) return std::numeric_limits<double>::quiet_NaN();
  const Chains split = Split(chains);
  const double bulk = RhatOf(RankNormalise(split));
  const double tail = RhatOf(RankNormalise(Fold(split)));
  return std::max(bulk, tail);
}

double BulkEss(const std::vector<std::vector<double>>& chains) {
  if (!Usable(chains, 4)) return std::numeric_limits<double>::quiet_NaN();
  return EssOf(RankNormalise(Split(chains)));
}

double TailEss(const std::vector<std::vector<double>>& chains) {
  if (!Usable(chains, 4)) return std::numeric_limits<double>::quiet_NaN();
  std::vector<double> pooled;
  for (const auto& chain : chains) pooled.insert(pooled.end(), chain.begin(), chain.end());
  double smallest = std::numeric_limits<double>::infinity();
  for (double q : {0.05, 0.95}) {
    const double cut = Quantile(pooled, q);
    Chains indicator = chains;
    for (auto& chain : indicator) {
      for (double& x : chain) x = x <= cut ? 1.0 : 0.0;
    }
    smallest = std::min(smallest, EssOf(Split(indicator)));
  }
  return smallest;
}

double Ess(const std::vector<std::vector<double>>& chains) {
  if (!Usable(chains, 4)) return std::numeric_limits<double>::quiet_NaN();
  return EssOf(Split(chains));
}

}  // namespace zicht::estimate::lcm
