#include "zicht/estimate/loglinear_model.hpp"

#include <algorithm>
#include <bit>

namespace zicht::estimate {

int TermOrder(Term term) {
  return std::popcount(term);
}

std::string TermName(Term term, const std::vector<std::string>& lists) {
  std::string name;
  for (size_t j = 0; j < lists.size(); ++j) {
    if ((term >> j) & 1U) {
      if (!name.empty()) name += ':';
      name += lists[j];
    }
  }
  return name;
}

std::vector<std::string> TermLists(Term term, const std::vector<std::string>& lists) {
  std::vector<std::string> joined;
  for (size_t j = 0; j < lists.size(); ++j) {
    if ((term >> j) & 1U) joined.push_back(lists[j]);
  }
  return joined;
}

namespace {

bool TermLess(Term a, Term b) {
  const int order_a = TermOrder(a);
  const int order_b = TermOrder(b);
  return order_a != order_b ? order_a < order_b : a < b;
}

}  // namespace

LoglinearModel LoglinearModel::FromTerms(std::vector<Term> terms) {
  std::sort(terms.begin(), terms.end(), TermLess);
  terms.erase(std::unique(terms.begin(), terms.end()), terms.end());
  return LoglinearModel{std::move(terms)};
}

bool LoglinearModel::Contains(Term term) const {
  return std::find(interactions.begin(), interactions.end(), term) != interactions.end();
}

LoglinearModel LoglinearModel::With(Term term) const {
  std::vector<Term> terms = interactions;
  terms.push_back(term);
  return FromTerms(std::move(terms));
}

bool LoglinearModel::IsHierarchical() const {
  for (Term term : interactions) {
    if (TermOrder(term) <= 2) continue;
    for (Term rest = term; rest != 0; rest &= rest - 1) {
      const Term bit = rest & (~rest + 1);
      if (!Contains(term & ~bit)) return false;
    }
  }
  return true;
}

int LoglinearModel::MaxOrder() const {
  int order = 1;
  for (Term term : interactions) order = std::max(order, TermOrder(term));
  return order;
}

std::string LoglinearModel::Name(const std::vector<std::string>& lists) const {
  if (interactions.empty()) return "main effects only";
  std::string name;
  for (Term term : interactions) {
    if (!name.empty()) name += " + ";
    name += TermName(term, lists);
  }
  return name;
}

namespace {

std::vector<Term> MaximalTerms(const std::vector<Term>& interactions) {
  std::vector<Term> maximal;
  for (Term term : interactions) {
    const bool inside_larger = std::any_of(interactions.begin(), interactions.end(),
                                           [&](Term o) { return o != term && (o & term) == term; });
    if (!inside_larger) maximal.push_back(term);
  }
  return maximal;
}

}  // namespace

std::vector<std::vector<std::string>> LoglinearModel::GeneratingTerms(
    const std::vector<std::string>& lists) const {
  std::vector<std::vector<std::string>> terms;
  for (Term term : MaximalTerms(interactions)) terms.push_back(TermLists(term, lists));
  return terms;
}

std::string LoglinearModel::GeneratingClass(const std::vector<std::string>& lists) const {
  const std::vector<Term> maximal = MaximalTerms(interactions);
  if (maximal.empty()) return "[main effects only]";
  std::string name = "[";
  for (size_t i = 0; i < maximal.size(); ++i) {
    if (i > 0) name += ", ";
    name += TermName(maximal[i], lists);
  }
  return name + "]";
}

LoglinearModel HierarchicalClosure(const LoglinearModel& model) {
  std::vector<Term> terms;
  for (Term term : model.interactions) {
    // Every subset of two or more lists of `term`.
    for (Term sub = term; sub != 0; sub = (sub - 1) & term) {
      if (TermOrder(sub) >= 2) terms.push_back(sub);
    }
  }
  return LoglinearModel::FromTerms(std::move(terms));
}

Result<LoglinearModel> ParseModel(std::string_view text, const std::vector<std::string>& lists) {
  std::vector<Term> terms;
  std::string token;
  auto finish_token = [&]() -> Status {
    if (token.empty() || token == "main") {
      token.clear();
      return Status::Ok();
    }
    Term term = 0;
    size_t start = 0;
    while (start <= token.size()) {
      size_t colon = token.find(':', start);
      if (colon == std::string::npos) colon = token.size();
      const std::string name = token.substr(start, colon - start);
      const auto found = std::find(lists.begin(), lists.end(), name);
      if (found == lists.end()) {
        std::string known;
        for (const std::string& list : lists) known += (known.empty() ? "" : ", ") + list;
        return Status::InvalidArgument("model term `" + token + "` names an unknown list `" + name +
                                       "` (the lists are " + known + ")");
      }
      term |= Term{1} << (found - lists.begin());
      start = colon + 1;
    }
    if (TermOrder(term) < 2) {
      return Status::InvalidArgument("model term `" + token +
                                     "` must join two or more different lists with ':'");
    }
    terms.push_back(term);
    token.clear();
    return Status::Ok();
  };
  for (char c : text) {
    if (c == ',' || c == '+' || c == ' ' || c == '\t') {
      ZICHT_RETURN_IF_ERROR(finish_token());
    } else {
      token += c;
    }
  }
  ZICHT_RETURN_IF_ERROR(finish_token());
  return HierarchicalClosure(LoglinearModel::FromTerms(std::move(terms)));
}

}  // namespace zicht::estimate
