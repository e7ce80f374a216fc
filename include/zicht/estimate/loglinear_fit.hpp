// Fitting one Poisson log-linear model to a capture-history table.
//
// The 2^k - 1 observable histories are Poisson counts with log mean X·beta, X holding an
// intercept, the k main effects and the model's interactions (Fienberg 1972; Bishop,
// Fienberg and Holland 1975). The unseen count, the expected count of the all-zero
// history, is exp(intercept); the population estimate is observed + exp(intercept).
//
// Sparse tables: an interaction whose lists never share a person (a zero margin) has its
// maximum-likelihood value at minus infinity. As in SparseMSE (Chan, Silverman and
// Vincent 2021) such a term is fixed there: the histories containing it are dropped from
// the fit and the term still counts as a parameter in AIC and BIC.
//
// Before fitting, the model is checked (existence.hpp): a model whose estimate does not
// exist or is not identifiable returns an error naming the reason, never a number.
//
// Thread safety: the functions are reentrant; a LoglinearFit is a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/interval.hpp"
#include "zicht/estimate/loglinear_model.hpp"

namespace zicht::estimate {

struct FitOptions {
  int max_iterations = 100;  // Newton (IRLS) iterations
  // Stop when the relative change in deviance, |D - D_old| / (|D| + 0.1), is below this.
  double tolerance = 1e-11;
  // Run the existence and identifiability checks first (turn off only when the caller
  // has already checked, as the model search does).
  bool check = true;
  Status Validate() const;
};

struct LoglinearFit {
  LoglinearModel model;
  std::int64_t observed = 0;  // persons on at least one list
  double dark_figure = 0.0;   // exp(intercept): the estimated unseen count
  double estimate = 0.0;      // observed + dark_figure
  double log_dark = 0.0;      // the intercept
  double log_dark_se = 0.0;   // its standard error, from the inverse Fisher information
  // Standard error of the estimate as Rcapture gives it: sqrt(m0 + m0^2 var(intercept)),
  // the Poisson variance of the unseen count added to the delta-method term.
  double estimate_se = 0.0;
  double deviance = 0.0;        // against the saturated model over the fitted histories
  double log_likelihood = 0.0;  // Poisson, with the log(y!) terms
  int parameters = 0;           // intercept + main effects + interactions (incl. zero-margin)
  int residual_df = 0;          // fitted histories minus free parameters
  double aic = 0.0;             // 2 parameters - 2 log_likelihood
  double bic = 0.0;             // parameters log(observed) - 2 log_likelihood
  int iterations = 0;
  bool converged = false;
  std::vector<Term> zero_margin_terms;  // fixed at minus infinity
  // Coefficients in the order intercept (term 0), main effects, interactions; the
  // zero-margin terms have -infinity.
  std::vector<Term> coefficient_terms;
  std::vector<double> coefficients;
  // Expected count for each history (indexed like CaptureTable::counts); fitted[0] is the
  // dark figure, and dropped histories are 0.
  std::vector<double> fitted;
  std::vector<std::string> warnings;

  // SparseMSE's model-conditional interval: the unseen count is log-normal,
  // observed + exp(intercept ± z se).
  Interval WaldInterval(double level = 0.95) const;
  std::string BriefReport(const std::vector<std::string>& lists) const;
  std::string FullReport(const std::vector<std::string>& lists) const;
};

// Fits `model` to `table`. Errors: kInvalidArgument for bad options or a model that names
// more lists than the table has; kInvalidData when the estimate does not exist or is not
// identifiable for these data (the message says which and why); kInternal if Newton's
// method fails to converge (with the iteration count).
Result<LoglinearFit> FitLoglinear(const CaptureTable& table, const LoglinearModel& model,
                                  const FitOptions& options = {});

}  // namespace zicht::estimate
