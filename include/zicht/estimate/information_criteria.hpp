// Model choice by an information criterion over every hierarchical model (model_space.hpp).
//
// AIC = 2 p - 2 log L (Akaike 1974); BIC = p log(n) - 2 log L with n the number of
// persons observed (Schwarz 1978; the convention of Rcapture and MultipleSystemsEstimation),
// p counting the intercept, the main effects and every interaction, zero-margin ones too.
// A model whose estimate does not exist or is not identifiable is left out of the ranking
// and counted, as in MultipleSystemsEstimation's assemble_bic.
//
// Thread safety: reentrant; the search runs in parallel on oneTBB's arena.
#pragma once

#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/loglinear_fit.hpp"

namespace zicht::estimate {

enum class Criterion { kAic, kBic };
const char* CriterionName(Criterion criterion);

struct SearchOptions {
  Criterion criterion = Criterion::kBic;
  int max_order = 2;  // highest interaction order in the search
  std::int64_t model_limit = 200000;
  bool parallel = true;
  FitOptions fit;
  Status Validate() const;
};

struct RankedModel {
  LoglinearFit fit;
  double score = 0.0;   // the criterion's value
  double delta = 0.0;   // score minus the best score
  double weight = 0.0;  // exp(-delta/2), normalised over the ranked models (Akaike weights)
};

struct ModelRanking {
  Criterion criterion = Criterion::kBic;
  int max_order = 2;
  std::vector<RankedModel> models;  // best first
  int considered = 0;               // models in the search space
  int rejected = 0;                 // models whose estimate does not exist or is not identifiable
  int failed = 0;                   // models whose fit did not converge

  const RankedModel& best() const { return models.front(); }
  std::string BriefReport(const std::vector<std::string>& lists) const;
  // The `top` best models with their estimates, scores and weights.
  std::string FullReport(const std::vector<std::string>& lists, int top = 10) const;
};

// Errors: invalid options, a search space too large (see model_space.hpp), or kInvalidData
// when no model in the space can be fitted.
Result<ModelRanking> RankModels(const CaptureTable& table, const SearchOptions& options = {});

// Ranks only `models` (for example the best few on the original data, within a bootstrap).
Result<ModelRanking> RankGivenModels(const CaptureTable& table,
                                     const std::vector<LoglinearModel>& models,
                                     const SearchOptions& options);

}  // namespace zicht::estimate
