// Bayesian latent-class multiple systems estimation: the Dirichlet-process mixture of
// independent lists of Manrique-Vallier (2016), "Bayesian population size estimation
// using Dirichlet process mixtures", Biometrics 72:1246-1254 -- the model of the R
// package LCMCR.
//
// The population is a mixture of at most `max_classes` latent classes (a truncated
// stick-breaking prior with concentration alpha ~ Gamma(a, b)); within a class the lists
// capture a person independently, list j with probability lambda_jk ~ Beta(1, 1). Such
// a mixture can represent any pattern of dependence between lists and heterogeneity
// between persons, so no log-linear model has to be chosen. The Gibbs sampler works on
// the table of counts per capture history rather than on persons, and augments the
// unobserved count n0 by a negative-binomial draw, which under LCMCR's prior
// p(N) proportional to 1/N makes the posterior of N = n + n0 the one of the paper.
//
// Several chains run in parallel (oneTBB), chain c on stream c of the seed, so a seed
// gives the same result on any number of cores. The result carries the posterior of N,
// per-chain summaries, the rank-normalised split R-hat and effective sample sizes of N
// (Vehtari et al. 2021), and warnings that must be shown with the estimate.
//
// Thread safety: EstimateLatentClass is reentrant; results are plain values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/capture_table.hpp"

namespace zicht::estimate {

struct LatentClassOptions {
  int max_classes = 10;     // K*, the truncation of the stick-breaking prior (LCMCR: K)
  int burn_in = 10000;      // iterations per chain that are discarded
  int iterations = 200000;  // iterations per chain after burn-in
  int thinning = 20;        // keep every thinning-th iteration: iterations / thinning draws
  int chains = 4;           // independent chains, run in parallel
  std::uint64_t seed = 20160901;
  double alpha_shape = 0.25;  // Gamma(shape, rate) prior on the concentration alpha,
  double alpha_rate = 0.25;   // LCMCR's default a_alpha = b_alpha = 0.25
  bool parallel = true;       // false runs the chains one after another (same result)
  // Bounds the augmented unobserved count: when the table carries no information on it
  // (say, lists that never overlap) n0 would grow without end; reaching the cap is
  // reported as a warning that the estimate does not exist.
  double max_unobserved = 1e12;

  // InvalidArgument naming the first option that is out of range.
  Status Validate() const;
};

// What one chain saw after burn-in.
struct LatentClassChain {
  int chain = 0;
  double mean = 0.0;                   // posterior mean of N in this chain
  double median = 0.0;                 // and its quantiles
  double lower = 0.0;                  // 2.5%
  double upper = 0.0;                  // 97.5%
  double mean_alpha = 0.0;             // concentration
  double mean_used_classes = 0.0;      // classes holding at least 1% of the population
  std::int64_t capped_iterations = 0;  // iterations where n0 reached max_unobserved
};

struct LatentClassResult {
  int list_count = 0;
  std::int64_t observed = 0;  // n, the persons on at least one list

  // Posterior of the population size N = n + n0, all chains pooled.
  double mean = 0.0;
  double sd = 0.0;
  double median = 0.0;
  double lower = 0.0;  // 2.5% posterior quantile
  double upper = 0.0;  // 97.5% posterior quantile

  // Convergence of N across chains: rank-normalised split R-hat (the larger of bulk and
  // tail), bulk and tail effective sample sizes (Vehtari et al. 2021).
  double rhat = 0.0;
  double ess_bulk = 0.0;
  double ess_tail = 0.0;
  // The same split R-hat of the concentration alpha and of the number of classes that
  // hold at least 1% of the population: chains can agree on N while their mixtures differ.
  double rhat_alpha = 0.0;
  double rhat_classes = 0.0;
  // rhat, rhat_alpha and rhat_classes <= 1.1, ess_bulk and ess_tail >= 100 per chain, no
  // cap hit
  bool mixed = false;

  std::vector<LatentClassChain> chains;
  // The kept draws of N, one vector per chain, in iteration order.
  std::vector<std::vector<std::int64_t>> draws;

  LatentClassOptions options;
  std::int64_t total_iterations = 0;  // over all chains, burn-in included
  double seconds = 0.0;               // wall time of the sampling

  // Say what limits this estimate; shown with every report. When the chains have not
  // mixed one of them reads "the chains have not mixed; do not quote this estimate".
  std::vector<std::string> warnings;

  // One line: median, interval, R-hat, ESS and a pointer to any warning.
  std::string BriefReport() const;
  // The options, the pooled and per-chain posteriors, diagnostics and every warning.
  std::string FullReport() const;
};

// Fits the model to `table` and summarises the posterior of N.
//
// Needs at least two lists (three or more to identify the model; with two the estimate
// rests on the prior and a warning says so), counts >= 0 and at least one person.
// Errors: InvalidArgument from options.Validate(); InvalidData for a table that breaks
// those rules. A table the model cannot estimate from is not an error: the result comes
// back with warnings and mixed == false.
Result<LatentClassResult> EstimateLatentClass(const CaptureTable& table,
                                              const LatentClassOptions& options);

}  // namespace zicht::estimate
