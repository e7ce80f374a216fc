#include "zicht/estimate/covariate_model.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <limits>

#include "covariate_design.hpp"
#include "covariate_existence.hpp"
#include "covariate_margins.hpp"

namespace zicht::estimate {
namespace {

bool TermLess(FactorSet a, FactorSet b) {
  const int order_a = std::popcount(a), order_b = std::popcount(b);
  return order_a != order_b ? order_a < order_b : a < b;
}

std::string_view TrimBlanks(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) text.remove_suffix(1);
  return text;
}

// Adds every subset of two or more factors of every term.
std::vector<FactorSet> Closure(const std::vector<FactorSet>& terms) {
  std::vector<FactorSet> all;
  for (FactorSet term : terms) {
    for (FactorSet sub = term; sub != 0; sub = (sub - 1) & term) {
      if (std::popcount(sub) >= 2) all.push_back(sub);
    }
  }
  return all;
}

}  // namespace

std::string FactorSetName(FactorSet term, const CovariateTable& table) {
  std::string name;
  for (int f = 0; f < table.factor_count(); ++f) {
    if (!((term >> f) & 1U)) continue;
    if (!name.empty()) name += ':';
    name += table.FactorName(f);
  }
  return name;
}

CovariateModel CovariateModel::FromTerms(std::vector<FactorSet> terms) {
  std::sort(terms.begin(), terms.end(), TermLess);
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return CovariateModel{std::move(terms)};
}

bool CovariateModel::Contains(FactorSet term) const {
  return std::find(interactions.begin(), interactions.end(), term) != interactions.end();
}

CovariateModel CovariateModel::With(FactorSet term) const {
  std::vector<FactorSet> terms = interactions;
  terms.push_back(term);
  return FromTerms(std::move(terms));
}

CovariateModel CovariateModel::Without(FactorSet term) const {
  std::vector<FactorSet> terms;
  for (FactorSet kept : interactions) {
    if (kept != term) terms.push_back(kept);
  }
  return CovariateModel{std::move(terms)};
}

std::string CovariateModel::Name(const CovariateTable& table) const {
  if (interactions.empty()) return "main effects only";
  std::string name;
  for (FactorSet term : interactions) {
    if (!name.empty()) name += " + ";
    name += FactorSetName(term, table);
  }
  return name;
}

Result<CovariateModel> ParseCovariateModel(std::string_view text, const CovariateTable& table) {
  std::vector<FactorSet> terms;
  std::string normalised(text);
  std::replace(normalised.begin(), normalised.end(), '+', ',');
  std::replace(normalised.begin(), normalised.end(), '\t', ' ');
  std::string_view rest = normalised;
  while (!rest.empty()) {
    // A term ends at a comma or a blank not next to ':'.
    std::size_t end = 0;
    while (end < rest.size() && rest[end] != ',') {
      if (rest[end] == ' ') {
        std::size_t next = end;
        while (next < rest.size() && rest[next] == ' ') ++next;
        const bool joined =
            (end > 0 && rest[end - 1] == ':') || (next < rest.size() && rest[next] == ':');
        if (!joined) break;
      }
      ++end;
    }
    const std::string_view item = TrimBlanks(rest.substr(0, end));
    rest.remove_prefix(std::min(end + 1, rest.size()));
    if (item.empty() || item == "main") continue;
    FactorSet term = 0;
    std::string_view factors = item;
    while (true) {
      const std::size_t colon = factors.find(':');
      const std::string_view name = TrimBlanks(factors.substr(0, colon));
      int found = -1;
      for (int f = 0; f < table.factor_count(); ++f) {
        if (table.FactorName(f) == name) found = f;
      }
      if (found < 0) {
        return Status::InvalidArgument("model term `" + std::string(item) + "` names `" +
                                       std::string(name) +
                                       "`, which is neither a list nor a covariate");
      }
      if ((term >> found) & 1U) {
        return Status::InvalidArgument("model term `" + std::string(item) + "` names `" +
                                       std::string(name) + "` twice");
      }
      term |= FactorSet{1} << found;
      if (colon == std::string_view::npos) break;
      factors.remove_prefix(colon + 1);
    }
    if (std::popcount(term) >= 2) terms.push_back(term);  // a main effect is always in
  }
  return CovariateModel::FromTerms(Closure(terms));
}

