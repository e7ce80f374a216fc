#include "zicht/monitor/monitor_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>

#include "zicht/core/toml_file.hpp"

namespace zicht::monitor {
namespace {

constexpr std::string_view kDefaultText =
#include "monitor_default.inc"
    ;

struct DimensionEntry {
  Dimension dimension;
  const char* name;
};

constexpr DimensionEntry kDimensions[] = {
    {Dimension::kAll, "all"},
    {Dimension::kYear, "year"},
    {Dimension::kPeriod, "period"},
    {Dimension::kGender, "gender"},
    {Dimension::kAgeGroup, "age_group"},
    {Dimension::kMinor, "minor"},
    {Dimension::kNationality, "nationality"},
    {Dimension::kDomestic, "domestic"},
    {Dimension::kExploitationForm, "exploitation_form"},
    {Dimension::kSector, "sector"},
    {Dimension::kVisibility, "visibility"},
    {Dimension::kUnaccompaniedMinor, "unaccompanied_minor"},
    {Dimension::kSource, "source"},
    {Dimension::kSourceKind, "source_kind"},
    {Dimension::kSourceCount, "source_count"},
};

Status KeyError(const std::string& origin, std::string_view key, std::string_view rule) {
  return Status::ConfigError(fmt::format("{}: {}: {}", origin, key, rule));
}

bool ValidId(std::string_view id) {
  return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
  });
}

Result<Dimension> ReadDimension(const toml::node& node, const std::string& origin,
                                const std::string& key) {
  const auto text = node.value<std::string>();
  if (!text) return KeyError(origin, key, "must be the name of a dimension, e.g. \"gender\"");
  auto dimension = ParseDimension(*text);
  if (!dimension.ok()) return KeyError(origin, key, dimension.status().message());
  return *dimension;
}

Status ReadPeriods(const toml::node& node, const std::string& origin, MonitorConfig& config) {
  const toml::array* array = node.as_array();
  const std::string_view rule =
      "must be a list of { name = \"2015-2016\", first = 2015, last = 2016 }";
  if (array == nullptr) return KeyError(origin, "periods", rule);
  for (std::size_t i = 0; i < array->size(); ++i) {
    const std::string key = fmt::format("periods[{}]", i);
    const toml::table* entry = (*array)[i].as_table();
    if (entry == nullptr) return KeyError(origin, key, rule);
    Period period;
    for (const auto& [field, value] : *entry) {
      if (field.str() == "name" && value.is_string()) {
        period.name = *value.value<std::string>();
      } else if (field.str() == "first" && value.is_integer()) {
        period.first = static_cast<int>(*value.value<std::int64_t>());
      } else if (field.str() == "last" && value.is_integer()) {
        period.last = static_cast<int>(*value.value<std::int64_t>());
      } else {
        return KeyError(origin, fmt::format("{}.{}", key, field.str()), rule);
      }
    }
    if (period.name.empty() || period.first == 0 || period.last == 0) {
      return KeyError(origin, key, rule);
    }
    if (period.first > period.last) {
      return KeyError(origin, key, "the first year comes after the last");
    }
    config.periods.push_back(std::move(period));
  }
  return Status::Ok();
}

Status ReadTitle(const toml::node& node, const std::string& origin, const std::string& key,
                 TableSpec& spec) {
  const std::string_view rule = "must be { en = \"...\", nl = \"...\" }";
  const toml::table* title = node.as_table();
  if (title == nullptr) return KeyError(origin, key, rule);
  for (const auto& [lang, value] : *title) {
    const auto text = value.value<std::string>();
    if (!text) return KeyError(origin, key, rule);
    if (lang.str() == "en") {
      spec.title_en = *text;
    } else if (lang.str() == "nl") {
      spec.title_nl = *text;
    } else {
      return KeyError(origin, fmt::format("{}.{}", key, lang.str()), rule);
    }
  }
  if (spec.title_nl.empty()) spec.title_nl = spec.title_en;
  if (spec.title_en.empty()) spec.title_en = spec.title_nl;
  return Status::Ok();
}

