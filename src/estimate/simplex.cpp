#include "simplex.hpp"

#include <algorithm>
#include <cmath>
#include <limits>

namespace zicht::estimate::internal {
namespace {

constexpr double kPivotTolerance = 1e-9;

// Tableau with `rows` constraint rows and one objective row (last); the last column is the
// right-hand side. The objective row holds reduced costs for a minimisation.
class Tableau {
 public:
  Tableau(int rows, int cols) : rows_(rows), cols_(cols), t_((rows + 1) * (cols + 1), 0.0) {}
  double& at(int r, int c) { return t_[r * (cols_ + 1) + c]; }
  double& rhs(int r) { return at(r, cols_); }
  double& cost(int c) { return at(rows_, c); }

  void Pivot(int pr, int pc) {
    const double inv = 1.0 / at(pr, pc);
    for (int c = 0; c <= cols_; ++c) at(pr, c) *= inv;
    at(pr, pc) = 1.0;
    for (int r = 0; r <= rows_; ++r) {
      if (r == pr) continue;
      const double factor = at(r, pc);
      if (factor == 0.0) continue;
      for (int c = 0; c <= cols_; ++c) at(r, c) -= factor * at(pr, c);
      at(r, pc) = 0.0;
    }
  }

 private:
  int rows_;
  int cols_;
  std::vector<double> t_;
};

// Runs simplex iterations on columns [0, usable) until optimal. Returns false if unbounded.
enum class Run { kOptimal, kUnbounded, kLimit };
Run Iterate(Tableau& t, std::vector<int>& basis, const std::vector<bool>& active, int usable,
            int rows) {
  const int limit = 50 * (rows + usable) + 1000;
  for (int iteration = 0; iteration < limit; ++iteration) {
    int enter = -1;
    for (int c = 0; c < usable; ++c) {
      if (t.cost(c) < -kPivotTolerance) {
        enter = c;
        break;
      }
    }
    if (enter < 0) return Run::kOptimal;
    int leave = -1;
    double best = std::numeric_limits<double>::infinity();
    for (int r = 0; r < rows; ++r) {
      if (!active[r]) continue;
      const double entry = t.at(r, enter);
      if (entry <= kPivotTolerance) continue;
      const double ratio = t.rhs(r) / entry;
      if (ratio < best - 1e-12 || (std::abs(ratio - best) <= 1e-12 && basis[r] < basis[leave])) {
        best = ratio;
        leave = r;
      }
    }
    if (leave < 0) return Run::kUnbounded;
    t.Pivot(leave, enter);
    basis[leave] = enter;
  }
  return Run::kLimit;
}

}  // namespace

LpSolution SolveLinearProgram(const LinearProgram& lp) {
  const int m = lp.rows;
  const int n = lp.cols;
  Tableau t(m, n + m);
  std::vector<int> basis(m);
  std::vector<bool> active(m, true);
  // Phase 1: minimise the sum of artificial variables.
  for (int r = 0; r < m; ++r) {
    for (int c = 0; c < n; ++c) t.at(r, c) = lp.a[r * n + c];
    t.at(r, n + r) = 1.0;
    t.rhs(r) = lp.b[r];
    basis[r] = n + r;
  }
  for (int c = 0; c < n; ++c) {
    double sum = 0.0;
    for (int r = 0; r < m; ++r) sum += t.at(r, c);
    t.cost(c) = -sum;
  }
  double infeasibility = 0.0;
  for (int r = 0; r < m; ++r) infeasibility += lp.b[r];
  t.rhs(m) = -infeasibility;
  LpSolution solution;
  if (Iterate(t, basis, active, n, m) == Run::kLimit) {
    solution.outcome = LpSolution::Outcome::kIterationLimit;
    return solution;
  }
  double scale = 1.0;
  for (int r = 0; r < m; ++r) scale = std::max(scale, std::abs(lp.b[r]));
  if (-t.rhs(m) > 1e-9 * scale) {
    solution.outcome = LpSolution::Outcome::kInfeasible;
    return solution;
  }
  // Drive artificial variables out of the basis; a row where none can leave is redundant.
  for (int r = 0; r < m; ++r) {
    if (basis[r] < n) continue;
    int enter = -1;
    for (int c = 0; c < n; ++c) {
      if (std::abs(t.at(r, c)) > kPivotTolerance) {
        enter = c;
        break;
      }
    }
    if (enter < 0) {
      active[r] = false;
    } else {
      t.Pivot(r, enter);
      basis[r] = enter;
    }
  }
  // Phase 2: minimise -c·x over the original columns.
  for (int c = 0; c <= n + m; ++c) t.cost(c) = 0.0;
  for (int c = 0; c < n; ++c) t.cost(c) = -lp.c[c];
  for (int r = 0; r < m; ++r) {
    if (!active[r]) continue;
    const double cb = -lp.c[basis[r]];
    if (cb == 0.0) continue;
    for (int c = 0; c <= n + m; ++c) t.cost(c) -= cb * t.at(r, c);
  }
  const Run run = Iterate(t, basis, active, n, m);
  if (run == Run::kUnbounded) {
    solution.outcome = LpSolution::Outcome::kUnbounded;
    return solution;
  }
  if (run == Run::kLimit) {
    solution.outcome = LpSolution::Outcome::kIterationLimit;
    return solution;
  }
  solution.outcome = LpSolution::Outcome::kOptimal;
  solution.x.assign(n, 0.0);
  for (int r = 0; r < m; ++r) {
    if (active[r] && basis[r] < n) solution.x[basis[r]] = t.rhs(r);
  }
  double value = 0.0;
  for (int c = 0; c < n; ++c) value += lp.c[c] * solution.x[c];
  solution.value = value;
  return solution;
}

}  // namespace zicht::estimate::internal
