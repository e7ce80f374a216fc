#include "covariate_margins.hpp"

#include <fmt/format.h>

#include <Eigen/Dense>
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

}  // namespace

Status CheckMargins(const CovariateTable& table, const CovariateDesign& design) {
  const int k = table.list_count();
  const FactorSet all_lists = (FactorSet{1} << k) - 1;
  for (FactorSet term : design.terms) {
    if (term == 0) continue;
    const std::vector<int> members = FactorsOf(term, table.factor_count());
    std::vector<std::size_t> strides;
    std::size_t size = 1;
    for (int f : members) {
      strides.push_back(size);
      size *= static_cast<std::size_t>(design.level_counts[f]);
    }
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
    for (std::size_t entry = 0; entry < size; ++entry) {
      if (margin[entry] > 0.0) continue;
      // An entry whose lists are all "not seen" over every list has no observable cell.
      std::string where;
      bool lists_all_zero = (term & all_lists) == all_lists;
      for (std::size_t i = 0; i < members.size(); ++i) {
        const int f = members[i];
        const int level = static_cast<int>((entry / strides[i]) %
                                           static_cast<std::size_t>(design.level_counts[f]));
        if (!where.empty()) where += ", ";
        if (f < k) {
          where += table.lists[f] + (level == 1 ? " seen" : " not seen");
          if (level == 1) lists_all_zero = false;
        } else {
          where += fmt::format("{} at its level {}", table.covariates[f - k], level + 1);
        }
      }
      if (lists_all_zero) continue;
      return Status::InvalidData("the estimate does not exist: term " + FactorSetName(term, table) +
                                 " has an empty margin (nobody observed with " + where +
                                 "; levels counted in sorted order), so its maximum likelihood "
                                 "lies on the boundary of the parameter space; leave the "
                                 "term out or merge levels");
    }
  }
  return Status::Ok();
}

Status CheckRank(const CovariateTable& table, const CovariateDesign& design) {
  const Eigen::Index p = design.columns;
  const std::vector<double> ones(design.cells, 1.0);
  Eigen::MatrixXd gram = Information(design, ones);  // lower triangle of X'X
  // Cholesky in the model's column order without pivoting: the first column whose pivot
  // vanishes depends on the columns before it, and its term is the one to name.
  std::vector<double> pivot(static_cast<std::size_t>(p), 0.0);
  for (Eigen::Index j = 0; j < p; ++j) {
    const double diagonal = gram(j, j);
    double d = diagonal;
    for (Eigen::Index m = 0; m < j; ++m) d -= gram(j, m) * gram(j, m) * pivot[m];
    if (!(d > 1e-9 * std::max(diagonal, 1.0))) {
      return Status::InvalidData(
          "model is not identifiable for these data: the parameters of term " +
          FactorSetName(design.TermOfColumn(static_cast<int>(j)), table) +
          " are not determined by the observable cells (those where every list is 0 are "
          "never observed); leave the term out");
    }
    pivot[j] = d;
    for (Eigen::Index i = j + 1; i < p; ++i) {
      double value = gram(i, j);
      for (Eigen::Index m = 0; m < j; ++m) value -= gram(i, m) * gram(j, m) * pivot[m];
      gram(i, j) = value / d;
    }
  }
  return Status::Ok();
}

}  // namespace zicht::estimate::internal
