#include "zicht/estimate/stepwise.hpp"

#include <fmt/format.h>

#include <algorithm>

#include "distributions.hpp"
#include "zicht/estimate/existence.hpp"

namespace zicht::estimate {

Status StepwiseOptions::Validate() const {
  if (!(p_threshold >= 0.0 && p_threshold <= 1.0)) {
    return Status::InvalidArgument("the stepwise p-value threshold must lie between 0 and 1");
  }
  return fit.Validate();
}

std::string StepwiseResult::BriefReport(const std::vector<std::string>& lists) const {
  return fmt::format("stepwise (p < threshold): {} step(s); {}", steps.size(),
                     fit.BriefReport(lists));
}

std::string StepwiseResult::FullReport(const std::vector<std::string>& lists) const {
  std::string report = BriefReport(lists) + "\n";
  for (size_t i = 0; i < steps.size(); ++i) {
    report += fmt::format("  step {}: add {:<14} p = {:.3g}, estimate {:.1f}\n", i + 1,
                          TermName(steps[i].added, lists), steps[i].p_value, steps[i].estimate);
  }
  return report + fit.FullReport(lists);
}

Result<StepwiseResult> SelectStepwise(const CaptureTable& table, const StepwiseOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  const int k = table.list_count();
  FitOptions fit_options = options.fit;
  Result<LoglinearFit> current = FitLoglinear(table, LoglinearModel::MainEffects(), fit_options);
  if (!current.ok()) return current.status();
  StepwiseResult result;
  result.models_checked = 1;
  std::vector<Term> pairs;
  for (int i = 0; i < k; ++i) {
    for (int j = i + 1; j < k; ++j) pairs.push_back((Term{1} << i) | (Term{1} << j));
  }
  std::vector<double> observed(pairs.size(), 0.0);
  for (size_t p = 0; p < pairs.size(); ++p) {
    for (size_t h = 1; h < table.counts.size(); ++h) {
      if ((static_cast<Term>(h) & pairs[p]) == pairs[p]) {
        observed[p] += static_cast<double>(table.counts[h]);
      }
    }
  }
  fit_options.check = false;  // each candidate is checked before it can be chosen
  while (true) {
    const LoglinearFit& fit = current.value();
    double best_p = 1.0;
    Term best = 0;
    for (size_t p = 0; p < pairs.size(); ++p) {
      if (fit.model.Contains(pairs[p])) continue;
      double expected = 0.0;
      for (size_t h = 1; h < fit.fitted.size(); ++h) {
        if ((static_cast<Term>(h) & pairs[p]) == pairs[p]) expected += fit.fitted[h];
      }
      double p_value = std::min(PoissonLowerTail(observed[p], expected),
                                PoissonUpperTail(observed[p], expected));
      if (p_value < best_p) {
        ++result.models_checked;
        if (!CheckModel(table, fit.model.With(pairs[p])).ok()) p_value = 1.0;
      }
      if (p_value < best_p) {
        best_p = p_value;
        best = pairs[p];
      }
    }
    if (best == 0 || best_p >= options.p_threshold) break;
    Result<LoglinearFit> next = FitLoglinear(table, fit.model.With(best), fit_options);
    if (!next.ok()) return next.status();
    result.steps.push_back({best, best_p, next->estimate});
    current = std::move(next);
  }
  result.fit = std::move(current.value());
  return result;
}

}  // namespace zicht::estimate
