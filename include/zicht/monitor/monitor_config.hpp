// Which tables the monitor publishes, over which periods, and the disclosure threshold, as
// read from a monitor.toml (docs/monitor.md). The default, config/monitor.toml, is compiled
// into the program; a country changes the file, not the code.
//
//   threshold = 10                    # no published cell shows a count from 1 to 9
//   protection_interval = [1, 9]      # a hidden small count could be any of these
//   top_nationalities = 10
//   periods = [ { name = "2015-2016", first = 2015, last = 2016 } ]
//
//   [[tables]]
//   id = "sector_by_period"
//   title = { en = "...", nl = "..." }
//   rows = "sector"                   # a dimension (below)
//   columns = "period"
//   where = { exploitation_form = "sexual" }
//   shares = true                     # each row's share of the known, with a Wilson interval
//   per = "year"                      # optional: one table per year (or "period")
//
// Thread safety: plain values; parsing is reentrant.
#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/privacy/release_protection.hpp"

namespace zicht::monitor {

// What a table's rows or columns count persons by.
enum class Dimension {
  kAll,     // one row: every person
  kYear,    // registration year
  kPeriod,  // the config's periods
  kGender,
  kAgeGroup,     // the vocabulary's age groups
  kMinor,        // minor (under 15, 15 to 17, age unknown), adult, unknown
  kNationality,  // the largest `top_nationalities`, then "other", then unknown
  kDomestic,
  kExploitationForm,  // several per person: rows do not add up to the persons
  kSector,            // sectors of sexual exploitation within their visibility
  kVisibility,
  kUnaccompaniedMinor,  // yes, no, unknown
  kSource,              // several per person: each source that registered them
  kSourceKind,          // several per person: each kind of source
  kSourceCount,         // seen by 1, 2, or 3 or more sources
};

const char* DimensionName(Dimension dimension);
// Errors: InvalidArgument listing the dimensions.
Result<Dimension> ParseDimension(std::string_view name);
// True when a person has one value only, so that the rows add up to the total.
bool IsSingleValued(Dimension dimension);
bool IsTime(Dimension dimension);

struct Period {
  std::string name;
  int first = 0;
  int last = 0;
};

struct TableSpec {
  std::string id;  // letters, digits and '_'; names the CSV file
  std::string title_en;
  std::string title_nl;
  Dimension rows = Dimension::kAll;
  Dimension columns = Dimension::kYear;
  // Only persons with this value of each field (a dimension name); for a dimension with
  // several values per person, persons having the value among theirs.
  std::map<Dimension, std::string> where;
  bool shares = false;
  // kAll: one table over the selected years; kYear or kPeriod: one table per year or period.
  Dimension per = Dimension::kAll;
};

struct MonitorConfig {
  std::int64_t threshold = 10;
  // The values no reader may be able to rule out for a hidden small count (docs/
  // disclosure.md); upper 0 means threshold - 1.
  privacy::ProtectionInterval protection;
  int top_nationalities = 10;
  std::vector<Period> periods;
  std::vector<TableSpec> tables;

  // The compiled-in config/monitor.toml.
  static const MonitorConfig& Default();
};

// Parses TOML text; `origin` names the file in errors ("origin: key: rule"). Errors:
// ConfigError for an unknown key or dimension, a table without id or rows, two tables with
// one id, shares over a dimension with several values per person, a time dimension as rows
// or in `where`, a period whose first year is after its last, a negative threshold.
Result<MonitorConfig> ParseMonitorConfig(std::string_view toml_text, const std::string& origin);
// Errors: NotFound when the file cannot be read, and those of ParseMonitorConfig.
Result<MonitorConfig> LoadMonitorConfig(const std::string& path);

}  // namespace zicht::monitor
