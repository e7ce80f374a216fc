#include "zicht/privacy/release_protection.hpp"

#include <fmt/format.h>
#include <glpk.h>

#include <algorithm>
#include <cmath>
#include <deque>
#include <limits>
#include <map>
#include <memory>
#include <optional>

namespace zicht::privacy {
namespace {

constexpr double kInfinity = std::numeric_limits<double>::infinity();
// The solver works in doubles on integer data; a bound within this of the required value
// counts as reaching it.
constexpr double kTolerance = 1e-6;

// Every relation and fact as sum of coefficient * cell (== | <=) 0.
struct Constraint {
  std::vector<std::pair<std::size_t, std::int64_t>> terms;
  bool equal = true;
};

std::vector<Constraint> AllConstraints(const ReleaseProblem& problem) {
  std::vector<Constraint> constraints;
  constraints.reserve(problem.relations.size() + problem.facts.size());
  for (const Relation& r : problem.relations) {
    Constraint c;
    c.terms.emplace_back(r.total, 1);
    for (std::size_t part : r.parts) c.terms.emplace_back(part, -1);
    constraints.push_back(std::move(c));
  }
  for (const LinearFact& f : problem.facts) {
    constraints.push_back({f.terms, f.sense == LinearFact::Sense::kEqual});
  }
  return constraints;
}

std::int64_t UpperOf(const ProtectionInterval& interval, std::int64_t threshold) {
  return interval.upper > 0 ? interval.upper : threshold - 1;
}

bool IsSensitive(std::int64_t count, std::int64_t threshold) {
  return count >= 1 && count < threshold;
}

// What the reader knows of a hidden cell before any relation: see the header.
struct Box {
  double lower = 0;
  double upper = kInfinity;
};

Box BoxOf(bool published, CellState state, std::int64_t threshold) {
  if (!published) return {0, kInfinity};
  if (state == CellState::kPrimary) return {1, static_cast<double>(threshold - 1)};
  return {static_cast<double>(threshold), kInfinity};
}

// Frees GLPK's per-thread environment when the last problem of a call is gone, so that no
// allocation outlives the call (and leak checkers stay quiet).
struct GlpkScope {
  ~GlpkScope() { glp_free_env(); }
};

// Every hidden and unpublished cell of the release, with every constraint that holds one,
// as one linear programme. It is built once per set of hidden cells and solved for one
// cell's bound after another: only the objective changes, so the simplex starts from the
// last basis (a warm start) instead of from scratch.
class ReleaseProgramme {
 public:
  ReleaseProgramme(const ReleaseProblem& problem, const std::vector<Constraint>& constraints,
                   const std::vector<std::vector<std::size_t>>& constraints_of,
                   const std::vector<CellState>& states, std::int64_t threshold) {
    auto variable = [&](std::size_t c) {
      return !problem.published[c] || states[c] != CellState::kShown;
    };
    std::deque<std::size_t> queue;
    for (std::size_t c = 0; c < problem.counts.size(); ++c) {
      if (!variable(c)) continue;
      column_of_[c] = cells_.size();
      cells_.push_back(c);
      queue.push_back(c);
    }
    std::vector<bool> row_seen(constraints.size(), false);
    while (!queue.empty()) {
      const std::size_t c = queue.front();
      queue.pop_front();
      for (std::size_t k : constraints_of[c]) {
        if (row_seen[k]) continue;
        row_seen[k] = true;
        rows_.push_back(k);
        for (const auto& [other, coefficient] : constraints[k].terms) {
          (void)coefficient;
          if (variable(other) && column_of_.emplace(other, cells_.size()).second) {
            cells_.push_back(other);
            queue.push_back(other);
          }
        }
      }
    }
    lp_ = glp_create_prob();
    if (!cells_.empty()) glp_add_cols(lp_, static_cast<int>(cells_.size()));
    for (std::size_t j = 0; j < cells_.size(); ++j) {
      const std::size_t c = cells_[j];
      const Box box = BoxOf(problem.published[c], states[c], threshold);
      const int column = static_cast<int>(j) + 1;
      if (std::isinf(box.upper)) {
        glp_set_col_bnds(lp_, column, GLP_LO, box.lower, 0);
      } else if (box.upper == box.lower) {
        glp_set_col_bnds(lp_, column, GLP_FX, box.lower, box.upper);
      } else {
        glp_set_col_bnds(lp_, column, GLP_DB, box.lower, box.upper);
      }
    }
    if (!rows_.empty()) glp_add_rows(lp_, static_cast<int>(rows_.size()));
    std::vector<int> ia{0}, ja{0};
    std::vector<double> ar{0};
    for (std::size_t i = 0; i < rows_.size(); ++i) {
      const Constraint& constraint = constraints[rows_[i]];
      double constant = 0;  // the shown cells, moved to the right-hand side
      for (const auto& [c, coefficient] : constraint.terms) {
        const auto it = column_of_.find(c);
        if (it == column_of_.end()) {
          constant += static_cast<double>(coefficient) * static_cast<double>(problem.counts[c]);
        } else {
          ia.push_back(static_cast<int>(i) + 1);
          ja.push_back(static_cast<int>(it->second) + 1);
          ar.push_back(static_cast<double>(coefficient));
        }
      }
      const int row = static_cast<int>(i) + 1;
      if (constraint.equal) {
        glp_set_row_bnds(lp_, row, GLP_FX, -constant, -constant);
      } else {
        glp_set_row_bnds(lp_, row, GLP_UP, 0, -constant);
      }
    }
    glp_load_matrix(lp_, static_cast<int>(ia.size()) - 1, ia.data(), ja.data(), ar.data());
    glp_init_smcp(&parameters_);
    parameters_.msg_lev = GLP_MSG_OFF;
  }
  ~ReleaseProgramme() { glp_delete_prob(lp_); }
  ReleaseProgramme(const ReleaseProgramme&) = delete;
  ReleaseProgramme& operator=(const ReleaseProgramme&) = delete;

