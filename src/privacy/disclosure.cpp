#include "zicht/privacy/disclosure.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <numeric>
#include <optional>
#include <stdexcept>
#include <utility>

namespace zicht::privacy {
namespace {

bool Sensitive(std::int64_t count, std::int64_t threshold) {
  return count >= 1 && count < threshold;
}

// Entries of the elimination stay within +-2^62, so that every product, difference and
// gcd below is well defined in 64 bits before the overflow check sees it.
constexpr std::int64_t kEntryLimit = std::int64_t{1} << 62;

// target := target * target_scale - pivot * pivot_scale, divided by the gcd of its
// entries. Dividing by the gcd keeps the entries of totally unimodular systems (one-way
// and two-way margins, hierarchies) at 0 and +-1 throughout, and small in others.
// Returns false on overflow.
bool CombineRows(std::vector<std::int64_t>& target, std::int64_t target_scale,
                 const std::vector<std::int64_t>& pivot, std::int64_t pivot_scale) {
  std::int64_t divisor = 0;
  for (std::size_t k = 0; k < target.size(); ++k) {
    std::int64_t left = 0;
    std::int64_t right = 0;
    std::int64_t value = 0;
    if (__builtin_mul_overflow(target[k], target_scale, &left) ||
        __builtin_mul_overflow(pivot[k], pivot_scale, &right) ||
        __builtin_sub_overflow(left, right, &value) || value > kEntryLimit ||
        value < -kEntryLimit) {
      return false;
    }
    target[k] = value;
    divisor = std::gcd(divisor, value);
  }
  if (divisor > 1) {
    for (std::int64_t& value : target) value /= divisor;
  }
  return true;
}

// Which hidden cells a reader can compute exactly.
//
// The relations restricted to the hidden cells form a linear system A x = b (b from the
// shown cells). A hidden cell u is determined iff its unit vector e_u lies in the row
// space of A, i.e. iff the reduced row echelon form of A has a row equal to e_u (up to
// scale); the bookkeeping columns (an identity beside A) then hold the combination of
// relations that yields it, its certificate. Elimination is over the integers, so the
// answer is exact.
//
// Why the rank test is the right notion of "recoverable" here: if e_u is not in the row
// space, A has a null vector with a nonzero entry at u. For one-way tables with a total,
// hierarchies and two-way tables with margins, A is totally unimodular (each cell is in at
// most two relations and the relations split as Heller and Tompkins require), so such a
// null vector exists with entries in {0, +1, -1}: a cycle of hidden cells. When every
// hidden cell is at least 1 (zeros are never hidden), adding or subtracting that cycle
// keeps every cell non-negative, so the reader faces at least two integer tables that
// agree with everything published. For other linked tables the test is exact over the
// reals; tests/privacy/disclosure_test.cpp checks integer completions by enumeration.
struct Determinacy {
  bool exact = true;  // false if elimination overflowed; the rest is then meaningless
  std::vector<bool> determined;
  std::vector<std::vector<std::size_t>> certificate;  // relation indices, per determined cell
};

Determinacy FindDeterminedCells(std::size_t cell_count, std::span<const Relation> relations,
                                const std::vector<bool>& hidden) {
  Determinacy out;
  out.determined.assign(cell_count, false);
  out.certificate.resize(cell_count);

  std::vector<std::size_t> cell_of_column;
  std::vector<std::size_t> column_of_cell(cell_count, 0);
  for (std::size_t i = 0; i < cell_count; ++i) {
    if (!hidden[i]) continue;
    column_of_cell[i] = cell_of_column.size();
    cell_of_column.push_back(i);
  }
  const std::size_t unknowns = cell_of_column.size();
  if (unknowns == 0) return out;
  const std::size_t width = unknowns + relations.size();

  std::vector<std::vector<std::int64_t>> rows;
  rows.reserve(relations.size());
  for (std::size_t r = 0; r < relations.size(); ++r) {
    std::vector<std::int64_t> row(width, 0);
    if (hidden[relations[r].total]) row[column_of_cell[relations[r].total]] = 1;
    for (std::size_t part : relations[r].parts) {
      if (hidden[part]) row[column_of_cell[part]] = -1;
    }
    row[unknowns + r] = 1;
    rows.push_back(std::move(row));
  }

  // Gauss-Jordan over the unknown columns; pivots on the entry of least magnitude to keep
  // the multipliers small.
  std::size_t rank = 0;
  for (std::size_t column = 0; column < unknowns && rank < rows.size(); ++column) {
    std::optional<std::size_t> best;
    for (std::size_t i = rank; i < rows.size(); ++i) {
      const std::int64_t entry = rows[i][column];
      if (entry == 0) continue;
      if (!best || std::abs(entry) < std::abs(rows[*best][column])) best = i;
    }
    if (!best) continue;
    std::swap(rows[rank], rows[*best]);
    const std::int64_t pivot_entry = rows[rank][column];
    for (std::size_t i = 0; i < rows.size(); ++i) {
      const std::int64_t entry = rows[i][column];
      if (i == rank || entry == 0) continue;
      const std::int64_t common = std::gcd(pivot_entry, entry);
      if (!CombineRows(rows[i], pivot_entry / common, rows[rank], entry / common)) {
        out.exact = false;
        return out;
      }
    }
    ++rank;
  }

  for (std::size_t i = 0; i < rank; ++i) {
    std::optional<std::size_t> only;
    bool single = true;
    for (std::size_t column = 0; column < unknowns && single; ++column) {
      if (rows[i][column] == 0) continue;
      if (only) single = false;
      only = column;
    }
    if (!single || !only) continue;
    const std::size_t cell = cell_of_column[*only];
    out.determined[cell] = true;
    for (std::size_t r = 0; r < relations.size(); ++r) {
      if (rows[i][unknowns + r] != 0) out.certificate[cell].push_back(r);
    }
  }
  return out;
}

// What a reader can learn from a table with `hidden` cells; the common core of
// ExposedCells and of the last rule of SuppressSmallCounts.
struct Findings {
  std::vector<std::size_t> shown_sensitive;
  std::vector<std::size_t> determined_sensitive;
  struct SmallGroup {
    std::size_t relation = 0;
    std::vector<std::size_t> parts;  // hidden, not determined, summing to 1..threshold-1
  };
  std::vector<SmallGroup> small_groups;
  Determinacy determinacy;

