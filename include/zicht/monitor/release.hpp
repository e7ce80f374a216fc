// The monitor's tables as one release: every count that leaves for a reader at once
// (docs/disclosure.md, "A release as a whole"). The tables share margins, so they are
// protected together: the cells of all tables, the sums inside each table, and the facts
// that link tables, found from what each cell counts (Table::cell_keys):
//  - identities: two cells that count the same persons (a year's total in every table that
//    has one; the minors row of one table and the total of a table over minors);
//  - a period or the whole range against its years: the count of a period is at most the
//    sum of its years' and at least each year's, where that holds on the data;
//  - several values per person (forms, sources, kinds of source): unpublished counts of the
//    persons with exactly 1, 2, ... values link the rows to the total (the rows add up to
//    1 x those with one value + 2 x those with two ...), and the persons reported by one, two
//    or three or more sources to those reported by one, two, ... kinds of source;
//  - a cell that counts a subset of another's persons (Table::subset_of) is at most it.
// privacy::ProtectRelease then hides cells until the linear-programming audit finds every
// small count, published or not, protected over the whole interval.
//
// Thread safety: functions on values.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/monitor/tables.hpp"
#include "zicht/privacy/release_protection.hpp"

namespace zicht::monitor {

struct ReleaseStatistics {
  std::size_t published = 0;    // cells of the tables
  std::size_t unpublished = 0;  // the counts that link tables without being published
  std::size_t identities = 0;   // pairs of cells that count the same persons
  std::size_t facts = 0;        // other linear facts between cells
  std::size_t primary = 0;
  std::size_t secondary = 0;
  std::size_t linear_programmes = 0;
  std::string BriefReport() const;
};

// The whole release as one protection problem, cells in table order (table 0's cells
// first); used by ProtectTables and by the tests' attacks.
privacy::ReleaseProblem ReleaseProblemOf(const std::vector<Table>& tables,
                                         ReleaseStatistics* statistics = nullptr);

// Protects every table of the release together and sets each table's suppression and
// shares (ApplySuppression). A threshold below 2 hides nothing.
// Errors: those of privacy::ProtectRelease (Internal: nothing must be written then).
Result<ReleaseStatistics> ProtectTables(std::vector<Table>& tables, std::int64_t threshold,
                                        const privacy::ProtectionInterval& interval = {});

}  // namespace zicht::monitor
