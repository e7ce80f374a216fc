#include "zicht/estimate/model_space.hpp"

#include <algorithm>
#include <string>

namespace zicht::estimate {
namespace {

struct Enumeration {
  std::vector<Term> terms;  // by order, then mask: sub-terms come before their super-terms
  std::vector<Term> chosen;
  std::vector<LoglinearModel>* out = nullptr;
  std::int64_t limit = 0;
  bool overflow = false;

  bool Allowed(Term term) const {
    if (TermOrder(term) <= 2) return true;
    for (Term rest = term; rest != 0; rest &= rest - 1) {
      const Term sub = term & ~(rest & (~rest + 1));
      if (std::find(chosen.begin(), chosen.end(), sub) == chosen.end()) return false;
    }
    return true;
  }

  void Visit(size_t index) {
    if (overflow) return;
    if (index == terms.size()) {
      if (static_cast<std::int64_t>(out->size()) >= limit) {
        overflow = true;
        return;
      }
      out->push_back(LoglinearModel::FromTerms(chosen));
      return;
    }
    Visit(index + 1);
    if (Allowed(terms[index])) {
      chosen.push_back(terms[index]);
      Visit(index + 1);
      chosen.pop_back();
    }
  }
};

}  // namespace

Result<std::vector<LoglinearModel>> HierarchicalModels(int list_count, int max_order,
                                                       std::int64_t limit) {
  if (list_count < 2 || list_count > 16) {
    return Status::InvalidArgument("the model search needs between 2 and 16 lists");
  }
  if (max_order < 1) return Status::InvalidArgument("the maximum interaction order must be >= 1");
  max_order = std::min(max_order, list_count - 1);
  Enumeration enumeration;
  const Term all = (Term{1} << list_count) - 1;
  for (Term term = 1; term <= all; ++term) {
    const int order = TermOrder(term);
    if (order >= 2 && order <= max_order) enumeration.terms.push_back(term);
  }
  std::stable_sort(enumeration.terms.begin(), enumeration.terms.end(),
                   [](Term a, Term b) { return TermOrder(a) < TermOrder(b); });
  if (max_order == 2 && enumeration.terms.size() >= 63) {
    return Status::InvalidArgument("too many lists for an exhaustive model search");
  }
  std::vector<LoglinearModel> models;
  enumeration.out = &models;
  enumeration.limit = limit;
  enumeration.Visit(0);
  if (enumeration.overflow) {
    return Status::InvalidArgument(
        "an exhaustive search over hierarchical models of " + std::to_string(list_count) +
        " lists with interactions up to order " + std::to_string(max_order) +
        " would fit more than " + std::to_string(limit) +
        " models; lower --max-order, merge small lists, or use --method stepwise");
  }
  // Main-effects model first, then by number of terms; enumeration order otherwise.
  std::stable_sort(models.begin(), models.end(), [](const auto& a, const auto& b) {
    return a.interactions.size() < b.interactions.size();
  });
  return models;
}

}  // namespace zicht::estimate