CovariateModel SaturatedCovariateTerms(const CovariateTable& table) {
  const int k = table.list_count();
  const FactorSet all = ((FactorSet{1} << table.covariate_count()) - 1) << k;
  return CovariateModel::FromTerms(Closure({all}));
}

FactorSet MissingSubTerm(const CovariateModel& model) {
  FactorSet first = 0;
  for (FactorSet sub : Closure(model.interactions)) {
    if (!model.Contains(sub) && (first == 0 || TermLess(sub, first))) first = sub;
  }
  return first;
}

Status CovariateFitOptions::Validate() const {
  if (max_iterations < 1) return Status::InvalidArgument("max_iterations must be at least 1");
  if (max_em_iterations < 1) {
    return Status::InvalidArgument("max_em_iterations must be at least 1");
  }
  if (!(tolerance > 0.0 && tolerance < 1e-2) || !(em_tolerance > 0.0 && em_tolerance < 1e-2)) {
    return Status::InvalidArgument("the tolerances must lie between 0 and 0.01");
  }
  return Status::Ok();
}

namespace {

Status CheckTerms(const CovariateTable& table, const CovariateModel& model) {
  const FactorSet all = (FactorSet{1} << table.factor_count()) - 1;
  for (FactorSet term : model.interactions) {
    if ((term & ~all) != 0 || std::popcount(term) < 2) {
      return Status::InvalidArgument(
          "the model has a term that is not an interaction of this table's lists and "
          "covariates");
    }
  }
  const FactorSet missing = MissingSubTerm(model);
  if (missing != 0) {
    return Status::InvalidArgument("the model is not hierarchical: it lacks " +
                                   FactorSetName(missing, table) +
                                   ", which a larger term of it implies; include it");
  }
  return Status::Ok();
}

// Observed-data log likelihood: each row's count is Poisson with mean the sum of the
// fitted values of the cells it agrees with.
double ObservedLogLikelihood(const std::vector<CovariateRow>& rows,
                             const std::vector<std::vector<std::size_t>>& compatible,
                             const internal::CovariateDesign& design,
                             const std::vector<double>& mu) {
  double log_likelihood = 0.0;
  for (std::size_t r = 0; r < rows.size(); ++r) {
    double mean = 0.0;
    for (std::size_t cell : compatible[r]) mean += mu[cell];
    log_likelihood += rows[r].count * std::log(mean) - std::lgamma(rows[r].count + 1.0);
  }
  for (std::size_t cell = 0; cell < design.cells; ++cell) {
    if (design.Observable(cell)) log_likelihood -= mu[cell];
  }
  return log_likelihood;
}

// The E-step: every row spread over its cells in proportion to `mu` (evenly when mu is
// empty, to start).
std::vector<double> CompletedCounts(const std::vector<CovariateRow>& rows,
                                    const std::vector<std::vector<std::size_t>>& compatible,
                                    std::size_t cells, const std::vector<double>& mu) {
  std::vector<double> y(cells, 0.0);
  for (std::size_t r = 0; r < rows.size(); ++r) {
    const std::vector<std::size_t>& into = compatible[r];
    if (into.size() == 1) {
      y[into[0]] += rows[r].count;
      continue;
    }
    double total = 0.0;
    for (std::size_t cell : into) total += mu.empty() ? 1.0 : mu[cell];
    for (std::size_t cell : into) {
      y[cell] += rows[r].count * (mu.empty() ? 1.0 : mu[cell]) / total;
    }
  }
  return y;
}

// The fitted parameters in the full design's columns: those at the boundary are -infinity
// when every cell they enter is fixed at 0, NaN when they are aliased with free ones.
std::vector<double> FullCoefficients(const internal::CovariateDesign& full,
                                     const internal::BoundaryPlan& plan,
                                     const Eigen::VectorXd& beta) {
  std::vector<char> enters_free(static_cast<std::size_t>(full.columns), 0);
  for (std::size_t cell = 0; cell < full.cells; ++cell) {
    if (!plan.fixed_zero.empty() && plan.fixed_zero[cell]) continue;
    for (int a = full.row_start[cell]; a < full.row_start[cell + 1]; ++a) {
      enters_free[static_cast<std::size_t>(full.column_index[a])] = 1;
    }
  }
  std::vector<double> coefficients;
  Eigen::Index next = 0;
  for (std::size_t column = 0; column < enters_free.size(); ++column) {
    if (plan.boundary_column[column] == 0) {
      coefficients.push_back(beta[next++]);
    } else {
      coefficients.push_back(enters_free[column] ? std::numeric_limits<double>::quiet_NaN()
                                                 : -std::numeric_limits<double>::infinity());
    }
  }
  return coefficients;
}

void RecordBoundary(const CovariateTable& table, const internal::BoundaryPlan& plan,
                    CovariateFit& fit) {
  fit.fixed_zero_cells = plan.fixed_zero_cells;
  for (const internal::EmptyMargin& entry : plan.empty_margins) {
    ZeroMarginTerm term{entry.term, FactorSetName(entry.term, table),
                        internal::DescribeEntry(entry, table), entry.covariates_only};
    fit.warnings.push_back(fmt::format(
        "term {} fixed at the boundary: nobody observed with {} (levels in sorted order), so "
        "{} fitted 0",
        term.name, term.where,
        term.covariates_only ? "every cell of that combination, the unseen one too, is"
                             : "its observable cells are"));
    fit.zero_margin_terms.push_back(std::move(term));
  }
}

double Total(const std::vector<double>& mu) {
  double total = 0.0;
  for (double value : mu) total += value;
  return total;
}

}  // namespace

