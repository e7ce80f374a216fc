// `zicht report`: the self-contained HTML report and its tables from a linked store.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common.hpp"
#include "progress.hpp"
#include "zicht/estimate/capture_histories.hpp"
#include "zicht/report/report.hpp"

namespace zicht::app {

namespace {

struct ReportFlags {
  std::string db;
  std::string out;
  std::string lang = "en";
  std::string years;
  std::string config;
  std::string lists;
  std::string vocabulary;
  std::int64_t threshold = -1;
  bool no_estimate = false;
};

void Run(const ReportFlags& flags) {
  const Vocabulary& vocabulary = LoadVocabulary(flags.vocabulary);
  report::ReportOptions options;
  if (!flags.config.empty()) {
    auto config = monitor::LoadMonitorConfig(flags.config);
    if (!config.ok()) Fail(config.status());
    options.monitor.config = std::move(*config);
  }
  if (!flags.years.empty()) {
    auto years = estimate::ParseYearRange(flags.years);
    if (!years.ok()) Fail(years.status());
    options.monitor.first_year = years->first;
    options.monitor.last_year = years->last;
  }
  if (flags.threshold >= 0) options.monitor.threshold = flags.threshold;
  if (!flags.lists.empty()) {
    auto lists = estimate::LoadListsConfig(flags.lists);
    if (!lists.ok()) Fail(lists.status());
    options.lists = std::move(*lists);
    options.lists_origin = flags.lists;
  }
  options.estimates = !flags.no_estimate;
  ProgressLine progress;
  options.progress = [&](std::string_view step) {
    progress.Update(fmt::format("zicht report: {}", step));
  };

  auto store = store::OpenSqliteStore(flags.db, StoreOptions(/*for_writing=*/false));
  if (!store.ok()) Fail(store.status());
  auto summary = report::WriteReport(**store, vocabulary, options, flags.out, flags.lang);
  progress.Finish();
  if (!summary.ok()) Fail(summary.status());
  for (const std::string& warning : summary->warnings)
    std::cerr << "zicht: warning: " << warning << "\n";
  std::cout << "Report: " << summary->BriefReport() << "\n";
}

}  // namespace

void RegisterReport(CLI::App& app) {
  auto flags = std::make_shared<ReportFlags>();
  CLI::App* command = app.add_subcommand(
      "report",
      "Write the victim monitor's report from a linked store: a self-contained index.html\n"
      "(opens offline from a file; charts can be saved as SVG or PNG) with the key figures,\n"
      "the registered against the estimated total per year, minors, forms of exploitation,\n"
      "sectors and their visibility, the overlap of sources, the linkage's diagnostics and\n"
      "the estimate by method; and every table as CSV and JSON in OUT/tables. Everything\n"
      "has been through disclosure control.\n\n"
      "Examples:\n"
      "  zicht report --db monitor.db --out report\n"
      "  zicht report --db monitor.db --out rapport --lang nl --lists lists.toml");
  command->add_option("--db", flags->db, "The linked store")->required();
  command->add_option("--out", flags->out, "Folder to write (made if needed)")->required();
  command->add_option("--lang", flags->lang, "Language of the report: en or nl")
      ->check(CLI::IsMember({"en", "nl"}))
      ->capture_default_str();
  command->add_option("--years", flags->years, "Registration years A-B (default: all)");
  command->add_option("--threshold", flags->threshold,
                      "Smallest count shown (default 10); 0 is for your own unpublished use");
  command->add_option("--config", flags->config, "Monitor tables and periods (TOML)")
      ->check(CLI::ExistingFile);
  command->add_option("--lists", flags->lists, "Lists of sources for the estimate (TOML)")
      ->check(CLI::ExistingFile);
  command->add_flag("--no-estimate", flags->no_estimate, "Leave the estimated total out");
  AddVocabularyOption(*command, flags->vocabulary);
  command->callback([flags] { Run(*flags); });
}

}  // namespace zicht::app
