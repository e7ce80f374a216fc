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
  // The overlap of kinds of source over all the years (the report's overlap chart), as the
  // table "source_overlap". It is counted and protected with the rest in any case, so that
  // `zicht monitor` and `zicht report` publish the same suppression; this says whether it
  // is among the result's tables.
  bool show_overlap = true;
  // Further counts that leave with this release (the persons an estimate's lists saw per
  // year), protected together with the tables and returned after them.
  std::vector<Table> extra_tables;

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
  std::string protection;           // one line: how many cells were hidden and why
  std::vector<Table> extra_tables;  // MonitorOptions::extra_tables, protected
};

// Errors: FailedPrecondition for an unlinked store (counting persons) or a store without
// records in the years; InvalidArgument from the options; those of BuildTables and Protect.
Result<MonitorResult> RunMonitor(store::Store& store, const Vocabulary& vocabulary,
                                 const MonitorOptions& options);
// The same on registrations already read.
Result<MonitorResult> ComputeMonitor(const std::vector<Registration>& registrations,
                                     const Vocabulary& vocabulary, const MonitorOptions& options);

// The threshold below which a release warns: the national monitors publish no count below
// 10 (docs/disclosure.md).
inline constexpr std::int64_t kPublicationThreshold = 10;

// What a primary suppressed cell reads, e.g. "<10": a count from 1 to threshold - 1.
std::string SuppressedText(std::int64_t threshold);
// What a secondary suppressed cell reads: "x", hidden so that no count below the
// threshold can be worked out (it holds threshold or more).
inline constexpr const char* kSecondaryText = "x";
// The legend of both marks, in "en" or "nl".
std::string Legend(std::int64_t threshold, CountingUnit unit, const std::string& lang);
// The text of a hidden cell of `table`, or "" when the cell is shown.
std::string HiddenText(const Table& table, std::size_t row, std::size_t column);

// The tables as JSON text: each with its headings (both languages), counts (a hidden one
// as the string "<10" or "x"), shares and intervals, and the legend of both marks.
std::string MonitorToJson(const MonitorResult& result);
// The name of a table's CSV file: <id>.csv, or <id>_<slice>.csv.
std::string CsvFileName(const Table& table);
// One CSV file per table (CsvFileName), headings in `lang`; shares as percentages in
// columns beside their counts; the legend of the marks as the last line when a cell is
// hidden. Errors: IoError.
Status WriteMonitorCsv(const MonitorResult& result, const std::filesystem::path& dir,
                       const std::string& lang);
// Plain-text tables for a terminal.
std::string MonitorToText(const MonitorResult& result, const std::string& lang);

}  // namespace zicht::monitor
