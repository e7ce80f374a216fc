// Why two records were (or were not) linked: the waterfall of the score that linkage
// used, read from the stored model. The prior's log-odds, then each comparison's level with
// its m, u, weight and term-frequency adjustment; the sum is the match weight.
//
// Thread safety: one call per store at a time.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/store/store.hpp"

namespace zicht::link {

struct WaterfallStep {
  std::string comparison;
  std::string level;
  double m = 0;  // 0 for "missing"
  double u = 0;
  double weight = 0;         // log2(m / u)
  double tf_adjustment = 0;  // for exact agreement on a name of known frequency
};

struct Explanation {
  double prior_weight = 0;
  std::vector<WaterfallStep> steps;
  double total = 0;  // prior + sum of weights and adjustments
  double probability = 0;
  double threshold = 0;                 // the match probability that links
  std::optional<double> stored_weight;  // the pair's stored score, if it was a candidate
  std::int64_t person_a = 0;
  std::int64_t person_b = 0;
  // Set when the rule of deduplicated sources ([sources] deduplicated) keeps the two apart:
  // which source, and why. Empty otherwise.
  std::string deduplicated_rule;
  // Set when the two records come from two different deduplicated sources: the linkage
  // weighed the pair against its records' other candidates there (assignment.hpp), not by
  // the score above alone.
  bool across_deduplicated = false;
};

// Explains the pair of records given as "SOURCE:RECORD_ID" each. Errors: NotFound (no such
// record, or no linkage yet), InvalidArgument (malformed id).
Result<Explanation> ExplainPair(store::Store& store, const std::string& first,
                                const std::string& second);

// The same for pairs named by their store record ids (store::ScoredPair's record_a and
// record_b), with the model and the records loaded once for all of them: what a report
// needs for the waterfalls of a few pairs. Errors: NotFound (no linkage yet, or a record
// id that is not in the store), InvalidArgument (a pair of one record twice).
Result<std::vector<Explanation>> ExplainRecordPairs(
    store::Store& store, const std::vector<std::pair<std::int64_t, std::int64_t>>& pairs);

}  // namespace zicht::link
