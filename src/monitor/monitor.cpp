#include "zicht/monitor/monitor.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <limits>

#include "zicht/monitor/release.hpp"

namespace zicht::monitor {

Status MonitorOptions::Validate() const {
  if (threshold && *threshold < 0) {
    return Status::InvalidArgument("--threshold must be 0 or more");
  }
  if (first_year && last_year && *first_year > *last_year) {
    return Status::InvalidArgument("the first year comes after the last");
  }
  return Status::Ok();
}

Result<MonitorResult> ComputeMonitor(const std::vector<Registration>& registrations,
                                     const Vocabulary& vocabulary, const MonitorOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  int data_first = std::numeric_limits<int>::max(), data_last = std::numeric_limits<int>::min();
  for (const Registration& r : registrations) {
    data_first = std::min(data_first, r.registration_date.year);
    data_last = std::max(data_last, r.registration_date.year);
  }
  if (registrations.empty()) {
    return Status::FailedPrecondition("the store holds no records; ingest extracts first");
  }
  MonitorResult result;
  result.first_year = options.first_year.value_or(data_first);
  result.last_year = options.last_year.value_or(data_last);
  result.threshold = options.threshold.value_or(options.config.threshold);
  result.unit = options.unit;
  for (const Registration& r : registrations) {
    const int year = r.registration_date.year;
    if (year >= result.first_year && year <= result.last_year) ++result.registrations;
  }
  if (result.registrations == 0) {
    return Status::FailedPrecondition(
        fmt::format("no records registered in {}-{}; the store has {}-{}", result.first_year,
                    result.last_year, data_first, data_last));
  }
  TableOptions table_options;
  table_options.first_year = result.first_year;
  table_options.last_year = result.last_year;
  table_options.unit = options.unit;
  table_options.overlap = true;
  auto tables = BuildTables(registrations, options.config, vocabulary, table_options);
  if (!tables.ok()) return tables.status();
  // One release: the tables, the overlap and the caller's counts, protected together.
  std::vector<Table> release = *std::move(tables);
  const std::size_t own = release.size();
  for (const Table& extra : options.extra_tables) release.push_back(extra);
  auto protection = ProtectTables(release, result.threshold, options.config.protection);
  if (!protection.ok()) return protection.status();
  result.protection = protection->BriefReport();
  for (std::size_t t = 0; t < release.size(); ++t) {
    if (t >= own) {
      result.extra_tables.push_back(std::move(release[t]));
    } else if (options.show_overlap || release[t].id != kOverlapTableId) {
      result.tables.push_back(std::move(release[t]));
    }
  }
  if (result.threshold <= 1) {
    result.warnings.push_back(
        "disclosure control is off (threshold below 2): small counts are shown; these tables "
        "are for your own analysis, not for publication");
  } else if (result.threshold < kPublicationThreshold) {
    result.warnings.push_back(fmt::format(
        "the threshold {} is below {}, the threshold of the monitor reports; counts from {} "
        "to {} are shown",
        result.threshold, kPublicationThreshold, result.threshold, kPublicationThreshold - 1));
  }
  return result;
}

Result<MonitorResult> RunMonitor(store::Store& store, const Vocabulary& vocabulary,
                                 const MonitorOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  auto registrations = ReadRegistrations(store, options.unit);
  if (!registrations.ok()) return registrations.status();
  return ComputeMonitor(*registrations, vocabulary, options);
}

std::string SuppressedText(std::int64_t threshold) {
  return fmt::format("<{}", threshold);
}

std::string HiddenText(const Table& table, std::size_t row, std::size_t column) {
  if (!table.is_suppressed(row, column)) return "";
  return table.is_secondary(row, column) ? kSecondaryText : SuppressedText(table.threshold);
}

}  // namespace zicht::monitor
