#include "review_csv.hpp"

namespace zicht::link::review_csv {

bool SplitLine(std::string_view line, std::vector<std::string>& fields, std::size_t& bad_field,
               std::string& rule) {
  fields.clear();
  std::size_t i = 0;
  const std::size_t n = line.size();
  for (;;) {
    std::string& field = fields.emplace_back();
    bad_field = fields.size() - 1;
    if (i < n && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= n) {
          rule = "quoted value not closed on its line";
          return false;
        }
        if (line[i] == '"') {
          if (i + 1 < n && line[i + 1] == '"') {
            field.push_back('"');
            i += 2;
            continue;
          }
          ++i;
          break;
        }
        field.push_back(line[i++]);
      }
      if (i < n && line[i] != ',') {
        rule = "characters after a closing quote";
        return false;
      }
    } else {
      while (i < n && line[i] != ',') {
        if (line[i] == '"') {
          rule = "quote inside an unquoted value";
          return false;
        }
        field.push_back(line[i++]);
      }
    }
    if (i == n) return true;
    ++i;
  }
}

std::string Field(std::string_view value) {
  if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
  std::string out = "\"";
  for (char c : value) {
    if (c == '"') out += '"';
    out += c;
  }
  return out + "\"";
}

}  // namespace zicht::link::review_csv
