// The Newton iterations (iteratively reweighted least squares) of a Poisson log-linear
// fit, as R's glm.fit makes them: from the fitted values, solve the normal equations
// X'WX beta = X'Wz with W = mu and z = eta + (y - mu) / mu; halve a step that lowers the
// likelihood; stop when the relative change of the deviance falls below the tolerance or
// the step vanishes. The fit on the lattice of capture histories (loglinear_fit) and the
// fit on a covariate design (covariate_design) share these iterations and differ only in
// how they predict and how they form and solve the equations.
//
// Private to the estimate stage. Thread safety: as the callables passed in.
#pragma once

#include <Eigen/Dense>
#include <algorithm>
#include <cmath>
#include <optional>
#include <utility>

namespace zicht::estimate::internal {

struct NewtonOutcome {
  Eigen::VectorXd beta;  // the last accepted parameters (the start when none was)
  double deviance = 0;   // of beta; not finite when the fit ran off
  int iterations = 0;
  bool converged = false;
  bool singular = false;  // X'WX could not be factored; beta is the last one before
};

// `predict(beta)` sets the fitted values (eta and mu) for beta; `deviance()` gives the
// deviance of the fitted values; `solve()` gives the solution of the normal equations at
// the fitted values, or nullopt when X'WX is singular. When `have_start` the caller has
// predicted from `start`, else it has set the fitted values of its own start (glm's
// mustart) and no step is halved against `start`.
template <typename Predict, typename Deviance, typename Solve>
NewtonOutcome IteratePoissonNewton(Eigen::VectorXd start, bool have_start, int max_iterations,
                                   double tolerance, Predict&& predict, Deviance&& deviance_of,
                                   Solve&& solve) {
  NewtonOutcome out;
  out.beta = std::move(start);
  bool have_beta = have_start;
  double deviance = deviance_of();
  for (out.iterations = 1; out.iterations <= max_iterations; ++out.iterations) {
    std::optional<Eigen::VectorXd> next = solve();
    if (!next) {
      out.singular = true;
      out.deviance = deviance;
      return out;
    }
    Eigen::VectorXd beta = std::move(*next);
    predict(beta);
    double new_deviance = deviance_of();
    // Step halving keeps each step an ascent of the likelihood (as glm.fit does).
    for (int halving = 0;
         have_beta && !(new_deviance <= deviance * (1 + 1e-12) + 1e-12) && halving < 30;
         ++halving) {
      beta = 0.5 * (beta + out.beta);
      predict(beta);
      new_deviance = deviance_of();
    }
    const double change = std::abs(new_deviance - deviance) / (std::abs(new_deviance) + 0.1);
    // Near a saturated fit the deviance is a difference of large sums; a vanishing Newton
    // step is the safer sign of convergence there.
    const double step = have_beta ? (beta - out.beta).lpNorm<Eigen::Infinity>() : 1.0;
    out.beta = std::move(beta);
    deviance = new_deviance;
    have_beta = true;
    if (!std::isfinite(deviance)) {
      out.deviance = deviance;
      return out;
    }
    if (change < tolerance || step < 1e-10) {
      out.converged = true;
      break;
    }
  }
  out.iterations = std::min(out.iterations, max_iterations);
  out.deviance = deviance;
  return out;
}

}  // namespace zicht::estimate::internal
