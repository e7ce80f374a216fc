// Profile-likelihood interval for the population size, conditional on the model (Cormack
// 1992; as Rcapture's closedpCI.t computes it).
//
// For a candidate size N the table is completed with N - n persons in the all-zero
// history and the model refitted over all 2^k histories; the multinomial profile log
// likelihood is -D(N)/2 + c(N), D the Poisson deviance of that fit and c(N) Cormack's
// correction log(n0^n0 N! / (N^N n0!)) (Stirling's form for N > 100, as Rcapture). The
// interval holds the N whose log likelihood is within chi2_1(level)/2 of the maximum. The
// search runs from n to 3 times the Poisson estimate (Rcapture's fmaxSupCL = 3): an upper
// limit beyond that is reported as unbounded.
//
// Thread safety: reentrant.
#pragma once

#include "zicht/core/status.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/interval.hpp"
#include "zicht/estimate/loglinear_fit.hpp"

namespace zicht::estimate {

struct ProfileOptions {
  double level = 0.95;
  double upper_search_factor = 3.0;  // search for the upper limit up to this times the estimate
  double tolerance = 1e-4;           // on N, as Rcapture's optimize/uniroot
  FitOptions fit;
  Status Validate() const;
};

struct ProfileInterval {
  Interval interval;
  double maximum_likelihood = 0.0;  // the N maximising the multinomial profile likelihood
  int evaluations = 0;              // model fits
};

// `fit` must come from FitLoglinear on `table`. Errors: invalid options, kInternal if a
// refit fails to converge.
Result<ProfileInterval> ComputeProfileInterval(const CaptureTable& table, const LoglinearFit& fit,
                                               const ProfileOptions& options = {});

}  // namespace zicht::estimate