Result<TableSpec> ReadTable(const toml::table& table, const std::string& origin,
                            const std::string& key) {
  TableSpec spec;
  bool has_rows = false;
  for (const auto& [name_key, node] : table) {
    const std::string name(name_key.str());
    const std::string full = fmt::format("{}.{}", key, name);
    if (name == "id") {
      const auto id = node.value<std::string>();
      if (!id || !ValidId(*id)) return KeyError(origin, full, "an id is letters, digits and '_'");
      spec.id = *id;
    } else if (name == "title") {
      ZICHT_RETURN_IF_ERROR(ReadTitle(node, origin, full, spec));
    } else if (name == "rows") {
      auto rows = ReadDimension(node, origin, full);
      if (!rows.ok()) return rows.status();
      spec.rows = *rows;
      has_rows = true;
    } else if (name == "columns") {
      auto columns = ReadDimension(node, origin, full);
      if (!columns.ok()) return columns.status();
      spec.columns = *columns;
    } else if (name == "per") {
      auto per = ReadDimension(node, origin, full);
      if (!per.ok()) return per.status();
      spec.per = *per;
      if (!IsTime(spec.per)) return KeyError(origin, full, "must be \"year\" or \"period\"");
    } else if (name == "shares") {
      const auto shares = node.value<bool>();
      if (!shares) return KeyError(origin, full, "must be true or false");
      spec.shares = *shares;
    } else if (name == "where") {
      const toml::table* where = node.as_table();
      if (where == nullptr) {
        return KeyError(origin, full, "must be a table such as { exploitation_form = \"sexual\" }");
      }
      for (const auto& [field, value] : *where) {
        const std::string field_key = fmt::format("{}.{}", full, field.str());
        auto parsed_dimension = ParseDimension(field.str());
        if (!parsed_dimension.ok()) {
          return KeyError(origin, field_key, parsed_dimension.status().message());
        }
        const Dimension dimension = *parsed_dimension;
        if (IsTime(dimension) || dimension == Dimension::kAll) {
          return KeyError(origin, field_key, "select years with --years, not in `where`");
        }
        const auto text = value.value<std::string>();
        if (!text || text->empty()) return KeyError(origin, field_key, "must be a value");
        spec.where[dimension] = *text;
      }
    } else {
      return KeyError(origin, full,
                      "is not a setting of a table (id, title, rows, columns, where, shares, "
                      "per)");
    }
  }
  if (spec.id.empty()) return KeyError(origin, key, "a table needs an id");
  if (!has_rows) return KeyError(origin, key, "a table needs `rows`");
  if (IsTime(spec.rows)) {
    return KeyError(origin, key + ".rows", "years and periods go in `columns` or `per`");
  }
  if (spec.rows == spec.columns) {
    return KeyError(origin, key, "`rows` and `columns` must differ");
  }
  if (IsTime(spec.per) && IsTime(spec.columns)) {
    return KeyError(origin, key, "a table per year or period cannot have years as columns too");
  }
  if (spec.shares && !IsSingleValued(spec.rows)) {
    return KeyError(origin, key + ".shares",
                    fmt::format("shares need rows that add up; a person can have several "
                                "values of {}",
                                DimensionName(spec.rows)));
  }
  if (spec.title_en.empty()) spec.title_en = spec.title_nl = spec.id;
  return spec;
}

}  // namespace

const char* DimensionName(Dimension dimension) {
  for (const DimensionEntry& entry : kDimensions) {
    if (entry.dimension == dimension) return entry.name;
  }
  return "?";
}

Result<Dimension> ParseDimension(std::string_view name) {
  for (const DimensionEntry& entry : kDimensions) {
    if (name == entry.name) return entry.dimension;
  }
  std::vector<std::string> names;
  for (const DimensionEntry& entry : kDimensions) names.emplace_back(entry.name);
  return Status::InvalidArgument(
      fmt::format("no dimension `{}`; the dimensions are {}", name, fmt::join(names, ", ")));
}

