#include "zicht/monitor/registrations.hpp"

#include <fmt/format.h>

#include <map>

namespace zicht::monitor {

Result<std::vector<Registration>> ReadRegistrations(store::Store& store, CountingUnit unit) {
  auto counts = store.RecordCounts();
  if (!counts.ok()) return counts.status();
  std::map<std::string, std::string> kind_of_source;
  for (const store::SourceYearCount& count : *counts) kind_of_source[count.source] = count.kind;

  std::vector<Registration> registrations;
  std::int64_t unlinked = 0;
  const Status visited = store.ForEachRecord([&](const Record& record) {
    if (unit == CountingUnit::kPersons && record.person_id == 0) {
      ++unlinked;
      return Status::Ok();
    }
    Registration r;
    r.unit_id = unit == CountingUnit::kPersons ? record.person_id : record.record_id;
    r.source = record.source;
    const auto kind = kind_of_source.find(record.source);
    r.source_kind = kind == kind_of_source.end() || kind->second.empty() ? "other" : kind->second;
    r.registration_date = record.registration_date;
    r.age = record.age;
    r.birth_year = record.birth_year;
    r.minor = record.minor;
    r.gender = record.gender;
    r.nationality = record.nationality;
    r.exploitation_forms = record.exploitation_forms;
    r.sector = record.sector;
    r.domestic = record.domestic;
    r.unaccompanied_minor = record.unaccompanied_minor;
    registrations.push_back(std::move(r));
    return Status::Ok();
  });
  if (!visited.ok()) return visited;
  if (unlinked > 0) {
    return Status::FailedPrecondition(fmt::format(
        "{} records are not linked into persons yet; run `zicht link --db ...` first (or count "
        "records with --records)",
        unlinked));
  }
  return registrations;
}

}  // namespace zicht::monitor
