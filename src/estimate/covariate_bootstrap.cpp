#include "zicht/estimate/covariate_bootstrap.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <optional>

#include "covariate_design.hpp"
#include "covariate_existence.hpp"
#include "latent_class_random.hpp"

namespace zicht::estimate {
namespace {

constexpr double kUnbounded = std::numeric_limits<double>::infinity();

// Type 7 quantile (R's default) of sorted values, some of which may be +infinity.
double Quantile(const std::vector<double>& sorted, double p) {
  const double position = p * static_cast<double>(sorted.size() - 1);
  const std::size_t below = static_cast<std::size_t>(std::floor(position));
  const std::size_t above = std::min(below + 1, sorted.size() - 1);
  const double share = position - static_cast<double>(below);
  if (sorted[below] == kUnbounded || (share > 0.0 && sorted[above] == kUnbounded)) {
    return kUnbounded;
  }
  if (share == 0.0) return sorted[below];
  return sorted[below] + share * (sorted[above] - sorted[below]);
}

// Bit v set: covariate v unknown.
std::uint32_t MissingMask(const CovariateRow& row) {
  std::uint32_t mask = 0;
  for (std::size_t v = 0; v < row.levels.size(); ++v) {
    if (row.levels[v] == kMissingLevel) mask |= std::uint32_t{1} << v;
  }
  return mask;
}

struct MissingPatterns {
  std::vector<std::uint32_t> masks;
  std::vector<double> weights;  // persons of the history with each mask
};

}  // namespace

Status CovariateBootstrapOptions::Validate() const {
  if (replicates < 20) return Status::InvalidArgument("the bootstrap needs at least 20 replicates");
  if (!(level > 0.0 && level < 1.0)) {
    return Status::InvalidArgument("the interval level must lie between 0 and 1");
  }
  return Status::Ok();
}

Result<CovariateBootstrap> BootstrapCovariateFit(const CovariateTable& table,
                                                 const CovariateFit& fit,
                                                 const CovariateBootstrapOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  Result<internal::CovariateDesign> built = internal::BuildCovariateDesign(table, fit.model);
  if (!built.ok()) return built.status();
  const internal::CovariateDesign& design = *built;
  if (fit.fitted.size() != design.cells) {
    return Status::InvalidArgument("the fit does not belong to this table");
  }
  const int k = table.list_count();
  const int c = table.covariate_count();
  std::map<std::uint32_t, MissingPatterns> patterns;  // per history
  for (const CovariateRow& row : table.rows) {
    MissingPatterns& of_history = patterns[row.history];
    const std::uint32_t mask = MissingMask(row);
    const auto at = std::find(of_history.masks.begin(), of_history.masks.end(), mask);
    if (at == of_history.masks.end()) {
      of_history.masks.push_back(mask);
      of_history.weights.push_back(row.count);
    } else {
      of_history.weights[static_cast<std::size_t>(at - of_history.masks.begin())] += row.count;
    }
  }
  CovariateFitOptions fit_options;
  fit_options.max_em_iterations = 5000;
  fit_options.em_tolerance = 1e-8;
  const std::size_t replicates = static_cast<std::size_t>(options.replicates);
  std::vector<std::optional<CovariateFit>> fits(replicates);
  std::vector<char> unbounded(replicates, 0);
  auto replicate = [&](std::size_t r) {
    lcm::Random random(options.seed, r);
    std::map<std::pair<std::uint32_t, std::vector<int>>, double> drawn;
    std::vector<int> levels(static_cast<std::size_t>(c));
    std::vector<std::int64_t> split;
    for (std::size_t cell = 0; cell < design.cells; ++cell) {
      if (!design.Observable(cell)) continue;
      const std::int64_t count = random.Poisson(fit.fitted[cell]);
      if (count == 0) continue;
      const std::uint32_t history = static_cast<std::uint32_t>(cell & ((std::size_t{1} << k) - 1));
      for (int v = 0; v < c; ++v) levels[v] = design.LevelOf(cell, k + v);
      const auto found = patterns.find(history);
      if (found == patterns.end()) {  // no observed person had this history: none unknown
        drawn[{history, levels}] += static_cast<double>(count);
        continue;
      }
      split.assign(found->second.masks.size(), 0);
      random.Multinomial(count, found->second.weights, split);
      for (std::size_t p = 0; p < split.size(); ++p) {
        if (split[p] == 0) continue;
        std::vector<int> hidden = levels;
        for (int v = 0; v < c; ++v) {
          if ((found->second.masks[p] >> v) & 1U) hidden[v] = kMissingLevel;
        }
        drawn[{history, std::move(hidden)}] += static_cast<double>(split[p]);
      }
    }
    CovariateTable sample;
    sample.lists = table.lists;
    sample.covariates = table.covariates;
    sample.levels = table.levels;
    for (auto& [key, count] : drawn) sample.rows.push_back({key.first, key.second, count});
    bool unbounded_by_data = false;
    Result<CovariateFit> refit = internal::FitCovariateModelNotingExistence(
        sample, fit.model, fit_options, unbounded_by_data);
    if (refit.ok() && std::isfinite(refit->estimate)) fits[r] = std::move(refit.value());
    unbounded[r] = unbounded_by_data ? 1 : 0;
  };
  if (options.parallel) {
    tbb::parallel_for(std::size_t{0}, replicates, replicate);
  } else {
    for (std::size_t r = 0; r < replicates; ++r) replicate(r);
  }
  CovariateBootstrap result;
  std::vector<double> totals;
  std::vector<std::vector<double>> by_level(fit.per_level.size());
  for (std::size_t r = 0; r < replicates; ++r) {
    if (unbounded[r]) {
      // Which level's unseen count runs off is not known, so every level's is unbounded.
      ++result.replicates_unbounded;
      totals.push_back(kUnbounded);
      for (std::vector<double>& of_level : by_level) of_level.push_back(kUnbounded);
      continue;
    }
    if (!fits[r]) {
      ++result.replicates_failed;
      continue;
    }
    totals.push_back(fits[r]->estimate);
    for (std::size_t i = 0; i < by_level.size(); ++i) {
      by_level[i].push_back(fits[r]->per_level[i].estimate);
    }
  }
  result.replicates_used = static_cast<int>(totals.size());
  if (2 * totals.size() < replicates) {
    return Status::InvalidData(fmt::format(
        "only {} of {} bootstrap replicates could be fitted: the model is too rich for these "
        "data to give an interval",
        totals.size(), replicates));
  }
  const double low = (1.0 - options.level) / 2.0, high = (1.0 + options.level) / 2.0;
  std::sort(totals.begin(), totals.end());
  result.total.level = options.level;
  result.total.method = "parametric-bootstrap";
  result.total.lower = Quantile(totals, low);
  result.total.upper = Quantile(totals, high);
  result.per_level = fit.per_level;
  for (std::size_t i = 0; i < by_level.size(); ++i) {
    std::sort(by_level[i].begin(), by_level[i].end());
    result.per_level[i].lower = Quantile(by_level[i], low);
    result.per_level[i].upper = Quantile(by_level[i], high);
  }
  return result;
}

}  // namespace zicht::estimate
