#include "covariate_existence.hpp"

#include <glpk.h>

#include <algorithm>
#include <cstddef>

namespace zicht::estimate::internal {
namespace {

// The optimum is a vertex of a programme with 0/1 coefficients, so a positive optimum is
// far above the solver's tolerances; the exact (rational) pass below settles the rest.
constexpr double kPositive = 1e-7;

// Frees GLPK's per-thread environment when the call is done, so that nothing outlives it.
struct GlpkScope {
  ~GlpkScope() { glp_free_env(); }
};

}  // namespace

Existence CovariateMleExists(const CovariateDesign& design, const std::vector<double>& y) {
  std::vector<std::size_t> cells;
  bool all_positive = true;
  for (std::size_t cell = 0; cell < design.cells; ++cell) {
    if (!design.Fitted(cell)) continue;
    cells.push_back(cell);
    all_positive = all_positive && y[cell] > 0.0;
  }
  if (all_positive) return Existence::kExists;

  // Columns s_c >= 0 per Fitted cell and t >= 0 (the last), with x_c = s_c + t; one row per
  // design column, fixed at the data's sufficient statistic.
  const int rows = design.columns;
  const int t_column = static_cast<int>(cells.size()) + 1;
  std::vector<double> statistic(static_cast<std::size_t>(rows), 0.0);
  std::vector<double> cells_in_row(static_cast<std::size_t>(rows), 0.0);
  std::vector<int> ia{0}, ja{0};
  std::vector<double> ar{0.0};
  for (std::size_t i = 0; i < cells.size(); ++i) {
    const std::size_t cell = cells[i];
    for (int a = design.row_start[cell]; a < design.row_start[cell + 1]; ++a) {
      const int column = design.column_index[static_cast<std::size_t>(a)];
      statistic[static_cast<std::size_t>(column)] += y[cell];
      cells_in_row[static_cast<std::size_t>(column)] += 1.0;
      ia.push_back(column + 1);
      ja.push_back(static_cast<int>(i) + 1);
      ar.push_back(1.0);
    }
  }
  for (int r = 0; r < rows; ++r) {
    if (cells_in_row[static_cast<std::size_t>(r)] == 0.0) continue;
    ia.push_back(r + 1);
    ja.push_back(t_column);
    ar.push_back(cells_in_row[static_cast<std::size_t>(r)]);
  }

  GlpkScope scope;
  glp_prob* lp = glp_create_prob();
  glp_set_obj_dir(lp, GLP_MAX);
  glp_add_rows(lp, rows);
  for (int r = 0; r < rows; ++r) {
    const double value = statistic[static_cast<std::size_t>(r)];
    glp_set_row_bnds(lp, r + 1, GLP_FX, value, value);
  }
  glp_add_cols(lp, t_column);
  for (int c = 1; c <= t_column; ++c) glp_set_col_bnds(lp, c, GLP_LO, 0.0, 0.0);
  glp_set_obj_coef(lp, t_column, 1.0);
  glp_load_matrix(lp, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
  glp_smcp parameters;
  glp_init_smcp(&parameters);
  parameters.msg_lev = GLP_MSG_OFF;
  Existence verdict = Existence::kUndecided;
  if (glp_simplex(lp, &parameters) == 0) {
    // Confirm the optimum in rational arithmetic from the floating-point basis, so that a
    // tiny positive or zero optimum is not an artefact of rounding.
    const bool exact = glp_exact(lp, &parameters) == 0;
    const int status = exact ? glp_get_status(lp) : GLP_UNDEF;
    if (status == GLP_UNBND) {
      verdict = Existence::kExists;
    } else if (status == GLP_OPT) {
      verdict = glp_get_obj_val(lp) > kPositive ? Existence::kExists : Existence::kDoesNotExist;
    }
  }
  glp_delete_prob(lp);
  return verdict;
}

}  // namespace zicht::estimate::internal
