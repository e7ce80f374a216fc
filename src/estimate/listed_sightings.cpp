#include "listed_sightings.hpp"

#include <fmt/format.h>

#include <algorithm>

namespace zicht::estimate::internal {

Result<ListedSightings> ReadListedSightings(store::Store& store, const Vocabulary& vocabulary,
                                            const std::optional<ListsConfig>& lists,
                                            const std::string& lists_origin,
                                            const std::vector<StratumField>& fields) {
  ListedSightings out;
  std::vector<Sighting> sightings;
  std::vector<std::string> source_of;   // per sighting
  std::vector<std::int64_t> record_of;  // per sighting
  std::int64_t unlinked = 0;
  Status visited = store.ForEachRecord([&](const Record& record) {
    ++out.records;
    if (record.person_id == 0) {
      ++unlinked;
      return Status::Ok();
    }
    Sighting sighting;
    sighting.person_id = record.person_id;
    sighting.registration_date = record.registration_date;
    for (StratumField field : fields) {
      sighting.values.push_back(RecordStratumValue(record, field, vocabulary));
    }
    sightings.push_back(std::move(sighting));
    source_of.push_back(record.source);
    record_of.push_back(record.record_id);
    return Status::Ok();
  });
  if (!visited.ok()) return visited;
  if (out.records == 0) {
    return Status::FailedPrecondition(
        "the store holds no records; ingest extracts and run zicht link first");
  }
  if (unlinked > 0) {
    return Status::FailedPrecondition(fmt::format(
        "{} of {} records have no person id (they were ingested after the last linkage, or the "
        "store was never linked); run `zicht link --db ...` first",
        unlinked, out.records));
  }
  std::vector<std::string> sources = source_of;
  std::sort(sources.begin(), sources.end());
  sources.erase(std::unique(sources.begin(), sources.end()), sources.end());
  out.lists = lists ? *lists : OneListPerSource(sources);
  auto warnings = CheckListsAgainstSources(out.lists, sources, lists_origin);
  if (!warnings.ok()) return warnings.status();
  out.warnings = *warnings;

  // Each sighting on its list; sightings of excluded sources are left out.
  out.sightings.reserve(sightings.size());
  out.record_ids.reserve(sightings.size());
  for (std::size_t i = 0; i < sightings.size(); ++i) {
    const int list = out.lists.ListOf(source_of[i]);
    if (list < 0) {
      ++out.excluded_records[source_of[i]];
      continue;
    }
    sightings[i].list = list;
    out.sightings.push_back(std::move(sightings[i]));
    out.record_ids.push_back(record_of[i]);
    out.sources.push_back(source_of[i]);
  }
  return out;
}

}  // namespace zicht::estimate::internal
