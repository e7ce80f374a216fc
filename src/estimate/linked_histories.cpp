#include "zicht/estimate/linked_histories.hpp"

#include "listed_sightings.hpp"

namespace zicht::estimate {

Result<LinkedHistories> CaptureHistoriesFromStore(store::Store& store, const Vocabulary& vocabulary,
                                                  const LinkedHistoryOptions& options) {
  auto listed = internal::ReadListedSightings(store, vocabulary, options.lists,
                                              options.lists_origin, options.fields);
  if (!listed.ok()) return listed.status();
  LinkedHistories out;
  out.lists = std::move(listed->lists);
  out.warnings = std::move(listed->warnings);
  out.excluded_records = std::move(listed->excluded_records);
  out.records = listed->records;
  HistoryOptions history;
  history.lists = out.lists.names();
  for (StratumField field : options.fields) history.fields.emplace_back(StratumFieldName(field));
  history.years = options.years;
  auto built = BuildCaptureHistories(listed->sightings, history);
  if (!built.ok()) return built.status();
  out.histories = *std::move(built);
  return out;
}

}  // namespace zicht::estimate