  bool empty() const {
    return shown_sensitive.empty() && determined_sensitive.empty() && small_groups.empty();
  }
};

Findings Audit(std::span<const std::int64_t> counts, std::span<const Relation> relations,
               const std::vector<bool>& hidden, std::int64_t threshold) {
  Findings out;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (!hidden[i] && Sensitive(counts[i], threshold)) out.shown_sensitive.push_back(i);
  }
  out.determinacy = FindDeterminedCells(counts.size(), relations, hidden);
  if (!out.determinacy.exact) return out;
  const std::vector<bool>& determined = out.determinacy.determined;
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (hidden[i] && determined[i] && Sensitive(counts[i], threshold)) {
      out.determined_sensitive.push_back(i);
    }
  }
  // A known total minus the known parts is the sum of the unknown parts: if that sum is
  // small, so is each of them, whether or not any single one is determined.
  for (std::size_t r = 0; r < relations.size(); ++r) {
    const Relation& relation = relations[r];
    if (hidden[relation.total] && !determined[relation.total]) continue;
    Findings::SmallGroup group{r, {}};
    std::int64_t sum = 0;
    for (std::size_t part : relation.parts) {
      if (!hidden[part] || determined[part]) continue;
      sum += counts[part];
      if (counts[part] > 0) group.parts.push_back(part);
    }
    if (Sensitive(sum, threshold)) out.small_groups.push_back(std::move(group));
  }
  return out;
}

class Suppressor {
 public:
  Suppressor(std::span<const std::int64_t> counts, std::span<const Relation> relations,
             std::int64_t threshold)
      : counts_(counts),
        relations_(relations),
        threshold_(threshold),
        cells_(counts.size(), CellState::kShown),
        hidden_(counts.size(), false) {}

  Result<SuppressionSummary> Run() {
    if (threshold_ > 1) {
      for (std::size_t i = 0; i < counts_.size(); ++i) {
        if (Sensitive(counts_[i], threshold_)) Hide(i, CellState::kPrimary);
      }
      ZICHT_RETURN_IF_ERROR(ProtectPrimaries());
    }
    SuppressionSummary summary;
    summary.cells = std::move(cells_);
    for (CellState state : summary.cells) {
      summary.primary += state == CellState::kPrimary;
      summary.secondary += state == CellState::kSecondary;
    }
    return summary;
  }

