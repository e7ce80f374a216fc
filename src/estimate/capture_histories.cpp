#include "zicht/estimate/capture_histories.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <charconv>
#include <map>
#include <unordered_map>

#include "zicht/core/person_values.hpp"

namespace zicht::estimate {
namespace {

constexpr int kMaxLists = 16;

constexpr StratumField kAllFields[] = {StratumField::kAgeGroup, StratumField::kGender,
                                       StratumField::kExploitationForm, StratumField::kDomestic};

bool Known(std::string_view value) {
  return !value.empty() && value != Vocabulary::kUnknown;
}

struct Person {
  std::uint32_t history = 0;
  std::vector<MajorityVote> votes;  // one per field
};

// Alphabetical, with "unknown" last.
bool ValueBefore(const std::string& a, const std::string& b) {
  const bool a_unknown = !Known(a), b_unknown = !Known(b);
  if (a_unknown != b_unknown) return b_unknown;
  return a < b;
}

CaptureTable EmptyTable(const std::vector<std::string>& lists) {
  CaptureTable table;
  table.lists = lists;
  table.counts.assign(std::size_t{1} << lists.size(), 0);
  return table;
}

std::optional<int> ParseYear(std::string_view text) {
  int year = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), year);
  if (error != std::errc{} || end != text.data() + text.size() || text.size() != 4) {
    return std::nullopt;
  }
  return year;
}

}  // namespace

const char* StratumFieldName(StratumField field) {
  switch (field) {
    case StratumField::kAgeGroup:
      return "age_group";
    case StratumField::kGender:
      return "gender";
    case StratumField::kExploitationForm:
      return "exploitation_form";
    case StratumField::kDomestic:
      return "domestic";
  }
  return "?";
}

Result<StratumField> ParseStratumField(std::string_view name) {
  for (StratumField field : kAllFields) {
    if (name == StratumFieldName(field)) return field;
  }
  return Status::InvalidArgument(fmt::format(
      "cannot stratify by `{}`; use age_group, gender, exploitation_form or domestic", name));
}

std::string RecordStratumValue(const Record& record, StratumField field,
                               const Vocabulary& vocabulary) {
  const std::string unknown(Vocabulary::kUnknown);
  switch (field) {
    case StratumField::kAgeGroup:
      return AgeGroupAtRegistration(vocabulary, record.age, record.birth_year,
                                    record.registration_date.year);
    case StratumField::kGender:
      return Known(record.gender) ? record.gender : unknown;
    case StratumField::kDomestic:
      return Known(record.domestic) ? record.domestic : unknown;
    case StratumField::kExploitationForm:
      for (const std::string& form : record.exploitation_forms) {
        if (Known(form)) return form;
      }
      return unknown;
  }
  return unknown;
}

Result<YearRange> ParseYearRange(std::string_view text) {
  const std::string_view usage = "give the years as A-B, e.g. 2015-2019, or one year";
  const std::size_t dash = text.find('-');
  const auto first = ParseYear(text.substr(0, dash));
  const auto last = dash == std::string_view::npos ? first : ParseYear(text.substr(dash + 1));
  if (!first || !last) {
    return Status::InvalidArgument(fmt::format("--years `{}`: {}", text, usage));
  }
  if (*first > *last) {
    return Status::InvalidArgument(
        fmt::format("--years `{}`: the first year comes after the last", text));
  }
  return YearRange{*first, *last};
}

Result<CaptureHistories> BuildCaptureHistories(const std::vector<Sighting>& sightings,
                                               const HistoryOptions& options) {
  const int k = static_cast<int>(options.lists.size());
  if (k < 2 || k > kMaxLists) {
    return Status::InvalidArgument(
        fmt::format("multiple systems estimation needs 2 to {} lists; there are {}", kMaxLists, k));
  }
  const std::size_t fields = options.fields.size();
  std::unordered_map<std::int64_t, Person> persons;
  CaptureHistories out;
  for (const Sighting& s : sightings) {
    if (s.person_id == 0) {
      return Status::InvalidArgument("a sighting has no person id (0): link the records first");
    }
    if (s.list < 0 || s.list >= k) {
      return Status::InvalidArgument(
          fmt::format("a sighting names list {} of {} lists", s.list, k));
    }
    if (s.values.size() != fields) {
      return Status::InvalidArgument(fmt::format(
          "a sighting has {} stratifying values for {} fields", s.values.size(), fields));
    }
    if (options.years && !options.years->Contains(s.registration_date.year)) {
      ++out.sightings_outside;
      continue;
    }
    ++out.sightings_used;
    Person& person = persons[s.person_id];
    person.history |= std::uint32_t{1} << s.list;
    if (person.votes.size() != fields) person.votes.resize(fields);
    for (std::size_t f = 0; f < fields; ++f) person.votes[f].Add(s.values[f], s.registration_date);
  }
  if (persons.empty()) {
    if (options.years) {
      return Status::InvalidData(fmt::format("no record was registered in {}-{}",
                                             options.years->first, options.years->last));
    }
    return Status::InvalidData("there are no records");
  }

  out.total = EmptyTable(options.lists);
  // Per field: value -> table.
  std::vector<std::map<std::string, CaptureTable>> strata(fields);
  for (const auto& [id, person] : persons) {
    ++out.total.counts[person.history];
    for (std::size_t f = 0; f < fields; ++f) {
      const std::string value = person.votes[f].Choose();
      auto [it, inserted] = strata[f].try_emplace(value);
      if (inserted) it->second = EmptyTable(options.lists);
      ++it->second.counts[person.history];
    }
  }
  for (std::size_t f = 0; f < fields; ++f) {
    std::vector<std::string> values;
    for (const auto& entry : strata[f]) values.push_back(entry.first);
    std::sort(values.begin(), values.end(), ValueBefore);
    for (const std::string& value : values) {
      out.strata.push_back({options.fields[f], value, std::move(strata[f][value])});
    }
  }
  return out;
}

}  // namespace zicht::estimate
