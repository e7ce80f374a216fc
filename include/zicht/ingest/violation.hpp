// A rule broken by a row of a source file, reported as "file:row:column: rule". The
// rule text never contains an identifying value (name, date of birth, number).
#pragma once

#include <cstdint>
#include <string>

namespace zicht::ingest {

struct Violation {
  std::string file;      // as given on the command line
  std::int64_t row = 0;  // 1-based record number (header = 1); 0 for the file as a whole
  std::string column;    // the source's column header; "" when the whole row is meant
  std::string rule;

  std::string ToString() const;
};

}  // namespace zicht::ingest
