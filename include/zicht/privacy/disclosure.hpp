// Statistical disclosure control of published count tables: no count from 1 to
// threshold - 1 may leave the system, neither directly nor by subtraction from totals that
// are published in the same table (primary and secondary cell suppression; Hundepool et
// al., Statistical Disclosure Control, 2012, ch. 4). Zero is not sensitive and is shown.
// docs/disclosure.md describes the rule, the algorithm and the audit.
//
// A table is a flat vector of cell counts and the additive relations a reader knows hold
// among its cells (a total is the sum of its parts). The layout of the cells is the
// caller's; GridRelations, HierarchyRelations and CrossRelations build the relations of
// the common layouts.
//
// Thread safety: every function here is pure (no shared state); call them from any thread.
#pragma once

#include <cstddef>
#include <cstdint>
#include <limits>
#include <span>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::privacy {

// The threshold of the monitor: counts from 1 to 9 are not published.
inline constexpr std::int64_t kDefaultDisclosureThreshold = 10;

// counts[total] == sum of counts[parts], known to every reader of the table. A part may
// not repeat and may not be the total itself. A cell may be the total of one relation and
// a part of others (a subtotal).
struct Relation {
  std::size_t total = 0;
  std::vector<std::size_t> parts;
};

enum class CellState {
  kShown,
  kPrimary,    // its count is from 1 to threshold - 1
  kSecondary,  // hidden so that no primary cell can be derived from the shown ones
};

struct SuppressionSummary {
  std::vector<CellState> cells;  // one per cell, in the order of the counts
  std::size_t primary = 0;       // cells in state kPrimary
  std::size_t secondary = 0;     // cells in state kSecondary

  // Whether cell `i` (< cells.size()) is hidden from the reader.
  bool suppressed(std::size_t i) const { return cells[i] != CellState::kShown; }
  // One line for logs and the report: how many cells were hidden and why.
  std::string BriefReport() const;
};

// Ok, or InvalidArgument naming the first problem: a negative count (naming the cell), a
// relation whose total or part is not a cell of the table, that repeats a part or lists
// its total among its parts, or that does not hold (naming the relation by its index).
Status ValidateTable(std::span<const std::int64_t> counts, std::span<const Relation> relations);

// Decides which cells to hide so that ExposedCells(counts, relations, summary, threshold)
// is empty:
//  1. primary: every cell with 1 <= count < threshold, totals and subtotals included;
//  2. secondary, repeated until nothing changes:
//     - no relation may have exactly one hidden member (total or part), else a reader
//       subtracts; the partner is the smallest nonzero shown part (ties: lowest index),
//       else the total; a zero never protects anything and is never hidden;
//     - when a relation's total is shown, its hidden parts must sum to 0 or to at least
//       threshold, else each is bounded by that sum; more parts are hidden, smallest first;
//     - no hidden cell with a count below the threshold may be determined by any
//       combination of relations (a bridge between two suppression patterns in a linked
//       table), checked exactly by the rank test of ExposedCells; one more cell of the
//       relations that determine it is hidden, the smallest nonzero shown one.
// The choices are deterministic: the same table gives the same summary. A threshold of 0
// or 1 hides nothing.
// Errors: InvalidArgument from ValidateTable, or for a negative threshold;
// FailedPrecondition if the exact rank test overflows 64-bit integers (never for margins
// and hierarchies, whose relation matrices are totally unimodular).
Result<SuppressionSummary> SuppressSmallCounts(
    std::span<const std::int64_t> counts, std::span<const Relation> relations,
    std::int64_t threshold = kDefaultDisclosureThreshold);

// The audit, independent of how `summary` was made; run it in tests and as the last check
// before a table is written. Returns, in increasing order, the cells with a count from 1 to
// threshold - 1 that a reader who sees the shown cells and knows the relations can learn:
//  - shown cells with such a count;
//  - hidden cells whose value is determined exactly: the cell's unit vector lies in the
//    row space of the relations restricted to the hidden cells (exact integer elimination);
//  - hidden parts of a relation whose total is known (shown or determined), when the hidden
//    parts that are not determined sum to 1..threshold - 1 (each is at most that sum).
// A determined hidden cell with a count of at least the threshold is not reported.
// If exact elimination overflows, every hidden cell below the threshold is reported (the
// check fails closed). A threshold below 2 reports nothing.
// Preconditions (programmer errors, std::invalid_argument): ValidateTable(counts,
// relations) is ok and summary.cells.size() == counts.size().
std::vector<std::size_t> ExposedCells(std::span<const std::int64_t> counts,
                                      std::span<const Relation> relations,
                                      const SuppressionSummary& summary,
                                      std::int64_t threshold = kDefaultDisclosureThreshold);

// ----- Relations of common layouts ---------------------------------------------------------

// A one-way table: `categories` cells followed by their total at index `categories`.
Relation CategoriesThenTotal(std::size_t categories);

// A two-way table of `rows` x `columns` inner cells, stored row-major with
// (columns + row_totals) cells per row and (rows + column_totals) rows: with row_totals the
// last column holds each row's total, with column_totals the last row holds each column's
// total, with both the last cell is the grand total (the sum of the row totals and of the
// column totals). Cell (r, c) is at r * (columns + row_totals) + c. Relations come row by
// row (the totals row included), then column by column.
std::vector<Relation> GridRelations(std::size_t rows, std::size_t columns, bool row_totals,
                                    bool column_totals);

inline constexpr std::size_t kNoParent = std::numeric_limits<std::size_t>::max();

// A hierarchy of any depth, as each cell's parent (the subtotal it is a part of) or
// kNoParent: one relation per cell that has children, total = the cell, parts = its
// children in index order, relations in the order of their totals. Example, sectors
// within visibility groups: {kNoParent, 0, 1, 1, 1, 0, 5, 5} is a grand total, two
// groups (1 and 5) and their sectors.
// Errors: InvalidArgument for a parent that is not a cell, a cell that is its own
// ancestor.
Result<std::vector<Relation>> HierarchyRelations(std::span<const std::size_t> parent);

// The relations of a table whose rows are related by `among_rows` (relations over row
// indices: a total row is the sum of its part rows) and whose columns by `among_columns`
// (over column indices), with `rows` x `columns` cells stored row-major (cell (r, c) at
// r * columns + c): for every row, each column relation; then for every column, each row
// relation. GridRelations is the case of one "categories then total" relation each way.
// Precondition (std::invalid_argument): every index in the relations is below rows or
// columns respectively.
std::vector<Relation> CrossRelations(std::size_t rows, std::span<const Relation> among_rows,
                                     std::size_t columns, std::span<const Relation> among_columns);

}  // namespace zicht::privacy
