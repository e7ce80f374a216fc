#include "zicht/monitor/tables.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>
#include <set>
#include <unordered_map>

#include "zicht/core/person_values.hpp"

namespace zicht::monitor {
namespace {

const std::string kUnknown(Vocabulary::kUnknown);

bool Known(const std::string& value) {
  return !value.empty() && value != kUnknown;
}

// ---------------------------------------------------------------------------------------
// A person's values in one stretch of time.

struct UnitValues {
  std::string gender, age_group, minor, minor_band, nationality, domestic, sector, visibility,
      unaccompanied, source_count;
  std::vector<std::string> forms, sources, kinds;
};

std::string MinorBandOf(const Registration& r, const Vocabulary& vocabulary) {
  if (!r.age) return kUnknown;
  if (*r.age < vocabulary.young_minor_below()) return "under_15";
  if (*r.age < vocabulary.age_of_majority()) return "15_17";
  return kUnknown;
}

UnitValues ValuesOf(const std::vector<const Registration*>& group, const Vocabulary& vocabulary) {
  MajorityVote gender, age_group, minor, nationality, domestic, sector, unaccompanied;
  std::set<std::string> forms, sources, kinds;
  // The age band among minors, kept apart so that an age-less "minor" does not outvote it.
  MajorityVote band;
  for (const Registration* r : group) {
    const Date date = r->registration_date;
    gender.Add(r->gender, date);
    age_group.Add(
        AgeGroupAtRegistration(vocabulary, r->age, r->birth_year, r->registration_date.year), date);
    if (r->minor) minor.Add(*r->minor ? "minor" : "adult", date);
    if (r->minor.value_or(false)) band.Add(MinorBandOf(*r, vocabulary), date);
    nationality.Add(r->nationality, date);
    domestic.Add(r->domestic, date);
    sector.Add(r->sector, date);
    if (r->unaccompanied_minor) unaccompanied.Add(*r->unaccompanied_minor ? "yes" : "no", date);
    for (const std::string& form : r->exploitation_forms) {
      if (Known(form)) forms.insert(form);
    }
    sources.insert(r->source);
    kinds.insert(r->source_kind);
  }
  UnitValues v;
  v.gender = gender.Choose();
  v.age_group = age_group.Choose();
  v.minor = minor.Choose();
  v.minor_band = v.minor == "minor" ? band.Choose() : kUnknown;
  if (v.minor == "minor" && !Known(v.minor_band)) v.minor_band = "age_unknown";
  v.nationality = nationality.Choose();
  v.domestic = domestic.Choose();
  v.sector = sector.Choose();
  v.visibility = Known(v.sector) ? vocabulary.VisibilityOf(v.sector) : kUnknown;
  if (v.visibility.empty()) v.visibility = kUnknown;
  v.unaccompanied = unaccompanied.Choose();
  v.forms.assign(forms.begin(), forms.end());
  if (v.forms.empty()) v.forms.push_back(kUnknown);
  v.sources.assign(sources.begin(), sources.end());
  v.kinds.assign(kinds.begin(), kinds.end());
  v.source_count = sources.size() >= 3 ? "3+" : std::to_string(sources.size());
  return v;
}

// A year, a period, or the whole range.
struct Bucket {
  std::string name;
  int first = 0;
  int last = 0;
};

// The units (persons or records) registered in one bucket, with their values.
std::vector<UnitValues> UnitsIn(const std::vector<const Registration*>& sorted,
                                const Bucket& bucket, const Vocabulary& vocabulary) {
  std::vector<UnitValues> units;
  std::vector<const Registration*> group;
  auto flush = [&] {
    if (!group.empty()) units.push_back(ValuesOf(group, vocabulary));
    group.clear();
  };
  std::int64_t current = -1;
  for (const Registration* r : sorted) {
    const int year = r->registration_date.year;
    if (year < bucket.first || year > bucket.last) continue;
    if (r->unit_id != current) {
      flush();
      current = r->unit_id;
    }
    group.push_back(r);
  }
  flush();
  return units;
}

// ---------------------------------------------------------------------------------------
// The headings of one dimension and how they add up.

struct Axis {
  std::vector<Heading> headings;
  std::vector<int> parent;  // index of the group a heading adds up into, or -1
  int total = -1;           // the heading of all units, or -1 (years, periods)
  bool additive = false;    // do the depth-0 headings add up to the total?
  std::map<std::string, int> index;

