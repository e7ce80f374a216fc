// The victim monitor as one computation: read the registrations of a store, count every
// table of the config over the chosen years, and apply disclosure control. Then write the
// tables as text, JSON or CSV files. Nothing written here shows a suppressed count.
//
// Thread safety: uses the store from one thread.
#pragma once

#include <filesystem>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/monitor/monitor_config.hpp"
#include "zicht/monitor/tables.hpp"
#include "zicht/store/store.hpp"

namespace zicht::monitor {

struct MonitorOptions {
  std::optional<int> first_year;          // default: the first registration year in the store
  std::optional<int> last_year;           // default: the last
  std::optional<std::int64_t> threshold;  // default: the config's
  CountingUnit unit = CountingUnit::kPersons;
  MonitorConfig config = MonitorConfig::Default();

  // Explains what is wrong: a negative threshold, the years reversed.
  Status Validate() const;
};

struct MonitorResult {
  int first_year = 0;
  int last_year = 0;
  std::int64_t threshold = 0;
  CountingUnit unit = CountingUnit::kPersons;
  std::vector<Table> tables;  // protected
  std::int64_t registrations = 0;
  std::vector<std::string> warnings;
};

// Errors: FailedPrecondition for an unlinked store (counting persons) or a store without
// records in the years; InvalidArgument from the options; those of BuildTables and Protect.
Result<MonitorResult> RunMonitor(store::Store& store, const Vocabulary& vocabulary,
                                 const MonitorOptions& options);
// The same on registrations already read.
Result<MonitorResult> ComputeMonitor(const std::vector<Registration>& registrations,
                                     const Vocabulary& vocabulary, const MonitorOptions& options);

// What a suppressed cell reads, e.g. "<10".
std::string SuppressedText(std::int64_t threshold);

// The tables as JSON text: each with its headings (both languages), counts (a suppressed
// one as the string "<10"), shares and intervals.
std::string MonitorToJson(const MonitorResult& result);
// One CSV file per table (<id>.csv, or <id>_<slice>.csv), headings in `lang`; shares as
// percentages in columns beside their counts. Errors: IoError.
Status WriteMonitorCsv(const MonitorResult& result, const std::filesystem::path& dir,
                       const std::string& lang);
// Plain-text tables for a terminal.
std::string MonitorToText(const MonitorResult& result, const std::string& lang);

}  // namespace zicht::monitor
