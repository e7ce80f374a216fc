// An independent reference for the Poisson log-linear estimate of a hierarchical model of
// two-list terms: iterative proportional fitting (Deming and Stephan 1940; Bishop, Fienberg
// and Holland 1975, Section 3.5) over the observable cells, then the unseen cell from the
// vanishing highest-order interaction. It shares no code with src/estimate (no Newton
// steps, no design matrix), so a test can hold FitLoglinear's estimate against it.
#pragma once

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "zicht/estimate/capture_table.hpp"

namespace zicht::estimate::testing_data {

// Iterative proportional fitting of the hierarchical model of `pairs` with every main
// effect to the cell counts `y` (2^k cells by history), over the cells from `first_cell`
// on (1 leaves history 0 out as a structural zero, 0 fits it as data): each margin of the
// generating class is scaled in turn until none moves by more than `tolerance`.
inline std::vector<double> IpfFit(const std::vector<double>& y, int k,
                                  const std::vector<std::pair<int, int>>& pairs, size_t first_cell,
                                  std::vector<double> fitted, int max_iterations,
                                  double tolerance) {
  const size_t cells = size_t{1} << k;
  // Margins: each main effect (which every pair also fits, but a list in no pair needs
  // its own) and each pair.
  std::vector<std::vector<int>> margins;
  for (int j = 0; j < k; ++j) margins.push_back({j});
  for (auto [a, b] : pairs) margins.push_back({a, b});
  auto margin_cell = [](size_t h, const std::vector<int>& lists) {
    int key = 0;
    for (size_t i = 0; i < lists.size(); ++i) key |= static_cast<int>((h >> lists[i]) & 1) << i;
    return key;
  };
  for (int iteration = 0; iteration < max_iterations; ++iteration) {
    double largest_change = 0.0;
    for (const std::vector<int>& lists : margins) {
      std::vector<double> want(size_t{1} << lists.size(), 0.0);
      std::vector<double> have(want.size(), 0.0);
      for (size_t h = first_cell; h < cells; ++h) {
        want[margin_cell(h, lists)] += y[h];
        have[margin_cell(h, lists)] += fitted[h];
      }
      for (size_t h = first_cell; h < cells; ++h) {
        const int key = margin_cell(h, lists);
        const double factor = have[key] > 0.0 ? want[key] / have[key] : 0.0;
        largest_change = std::max(largest_change, std::abs(factor - 1.0));
        fitted[h] *= factor;
      }
    }
    if (largest_change < tolerance) break;
  }
  return fitted;
}

// The fitted count of the unseen cell (history 0) of the hierarchical log-linear model
// whose generating class is `pairs` (indices of lists) together with every main effect.
// History 0 is a structural zero: the fit matches the generating class's margins summed
// over the 2^k - 1 observed cells. In a model without the k-list interaction, the k-way
// contrast of the log fitted values over all 2^k cells is zero:
//   sum over S of (-1)^|S| log m_S = 0, so log m_0 = -sum over S != {} of (-1)^|S| log m_S.
// NaN when a fitted cell is 0 (a margin of the generating class is empty).
inline double IpfUnseenCell(const CaptureTable& table,
                            const std::vector<std::pair<int, int>>& pairs,
                            int max_iterations = 10000, double tolerance = 1e-13) {
  const int k = static_cast<int>(table.lists.size());
  const size_t cells = size_t{1} << k;
  std::vector<double> y(cells, 0.0);
  for (size_t h = 1; h < cells; ++h) y[h] = static_cast<double>(table.counts[h]);
  std::vector<double> start(cells, 1.0);
  start[0] = 0.0;
  const std::vector<double> fitted = IpfFit(y, k, pairs, 1, start, max_iterations, tolerance);
  double log_unseen = 0.0;
  for (size_t h = 1; h < cells; ++h) {
    if (!(fitted[h] > 0.0)) return std::nan("");
    const int size = __builtin_popcountll(h);
    log_unseen -= (size % 2 == 0 ? 1.0 : -1.0) * std::log(fitted[h]);
  }
  return std::exp(log_unseen);
}

// The profile log-likelihood of the population size N under the hierarchical model of
// `pairs` (every main effect in): the 2^k cells are multinomial with total N, the unseen
// cell holding N - n. For fixed N the maximum over the model's cell probabilities is the
// IPF fit of the complete table (the unseen cell as data), so
//   l(N) = log N! - log (N - n)! + sum over h of y_h log(m_h / N)
// up to a constant (Cormack 1992, "Interval estimation for mark-recapture studies of
// closed populations", Biometrics 48:567-576; Baillargeon and Rivest 2007, Rcapture).
inline double IpfProfileLogLikelihood(const CaptureTable& table,
                                      const std::vector<std::pair<int, int>>& pairs, double n_total,
                                      int max_iterations = 20000, double tolerance = 1e-12) {
  const int k = static_cast<int>(table.lists.size());
  const size_t cells = size_t{1} << k;
  const double observed_total = static_cast<double>(table.observed_total());
  std::vector<double> y(cells, 0.0);
  for (size_t h = 1; h < cells; ++h) y[h] = static_cast<double>(table.counts[h]);
  y[0] = n_total - observed_total;
  const std::vector<double> fitted =
      IpfFit(y, k, pairs, 0, std::vector<double>(cells, n_total / static_cast<double>(cells)),
             max_iterations, tolerance);
  double l = std::lgamma(n_total + 1.0) - std::lgamma(n_total - observed_total + 1.0);
  for (size_t h = 0; h < cells; ++h) {
    if (y[h] > 0.0) l += y[h] * std::log(fitted[h] / n_total);
  }
  return l;
}

struct ReferenceProfile {
  double maximum = 0.0;  // the N that maximises the profile likelihood
  double lower = 0.0;    // where 2 (l_max - l(N)) reaches the chi-square quantile
  double upper = 0.0;
};

// The profile maximum (golden-section search) and the 95% limits (bisection on
// l_max - l(N) = 3.841459 / 2, the chi-square(1) 0.95 quantile halved) over (n, n_high).
inline ReferenceProfile IpfProfileInterval(const CaptureTable& table,
                                           const std::vector<std::pair<int, int>>& pairs,
                                           double n_high) {
  const double n = static_cast<double>(table.observed_total());
  const auto l = [&](double total) { return IpfProfileLogLikelihood(table, pairs, total); };
  double a = n + 1e-6, b = n_high;
  const double golden = (std::sqrt(5.0) - 1.0) / 2.0;
  double c = b - golden * (b - a), d = a + golden * (b - a);
  double lc = l(c), ld = l(d);
  while (b - a > 1e-3) {
    if (lc > ld) {
      b = d;
      d = c;
      ld = lc;
      c = b - golden * (b - a);
      lc = l(c);
    } else {
      a = c;
      c = d;
      lc = ld;
      d = a + golden * (b - a);
      ld = l(d);
    }
  }
  ReferenceProfile out;
  out.maximum = (a + b) / 2.0;
  const double cut = l(out.maximum) - 3.841458820694124 / 2.0;
  const auto root = [&](double inside, double outside) {
    for (int i = 0; i < 100 && std::abs(outside - inside) > 1e-3; ++i) {
      const double middle = (inside + outside) / 2.0;
      (l(middle) >= cut ? inside : outside) = middle;
    }
    return (inside + outside) / 2.0;
  };
  out.lower = root(out.maximum, n + 1e-6);
  out.upper = root(out.maximum, n_high);
  return out;
}

// The index of the list called `name` in `table`, or -1.
inline int ListIndex(const CaptureTable& table, const std::string& name) {
  const auto found = std::find(table.lists.begin(), table.lists.end(), name);
  return found == table.lists.end() ? -1 : static_cast<int>(found - table.lists.begin());
}

}  // namespace zicht::estimate::testing_data