  int Add(Heading heading, int parent_index = -1) {
    const int i = static_cast<int>(headings.size());
    index[heading.key] = i;
    headings.push_back(std::move(heading));
    parent.push_back(parent_index);
    return i;
  }
  int Find(const std::string& key) const {
    const auto it = index.find(key);
    return it == index.end() ? -1 : it->second;
  }
};

Heading Make(std::string key, std::string en, std::string nl, int depth = 0) {
  Heading h;
  h.unknown = key == kUnknown;
  h.key = std::move(key);
  h.en = std::move(en);
  h.nl = std::move(nl);
  h.depth = depth;
  return h;
}

void AddUnknown(Axis& axis) {
  axis.Add(Make(kUnknown, "Unknown", "Onbekend"));
}

void AddTotal(Axis& axis, bool additive) {
  Heading h =
      additive ? Make("total", "Total", "Totaal") : Make("total", "All persons", "Alle personen");
  h.total = true;
  axis.total = axis.Add(std::move(h));
  axis.additive = additive;
}

void AddCategories(Axis& axis, const std::vector<Category>& categories) {
  bool has_unknown = false;
  for (const Category& c : categories) {
    if (c.name == kUnknown) {
      has_unknown = true;
      continue;
    }
    axis.Add(Make(c.name, c.label_en, c.label_nl));
  }
  (void)has_unknown;
  AddUnknown(axis);  // always last
}

struct AxisContext {
  const Vocabulary* vocabulary = nullptr;
  std::vector<std::string> top_nationalities;
  std::vector<std::string> sources;
  std::vector<Bucket> buckets;  // for a time axis
};

Axis MakeAxis(Dimension dimension, const AxisContext& context) {
  const Vocabulary& vocabulary = *context.vocabulary;
  Axis axis;
  switch (dimension) {
    case Dimension::kAll:
      AddTotal(axis, true);
      axis.headings.back().en = "Registered";
      axis.headings.back().nl = "Geregistreerd";
      break;
    case Dimension::kYear:
    case Dimension::kPeriod:
      for (const Bucket& bucket : context.buckets)
        axis.Add(Make(bucket.name, bucket.name, bucket.name));
      break;
    case Dimension::kGender:
      AddCategories(axis, vocabulary.CategoriesOf(Field::kGender));
      AddTotal(axis, true);
      break;
    case Dimension::kDomestic:
      AddCategories(axis, vocabulary.CategoriesOf(Field::kDomestic));
      AddTotal(axis, true);
      break;
    case Dimension::kAgeGroup:
      for (const AgeGroup& group : vocabulary.age_groups()) {
        axis.Add(Make(group.name, group.name, group.name));
      }
      AddUnknown(axis);
      AddTotal(axis, true);
      break;
    case Dimension::kMinor: {
      const int minor = axis.Add(Make("minor", "Minors", "Minderjarigen"));
      axis.Add(Make("under_15", fmt::format("younger than {}", vocabulary.young_minor_below()),
                    fmt::format("jonger dan {}", vocabulary.young_minor_below()), 1),
               minor);
      axis.Add(Make("15_17",
                    fmt::format("{} to {}", vocabulary.young_minor_below(),
                                vocabulary.age_of_majority() - 1),
                    fmt::format("{} tot en met {}", vocabulary.young_minor_below(),
                                vocabulary.age_of_majority() - 1),
                    1),
               minor);
      axis.Add(Make("age_unknown", "age unknown", "leeftijd onbekend", 1), minor);
      axis.Add(Make("adult", "Adults", "Meerderjarigen"));
      AddUnknown(axis);
      AddTotal(axis, true);
      break;
    }
    case Dimension::kNationality:
      for (const std::string& code : context.top_nationalities) axis.Add(Make(code, code, code));
      axis.Add(Make("other", "Other nationalities", "Overige nationaliteiten"));
      AddUnknown(axis);
      AddTotal(axis, true);
      break;
    case Dimension::kExploitationForm:
      AddCategories(axis, vocabulary.CategoriesOf(Field::kExploitationForm));
      AddTotal(axis, false);
      break;
    case Dimension::kSector: {
      const auto& sectors = vocabulary.CategoriesOf(Field::kSector);
      for (const Category& visibility : vocabulary.visibilities()) {
        const int group = axis.Add(Make(visibility.name, visibility.label_en, visibility.label_nl));
        for (const Category& sector : sectors) {
          if (sector.visibility == visibility.name) {
            axis.Add(Make(sector.name, sector.label_en, sector.label_nl, 1), group);
          }
        }
      }
      AddUnknown(axis);
      AddTotal(axis, true);
      break;
    }
    case Dimension::kVisibility:
      for (const Category& visibility : vocabulary.visibilities()) {
        axis.Add(Make(visibility.name, visibility.label_en, visibility.label_nl));
      }
      AddUnknown(axis);
      AddTotal(axis, true);
      break;
    case Dimension::kUnaccompaniedMinor:
      axis.Add(Make("yes", "Unaccompanied", "Alleenstaand"));
      axis.Add(Make("no", "Not unaccompanied", "Niet alleenstaand"));
      AddUnknown(axis);
      AddTotal(axis, true);
      break;
    case Dimension::kSource:
      for (const std::string& source : context.sources) axis.Add(Make(source, source, source));
      AddTotal(axis, false);
      break;
    case Dimension::kSourceKind:
      for (const Category& kind : vocabulary.source_kinds()) {
        axis.Add(Make(kind.name, kind.label_en, kind.label_nl));
      }
      AddTotal(axis, false);
      break;
    case Dimension::kSourceCount:
      axis.Add(Make("1", "1 source", "1 melder"));
      axis.Add(Make("2", "2 sources", "2 melders"));
      axis.Add(Make("3+", "3 or more sources", "3 of meer melders"));
      AddTotal(axis, true);
      break;
  }
  return axis;
}

// The unit's values of a (non-time) dimension.
std::vector<std::string> ValuesFor(Dimension dimension, const UnitValues& v,
                                   const std::vector<std::string>& top_nationalities) {
  switch (dimension) {
    case Dimension::kAll:
    case Dimension::kYear:
    case Dimension::kPeriod:
      return {};
    case Dimension::kGender:
      return {v.gender};
    case Dimension::kAgeGroup:
      return {v.age_group};
    case Dimension::kMinor:
      return {v.minor == "minor" ? v.minor_band : v.minor};
    case Dimension::kNationality:
      if (!Known(v.nationality)) return {kUnknown};
      if (std::find(top_nationalities.begin(), top_nationalities.end(), v.nationality) ==
          top_nationalities.end()) {
        return {"other"};
      }
      return {v.nationality};
    case Dimension::kDomestic:
      return {v.domestic};
    case Dimension::kExploitationForm:
      return v.forms;
    case Dimension::kSector:
      return {v.sector};
    case Dimension::kVisibility:
      return {v.visibility};
    case Dimension::kUnaccompaniedMinor:
      return {v.unaccompanied};
    case Dimension::kSource:
      return v.sources;
    case Dimension::kSourceKind:
      return v.kinds;
    case Dimension::kSourceCount:
      return {v.source_count};
  }
  return {};
}

// Does the unit have `wanted` among its values of `dimension` (a group such as "minor" or
// "visible" matches its parts)?
bool Matches(Dimension dimension, const std::string& wanted, const UnitValues& v,
             const std::vector<std::string>& top_nationalities) {
  if (dimension == Dimension::kMinor) {
    if (wanted == "minor" || wanted == "adult") return v.minor == wanted;
  }
  if (dimension == Dimension::kNationality) return v.nationality == wanted;
  if (dimension == Dimension::kSector && wanted != kUnknown && wanted == v.visibility) return true;
  const auto values = ValuesFor(dimension, v, top_nationalities);
  return std::find(values.begin(), values.end(), wanted) != values.end();
}

// Heading indices a value counts in: itself, its groups, and the total.
void PositionsOf(const Axis& axis, const std::vector<std::string>& values, std::vector<int>& out) {
  out.clear();
  for (const std::string& value : values) {
    int i = axis.Find(value);
    if (i < 0) i = axis.Find(kUnknown);
    while (i >= 0) {
      if (std::find(out.begin(), out.end(), i) == out.end()) out.push_back(i);
      i = axis.parent[static_cast<std::size_t>(i)];
    }
  }
  if (axis.total >= 0) out.push_back(axis.total);
}

// The relations one axis gives: each group adds up its parts; the depth-0 headings add up
// to the total when the dimension has one value per unit.
std::vector<std::pair<int, std::vector<int>>> AxisRelations(const Axis& axis) {
  std::vector<std::pair<int, std::vector<int>>> relations;
  std::map<int, std::vector<int>> groups;
  for (std::size_t i = 0; i < axis.headings.size(); ++i) {
    if (axis.parent[i] >= 0) groups[axis.parent[i]].push_back(static_cast<int>(i));
  }
  for (auto& [group, parts] : groups) relations.emplace_back(group, std::move(parts));
  if (axis.total >= 0 && axis.additive) {
    std::vector<int> parts;
    for (std::size_t i = 0; i < axis.headings.size(); ++i) {
      if (static_cast<int>(i) != axis.total && axis.parent[i] < 0)
        parts.push_back(static_cast<int>(i));
    }
    if (!parts.empty()) relations.emplace_back(axis.total, std::move(parts));
  }
  return relations;
}

// What a heading of `dimension` selects, as a condition of a cell's key ("" for a total):
// the same persons get the same condition in every table, whichever way they are reached.
std::string ConditionOf(Dimension dimension, const Heading& heading) {
  if (heading.total || dimension == Dimension::kAll) return "";
  const std::string name = DimensionName(dimension);
  switch (dimension) {
    case Dimension::kSector:
      // A visibility group selects what the visibility table's row does; the unknown
      // sector is the unknown visibility.
      if (heading.unknown) return "visibility=unknown";
      if (heading.depth == 0) return "visibility=" + heading.key;
      return "sector=" + heading.key;
    case Dimension::kVisibility:
      return "visibility=" + heading.key;
    case Dimension::kSourceCount:
      // The persons reported by exactly k sources are the units with k values of `source`.
      if (heading.key == "3+") return "count(source)>=3";
      return "count(source)=" + heading.key;
    default:
      return name + "=" + heading.key;
  }
}

std::string ConditionOfWhere(Dimension dimension, const std::string& value) {
  Heading heading;
  heading.key = value;
  heading.unknown = value == kUnknown;
  heading.depth = dimension == Dimension::kSector ? 1 : 0;
  return ConditionOf(dimension, heading);
}

std::string CellKey(int first, int last, std::vector<std::string> conditions) {
  conditions.erase(std::remove(conditions.begin(), conditions.end(), std::string()),
                   conditions.end());
  std::sort(conditions.begin(), conditions.end());
  conditions.erase(std::unique(conditions.begin(), conditions.end()), conditions.end());
  return fmt::format("{}-{}|{}", first, last, fmt::join(conditions, "&"));
}

std::vector<std::string> ValuesOfDimension(const Axis& axis) {
  std::vector<std::string> values;
  for (const Heading& h : axis.headings) {
    if (!h.total) values.push_back(h.key);
  }
  return values;
}

void AddShares(Table& table, const Axis& rows) {
  table.has_shares = true;
  table.shares.assign(table.counts.size(), std::nullopt);
  const int unknown = rows.Find(kUnknown);
  if (rows.total < 0) return;
  for (std::size_t c = 0; c < table.columns_count(); ++c) {
    const std::int64_t total = table.count(static_cast<std::size_t>(rows.total), c);
    const std::int64_t known =
        total - (unknown >= 0 ? table.count(static_cast<std::size_t>(unknown), c) : 0);
    if (known <= 0) continue;
    for (std::size_t r = 0; r < table.rows_count(); ++r) {
      if (static_cast<int>(r) == rows.total || static_cast<int>(r) == unknown) continue;
      table.shares[table.index(r, c)] = WilsonInterval(table.count(r, c), known);
    }
  }
}

// Units by the exact combination of kinds of source that registered them over `whole`,
// then each kind's total, then the total: what the report's overlap chart shows.
Table OverlapTable(const std::vector<UnitValues>& units, const Bucket& whole,
                   const Vocabulary& vocabulary, const TableOptions& options) {
  std::vector<std::string> kinds;  // in vocabulary order, those present; others after
  std::set<std::string> present;
  for (const UnitValues& v : units) present.insert(v.kinds.begin(), v.kinds.end());
  for (const Category& kind : vocabulary.source_kinds()) {
    if (present.count(kind.name)) kinds.push_back(kind.name);
  }
  for (const std::string& kind : present) {
    if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end()) kinds.push_back(kind);
  }
  auto label = [&](const std::string& kind, bool nl) {
    for (const Category& c : vocabulary.source_kinds()) {
      if (c.name == kind) return nl ? c.label_nl : c.label_en;
    }
    return kind;
  };
  std::map<std::vector<std::size_t>, std::int64_t> combinations;
  for (const UnitValues& v : units) {
    std::vector<std::size_t> combination;
    for (std::size_t k = 0; k < kinds.size(); ++k) {
      if (std::find(v.kinds.begin(), v.kinds.end(), kinds[k]) != v.kinds.end()) {
        combination.push_back(k);
      }
    }
    ++combinations[combination];
  }
  Table table;
  table.id = kOverlapTableId;
  table.title_en = "Persons by the kinds of source that reported them";
  table.title_nl = "Personen naar de soorten melders die hen meldden";
  table.rows = Dimension::kSourceKind;
  table.columns = Dimension::kAll;
  table.unit = options.unit;
  table.column_headings.push_back(Make(whole.name, whole.name, whole.name));
  std::vector<std::vector<std::size_t>> members;
  for (const auto& [combination, count] : combinations) {
    std::vector<std::string> keys, en, nl;
    for (std::size_t k : combination) {
      keys.push_back(kinds[k]);
      en.push_back(label(kinds[k], false));
      nl.push_back(label(kinds[k], true));
    }
    table.row_headings.push_back(Make(fmt::format("{}", fmt::join(keys, "+")),
                                      fmt::format("{}", fmt::join(en, " + ")),
                                      fmt::format("{}", fmt::join(nl, " + "))));
    table.counts.push_back(count);
    table.cell_keys.push_back(
        CellKey(whole.first, whole.last, {fmt::format("source_kinds=={}", fmt::join(keys, "+"))}));
    members.push_back(combination);
  }
  const std::size_t n = table.counts.size();
  for (std::size_t k = 0; k < kinds.size(); ++k) {
    Heading h = Make("kind:" + kinds[k], label(kinds[k], false) + ", in all",
                     label(kinds[k], true) + ", in totaal", 0);
    privacy::Relation relation;
    relation.total = table.counts.size();
    std::int64_t sum = 0;
    for (std::size_t c = 0; c < n; ++c) {
      if (std::find(members[c].begin(), members[c].end(), k) != members[c].end()) {
        relation.parts.push_back(c);
        sum += table.counts[c];
      }
    }
    table.row_headings.push_back(std::move(h));
    table.counts.push_back(sum);
    table.cell_keys.push_back(CellKey(whole.first, whole.last, {"source_kind=" + kinds[k]}));
    table.relations.push_back(std::move(relation));
  }
  Heading total = Make("total", "All persons", "Alle personen");
  total.total = true;
  privacy::Relation relation;
  relation.total = table.counts.size();
  for (std::size_t c = 0; c < n; ++c) relation.parts.push_back(c);
  table.row_headings.push_back(std::move(total));
  table.counts.push_back(static_cast<std::int64_t>(units.size()));
  table.cell_keys.push_back(CellKey(whole.first, whole.last, {}));
  table.relations.push_back(std::move(relation));
  return table;
}

}  // namespace

