// Blocking: which pairs of records are compared at all. Each rule puts records that share
// a key (a keyed hash, or birth year with gender and a name token, or a MinHash band of
// the name Bloom filters) into one block; the candidate pairs are the union over the rules
// of the pairs within a block. The comparisons a rule generates are counted before any
// pair is made, so a rule that would swamp the machine is skipped with advice instead.
//
// Thread safety: pure functions; they use oneTBB's threads inside.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/link/link_config.hpp"
#include "zicht/link/link_records.hpp"

namespace zicht::link {

struct RuleCount {
  std::string rule;
  std::int64_t comparisons = 0;        // pairs within its blocks, before the union
  std::int64_t blocks = 0;             // blocks of two or more records
  std::int64_t largest_block = 0;      // records in the largest block used
  std::int64_t oversized_blocks = 0;   // blocks above max_block_size, left out
  std::int64_t oversized_records = 0;  // records in them
  bool skipped = false;                // above the configured limit
  std::string advice;                  // why it was skipped and what to do; empty otherwise
};

// A candidate pair as one 64-bit value: the smaller record index in the high half.
inline std::uint64_t PackPair(std::uint32_t a, std::uint32_t b) {
  return a < b ? (std::uint64_t{a} << 32) | b : (std::uint64_t{b} << 32) | a;
}
inline std::uint32_t FirstOf(std::uint64_t pair) {
  return static_cast<std::uint32_t>(pair >> 32);
}
inline std::uint32_t SecondOf(std::uint64_t pair) {
  return static_cast<std::uint32_t>(pair);
}

// The (key, record index) entries a rule puts records under; a record may have several
// keys (one per token, per band) or none (a missing value).
std::vector<std::pair<std::uint64_t, std::uint32_t>> BlockingKeys(const LinkRecords& records,
                                                                  const BlockingRule& rule,
                                                                  const LinkConfig& config);

// Counts, per rule, the comparisons it would generate, and marks the rules above
// config.max_comparisons_per_rule as skipped, with advice.
std::vector<RuleCount> CountComparisons(const LinkRecords& records, const LinkConfig& config);

// The counts of CountComparisons with each rule's keys, sorted, kept for making its pairs
// (the keys of a skipped rule are dropped): working the keys out and sorting them takes
// about as long as making the pairs.
struct BlockingPlan {
  std::size_t records = 0;
  std::vector<RuleCount> counts;
  std::vector<std::vector<std::pair<std::uint64_t, std::uint32_t>>> keys;  // one per rule
};
BlockingPlan PlanBlocking(const LinkRecords& records, const LinkConfig& config);

// The pairs of one rule, sorted, each pair once. With keep_share below 1, each pair is
// kept with that probability, decided by a hash of the pair and `seed` (reproducible, and
// without making the pairs that are left out).
std::vector<std::uint64_t> RulePairs(const LinkRecords& records, const BlockingRule& rule,
                                     const LinkConfig& config, double keep_share = 1.0,
                                     std::uint64_t seed = 0);

// The union of the pairs of the rules not skipped in `counts`, sorted, each pair once.
std::vector<std::uint64_t> CandidatePairs(const LinkRecords& records, const LinkConfig& config,
                                          const std::vector<RuleCount>& counts);
// The same from a plan, whose keys it uses up (each rule's are freed once its pairs are made).
std::vector<std::uint64_t> CandidatePairs(const LinkConfig& config, BlockingPlan plan);

}  // namespace zicht::link
