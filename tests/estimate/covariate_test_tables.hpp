// Shared by the covariate tests: small tables built in code.
#pragma once

#include <gtest/gtest.h>

#include <cstdint>
#include <tuple>
#include <vector>

#include "zicht/estimate/covariate_table.hpp"

namespace zicht::estimate::testing_tables {

// Two lists A, B and a binary covariate s, built in code: rows of (history, level of s or
// missing, count); history bit 0 is A, bit 1 is B.
inline CovariateTable TwoListTable(
    const std::vector<std::tuple<std::uint32_t, int, double>>& rows) {
  CovariateTable table;
  table.lists = {"A", "B"};
  table.covariates = {"s"};
  table.levels = {{"1", "2"}};
  for (const auto& [history, level, count] : rows) table.rows.push_back({history, {level}, count});
  Result<CovariateTable> normalised = NormaliseCovariateTable(std::move(table));
  EXPECT_TRUE(normalised.ok()) << normalised.status().message();
  return std::move(normalised.value());
}

}  // namespace zicht::estimate::testing_tables