  // The least or greatest value of `cell` (a hidden or unpublished cell); the constraints
  // that bind it go to `binding`. nullopt when the solver fails.
  std::optional<double> Bound(std::size_t cell, bool greatest, std::vector<std::size_t>* binding) {
    const int column = static_cast<int>(column_of_.at(cell)) + 1;
    if (objective_ != 0) glp_set_obj_coef(lp_, objective_, 0);
    objective_ = column;
    glp_set_obj_coef(lp_, column, 1);
    glp_set_obj_dir(lp_, greatest ? GLP_MAX : GLP_MIN);
    ++solved_;
    if (glp_simplex(lp_, &parameters_) != 0) {
      // A fresh basis once more before giving up: the previous solution's can be singular.
      glp_adv_basis(lp_, 0);
      if (glp_simplex(lp_, &parameters_) != 0) return std::nullopt;
    }
    const int status = glp_get_status(lp_);
    if (status == GLP_UNBND) return greatest ? kInfinity : -kInfinity;
    if (status != GLP_OPT) return std::nullopt;
    if (binding != nullptr) {
      binding->clear();
      for (std::size_t i = 0; i < rows_.size(); ++i) {
        if (std::abs(glp_get_row_dual(lp_, static_cast<int>(i) + 1)) > kTolerance) {
          binding->push_back(rows_[i]);
        }
      }
    }
    return glp_get_obj_val(lp_);
  }

  bool Contains(std::size_t cell) const { return column_of_.count(cell) != 0; }
  const std::vector<std::size_t>& rows() const { return rows_; }
  std::size_t solved() const { return solved_; }

