// A covariate table (covariate_table.hpp) straight from a linked store, for covariate
// models over the persons `zicht link` has written: `zicht estimate --db FILE --covariates
// year,gender` and any other caller of the library share this path.
//
// The rules (docs/methods.md, "Covariates from the linked database"):
//   - lists, excluded sources and years as for CaptureHistoriesFromStore;
//   - the unit is a person, or with `year` among the covariates a person in a
//     registration year: a person registered in several years counts once in each, with
//     the history of the lists that saw them that year (as the per-year estimates count);
//   - a person's value of a covariate is the value their counted records know, when they
//     agree; unknown (NA, for the model's EM) when no counted record knows it or when two
//     of them disagree. A record's value is RecordStratumValue's (capture_histories.hpp):
//     the age group at registration, the first known exploitation form.
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
#include "zicht/estimate/covariate_table.hpp"
#include "zicht/estimate/lists_config.hpp"
#include "zicht/store/store.hpp"

namespace zicht::estimate {

// The covariate that is the registration year.
inline constexpr const char* kYearCovariate = "year";

struct LinkedCovariateOptions {
  // The lists; unset: every source is its own list.
  std::optional<ListsConfig> lists;
  std::string lists_origin;  // names the lists file in errors
  // "year" and the names of StratumField (age_group, gender, exploitation_form, domestic).
  std::vector<std::string> covariates;
  std::optional<YearRange> years;
};

struct LinkedCovariates {
  CovariateTable table;
  ListsConfig lists;  // as used (one per source when none was given)
  std::vector<std::string> warnings;
  std::map<std::string, std::int64_t> excluded_records;  // source -> records left out
  std::int64_t records = 0;
  std::int64_t records_used = 0;     // within the years, on a list
  std::int64_t records_outside = 0;  // left out by the years
  // Per covariate (table order): units whose value is unknown because no counted record
  // knows it, and because their records disagree.
  std::vector<std::int64_t> unknown;
  std::vector<std::int64_t> disagreeing;
};

// What one record says for the covariate table: the person, the list, when, and one value
// per covariate that is not the year ("unknown" when the record does not say).
struct CovariateSighting {
  std::int64_t person_id = 0;
  int list = 0;
  int year = 0;  // of registration
  std::vector<std::string> values;
};

struct CovariateHistoryOptions {
  std::vector<std::string> lists;       // 2 to 16
  std::vector<std::string> covariates;  // "year" and field names, in table order
  std::optional<YearRange> years;
};

// Builds the table from sightings (values in the order of the covariates other than
// "year"). Errors (InvalidArgument): fewer than 2 or more than 16 lists, a sighting with
// person id 0, a list out of range or the wrong number of values; (InvalidData): no
// sighting in the years.
Result<LinkedCovariates> BuildLinkedCovariateTable(const std::vector<CovariateSighting>& sightings,
                                                   const CovariateHistoryOptions& options);

// Errors: InvalidArgument for an unknown covariate or one named twice (naming the
// covariates that can be used); those of CaptureHistoriesFromStore's reading of the store
// and of BuildLinkedCovariateTable.
Result<LinkedCovariates> CovariateTableFromStore(store::Store& store, const Vocabulary& vocabulary,
                                                 const LinkedCovariateOptions& options);

}  // namespace zicht::estimate
