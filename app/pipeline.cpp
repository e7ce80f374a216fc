#include "pipeline.hpp"

#include <fmt/format.h>

#include <chrono>
#include <iostream>

#include "common.hpp"
#include "progress.hpp"
#include "zicht/ingest/ingest.hpp"
#include "zicht/ingest/init.hpp"
#include "zicht/link/link.hpp"
#include "zicht/report/report.hpp"

namespace zicht::app {
namespace {

struct StepLine {
  std::string step;
  std::string result;
  double seconds = 0;
};

double SecondsSince(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

}  // namespace

void RunPipeline(const PipelineOptions& options) {
  std::vector<StepLine> steps;
  ProgressLine progress;
  auto started = std::chrono::steady_clock::now();

  const std::filesystem::path key_file = privacy::ResolveKeyFile(options.db, options.key_file);
  if (!std::filesystem::exists(options.db)) {
    ingest::InitOptions init;
    init.db = options.db;
    init.key_file = key_file;
    init.reuse_key = std::filesystem::exists(key_file);
    init.demo_seed = options.demo_seed;
    auto created = ingest::InitializeStore(init);
    if (!created.ok()) Fail(created.status());
    steps.push_back({"init", fmt::format("a new store {} with its key", options.db.string()),
                     SecondsSince(started)});
  }
  auto store =
      store::OpenSqliteStore(options.db, StoreOptions(/*for_writing=*/true, options.wait_seconds));
  if (!store.ok()) Fail(store.status());
  const privacy::PseudonymKey key = LoadKey(options.db, key_file.string());

  for (const PipelineSource& source : options.sources) {
    started = std::chrono::steady_clock::now();
    ingest::IngestOptions ingest_options;
    ingest_options.source = source.name;
    ingest_options.mapping = source.mapping;
    auto summary =
        ingest::Ingest(**store, key, Vocabulary::Default(), ingest_options, {source.file},
                       [&](const ingest::IngestProgress& p) {
                         progress.Update(fmt::format("ingest {}: {} rows", source.name, p.rows));
                       });
    progress.Finish();
    if (!summary.ok()) Fail(summary.status());
    // The demo knows its key is public; anyone else loading into such a store is told.
    if (!options.demo_seed) {
      for (const std::string& warning : summary->warnings) {
        std::cerr << "zicht: warning: " << warning << "\n";
      }
    }
    std::cerr << ingest::ViolationDigest(summary->violations, kViolationLines);
    if (!summary->violations.empty()) {
      Fail(Status::InvalidData(fmt::format(
          "{}: {} rule violation(s) (above); nothing of it was written. Fix the file, or "
          "load it with `zicht ingest --skip-invalid`, and run again",
          source.file.string(), summary->violations.size())));
    }
    const ingest::FileOutcome& file = summary->files.front();
    steps.push_back({"ingest " + source.name,
                     file.already_loaded ? "already loaded"
                                         : fmt::format("{} records, {}-{}", file.rows_written,
                                                       file.year_min, file.year_max),
                     SecondsSince(started)});
  }

  started = std::chrono::steady_clock::now();
  link::LinkCallbacks callbacks;
  callbacks.progress = [&](std::string_view stage, double done) {
    progress.Update(fmt::format("link: {} {:3.0f}%", stage, 100 * done));
  };
  auto linked = link::LinkStore(**store, link::DefaultLinkConfig(), callbacks);
  progress.Finish();
  if (!linked.ok()) Fail(linked.status());
  steps.push_back(
      {"link",
       fmt::format("{} records into {} persons", linked->records, linked->link.clustering.clusters),
       SecondsSince(started)});

  started = std::chrono::steady_clock::now();
  report::ReportOptions report_options;
  if (!options.lists.empty()) {
    auto lists = estimate::LoadListsConfig(options.lists);
    if (!lists.ok()) Fail(lists.status());
    report_options.lists = std::move(*lists);
    report_options.lists_origin = options.lists;
  }
  report_options.progress = [&](std::string_view step) {
    progress.Update(fmt::format("report: {}", step));
  };
  auto report = report::WriteReport(**store, Vocabulary::Default(), report_options, options.out,
                                    options.lang);
  progress.Finish();
  if (!report.ok()) Fail(report.status());
  steps.push_back({"monitor, estimate, report",
                   fmt::format("{} tables, {} charts, {} cells hidden", report->tables,
                               report->charts, report->suppressed_cells),
                   SecondsSince(started)});
  for (const std::string& warning : report->warnings)
    std::cerr << "zicht: warning: " << warning << "\n";

  std::cout
      << "\n  step                         result                                        seconds\n";
  double total = 0;
  for (const StepLine& line : steps) {
    std::cout << fmt::format("  {:<28} {:<45} {:>7.2f}\n", line.step, line.result, line.seconds);
    total += line.seconds;
  }
  std::cout << fmt::format("  {:<28} {:<45} {:>7.2f}\n", "total", "", total);
  std::cout << fmt::format("\nThe report: {}\n", report->index_html.string());
  std::cout << fmt::format("Its tables: {} (CSV and monitor.json)\n", report->tables_dir.string());
}

}  // namespace zicht::app
