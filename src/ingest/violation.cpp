#include "zicht/ingest/violation.hpp"

#include <fmt/format.h>

#include <map>
#include <tuple>

namespace zicht::ingest {

std::string Violation::ToString() const {
  if (row == 0) return fmt::format("{}: {}", file, rule);
  if (column.empty()) return fmt::format("{}:{}: {}", file, row, rule);
  return fmt::format("{}:{}:{}: {}", file, row, column, rule);
}

std::string RuleCount::ToString() const {
  const std::string where = column.empty() ? file : fmt::format("{}:{}", file, column);
  if (first_row == 0 && rows == 1) return fmt::format("{}: {}", where, rule);
  return fmt::format("{}: {} ({} {}, the first at row {})", where, rule, WithThousands(rows),
                     rows == 1 ? "row" : "rows", first_row);
}

std::vector<RuleCount> CountByRule(const std::vector<Violation>& violations) {
  std::vector<RuleCount> counts;
  std::map<std::tuple<std::string, std::string, std::string>, size_t> index;
  for (const Violation& v : violations) {
    const auto [at, added] = index.emplace(std::tuple(v.file, v.column, v.rule), counts.size());
    if (added) counts.push_back({v.file, v.column, v.rule, 0, v.row});
    ++counts[at->second].rows;
  }
  return counts;
}

std::string ViolationDigest(const std::vector<Violation>& violations, std::size_t max_lines) {
  std::string digest;
  for (size_t i = 0; i < violations.size() && i < max_lines; ++i) {
    digest += violations[i].ToString() + "\n";
  }
  if (violations.size() <= max_lines) return digest;
  const std::vector<RuleCount> counts = CountByRule(violations);
  digest += fmt::format("... and {} more; all {} by rule:\n",
                        WithThousands(static_cast<std::int64_t>(violations.size() - max_lines)),
                        WithThousands(static_cast<std::int64_t>(violations.size())));
  for (const RuleCount& count : counts) digest += count.ToString() + "\n";
  return digest;
}

std::string WithThousands(std::int64_t n) {
  const std::string digits = std::to_string(n < 0 ? -n : n);
  std::string out;
  for (size_t i = 0; i < digits.size(); ++i) {
    if (i > 0 && (digits.size() - i) % 3 == 0) out += ',';
    out += digits[i];
  }
  return n < 0 ? "-" + out : out;
}

}  // namespace zicht::ingest
