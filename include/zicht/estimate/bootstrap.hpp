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

// R's quantile(x, p, type = 8) on sorted `x`, the rule SparseMSE's bcaconfvalues uses.
double QuantileType8(const std::vector<double>& sorted, double p);

}  // namespace zicht::estimate