 private:
  // The cheap local rules first, to a fixed point; then the exact audit, which catches what
  // they miss (a cell determined through several relations, a small group behind a
  // determined cell). Each round hides one more cell, so at most counts_.size() rounds.
  Status ProtectPrimaries() {
    while (true) {
      while (ApplyLocalRules()) {
      }
      const Findings findings = Audit(counts_, relations_, hidden_, threshold_);
      if (!findings.determinacy.exact) {
        return Status::FailedPrecondition(fmt::format(
            "the table of {} cells and {} relations is too irregular for the exact check of "
            "secondary suppression (64-bit overflow); split it into smaller tables",
            counts_.size(), relations_.size()));
      }
      if (findings.empty()) return Status::Ok();
      std::optional<std::size_t> next;
      if (!findings.determined_sensitive.empty()) {
        next = BreakCertificate(findings, findings.determined_sensitive.front());
      } else if (!findings.small_groups.empty()) {
        const Relation& relation = relations_[findings.small_groups.front().relation];
        next = SmallestShownNonzeroPart(relation);
        if (!next && !hidden_[relation.total]) next = relation.total;
        if (!next) next = BreakCertificate(findings, relation.total);
      }
      if (!next) {
        // A determined cell's value is a combination of shown cells, so a cell of at least
        // 1 has a nonzero shown cell in its certificate; reaching this is a bug.
        return Status::Internal("secondary suppression found no cell to hide");
      }
      Hide(*next, CellState::kSecondary);
    }
  }

  bool ApplyLocalRules() {
    bool changed = false;
    for (const Relation& relation : relations_) changed |= ProtectRelation(relation);
    return changed;
  }

  bool ProtectRelation(const Relation& relation) {
    bool changed = false;
    std::size_t hidden_members = hidden_[relation.total] ? 1 : 0;
    for (std::size_t part : relation.parts) hidden_members += hidden_[part];
    if (hidden_members == 1) {
      // A zero is no partner: 3 + 0 = 3 gives the 3 away. With only zeros left, the total
      // goes (and protects itself in the relations it is a part of). When the total is the
      // lone hidden member, its parts sum to it, at least 1, so a nonzero part exists.
      std::optional<std::size_t> partner = SmallestShownNonzeroPart(relation);
      if (!partner && !hidden_[relation.total]) partner = relation.total;
      if (partner) {
        Hide(*partner, CellState::kSecondary);
        changed = true;
      }
    }
    if (!hidden_[relation.total]) {
      std::int64_t hidden_sum = 0;
      for (std::size_t part : relation.parts) {
        if (hidden_[part]) hidden_sum += counts_[part];
      }
      while (Sensitive(hidden_sum, threshold_)) {
        const std::optional<std::size_t> more = SmallestShownNonzeroPart(relation);
        if (!more) {  // every nonzero part hidden: the sum is the total, so it was primary
          Hide(relation.total, CellState::kSecondary);
          changed = true;
          break;
        }
        Hide(*more, CellState::kSecondary);
        hidden_sum += counts_[*more];
        changed = true;
      }
    }
    return changed;
  }

  // The part with the least information: the smallest shown nonzero count, lowest index
  // among equals.
  std::optional<std::size_t> SmallestShownNonzeroPart(const Relation& relation) const {
    std::optional<std::size_t> best;
    for (std::size_t part : relation.parts) {
      if (hidden_[part] || counts_[part] == 0) continue;
      if (!best || counts_[part] < counts_[*best] ||
          (counts_[part] == counts_[*best] && part < *best)) {
        best = part;
      }
    }
    return best;
  }

  // Hiding a shown cell of a relation in the combination that determines `cell` adds an
  // unknown to that combination, which usually leaves `cell` with a degree of freedom;
  // if another combination still determines it, the next round finds that one.
  std::optional<std::size_t> BreakCertificate(const Findings& findings, std::size_t cell) const {
    std::optional<std::size_t> best;
    auto consider = [&](std::size_t candidate) {
      if (hidden_[candidate] || counts_[candidate] == 0) return;
      if (!best || counts_[candidate] < counts_[*best] ||
          (counts_[candidate] == counts_[*best] && candidate < *best)) {
        best = candidate;
      }
    };
    for (std::size_t r : findings.determinacy.certificate[cell]) {
      consider(relations_[r].total);
      for (std::size_t part : relations_[r].parts) consider(part);
    }
    return best;
  }

