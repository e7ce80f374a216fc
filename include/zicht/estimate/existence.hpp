// Does the maximum-likelihood estimate of a log-linear model exist for these data, and
// are its parameters identifiable?
//
// Existence: the linear-programming test of Fienberg and Rinaldo (2012) in the form used
// by SparseMSE's checkident and MultipleSystemsEstimation's check_extended_MLE (Chan,
// Silverman and Vincent 2021): on the histories that remain once the zero-margin terms are
// fixed at minus infinity, maximise t subject to A x = A n and x >= t, where A maps cell
// counts to the model's sufficient statistics. The (extended) estimate exists if and only
// if the optimum is positive, i.e. some strictly positive table has the same margins.
// Identifiability: the design matrix over the same histories has full column rank.
//
// Thread safety: CheckModel is reentrant; a ModelChecker may be shared between threads.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/loglinear_model.hpp"

namespace zicht::estimate {

struct ModelCheck {
  bool mle_exists = true;
  bool identifiable = true;
  std::vector<Term> zero_margin_terms;  // terms fixed at minus infinity

  bool ok() const { return mle_exists && identifiable; }
  // SparseMSE's code: 0 passes, 1 the estimate does not exist, 2 not identifiable, 3 both.
  int code() const { return (mle_exists ? 0 : 1) + (identifiable ? 0 : 2); }
  // Why the model fails, in words a user can act on; empty when ok().
  std::string Reason(const std::vector<std::string>& lists) const;
};

ModelCheck CheckModel(const CaptureTable& table, const LoglinearModel& model);

// Checks many models of one table quickly. Models that share the same zero-margin terms
// are fitted over the same histories, and existence and full rank pass from a model to
// each of its sub-models; so the largest model with those zero-margin terms is checked
// once, and a model is checked on its own only when that one fails.
class ModelChecker {
 public:
  // `max_order`: the highest interaction order among the models to be checked.
  ModelChecker(const CaptureTable& table, int max_order);
  ~ModelChecker();
  ModelChecker(const ModelChecker&) = delete;
  ModelChecker& operator=(const ModelChecker&) = delete;

  ModelCheck Check(const LoglinearModel& model) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zicht::estimate
