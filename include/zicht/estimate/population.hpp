// One entry point for estimating the population size from a capture-history table: pick a
// method and an interval, get a summary with the estimate (observed plus unseen), the
// interval, the model chosen and every warning. The command `zicht estimate` and any
// caller with a CaptureTable per stratum (the linked database, later) use this.
//
// Methods (see docs/methods.md for sources and failure modes):
//   stepwise      SparseMSE's forward stepwise rule over two-list interactions (stepwise.hpp)
//   aic, bic      the best hierarchical model by AIC or BIC (information_criteria.hpp)
//   average       model averaging by AIC (or BIC) weights (averaging.hpp)
//   model         one given model, e.g. "LA:NG, NG:GO" (loglinear_fit.hpp)
//   latent-class  Bayesian latent-class model, LCMCR (latent_class.hpp)
// Intervals: profile (likelihood, conditional on the model), wald (SparseMSE's
// model-conditional log-normal), bootstrap (BCa with the model choice redone each time).
//
// Thread safety: reentrant; uses oneTBB for searches and bootstraps.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/information_criteria.hpp"
#include "zicht/estimate/interval.hpp"

namespace zicht::estimate {

enum class Method { kStepwise, kAic, kBic, kAverage, kModel, kLatentClass };
enum class IntervalKind { kProfile, kWald, kBootstrap };

const char* MethodName(Method method);  // "stepwise", "aic", ...

// The method a user gets without naming one, in `zicht estimate` and in the report alike:
// the average over all hierarchical models by their AIC weights for up to
// kMaxListsToAverage lists, which covered the truth far more often than the stepwise
// choice on simulated worlds with heterogeneous capture (docs/methods.md, "Bias and
// coverage"); beyond that the models are too many to average, and the stepwise choice it
// is.
inline constexpr int kMaxListsToAverage = 6;
Method DefaultMethod(int lists);
Result<Method> ParseMethod(const std::string& text);
const char* IntervalKindName(IntervalKind kind);
Result<IntervalKind> ParseIntervalKind(const std::string& text);

struct EstimateOptions {
  Method method = Method::kStepwise;
  IntervalKind interval = IntervalKind::kProfile;
  int max_order = 2;          // highest interaction order for aic, bic and average
  double p_threshold = 0.02;  // stepwise
  Criterion average_by = Criterion::kAic;
  std::string model;  // for Method::kModel
  int bootstrap_replicates = 1000;
  std::uint64_t seed = 1234;
  double level = 0.95;
  // Models kept in each bootstrap replicate for aic, bic and average: the best `ntop` on
  // the original data (0: MultipleSystemsEstimation's choice, all models for up to three
  // lists, 20 for four, 100 for five or more).
  int ntop = 0;
  bool parallel = true;
  Status Validate() const;
};

struct MethodResult {
  std::string method;         // "stepwise", "bic", "average (AIC)", ...
  bool has_estimate = false;  // false: `reason` says why there is none
  std::string reason;
  double estimate = 0.0;  // observed + unseen
  std::int64_t observed = 0;
  Interval interval;
  std::string model;  // every interaction term, or a description
  std::string generating_class;
  // The same in parts, for a report that words them in its reader's language: the maximal
  // terms of the (best) log-linear model, each as the lists it joins (empty: main effects
  // only, or latent-class); for a model average the number of models and the best's weight.
  std::vector<std::vector<std::string>> generating_terms;
  int models_averaged = 0;
  double top_weight = 0.0;
  std::vector<std::string> warnings;
  std::string details;  // the full report of the computation

  std::string BriefReport() const;
  std::string FullReport() const;
};

// Runs options.method. Errors: invalid options or an unknown model term (kInvalidArgument);
// data on which the method finds no estimate (kInvalidData, with the reason).
Result<MethodResult> EstimatePopulation(const CaptureTable& table, const EstimateOptions& options);

// Runs every method (stepwise, aic, bic, average by AIC and by BIC, and latent-class when
// `include_latent_class`) with the same interval kind where it applies; a method without an
// estimate appears with its reason.
Result<std::vector<MethodResult>> CompareMethods(const CaptureTable& table,
                                                 const EstimateOptions& options,
                                                 bool include_latent_class = true);

}  // namespace zicht::estimate
