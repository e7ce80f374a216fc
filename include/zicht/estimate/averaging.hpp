// Model averaging over a ranking by information-criterion weights (Buckland, Burnham and
// Augustin 1997; Burnham and Anderson 2002, Section 4.3).
//
// The averaged estimate is sum_i w_i N_i with w_i the Akaike (or BIC) weights of the
// ranking. Its unconditional standard error is sum_i w_i sqrt(var_i + (N_i - N_avg)^2)
// (Buckland et al. 1997, eq. 9), var_i being each model's variance of the estimate as
// Rcapture computes it; the interval treats the unseen part as log-normal (Chao 1987):
// n + (N - n)/C to n + (N - n) C with C = exp(z sqrt(log(1 + se^2/(N - n)^2))).
//
// Thread safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "zicht/estimate/information_criteria.hpp"
#include "zicht/estimate/interval.hpp"

namespace zicht::estimate {

struct AveragedEstimate {
  Criterion criterion = Criterion::kAic;
  double estimate = 0.0;
  double standard_error = 0.0;
  Interval interval;
  int models = 0;           // models with weight above 1e-6
  double top_weight = 0.0;  // weight of the best model
  std::string BriefReport() const;
};

AveragedEstimate AverageModels(const ModelRanking& ranking, double level = 0.95);

// The log-normal interval of Chao (1987) for an estimate with standard error `se`.
Interval LogNormalInterval(double observed, double estimate, double se, double level);

}  // namespace zicht::estimate
