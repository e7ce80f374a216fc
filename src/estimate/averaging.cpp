#include "zicht/estimate/averaging.hpp"

#include <fmt/format.h>

#include <cmath>

#include "distributions.hpp"

namespace zicht::estimate {

Interval LogNormalInterval(double observed, double estimate, double se, double level) {
  Interval interval;
  interval.level = level;
  interval.method = "log-normal";
  const double unseen = estimate - observed;
  if (unseen <= 0.0) {
    interval.lower = interval.upper = estimate;
    return interval;
  }
  const double z = NormalQuantile(0.5 + level / 2.0);
  const double c = std::exp(z * std::sqrt(std::log(1.0 + se * se / (unseen * unseen))));
  interval.lower = observed + unseen / c;
  interval.upper = observed + unseen * c;
  return interval;
}

std::string AveragedEstimate::BriefReport() const {
  return fmt::format(
      "{}-weighted average over {} models: {:.1f} (standard error {:.1f}); best "
      "model weight {:.3f}",
      CriterionName(criterion), models, estimate, standard_error, top_weight);
}

AveragedEstimate AverageModels(const ModelRanking& ranking, double level) {
  AveragedEstimate averaged;
  averaged.criterion = ranking.criterion;
  if (ranking.models.empty()) return averaged;
  for (const RankedModel& m : ranking.models) {
    averaged.estimate += m.weight * m.fit.estimate;
    if (m.weight > 1e-6) ++averaged.models;
  }
  for (const RankedModel& m : ranking.models) {
    const double deviation = m.fit.estimate - averaged.estimate;
    averaged.standard_error +=
        m.weight * std::sqrt(m.fit.estimate_se * m.fit.estimate_se + deviation * deviation);
  }
  averaged.top_weight = ranking.models.front().weight;
  averaged.interval = LogNormalInterval(static_cast<double>(ranking.models.front().fit.observed),
                                        averaged.estimate, averaged.standard_error, level);
  averaged.interval.method = "model-averaged log-normal";
  return averaged;
}

}  // namespace zicht::estimate
