#include "zicht/monitor/release.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <optional>

namespace zicht::monitor {
namespace {

using privacy::LinearFact;
using Terms = std::vector<std::pair<std::size_t, std::int64_t>>;

// A cell key "first-last|conditions" taken apart.
struct Key {
  int first = 0;
  int last = 0;
  std::vector<std::string> conditions;
};

Key ParseKey(const std::string& text) {
  Key key;
  const auto bar = text.find('|');
  const std::string span = text.substr(0, bar);
  const auto dash = span.find('-');
  key.first = std::stoi(span.substr(0, dash));
  key.last = std::stoi(span.substr(dash + 1));
  std::string rest = bar == std::string::npos ? "" : text.substr(bar + 1);
  std::size_t start = 0;
  while (start < rest.size()) {
    const auto amp = rest.find('&', start);
    const std::string condition =
        rest.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
    if (!condition.empty()) key.conditions.push_back(condition);
    if (amp == std::string::npos) break;
    start = amp + 1;
  }
  return key;
}

std::string FormatKey(int first, int last, std::vector<std::string> conditions) {
  std::sort(conditions.begin(), conditions.end());
  conditions.erase(std::unique(conditions.begin(), conditions.end()), conditions.end());
  return fmt::format("{}-{}|{}", first, last, fmt::join(conditions, "&"));
}

std::string WithCondition(const std::string& key, const std::string& condition) {
  Key k = ParseKey(key);
  k.conditions.push_back(condition);
  return FormatKey(k.first, k.last, std::move(k.conditions));
}

std::string ConditionsOf(const Key& key) {
  return FormatKey(0, 0, key.conditions).substr(4);  // drop "0-0|"
}

class Builder {
 public:
  explicit Builder(const std::vector<Table>& tables) : tables_(tables) {}

  privacy::ReleaseProblem Build(ReleaseStatistics& statistics) {
    AddTables();
    AddMultiplicities();
    AddTimeFacts();
    AddSubsetFacts();
    statistics.published = published_cells_;
    statistics.unpublished = problem_.counts.size() - published_cells_;
    statistics.identities = identities_;
    statistics.facts = problem_.facts.size();
    return std::move(problem_);
  }

 private:
  std::size_t AddCell(std::int64_t count, bool published, const std::string& key) {
    const std::size_t i = problem_.counts.size();
    problem_.counts.push_back(count);
    problem_.published.push_back(published);
    keys_.push_back(key);
    if (!key.empty()) {
      const auto [it, added] = cell_of_key_.emplace(key, i);
      if (!added) {
        // Counted twice, in two tables: one and the same number.
        privacy::Relation identity;
        identity.total = it->second;
        identity.parts = {i};
        problem_.relations.push_back(std::move(identity));
        ++identities_;
      }
    }
    return i;
  }

  std::optional<std::size_t> Find(const std::string& key) const {
    const auto it = cell_of_key_.find(key);
    if (it == cell_of_key_.end()) return std::nullopt;
    return it->second;
  }

  // A fact that holds on the counts: kept, else left out (a reader who assumed it would
  // be wrong about this release).
  void AddFactIfTrue(Terms terms, LinearFact::Sense sense) {
    std::int64_t sum = 0;
    for (const auto& [cell, coefficient] : terms) sum += coefficient * problem_.counts[cell];
    const bool holds = sense == LinearFact::Sense::kEqual ? sum == 0 : sum <= 0;
    if (!holds || terms.empty()) return;
    problem_.facts.push_back({std::move(terms), sense});
  }

  void AddTables() {
    for (const Table& table : tables_) {
      const std::size_t offset = problem_.counts.size();
      offsets_.push_back(offset);
      for (std::size_t i = 0; i < table.counts.size(); ++i) {
        AddCell(table.counts[i], true, i < table.cell_keys.size() ? table.cell_keys[i] : "");
      }
      for (const privacy::Relation& relation : table.relations) {
        privacy::Relation shifted;
        shifted.total = relation.total + offset;
        for (std::size_t part : relation.parts) shifted.parts.push_back(part + offset);
        problem_.relations.push_back(std::move(shifted));
      }
    }
    published_cells_ = problem_.counts.size();
  }

  // The cell of `key`, or a new unpublished one holding `count`.
  std::size_t Unpublished(const std::string& key, std::int64_t count) {
    if (auto existing = Find(key)) return *existing;
    return AddCell(count, false, key);
  }

