// Turns one row of a source file into a canonical record and its clear identifiers,
// checking every validation rule of docs/data-dictionary.md. Private to ingest.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/core/date.hpp"
#include "zicht/core/record.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/ingest/mapping.hpp"
#include "zicht/ingest/violation.hpp"
#include "zicht/privacy/encoder.hpp"

namespace zicht::ingest {

class RowParser {
 public:
  // Binds the mapping to the file's header. Errors (as violations on row 1): a required
  // column that is missing, a mapped column that is not in the header, a header column
  // named twice.
  static Result<RowParser> Create(const std::vector<std::string>& header, const Mapping& mapping,
                                  const Vocabulary& vocabulary, std::string file_name,
                                  std::vector<Violation>& violations);

  // Parses data row `row`. On success fills `record` (all but `identifiers` and `source`)
  // and `clear`, and returns true; otherwise appends the row's violations and returns false.
  bool Parse(std::int64_t row, const std::vector<std::string>& fields, Record& record,
             privacy::ClearIdentifiers& clear, std::vector<Violation>& violations) const;

  // The source's header name for a field (the canonical name when unmapped).
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
  Date today_;
};

}  // namespace zicht::ingest
