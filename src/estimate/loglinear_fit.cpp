#include "zicht/estimate/loglinear_fit.hpp"

#include <fmt/format.h>

#include <cmath>
#include <limits>

#include "distributions.hpp"
#include "face.hpp"
#include "poisson_newton.hpp"
#include "zicht/estimate/existence.hpp"

namespace zicht::estimate {
namespace internal {
namespace {

// a[h] <- sum of a[g] over g subset of h. Blocked by bit so that the inner loops are
// branch-free and vectorise.
void SubsetSums(std::vector<double>& a, int k) {
  const size_t n = a.size();
  double* v = a.data();
  for (int j = 0; j < k; ++j) {
    const size_t bit = size_t{1} << j;
    for (size_t base = 0; base < n; base += 2 * bit) {
      for (size_t i = base; i < base + bit; ++i) v[i + bit] += v[i];
    }
  }
}

// a[h] <- sum of a[g] over g superset of h.
void SupersetSums(std::vector<double>& a, int k) {
  const size_t n = a.size();
  double* v = a.data();
  for (int j = 0; j < k; ++j) {
    const size_t bit = size_t{1} << j;
    for (size_t base = 0; base < n; base += 2 * bit) {
      for (size_t i = base; i < base + bit; ++i) v[i] += v[i + bit];
    }
  }
}

}  // namespace

LatticeProblem ProblemOf(const Face& face, const std::vector<double>& counts, int list_count) {
  LatticeProblem problem;
  problem.list_count = list_count;
  problem.terms = face.free_terms;
  problem.fitted.assign(size_t{1} << list_count, 0);
  for (int h : face.cells) problem.fitted[h] = 1;
  problem.y.assign(size_t{1} << list_count, 0.0);
  for (int h : face.cells) problem.y[h] = counts[h];
  return problem;
}

PoissonFit FitPoisson(const LatticeProblem& problem, const Eigen::VectorXd& start,
                      int max_iterations, double tolerance) {
  PoissonFit fit;
  const int k = problem.list_count;
  const size_t cells = size_t{1} << k;
  const Eigen::Index p = static_cast<Eigen::Index>(problem.terms.size());
  std::vector<double> eta(cells, 0.0), mu(cells, 0.0), sums(cells, 0.0), work(cells, 0.0);
  const auto& y = problem.y;
  const auto& in = problem.fitted;

  auto predict = [&](const Eigen::VectorXd& beta) {
    std::fill(eta.begin(), eta.end(), 0.0);
    for (Eigen::Index i = 0; i < p; ++i) eta[problem.terms[i]] = beta[i];
    SubsetSums(eta, k);
    for (size_t h = 0; h < cells; ++h) mu[h] = in[h] ? std::exp(std::min(eta[h], 700.0)) : 0.0;
  };
  // D = 2 sum(y log(y/mu) - y + mu) = 2 (sum y log y - sum y eta - sum y + sum mu): with
  // log mu = eta, only the constant part needs logarithms.
  double y_log_y = 0.0, y_total = 0.0;
  for (size_t h = 0; h < cells; ++h) {
    if (!in[h] || y[h] <= 0.0) continue;
    y_log_y += y[h] * std::log(y[h]);
    y_total += y[h];
  }
  auto deviance_of = [&]() {
    double y_eta = 0.0, mu_total = 0.0;
    for (size_t h = 0; h < cells; ++h) {
      if (!in[h]) continue;
      if (y[h] > 0.0) y_eta += y[h] * eta[h];
      mu_total += mu[h];
    }
    return 2.0 * (y_log_y - y_eta - y_total + mu_total);
  };
  Eigen::MatrixXd information(p, p);
  Eigen::VectorXd rhs(p);
  Eigen::LLT<Eigen::MatrixXd> solver(p);
  auto build_information = [&]() {
    for (size_t h = 0; h < cells; ++h) sums[h] = mu[h];
    SupersetSums(sums, k);
    for (Eigen::Index i = 0; i < p; ++i) {
      for (Eigen::Index j = 0; j <= i; ++j) {
        information(i, j) = sums[problem.terms[i] | problem.terms[j]];
      }
    }
    solver.compute(information);  // reads the lower triangle
    return solver.info() == Eigen::Success;
  };

  const bool have_beta = start.size() == p;
  if (have_beta) {
    fit.beta = start;
    predict(fit.beta);
  } else {
    fit.beta = Eigen::VectorXd::Zero(p);
    for (size_t h = 0; h < cells; ++h) {
      mu[h] = in[h] ? y[h] + 0.1 : 0.0;  // as glm's mustart for the Poisson family
      eta[h] = in[h] ? std::log(mu[h]) : 0.0;
    }
  }
  auto solve = [&]() -> std::optional<Eigen::VectorXd> {
    if (!build_information()) return std::nullopt;
    // X'Wz with z = eta + (y - mu)/mu: superset sums of mu eta + y - mu.
    for (size_t h = 0; h < cells; ++h) work[h] = in[h] ? mu[h] * eta[h] + y[h] - mu[h] : 0.0;
    SupersetSums(work, k);
    for (Eigen::Index i = 0; i < p; ++i) rhs[i] = work[problem.terms[i]];
    return solver.solve(rhs);
  };
  NewtonOutcome outcome = IteratePoissonNewton(std::move(fit.beta), have_beta, max_iterations,
                                               tolerance, predict, deviance_of, solve);
  fit.beta = std::move(outcome.beta);
  fit.iterations = outcome.iterations;
  fit.converged = outcome.converged;
  fit.singular = outcome.singular;
  if (outcome.singular || !std::isfinite(outcome.deviance)) return fit;
  fit.deviance = outcome.deviance;
  if (fit.converged) {
    if (!build_information()) {
      fit.singular = true;
      return fit;
    }
    Eigen::VectorXd unit = Eigen::VectorXd::Zero(p);
    unit[0] = 1.0;
    fit.intercept_variance = solver.solve(unit)[0];
  }
  fit.mu = std::move(mu);
  return fit;
}

}  // namespace internal

Status FitOptions::Validate() const {
  if (max_iterations < 1) return Status::InvalidArgument("max_iterations must be at least 1");
  if (!(tolerance > 0.0 && tolerance < 1e-2)) {
    return Status::InvalidArgument("tolerance must lie between 0 and 0.01");
  }
  return Status::Ok();
}

Interval LoglinearFit::WaldInterval(double level) const {
  const double z = NormalQuantile(0.5 + level / 2.0);
  Interval interval;
  interval.level = level;
  interval.method = "wald";
  interval.lower = static_cast<double>(observed) + std::exp(log_dark - z * log_dark_se);
  interval.upper = static_cast<double>(observed) + std::exp(log_dark + z * log_dark_se);
  return interval;
}

std::string LoglinearFit::BriefReport(const std::vector<std::string>& lists) const {
  return fmt::format(
      "population {:.1f} (observed {}, unseen {:.1f}); model {}; deviance {:.2f} on {} df, "
      "AIC {:.2f}, BIC {:.2f}; {} in {} iterations",
      estimate, observed, dark_figure, model.Name(lists), deviance, residual_df, aic, bic,
      converged ? "converged" : "NOT converged", iterations);
}

std::string LoglinearFit::FullReport(const std::vector<std::string>& lists) const {
  std::string report = BriefReport(lists) + "\n";
  report += fmt::format("  {:<24} {:>12}\n", "term", "coefficient");
  for (size_t i = 0; i < coefficient_terms.size(); ++i) {
    const std::string name = coefficient_terms[i] == 0 ? std::string("(intercept)")
                                                       : TermName(coefficient_terms[i], lists);
    report += fmt::format("  {:<24} {:>12.5f}\n", name, coefficients[i]);
  }
  report += fmt::format("  intercept standard error {:.5f}; estimate standard error {:.1f}\n",
                        log_dark_se, estimate_se);
  for (const std::string& warning : warnings) report += "  warning: " + warning + "\n";
  return report;
}

Result<LoglinearFit> FitLoglinear(const CaptureTable& table, const LoglinearModel& model,
                                  const FitOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  const int k = table.list_count();
  if (k < 2) return Status::InvalidData("a capture-history table needs at least two lists");
  if (table.counts.size() != (size_t{1} << k)) {
    return Status::InvalidArgument("the table's counts do not match its number of lists");
  }
  for (Term term : model.interactions) {
    if (term >= (Term{1} << k) || TermOrder(term) < 2) {
      return Status::InvalidArgument(
          "the model has a term that is not an interaction of this "
          "table's lists");
    }
  }
  if (!model.IsHierarchical()) {
    return Status::InvalidArgument("the model is not hierarchical: " + model.Name(table.lists) +
                                   "; include every lower-order interaction of its terms");
  }
  if (options.check) {
    const ModelCheck check = CheckModel(table, model);
    if (!check.ok()) return Status::InvalidData(check.Reason(table.lists));
  }
  const std::vector<double> counts = internal::ToDouble(table.counts);
  const internal::Face face = internal::BuildFace(counts, k, model);
  const internal::LatticeProblem problem = internal::ProblemOf(face, counts, k);
  internal::PoissonFit poisson =
      internal::FitPoisson(problem, Eigen::VectorXd(), options.max_iterations, options.tolerance);
  if (poisson.singular) {
    return Status::InvalidData(
        "the model is not identifiable for these data: the information "
        "matrix is singular; fit fewer interactions");
  }
  if (!poisson.converged) {
    return Status::Internal(fmt::format(
        "Newton's method did not converge in {} iterations for model {}; the estimate may not "
        "exist for these data",
        options.max_iterations, model.Name(table.lists)));
  }
  LoglinearFit fit;
  fit.model = model;
  fit.observed = table.observed_total();
  fit.log_dark = poisson.beta[0];
  fit.dark_figure = std::exp(fit.log_dark);
  fit.estimate = static_cast<double>(fit.observed) + fit.dark_figure;
  const double variance = poisson.intercept_variance;
  fit.log_dark_se = std::sqrt(std::max(variance, 0.0));
  fit.estimate_se = std::sqrt(fit.dark_figure + fit.dark_figure * fit.dark_figure * variance);
  fit.deviance = poisson.deviance;
  double log_likelihood = 0.0;
  for (int h : face.cells) {
    const double y = counts[h];
    const double mu = poisson.mu[h];
    log_likelihood += (y > 0.0 ? y * std::log(mu) - std::lgamma(y + 1.0) : 0.0) - mu;
  }
  fit.log_likelihood = log_likelihood;
  fit.parameters = model.ParameterCount(k);
  fit.residual_df = static_cast<int>(face.cells.size() - face.free_terms.size());
  fit.aic = 2.0 * fit.parameters - 2.0 * log_likelihood;
  fit.bic = fit.parameters * std::log(static_cast<double>(fit.observed)) - 2.0 * log_likelihood;
  fit.iterations = poisson.iterations;
  fit.converged = poisson.converged;
  fit.zero_margin_terms = face.zero_terms;
  fit.fitted.assign(table.counts.size(), 0.0);
  fit.fitted[0] = fit.dark_figure;
  for (int h : face.cells) fit.fitted[h] = poisson.mu[h];
  // Coefficients in the canonical order, with zero-margin terms at minus infinity.
  std::vector<Term> all_terms{0};
  for (int j = 0; j < k; ++j) all_terms.push_back(Term{1} << j);
  all_terms.insert(all_terms.end(), model.interactions.begin(), model.interactions.end());
  for (Term term : all_terms) {
    fit.coefficient_terms.push_back(term);
    double value = -std::numeric_limits<double>::infinity();
    for (size_t c = 0; c < face.free_terms.size(); ++c) {
      if (face.free_terms[c] == term) value = poisson.beta[static_cast<Eigen::Index>(c)];
    }
    fit.coefficients.push_back(value);
  }
  for (Term term : face.zero_terms) {
    fit.warnings.push_back(
        (TermOrder(term) == 1 ? "list " + TermName(term, table.lists) + " saw nobody"
                              : "lists " + TermName(term, table.lists) + " share nobody") +
        ": its term is fixed at minus infinity and the histories containing it are left out "
        "(as in SparseMSE)");
  }
  return fit;
}

}  // namespace zicht::estimate
