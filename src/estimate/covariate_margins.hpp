// Internal: whether a covariate model has an estimate at all, checked before it is fitted.
//
// - Empty margins: the sufficient statistic of a term is the table of observed counts
//   summed over its factors' levels. When one of its entries that some observable cell
//   contributes to is 0, the likelihood is maximised only on the boundary (a parameter
//   at minus infinity) and the estimate depends on where a routine stops (Fienberg and
//   Rinaldo 2012). A row with an unknown covariate counts for every level it could have.
// - Identifiability: the design on the observable cells must have full column rank; the
//   all-lists-0 cells are missing, so for instance the k-list interaction is never
//   estimable.
#pragma once

#include "covariate_design.hpp"
#include "zicht/core/status.hpp"
#include "zicht/estimate/covariate_table.hpp"

namespace zicht::estimate::internal {

// kInvalidData naming the first term with an empty margin and which of its level
// combinations is empty (by position, never by a level's text).
Status CheckMargins(const CovariateTable& table, const CovariateDesign& design);

// kInvalidData naming the first term (in model order) whose columns depend on earlier ones.
Status CheckRank(const CovariateTable& table, const CovariateDesign& design);

}  // namespace zicht::estimate::internal
