#include "covariate_design.hpp"

#include <algorithm>
#include <bit>
#include <cmath>

#include "poisson_newton.hpp"

namespace zicht::estimate::internal {
namespace {

// Complete tables beyond this many cells are refused rather than allocated.
constexpr std::size_t kMaxCells = std::size_t{1} << 24;

}  // namespace

int CovariateDesign::LevelOf(std::size_t cell, int factor) const {
  if (factor < list_count) return static_cast<int>((cell >> factor) & 1U);
  const int v = factor - list_count;
  return static_cast<int>(((cell >> list_count) / strides[v]) %
                          static_cast<std::size_t>(level_counts[factor]));
}

FactorSet CovariateDesign::TermOfColumn(int column) const {
  const auto after = std::upper_bound(term_first_column.begin(), term_first_column.end(), column);
  return terms[static_cast<std::size_t>(after - term_first_column.begin()) - 1];
}

Result<CovariateDesign> BuildCovariateDesign(const CovariateTable& table,
                                             const CovariateModel& model) {
  CovariateDesign design;
  const int k = table.list_count();
  const int factors = table.factor_count();
  design.list_count = k;
  design.cells = std::size_t{1} << k;
  std::size_t covariate_cells = 1;
  for (int f = 0; f < factors; ++f) design.level_counts.push_back(table.LevelCount(f));
  for (int v = 0; v < table.covariate_count(); ++v) {
    design.strides.push_back(covariate_cells);
    covariate_cells *= static_cast<std::size_t>(design.level_counts[k + v]);
    if (covariate_cells * design.cells > kMaxCells) {
      return Status::InvalidData("the complete table of lists and covariate levels has more than " +
                                 std::to_string(kMaxCells) +
                                 " cells; use fewer covariates or merge levels");
    }
  }
  design.cells *= covariate_cells;
  design.terms.push_back(0);
  for (int f = 0; f < factors; ++f) design.terms.push_back(FactorSet{1} << f);
  design.terms.insert(design.terms.end(), model.interactions.begin(), model.interactions.end());
  for (FactorSet term : design.terms) {
    design.term_first_column.push_back(design.columns);
    int width = 1;
    for (int f = 0; f < factors; ++f) {
      if ((term >> f) & 1U) width *= design.level_counts[f] - 1;
    }
    design.columns += width;
  }
  design.row_start.reserve(design.cells + 1);
  design.row_start.push_back(0);
  std::vector<int> levels(static_cast<std::size_t>(factors));
  for (std::size_t cell = 0; cell < design.cells; ++cell) {
    for (int f = 0; f < factors; ++f) levels[f] = design.LevelOf(cell, f);
    for (std::size_t t = 0; t < design.terms.size(); ++t) {
      const FactorSet term = design.terms[t];
      int offset = 0, stride = 1;
      bool in = true;
      for (int f = 0; f < factors && in; ++f) {
        if (!((term >> f) & 1U)) continue;
        if (levels[f] == 0) in = false;
        offset += (levels[f] - 1) * stride;
        stride *= design.level_counts[f] - 1;
      }
      if (in) design.column_index.push_back(design.term_first_column[t] + offset);
    }
    design.row_start.push_back(static_cast<int>(design.column_index.size()));
  }
  return design;
}

CovariateDesign WithoutBoundary(const CovariateDesign& design, std::vector<char> fixed_zero,
                                const std::vector<char>& dropped_columns) {
  CovariateDesign reduced;
  reduced.list_count = design.list_count;
  reduced.level_counts = design.level_counts;
  reduced.strides = design.strides;
  reduced.cells = design.cells;
  reduced.fixed_zero = std::move(fixed_zero);
  std::vector<int> renumbered(dropped_columns.size(), -1);
  for (std::size_t column = 0; column < dropped_columns.size(); ++column) {
    if (dropped_columns[column] == 0) renumbered[column] = reduced.columns++;
  }
  reduced.row_start.reserve(design.cells + 1);
  reduced.row_start.push_back(0);
  for (std::size_t cell = 0; cell < design.cells; ++cell) {
    for (int a = design.row_start[cell]; a < design.row_start[cell + 1]; ++a) {
      const int column = renumbered[static_cast<std::size_t>(design.column_index[a])];
      if (column >= 0) reduced.column_index.push_back(column);
    }
    reduced.row_start.push_back(static_cast<int>(reduced.column_index.size()));
  }
  return reduced;
}

std::vector<std::string> ColumnNames(const CovariateDesign& design, const CovariateTable& table) {
  std::vector<std::string> names;
  const int factors = table.factor_count();
  for (FactorSet term : design.terms) {
    if (term == 0) {
      names.emplace_back("(intercept)");
      continue;
    }
    // Enumerate the term's non-reference level combinations, first factor fastest.
    std::vector<int> members;
    for (int f = 0; f < factors; ++f) {
      if ((term >> f) & 1U) members.push_back(f);
    }
    std::vector<int> level(members.size(), 1);
    while (true) {
      std::string name;
      for (std::size_t i = 0; i < members.size(); ++i) {
        if (!name.empty()) name += ':';
        const int f = members[i];
        name += table.FactorName(f);
        if (f >= table.list_count()) name += "=" + table.levels[f - table.list_count()][level[i]];
      }
      names.push_back(std::move(name));
      std::size_t i = 0;
      while (i < members.size() && ++level[i] == design.level_counts[members[i]]) {
        level[i] = 1;
        ++i;
      }
      if (i == members.size()) break;
    }
  }
  return names;
}

std::vector<std::size_t> CompatibleCells(const CovariateDesign& design, const CovariateRow& row) {
  std::vector<std::size_t> cells{0};
  for (std::size_t v = 0; v < row.levels.size(); ++v) {
    const int levels = design.level_counts[static_cast<std::size_t>(design.list_count) + v];
    if (row.levels[v] != kMissingLevel) {
      for (std::size_t& cell : cells)
        cell += static_cast<std::size_t>(row.levels[v]) * design.strides[v];
      continue;
    }
    std::vector<std::size_t> spread;
    for (std::size_t cell : cells) {
      for (int l = 0; l < levels; ++l)
        spread.push_back(cell + static_cast<std::size_t>(l) * design.strides[v]);
    }
    cells = std::move(spread);
  }
  for (std::size_t& cell : cells) cell = (cell << design.list_count) | row.history;
  return cells;
}

Eigen::MatrixXd Information(const CovariateDesign& design, const std::vector<double>& w) {
  const Eigen::Index p = design.columns;
  Eigen::MatrixXd information = Eigen::MatrixXd::Zero(p, p);
  for (std::size_t cell = 0; cell < design.cells; ++cell) {
    if (!design.Fitted(cell)) continue;
    const double weight = w[cell];
    const int begin = design.row_start[cell], end = design.row_start[cell + 1];
    for (int a = begin; a < end; ++a) {
      double* column = information.col(design.column_index[a]).data();
      for (int b = a; b < end; ++b) column[design.column_index[b]] += weight;
    }
  }
  return information;
}

CellFit FitCells(const CovariateDesign& design, const std::vector<double>& y,
                 const Eigen::VectorXd& start, int max_iterations, double tolerance) {
  CellFit fit;
  const std::size_t cells = design.cells;
  const Eigen::Index p = design.columns;
  std::vector<double> eta(cells, 0.0), mu(cells, 0.0);
  auto predict = [&](const Eigen::VectorXd& beta) {
    for (std::size_t cell = 0; cell < cells; ++cell) {
      double value = 0.0;
      for (int a = design.row_start[cell]; a < design.row_start[cell + 1]; ++a) {
        value += beta[design.column_index[a]];
      }
      eta[cell] = value;
      mu[cell] = design.Free(cell) ? std::exp(std::min(value, 700.0)) : 0.0;
    }
  };
  double y_log_y = 0.0, y_total = 0.0;
  for (std::size_t cell = 0; cell < cells; ++cell) {
    if (!design.Fitted(cell) || y[cell] <= 0.0) continue;
    y_log_y += y[cell] * std::log(y[cell]);
    y_total += y[cell];
  }
  // D = 2 sum(y log(y/mu) - y + mu), written with log mu = eta.
  auto deviance_of = [&]() {
    double y_eta = 0.0, mu_total = 0.0;
    for (std::size_t cell = 0; cell < cells; ++cell) {
      if (!design.Fitted(cell)) continue;
      if (y[cell] > 0.0) y_eta += y[cell] * eta[cell];
      mu_total += mu[cell];
    }
    return 2.0 * (y_log_y - y_eta - y_total + mu_total);
  };
  const bool have_beta = start.size() == p;
  if (have_beta) {
    fit.beta = start;
    predict(fit.beta);
  } else {
    fit.beta = Eigen::VectorXd::Zero(p);
    for (std::size_t cell = 0; cell < cells; ++cell) {
      mu[cell] = design.Fitted(cell) ? y[cell] + 0.1 : 0.0;  // glm's mustart
      eta[cell] = design.Fitted(cell) ? std::log(mu[cell]) : 0.0;
    }
  }
  Eigen::VectorXd rhs(p);
  Eigen::LLT<Eigen::MatrixXd> solver(p);
  auto solve = [&]() -> std::optional<Eigen::VectorXd> {
    solver.compute(Information(design, mu));
    if (solver.info() != Eigen::Success) return std::nullopt;
    // X'Wz with z = eta + (y - mu)/mu.
    rhs.setZero();
    for (std::size_t cell = 0; cell < cells; ++cell) {
      if (!design.Fitted(cell)) continue;
      const double value = mu[cell] * eta[cell] + y[cell] - mu[cell];
      for (int a = design.row_start[cell]; a < design.row_start[cell + 1]; ++a) {
        rhs[design.column_index[a]] += value;
      }
    }
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
  fit.mu = std::move(mu);
  return fit;
}

}  // namespace zicht::estimate::internal
