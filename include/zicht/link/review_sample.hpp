// The sample of scored pairs a clerical review looks at, and what its labels say of the
// linkage. The design (docs/linkage.md, "Clerical review"): half the sample is the pairs
// whose match weight is closest to the threshold, taken whole (the pairs the model is
// least sure of: a stratum of inclusion probability 1); the other half is a stratified
// simple random sample of the remaining pairs, strata by the linkage's decision (linked
// into one person or not) and the band of the match probability (below 0.5, below 0.99,
// from 0.99), allocated in proportion to the strata's sizes. Every pair's stratum, the
// stratum's size and the pair's inclusion probability go with it, so that estimates can
// be weighted back to all scored pairs.
//
// Precision (the share of linked pairs that are matches) and recall (the share of matches
// that are linked) are ratio estimates with weights N_h / r_h (r_h: the stratum's reviewed
// pairs, so unreviewed and unsure ones count as missing at random within their stratum),
// and a Wilson score interval (Wilson 1927) at Kish's effective sample size (Kish 1965),
// (sum w)^2 / sum w^2, which is the plain Wilson interval when all weights are equal.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

namespace zicht::link {

// One scored pair as the sampler sees it.
struct SamplingUnit {
  double weight = 0;       // match weight in bits
  double probability = 0;  // match probability
  bool linked = false;     // the records are one person in the linkage
};

inline constexpr const char* kBoundaryStratum = "boundary";

struct SampledUnit {
  std::size_t unit = 0;  // index into the units given
  std::string stratum;
  std::int64_t stratum_pairs = 0;    // N_h: the stratum's pairs
  std::int64_t stratum_sampled = 0;  // n_h: of those, in the sample
  double inclusion_probability = 0;  // n_h / N_h
};

// The stratum of a pair outside the boundary stratum: "linked-" or "unlinked-", then
// "low" (p < 0.5), "mid" (p < 0.99) or "high".
std::string StratumOf(const SamplingUnit& unit);

// Draws min(count, units.size()) pairs: the first count / 2 by closeness of their weight to
// `threshold_weight` (ties by index), the rest as above (at least one from every non-empty
// stratum while the count allows; largest remainders round the allocation). The same units,
// count and seed give the same sample. Ordered by stratum, then unit index.
std::vector<SampledUnit> DrawReviewSample(const std::vector<SamplingUnit>& units,
                                          double threshold_weight, std::int64_t count,
                                          std::uint64_t seed);

// A reviewed pair as the estimate sees it: the sampling design it came from, the reviewer's
// decision and the linkage's own decision without the labels.
struct ReviewedPair {
  std::string stratum;
  std::int64_t stratum_pairs = 0;
  bool match = false;
  bool linked = false;
};

struct ProportionEstimate {
  bool defined = false;  // false when no reviewed pair is in the denominator
  double estimate = 0;
  double lower = 0;  // 95% interval
  double upper = 0;
  std::int64_t pairs = 0;  // reviewed pairs in the denominator
  double effective_n = 0;  // Kish's effective sample size of those
};

// The weighted share and its Wilson interval: `weights` of the pairs in the denominator,
// `hit` whether each is in the numerator. Kish's n = (sum w)^2 / sum w^2. Needs weights > 0.
ProportionEstimate WeightedWilson(const std::vector<double>& weights, const std::vector<bool>& hit,
                                  double z = 1.959963984540054);

struct ReviewEstimate {
  std::int64_t reviewed = 0;  // pairs with a decision of match or non-match
  std::int64_t matches = 0;
  ProportionEstimate precision;
  ProportionEstimate recall;
  // The matches among all scored pairs the sample stands for: sum over strata of N_h times
  // the stratum's share of matches.
  double estimated_matches = 0;
  std::int64_t strata = 0;             // strata with a reviewed pair
  std::int64_t pairs_represented = 0;  // sum of their N_h
};

// Estimates from pairs of one sample. A stratum's N_h is read from its first pair.
ReviewEstimate EstimateFromReview(const std::vector<ReviewedPair>& pairs);

}  // namespace zicht::link