  void AddMultiplicities() {
    for (std::size_t t = 0; t < tables_.size(); ++t) {
      const Table& table = tables_[t];
      if (table.multiplicities.empty()) continue;
      std::optional<std::size_t> total_row;
      std::vector<std::size_t> value_rows;  // depth-0 rows other than the total
      bool has_unknown = false;
      for (std::size_t r = 0; r < table.rows_count(); ++r) {
        const Heading& h = table.row_headings[r];
        if (h.total) {
          total_row = r;
        } else if (h.depth == 0) {
          value_rows.push_back(r);
          has_unknown = has_unknown || h.unknown;
        }
      }
      if (!total_row || value_rows.empty()) continue;
      // "unknown" is a unit's only value when it has no known one.
      const std::size_t most = value_rows.size() - (has_unknown && value_rows.size() > 1 ? 1 : 0);
      const std::string dimension = table.multiplicity_key;
      for (std::size_t c = 0; c < table.columns_count(); ++c) {
        const std::size_t total = offsets_[t] + table.index(*total_row, c);
        const std::string base = keys_[total];
        const auto& histogram = table.multiplicities[c];
        std::vector<std::size_t> with;  // with[k - 1]: units with exactly k values
        for (std::size_t k = 1; k <= most; ++k) {
          const std::int64_t count = k <= histogram.size() ? histogram[k - 1] : 0;
          with.push_back(
              Unpublished(WithCondition(base, fmt::format("count({})={}", dimension, k)), count));
        }
        // The total is the sum of those with 1, 2, ... values.
        Terms terms{{total, 1}};
        for (std::size_t cell : with) terms.emplace_back(cell, -1);
        AddFactIfTrue(std::move(terms), LinearFact::Sense::kEqual);
        // The rows add up to 1 x those with one value + 2 x those with two + ...
        Terms weighted;
        for (std::size_t r : value_rows) weighted.emplace_back(offsets_[t] + table.index(r, c), 1);
        for (std::size_t k = 1; k <= with.size(); ++k) {
          weighted.emplace_back(with[k - 1], -static_cast<std::int64_t>(k));
        }
        AddFactIfTrue(std::move(weighted), LinearFact::Sense::kEqual);
        // A published "k or more" of the same units (the number of sources' "3 or more").
        for (std::size_t from = 2; from <= with.size(); ++from) {
          if (auto cell =
                  Find(WithCondition(base, fmt::format("count({})>={}", dimension, from)))) {
            Terms at_least{{*cell, 1}};
            for (std::size_t k = from; k <= with.size(); ++k)
              at_least.emplace_back(with[k - 1], -1);
            AddFactIfTrue(std::move(at_least), LinearFact::Sense::kEqual);
          }
        }
        if (dimension == DimensionName(Dimension::kSourceKind)) AddKindsAgainstSources(base, with);
      }
    }
  }

  // A person reported by k kinds of source was reported by k sources or more.
  void AddKindsAgainstSources(const std::string& base, const std::vector<std::size_t>& kinds) {
    const auto one = Find(WithCondition(base, "count(source)=1"));
    const auto two = Find(WithCondition(base, "count(source)=2"));
    const auto more = Find(WithCondition(base, "count(source)>=3"));
    if (!one || !two || !more) return;
    for (std::size_t from = 2; from <= kinds.size(); ++from) {
      Terms terms;
      for (std::size_t k = from; k <= kinds.size(); ++k) terms.emplace_back(kinds[k - 1], 1);
      terms.emplace_back(*more, -1);
      if (from == 2) terms.emplace_back(*two, -1);
      AddFactIfTrue(std::move(terms), LinearFact::Sense::kAtMost);
    }
    // Where every source is a kind of its own, a reader may take the two to be equal.
    AddFactIfTrue({{kinds[0], 1}, {*one, -1}}, LinearFact::Sense::kEqual);
    if (kinds.size() >= 2) AddFactIfTrue({{kinds[1], 1}, {*two, -1}}, LinearFact::Sense::kEqual);
    if (kinds.size() >= 3) {
      Terms terms{{*more, -1}};
      for (std::size_t k = 3; k <= kinds.size(); ++k) terms.emplace_back(kinds[k - 1], 1);
      AddFactIfTrue(std::move(terms), LinearFact::Sense::kEqual);
    }
  }

