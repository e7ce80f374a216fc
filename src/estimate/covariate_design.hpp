// Internal: the complete table of a covariate model (histories crossed with covariate
// levels), its dummy-coded design held row by row as the columns that are 1, and
// Newton's method for the Poisson fit on its observable cells.
//
// Why rows of nonzero columns rather than a dense matrix: a cell's row has one 1 per term
// at most (none when a factor of the term is at its reference level), so X'WX costs
// sum over cells of (nonzeros)^2, a small fraction of cells x columns^2 for the tables of
// five lists and four covariates the model search must fit by the hundred.
#pragma once

#include <Eigen/Dense>
#include <cstddef>
#include <string>
#include <vector>

#include "zicht/estimate/covariate_model.hpp"
#include "zicht/estimate/covariate_table.hpp"

namespace zicht::estimate::internal {

struct CovariateDesign {
  int list_count = 0;
  std::vector<int> level_counts;       // per factor
  std::vector<std::size_t> strides;    // per covariate, within the covariate part of a cell
  std::size_t cells = 0;               // 2^k times the product of the covariates' levels
  std::vector<FactorSet> terms;        // 0 (intercept), main effects, then the interactions
  std::vector<int> term_first_column;  // per term
  int columns = 0;
  // Cell c has 1 in columns column_index[row_start[c] .. row_start[c + 1]), increasing.
  std::vector<int> row_start;
  std::vector<int> column_index;

  // Cells fixed at 0 because an empty margin puts their maximum likelihood on the
  // boundary: left out of the fit, fitted value 0. Empty when there are none.
  std::vector<char> fixed_zero;

  bool Observable(std::size_t cell) const {
    return (cell & ((std::size_t{1} << list_count) - 1)) != 0;
  }
  bool Free(std::size_t cell) const { return fixed_zero.empty() || fixed_zero[cell] == 0; }
  // Whether the cell's count enters the fit: observable and not fixed at 0.
  bool Fitted(std::size_t cell) const { return Observable(cell) && Free(cell); }
  int LevelOf(std::size_t cell, int factor) const;
  // The term that column `column` belongs to.
  FactorSet TermOfColumn(int column) const;
};

// Errors: kInvalidData when the complete table would be too large to hold.
Result<CovariateDesign> BuildCovariateDesign(const CovariateTable& table,
                                             const CovariateModel& model);

// `design` with the cells `fixed_zero` left out of the fit and without the columns marked
// in `dropped_columns` (parameters at the boundary); the other columns keep their order.
// The result is for fitting only: its terms and term_first_column are empty.
CovariateDesign WithoutBoundary(const CovariateDesign& design, std::vector<char> fixed_zero,
                                const std::vector<char>& dropped_columns);

// The name of every column: "(intercept)", "A", "a=2", "A:a=2".
std::vector<std::string> ColumnNames(const CovariateDesign& design, const CovariateTable& table);

// The cells of the complete table a row agrees with (one when no covariate is missing).
std::vector<std::size_t> CompatibleCells(const CovariateDesign& design, const CovariateRow& row);

struct CellFit {
  Eigen::VectorXd beta;
  std::vector<double> mu;  // every cell, the unobservable ones too
  double deviance = 0.0;
  int iterations = 0;
  bool converged = false;
  bool singular = false;
};

// Newton's method (IRLS; the log link is canonical) for the counts `y` (per cell; only
// the Fitted cells enter; cells fixed at 0 get mu 0). `start`: empty, or beta of an earlier fit of
// this design.
CellFit FitCells(const CovariateDesign& design, const std::vector<double>& y,
                 const Eigen::VectorXd& start, int max_iterations, double tolerance);

// X'WX over the Fitted cells with weights `w` (lower triangle filled).
Eigen::MatrixXd Information(const CovariateDesign& design, const std::vector<double>& w);

}  // namespace zicht::estimate::internal
