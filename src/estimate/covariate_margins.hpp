// Internal: where a covariate model's maximum likelihood lies on the boundary, and whether
// what remains is identifiable.
//
// - Empty margins: the sufficient statistic of a term is the table of observed counts
//   summed over its factors' levels. When one of its entries that some observable cell
//   contributes to is 0 (a row with an unknown covariate counts for every level it could
//   have), the likelihood has its supremum only in the limit where the fitted values of
//   the observable cells in that entry are 0 (Fienberg and Rinaldo 2012). As SparseMSE
//   does for list interactions (Chan, Silverman and Vincent 2021), the fit is that limit:
//   those cells are fixed at 0 and left out of the fit. For a term among covariates only,
//   the entry's unobservable cells (every list 0) are fixed at 0 too: the parameter that
//   goes to minus infinity is shared by every cell of that covariate combination.
// - Boundary columns: once cells are fixed, the design columns that depend (in model
//   order) on earlier ones over the cells still free, the unobservable ones included, have
//   no say on any fitted value; they are the parameters at the boundary, left out of the
//   fit but still counted.
// - Identifiability: the remaining columns must have full rank on the free observable
//   cells; otherwise some free unobservable cell (an unseen count) is not determined. For
//   instance the k-list interaction is never estimable.
#pragma once

#include <string>
#include <vector>

#include "covariate_design.hpp"
#include "zicht/core/status.hpp"
#include "zicht/estimate/covariate_model.hpp"
#include "zicht/estimate/covariate_table.hpp"

namespace zicht::estimate::internal {

struct EmptyMargin {
  FactorSet term = 0;
  std::vector<int> levels;  // per factor of the term, in factor order
  bool covariates_only = false;
};

struct BoundaryPlan {
  // The empty entries of the terms' margins, those implied by an empty entry of a
  // sub-term left out (they fix no further cell).
  std::vector<EmptyMargin> empty_margins;
  std::vector<char> fixed_zero;       // per cell of the complete table; empty when none
  std::vector<char> boundary_column;  // per column of the design
  int fixed_zero_cells = 0;
};

// "B seen, a at its level 2": the entry by position, never by a level's text.
std::string DescribeEntry(const EmptyMargin& entry, const CovariateTable& table);

// The boundary of `design` for `table`. Errors: kInvalidData naming the term whose
// parameters the free observable cells do not determine and, when margins were fixed, the
// covariate level whose unseen persons are therefore not identifiable.
Result<BoundaryPlan> PlanBoundary(const CovariateTable& table, const CovariateDesign& design);

}  // namespace zicht::estimate::internal