  // A period (or the whole range) against the years or shorter periods that tile it.
  void AddTimeFacts() {
    // Cells by their conditions, then by their span.
    std::map<std::string, std::map<std::pair<int, int>, std::size_t>> by_conditions;
    for (std::size_t i = 0; i < published_cells_; ++i) {
      if (keys_[i].empty()) continue;
      const Key key = ParseKey(keys_[i]);
      by_conditions[ConditionsOf(key)].emplace(std::make_pair(key.first, key.last), i);
    }
    for (const auto& [conditions, spans] : by_conditions) {
      for (const auto& [span, cell] : spans) {
        if (span.first == span.second) continue;
        // The years, then the longest shorter spans from the start.
        std::vector<std::vector<std::size_t>> tilings;
        std::vector<std::size_t> years;
        for (int y = span.first; y <= span.second; ++y) {
          const auto it = spans.find({y, y});
          if (it == spans.end()) {
            years.clear();
            break;
          }
          years.push_back(it->second);
        }
        if (!years.empty()) tilings.push_back(years);
        std::vector<std::size_t> pieces;
        for (int at = span.first; at <= span.second;) {
          std::optional<std::pair<std::pair<int, int>, std::size_t>> best;
          for (const auto& [other, other_cell] : spans) {
            if (other.first != at || other.second > span.second || other == span) continue;
            if (!best || other.second > best->first.second) best = {{other, other_cell}};
          }
          if (!best) {
            pieces.clear();
            break;
          }
          pieces.push_back(best->second);
          at = best->first.second + 1;
        }
        if (pieces.size() > 1 && pieces != years) tilings.push_back(pieces);
        for (const auto& tiling : tilings) {
          // A person of the period is a person of one of its parts at least...
          Terms at_most{{cell, 1}};
          for (std::size_t part : tiling) at_most.emplace_back(part, -1);
          AddFactIfTrue(std::move(at_most), LinearFact::Sense::kAtMost);
          // ...and usually keeps their values over it.
          for (std::size_t part : tiling) {
            AddFactIfTrue({{part, 1}, {cell, -1}}, LinearFact::Sense::kAtMost);
          }
        }
      }
    }
  }

  void AddSubsetFacts() {
    for (std::size_t t = 0; t < tables_.size(); ++t) {
      const Table& table = tables_[t];
      for (std::size_t i = 0; i < table.subset_of.size(); ++i) {
        if (table.subset_of[i].empty()) continue;
        const auto superset = Find(table.subset_of[i]);
        if (!superset) continue;
        const std::size_t cell = offsets_[t] + i;
        AddFactIfTrue({{cell, 1}, {*superset, -1}}, LinearFact::Sense::kAtMost);
        AddFactIfTrue({{cell, 1}, {*superset, -1}}, LinearFact::Sense::kEqual);
      }
    }
  }

  const std::vector<Table>& tables_;
  privacy::ReleaseProblem problem_;
  std::vector<std::string> keys_;
  std::map<std::string, std::size_t> cell_of_key_;
  std::vector<std::size_t> offsets_;
  std::size_t published_cells_ = 0;
  std::size_t identities_ = 0;
};

}  // namespace

std::string ReleaseStatistics::BriefReport() const {
  return fmt::format(
      "{} cells protected together ({} primary, {} secondary), linked by {} identities, {} "
      "facts and {} unpublished counts; {} linear programmes solved",
      published, primary, secondary, identities, facts, unpublished, linear_programmes);
}

privacy::ReleaseProblem ReleaseProblemOf(const std::vector<Table>& tables,
                                         ReleaseStatistics* statistics) {
  ReleaseStatistics local;
  return Builder(tables).Build(statistics != nullptr ? *statistics : local);
}

Result<ReleaseStatistics> ProtectTables(std::vector<Table>& tables, std::int64_t threshold,
                                        const privacy::ProtectionInterval& interval) {
  ReleaseStatistics statistics;
  const privacy::ReleaseProblem problem = ReleaseProblemOf(tables, &statistics);
  auto summary = privacy::ProtectRelease(problem, threshold, interval);
  if (!summary.ok()) return summary.status();
  statistics.primary = summary->suppression.primary;
  statistics.secondary = summary->suppression.secondary;
  statistics.linear_programmes = summary->linear_programmes;
  std::size_t offset = 0;
  for (Table& table : tables) {
    const auto first = summary->suppression.cells.begin() + static_cast<std::ptrdiff_t>(offset);
    ApplySuppression(table, {first, first + static_cast<std::ptrdiff_t>(table.counts.size())},
                     threshold);
    offset += table.counts.size();
  }
  return statistics;
}

}  // namespace zicht::monitor
