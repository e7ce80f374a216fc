// BCa bootstrap interval for the population size that redoes the model choice in every
// replicate (Chan, Silverman and Vincent 2021, Section 3.3; SparseMSE's estimatepopulation;
// Silverman, Chan and Vincent 2024 for the BIC version restricted to the best models).
//
// Each replicate draws n persons with replacement from the observed ones (a multinomial
// over the observed histories) and runs the whole estimator again, model choice included.
// The acceleration comes from the jackknife that leaves out one person at a time (one
// estimate per observed history, weighted by its count); the bias correction from the
// share of replicates below the estimate; the limits are quantiles (Hyndman and Fan type 8,
// as R's quantile(type = 8)) of the replicates at the BCa-adjusted levels (DiCiccio and
// Efron 1996).
//
// Replicates run in parallel on oneTBB; replicate i uses stream i of the seed, so a seed
// gives the same interval on any number of cores.
//
// Thread safety: reentrant if the estimator is.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/interval.hpp"

namespace zicht::estimate {

// The estimator to re-run on a resampled table; must be safe to call from several threads.
using PopulationEstimator = std::function<Result<double>(const CaptureTable&)>;

struct BootstrapOptions {
  int replicates = 1000;
  std::uint64_t seed = 1234;
  double level = 0.95;
  bool parallel = true;
  Status Validate() const;
};

struct BootstrapResult {
  double estimate = 0.0;  // from the original data
  Interval interval;
  std::vector<double> replicates;  // successful replicate estimates, in replicate order
  int failed_replicates = 0;       // replicates where the estimator found no estimate
  double bias_correction = 0.0;    // z0
  double acceleration = 0.0;       // a
  std::vector<std::string> warnings;
  std::string BriefReport() const;
};

// `estimate` is the estimator's value on `table`. Errors: invalid options; kInvalidData
// when fewer than half the replicates give an estimate.
Result<BootstrapResult> BootstrapBca(const CaptureTable& table, double estimate,
                                     const PopulationEstimator& estimator,
                                     const BootstrapOptions& options = {});

// The BCa interval from given replicates (DiCiccio and Efron 1996), the arithmetic of
// BootstrapBca without the resampling. z0 = Phi^-1 of the share of replicates below
// `estimate`, the share clamped to [0.5/B, 1 - 0.5/B] so that z0 stays finite; a =
// sum w d^3 / (6 (sum w d^2)^1.5) with d = (weighted mean - jackknife value) and weights w
// (the counts of the histories left out); a = 0 when the jackknife is empty or has no
// spread, giving the bias-corrected percentile interval. Each limit is the type-8 quantile
// of the replicates at Phi(z0 + (z0 + z) / (1 - a (z0 + z))) for z = Phi^-1 of (1 - level)/2
// and of (1 + level)/2. `replicates` must not be empty and `jackknife_weights` must be as
// long as `jackknife` (std::invalid_argument otherwise).
struct BcaLimits {
  double bias_correction = 0.0;  // z0
  double acceleration = 0.0;     // a
  double lower = 0.0;
  double upper = 0.0;
};
BcaLimits BcaFromReplicates(std::vector<double> replicates, double estimate,
                            const std::vector<double>& jackknife,
                            const std::vector<double>& jackknife_weights, double level);

// R's quantile(x, p, type = 8) on sorted `x`, the rule SparseMSE's bcaconfvalues uses.
double QuantileType8(const std::vector<double>& sorted, double p);

}  // namespace zicht::estimate
