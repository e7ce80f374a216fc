#include "zicht/ingest/mapping.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "ingest/row_parser.hpp"
#include "zicht/core/date.hpp"
#include "zicht/core/toml_file.hpp"

namespace zicht::ingest {

namespace {

Status KeyError(const std::string& origin, std::string_view key, std::string_view rule) {
  return Status::ConfigError(fmt::format("{}: {}: {}", origin, key, rule));
}

std::string Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t");
  return std::string(text.substr(first, last - first + 1));
}

bool EqualsIgnoringCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

constexpr std::string_view kBooleanValues[] = {"true", "false", "yes", "no", "1", "0", "unknown"};

// Whether `value` is a canonical value of `field` that a label may be mapped onto.
bool IsCanonicalValue(Field field, std::string_view value, const Vocabulary& vocabulary) {
  switch (InfoOf(field).kind) {
    case FieldKind::kCategory:
      return vocabulary.Contains(field, value);
    case FieldKind::kBoolean:
      return std::find(std::begin(kBooleanValues), std::end(kBooleanValues), value) !=
             std::end(kBooleanValues);
    default:
      return true;
  }
}

Result<Field> CanonicalField(const std::string& origin, std::string_view section,
                             std::string_view name) {
  const auto field = FieldByName(name);
  if (!field) {
    return KeyError(origin, fmt::format("{}.{}", section, name),
                    "is not a canonical field (see docs/data-dictionary.md)");
  }
  return *field;
}

Status ReadFileSection(const toml::table& file, Mapping& mapping) {
  const std::string& origin = mapping.origin;
  for (const auto& [key, node] : file) {
    const std::string name(key.str());
    const std::string where = "file." + name;
    if (name == "delimiter") {
      const auto value = node.value<std::string>();
      if (!value || (*value != "," && *value != ";")) {
        return KeyError(origin, where, "must be \",\" or \";\"");
      }
      mapping.delimiter = (*value)[0];
    } else if (name == "date_format") {
      const auto value = node.value<std::string>();
      if (!value) return KeyError(origin, where, "must be a string such as \"%d-%m-%Y\"");
      if (Status s = ValidateDateFormat(*value); !s.ok())
        return KeyError(origin, where, s.message());
      mapping.date_format = *value;
    } else if (name == "list_separator") {
      const auto value = node.value<std::string>();
      if (!value || value->empty() || *value == "," || *value == ";") {
        return KeyError(origin, where, "must be a non-empty string other than the delimiter");
      }
      mapping.list_separator = *value;
    } else if (name == "missing") {
      const toml::array* list = node.as_array();
      if (list == nullptr) return KeyError(origin, where, "must be a list of strings");
      mapping.missing.clear();
      for (const auto& item : *list) {
        const auto value = item.value<std::string>();
        if (!value) return KeyError(origin, where, "must be a list of strings");
        mapping.missing.push_back(Trim(*value));
      }
    } else if (name == "invalid_date_of_birth") {
      const auto value = node.value<std::string>();
      if (value && *value == "reject") {
        mapping.invalid_date_of_birth = InvalidDateOfBirth::kReject;
      } else if (value && *value == "missing") {
        mapping.invalid_date_of_birth = InvalidDateOfBirth::kMissing;
      } else {
        return KeyError(origin, where, "must be \"reject\" or \"missing\"");
      }
    } else {
      return KeyError(origin, where, "is not a setting of [file]");
    }
  }
  return Status::Ok();
}

Status ReadColumns(const toml::table& columns, Mapping& mapping) {
  std::set<std::string> used_headers;
  for (const auto& [key, node] : columns) {
    auto field = CanonicalField(mapping.origin, "columns", key.str());
    if (!field.ok()) return field.status();
    const auto header = node.value<std::string>();
    const std::string where = fmt::format("columns.{}", key.str());
    if (!header || header->empty()) {
      return KeyError(mapping.origin, where, "must name a column of the source file");
    }
    if (!used_headers.insert(*header).second) {
      return KeyError(mapping.origin, where,
                      fmt::format("column '{}' is already mapped to another field", *header));
    }
    mapping.columns[*field] = *header;
  }
  return Status::Ok();
}

// Reads the keys and the text of [constants]; the values are checked once every section
// is read, since they depend on [file], [date_formats] and [values].
Status ReadConstants(const toml::table& constants, Mapping& mapping) {
  for (const auto& [key, node] : constants) {
    auto field = CanonicalField(mapping.origin, "constants", key.str());
    if (!field.ok()) return field.status();
    const std::string where = fmt::format("constants.{}", key.str());
    if (InfoOf(*field).identifying) {
      return KeyError(mapping.origin, where,
                      "identifies a person, so it cannot be the same for every row");
    }
    if (*field == Field::kSourceRecordId) {
      // The same id on every row would make every row but the first a duplicate.
      return KeyError(mapping.origin, where,
                      "tells the rows apart, so it cannot be a constant; map it in [columns]");
    }
    const auto value = node.value<std::string>();
    if (!value) {
      return KeyError(mapping.origin, where,
                      "must be a string, written as a cell of the field, e.g. \"2020-01-01\"");
    }
    mapping.constants[*field] = *value;
  }
  return Status::Ok();
}

Status ReadDateFormats(const toml::table& formats, Mapping& mapping) {
  for (const auto& [key, node] : formats) {
    auto field = CanonicalField(mapping.origin, "date_formats", key.str());
    if (!field.ok()) return field.status();
    const std::string where = fmt::format("date_formats.{}", key.str());
    if (InfoOf(*field).kind != FieldKind::kDate) {
      return KeyError(mapping.origin, where, "is not a date field");
    }
    const auto value = node.value<std::string>();
    if (!value) return KeyError(mapping.origin, where, "must be a string such as \"%d-%m-%Y\"");
    if (Status s = ValidateDateFormat(*value); !s.ok()) {
      return KeyError(mapping.origin, where, s.message());
    }
    mapping.date_formats[*field] = *value;
  }
  return Status::Ok();
}

Status ReadValues(const toml::table& values, const Vocabulary& vocabulary, Mapping& mapping) {
  for (const auto& [key, node] : values) {
    auto field = CanonicalField(mapping.origin, "values", key.str());
    if (!field.ok()) return field.status();
    const FieldKind kind = InfoOf(*field).kind;
    const std::string section = fmt::format("values.{}", key.str());
    if (kind != FieldKind::kCategory && kind != FieldKind::kBoolean) {
      return KeyError(mapping.origin, section,
                      "only category and yes/no fields have labels to translate");
    }
    const toml::table* labels = node.as_table();
    if (labels == nullptr) {
      return KeyError(mapping.origin, section, "must be a table of \"label\" = \"value\"");
    }
    auto& translations = mapping.values[*field];
    for (const auto& [label, target] : *labels) {
      const auto value = target.value<std::string>();
      // Labels of a source are not identifiers, so naming them in the message is safe.
      const std::string where = fmt::format("{}.\"{}\"", section, label.str());
      if (!value) return KeyError(mapping.origin, where, "must be a string");
      if (!IsCanonicalValue(*field, *value, vocabulary)) {
        return KeyError(
            mapping.origin, where,
            fmt::format("'{}' is not a value of {} in the vocabulary", *value, key.str()));
      }
      translations[Trim(label.str())] = *value;
    }
  }
  return Status::Ok();
}

}  // namespace

