// A source mapping: which of a source's columns holds which canonical field, the date
// formats, and the translation of the source's labels into the vocabulary. The file
// format is described in docs/mapping.md.
//
// Thread safety: immutable after loading.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/fields.hpp"
#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"

namespace zicht::ingest {

struct Mapping {
  std::string origin;             // the mapping file's name, for messages
  std::string source_kind;        // from [source] kind; may be empty
  std::optional<char> delimiter;  // unset: detect
  std::string date_format = "%Y-%m-%d";
  std::map<Field, std::string> date_formats;  // per date field
  std::string list_separator = "|";
  std::vector<std::string> missing = {""};
  // canonical field -> the source's column header. Empty for an identity mapping, in
  // which the header's own names are the canonical ones.
  std::map<Field, std::string> columns;
  // per field: source label -> canonical value
  std::map<Field, std::map<std::string, std::string>> values;

  // The date format for a date field.
  const std::string& DateFormatFor(Field field) const;
  // Translates a trimmed cell value: an exact label, then a case-insensitive one, else
  // the value itself.
  std::string Translate(Field field, std::string_view value) const;
  bool IsMissing(std::string_view value) const;
};

// Parses a mapping from TOML text. `origin` names it in errors, which take the form
// "origin: key: rule". Values that a label is mapped onto are checked against `vocabulary`.
Result<Mapping> ParseMapping(std::string_view toml_text, std::string origin,
                             const Vocabulary& vocabulary);

// Reads and parses a mapping file.
Result<Mapping> LoadMapping(const std::string& path, const Vocabulary& vocabulary);

}  // namespace zicht::ingest
