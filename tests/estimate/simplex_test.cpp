#include "estimate/simplex.hpp"

#include <gtest/gtest.h>

namespace zicht::estimate::internal {
namespace {

TEST(Simplex, SolvesASmallProblemWithAKnownOptimum) {
  // max x + y  s.t.  x + 2y + s1 = 4,  3x + y + s2 = 6: optimum at x = 8/5, y = 6/5.
  LinearProgram lp;
  lp.rows = 2;
  lp.cols = 4;
  lp.a = {1, 2, 1, 0, 3, 1, 0, 1};
  lp.b = {4, 6};
  lp.c = {1, 1, 0, 0};
  const LpSolution solution = SolveLinearProgram(lp);
  ASSERT_EQ(solution.outcome, LpSolution::Outcome::kOptimal);
  EXPECT_NEAR(solution.value, 14.0 / 5.0, 1e-12);  // exact rational vertex; rounding only
  EXPECT_NEAR(solution.x[0], 8.0 / 5.0, 1e-12);
  EXPECT_NEAR(solution.x[1], 6.0 / 5.0, 1e-12);
}

TEST(Simplex, ReportsInfeasibility) {
  // x + y = 1 and x + y = 2 cannot both hold.
  LinearProgram lp;
  lp.rows = 2;
  lp.cols = 2;
  lp.a = {1, 1, 1, 1};
  lp.b = {1, 2};
  lp.c = {1, 0};
  EXPECT_EQ(SolveLinearProgram(lp).outcome, LpSolution::Outcome::kInfeasible);
}

TEST(Simplex, ToleratesRedundantEqualityRows) {
  // The second row repeats the first, as rank-deficient designs produce.
  LinearProgram lp;
  lp.rows = 2;
  lp.cols = 2;
  lp.a = {1, 1, 1, 1};
  lp.b = {3, 3};
  lp.c = {2, 1};
  const LpSolution solution = SolveLinearProgram(lp);
  ASSERT_EQ(solution.outcome, LpSolution::Outcome::kOptimal);
  EXPECT_NEAR(solution.value, 6.0, 1e-12);
}

TEST(Simplex, ReportsAnUnboundedObjective) {
  // max x  s.t.  x - y = 0.
  LinearProgram lp;
  lp.rows = 1;
  lp.cols = 2;
  lp.a = {1, -1};
  lp.b = {0};
  lp.c = {1, 0};
  EXPECT_EQ(SolveLinearProgram(lp).outcome, LpSolution::Outcome::kUnbounded);
}

}  // namespace
}  // namespace zicht::estimate::internal
