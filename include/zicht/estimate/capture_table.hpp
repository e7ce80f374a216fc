// A capture-history table: k lists, and for each of the 2^k - 1 observable histories
// (which lists saw a person) the number of persons with that history. The all-zero
// history is never observed; estimating it is the point of multiple systems estimation.
//
// Thread safety: a plain value.
#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::estimate {

struct CaptureTable {
  std::vector<std::string> lists;  // list names, in column order; at most 16
  // counts[h] for history h in 1 .. 2^k - 1, where bit j of h (least significant = first
  // list) says list j saw the person. counts[0] is unused and always 0.
  std::vector<std::int64_t> counts;

  int list_count() const { return static_cast<int>(lists.size()); }
  std::int64_t observed_total() const;
};

// Reads the CSV format of ../shared/data/mse/: one 0/1 column per list, then `count`;
// histories that are absent count 0. Errors name the file, row and column.
Result<CaptureTable> ReadCaptureTableCsv(const std::string& path);

}  // namespace zicht::estimate
