// Stepwise choice of two-list interactions, the rule of SparseMSE (Chan, Silverman and
// Vincent 2021, Section 3.2; its stepwisefit).
//
// Start from main effects. At each step, for every two-list interaction not yet in the
// model, take n* = the number of persons on both lists and m* = the expected number under
// the current model; its one-sided Poisson p-value is min(P(X <= n*), P(X >= n*)) for
// X ~ Poisson(m*). A candidate whose model fails the existence or identifiability check
// gets p = 1. Add the candidate with the smallest p-value (the first in list order on a
// tie) if that p-value is below the threshold (0.02); otherwise stop.
//
// Thread safety: reentrant.
#pragma once

#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/loglinear_fit.hpp"

namespace zicht::estimate {

struct StepwiseOptions {
  double p_threshold = 0.02;
  FitOptions fit;
  Status Validate() const;
};

struct StepwiseStep {
  Term added = 0;
  double p_value = 1.0;
  double estimate = 0.0;  // population estimate after adding it
};

struct StepwiseResult {
  LoglinearFit fit;  // the chosen model
  std::vector<StepwiseStep> steps;
  int models_checked = 0;
  std::string BriefReport(const std::vector<std::string>& lists) const;
  std::string FullReport(const std::vector<std::string>& lists) const;
};

// Errors: invalid options; kInvalidData if even the main-effects model cannot be fitted.
Result<StepwiseResult> SelectStepwise(const CaptureTable& table,
                                      const StepwiseOptions& options = {});

}  // namespace zicht::estimate