Result<std::vector<Table>> BuildTables(const std::vector<Registration>& registrations,
                                       const MonitorConfig& config, const Vocabulary& vocabulary,
                                       const TableOptions& options) {
  std::vector<const Registration*> sorted;
  sorted.reserve(registrations.size());
  for (const Registration& r : registrations) sorted.push_back(&r);
  std::sort(sorted.begin(), sorted.end(), [](const Registration* a, const Registration* b) {
    if (a->unit_id != b->unit_id) return a->unit_id < b->unit_id;
    return a->registration_date < b->registration_date;
  });

  std::vector<Bucket> years;
  for (int year = options.first_year; year <= options.last_year; ++year) {
    years.push_back({std::to_string(year), year, year});
  }
  std::vector<Bucket> periods;
  for (const Period& period : config.periods) {
    const int first = std::max(period.first, options.first_year);
    const int last = std::min(period.last, options.last_year);
    // A period cut by the years is named by what it covers, so that no reader takes
    // 2018-2019 for 2017-2019.
    const bool cut = first != period.first || last != period.last;
    if (first <= last) {
      periods.push_back(
          {cut ? (first == last ? std::to_string(first) : fmt::format("{}-{}", first, last))
               : period.name,
           first, last});
    }
  }
  const Bucket whole{fmt::format("{}-{}", options.first_year, options.last_year),
                     options.first_year, options.last_year};

  // Units per bucket, computed once per bucket that a table needs.
  std::map<std::string, std::vector<UnitValues>> cache;
  auto units_of = [&](const Bucket& bucket) -> const std::vector<UnitValues>& {
    const std::string key = fmt::format("{}:{}-{}", bucket.name, bucket.first, bucket.last);
    auto it = cache.find(key);
    if (it == cache.end()) it = cache.emplace(key, UnitsIn(sorted, bucket, vocabulary)).first;
    return it->second;
  };

  AxisContext context;
  context.vocabulary = &vocabulary;
  {
    std::map<std::string, std::int64_t> by_nationality;
    for (const UnitValues& v : units_of(whole)) {
      if (Known(v.nationality)) ++by_nationality[v.nationality];
    }
    std::vector<std::pair<std::string, std::int64_t>> ranked(by_nationality.begin(),
                                                             by_nationality.end());
    std::stable_sort(ranked.begin(), ranked.end(),
                     [](const auto& a, const auto& b) { return a.second > b.second; });
    for (std::size_t i = 0;
         i < ranked.size() && i < static_cast<std::size_t>(config.top_nationalities); ++i) {
      context.top_nationalities.push_back(ranked[i].first);
    }
    std::set<std::string> sources;
    for (const Registration& r : registrations) sources.insert(r.source);
    context.sources.assign(sources.begin(), sources.end());
  }

  std::vector<Table> tables;
  for (const TableSpec& spec : config.tables) {
    // Check `where` values against their dimension's headings.
    for (const auto& [dimension, value] : spec.where) {
      const Axis axis = MakeAxis(dimension, context);
      const auto values = ValuesOfDimension(axis);
      const bool group = dimension == Dimension::kMinor && value == "minor";
      if (!group && std::find(values.begin(), values.end(), value) == values.end()) {
        return Status::InvalidArgument(
            fmt::format("table {}: `{}` is not a value of {} (values: {})", spec.id, value,
                        DimensionName(dimension), fmt::join(values, ", ")));
      }
    }
    std::vector<std::pair<std::string, std::vector<Bucket>>> slices;  // slice name, column buckets
    if (spec.per == Dimension::kYear) {
      for (const Bucket& b : years) slices.push_back({b.name, {b}});
    } else if (spec.per == Dimension::kPeriod) {
      for (const Bucket& b : periods) slices.push_back({b.name, {b}});
    } else if (spec.columns == Dimension::kYear) {
      slices.push_back({"", years});
    } else if (spec.columns == Dimension::kPeriod) {
      slices.push_back({"", periods});
    } else {
      slices.push_back({"", {whole}});
    }
    for (const auto& [slice, buckets] : slices) {
      AxisContext table_context = context;
      table_context.buckets = buckets;
      const Axis rows = MakeAxis(spec.rows, table_context);
      const Axis columns = MakeAxis(spec.columns, table_context);
      Table table;
      table.id = spec.id;
      table.title_en = spec.title_en;
      table.title_nl = spec.title_nl;
      table.slice = slice;
      table.rows = spec.rows;
      table.columns = spec.columns;
      table.unit = options.unit;
      table.row_headings = rows.headings;
      table.column_headings = columns.headings;
      table.counts.assign(rows.headings.size() * columns.headings.size(), 0);
      std::vector<std::string> where_conditions;
      for (const auto& [dimension, value] : spec.where) {
        where_conditions.push_back(ConditionOfWhere(dimension, value));
      }
      table.cell_keys.resize(table.counts.size());
      for (std::size_t r = 0; r < table.rows_count(); ++r) {
        for (std::size_t c = 0; c < table.columns_count(); ++c) {
          const Bucket& bucket = IsTime(spec.columns) ? buckets[c] : buckets[0];
          std::vector<std::string> conditions = where_conditions;
          conditions.push_back(ConditionOf(spec.rows, table.row_headings[r]));
          if (!IsTime(spec.columns)) {
            conditions.push_back(ConditionOf(spec.columns, table.column_headings[c]));
          }
          table.cell_keys[table.index(r, c)] =
              CellKey(bucket.first, bucket.last, std::move(conditions));
        }
      }
      const bool several = !IsSingleValued(spec.rows) && rows.total >= 0;
      if (several) {
        table.multiplicity_key = DimensionName(spec.rows);
        table.multiplicities.assign(table.columns_count(), {});
      }

      std::vector<int> row_positions, column_positions;
      for (std::size_t b = 0; b < buckets.size(); ++b) {
        for (const UnitValues& v : units_of(buckets[b])) {
          bool selected = true;
          for (const auto& [dimension, value] : spec.where) {
            selected = selected && Matches(dimension, value, v, context.top_nationalities);
          }
          if (!selected) continue;
          PositionsOf(rows, ValuesFor(spec.rows, v, context.top_nationalities), row_positions);
          if (IsTime(spec.columns)) {
            column_positions.assign(1, static_cast<int>(b));
          } else {
            PositionsOf(columns, ValuesFor(spec.columns, v, context.top_nationalities),
                        column_positions);
          }
          for (int r : row_positions) {
            for (int c : column_positions) {
              ++table.counts[table.index(static_cast<std::size_t>(r), static_cast<std::size_t>(c))];
            }
          }
          if (several) {
            // The values it adds to the rows' sum: its depth-0 rows other than the total.
            std::size_t values = 0;
            for (int r : row_positions) {
              if (r != rows.total && rows.parent[static_cast<std::size_t>(r)] < 0) ++values;
            }
            for (int c : column_positions) {
              auto& histogram = table.multiplicities[static_cast<std::size_t>(c)];
              if (histogram.size() < values) histogram.resize(values, 0);
              if (values > 0) ++histogram[values - 1];
            }
          }
        }
      }
      // Relations: each row relation holds in every column, each column relation in every row.
      for (const auto& [total, parts] : AxisRelations(rows)) {
        for (std::size_t c = 0; c < table.columns_count(); ++c) {
          privacy::Relation relation;
          relation.total = table.index(static_cast<std::size_t>(total), c);
          for (int p : parts) relation.parts.push_back(table.index(static_cast<std::size_t>(p), c));
          table.relations.push_back(std::move(relation));
        }
      }
      for (const auto& [total, parts] : AxisRelations(columns)) {
        for (std::size_t r = 0; r < table.rows_count(); ++r) {
          privacy::Relation relation;
          relation.total = table.index(r, static_cast<std::size_t>(total));
          for (int p : parts) relation.parts.push_back(table.index(r, static_cast<std::size_t>(p)));
          table.relations.push_back(std::move(relation));
        }
      }
      if (spec.shares) AddShares(table, rows);
      tables.push_back(std::move(table));
    }
  }
  if (options.overlap) tables.push_back(OverlapTable(units_of(whole), whole, vocabulary, options));
  return tables;
}

