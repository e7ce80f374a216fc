// Convergence diagnostics for Markov chains of one scalar: the rank-normalised split
// R-hat and effective sample sizes of Vehtari, Gelman, Simpson, Carpenter and Burkner
// (2021), "Rank-normalization, folding, and localization: an improved R-hat for
// assessing convergence of MCMC", Bayesian Analysis 16:667-718, which refine the
// potential scale reduction factor of Gelman and Rubin (1992), Statistical Science
// 7:457-472. Also the sample quantile used for posterior intervals.
//
// Thread safety: pure functions.
#pragma once

#include <vector>

namespace zicht::estimate::lcm {

// Classic R-hat of Gelman and Rubin on the chains as given (no splitting, no ranks):
// sqrt(((n-1)/n W + B/n) / W). Needs at least two chains of equal length >= 2.
double GelmanRubinRhat(const std::vector<std::vector<double>>& chains);

// Rank-normalised split R-hat: the larger of the bulk R-hat (ranks of the draws) and the
// tail R-hat (ranks of the draws folded about their median), each on the chains split
// in halves. 1 when the chains agree; above 1.01 (strict) or 1.1 (lenient) they do not.
// Chains must have equal length >= 4. Constant draws give 1.
double SplitRhat(const std::vector<std::vector<double>>& chains);

// Effective sample size of the mean of rank-normalised split chains ("bulk ESS"), with
// Geyer's initial monotone sequence estimator of the autocorrelation sum.
double BulkEss(const std::vector<std::vector<double>>& chains);

// The smaller of the effective sample sizes of the 5% and 95% quantiles ("tail ESS").
double TailEss(const std::vector<std::vector<double>>& chains);

// Effective sample size of the mean of the draws as they are (split chains, no ranks).
double Ess(const std::vector<std::vector<double>>& chains);

// The q-quantile of `values` (sorted or not) by linear interpolation between order
// statistics: type 7 of Hyndman and Fan (1996), R's default.
double Quantile(std::vector<double> values, double q);

// Phi^-1(p) for p in (0, 1).
double NormalQuantile(double p);

}  // namespace zicht::estimate::lcm
