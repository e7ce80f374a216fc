// Poisson log-linear models with categorical covariates for multiple systems estimation,
// as the Dutch official estimates use them (van der Heijden, Whittaker, Cruyff, Bakker
// and van der Vliet 2012; Zwane and van der Heijden 2007; van der Heijden, Smith, Cruyff
// and Bakker 2018).
//
// The complete table crosses the 2^k histories with every combination of covariate
// levels. Its cells where every list is 0 are never observed: they are left out of the
// fit (structural zeros for fitting), and their fitted values are the estimate of the
// unseen. The log mean of a cell is an intercept plus, for every term of the model, the
// parameter of the cell's levels of the term's factors (dummy coding: the first level of
// a covariate and "not seen" of a list are the reference). Main effects of every list
// and covariate are always in; a model adds interaction terms over lists and covariates.
//
// Covariates unknown for some persons are handled by EM under missing at random: the
// E-step spreads every row with an unknown value over the complete cells it agrees with
// in proportion to their current fitted values, the M-step fits the Poisson model to the
// completed table by Newton's method, until the observed-data log likelihood settles.
//
// Thread safety: the functions are reentrant; the values are plain.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/covariate_table.hpp"
#include "zicht/estimate/interval.hpp"

namespace zicht::estimate {

// A set of factors (bit f = factor f of CovariateTable: lists first, then covariates).
using FactorSet = std::uint32_t;

// "A:a" for the term {A, a}.
std::string FactorSetName(FactorSet term, const CovariateTable& table);

struct CovariateModel {
  // Interaction terms of two or more factors, sorted by order then mask, no duplicates.
  std::vector<FactorSet> interactions;

  static CovariateModel FromTerms(std::vector<FactorSet> terms);
  bool Contains(FactorSet term) const;
  CovariateModel With(FactorSet term) const;
  CovariateModel Without(FactorSet term) const;
  // "A:a + B:b + a:b", or "main effects only".
  std::string Name(const CovariateTable& table) const;
  friend bool operator==(const CovariateModel&, const CovariateModel&) = default;
};

// Parses "A:a, B:b, a:b:c" (terms separated by commas, '+' or blanks; factors inside a
// term by ':'), naming lists and covariates of `table`. The hierarchical closure is
// taken: "a:b:c" brings in a:b, a:c and b:c. Empty or "main": main effects only. Errors
// name the unknown factor or the term that repeats one.
Result<CovariateModel> ParseCovariateModel(std::string_view text, const CovariateTable& table);

// Every interaction among the covariates (saturated in the covariates).
CovariateModel SaturatedCovariateTerms(const CovariateTable& table);

// The lowest-order (then smallest) subset of two or more factors of a term of `model`
// that is not in it, or 0 when the model is hierarchical.
FactorSet MissingSubTerm(const CovariateModel& model);

struct CovariateFitOptions {
  int max_iterations = 100;  // Newton iterations per M-step
  // Newton stops when the relative change in deviance is below this.
  double tolerance = 1e-12;
  int max_em_iterations = 20000;
  // EM stops when the observed-data log likelihood changes by less than this (absolute)
  // and the estimate by less than this relative to it.
  double em_tolerance = 1e-11;
  Status Validate() const;
};

struct LevelEstimate {
  std::string covariate;
  std::string level;
  double estimate = 0.0;  // fitted persons at this level, seen and unseen
  double lower = 0.0;     // interval limits, when an interval was computed
  double upper = 0.0;
};

// An entry of a term's observed margin that is empty, so that the term's parameter for
// it lies at minus infinity (fixed at the boundary) and the cells in it are fitted 0.
struct ZeroMarginTerm {
  FactorSet term = 0;
  std::string name;   // "B:a"
  std::string where;  // "B seen, a at its level 2": levels by position in sorted order
  // A term among covariates only: every cell of the combination, the unseen one too, is a
  // structural zero. Otherwise only the observable cells of the entry are.
  bool covariates_only = false;
};

struct CovariateFit {
  CovariateModel model;
  double observed = 0.0;  // persons on at least one list
  double unseen = 0.0;    // fitted total of the cells where every list is 0
  double estimate = 0.0;  // fitted total over all cells: observed + unseen
  // Observed-data log likelihood as MSEincomplete, cvam and loglinear report it: the sum
  // over observed persons of log P(their history and known levels | observed), i.e.
  // sum over rows of y log(m / n), m the fitted total of the cells the row agrees with.
  double log_likelihood = 0.0;
  // The same data's Poisson log likelihood, with the log(y!) terms (as LoglinearFit's);
  // it differs from log_likelihood by n log n - n - sum log(y!), the same for every model.
  double poisson_log_likelihood = 0.0;
  // Intercept, main-effect and interaction parameters, those at the boundary included.
  int parameters = 0;
  double aic = 0.0;           // 2 parameters - 2 log_likelihood
  double bic = 0.0;           // parameters log(observed) - 2 log_likelihood
  int newton_iterations = 0;  // over all M-steps
  int em_iterations = 0;      // 0 when no covariate is missing (one direct fit)
  bool converged = false;
  // The empty margins fixed at the boundary (none implied by another), and the number of
  // cells of the complete table they fix at 0.
  std::vector<ZeroMarginTerm> zero_margin_terms;
  int fixed_zero_cells = 0;
  // Parameter names ("(intercept)", "A", "a=2", "A:a=2") and their values; a parameter at
  // the boundary is -infinity when every cell it enters is fixed at 0, NaN when it is
  // aliased with others once those cells are (its direction shared with theirs).
  std::vector<std::string> parameter_names;
  std::vector<double> coefficients;
  // Fitted total per level of each covariate, covariates in table order; the levels of
  // one covariate add up to `estimate`.
  std::vector<LevelEstimate> per_level;
  // Fitted value of every cell of the complete table: cell = history + 2^k * (levels in
  // mixed radix, first covariate fastest).
  std::vector<double> fitted;
  std::vector<std::string> warnings;

  std::string BriefReport(const CovariateTable& table) const;
  std::string FullReport(const CovariateTable& table) const;
};

// Fits `model`. A term whose observed margin has an empty entry is fixed at the boundary
// (the maximum-likelihood limit, as SparseMSE does for list interactions, Chan, Silverman
// and Vincent 2021): the observable cells of the entry, and for a term of covariates only
// the unseen cell of that combination too, are fitted 0 and left out of the fit; the term
// still counts as parameters. Errors: kInvalidArgument for bad options, a term outside
// the table or a model that is not hierarchical (naming the missing sub-term);
// kInvalidData when the model is not identifiable on the observable cells left (naming
// the term whose parameters depend on the others' and, after fixing, the covariate level
// whose unseen persons are not determined); kInternal when Newton's method or EM does not
// converge.
Result<CovariateFit> FitCovariateModel(const CovariateTable& table, const CovariateModel& model,
                                       const CovariateFitOptions& options = {});

// Why `model` has no estimate for `table` (the messages of FitCovariateModel), or ok;
// empty margins alone are no reason.
Status CheckCovariateModel(const CovariateTable& table, const CovariateModel& model);

}  // namespace zicht::estimate
