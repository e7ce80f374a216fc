// A rule broken by a row of a source file, reported as "file:row:column: rule". Neither
// the rule text nor the column quotes the file's content: the column is named by its
// header only where the mapping or the canonical layout names it, else by its position
// ("column 3"), since a file without a header row has a person's details in its first row.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

namespace zicht::ingest {

struct Violation {
  std::string file;      // as given on the command line
  std::int64_t row = 0;  // 1-based record number (header = 1); 0 for the file as a whole
  std::string column;    // the column's name in the layout, or "column N"; "" for the whole row
  std::string rule;

  std::string ToString() const;
};

// How often one rule was broken in one column of one file: one mistake (a column mapped
// onto the wrong field) breaks a rule on every row, and a line per row would bury it.
struct RuleCount {
  std::string file;
  std::string column;
  std::string rule;
  std::int64_t rows = 0;       // violations of the rule there (a row breaks it at most once)
  std::int64_t first_row = 0;  // the first of them, in the order given

  // "file:column: rule (48,775 rows, the first at row 2)".
  std::string ToString() const;
};

// One RuleCount per file, column and rule, in the order of their first violation.
std::vector<RuleCount> CountByRule(const std::vector<Violation>& violations);

// What a terminal shows of `violations`: all of them, one ToString() line each, when there
// are at most `max_lines`; otherwise the first `max_lines`, a line saying how many are
// left out, and one RuleCount line per rule. Every line ends in a newline.
std::string ViolationDigest(const std::vector<Violation>& violations, std::size_t max_lines);

// `n` with a comma between each three digits: 48,775.
std::string WithThousands(std::int64_t n);

}  // namespace zicht::ingest
