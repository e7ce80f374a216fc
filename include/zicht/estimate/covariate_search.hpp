// Choosing a covariate model by AIC or BIC (Akaike 1974; Schwarz 1978, with n the
// persons observed), over the two-factor terms that link a list to another list or to a
// covariate. The interactions among the covariates are not searched: they are kept as
// given, by default every one of them (saturated in the covariates, as the models of van
// der Heijden et al. 2012 and 2018 are), so that the search is about how the lists depend
// on each other and on the covariates, not about the covariates' joint distribution.
//
// With few candidate terms (at most `exhaustive_limit`) every subset is fitted; beyond
// that a stepwise search starts from the main effects (with the covariate terms) and at
// each step takes the single addition or removal of a term that lowers the criterion
// most, until none does. Models whose estimate does not exist or is not identifiable
// (covariate_model.hpp) are left out and counted.
//
// Thread safety: reentrant; the fits of one step run in parallel on oneTBB's arena.
#pragma once

#include <optional>
#include <string>

#include "zicht/core/status.hpp"
#include "zicht/estimate/covariate_model.hpp"
#include "zicht/estimate/covariate_table.hpp"
#include "zicht/estimate/information_criteria.hpp"

namespace zicht::estimate {

struct CovariateSearchOptions {
  Criterion criterion = Criterion::kAic;
  // The interactions among covariates in every model; nullopt: all of them.
  std::optional<CovariateModel> covariate_terms;
  int exhaustive_limit = 12;  // 2^12 = 4,096 models
  bool parallel = true;
  CovariateFitOptions fit;
  // Errors name a covariate term that involves a list.
  Status Validate(const CovariateTable& table) const;
};

struct CovariateSearchResult {
  CovariateFit best;
  Criterion criterion = Criterion::kAic;
  bool exhaustive = false;
  int candidate_terms = 0;
  int fitted = 0;   // models fitted
  int refused = 0;  // models without an estimate, or whose fit failed
  // "AIC, stepwise over 30 terms: 212 models fitted, 3 refused; chosen ..."
  std::string BriefReport(const CovariateTable& table) const;
};

// Errors: invalid options; the reason of the starting model when it has no estimate (for
// instance an empty margin of the covariate terms); kInvalidData when no model can be fitted.
Result<CovariateSearchResult> SearchCovariateModels(const CovariateTable& table,
                                                    const CovariateSearchOptions& options = {});

}  // namespace zicht::estimate
