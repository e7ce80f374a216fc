// Internal: does the maximum-likelihood estimate of a covariate model exist for these
// counts? The linear-programming test of Fienberg and Rinaldo (2012) that `existence`
// makes for tables without covariates, over the cells a covariate model is fitted on.
//
// Why it is needed beside the empty-margin rule: a margin can be positive while no table
// of strictly positive counts has the data's margins (at one level of a covariate nobody
// is seen by two lists, say, under list-by-covariate terms for every list). Newton's method
// then converges to a point with an enormous unseen count instead of failing, and a
// model search would pick it.
#pragma once

#include <vector>

#include "covariate_design.hpp"
#include "zicht/estimate/covariate_model.hpp"

namespace zicht::estimate::internal {

enum class Existence { kExists, kDoesNotExist, kUndecided };

// `design` as it is fitted (the boundary's cells and columns left out); `y` the count of
// every cell of the complete table (only the Fitted cells are read). Maximises t subject to
// X'x = X'y and x >= t over the Fitted cells: the estimate exists if and only if the
// optimum is positive. When every Fitted cell has a positive count the data prove existence
// and no programme is solved. kUndecided when the solver fails.
Existence CovariateMleExists(const CovariateDesign& design, const std::vector<double>& y);

// FitCovariateModel, telling apart the failures in which the data do not bound the
// estimate (set in `unbounded_by_data`): the estimate does not exist (the unseen count runs
// off to infinity), or once the empty margins are fixed the observable cells no longer
// determine some unseen count. The bootstrap counts such a replicate as unbounded above
// rather than leaving it out.
Result<CovariateFit> FitCovariateModelNotingExistence(const CovariateTable& table,
                                                      const CovariateModel& model,
                                                      const CovariateFitOptions& options,
                                                      bool& unbounded_by_data);

}  // namespace zicht::estimate::internal
