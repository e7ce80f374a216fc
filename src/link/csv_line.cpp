#include "csv_line.hpp"

namespace zicht::link::csv_line {

bool SplitLine(std::string_view line, std::vector<std::string>& fields, SplitError& error) {
  fields.clear();
  std::size_t i = 0;
  const std::size_t n = line.size();
  for (;;) {
    std::string& field = fields.emplace_back();
    if (i < n && line[i] == '"') {
      ++i;
      for (;;) {
        if (i >= n) {
          error = {fields.size() - 1,
                   "quoted value not closed on its line (line breaks inside values are not "
                   "supported)"};
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
        error = {fields.size() - 1, "characters after a closing quote"};
        return false;
      }
    } else {
      while (i < n && line[i] != ',') {
        if (line[i] == '"') {
          error = {fields.size() - 1, "quote inside an unquoted value"};
          return false;
        }
        // A CR here means the file uses lone-CR line ends, which would otherwise surface
        // as a confusing "missing column" on one enormous header line.
        if (line[i] == '\r') {
          error = {fields.size() - 1,
                   "carriage return inside an unquoted value (lone-CR line ends are not "
                   "supported)"};
          return false;
        }
        field.push_back(line[i++]);
      }
    }
    if (i == n) return true;
    ++i;  // the comma; a field always follows it, possibly empty
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

}  // namespace zicht::link::csv_line
