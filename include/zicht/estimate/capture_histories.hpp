// Capture histories of linked persons: from the sightings in the store (one per record: the
// person it was linked into, the list its source belongs to, its registration date and its
// stratifying values) to a CaptureTable over all persons and one per stratum.
//
// The rules (docs/methods.md, "From the linked database"):
//   - a sighting counts only if it was registered in the chosen years; a person is observed
//     if any of their sightings counts, and their history holds exactly the lists that saw
//     them within those years;
//   - a person's value of a stratifying field is the known value (not "unknown") that most
//     of their counted sightings carry; a tie goes to the value registered first (earliest
//     registration date), then to the value first in alphabetical order; "unknown" when no
//     sighting knows it;
//   - each stratifying field splits the persons on its own: `--by gender --by age_group`
//     gives the gender strata and, separately, the age-group strata, each set summing to
//     the total. Strata are not crossed.
//
// Thread safety: pure functions on values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/date.hpp"
#include "zicht/core/record.hpp"
#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/estimate/capture_table.hpp"

namespace zicht::estimate {

// The fields a capture-history table can be stratified by.
enum class StratumField { kAgeGroup, kGender, kExploitationForm, kDomestic };

const char* StratumFieldName(StratumField field);  // "age_group", "gender", ...
// Errors: InvalidArgument naming the fields that can be used.
Result<StratumField> ParseStratumField(std::string_view name);

// The value one record gives a stratifying field:
//   age_group          the vocabulary's age group of the age at registration; with only a
//                      birth year, the group of (registration year - birth year) if the age
//                      one less falls in the same group; else "unknown";
//   gender, domestic   the record's value;
//   exploitation_form  the record's first known form, in the order the source gave them
//                      (a record with "sexual|labour" counts as sexual);
// "unknown" when the record does not say.
std::string RecordStratumValue(const Record& record, StratumField field,
                               const Vocabulary& vocabulary);

// What one record says: the person, the list and when; and one value per stratifying field.
struct Sighting {
  std::int64_t person_id = 0;  // the linked person; must not be 0
  int list = 0;                // index into HistoryOptions::lists
  Date registration_date;
  std::vector<std::string> values;  // one per HistoryOptions::fields; "unknown" when not known
};

// Registration years first..last, both included.
struct YearRange {
  int first = 0;
  int last = 0;
  bool Contains(int year) const { return year >= first && year <= last; }
};

// Parses "2015-2019" or a single year "2019". Errors: InvalidArgument.
Result<YearRange> ParseYearRange(std::string_view text);

struct HistoryOptions {
  std::vector<std::string> lists;   // the list names: 2 to 16
  std::vector<std::string> fields;  // the stratifying fields' names, for the strata's labels
  std::optional<YearRange> years;   // keep only sightings registered in these years
};

struct Stratum {
  std::string field;  // e.g. "gender"
  std::string value;  // e.g. "female"
  CaptureTable table;
};

struct CaptureHistories {
  CaptureTable total;
  // For each field in the order given, one stratum per value that some person has, in
  // alphabetical order with "unknown" last. Every table has all the lists as columns, also
  // a list that saw nobody in the stratum (the estimators say what that does).
  std::vector<Stratum> strata;
  std::int64_t sightings_used = 0;     // within the years
  std::int64_t sightings_outside = 0;  // left out by the years
};

// Builds the tables. Errors (InvalidArgument): fewer than 2 or more than 16 lists, a
// sighting with person id 0, a list index out of range, or a number of values that is not
// the number of fields; (InvalidData): no sighting in the years.
Result<CaptureHistories> BuildCaptureHistories(const std::vector<Sighting>& sightings,
                                               const HistoryOptions& options);

}  // namespace zicht::estimate