Status CheckCovariateModel(const CovariateTable& table, const CovariateModel& model) {
  ZICHT_RETURN_IF_ERROR(CheckTerms(table, model));
  Result<internal::CovariateDesign> design = internal::BuildCovariateDesign(table, model);
  if (!design.ok()) return design.status();
  return internal::PlanBoundary(table, *design).status();
}

Result<CovariateFit> FitCovariateModel(const CovariateTable& table, const CovariateModel& model,
                                       const CovariateFitOptions& options) {
  bool unbounded_by_data = false;
  return internal::FitCovariateModelNotingExistence(table, model, options, unbounded_by_data);
}

Result<CovariateFit> internal::FitCovariateModelNotingExistence(const CovariateTable& table,
                                                                const CovariateModel& model,
                                                                const CovariateFitOptions& options,
                                                                bool& unbounded_by_data) {
  unbounded_by_data = false;
  ZICHT_RETURN_IF_ERROR(options.Validate());
  ZICHT_RETURN_IF_ERROR(CheckTerms(table, model));
  Result<internal::CovariateDesign> built = internal::BuildCovariateDesign(table, model);
  if (!built.ok()) return built.status();
  const internal::CovariateDesign& full = *built;
  Result<internal::BoundaryPlan> plan = internal::PlanBoundary(table, full);
  if (!plan.ok()) {
    // The observable cells left do not determine the parameters: some unseen count is free.
    // (A model that is not identifiable on any data never reaches a bootstrap replicate,
    // the one reader of the flag: its fit on the data themselves fails first.)
    unbounded_by_data = plan.status().code() == StatusCode::kInvalidData;
    return plan.status();
  }
  const internal::CovariateDesign design =
      internal::WithoutBoundary(full, plan->fixed_zero, plan->boundary_column);
  std::vector<std::vector<std::size_t>> compatible;
  bool missing = false;
  for (const CovariateRow& row : table.rows) {
    compatible.push_back(internal::CompatibleCells(design, row));
    missing = missing || compatible.back().size() > 1;
  }
  auto failed = [&](const internal::CellFit& cells) -> Status {
    if (cells.singular) {
      return Status::InvalidData("model " + model.Name(table) +
                                 " is not identifiable for these data: the information matrix "
                                 "is singular; fit fewer interactions");
    }
    return Status::Internal(fmt::format(
        "Newton's method did not converge in {} iterations for model {}; the estimate may not "
        "exist for these data",
        options.max_iterations, model.Name(table)));
  };
  std::vector<double> y = CompletedCounts(table.rows, compatible, design.cells, {});
  // With unknown covariates the test runs on each row spread over every cell it agrees
  // with (EM's start), the widest support the data allow.
  if (internal::CovariateMleExists(design, y) == internal::Existence::kDoesNotExist) {
    unbounded_by_data = true;
    return Status::InvalidData(
        "the maximum-likelihood estimate of model " + model.Name(table) +
        " does not exist for these data: no table of strictly positive counts has the same "
        "margins (Fienberg-Rinaldo linear-programming test), so the unseen count runs off to "
        "infinity; drop a term whose lists or levels barely overlap");
  }
  internal::CellFit cells =
      internal::FitCells(design, y, Eigen::VectorXd(), options.max_iterations, options.tolerance);
  if (!cells.converged) return failed(cells);
  CovariateFit fit;
  fit.observed = table.observed_total();
  fit.newton_iterations = cells.iterations;
  fit.converged = true;
  double log_likelihood = ObservedLogLikelihood(table.rows, compatible, design, cells.mu);
  if (missing) {
    double estimate = Total(cells.mu);
    fit.converged = false;
    for (fit.em_iterations = 1; fit.em_iterations <= options.max_em_iterations;
         ++fit.em_iterations) {
      y = CompletedCounts(table.rows, compatible, design.cells, cells.mu);
      cells = internal::FitCells(design, y, cells.beta, options.max_iterations, options.tolerance);
      if (!cells.converged) return failed(cells);
      fit.newton_iterations += cells.iterations;
      const double new_log_likelihood =
          ObservedLogLikelihood(table.rows, compatible, design, cells.mu);
      const double new_estimate = Total(cells.mu);
      const bool settled = std::abs(new_log_likelihood - log_likelihood) < options.em_tolerance &&
                           std::abs(new_estimate - estimate) < options.em_tolerance * new_estimate;
      log_likelihood = new_log_likelihood;
      estimate = new_estimate;
      if (settled) {
        fit.converged = true;
        break;
      }
    }
    fit.em_iterations = std::min(fit.em_iterations, options.max_em_iterations);
    if (!fit.converged) {
      return Status::Internal(fmt::format(
          "EM did not converge in {} iterations for model {}; the estimate may lie on the "
          "boundary for these data",
          options.max_em_iterations, model.Name(table)));
    }
  }
  fit.model = model;
  fit.poisson_log_likelihood = log_likelihood;
  // sum y log(m / n) = Poisson log likelihood + sum log(y!) + n - n log n, since the
  // fitted observable cells add up to n.
  double log_factorials = 0.0;
  for (const CovariateRow& row : table.rows) log_factorials += std::lgamma(row.count + 1.0);
  log_likelihood += log_factorials + fit.observed * (1.0 - std::log(fit.observed));
  fit.log_likelihood = log_likelihood;
  fit.parameters = full.columns;
  fit.aic = 2.0 * fit.parameters - 2.0 * log_likelihood;
  fit.bic = fit.parameters * std::log(fit.observed) - 2.0 * log_likelihood;
  fit.parameter_names = internal::ColumnNames(full, table);
  fit.coefficients = FullCoefficients(full, *plan, cells.beta);
  RecordBoundary(table, *plan, fit);
  fit.fitted = cells.mu;
  for (std::size_t cell = 0; cell < design.cells; ++cell) {
    if (design.Observable(cell)) continue;
    fit.unseen += fit.fitted[cell];
  }
  fit.estimate = Total(fit.fitted);
  const int k = table.list_count();
  for (int v = 0; v < table.covariate_count(); ++v) {
    std::vector<double> by_level(table.levels[v].size(), 0.0);
    for (std::size_t cell = 0; cell < design.cells; ++cell) {
      by_level[static_cast<std::size_t>(design.LevelOf(cell, k + v))] += fit.fitted[cell];
    }
    for (std::size_t l = 0; l < by_level.size(); ++l) {
      fit.per_level.push_back({table.covariates[v], table.levels[v][l], by_level[l], 0.0, 0.0});
    }
  }
  return fit;
}

std::string CovariateFit::BriefReport(const CovariateTable& table) const {
  return fmt::format(
      "population {:.1f} (observed {:.0f}, unseen {:.1f}); model {}; log likelihood {:.4f}, "
      "{} parameters, AIC {:.2f}, BIC {:.2f}; {}{}",
      estimate, observed, unseen, model.Name(table), log_likelihood, parameters, aic, bic,
      converged ? "converged" : "NOT converged",
      em_iterations > 0 ? fmt::format(" in {} EM iterations", em_iterations) : std::string());
}

std::string CovariateFit::FullReport(const CovariateTable& table) const {
  std::string report = BriefReport(table) + "\n";
  report += fmt::format("  {:<28} {:>12}\n", "parameter", "value");
  for (std::size_t i = 0; i < parameter_names.size(); ++i) {
    report += fmt::format("  {:<28} {:>12.5f}\n", parameter_names[i], coefficients[i]);
  }
  for (const std::string& warning : warnings) report += "  warning: " + warning + "\n";
  return report;
}

}  // namespace zicht::estimate
