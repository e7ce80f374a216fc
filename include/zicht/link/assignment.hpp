// Pairs across two deduplicated sources (each holds a person at most once): a record of
// one has at most one partner in the other, so the candidates of a record compete for it.
// The pairwise match probability weighs each pair as if it stood alone; here a pair's
// probability is its share of the record's competing candidates and of the chance that
// the record has no partner at all, under the model of Jaro (1989) and Sadinle (2017) for
// linking two files without duplicates: record a of source A has a partner in B with
// probability p (the share of A's records that have one), uniformly among B's n_B
// records; its pairs' likelihood ratios are lambda = 2^(weight - prior weight). Then
//
//   P(b is a's partner) = (p / n_B) lambda_ab / ((1 - p) + (p / n_B) sum_c lambda_ac)
//
// over a's candidates c in B (a record that shares no blocking key with a adds little).
// p is fitted by EM on that model (the mean over A's records of the chance that each
// has a partner), and kept at least half a record below 1, closer than which no count of
// records can say. Both records' views are worked out and the smaller one is taken.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>
#include <optional>
#include <vector>

#include "zicht/link/clustering.hpp"

namespace zicht::link {

struct OneToOneSource {
  std::uint64_t bit = 0;     // the source's bit in the per-record source bits
  std::int64_t records = 0;  // its records
};

// What the fit found, per ordered pair of sources (from, to): the share of from's records
// that have a partner in to.
struct PartnerShare {
  std::uint64_t from = 0;
  std::uint64_t to = 0;
  double share = 0;
};

struct OneToOneResult {
  std::vector<Edge> edges;    // the pairs at or above min_weight, weight = log2 posterior odds
  std::vector<Edge> weighed;  // every pair with its log2 posterior odds, sorted by (a, b)
  // The posterior log2 odds of records a < b, if they are among the pairs.
  std::optional<double> WeightOf(std::uint32_t a, std::uint32_t b) const;
  std::vector<PartnerShare> shares;
};

// `pairs`: every candidate pair whose two records come from two different deduplicated
// sources (source_bits of each has one bit, and they differ), with its match weight;
// `prior_weight` the model's log2 prior odds. Returns the pairs whose one-to-one
// posterior reaches min_weight (in bits of log-odds), weighted by it. The same pairs give
// the same result in any order.
OneToOneResult OneToOnePosterior(std::vector<Edge> pairs,
                                 const std::vector<std::uint64_t>& source_bits, double prior_weight,
                                 double min_weight);

}  // namespace zicht::link