bool IsSingleValued(Dimension dimension) {
  return dimension != Dimension::kExploitationForm && dimension != Dimension::kSource &&
         dimension != Dimension::kSourceKind;
}

bool IsTime(Dimension dimension) {
  return dimension == Dimension::kYear || dimension == Dimension::kPeriod;
}

Result<MonitorConfig> ParseMonitorConfig(std::string_view toml_text, const std::string& origin) {
  auto parsed = ParseToml(toml_text, origin);
  if (!parsed.ok()) return parsed.status();
  MonitorConfig config;
  for (const auto& [key, node] : *parsed) {
    const std::string name(key.str());
    if (name == "version") {
      if (node.value<std::int64_t>() != 1) return KeyError(origin, name, "must be 1");
    } else if (name == "threshold") {
      const auto threshold = node.value<std::int64_t>();
      if (!threshold || *threshold < 0) {
        return KeyError(origin, name, "must be a whole number, 0 or more");
      }
      config.threshold = *threshold;
    } else if (name == "protection_interval") {
      const toml::array* bounds = node.as_array();
      std::optional<std::int64_t> lower, upper;
      if (bounds != nullptr && bounds->size() == 2) {
        lower = (*bounds)[0].value<std::int64_t>();
        upper = (*bounds)[1].value<std::int64_t>();
      }
      if (!lower || !upper || *lower < 0 || *upper < 1 || *lower > *upper) {
        return KeyError(origin, name,
                        "must be [lower, upper] with 0 <= lower <= upper and upper >= 1, such "
                        "as [1, 9]");
      }
      config.protection.lower = *lower;
      config.protection.upper = *upper;
    } else if (name == "top_nationalities") {
      const auto top = node.value<std::int64_t>();
      if (!top || *top < 1 || *top > 250) return KeyError(origin, name, "must be 1 to 250");
      config.top_nationalities = static_cast<int>(*top);
    } else if (name == "periods") {
      ZICHT_RETURN_IF_ERROR(ReadPeriods(node, origin, config));
    } else if (name == "tables") {
      const toml::array* tables = node.as_array();
      if (tables == nullptr) return KeyError(origin, name, "must be [[tables]] entries");
      for (std::size_t i = 0; i < tables->size(); ++i) {
        const std::string table_key = fmt::format("tables[{}]", i);
        const toml::table* table = (*tables)[i].as_table();
        if (table == nullptr) return KeyError(origin, table_key, "must be a table");
        auto read = ReadTable(*table, origin, table_key);
        if (!read.ok()) return read.status();
        TableSpec spec = *std::move(read);
        for (const TableSpec& earlier : config.tables) {
          if (earlier.id == spec.id) {
            return KeyError(origin, table_key, fmt::format("a second table `{}`", spec.id));
          }
        }
        config.tables.push_back(std::move(spec));
      }
    } else {
      return KeyError(origin, name,
                      "is not a setting of a monitor file (version, threshold, "
                      "protection_interval, top_nationalities, periods, tables)");
    }
  }
  return config;
}

Result<MonitorConfig> LoadMonitorConfig(const std::string& path) {
  auto text = ReadConfigText(path, "monitor config");
  if (!text.ok()) return text.status();
  return ParseMonitorConfig(*text, path);
}

const MonitorConfig& MonitorConfig::Default() {
  static const MonitorConfig config = [] {
    auto parsed = ParseMonitorConfig(kDefaultText, "config/monitor.toml (built in)");
    if (!parsed.ok()) {
      // The file is checked by the tests; a broken built-in default is a build defect.
      std::cerr << "zicht: " << parsed.status().message() << "\n";
      std::abort();
    }
    return *std::move(parsed);
  }();
  return config;
}

}  // namespace zicht::monitor
