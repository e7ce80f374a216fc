// One person's value of a category when their records disagree, and the age group a record
// gives: the rules that the monitor's tables and the estimate's strata share (see
// docs/monitor.md, "How a person is counted").
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "zicht/core/date.hpp"
#include "zicht/core/vocabulary.hpp"

namespace zicht {

// Tallies the values a person's records give and chooses the known value (not empty, not
// "unknown") that most of them carry; a tie goes to the value registered first, then to the
// first in alphabetical order; "unknown" when none is known.
class MajorityVote {
 public:
  void Add(std::string_view value, Date registered) {
    if (value.empty() || value == Vocabulary::kUnknown) return;
    auto [it, inserted] = tallies_.try_emplace(std::string(value));
    if (inserted || registered < it->second.first) it->second.first = registered;
    ++it->second.count;
  }
  std::string Choose() const {
    const std::pair<const std::string, Tally>* best = nullptr;
    // The map is in alphabetical order, so keeping the first of equals settles the last tie.
    for (const auto& entry : tallies_) {
      if (best == nullptr || entry.second.count > best->second.count ||
          (entry.second.count == best->second.count && entry.second.first < best->second.first)) {
        best = &entry;
      }
    }
    return best == nullptr ? std::string(Vocabulary::kUnknown) : best->first;
  }

 private:
  struct Tally {
    std::int64_t count = 0;
    Date first;
  };
  std::map<std::string, Tally> tallies_;
};

// The vocabulary's age group of a record: from the age at registration; with only a birth
// year, the group of (registration year - birth year) if the age one less falls in the
// same group; else "unknown".
inline std::string AgeGroupAtRegistration(const Vocabulary& vocabulary, std::optional<int> age,
                                          std::optional<int> birth_year, int registration_year) {
  const std::string unknown(Vocabulary::kUnknown);
  if (age) {
    const std::string group = vocabulary.AgeGroupOf(*age);
    return group.empty() ? unknown : group;
  }
  if (birth_year) {
    const int oldest = registration_year - *birth_year;
    const std::string group = vocabulary.AgeGroupOf(oldest);
    if (!group.empty() && group == vocabulary.AgeGroupOf(oldest - 1)) return group;
  }
  return unknown;
}

}  // namespace zicht
