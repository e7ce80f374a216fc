#include "zicht/ingest/violation.hpp"

#include <fmt/format.h>

namespace zicht::ingest {

std::string Violation::ToString() const {
  if (row == 0) return fmt::format("{}: {}", file, rule);
  if (column.empty()) return fmt::format("{}:{}: {}", file, row, rule);
  return fmt::format("{}:{}:{}: {}", file, row, column, rule);
}

}  // namespace zicht::ingest
