#include <fmt/format.h>

#include <iostream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "common.hpp"
#include "zicht/ingest/ingest.hpp"
#include "zicht/ingest/violation.hpp"
#include "zicht/store/store.hpp"

namespace zicht::app {

namespace {

void PrintText(const std::vector<store::SourceYearCount>& counts,
               const std::vector<store::IngestLogEntry>& log, store::Store& store) {
  std::set<int> years;
  std::map<std::string, std::map<int, std::int64_t>> table;
  for (const auto& c : counts) {
    years.insert(c.year);
    table[c.source][c.year] = c.records;
  }
  std::cout << "Records by source and registration year\n";
  std::cout << fmt::format("{:<22}", "source");
  for (int year : years) std::cout << fmt::format("{:>9}", year);
  std::cout << fmt::format("{:>10}\n", "total");
  std::map<int, std::int64_t> year_totals;
  std::int64_t grand_total = 0;
  for (const auto& [source, by_year] : table) {
    std::cout << fmt::format("{:<22}", source);
    std::int64_t total = 0;
    for (int year : years) {
      const auto it = by_year.find(year);
      const std::int64_t n = it == by_year.end() ? 0 : it->second;
      std::cout << fmt::format("{:>9}", n);
      total += n;
      year_totals[year] += n;
    }
    grand_total += total;
    std::cout << fmt::format("{:>10}\n", total);
  }
  std::cout << fmt::format("{:<22}", "all sources");
  for (int year : years) std::cout << fmt::format("{:>9}", year_totals[year]);
  std::cout << fmt::format("{:>10}\n\n", grand_total);

  std::cout << "Ingest log\n";
  std::cout << fmt::format("{:>4}  {:<20} {:<14} {:<28} {:>9} {:>9} {:>8} {:<9} {:<12}  {}\n", "id",
                           "loaded (UTC)", "source", "file", "rows", "written", "rejected", "years",
                           "sha256", "status");
  for (const auto& e : log) {
    const std::string years_text = e.year_min == e.year_max
                                       ? std::to_string(e.year_min)
                                       : fmt::format("{}-{}", e.year_min, e.year_max);
    std::cout << fmt::format("{:>4}  {:<20} {:<14} {:<28} {:>9} {:>9} {:>8} {:<9} {:<12}  {}\n",
                             e.ingest_id, e.loaded_at, e.source, e.file_name, e.rows_read,
                             e.rows_written, e.rows_rejected, years_text,
                             e.content_sha256.substr(0, 12), e.status);
    if (e.rows_rejected > 0) {
      auto rejects = store.RejectsOf(e.ingest_id);
      if (!rejects.ok()) Fail(rejects.status());
      // As ingest showed them: the first rows one by one, then a count per rule.
      std::vector<ingest::Violation> rejected;
      for (const auto& r : *rejects) rejected.push_back({e.file_name, r.row, r.column, r.rule});
      const std::string digest = ingest::ViolationDigest(rejected, kViolationLines);
      for (size_t start = 0; start < digest.size();) {
        const size_t end = digest.find('\n', start);
        std::cout << "        " << digest.substr(start, end - start + 1);
        start = end + 1;
      }
    }
  }
  if (log.empty()) std::cout << "(nothing loaded yet: see zicht ingest --help)\n";
}

}  // namespace

void RegisterStatus(CLI::App& app) {
  struct Flags {
    std::string db;
    bool json = false;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "status",
      "Show what the store holds: records by source and registration year, and the ingest\n"
      "log (files, content hashes, rows, rejects).\n\n"
      "Example:\n  zicht status --db monitor.db --json");
  command->add_option("--db", flags->db, "The store")->required();
  command->add_flag("--json", flags->json, "Print JSON instead of tables");
  command->callback([flags] {
    auto store = store::OpenSqliteStore(flags->db, StoreOptions(/*for_writing=*/false));
    if (!store.ok()) Fail(store.status());
    auto counts = (*store)->RecordCounts();
    if (!counts.ok()) Fail(counts.status());
    auto log = (*store)->IngestLog();
    if (!log.ok()) Fail(log.status());
    auto version = (*store)->SchemaVersion();
    if (!version.ok()) Fail(version.status());
    auto demo_key = ingest::HasDemoKey(**store);
    if (!demo_key.ok()) Fail(demo_key.status());
    if (!flags->json) {
      if (*demo_key) std::cout << "Warning: " << ingest::DemoKeyWarning() << "\n\n";
      PrintText(*counts, *log, **store);
      return;
    }
    nlohmann::json out;
    out["schema_version"] = *version;
    out["key"] = *demo_key ? "demo (not secret)" : "secret";
    out["records"] = nlohmann::json::array();
    for (const auto& c : *counts) {
      out["records"].push_back(
          {{"source", c.source}, {"kind", c.kind}, {"year", c.year}, {"records", c.records}});
    }
    out["ingests"] = nlohmann::json::array();
    for (const auto& e : *log) {
      nlohmann::json rejects = nlohmann::json::array();
      if (e.rows_rejected > 0) {
        auto listed = (*store)->RejectsOf(e.ingest_id);
        if (!listed.ok()) Fail(listed.status());
        for (const auto& r : *listed) {
          rejects.push_back({{"row", r.row}, {"column", r.column}, {"rule", r.rule}});
        }
      }
      out["ingests"].push_back({{"ingest_id", e.ingest_id},
                                {"source", e.source},
                                {"file", e.file_name},
                                {"content_sha256", e.content_sha256},
                                {"mapping_sha256", e.mapping_sha256},
                                {"rows_read", e.rows_read},
                                {"rows_written", e.rows_written},
                                {"rows_rejected", e.rows_rejected},
                                {"year_min", e.year_min},
                                {"year_max", e.year_max},
                                {"status", e.status},
                                {"loaded_at", e.loaded_at},
                                {"rejects", rejects}});
    }
    std::cout << out.dump(2) << "\n";
  });
}

}  // namespace zicht::app
