// A capture-history table with categorical covariates: for each observed combination of
// a history (which lists saw a person) and the levels of the covariates, the number of
// persons. A covariate may be unknown for some persons (recorded only in some lists, as
// in Zwane and van der Heijden 2007); such rows hold kMissingLevel for it.
//
// A factor is a list or a covariate. Factors are numbered lists first (0 .. k-1, in
// column order), then covariates (k .. k+c-1, in the order given); a list has the two
// levels 0 (not seen) and 1 (seen).
//
// Thread safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::estimate {

inline constexpr int kMissingLevel = -1;

struct CovariateRow {
  std::uint32_t history = 0;  // bit j: list j saw the person (never 0)
  std::vector<int> levels;    // per covariate: index into CovariateTable::levels, or missing
  double count = 0.0;
};

struct CovariateTable {
  std::vector<std::string> lists;       // at most 16
  std::vector<std::string> covariates;  // at most 16
  // levels[v]: the levels of covariate v as written in the file, sorted (numerically when
  // every level is a number); the first is the reference level of the model's parameters.
  std::vector<std::vector<std::string>> levels;
  std::vector<CovariateRow> rows;  // rows with equal history and levels merged

  int list_count() const { return static_cast<int>(lists.size()); }
  int covariate_count() const { return static_cast<int>(covariates.size()); }
  int factor_count() const { return list_count() + covariate_count(); }
  // Levels of factor f (2 for a list).
  int LevelCount(int factor) const;
  // Name of factor f: a list's or a covariate's.
  const std::string& FactorName(int factor) const;
  double observed_total() const;
  bool HasMissing() const;
};

// Reads a CSV with one 0/1 column per list, the columns named in `covariates` (any order
// and position) and `count`; every other column is a list. `NA` or an empty field is an
// unknown covariate value. Rows whose lists are all 0 cannot be observed and are refused.
// Errors (kInvalidData, kNotFound) name the file, the row and the column and the rule
// broken; no message quotes a field of the file.
Result<CovariateTable> ReadCovariateTableCsv(const std::string& path,
                                             const std::vector<std::string>& covariates);

// Merges rows with the same history and levels, drops rows with count 0 and sorts the
// levels of every covariate as ReadCovariateTableCsv does. For tables built in code:
// `rows[i].levels` index the given `levels` before sorting.
Result<CovariateTable> NormaliseCovariateTable(CovariateTable table);

}  // namespace zicht::estimate
