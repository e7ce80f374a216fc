// A hierarchical Poisson log-linear model for a capture-history table: an intercept,
// one main effect per list, and a set of interaction terms between lists.
//
// A term is a set of lists written as a bit mask (bit j = list j, as in CaptureTable).
// The model is hierarchical when every subset of two or more lists of an included term
// is itself included (Bishop, Fienberg and Holland 1975); model search and stepwise
// selection only produce hierarchical models.
//
// Thread safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::estimate {

using Term = std::uint32_t;

// Number of lists in a term.
int TermOrder(Term term);
// "LA:NG" for the term {LA, NG}.
std::string TermName(Term term, const std::vector<std::string>& lists);
// {"LA", "NG"} for the term {LA, NG}: the lists it joins, in the order of `lists`.
std::vector<std::string> TermLists(Term term, const std::vector<std::string>& lists);

struct LoglinearModel {
  // Interaction terms of two or more lists, sorted by order then mask, no duplicates.
  // Empty: the main-effects (independence) model.
  std::vector<Term> interactions;

  static LoglinearModel MainEffects() { return {}; }
  // Sorts and removes duplicates; adds nothing.
  static LoglinearModel FromTerms(std::vector<Term> terms);

  bool Contains(Term term) const;
  // A copy with `term` added (no-op when present).
  LoglinearModel With(Term term) const;
  bool IsHierarchical() const;
  // Highest interaction order, 1 for the main-effects model.
  int MaxOrder() const;
  // Parameters: intercept + main effects + interactions.
  int ParameterCount(int list_count) const {
    return 1 + list_count + static_cast<int>(interactions.size());
  }

  // Every interaction term, e.g. "LA:NG + NG:GO", or "main effects only".
  std::string Name(const std::vector<std::string>& lists) const;
  // The maximal terms (those inside no larger term), each as the lists it joins; empty for
  // the main-effects model. A report names the lists in its reader's language from these.
  std::vector<std::vector<std::string>> GeneratingTerms(
      const std::vector<std::string>& lists) const;
  // The generating class (the maximal terms), e.g. "[EXH:ABA:OSCE, EXH:HRW, OSCE:HRW]".
  std::string GeneratingClass(const std::vector<std::string>& lists) const;

  friend bool operator==(const LoglinearModel&, const LoglinearModel&) = default;
};

// Parses "LA:NG, NG:GO" (terms separated by commas, '+' or spaces; lists inside a term
// separated by ':'). The model's hierarchical closure is taken: "A:B:C" brings in A:B,
// A:C and B:C. An empty string or "main" is the main-effects model. Errors name the
// unknown list.
Result<LoglinearModel> ParseModel(std::string_view text, const std::vector<std::string>& lists);

// Adds every lower-order interaction that `model` implies (the hierarchical closure).
LoglinearModel HierarchicalClosure(const LoglinearModel& model);

}  // namespace zicht::estimate
