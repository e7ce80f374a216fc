// Turns one row of a source file into a canonical record and its clear identifiers,
// checking every validation rule of docs/data-dictionary.md. Private to ingest.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/date.hpp"
#include "zicht/core/record.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/ingest/mapping.hpp"
#include "zicht/ingest/violation.hpp"
#include "zicht/privacy/encoder.hpp"

namespace zicht::ingest {

// Checks the constants of `mapping` as cells of their fields would be checked (date
// format, label translation, vocabulary), together with the rules that need no other
// field: a registration_date after today, an age_at_registration out of range. Rules
// that relate a constant to other fields (a date of birth after a constant registration
// date) are row rules and stay with RowParser::Parse. Constants must not be missing
// values (Mapping::missing).
//
// Errors: ConfigError "origin: constants.field: rule" for the first bad constant.
Status CheckConstants(const Mapping& mapping, const Vocabulary& vocabulary);

class RowParser {
 public:
  // Binds the mapping to the file's header. A field with a constant takes it on every
  // row and needs no column. Errors (as violations on row 1): a required column that is
  // missing, a mapped column that is not in the header, a header column named twice, a
  // column for a field that the mapping gives as a constant, a constant that
  // CheckConstants refuses (ParseMapping has refused it already for a mapping file).
  static Result<RowParser> Create(const std::vector<std::string>& header, const Mapping& mapping,
                                  const Vocabulary& vocabulary, std::string file_name,
                                  std::vector<Violation>& violations);

  // Parses data row `row`. On success fills `record` (all but `identifiers` and `source`)
  // and `clear`, and returns true; otherwise appends the row's violations and returns false.
  // With the mapping's invalid_date_of_birth = "missing", a date of birth that breaks a
  // rule of its own is left out of `clear` and `record` instead of being a violation, and
  // `date_of_birth_dropped` (when given) is set to whether that happened on this row.
  bool Parse(std::int64_t row, const std::vector<std::string>& fields, Record& record,
             privacy::ClearIdentifiers& clear, std::vector<Violation>& violations,
             bool* date_of_birth_dropped = nullptr) const;

  // The source's header name for a field (the canonical name when unmapped, and
  // "constants.<field>" for a constant).
  const std::string& ColumnName(Field field) const {
    return column_names_[static_cast<size_t>(field)];
  }

 private:
  RowParser(const Mapping& mapping, const Vocabulary& vocabulary, std::string file_name)
      : mapping_(&mapping), vocabulary_(&vocabulary), file_name_(std::move(file_name)) {}

  const Mapping* mapping_;
  const Vocabulary* vocabulary_;
  std::string file_name_;
  size_t header_size_ = 0;
  std::vector<int> column_of_field_;       // field index -> header position, or -1
  std::vector<std::string> column_names_;  // field index -> the source's header name
  std::vector<std::optional<std::string>> constant_of_field_;  // field index -> constant
  Date today_;
};

}  // namespace zicht::ingest
