// Capture histories straight from a linked store: every record a sighting of its person on
// the list its source belongs to, then BuildCaptureHistories (capture_histories.hpp).
// `zicht estimate --db`, the report and `zicht run` share this path.
//
// Thread safety: uses the store from one thread.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/estimate/capture_histories.hpp"
#include "zicht/estimate/lists_config.hpp"
#include "zicht/store/store.hpp"

namespace zicht::estimate {

struct LinkedHistoryOptions {
  // The lists; unset: every source is its own list.
  std::optional<ListsConfig> lists;
  std::string lists_origin;  // names the lists file in errors
  std::vector<StratumField> fields;
  std::optional<YearRange> years;
};

struct LinkedHistories {
  CaptureHistories histories;
  ListsConfig lists;  // as used (one per source when none was given)
  std::vector<std::string> warnings;
  std::map<std::string, std::int64_t> excluded_records;  // source -> records left out
  std::int64_t records = 0;
};

// Errors: FailedPrecondition for a store without records or with records not yet linked
// (advice: run `zicht link`); ConfigError when a source with records is in no list; those
// of BuildCaptureHistories and the store.
Result<LinkedHistories> CaptureHistoriesFromStore(store::Store& store, const Vocabulary& vocabulary,
                                                  const LinkedHistoryOptions& options);

}  // namespace zicht::estimate
