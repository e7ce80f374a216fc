// Internal: a small dense two-phase simplex method for the existence test.
//
// Maximises c·x subject to A x = b, x >= 0, with b >= 0. Bland's rule (smallest index
// enters and leaves) rules out cycling on the degenerate problems that sparse tables give;
// the problems here have at most a few dozen rows, so speed per pivot matters more than
// the pivot count.
#pragma once

#include <vector>

namespace zicht::estimate::internal {

struct LinearProgram {
  int rows = 0;
  int cols = 0;
  std::vector<double> a;  // row-major rows x cols
  std::vector<double> b;  // rows, each >= 0
  std::vector<double> c;  // cols
};

struct LpSolution {
  enum class Outcome { kOptimal, kInfeasible, kUnbounded, kIterationLimit };
  Outcome outcome = Outcome::kInfeasible;
  double value = 0.0;
  std::vector<double> x;
};

LpSolution SolveLinearProgram(const LinearProgram& lp);

}  // namespace zicht::estimate::internal