  void Hide(std::size_t cell, CellState why) {
    if (hidden_[cell]) return;
    hidden_[cell] = true;
    cells_[cell] = why;
  }

  std::span<const std::int64_t> counts_;
  std::span<const Relation> relations_;
  std::int64_t threshold_;
  std::vector<CellState> cells_;
  std::vector<bool> hidden_;
};

}  // namespace

std::string SuppressionSummary::BriefReport() const {
  return fmt::format(
      "{} of {} cells suppressed: {} below the threshold, {} more so that none of those can "
      "be derived",
      primary + secondary, cells.size(), primary, secondary);
}

Status ValidateTable(std::span<const std::int64_t> counts, std::span<const Relation> relations) {
  for (std::size_t i = 0; i < counts.size(); ++i) {
    if (counts[i] < 0) {
      return Status::InvalidArgument(
          fmt::format("cell {} has a negative count ({}); counts are at least 0", i, counts[i]));
    }
  }
  // seen[cell] == r + 1 while relation r is checked: finds a repeated part in linear time.
  std::vector<std::size_t> seen(counts.size(), 0);
  for (std::size_t r = 0; r < relations.size(); ++r) {
    const Relation& relation = relations[r];
    if (relation.total >= counts.size()) {
      return Status::InvalidArgument(
          fmt::format("relation {} has total cell {}, but the table has only {} cells", r,
                      relation.total, counts.size()));
    }
    std::int64_t sum = 0;
    for (std::size_t part : relation.parts) {
      if (part >= counts.size()) {
        return Status::InvalidArgument(
            fmt::format("relation {} has part cell {}, but the table has only {} cells", r, part,
                        counts.size()));
      }
      if (part == relation.total) {
        return Status::InvalidArgument(
            fmt::format("relation {} lists its total, cell {}, among its parts", r, part));
      }
      if (seen[part] == r + 1) {
        return Status::InvalidArgument(
            fmt::format("relation {} lists cell {} twice among its parts", r, part));
      }
      seen[part] = r + 1;
      if (__builtin_add_overflow(sum, counts[part], &sum)) {
        return Status::InvalidArgument(
            fmt::format("relation {}: the sum of its parts overflows 64 bits", r));
      }
    }
    if (sum != counts[relation.total]) {
      return Status::InvalidArgument(fmt::format(
          "relation {} does not hold: its total, cell {}, is {} but its {} parts sum to {}", r,
          relation.total, counts[relation.total], relation.parts.size(), sum));
    }
  }
  return Status::Ok();
}

Result<SuppressionSummary> SuppressSmallCounts(std::span<const std::int64_t> counts,
                                               std::span<const Relation> relations,
                                               std::int64_t threshold) {
  if (threshold < 0) {
    return Status::InvalidArgument(fmt::format(
        "the disclosure threshold is {}; it is at least 0 (0 and 1 suppress nothing, the "
        "default is {})",
        threshold, kDefaultDisclosureThreshold));
  }
  ZICHT_RETURN_IF_ERROR(ValidateTable(counts, relations));
  return Suppressor(counts, relations, threshold).Run();
}

std::vector<std::size_t> ExposedCells(std::span<const std::int64_t> counts,
                                      std::span<const Relation> relations,
                                      const SuppressionSummary& summary, std::int64_t threshold) {
  if (summary.cells.size() != counts.size()) {
    throw std::invalid_argument(
        fmt::format("ExposedCells: the summary has {} cells but the table {}", summary.cells.size(),
                    counts.size()));
  }
  if (Status status = ValidateTable(counts, relations); !status.ok()) {
    throw std::invalid_argument("ExposedCells: " + status.message());
  }
  if (threshold < 2) return {};
  std::vector<bool> hidden(counts.size());
  for (std::size_t i = 0; i < counts.size(); ++i) hidden[i] = summary.suppressed(i);

  const Findings findings = Audit(counts, relations, hidden, threshold);
  std::vector<std::size_t> exposed = findings.shown_sensitive;
  if (!findings.determinacy.exact) {
    for (std::size_t i = 0; i < counts.size(); ++i) {
      if (hidden[i] && Sensitive(counts[i], threshold)) exposed.push_back(i);
    }
  } else {
    exposed.insert(exposed.end(), findings.determined_sensitive.begin(),
                   findings.determined_sensitive.end());
    for (const Findings::SmallGroup& group : findings.small_groups) {
      exposed.insert(exposed.end(), group.parts.begin(), group.parts.end());
    }
  }
  std::sort(exposed.begin(), exposed.end());
  exposed.erase(std::unique(exposed.begin(), exposed.end()), exposed.end());
  return exposed;
}

