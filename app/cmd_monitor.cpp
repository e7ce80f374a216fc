// `zicht monitor`: the victim monitor's tables from a linked store, with disclosure control.
#include <fmt/format.h>

#include <iostream>
#include <memory>

#include "common.hpp"
#include "zicht/estimate/capture_histories.hpp"
#include "zicht/monitor/monitor.hpp"

namespace zicht::app {

namespace {

struct MonitorFlags {
  std::string db;
  std::string years;
  std::string config;
  std::string vocabulary;
  std::string lang = "en";
  std::string csv_dir;
  std::int64_t threshold = -1;
  bool json = false;
  bool records = false;
};

void Run(const MonitorFlags& flags) {
  const Vocabulary& vocabulary = LoadVocabulary(flags.vocabulary);
  monitor::MonitorOptions options;
  if (!flags.config.empty()) {
    auto config = monitor::LoadMonitorConfig(flags.config);
    if (!config.ok()) Fail(config.status());
    options.config = std::move(*config);
  }
  if (!flags.years.empty()) {
    auto years = estimate::ParseYearRange(flags.years);
    if (!years.ok()) Fail(years.status());
    options.first_year = years->first;
    options.last_year = years->last;
  }
  if (flags.threshold >= 0) options.threshold = flags.threshold;
  options.unit = flags.records ? monitor::CountingUnit::kRecords : monitor::CountingUnit::kPersons;

  auto store = store::OpenSqliteStore(flags.db, StoreOptions(/*for_writing=*/false));
  if (!store.ok()) Fail(store.status());
  auto result = monitor::RunMonitor(**store, vocabulary, options);
  if (!result.ok()) Fail(result.status());
  for (const std::string& warning : result->warnings)
    std::cerr << "zicht: warning: " << warning << "\n";

  if (!flags.csv_dir.empty()) {
    const Status written = monitor::WriteMonitorCsv(*result, flags.csv_dir, flags.lang);
    if (!written.ok()) Fail(written);
    std::cout << fmt::format("wrote {} tables as CSV into {}\n", result->tables.size(),
                             flags.csv_dir);
    return;
  }
  if (flags.json) {
    std::cout << monitor::MonitorToJson(*result);
    return;
  }
  std::cout << fmt::format("Victim monitor {}-{}, from {} records\n\n", result->first_year,
                           result->last_year, result->registrations);
  std::cout << monitor::MonitorToText(*result, flags.lang);
}

}  // namespace

void RegisterMonitor(CLI::App& app) {
  auto flags = std::make_shared<MonitorFlags>();
  CLI::App* command = app.add_subcommand(
      "monitor",
      "The victim monitor's tables from a linked store, per registration year and period:\n"
      "registered presumed victims, minors and under-15s with 95% Wilson intervals, form of\n"
      "exploitation by domestic or cross-border, sector and visibility of sexual\n"
      "exploitation, gender by age group, nationality, reporting sources, unaccompanied\n"
      "minors. Counts linked persons (run `zicht link` first), or records with --records.\n"
      "Disclosure control hides every count from 1 to the threshold minus 1 and what would\n"
      "give one away. The tables are set in config/monitor.toml (see docs/monitor.md).\n\n"
      "Examples:\n"
      "  zicht monitor --db monitor.db\n"
      "  zicht monitor --db monitor.db --years 2017-2019 --csv tables/\n"
      "  zicht monitor --db monitor.db --json --lang nl");
  command->add_option("--db", flags->db, "The linked store")->required();
  command->add_option("--years", flags->years,
                      "Registration years A-B, or one year (default: all in the store)");
  command->add_option("--threshold", flags->threshold,
                      "Smallest count shown (default 10, from the config); 0 turns disclosure "
                      "control off, for your own unpublished analysis");
  command->add_option("--config", flags->config, "Tables and periods (TOML)")
      ->check(CLI::ExistingFile);
  command->add_option("--lang", flags->lang, "Labels: en or nl")
      ->check(CLI::IsMember({"en", "nl"}))
      ->capture_default_str();
  command->add_flag("--records", flags->records, "Count records instead of linked persons");
  auto* json = command->add_flag("--json", flags->json, "Print the tables as JSON");
  command->add_option("--csv", flags->csv_dir, "Write one CSV file per table into this folder")
      ->excludes(json);
  AddVocabularyOption(*command, flags->vocabulary);
  command->callback([flags] { Run(*flags); });
}

}  // namespace zicht::app
