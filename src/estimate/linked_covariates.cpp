#include "zicht/estimate/linked_covariates.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <utility>

#include "listed_sightings.hpp"

namespace zicht::estimate {
namespace {

constexpr int kMaxLists = 16;

bool Known(const std::string& value) {
  return !value.empty() && value != Vocabulary::kUnknown;
}

// What a unit's counted records say about one covariate.
struct Agreement {
  std::string value;  // empty while no record has known it
  bool disagree = false;

  void Add(const std::string& seen) {
    if (!Known(seen) || disagree) return;
    if (value.empty()) {
      value = seen;
    } else if (value != seen) {
      disagree = true;
    }
  }
};

struct Unit {
  std::uint32_t history = 0;
  std::vector<Agreement> values;  // per covariate other than the year
};

int YearPosition(const std::vector<std::string>& covariates) {
  const auto at = std::find(covariates.begin(), covariates.end(), kYearCovariate);
  return at == covariates.end() ? -1 : static_cast<int>(at - covariates.begin());
}

Status CheckSighting(const CovariateSighting& s, int lists, std::size_t values) {
  if (s.person_id == 0) {
    return Status::InvalidArgument("a sighting has no person id (0): link the records first");
  }
  if (s.list < 0 || s.list >= lists) {
    return Status::InvalidArgument(
        fmt::format("a sighting names list {} of {} lists", s.list, lists));
  }
  if (s.values.size() != values) {
    return Status::InvalidArgument(fmt::format(
        "a sighting has {} covariate values for {} covariates", s.values.size(), values));
  }
  return Status::Ok();
}

// The level index of `value` in `levels`, added when new.
int LevelIndex(std::vector<std::string>& levels, const std::string& value) {
  const auto at = std::find(levels.begin(), levels.end(), value);
  if (at != levels.end()) return static_cast<int>(at - levels.begin());
  levels.push_back(value);
  return static_cast<int>(levels.size()) - 1;
}

Result<std::vector<StratumField>> CovariateFields(const std::vector<std::string>& covariates) {
  std::vector<StratumField> fields;
  for (std::size_t i = 0; i < covariates.size(); ++i) {
    if (std::find(covariates.begin(), covariates.begin() + static_cast<std::ptrdiff_t>(i),
                  covariates[i]) != covariates.begin() + static_cast<std::ptrdiff_t>(i)) {
      return Status::InvalidArgument(fmt::format("covariate `{}` is named twice", covariates[i]));
    }
    if (covariates[i] == kYearCovariate) continue;
    Result<StratumField> field = ParseStratumField(covariates[i]);
    if (!field.ok()) {
      return Status::InvalidArgument(fmt::format(
          "`{}` is not a covariate of the store; use year, age_group, gender, exploitation_form or "
          "domestic",
          covariates[i]));
    }
    fields.push_back(*field);
  }
  if (covariates.empty()) return Status::InvalidArgument("name at least one covariate");
  return fields;
}

}  // namespace

Result<LinkedCovariates> BuildLinkedCovariateTable(const std::vector<CovariateSighting>& sightings,
                                                   const CovariateHistoryOptions& options) {
  const int k = static_cast<int>(options.lists.size());
  if (k < 2 || k > kMaxLists) {
    return Status::InvalidArgument(
        fmt::format("multiple systems estimation needs 2 to {} lists; there are {}", kMaxLists, k));
  }
  const int year_at = YearPosition(options.covariates);
  const std::size_t fields = options.covariates.size() - (year_at >= 0 ? 1 : 0);
  LinkedCovariates out;
  // A unit is a person, or a person in a year when the year is a covariate.
  std::map<std::pair<std::int64_t, int>, Unit> units;
  for (const CovariateSighting& s : sightings) {
    ZICHT_RETURN_IF_ERROR(CheckSighting(s, k, fields));
    if (options.years && !options.years->Contains(s.year)) {
      ++out.records_outside;
      continue;
    }
    ++out.records_used;
    Unit& unit = units[{s.person_id, year_at >= 0 ? s.year : 0}];
    unit.history |= std::uint32_t{1} << s.list;
    unit.values.resize(fields);
    for (std::size_t f = 0; f < fields; ++f) unit.values[f].Add(s.values[f]);
  }
  if (units.empty()) {
    if (options.years) {
      return Status::InvalidData(fmt::format("no record was registered in {}-{}",
                                             options.years->first, options.years->last));
    }
    return Status::InvalidData("there are no records");
  }
  CovariateTable& table = out.table;
  table.lists = options.lists;
  table.covariates = options.covariates;
  table.levels.resize(options.covariates.size());
  out.unknown.assign(options.covariates.size(), 0);
  out.disagreeing.assign(options.covariates.size(), 0);
  for (const auto& [key, unit] : units) {
    CovariateRow row{unit.history, {}, 1.0};
    std::size_t f = 0;
    for (std::size_t v = 0; v < options.covariates.size(); ++v) {
      if (static_cast<int>(v) == year_at) {
        row.levels.push_back(LevelIndex(table.levels[v], std::to_string(key.second)));
        continue;
      }
      const Agreement& said = unit.values[f++];
      if (said.disagree || said.value.empty()) {
        ++(said.disagree ? out.disagreeing : out.unknown)[v];
        row.levels.push_back(kMissingLevel);
      } else {
        row.levels.push_back(LevelIndex(table.levels[v], said.value));
      }
    }
    table.rows.push_back(std::move(row));
  }
  Result<CovariateTable> normalised = NormaliseCovariateTable(std::move(table));
  if (!normalised.ok()) return normalised.status();
  out.table = std::move(normalised.value());
  return out;
}

Result<LinkedCovariates> CovariateTableFromStore(store::Store& store, const Vocabulary& vocabulary,
                                                 const LinkedCovariateOptions& options) {
  Result<std::vector<StratumField>> fields = CovariateFields(options.covariates);
  if (!fields.ok()) return fields.status();
  auto listed = internal::ReadListedSightings(store, vocabulary, options.lists,
                                              options.lists_origin, *fields);
  if (!listed.ok()) return listed.status();
  std::vector<CovariateSighting> sightings;
  sightings.reserve(listed->sightings.size());
  for (Sighting& s : listed->sightings) {
    sightings.push_back({s.person_id, s.list, s.registration_date.year, std::move(s.values)});
  }
  CovariateHistoryOptions history;
  history.lists = listed->lists.names();
  history.covariates = options.covariates;
  history.years = options.years;
  Result<LinkedCovariates> built = BuildLinkedCovariateTable(sightings, history);
  if (!built.ok()) return built.status();
  built->lists = std::move(listed->lists);
  built->warnings = std::move(listed->warnings);
  built->excluded_records = std::move(listed->excluded_records);
  built->records = listed->records;
  return built;
}

}  // namespace zicht::estimate
