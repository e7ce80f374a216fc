#include "zicht/estimate/covariate_search.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <bit>
#include <cmath>
#include <limits>
#include <map>
#include <optional>
#include <vector>

namespace zicht::estimate {
namespace {

double Score(const CovariateFit& fit, Criterion criterion) {
  return criterion == Criterion::kAic ? fit.aic : fit.bic;
}

// Fits every model of `models`, in parallel when asked; a model without an estimate or
// whose fit failed is empty.
std::vector<std::optional<CovariateFit>> FitAll(const CovariateTable& table,
                                                const std::vector<CovariateModel>& models,
                                                const CovariateSearchOptions& options) {
  std::vector<std::optional<CovariateFit>> fits(models.size());
  auto fit_one = [&](std::size_t i) {
    Result<CovariateFit> fit = FitCovariateModel(table, models[i], options.fit);
    if (fit.ok()) fits[i] = std::move(fit.value());
  };
  if (options.parallel) {
    tbb::parallel_for(std::size_t{0}, models.size(), fit_one);
  } else {
    for (std::size_t i = 0; i < models.size(); ++i) fit_one(i);
  }
  return fits;
}

}  // namespace

Status CovariateSearchOptions::Validate(const CovariateTable& table) const {
  ZICHT_RETURN_IF_ERROR(fit.Validate());
  if (exhaustive_limit < 0 || exhaustive_limit > 20) {
    return Status::InvalidArgument("exhaustive_limit must lie between 0 and 20");
  }
  if (covariate_terms) {
    const FactorSet lists = (FactorSet{1} << table.list_count()) - 1;
    for (FactorSet term : covariate_terms->interactions) {
      if (term & lists) {
        return Status::InvalidArgument(
            "the covariate terms kept in the search must not name a "
            "list, but " +
            FactorSetName(term, table) + " does");
      }
    }
  }
  return Status::Ok();
}

std::string CovariateSearchResult::BriefReport(const CovariateTable& table) const {
  return fmt::format(
      "{}, {} over {} list-list and list-covariate terms: {} models fitted, {} "
      "without an estimate; chosen {}",
      CriterionName(criterion), exhaustive ? "every subset" : "stepwise", candidate_terms, fitted,
      refused, best.model.Name(table));
}

Result<CovariateSearchResult> SearchCovariateModels(const CovariateTable& table,
                                                    const CovariateSearchOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate(table));
  const int k = table.list_count();
  const CovariateModel base =
      options.covariate_terms ? *options.covariate_terms : SaturatedCovariateTerms(table);
  ZICHT_RETURN_IF_ERROR(CheckCovariateModel(table, base));
  std::vector<FactorSet> candidates;
  for (int i = 0; i < k; ++i) {
    for (int j = i + 1; j < table.factor_count(); ++j) {
      candidates.push_back((FactorSet{1} << i) | (FactorSet{1} << j));
    }
  }
  CovariateSearchResult result;
  result.criterion = options.criterion;
  result.candidate_terms = static_cast<int>(candidates.size());
  std::optional<CovariateFit> best;
  auto consider = [&](const std::vector<CovariateModel>& models) {
    std::vector<std::optional<CovariateFit>> fits = FitAll(table, models, options);
    bool improved = false;
    for (std::optional<CovariateFit>& fit : fits) {
      ++result.fitted;
      if (!fit) {
        ++result.refused;
        continue;
      }
      if (!best || Score(*fit, options.criterion) < Score(*best, options.criterion) - 1e-9) {
        best = std::move(fit);
        improved = true;
      }
    }
    return improved;
  };
  if (static_cast<int>(candidates.size()) <= options.exhaustive_limit) {
    result.exhaustive = true;
    std::vector<CovariateModel> models;
    for (std::uint32_t subset = 0; subset < (std::uint32_t{1} << candidates.size()); ++subset) {
      CovariateModel model = base;
      for (std::size_t c = 0; c < candidates.size(); ++c) {
        if ((subset >> c) & 1U) model = model.With(candidates[c]);
      }
      models.push_back(std::move(model));
    }
    consider(models);
  } else {
    consider({base});
    std::map<std::vector<FactorSet>, bool> tried{{base.interactions, true}};
    while (best) {
      std::vector<CovariateModel> moves;
      for (FactorSet term : candidates) {
        CovariateModel next =
            best->model.Contains(term) ? best->model.Without(term) : best->model.With(term);
        if (tried.emplace(next.interactions, true).second) moves.push_back(std::move(next));
      }
      if (moves.empty() || !consider(moves)) break;
    }
  }
  if (!best) {
    return Status::InvalidData("no model of the search has an estimate for these data");
  }
  result.best = std::move(*best);
  return result;
}

}  // namespace zicht::estimate