const std::string& Mapping::DateFormatFor(Field field) const {
  const auto it = date_formats.find(field);
  return it == date_formats.end() ? date_format : it->second;
}

std::string Mapping::Translate(Field field, std::string_view value) const {
  const std::string trimmed = Trim(value);
  const auto table = values.find(field);
  if (table == values.end()) return trimmed;
  if (const auto exact = table->second.find(trimmed); exact != table->second.end()) {
    return exact->second;
  }
  for (const auto& [label, canonical] : table->second) {
    if (EqualsIgnoringCase(label, trimmed)) return canonical;
  }
  return trimmed;
}

bool Mapping::IsMissing(std::string_view value) const {
  const std::string trimmed = Trim(value);
  return std::find(missing.begin(), missing.end(), trimmed) != missing.end();
}

Result<Mapping> ParseMapping(std::string_view toml_text, std::string origin,
                             const Vocabulary& vocabulary) {
  auto parsed = ParseToml(toml_text, origin);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  Mapping mapping;
  mapping.origin = std::move(origin);
  for (const auto& [key, node] : root) {
    const std::string name(key.str());
    const toml::table* table = node.as_table();
    if (table == nullptr) return KeyError(mapping.origin, name, "must be a [section]");
    if (name == "source") {
      for (const auto& [source_key, value] : *table) {
        if (source_key.str() != "kind") {
          return KeyError(mapping.origin, fmt::format("source.{}", source_key.str()),
                          "is not a setting of [source]");
        }
        const auto kind = value.value<std::string>();
        if (!kind || vocabulary.FindSourceKind(*kind) == nullptr) {
          return KeyError(mapping.origin, "source.kind",
                          "must be a source kind of the vocabulary ([source_kind])");
        }
        mapping.source_kind = *kind;
      }
    } else if (name == "file") {
      ZICHT_RETURN_IF_ERROR(ReadFileSection(*table, mapping));
    } else if (name == "columns") {
      ZICHT_RETURN_IF_ERROR(ReadColumns(*table, mapping));
    } else if (name == "constants") {
      ZICHT_RETURN_IF_ERROR(ReadConstants(*table, mapping));
    } else if (name == "date_formats") {
      ZICHT_RETURN_IF_ERROR(ReadDateFormats(*table, mapping));
    } else if (name == "values") {
      ZICHT_RETURN_IF_ERROR(ReadValues(*table, vocabulary, mapping));
    } else {
      return KeyError(
          mapping.origin, name,
          "is not a section of a mapping (source, file, columns, constants, date_formats, "
          "values)");
    }
  }
  if (mapping.columns.empty()) {
    return KeyError(mapping.origin, "columns", "is missing; it maps the source's columns");
  }
  for (const auto& [field, value] : mapping.constants) {
    if (mapping.columns.contains(field)) {
      return KeyError(mapping.origin, fmt::format("constants.{}", InfoOf(field).name),
                      "is also mapped in [columns]; a field takes a column or a constant, "
                      "not both");
    }
  }
  for (const FieldInfo& info : AllFields()) {
    if (info.required && !mapping.columns.contains(info.field) &&
        !mapping.constants.contains(info.field)) {
      return KeyError(
          mapping.origin, "columns",
          fmt::format("must map the required field {} (or [constants] give it)", info.name));
    }
  }
  ZICHT_RETURN_IF_ERROR(CheckConstants(mapping, vocabulary));
  return mapping;
}

Result<Mapping> LoadMapping(const std::string& path, const Vocabulary& vocabulary) {
  auto text = ReadConfigText(path, "mapping file");
  if (!text.ok()) return text.status();
  return ParseMapping(*text, path, vocabulary);
}

}  // namespace zicht::ingest
