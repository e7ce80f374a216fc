// Intervals for a covariate model's total and per-level estimates by the parametric
// bootstrap (Buckland and Garthwaite 1991, "Quantifying precision of mark-recapture
// estimates using the bootstrap and related methods", Biometrics 47:255-268), as van der
// Heijden et al. (2012, 2018) use it for the Dutch estimates.
//
// Each replicate draws every observable cell of the complete table as Poisson with the
// fitted mean (so the number observed varies, as it does between real samples), hides
// covariates as the data do: a drawn person of history h gets the pattern of unknown
// covariates with the share that pattern has among the observed persons of history h
// (missing at random given the history, the assumption the EM makes), and refits the
// same model by EM. The limits are the replicates' (1 - level)/2 and (1 + level)/2
// quantiles (type 7), for the total and for every level. The model is not re-chosen
// within replicates, so the interval is conditional on it.
//
// Replicate r uses stream r of `seed` (xoshiro256**), so the interval is the same on any
// number of threads. A replicate in which the data do not bound the estimate counts as
// unbounded above: its maximum-likelihood estimate does not exist (the linear-programming
// test of covariate_existence: at some level or for some pair of lists the drawn persons
// do not overlap, so the unseen count runs off), or a level lost its last overlap so that
// the observable cells no longer determine its unseen count. It is unbounded for the total
// and every level: when more than (1 - level)/2 of the replicates are, the interval has no
// upper limit (upper = infinity). Replicates whose fit fails otherwise are left out and
// counted.
//
// Thread safety: reentrant; replicates run in parallel on oneTBB's arena.
#pragma once

#include <cstdint>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/covariate_model.hpp"
#include "zicht/estimate/covariate_table.hpp"
#include "zicht/estimate/interval.hpp"

namespace zicht::estimate {

struct CovariateBootstrapOptions {
  int replicates = 1000;
  std::uint64_t seed = 1234;
  double level = 0.95;
  bool parallel = true;
  Status Validate() const;
};

struct CovariateBootstrap {
  Interval total;                        // method "parametric-bootstrap"
  std::vector<LevelEstimate> per_level;  // the fit's per_level with lower and upper set
  int replicates_used = 0;               // fitted or unbounded: those the limits are taken over
  int replicates_unbounded = 0;          // no estimate exists: counted as unbounded above
  int replicates_failed = 0;             // left out
};

// Errors: invalid options; kInvalidData when fewer than half the replicates could be fitted
// or were unbounded.
Result<CovariateBootstrap> BootstrapCovariateFit(const CovariateTable& table,
                                                 const CovariateFit& fit,
                                                 const CovariateBootstrapOptions& options = {});

}  // namespace zicht::estimate