Status Protect(Table& table, std::int64_t threshold) {
  auto summary = privacy::SuppressSmallCounts(table.counts, table.relations, threshold);
  if (!summary.ok()) return summary.status();
  const auto exposed = privacy::ExposedCells(table.counts, table.relations, *summary, threshold);
  if (!exposed.empty()) {
    return Status::Internal(
        fmt::format("table {}: disclosure control left {} cells recoverable; nothing was written",
                    table.id, exposed.size()));
  }
  ApplySuppression(table, summary->cells, threshold);
  return Status::Ok();
}

void ApplySuppression(Table& table, const std::vector<privacy::CellState>& states,
                      std::int64_t threshold) {
  table.threshold = threshold;
  table.states = states;
  table.suppressed.assign(table.counts.size(), false);
  for (std::size_t i = 0; i < table.counts.size(); ++i) {
    table.suppressed[i] = states[i] != privacy::CellState::kShown;
  }
  if (!table.has_shares) return;
  // A share with its interval gives back its numerator and denominator: it is shown only
  // when both are.
  int total = -1, unknown = -1;
  for (std::size_t r = 0; r < table.rows_count(); ++r) {
    if (table.row_headings[r].total) total = static_cast<int>(r);
    if (table.row_headings[r].unknown) unknown = static_cast<int>(r);
  }
  for (std::size_t c = 0; c < table.columns_count(); ++c) {
    const bool denominator_hidden =
        total < 0 || table.is_suppressed(static_cast<std::size_t>(total), c) ||
        (unknown >= 0 && table.is_suppressed(static_cast<std::size_t>(unknown), c));
    for (std::size_t r = 0; r < table.rows_count(); ++r) {
      if (denominator_hidden || table.is_suppressed(r, c)) table.shares[table.index(r, c)].reset();
    }
  }
}

const std::string& HeadingLabel(const Heading& heading, const std::string& lang) {
  return lang == "nl" ? heading.nl : heading.en;
}

const std::string& TableTitle(const Table& table, const std::string& lang) {
  return lang == "nl" ? table.title_nl : table.title_en;
}

}  // namespace zicht::monitor
