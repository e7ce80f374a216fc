// Internal: the histories and free parameters a model is fitted on, once its zero-margin
// terms are fixed at minus infinity, and the dense design matrix over them.
#pragma once

#include <Eigen/Dense>
#include <cstdint>
#include <vector>

#include "zicht/estimate/loglinear_model.hpp"

namespace zicht::estimate::internal {

struct Face {
  std::vector<Term> free_terms;  // 0 (intercept), main effects, interactions with positive margin
  std::vector<Term> zero_terms;  // model terms whose margin is zero
  std::vector<int> cells;        // histories that remain (none contains a zero term)
};

// Sum of counts over the histories that contain every list of `term` (term 0: all).
double Margin(const std::vector<double>& counts, Term term);

// `counts` is indexed by history (counts[0] ignored); `list_count` = k.
Face BuildFace(const std::vector<double>& counts, int list_count, const LoglinearModel& model);

// Rows follow face.cells, columns face.free_terms; entry 1 when the term's lists are all
// in the history.
Eigen::MatrixXd DesignMatrix(const Face& face);

std::vector<double> ToDouble(const std::vector<std::int64_t>& counts);

// Newton's method (IRLS; the log link is canonical, so the two coincide) for a Poisson
// log-linear model written on the lattice of histories. Every design entry is "term T is
// contained in history h", so X'WX has entry (S, T) = sum of mu over the histories
// containing S and T, and X'Wz the same sums of mu z: both are superset sums over the
// 2^k histories, and the linear predictor X beta is a subset sum. That is O(k 2^k) per
// iteration instead of O(rows p^2) for the dense products, the design is never formed,
// and the same code fits the table completed with the all-zero history (the profile
// likelihood) by marking history 0 as fitted.
struct LatticeProblem {
  int list_count = 0;
  std::vector<Term> terms;   // free terms; terms[0] must be 0 (the intercept)
  std::vector<char> fitted;  // per history (2^k): 1 if the history is in the fit
  std::vector<double> y;     // per history
};

struct PoissonFit {
  Eigen::VectorXd beta;    // per free term
  std::vector<double> mu;  // per history; 0 for histories not in the fit
  double deviance = 0.0;
  int iterations = 0;
  bool converged = false;
  bool singular = false;
  double intercept_variance = 0.0;  // [(X'WX)^-1]_00 at the estimate
};

// `start`: empty, or beta from an earlier fit of the same terms.
PoissonFit FitPoisson(const LatticeProblem& problem, const Eigen::VectorXd& start,
                      int max_iterations, double tolerance);

// The lattice problem of a face: its histories, its free terms, the counts.
LatticeProblem ProblemOf(const Face& face, const std::vector<double>& counts, int list_count);

// Rank deficiency of the design (columns minus rank).
int RankDeficiency(const Eigen::MatrixXd& design);

// True when some strictly positive table over the face's histories has the same
// sufficient statistics as `counts` (Fienberg and Rinaldo 2012).
bool ExtendedMleExists(const Face& face, const std::vector<double>& counts);

}  // namespace zicht::estimate::internal