 private:
  std::map<std::size_t, std::size_t> column_of_;
  std::vector<std::size_t> cells_;
  std::vector<std::size_t> rows_;
  int objective_ = 0;  // the column whose coefficient is 1, or 0
  glp_prob* lp_ = nullptr;
  glp_smcp parameters_{};
  std::size_t solved_ = 0;
};

std::vector<std::vector<std::size_t>> ConstraintsOfCells(const std::vector<Constraint>& constraints,
                                                         std::size_t cells) {
  std::vector<std::vector<std::size_t>> of(cells);
  for (std::size_t k = 0; k < constraints.size(); ++k) {
    for (const auto& [c, coefficient] : constraints[k].terms) {
      (void)coefficient;
      if (of[c].empty() || of[c].back() != k) of[c].push_back(k);
    }
  }
  return of;
}

struct Requirement {
  double lower = 0;
  double upper = 0;
};

Requirement RequiredOf(bool published, CellState state, std::int64_t threshold,
                       const ProtectionInterval& interval) {
  const Box box = BoxOf(published, state, threshold);
  return {std::max(static_cast<double>(interval.lower), box.lower),
          std::min(static_cast<double>(UpperOf(interval, threshold)), box.upper)};
}

// What a reader knows when every nonzero published cell is hidden: the programme of the
// widest ranges. What a reader learns from the marks alone (a part of a total marked "<10"
// is below 10 too) no suppression can take away, so a requirement is cut to it.
std::unique_ptr<ReleaseProgramme> AllHiddenProgramme(
    const ReleaseProblem& problem, const std::vector<Constraint>& constraints,
    const std::vector<std::vector<std::size_t>>& constraints_of, std::int64_t threshold) {
  std::vector<CellState> all_hidden(problem.counts.size(), CellState::kShown);
  for (std::size_t i = 0; i < problem.counts.size(); ++i) {
    if (!problem.published[i] || problem.counts[i] == 0) continue;
    all_hidden[i] =
        IsSensitive(problem.counts[i], threshold) ? CellState::kPrimary : CellState::kSecondary;
  }
  return std::make_unique<ReleaseProgramme>(problem, constraints, constraints_of, all_hidden,
                                            threshold);
}

// Both bounds of `cell` in `programme`; the constraints that bind a bound the requirement
// rules out go to `binding` when given.
Result<CellRange> RangeOf(ReleaseProgramme& programme, const Requirement& required,
                          std::size_t cell, std::vector<std::size_t>* binding) {
  std::vector<std::size_t> low_binding, high_binding;
  const auto lower = programme.Bound(cell, false, binding != nullptr ? &low_binding : nullptr);
  const auto upper = programme.Bound(cell, true, binding != nullptr ? &high_binding : nullptr);
  if (!lower || !upper) {
    return Status::Internal(
        fmt::format("the linear programme of cell {} could not be solved", cell));
  }
  CellRange range{cell, *lower, *upper};
  if (binding != nullptr) {
    binding->clear();
    if (range.lower > required.lower + kTolerance) *binding = low_binding;
    if (range.upper < required.upper - kTolerance) {
      binding->insert(binding->end(), high_binding.begin(), high_binding.end());
    }
  }
  return range;
}

Requirement CutTo(Requirement required, const CellRange& ceiling) {
  required.lower = std::max(required.lower, ceiling.lower);
  required.upper = std::min(required.upper, ceiling.upper);
  return required;
}

bool Covers(const CellRange& range, const Requirement& required) {
  return range.lower <= required.lower + kTolerance && range.upper >= required.upper - kTolerance;
}

// The published cell to hide next for `cell`: the smallest nonzero shown one in the
// binding constraints, else in any constraint linked to it (nearest first).
std::optional<std::size_t> NextToHide(const ReleaseProblem& problem,
                                      const std::vector<Constraint>& constraints,
                                      const std::vector<std::vector<std::size_t>>& constraints_of,
                                      const std::vector<CellState>& states,
                                      const std::vector<std::size_t>& binding, std::size_t cell) {
  auto hideable = [&](std::size_t c) {
    return problem.published[c] && states[c] == CellState::kShown && problem.counts[c] > 0;
  };
  auto smallest_in = [&](const std::vector<std::size_t>& rows) -> std::optional<std::size_t> {
    std::optional<std::size_t> best;
    for (std::size_t k : rows) {
      for (const auto& [c, coefficient] : constraints[k].terms) {
        (void)coefficient;
        if (!hideable(c)) continue;
        if (!best || problem.counts[c] < problem.counts[*best] ||
            (problem.counts[c] == problem.counts[*best] && c < *best)) {
          best = c;
        }
      }
    }
    return best;
  };
  if (auto best = smallest_in(binding)) return best;
  // Breadth-first over constraints, ring by ring.
  std::vector<bool> cell_seen(problem.counts.size(), false), row_seen(constraints.size(), false);
  std::vector<std::size_t> ring{cell};
  cell_seen[cell] = true;
  while (!ring.empty()) {
    std::vector<std::size_t> rows;
    for (std::size_t c : ring) {
      for (std::size_t k : constraints_of[c]) {
        if (!row_seen[k]) {
          row_seen[k] = true;
          rows.push_back(k);
        }
      }
    }
    if (auto best = smallest_in(rows)) return best;
    std::vector<std::size_t> next;
    for (std::size_t k : rows) {
      for (const auto& [c, coefficient] : constraints[k].terms) {
        (void)coefficient;
        if (!cell_seen[c]) {
          cell_seen[c] = true;
          next.push_back(c);
        }
      }
    }
    ring = std::move(next);
  }
  return std::nullopt;
}

}  // namespace

std::string ReleaseSummary::BriefReport() const {
  return fmt::format("{}; {} linear programmes solved in the audit of {} sensitive cells",
                     suppression.BriefReport(), linear_programmes, sensitive.size());
}

Status ValidateRelease(const ReleaseProblem& problem, std::int64_t threshold,
                       const ProtectionInterval& interval) {
  const std::size_t n = problem.counts.size();
  if (problem.published.size() != n) {
    return Status::InvalidArgument(
        fmt::format("{} cells but {} published flags", n, problem.published.size()));
  }
  if (threshold < 0) return Status::InvalidArgument("the threshold must be 0 or more");
  if (interval.lower < 0 || (threshold >= 2 && interval.lower > UpperOf(interval, threshold))) {
    return Status::InvalidArgument(
        fmt::format("the protection interval [{}, {}] is empty or negative", interval.lower,
                    UpperOf(interval, threshold)));
  }
  for (std::size_t i = 0; i < n; ++i) {
    if (problem.counts[i] < 0)
      return Status::InvalidArgument(fmt::format("cell {} is negative", i));
  }
  for (std::size_t r = 0; r < problem.relations.size(); ++r) {
    const Relation& relation = problem.relations[r];
    if (relation.total >= n) {
      return Status::InvalidArgument(
          fmt::format("relation {} names a cell that does not exist", r));
    }
    std::int64_t sum = 0;
    for (std::size_t part : relation.parts) {
      if (part >= n || part == relation.total) {
        return Status::InvalidArgument(
            fmt::format("relation {} names a cell that does not exist or its total", r));
      }
      sum += problem.counts[part];
    }
    if (sum != problem.counts[relation.total]) {
      return Status::InvalidArgument(fmt::format("relation {} does not hold", r));
    }
  }
  for (std::size_t f = 0; f < problem.facts.size(); ++f) {
    std::int64_t sum = 0;
    for (const auto& [c, coefficient] : problem.facts[f].terms) {
      if (c >= n || coefficient == 0) {
        return Status::InvalidArgument(
            fmt::format("fact {} names a cell that does not exist or has a zero coefficient", f));
      }
      sum += coefficient * problem.counts[c];
    }
    const bool holds = problem.facts[f].sense == LinearFact::Sense::kEqual ? sum == 0 : sum <= 0;
    if (!holds) return Status::InvalidArgument(fmt::format("fact {} does not hold", f));
  }
  return Status::Ok();
}

Result<std::vector<CellRange>> AuditRelease(
    const ReleaseProblem& problem, const SuppressionSummary& suppression, std::int64_t threshold,
    const ProtectionInterval& interval, std::vector<CellRange>* ranges, std::size_t* solved_out) {
  ZICHT_RETURN_IF_ERROR(ValidateRelease(problem, threshold, interval));
  if (suppression.cells.size() != problem.counts.size()) {
    return Status::InvalidArgument("the suppression is of another release");
  }
  if (ranges != nullptr) ranges->clear();
  if (solved_out != nullptr) *solved_out = 0;
  std::vector<CellRange> exposed;
  if (threshold < 2) return exposed;
  GlpkScope glpk;
  const auto constraints = AllConstraints(problem);
  const auto constraints_of = ConstraintsOfCells(constraints, problem.counts.size());
  // The audit's own view of the states: a published cell is primary when hidden and small,
  // secondary when hidden and not; what the summary calls it does not matter.
  std::vector<CellState> states(problem.counts.size(), CellState::kShown);
  for (std::size_t i = 0; i < problem.counts.size(); ++i) {
    if (problem.published[i] && suppression.suppressed(i)) {
      states[i] =
          IsSensitive(problem.counts[i], threshold) ? CellState::kPrimary : CellState::kSecondary;
    }
  }
  ReleaseProgramme programme(problem, constraints, constraints_of, states, threshold);
  std::unique_ptr<ReleaseProgramme> widest;  // made when first needed
  for (std::size_t i = 0; i < problem.counts.size(); ++i) {
    if (!IsSensitive(problem.counts[i], threshold)) continue;
    if (problem.published[i] && states[i] == CellState::kShown) {
      const auto count = static_cast<double>(problem.counts[i]);
      exposed.push_back({i, count, count});
      continue;
    }
    Requirement required = RequiredOf(problem.published[i], states[i], threshold, interval);
    auto range = RangeOf(programme, required, i, nullptr);
    if (!range.ok()) return range.status();
    if (ranges != nullptr) ranges->push_back(*range);
    if (Covers(*range, required)) continue;
    if (!widest) widest = AllHiddenProgramme(problem, constraints, constraints_of, threshold);
    auto ceiling = RangeOf(*widest, required, i, nullptr);
    if (!ceiling.ok()) return ceiling.status();
    if (!Covers(*range, CutTo(required, *ceiling))) exposed.push_back(*range);
  }
  if (solved_out != nullptr) *solved_out = programme.solved() + (widest ? widest->solved() : 0);
  return exposed;
}

Result<ReleaseSummary> ProtectRelease(const ReleaseProblem& problem, std::int64_t threshold,
                                      const ProtectionInterval& interval) {
  ZICHT_RETURN_IF_ERROR(ValidateRelease(problem, threshold, interval));
  ReleaseSummary summary;
  // Steps 1 and 2: the relations alone, as for one table.
  auto first = SuppressSmallCounts(problem.counts, problem.relations, threshold);
  if (!first.ok()) return first.status();
  summary.suppression = *std::move(first);
  std::vector<CellState>& states = summary.suppression.cells;
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (!problem.published[i]) {
      states[i] =
          IsSensitive(problem.counts[i], threshold) ? CellState::kPrimary : CellState::kShown;
    }
  }
  if (threshold < 2) return summary;

