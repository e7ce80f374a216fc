#include "zicht/estimate/covariate_table.hpp"

#include <algorithm>
#include <charconv>
#include <fstream>
#include <map>
#include <numeric>
#include <string_view>

#include "csv_line.hpp"

namespace zicht::estimate {
namespace {

constexpr int kMaxLists = 16;
constexpr int kMaxCovariates = 16;

bool IsNumber(const std::string& text) {
  double value = 0.0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  return error == std::errc{} && end == text.data() + text.size();
}

// Numeric levels in numeric order ("2" before "10"), else in byte order, so that the
// reference level and the output's order do not depend on the order of the rows.
std::vector<int> SortedOrder(const std::vector<std::string>& levels) {
  std::vector<int> order(levels.size());
  std::iota(order.begin(), order.end(), 0);
  const bool numeric = std::all_of(levels.begin(), levels.end(), IsNumber);
  std::sort(order.begin(), order.end(), [&](int a, int b) {
    if (numeric) return std::stod(levels[a]) < std::stod(levels[b]);
    return levels[a] < levels[b];
  });
  return order;
}

std::string Ordinal(size_t column) {
  return std::to_string(column + 1);
}

}  // namespace

int CovariateTable::LevelCount(int factor) const {
  return factor < list_count() ? 2 : static_cast<int>(levels[factor - list_count()].size());
}

const std::string& CovariateTable::FactorName(int factor) const {
  return factor < list_count() ? lists[factor] : covariates[factor - list_count()];
}

double CovariateTable::observed_total() const {
  double total = 0.0;
  for (const CovariateRow& row : rows) total += row.count;
  return total;
}

bool CovariateTable::HasMissing() const {
  for (const CovariateRow& row : rows) {
    for (int level : row.levels) {
      if (level == kMissingLevel) return true;
    }
  }
  return false;
}

Result<CovariateTable> NormaliseCovariateTable(CovariateTable table) {
  const int k = table.list_count();
  const int c = table.covariate_count();
  if (k < 2) return Status::InvalidData("a table needs at least two lists");
  if (k > kMaxLists) {
    return Status::InvalidData("at most " + std::to_string(kMaxLists) + " lists are supported");
  }
  if (c > kMaxCovariates) {
    return Status::InvalidData("at most " + std::to_string(kMaxCovariates) +
                               " covariates are supported");
  }
  if (static_cast<int>(table.levels.size()) != c) {
    return Status::InvalidArgument("every covariate needs its list of levels");
  }
  std::vector<std::vector<int>> new_index(c);
  for (int v = 0; v < c; ++v) {
    if (table.levels[v].empty()) {
      return Status::InvalidData("covariate `" + table.covariates[v] +
                                 "` is unknown for every person");
    }
    const std::vector<int> order = SortedOrder(table.levels[v]);
    new_index[v].assign(order.size(), 0);
    std::vector<std::string> sorted;
    for (size_t i = 0; i < order.size(); ++i) {
      new_index[v][order[i]] = static_cast<int>(i);
      sorted.push_back(table.levels[v][order[i]]);
    }
    table.levels[v] = std::move(sorted);
  }
  std::map<std::pair<std::uint32_t, std::vector<int>>, double> merged;
  for (const CovariateRow& row : table.rows) {
    if (row.history == 0 || row.history >= (std::uint32_t{1} << k)) {
      return Status::InvalidData("a row's history must name at least one of the lists");
    }
    if (static_cast<int>(row.levels.size()) != c) {
      return Status::InvalidArgument("a row needs one level per covariate");
    }
    if (!(row.count >= 0.0)) return Status::InvalidData("a count must be 0 or more");
    std::vector<int> levels = row.levels;
    for (int v = 0; v < c; ++v) {
      if (levels[v] == kMissingLevel) continue;
      if (levels[v] < 0 || levels[v] >= static_cast<int>(new_index[v].size())) {
        return Status::InvalidArgument("a row names a level its covariate does not have");
      }
      levels[v] = new_index[v][levels[v]];
    }
    if (row.count > 0.0) merged[{row.history, std::move(levels)}] += row.count;
  }
  table.rows.clear();
  for (auto& [key, count] : merged) table.rows.push_back({key.first, key.second, count});
  if (table.rows.empty()) return Status::InvalidData("no person was observed (all counts are 0)");
  return table;
}

Result<CovariateTable> ReadCovariateTableCsv(const std::string& path,
                                             const std::vector<std::string>& covariates) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(path + ": cannot open the capture-history table");
  CovariateTable table;
  table.covariates = covariates;
  table.levels.assign(covariates.size(), {});
  // Each column is a list, a covariate or the count.
  std::vector<int> list_of_column, covariate_of_column;
  int count_column = -1;
  std::vector<std::map<std::string, int, std::less<>>> level_index(covariates.size());
  std::string line;
  int row_number = 0;
  bool have_header = false;
  size_t columns = 0;
  while (std::getline(in, line)) {
    ++row_number;
    std::string_view view = line;
    if (row_number == 1 && view.substr(0, 3) == "\xEF\xBB\xBF") view.remove_prefix(3);
    if (internal::TrimField(view).empty()) continue;
    const std::vector<std::string_view> fields = internal::SplitCommas(view);
    const std::string where = path + ":" + std::to_string(row_number) + ": ";
    if (!have_header) {
      columns = fields.size();
      list_of_column.assign(columns, -1);
      covariate_of_column.assign(columns, -1);
      std::vector<bool> covariate_found(covariates.size(), false);
      for (size_t col = 0; col < columns; ++col) {
        const std::string_view name = fields[col];
        if (name.empty()) {
          return Status::InvalidData(where + "column " + Ordinal(col) + " has no name");
        }
        for (size_t other = 0; other < col; ++other) {
          if (fields[other] == name) {
            return Status::InvalidData(where + "columns " + Ordinal(other) + " and " +
                                       Ordinal(col) + " have the same name");
          }
        }
        if (name == "count") {
          count_column = static_cast<int>(col);
          continue;
        }
        const auto named = std::find(covariates.begin(), covariates.end(), name);
        if (named != covariates.end()) {
          const size_t v = static_cast<size_t>(named - covariates.begin());
          covariate_of_column[col] = static_cast<int>(v);
          covariate_found[v] = true;
          continue;
        }
        list_of_column[col] = static_cast<int>(table.lists.size());
        table.lists.emplace_back(name);
      }
      if (count_column < 0) return Status::InvalidData(where + "the header has no `count` column");
      for (size_t v = 0; v < covariates.size(); ++v) {
        if (!covariate_found[v]) {
          return Status::InvalidData(where + "the header has no column for covariate `" +
                                     covariates[v] + "`");
        }
      }
      if (table.lists.size() < 2) {
        return Status::InvalidData(where + "the header needs at least two list columns");
      }
      if (table.lists.size() > static_cast<size_t>(kMaxLists)) {
        return Status::InvalidData(where + "at most " + std::to_string(kMaxLists) +
                                   " lists are supported");
      }
      have_header = true;
      continue;
    }
    if (fields.size() != columns) {
      return Status::InvalidData(where + "expected " + std::to_string(columns) +
                                 " columns, found " + std::to_string(fields.size()));
    }
    CovariateRow row;
    row.levels.assign(covariates.size(), kMissingLevel);
    for (size_t col = 0; col < columns; ++col) {
      const std::string_view field = fields[col];
      if (list_of_column[col] >= 0) {
        if (field == "1") {
          row.history |= std::uint32_t{1} << list_of_column[col];
        } else if (field != "0") {
          return Status::InvalidData(where + "list column `" + table.lists[list_of_column[col]] +
                                     "` must be 0 or 1");
        }
      } else if (covariate_of_column[col] >= 0) {
        const int v = covariate_of_column[col];
        if (field.empty() || field == "NA") continue;
        auto found = level_index[v].find(field);
        if (found == level_index[v].end()) {
          found = level_index[v]
                      .emplace(std::string(field), static_cast<int>(table.levels[v].size()))
                      .first;
          table.levels[v].emplace_back(field);
        }
        row.levels[v] = found->second;
      } else {
        std::int64_t count = -1;
        const auto [end, error] = std::from_chars(field.data(), field.data() + field.size(), count);
        if (error != std::errc{} || end != field.data() + field.size() || count < 0) {
          return Status::InvalidData(where + "`count` must be a whole number of 0 or more");
        }
        row.count = static_cast<double>(count);
      }
    }
    if (row.history == 0) {
      return Status::InvalidData(
          where +
          "every list is 0 (seen by no list): such persons cannot be observed; remove "
          "the row");
    }
    table.rows.push_back(std::move(row));
  }
  if (!have_header) return Status::InvalidData(path + ": the file is empty");
  for (size_t v = 0; v < covariates.size(); ++v) {
    if (table.levels[v].empty()) {
      return Status::InvalidData(path + ": covariate `" + covariates[v] +
                                 "` is unknown (NA) in every row");
    }
  }
  Result<CovariateTable> normalised = NormaliseCovariateTable(std::move(table));
  if (!normalised.ok()) return Status::InvalidData(path + ": " + normalised.status().message());
  return normalised;
}

}  // namespace zicht::estimate
