// The monitor's tables: persons (or records) per registration year or period, by the
// dimensions a MonitorConfig names, with their additive relations (rows that add up to a
// total, sectors to their visibility), shares with Wilson intervals, and disclosure
// control applied before anything leaves for a reader.
//
// A person's value in a year or period (docs/monitor.md):
//   - gender, nationality, domestic, sector, age group, unaccompanied: the known value that
//     most of their registrations in that time carry; a tie goes to the value registered
//     first, then to the first in alphabetical order; "unknown" when none knows it (the
//     rule `zicht estimate --db` uses for strata);
//   - minor: minor or adult by the same rule; a minor's age band (under 15, 15 to 17) by
//     the same rule among the registrations that give an age, else "age unknown";
//   - exploitation forms, sources and kinds of source: every one of their registrations
//     names (a person can have several), "unknown" for forms when none is known.
//
// Thread safety: pure functions on values.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/monitor/monitor_config.hpp"
#include "zicht/monitor/registrations.hpp"
#include "zicht/monitor/wilson.hpp"
#include "zicht/privacy/disclosure.hpp"

namespace zicht::monitor {

// A row or column heading.
struct Heading {
  std::string key;  // the canonical value ("window", "2019", "total")
  std::string en;
  std::string nl;
  int depth = 0;         // 1 for a part shown under its group (a sector under its visibility)
  bool total = false;    // the row or column of all persons
  bool unknown = false;  // the "unknown" category
};

struct Table {
  std::string id;
  std::string title_en;
  std::string title_nl;
  std::string slice;  // the year or period of a per-year table; "" otherwise
  Dimension rows = Dimension::kAll;
  Dimension columns = Dimension::kYear;
  CountingUnit unit = CountingUnit::kPersons;
  std::vector<Heading> row_headings;
  std::vector<Heading> column_headings;
  std::vector<std::int64_t> counts;  // row-major
  // What a reader knows adds up: counts[total] == sum of counts[parts].
  std::vector<privacy::Relation> relations;
  // Set by protection: which cells a reader does not see, and why: a primary cell reads
  // "<threshold" (a count from 1 to threshold - 1), a secondary one "x" (hidden so that no
  // such count can be worked out; it holds threshold or more).
  std::vector<bool> suppressed;
  std::vector<privacy::CellState> states;
  // What each cell counts, so that the cells of different tables that count the same
  // persons, or persons of one period and of its years, are protected together
  // (monitor/release): "first-last|dim=value&dim=value", the conditions in order.
  std::vector<std::string> cell_keys;
  // For a table whose rows give a unit several values (forms, sources): per column, the
  // units with exactly 1, 2, ... values among the rows. Never published; they link the
  // rows to the column's total and are protected when small.
  std::vector<std::vector<std::int64_t>> multiplicities;
  // Per cell, "" or the key of a cell that counts a superset of its persons (the persons an
  // estimate's lists saw in a year are among the year's registered persons).
  std::vector<std::string> subset_of;
  std::string multiplicity_key;  // the dimension's name in keys: "count(<dim>)=k"
  // With shares: each row's share of the known persons of its column (column total minus
  // unknown), with a 95% Wilson interval; nullopt where not defined or suppressed.
  bool has_shares = false;
  std::vector<std::optional<Share>> shares;
  std::int64_t threshold = 0;  // the threshold Protect applied; 0 when unprotected

  std::size_t rows_count() const { return row_headings.size(); }
  std::size_t columns_count() const { return column_headings.size(); }
  std::size_t index(std::size_t row, std::size_t column) const {
    return row * column_headings.size() + column;
  }
  std::int64_t count(std::size_t row, std::size_t column) const {
    return counts[index(row, column)];
  }
  bool is_suppressed(std::size_t row, std::size_t column) const {
    return !suppressed.empty() && suppressed[index(row, column)];
  }
  bool is_secondary(std::size_t row, std::size_t column) const {
    return !states.empty() && states[index(row, column)] == privacy::CellState::kSecondary;
  }
};

struct TableOptions {
  int first_year = 0;  // registration years first..last, both included
  int last_year = 0;
  CountingUnit unit = CountingUnit::kPersons;
  // Also the table "source_overlap": units by the exact combination of kinds of source
  // that registered them over all the years, each kind's total and the total.
  bool overlap = false;
};

// The id of the overlap table, and the key prefixes of its rows.
inline constexpr const char* kOverlapTableId = "source_overlap";

// Counts every table of `config` over the registrations (unprotected). Periods outside
// the years are left out; a period partly outside is cut to the years and named by what it covers
// (2017-2019 cut to 2018-2019 reads "2018-2019").
// Errors: InvalidArgument when a `where` value is not a value of its dimension.
Result<std::vector<Table>> BuildTables(const std::vector<Registration>& registrations,
                                       const MonitorConfig& config, const Vocabulary& vocabulary,
                                       const TableOptions& options);

// Disclosure control of one table on its own (docs/disclosure.md): suppresses every count
// from 1 to threshold - 1 and enough others that none can be recovered through the table's
// relations, and every share whose numerator or denominator involves a suppressed cell.
// threshold 0 or 1 suppresses nothing. A release of several tables is protected with
// ProtectTables (monitor/release.hpp) instead. Errors: Internal when the audit finds a
// recoverable cell afterwards (a defect: nothing must be written then).
Status Protect(Table& table, std::int64_t threshold);

// Sets the table's suppression from `states` (one per cell) and hides every share whose
// numerator or denominator is hidden.
void ApplySuppression(Table& table, const std::vector<privacy::CellState>& states,
                      std::int64_t threshold);

// The label of a heading in "en" or "nl".
const std::string& HeadingLabel(const Heading& heading, const std::string& lang);
const std::string& TableTitle(const Table& table, const std::string& lang);

}  // namespace zicht::monitor
