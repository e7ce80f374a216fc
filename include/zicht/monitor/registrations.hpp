// What the monitor counts from: one registration per stored record, carrying the person it
// was linked into (or the record itself, when records are counted), the kind of source
// that made it, when, and its categories. Nothing that identifies a person is read.
//
// Thread safety: functions on values; ReadRegistrations uses the store from one thread.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/date.hpp"
#include "zicht/core/status.hpp"
#include "zicht/store/store.hpp"

namespace zicht::monitor {

enum class CountingUnit {
  kPersons,  // linked persons: the monitor's figures
  kRecords,  // every record on its own, as the sources registered them
};

struct Registration {
  std::int64_t unit_id = 0;  // the person id, or the record id when counting records
  std::string source;
  std::string source_kind;  // the kind the source was ingested as; "other" when not known
  Date registration_date;
  std::optional<int> age;         // at registration
  std::optional<int> birth_year;  // for an age group when only the year is known
  std::optional<bool> minor;
  std::string gender;
  std::string nationality;
  std::vector<std::string> exploitation_forms;
  std::string sector;
  std::string domestic;
  std::optional<bool> unaccompanied_minor;
};

// Every record of the store as a registration. Errors: FailedPrecondition when persons
// are counted and a record has no person yet (advice: run `zicht link` first); the
// store's errors.
Result<std::vector<Registration>> ReadRegistrations(store::Store& store, CountingUnit unit);

}  // namespace zicht::monitor
