// The hierarchical log-linear models over k lists with interactions up to a given order:
// every set of interaction terms that contains, with each term, all its sub-terms of two
// or more lists. With two-list terms only there are 2^(k(k-1)/2) of them (32,768 at six
// lists); allowing higher orders grows the count fast (3,702,013 at six lists, order 3).
//
// Thread safety: reentrant.
#pragma once

#include <cstdint>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/estimate/loglinear_model.hpp"

namespace zicht::estimate {

// Every hierarchical model (the main-effects model first). Errors with kInvalidArgument
// when there would be more than `limit` models, saying how to narrow the search.
Result<std::vector<LoglinearModel>> HierarchicalModels(int list_count, int max_order,
                                                       std::int64_t limit = 200000);

}  // namespace zicht::estimate
