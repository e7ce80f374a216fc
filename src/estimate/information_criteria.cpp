#include "zicht/estimate/information_criteria.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>

#include "zicht/estimate/existence.hpp"
#include "zicht/estimate/model_space.hpp"

namespace zicht::estimate {

const char* CriterionName(Criterion criterion) {
  return criterion == Criterion::kAic ? "AIC" : "BIC";
}

Status SearchOptions::Validate() const {
  if (max_order < 1) return Status::InvalidArgument("--max-order must be at least 1");
  if (model_limit < 1) return Status::InvalidArgument("the model limit must be positive");
  return fit.Validate();
}

std::string ModelRanking::BriefReport(const std::vector<std::string>& lists) const {
  if (models.empty()) return "no model could be fitted";
  return fmt::format("{} over {} hierarchical models (max order {}; {} without an estimate): {}",
                     CriterionName(criterion), considered, max_order, rejected + failed,
                     best().fit.BriefReport(lists));
}

std::string ModelRanking::FullReport(const std::vector<std::string>& lists, int top) const {
  std::string report = BriefReport(lists) + "\n";
  report += fmt::format("  {:>4} {:>12} {:>10} {:>8} {:>8}  {}\n", "rank", "estimate",
                        CriterionName(criterion), "delta", "weight", "model");
  for (int i = 0; i < std::min<int>(top, static_cast<int>(models.size())); ++i) {
    const RankedModel& m = models[i];
    report +=
        fmt::format("  {:>4} {:>12.1f} {:>10.2f} {:>8.2f} {:>8.4f}  {}\n", i + 1, m.fit.estimate,
                    m.score, m.delta, m.weight, m.fit.model.GeneratingClass(lists));
  }
  return report;
}

Result<ModelRanking> RankGivenModels(const CaptureTable& table,
                                     const std::vector<LoglinearModel>& models,
                                     const SearchOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  int max_order = 1;
  for (const LoglinearModel& model : models) max_order = std::max(max_order, model.MaxOrder());
  const ModelChecker checker(table, max_order);
  std::vector<std::optional<LoglinearFit>> fits(models.size());
  std::vector<char> rejected(models.size(), 0);
  FitOptions fit_options = options.fit;
  fit_options.check = false;
  auto fit_one = [&](size_t i) {
    if (!checker.Check(models[i]).ok()) {
      rejected[i] = 1;
      return;
    }
    Result<LoglinearFit> fit = FitLoglinear(table, models[i], fit_options);
    if (fit.ok()) fits[i] = std::move(fit.value());
  };
  if (options.parallel && models.size() > 64) {
    tbb::parallel_for(size_t{0}, models.size(), fit_one);
  } else {
    for (size_t i = 0; i < models.size(); ++i) fit_one(i);
  }
  ModelRanking ranking;
  ranking.criterion = options.criterion;
  ranking.max_order = options.max_order;
  ranking.considered = static_cast<int>(models.size());
  for (size_t i = 0; i < models.size(); ++i) {
    if (rejected[i]) {
      ++ranking.rejected;
    } else if (!fits[i]) {
      ++ranking.failed;
    } else {
      RankedModel ranked;
      ranked.score = options.criterion == Criterion::kAic ? fits[i]->aic : fits[i]->bic;
      ranked.fit = std::move(*fits[i]);
      ranking.models.push_back(std::move(ranked));
    }
  }
  if (ranking.models.empty()) {
    return Status::InvalidData(
        "no model in the search has an estimate that exists and is identifiable for these "
        "data; the lists overlap too little for multiple systems estimation");
  }
  // Stable: equal scores keep the enumeration order (fewer terms first).
  std::stable_sort(ranking.models.begin(), ranking.models.end(),
                   [](const RankedModel& a, const RankedModel& b) { return a.score < b.score; });
  const double best = ranking.models.front().score;
  double total = 0.0;
  for (RankedModel& m : ranking.models) {
    m.delta = m.score - best;
    m.weight = std::exp(-0.5 * m.delta);
    total += m.weight;
  }
  for (RankedModel& m : ranking.models) m.weight /= total;
  return ranking;
}

Result<ModelRanking> RankModels(const CaptureTable& table, const SearchOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  Result<std::vector<LoglinearModel>> models =
      HierarchicalModels(table.list_count(), options.max_order, options.model_limit);
  if (!models.ok()) return models.status();
  return RankGivenModels(table, models.value(), options);
}

}  // namespace zicht::estimate