Relation CategoriesThenTotal(std::size_t categories) {
  Relation relation{categories, std::vector<std::size_t>(categories)};
  std::iota(relation.parts.begin(), relation.parts.end(), std::size_t{0});
  return relation;
}

std::vector<Relation> GridRelations(std::size_t rows, std::size_t columns, bool row_totals,
                                    bool column_totals) {
  std::vector<Relation> among_rows;
  std::vector<Relation> among_columns;
  if (column_totals) among_rows.push_back(CategoriesThenTotal(rows));
  if (row_totals) among_columns.push_back(CategoriesThenTotal(columns));
  return CrossRelations(rows + (column_totals ? 1 : 0), among_rows, columns + (row_totals ? 1 : 0),
                        among_columns);
}

Result<std::vector<Relation>> HierarchyRelations(std::span<const std::size_t> parent) {
  const std::size_t n = parent.size();
  for (std::size_t i = 0; i < n; ++i) {
    if (parent[i] != kNoParent && parent[i] >= n) {
      return Status::InvalidArgument(fmt::format(
          "cell {} has parent {}, but the hierarchy has only {} cells", i, parent[i], n));
    }
  }
  // Walk up from every cell; a walk longer than the number of cells is a loop.
  for (std::size_t i = 0; i < n; ++i) {
    std::size_t at = i;
    for (std::size_t steps = 0; parent[at] != kNoParent; ++steps) {
      at = parent[at];
      if (at == i || steps >= n) {
        return Status::InvalidArgument(
            fmt::format("the parents of cell {} lead round in a loop", i));
      }
    }
  }
  std::vector<std::vector<std::size_t>> children(n);
  for (std::size_t i = 0; i < n; ++i) {
    if (parent[i] != kNoParent) children[parent[i]].push_back(i);
  }
  std::vector<Relation> relations;
  for (std::size_t i = 0; i < n; ++i) {
    if (!children[i].empty()) relations.push_back(Relation{i, std::move(children[i])});
  }
  return relations;
}

std::vector<Relation> CrossRelations(std::size_t rows, std::span<const Relation> among_rows,
                                     std::size_t columns, std::span<const Relation> among_columns) {
  auto check = [](std::span<const Relation> relations, std::size_t size, const char* what) {
    for (const Relation& relation : relations) {
      bool in_range = relation.total < size;
      for (std::size_t part : relation.parts) in_range = in_range && part < size;
      if (!in_range) {
        throw std::invalid_argument(
            fmt::format("CrossRelations: a relation among {} refers to index {} or more, "
                        "beyond the {} {}",
                        what, size, size, what));
      }
    }
  };
  check(among_rows, rows, "rows");
  check(among_columns, columns, "columns");

  std::vector<Relation> out;
  out.reserve(rows * among_columns.size() + columns * among_rows.size());
  for (std::size_t r = 0; r < rows; ++r) {
    for (const Relation& relation : among_columns) {
      Relation cross{r * columns + relation.total, {}};
      cross.parts.reserve(relation.parts.size());
      for (std::size_t part : relation.parts) cross.parts.push_back(r * columns + part);
      out.push_back(std::move(cross));
    }
  }
  for (std::size_t c = 0; c < columns; ++c) {
    for (const Relation& relation : among_rows) {
      Relation cross{relation.total * columns + c, {}};
      cross.parts.reserve(relation.parts.size());
      for (std::size_t part : relation.parts) cross.parts.push_back(part * columns + c);
      out.push_back(std::move(cross));
    }
  }
  return out;
}

}  // namespace zicht::privacy
