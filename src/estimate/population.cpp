#include "zicht/estimate/population.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>

#include "zicht/estimate/averaging.hpp"
#include "zicht/estimate/bootstrap.hpp"
#include "zicht/estimate/latent_class.hpp"
#include "zicht/estimate/loglinear_fit.hpp"
#include "zicht/estimate/profile_interval.hpp"
#include "zicht/estimate/stepwise.hpp"

namespace zicht::estimate {

const char* MethodName(Method method) {
  switch (method) {
    case Method::kStepwise:
      return "stepwise";
    case Method::kAic:
      return "aic";
    case Method::kBic:
      return "bic";
    case Method::kAverage:
      return "average";
    case Method::kModel:
      return "model";
    case Method::kLatentClass:
      return "latent-class";
  }
  return "?";
}

Method DefaultMethod(int lists) {
  return lists <= kMaxListsToAverage ? Method::kAverage : Method::kStepwise;
}

Result<Method> ParseMethod(const std::string& text) {
  for (Method m : {Method::kStepwise, Method::kAic, Method::kBic, Method::kAverage, Method::kModel,
                   Method::kLatentClass}) {
    if (text == MethodName(m)) return m;
  }
  return Status::InvalidArgument("unknown method `" + text +
                                 "`; use stepwise, aic, bic, average, model, latent-class or "
                                 "compare");
}

const char* IntervalKindName(IntervalKind kind) {
  switch (kind) {
    case IntervalKind::kProfile:
      return "profile";
    case IntervalKind::kWald:
      return "wald";
    case IntervalKind::kBootstrap:
      return "bootstrap";
  }
  return "?";
}

Result<IntervalKind> ParseIntervalKind(const std::string& text) {
  for (IntervalKind k : {IntervalKind::kProfile, IntervalKind::kWald, IntervalKind::kBootstrap}) {
    if (text == IntervalKindName(k)) return k;
  }
  return Status::InvalidArgument("unknown interval `" + text + "`; use profile, wald or bootstrap");
}

Status EstimateOptions::Validate() const {
  if (max_order < 1 || max_order > 15) {
    return Status::InvalidArgument("--max-order must lie between 1 and 15");
  }
  if (!(p_threshold >= 0.0 && p_threshold <= 1.0)) {
    return Status::InvalidArgument("the stepwise threshold must lie between 0 and 1");
  }
  if (!(level > 0.0 && level < 1.0)) {
    return Status::InvalidArgument("--level must lie strictly between 0 and 1");
  }
  if (interval == IntervalKind::kBootstrap && bootstrap_replicates < 20) {
    return Status::InvalidArgument("--bootstrap needs at least 20 replicates");
  }
  if (ntop < 0) return Status::InvalidArgument("ntop must be 0 (automatic) or positive");
  if (method == Method::kModel && model.empty()) {
    return Status::InvalidArgument("--method model needs --model, e.g. --model \"A:B, B:C\"");
  }
  return Status::Ok();
}

std::string MethodResult::BriefReport() const {
  if (!has_estimate) return fmt::format("{:<14} no estimate: {}", method, reason);
  const std::string upper =
      interval.bounded() ? fmt::format("{:.0f}", interval.upper) : std::string("unbounded");
  return fmt::format("{:<14} {:>9.0f}  ({:.0f}% {} interval {:.0f} to {})  model {}", method,
                     estimate, interval.level * 100, interval.method, interval.lower, upper, model);
}

std::string MethodResult::FullReport() const {
  std::string report = BriefReport() + "\n";
  if (!details.empty()) report += details;
  if (!report.empty() && report.back() != '\n') report += '\n';
  for (const std::string& warning : warnings) report += "  warning: " + warning + "\n";
  return report;
}

namespace {

int AutomaticNtop(int lists) {
  if (lists <= 3) return 1 << 30;
  return lists == 4 ? 20 : 100;
}

void SetFromFit(const CaptureTable& table, const LoglinearFit& fit, MethodResult& result) {
  result.has_estimate = true;
  result.estimate = fit.estimate;
  result.observed = fit.observed;
  result.model = fit.model.Name(table.lists);
  result.generating_class = fit.model.GeneratingClass(table.lists);
  result.generating_terms = fit.model.GeneratingTerms(table.lists);
  result.warnings.insert(result.warnings.end(), fit.warnings.begin(), fit.warnings.end());
}

// The model-conditional interval of a single fitted model.
Status ConditionalInterval(const CaptureTable& table, const LoglinearFit& fit,
                           const EstimateOptions& options, MethodResult& result) {
  if (options.interval == IntervalKind::kWald) {
    result.interval = fit.WaldInterval(options.level);
    return Status::Ok();
  }
  ProfileOptions profile;
  profile.level = options.level;
  Result<ProfileInterval> interval = ComputeProfileInterval(table, fit, profile);
  if (!interval.ok()) return interval.status();
  result.interval = interval->interval;
  if (!result.interval.bounded()) {
    result.warnings.push_back(fmt::format(
        "the profile likelihood does not fall far enough below its maximum up to {:.0f}: "
        "the upper limit is unbounded",
        profile.upper_search_factor * fit.estimate));
  }
  return Status::Ok();
}

Status AddBootstrap(const CaptureTable& table, const PopulationEstimator& estimator,
                    const EstimateOptions& options, MethodResult& result) {
  BootstrapOptions bootstrap;
  bootstrap.replicates = options.bootstrap_replicates;
  bootstrap.seed = options.seed;
  bootstrap.level = options.level;
  bootstrap.parallel = options.parallel;
  Result<BootstrapResult> boot = BootstrapBca(table, result.estimate, estimator, bootstrap);
  if (!boot.ok()) return boot.status();
  result.interval = boot->interval;
  result.details += boot->BriefReport() + "\n";
  result.warnings.insert(result.warnings.end(), boot->warnings.begin(), boot->warnings.end());
  return Status::Ok();
}

Result<MethodResult> RunStepwise(const CaptureTable& table, const EstimateOptions& options) {
  StepwiseOptions stepwise;
  stepwise.p_threshold = options.p_threshold;
  Result<StepwiseResult> chosen = SelectStepwise(table, stepwise);
  if (!chosen.ok()) return chosen.status();
  MethodResult result;
  result.method = "stepwise";
  SetFromFit(table, chosen->fit, result);
  result.details = chosen->FullReport(table.lists);
  if (options.interval == IntervalKind::kBootstrap) {
    const PopulationEstimator estimator = [stepwise](const CaptureTable& t) -> Result<double> {
      Result<StepwiseResult> r = SelectStepwise(t, stepwise);
      if (!r.ok()) return r.status();
      return r->fit.estimate;
    };
    ZICHT_RETURN_IF_ERROR(AddBootstrap(table, estimator, options, result));
  } else {
    ZICHT_RETURN_IF_ERROR(ConditionalInterval(table, chosen->fit, options, result));
  }
  return result;
}

Result<MethodResult> RunCriterion(const CaptureTable& table, const EstimateOptions& options,
                                  Criterion criterion, bool average) {
  SearchOptions search;
  search.criterion = criterion;
  search.max_order = options.max_order;
  search.parallel = options.parallel;
  Result<ModelRanking> ranking = RankModels(table, search);
  if (!ranking.ok()) return ranking.status();
  MethodResult result;
  result.method = average ? fmt::format("average ({})", CriterionName(criterion))
                          : std::string(criterion == Criterion::kAic ? "aic" : "bic");
  result.details = ranking->FullReport(table.lists);
  const LoglinearFit& best = ranking->best().fit;
  if (ranking->max_order != options.max_order) {
    result.warnings.push_back("--max-order was lowered to k - 1");
  }
  if (average) {
    const AveragedEstimate averaged = AverageModels(*ranking, options.level);
    result.has_estimate = true;
    result.estimate = averaged.estimate;
    result.observed = best.observed;
    result.model = fmt::format("{} models, best {} (weight {:.3f})", averaged.models,
                               best.model.GeneratingClass(table.lists), averaged.top_weight);
    result.generating_class = best.model.GeneratingClass(table.lists);
    result.generating_terms = best.model.GeneratingTerms(table.lists);
    result.models_averaged = averaged.models;
    result.top_weight = averaged.top_weight;
    result.interval = averaged.interval;
    result.details += averaged.BriefReport() + "\n";
    if (options.interval == IntervalKind::kProfile || options.interval == IntervalKind::kWald) {
      result.warnings.push_back(
          "a model average has no single likelihood: the interval is the model-averaged "
          "log-normal interval of Buckland, Burnham and Augustin (1997)");
    }
  } else {
    SetFromFit(table, best, result);
    if (options.interval != IntervalKind::kBootstrap) {
      ZICHT_RETURN_IF_ERROR(ConditionalInterval(table, best, options, result));
    }
  }
  if (ranking->models.size() > 1) {
    double lo = best.estimate, hi = best.estimate;
    for (const RankedModel& m : ranking->models) {
      if (m.delta > 2.0) break;
      lo = std::min(lo, m.fit.estimate);
      hi = std::max(hi, m.fit.estimate);
    }
    if (hi > 1.2 * lo) {
      result.warnings.push_back(fmt::format(
          "models within 2 {} units of the best give estimates from {:.0f} to {:.0f}: the "
          "choice of model matters more than the interval shows",
          CriterionName(criterion), lo, hi));
    }
  }
  if (options.interval == IntervalKind::kBootstrap) {
    const int ntop = options.ntop > 0 ? options.ntop : AutomaticNtop(table.list_count());
    std::vector<LoglinearModel> top;
    for (const RankedModel& m : ranking->models) {
      if (static_cast<int>(top.size()) >= ntop) break;
      top.push_back(m.fit.model);
    }
    SearchOptions inner = search;
    inner.parallel = false;
    const PopulationEstimator estimator =
        [top, inner, average, level = options.level](const CaptureTable& t) -> Result<double> {
      Result<ModelRanking> r = RankGivenModels(t, top, inner);
      if (!r.ok()) return r.status();
      return average ? AverageModels(*r, level).estimate : r->best().fit.estimate;
    };
    result.details += fmt::format("bootstrap re-selection among the best {} models\n", top.size());
    ZICHT_RETURN_IF_ERROR(AddBootstrap(table, estimator, options, result));
  }
  return result;
}

Result<MethodResult> RunModel(const CaptureTable& table, const EstimateOptions& options) {
  Result<LoglinearModel> model = ParseModel(options.model, table.lists);
  if (!model.ok()) return model.status();
  Result<LoglinearFit> fit = FitLoglinear(table, *model);
  if (!fit.ok()) return fit.status();
  MethodResult result;
  result.method = "model";
  SetFromFit(table, *fit, result);
  result.details = fit->FullReport(table.lists);
  if (options.interval == IntervalKind::kBootstrap) {
    const LoglinearModel fixed = *model;
    const PopulationEstimator estimator = [fixed](const CaptureTable& t) -> Result<double> {
      Result<LoglinearFit> r = FitLoglinear(t, fixed);
      if (!r.ok()) return r.status();
      return r->estimate;
    };
    ZICHT_RETURN_IF_ERROR(AddBootstrap(table, estimator, options, result));
  } else {
    ZICHT_RETURN_IF_ERROR(ConditionalInterval(table, *fit, options, result));
  }
  return result;
}

Result<MethodResult> RunLatentClass(const CaptureTable& table, const EstimateOptions& options) {
  LatentClassOptions latent;
  latent.seed = options.seed;
  latent.parallel = options.parallel;
  Result<LatentClassResult> posterior = EstimateLatentClass(table, latent);
  if (!posterior.ok()) return posterior.status();
  MethodResult result;
  result.method = "latent-class";
  result.has_estimate = true;
  result.estimate = posterior->median;
  result.observed = posterior->observed;
  result.interval.lower = posterior->lower;
  result.interval.upper = posterior->upper;
  result.interval.level = 0.95;
  result.interval.method = "posterior";
  result.model = fmt::format("Dirichlet-process latent classes (up to {})", latent.max_classes);
  result.warnings = posterior->warnings;
  result.details = posterior->FullReport();
  if (options.interval != IntervalKind::kProfile) {
    result.warnings.push_back(
        "the latent-class interval is always the 2.5% to 97.5% posterior "
        "quantiles");
  }
  return result;
}

}  // namespace

Result<MethodResult> EstimatePopulation(const CaptureTable& table, const EstimateOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  if (table.list_count() < 2) {
    return Status::InvalidData("multiple systems estimation needs at least two lists");
  }
  switch (options.method) {
    case Method::kStepwise:
      return RunStepwise(table, options);
    case Method::kAic:
      return RunCriterion(table, options, Criterion::kAic, false);
    case Method::kBic:
      return RunCriterion(table, options, Criterion::kBic, false);
    case Method::kAverage:
      return RunCriterion(table, options, options.average_by, true);
    case Method::kModel:
      return RunModel(table, options);
    case Method::kLatentClass:
      return RunLatentClass(table, options);
  }
  return Status::Internal("unknown method");
}

Result<std::vector<MethodResult>> CompareMethods(const CaptureTable& table,
                                                 const EstimateOptions& options,
                                                 bool include_latent_class) {
  EstimateOptions base = options;
  base.method = Method::kStepwise;
  base.model = "";
  ZICHT_RETURN_IF_ERROR(base.Validate());
  std::vector<std::pair<Method, Criterion>> runs = {{Method::kStepwise, Criterion::kAic},
                                                    {Method::kAic, Criterion::kAic},
                                                    {Method::kBic, Criterion::kBic},
                                                    {Method::kAverage, Criterion::kAic},
                                                    {Method::kAverage, Criterion::kBic}};
  if (include_latent_class) runs.push_back({Method::kLatentClass, Criterion::kAic});
  std::vector<MethodResult> results;
  for (const auto& [method, criterion] : runs) {
    EstimateOptions run = base;
    run.method = method;
    run.average_by = criterion;
    Result<MethodResult> result = EstimatePopulation(table, run);
    if (result.ok()) {
      results.push_back(std::move(result.value()));
      continue;
    }
    MethodResult failed;
    failed.method = method == Method::kAverage
                        ? fmt::format("average ({})", CriterionName(criterion))
                        : MethodName(method);
    failed.reason = result.status().message();
    results.push_back(std::move(failed));
  }
  return results;
}

}  // namespace zicht::estimate
