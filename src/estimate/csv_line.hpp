// Internal: the plain comma-separated lines of the capture-history tables (no quoted
// commas, as in ../shared/data/mse/), shared by the tables with and without covariates.
#pragma once

#include <string_view>
#include <vector>

namespace zicht::estimate::internal {

// Without surrounding blanks, a trailing CR and one pair of enclosing double quotes.
inline std::string_view TrimField(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) text.remove_prefix(1);
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t' || text.back() == '\r')) {
    text.remove_suffix(1);
  }
  if (text.size() >= 2 && text.front() == '"' && text.back() == '"') {
    text = text.substr(1, text.size() - 2);
  }
  return text;
}

inline std::vector<std::string_view> SplitCommas(std::string_view line) {
  std::vector<std::string_view> fields;
  size_t start = 0;
  while (true) {
    const size_t comma = line.find(',', start);
    if (comma == std::string_view::npos) {
      fields.push_back(TrimField(line.substr(start)));
      return fields;
    }
    fields.push_back(TrimField(line.substr(start, comma - start)));
    start = comma + 1;
  }
}

}  // namespace zicht::estimate::internal
