#include "zicht/estimate/capture_table.hpp"

#include <charconv>
#include <fstream>
#include <sstream>
#include <string_view>

#include "csv_line.hpp"

namespace zicht::estimate {
using internal::SplitCommas;
using internal::TrimField;

namespace {

constexpr int kMaxLists = 16;

}  // namespace

std::int64_t CaptureTable::observed_total() const {
  std::int64_t total = 0;
  for (std::int64_t count : counts) total += count;
  return total;
}

Result<CaptureTable> ReadCaptureTableCsv(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the capture-history table");
  std::string line;
  int row = 0;
  CaptureTable table;
  bool have_header = false;
  while (std::getline(in, line)) {
    ++row;
    std::string_view view = line;
    if (row == 1 && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    if (TrimField(view).empty()) continue;
    const std::vector<std::string_view> fields = SplitCommas(view);
    const std::string where = path + ":" + std::to_string(row) + ": ";
    if (!have_header) {
      if (fields.size() < 3) {
        return Status::InvalidData(where +
                                   "the header needs at least two list columns and then `count`");
      }
      if (fields.back() != "count") {
        return Status::InvalidData(where + "the last column must be named `count`");
      }
      if (static_cast<int>(fields.size()) - 1 > kMaxLists) {
        return Status::InvalidData(where + "at most " + std::to_string(kMaxLists) +
                                   " lists are supported");
      }
      for (size_t j = 0; j + 1 < fields.size(); ++j) {
        if (fields[j].empty()) {
          return Status::InvalidData(where + "list column " + std::to_string(j + 1) +
                                     " has no name");
        }
        for (const std::string& seen : table.lists) {
          if (seen == fields[j]) {
            return Status::InvalidData(where + "list `" + seen + "` appears twice in the header");
          }
        }
        table.lists.emplace_back(fields[j]);
      }
      table.counts.assign(size_t{1} << table.lists.size(), 0);
      have_header = true;
      continue;
    }
    if (fields.size() != table.lists.size() + 1) {
      return Status::InvalidData(where + "expected " + std::to_string(table.lists.size() + 1) +
                                 " columns, found " + std::to_string(fields.size()));
    }
    size_t history = 0;
    for (size_t j = 0; j < table.lists.size(); ++j) {
      if (fields[j] == "1") {
        history |= size_t{1} << j;
      } else if (fields[j] != "0") {
        return Status::InvalidData(where + "column `" + table.lists[j] + "` must be 0 or 1");
      }
    }
    if (history == 0) {
      return Status::InvalidData(
          where + "the all-zero history (seen by no list) cannot be observed; remove the row");
    }
    const std::string_view count_text = fields.back();
    std::int64_t count = -1;
    const auto [end, error] =
        std::from_chars(count_text.data(), count_text.data() + count_text.size(), count);
    if (error != std::errc{} || end != count_text.data() + count_text.size() || count < 0) {
      return Status::InvalidData(where + "`count` must be a whole number of 0 or more");
    }
    table.counts[history] += count;
  }
  if (!have_header) return Status::InvalidData(path + ": the file is empty");
  if (table.observed_total() == 0) {
    return Status::InvalidData(path + ": no person was observed (all counts are 0)");
  }
  return table;
}

}  // namespace zicht::estimate
