// Shared by the estimate tests: loads a table from ../shared/data/mse/ or skips the test.
#pragma once

#include <gtest/gtest.h>

#include <string>

#include "support/test_support.hpp"
#include "zicht/estimate/capture_table.hpp"

namespace zicht::estimate::testing_data {

// Sets `table` and returns true, or returns false for the test to skip; use as
//   CaptureTable table; if (!LoadShared("uk_2013_5.csv", table)) GTEST_SKIP() << kMissing;
// An absent data folder skips (fails when the shared data is required, as in CI); a file
// that is missing, unreadable or not a capture table fails the test.
inline bool LoadShared(const std::string& name, CaptureTable& table) {
  const auto path = zicht::testing::SharedFile("mse/" + name);
  if (path.empty()) return false;
  Result<CaptureTable> loaded = ReadCaptureTableCsv(path.string());
  if (!loaded.ok()) {
    ADD_FAILURE() << path << ": " << loaded.status().message();
    return false;
  }
  table = std::move(loaded.value());
  return true;
}

inline constexpr const char* kMissing =
    "the shared MSE data sets (../shared/data/mse or $ZICHT_SHARED_DATA) are not present";

inline CaptureTable TableOf(std::vector<std::string> lists,
                            std::vector<std::pair<int, std::int64_t>> cells) {
  CaptureTable table;
  table.lists = std::move(lists);
  table.counts.assign(size_t{1} << table.lists.size(), 0);
  for (auto [history, count] : cells) table.counts[history] = count;
  return table;
}

}  // namespace zicht::estimate::testing_data
