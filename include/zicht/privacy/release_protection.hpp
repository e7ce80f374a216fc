// Disclosure control of a whole release: every count that leaves for a reader at once,
// protected together, so that no small count can be worked out by combining tables
// (docs/disclosure.md, "A release as a whole").
//
// The tables of one release share margins (the same year's total in several tables, a
// period against its years, the persons reported by each kind of source against the
// number of sources that reported them). Protecting each table on its own leaves such
// differences open. Here all cells of a release are one problem: the cells, the sums a
// reader knows (Relation, as for one table), and further linear facts a reader knows or
// may assume (a period's count is at most the sum of its years'). Some of the quantities
// that link published cells are not published themselves (the persons reported by exactly
// three kinds of source); they enter as *unpublished* cells, which are protected like
// published small counts when they are small.
//
// What a reader of the release knows, and the audit assumes:
//  - every shown cell's count, every Relation and every LinearFact;
//  - a primary cell (marked "<threshold") holds a count from 1 to threshold - 1;
//  - a secondary cell (marked as hidden to protect others) holds threshold or more, since
//    zeros are always shown and every count below the threshold is primary;
//  - an unpublished cell is a count of zero or more.
// The audit solves two linear programmes per sensitive cell (a primary cell, or an
// unpublished one from 1 to threshold - 1): its least and greatest value consistent with
// all of that. The cell is protected when that range covers the protection interval
// (default: every value from 1 to threshold - 1). This is the audit of τ-ARGUS for linked
// tables (Hundepool et al. 2012, sections 4.3 and 5.3; de Wolf and Giessing 2009).
//
// Thread safety: each call builds its own solver state; calls are reentrant, but GLPK's
// environment is per thread, so do not share one call's objects across threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/privacy/disclosure.hpp"

namespace zicht::privacy {

// sum of coefficient * cell  ==  0   (kEqual)
// sum of coefficient * cell  <=  0   (kAtMost)
struct LinearFact {
  enum class Sense { kEqual, kAtMost };
  std::vector<std::pair<std::size_t, std::int64_t>> terms;  // cell, coefficient (nonzero)
  Sense sense = Sense::kEqual;
};

// The values a reader must not be able to rule out for a sensitive cell. `upper` 0 means
// threshold - 1. The default asks that every count from 1 to 9 stays possible (threshold
// 10); lower = 0 also asks that zero stays possible for unpublished cells (a published
// hidden cell is never zero, since zeros are shown).
struct ProtectionInterval {
  std::int64_t lower = 1;
  std::int64_t upper = 0;
};

struct ReleaseProblem {
  std::vector<std::int64_t> counts;  // every cell, published or not
  std::vector<bool> published;       // false: an unpublished cell (never shown)
  std::vector<Relation> relations;   // counts[total] == sum of counts[parts]
  std::vector<LinearFact> facts;     // further facts; each must hold on `counts`
};

// The least and greatest value of a hidden cell that is consistent with the release.
struct CellRange {
  std::size_t cell = 0;
  double lower = 0;
  double upper = 0;  // +infinity when unbounded
};

struct ReleaseSummary {
  // One per cell: kShown, kPrimary or kSecondary for published cells; unpublished cells are
  // kPrimary when from 1 to threshold - 1 (sensitive) and kShown otherwise (they are never
  // written, whatever their state).
  SuppressionSummary suppression;
  std::size_t linear_programmes = 0;  // solved, in the protection and the final audit
  std::vector<CellRange> sensitive;   // every sensitive cell's range in the final audit
  std::string BriefReport() const;
};

// Ok, or InvalidArgument naming the first problem: sizes that differ, a negative count, a
// relation or fact naming a cell that does not exist, a relation or fact that does not hold
// on the counts, a protection interval with lower > upper or lower < 0.
Status ValidateRelease(const ReleaseProblem& problem, std::int64_t threshold,
                       const ProtectionInterval& interval);

// Hides the published cells of a release so that AuditRelease finds nothing:
//  1. primary: every published cell with 1 <= count < threshold;
//  2. secondary, as SuppressSmallCounts does over the relations (singletons, small sums,
//     exact recovery), which is fast and leaves little to the next step;
//  3. then, while the audit finds a sensitive cell whose range is narrower than the
//     protection interval, one more published cell is hidden: the smallest nonzero shown
//     cell among those in the constraints that bind the failing bound (the linear
//     programme's dual values say which), else the smallest nonzero shown cell linked to
//     it. Hiding a cell only widens every range, so cells that passed stay protected.
// Deterministic: the same problem gives the same summary. A threshold below 2 hides
// nothing. Errors: InvalidArgument from ValidateRelease or a negative threshold;
// FailedPrecondition when no choice of published cells protects an unpublished cell
// (the release's facts give it away whatever is hidden), naming the cell; Internal when
// the solver fails.
Result<ReleaseSummary> ProtectRelease(const ReleaseProblem& problem, std::int64_t threshold,
                                      const ProtectionInterval& interval = {});

// The audit, independent of how `suppression` was made: the sensitive cells whose
// feasible range does not cover the protection interval, and every shown published cell
// with a count from 1 to threshold - 1 (as a range of that count). Empty when the release
// is protected. `ranges`, when given, receives every sensitive cell's range, and
// `solved` the number of linear programmes solved.
// Errors: InvalidArgument from ValidateRelease or a summary of another size; Internal when
// the solver fails.
Result<std::vector<CellRange>> AuditRelease(const ReleaseProblem& problem,
                                            const SuppressionSummary& suppression,
                                            std::int64_t threshold,
                                            const ProtectionInterval& interval = {},
                                            std::vector<CellRange>* ranges = nullptr,
                                            std::size_t* solved = nullptr);

}  // namespace zicht::privacy
