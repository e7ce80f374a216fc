// The CSV of a clerical review, both ways: one RFC 4180 line split into fields, and a field
// quoted for writing. Private to the link stage (link may not depend on ingest's reader).
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zicht::link::review_csv {

// Splits one line (its line end removed). On failure returns false with the 0-based field
// and the rule broken, never the content.
bool SplitLine(std::string_view line, std::vector<std::string>& fields, std::size_t& bad_field,
               std::string& rule);

// The value as a CSV field: quoted, with quotes doubled, when it holds a comma, a quote or a
// line end.
std::string Field(std::string_view value);

}  // namespace zicht::link::review_csv
