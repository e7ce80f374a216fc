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

// What becomes of a row whose date of birth breaks a rule of its own (not a day of the
// calendar or not in the date format, in the future, after the registration date, an age
// above the vocabulary's limit).
enum class InvalidDateOfBirth {
  kReject,   // the row is rejected, as for any broken rule
  kMissing,  // the date of birth is dropped as if not given and the row kept
};

struct Mapping {
  std::string origin;             // the mapping file's name, for messages
  std::string source_kind;        // from [source] kind; may be empty
  std::optional<char> delimiter;  // unset: detect
  std::string date_format = "%Y-%m-%d";
  std::map<Field, std::string> date_formats;  // per date field
  std::string list_separator = "|";
  std::vector<std::string> missing = {""};
  InvalidDateOfBirth invalid_date_of_birth = InvalidDateOfBirth::kReject;
  // canonical field -> the source's column header. Empty for an identity mapping, in
  // which the header's own names are the canonical ones.
  std::map<Field, std::string> columns;
  // per field: source label -> canonical value
  std::map<Field, std::map<std::string, std::string>> values;
  // canonical field -> the value every row gets for it, written as a cell of that field
  // would be (in its date format, or a label that `values` translates). Never a field
  // that `columns` maps, nor an identifying field, nor source_record_id.
  std::map<Field, std::string> constants;

  // The date format for a date field.
  const std::string& DateFormatFor(Field field) const;
  // Translates a trimmed cell value: an exact label, then a case-insensitive one, else
  // the value itself.
  std::string Translate(Field field, std::string_view value) const;
  bool IsMissing(std::string_view value) const;
};

// Parses a mapping from TOML text. `origin` names it in errors, which take the form
// "origin: key: rule". Values that a label is mapped onto are checked against `vocabulary`;
// each constant is read and checked as a cell of its field would be, against `vocabulary`
// and today's date (Today()), so that a bad constant is reported here, once, rather than
// on every row.
Result<Mapping> ParseMapping(std::string_view toml_text, std::string origin,
                             const Vocabulary& vocabulary);

// Reads and parses a mapping file.
Result<Mapping> LoadMapping(const std::string& path, const Vocabulary& vocabulary);

}  // namespace zicht::ingest