  // Step 3: the linear programmes.
  {
    GlpkScope glpk;
    const auto constraints = AllConstraints(problem);
    const auto constraints_of = ConstraintsOfCells(constraints, problem.counts.size());
    std::vector<std::size_t> binding;
    // The programme of the current hidden cells, made again after each cell hidden.
    std::unique_ptr<ReleaseProgramme> programme;
    std::unique_ptr<ReleaseProgramme> widest;
    const auto retire = [&summary](std::unique_ptr<ReleaseProgramme>& p) {
      if (p) summary.linear_programmes += p->solved();
      p.reset();
    };
    for (std::size_t i = 0; i < problem.counts.size(); ++i) {
      if (!IsSensitive(problem.counts[i], threshold)) continue;
      Requirement required = RequiredOf(problem.published[i], states[i], threshold, interval);
      bool cut = false;
      for (;;) {
        if (!programme) {
          programme = std::make_unique<ReleaseProgramme>(problem, constraints, constraints_of,
                                                         states, threshold);
        }
        auto range = RangeOf(*programme, required, i, &binding);
        if (!range.ok()) return range.status();
        if (Covers(*range, required)) break;
        if (!cut) {
          cut = true;
          if (!widest) widest = AllHiddenProgramme(problem, constraints, constraints_of, threshold);
          auto ceiling = RangeOf(*widest, required, i, nullptr);
          if (!ceiling.ok()) return ceiling.status();
          required = CutTo(required, *ceiling);
          continue;
        }
        const auto next = NextToHide(problem, constraints, constraints_of, states, binding, i);
        if (!next) {
          return Status::FailedPrecondition(fmt::format(
              "cell {} cannot be protected: its range stays [{}, {}] with every linked cell "
              "hidden",
              i, range->lower, range->upper));
        }
        states[*next] = CellState::kSecondary;
        retire(programme);
      }
    }
    retire(programme);
    retire(widest);
  }
  summary.suppression.primary = summary.suppression.secondary = 0;
  for (std::size_t i = 0; i < states.size(); ++i) {
    if (!problem.published[i]) continue;
    if (states[i] == CellState::kPrimary) ++summary.suppression.primary;
    if (states[i] == CellState::kSecondary) ++summary.suppression.secondary;
  }
  // The final audit, from scratch.
  std::size_t audit_programmes = 0;
  auto exposed = AuditRelease(problem, summary.suppression, threshold, interval, &summary.sensitive,
                              &audit_programmes);
  if (!exposed.ok()) return exposed.status();
  summary.linear_programmes += audit_programmes;
  if (!exposed->empty()) {
    return Status::Internal(
        fmt::format("disclosure control left {} cells narrower than their protection interval",
                    exposed->size()));
  }
  return summary;
}

}  // namespace zicht::privacy
