#include "covariate_margins.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
#include <algorithm>
#include <optional>
#include <vector>

namespace zicht::estimate::internal {
namespace {

std::vector<int> FactorsOf(FactorSet term, int factors) {
  std::vector<int> members;
  for (int f = 0; f < factors; ++f) {
    if ((term >> f) & 1U) members.push_back(f);
  }
  return members;
}

// The observed margin of the factors `members` (entry = levels in mixed radix, first
// member fastest); a row with an unknown level counts for every level it could have.
std::vector<double> ObservedMargin(const CovariateTable& table, const CovariateDesign& design,
                                   const std::vector<int>& members,
                                   const std::vector<std::size_t>& strides, std::size_t size) {
  const int k = table.list_count();
  std::vector<double> margin(size, 0.0);
  for (const CovariateRow& row : table.rows) {
    std::vector<std::size_t> entries{0};
    for (std::size_t i = 0; i < members.size(); ++i) {
      const int f = members[i];
      const int level = f < k ? static_cast<int>((row.history >> f) & 1U) : row.levels[f - k];
      if (level != kMissingLevel) {
        for (std::size_t& entry : entries) entry += static_cast<std::size_t>(level) * strides[i];
        continue;
      }
      std::vector<std::size_t> spread;
      for (std::size_t entry : entries) {
        for (int l = 0; l < design.level_counts[f]; ++l) {
          spread.push_back(entry + static_cast<std::size_t>(l) * strides[i]);
        }
      }
      entries = std::move(spread);
    }
    for (std::size_t entry : entries) margin[entry] += row.count;
  }
  return margin;
}

// Whether the empty entry `found` follows from an empty entry of one of its sub-terms.
bool Implied(const EmptyMargin& found, const std::vector<EmptyMargin>& earlier, int factors) {
  const std::vector<int> members = FactorsOf(found.term, factors);
  for (const EmptyMargin& sub : earlier) {
    if ((sub.term & found.term) != sub.term) continue;
    const std::vector<int> sub_members = FactorsOf(sub.term, factors);
    bool agrees = true;
    for (std::size_t i = 0; i < sub_members.size() && agrees; ++i) {
      const auto at = std::find(members.begin(), members.end(), sub_members[i]);
      agrees = found.levels[static_cast<std::size_t>(at - members.begin())] == sub.levels[i];
    }
    if (agrees) return true;
  }
  return false;
}

std::vector<EmptyMargin> FindEmptyMargins(const CovariateTable& table,
                                          const CovariateDesign& design) {
  const int k = table.list_count();
  const FactorSet all_lists = (FactorSet{1} << k) - 1;
  std::vector<EmptyMargin> empty;
  for (FactorSet term : design.terms) {
    if (term == 0) continue;
    const std::vector<int> members = FactorsOf(term, table.factor_count());
    std::vector<std::size_t> strides;
    std::size_t size = 1;
    for (int f : members) {
      strides.push_back(size);
      size *= static_cast<std::size_t>(design.level_counts[f]);
    }
    const std::vector<double> margin = ObservedMargin(table, design, members, strides, size);
    for (std::size_t entry = 0; entry < size; ++entry) {
      if (margin[entry] > 0.0) continue;
      EmptyMargin found{term, {}, (term & all_lists) == 0};
      bool some_list_seen = false;
      for (std::size_t i = 0; i < members.size(); ++i) {
        const int level = static_cast<int>(
            (entry / strides[i]) % static_cast<std::size_t>(design.level_counts[members[i]]));
        found.levels.push_back(level);
        if (members[i] < k && level == 1) some_list_seen = true;
      }
      // An entry with every list of the table "not seen" has no observable cell.
      if ((term & all_lists) == all_lists && !some_list_seen) continue;
      if (!Implied(found, empty, table.factor_count())) empty.push_back(std::move(found));
    }
  }
  return empty;
}

bool CellInEntry(const CovariateDesign& design, std::size_t cell, const EmptyMargin& entry,
                 int factors) {
  std::size_t i = 0;
  for (int f = 0; f < factors; ++f) {
    if (!((entry.term >> f) & 1U)) continue;
    if (design.LevelOf(cell, f) != entry.levels[i++]) return false;
  }
  return true;
}

std::vector<char> FixedZeroCells(const CovariateDesign& design,
                                 const std::vector<EmptyMargin>& empty, int factors) {
  std::vector<char> fixed(design.cells, 0);
  for (std::size_t cell = 0; cell < design.cells; ++cell) {
    for (const EmptyMargin& entry : empty) {
      if (!entry.covariates_only && !design.Observable(cell)) continue;
      if (CellInEntry(design, cell, entry, factors)) {
        fixed[cell] = 1;
        break;
      }
    }
  }
  return fixed;
}

// X'X (lower triangle) over the cells for which `include` holds.
template <typename Include>
Eigen::MatrixXd Gram(const CovariateDesign& design, Include include) {
  Eigen::MatrixXd gram = Eigen::MatrixXd::Zero(design.columns, design.columns);
  for (std::size_t cell = 0; cell < design.cells; ++cell) {
    if (!include(cell)) continue;
    const int begin = design.row_start[cell], end = design.row_start[cell + 1];
    for (int a = begin; a < end; ++a) {
      double* column = gram.col(design.column_index[a]).data();
      for (int b = a; b < end; ++b) column[design.column_index[b]] += 1.0;
    }
  }
  return gram;
}

// Cholesky of the Gram matrix in column order without pivoting, over the columns not
// `skipped`: a column whose pivot vanishes depends on the accepted columns before it. The
// dependent columns are marked; with `stop_at_first`, the first one is returned at once.
std::optional<int> DependentColumns(Eigen::MatrixXd gram, const std::vector<char>& skipped,
                                    std::vector<char>& dependent, bool stop_at_first) {
  const Eigen::Index p = gram.rows();
  std::vector<double> pivot(static_cast<std::size_t>(p), 0.0);
  std::vector<Eigen::Index> accepted;
  std::optional<int> first;
  for (Eigen::Index j = 0; j < p; ++j) {
    if (skipped[j]) continue;
    const double diagonal = gram(j, j);
    double d = diagonal;
    for (Eigen::Index m : accepted) d -= gram(j, m) * gram(j, m) * pivot[m];
    if (!(d > 1e-9 * std::max(diagonal, 1.0))) {
      dependent[j] = 1;
      if (!first) first = static_cast<int>(j);
      if (stop_at_first) return first;
      continue;
    }
    pivot[j] = d;
    for (Eigen::Index i = j + 1; i < p; ++i) {
      double value = gram(i, j);
      for (Eigen::Index m : accepted) value -= gram(i, m) * gram(j, m) * pivot[m];
      gram(i, j) = value / d;
    }
    accepted.push_back(j);
  }
  return first;
}

// The covariate levels of column `column` ("a at its level 2"), empty for a term of lists.
std::string CovariateLevelsOfColumn(const CovariateDesign& design, const CovariateTable& table,
                                    int column) {
  const FactorSet term = design.TermOfColumn(column);
  const auto t = static_cast<std::size_t>(
      std::find(design.terms.begin(), design.terms.end(), term) - design.terms.begin());
  int offset = column - design.term_first_column[t];
  std::string where;
  for (int f : FactorsOf(term, table.factor_count())) {
    const int width = design.level_counts[f] - 1;
    const int level = offset % width + 1;
    offset /= width;
    if (f < table.list_count()) continue;
    if (!where.empty()) where += ", ";
    where += fmt::format("{} at its level {}", table.covariates[f - table.list_count()], level + 1);
  }
  return where;
}

Status NotIdentifiable(const CovariateTable& table, const CovariateDesign& design,
                       const BoundaryPlan& plan, int column) {
  const std::string term = FactorSetName(design.TermOfColumn(column), table);
  if (plan.empty_margins.empty()) {
    return Status::InvalidData("model is not identifiable for these data: the parameters of term " +
                               term +
                               " are not determined by the observable cells (those where every "
                               "list is 0 are never observed); leave the term out");
  }
  const std::string levels = CovariateLevelsOfColumn(design, table, column);
  const EmptyMargin& first = plan.empty_margins.front();
  return Status::InvalidData(fmt::format(
      "model is not identifiable for these data: {} once the empty margins are fixed at the "
      "boundary (the first: term {}, nobody observed with {}; levels counted in sorted order), "
      "the parameters of term {} are not determined by the observable cells left; leave the "
      "term out or merge levels",
      levels.empty() ? std::string("the unseen persons are not determined:")
                     : "the unseen persons with " + levels + " are not identifiable:",
      FactorSetName(first.term, table), DescribeEntry(first, table), term));
}

}  // namespace

std::string DescribeEntry(const EmptyMargin& entry, const CovariateTable& table) {
  const int k = table.list_count();
  std::string where;
  std::size_t i = 0;
  for (int f : FactorsOf(entry.term, table.factor_count())) {
    const int level = entry.levels[i++];
    if (!where.empty()) where += ", ";
    if (f < k) {
      where += table.lists[f] + (level == 1 ? " seen" : " not seen");
    } else {
      where += fmt::format("{} at its level {}", table.covariates[f - k], level + 1);
    }
  }
  return where;
}

Result<BoundaryPlan> PlanBoundary(const CovariateTable& table, const CovariateDesign& design) {
  BoundaryPlan plan;
  plan.empty_margins = FindEmptyMargins(table, design);
  const std::vector<char> none(static_cast<std::size_t>(design.columns), 0);
  plan.boundary_column = none;
  if (!plan.empty_margins.empty()) {
    plan.fixed_zero = FixedZeroCells(design, plan.empty_margins, table.factor_count());
    plan.fixed_zero_cells =
        static_cast<int>(std::count(plan.fixed_zero.begin(), plan.fixed_zero.end(), 1));
    const Eigen::MatrixXd free_cells =
        Gram(design, [&](std::size_t cell) { return !plan.fixed_zero[cell]; });
    DependentColumns(free_cells, none, plan.boundary_column, false);
  }
  const Eigen::MatrixXd observable = Gram(design, [&](std::size_t cell) {
    return design.Observable(cell) && (plan.fixed_zero.empty() || !plan.fixed_zero[cell]);
  });
  std::vector<char> dependent = none;
  const std::optional<int> first =
      DependentColumns(observable, plan.boundary_column, dependent, true);
  if (first) return NotIdentifiable(table, design, plan, *first);
  return plan;
}

}  // namespace zicht::estimate::internal
