// One line of a small CSV file the link stage reads or writes itself (truth files, the
// clerical review's export and decisions), both ways: an RFC 4180 line split into fields,
// and a field quoted for writing. Private to the link stage, which may not depend on
// ingest's reader. Records spanning lines (a line break inside quotes) are rejected rather
// than joined, which keeps row numbers equal to line numbers.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace zicht::link::csv_line {

// Where a line could not be split, and why. The rule never quotes the line's content.
struct SplitError {
  std::size_t field = 0;  // 0-based field index
  std::string_view rule;
};

// Splits one physical line (its line end removed) into fields. On failure returns false
// with the field and the rule broken.
bool SplitLine(std::string_view line, std::vector<std::string>& fields, SplitError& error);

// The value as a CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a
// line end.
std::string Field(std::string_view value);

}  // namespace zicht::link::csv_line
