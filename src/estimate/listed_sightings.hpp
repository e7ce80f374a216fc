// Internal: the records of a linked store as sightings on their lists, shared by the
// capture histories (linked_histories.cpp) and the covariate table (linked_covariates.cpp)
// so that both read the store, check the linkage and apply the lists alike.
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

namespace zicht::estimate::internal {

struct ListedSightings {
  std::vector<Sighting> sightings;       // records of excluded sources left out
  std::vector<std::int64_t> record_ids;  // the store's record id of each sighting
  std::vector<std::string> sources;      // the source of each sighting
  ListsConfig lists;                     // as used (one per source when none was given)
  std::vector<std::string> warnings;
  std::map<std::string, std::int64_t> excluded_records;  // source -> records left out
  std::int64_t records = 0;
};

// Errors: FailedPrecondition for a store without records or with records not yet linked
// (advice: run `zicht link`); ConfigError when a source with records is in no list; the
// store's.
Result<ListedSightings> ReadListedSightings(store::Store& store, const Vocabulary& vocabulary,
                                            const std::optional<ListsConfig>& lists,
                                            const std::string& lists_origin,
                                            const std::vector<StratumField>& fields);

}  // namespace zicht::estimate::internal
