// `zicht review`: clerical review of the linkage: a sample of pairs out, decisions back in.
#include <fmt/format.h>

#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>

#include "common.hpp"
#include "review_text.hpp"
#include "zicht/ingest/ingest.hpp"
#include "zicht/link/review.hpp"

namespace zicht::app {

namespace {

struct ReviewFlags {
  std::string db;
  std::string export_path;
  std::string import_path;
  std::int64_t count = link::kDefaultReviewCount;
  std::uint64_t seed = link::kDefaultReviewSeed;
  bool json = false;
  double wait = -1;
};

int Export(store::Store& store, const ReviewFlags& flags) {
  link::ReviewExportOptions options;
  options.count = flags.count;
  options.seed = flags.seed;
  auto exported = link::ExportReviewSample(store, flags.export_path, options);
  if (!exported.ok()) Fail(exported.status());
  const link::ReviewExportResult& e = *exported;
  if (flags.json) {
    nlohmann::json out = {{"file", flags.export_path},
                          {"sample", e.sample},
                          {"scored_pairs", e.scored_pairs},
                          {"exported", e.exported},
                          {"strata", nlohmann::json::array()}};
    for (const auto& s : e.strata) {
      out["strata"].push_back({{"stratum", s.stratum}, {"sampled", s.sampled}, {"pairs", s.pairs}});
    }
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("Wrote {} of {} scored pairs to {} (sample {})\n", e.exported,
                           e.scored_pairs, flags.export_path, e.sample);
  for (const auto& s : e.strata) {
    std::cout << fmt::format("  {:<14} {:>6} of {:>9} pairs\n", s.stratum, s.sampled, s.pairs);
  }
  std::cout << "Fill the decision column with match, non-match or unsure (or leave it empty), "
               "then: zicht review --db "
            << flags.db << " --import " << flags.export_path << "\n";
  return 0;
}

int Import(store::Store& store, const ReviewFlags& flags) {
  auto sha = ingest::Sha256OfFile(flags.import_path);
  if (!sha.ok()) Fail(sha.status());
  auto imported = link::ImportReviewDecisions(store, flags.import_path, *sha);
  if (!imported.ok()) Fail(imported.status());
  const link::ReviewImportResult& r = *imported;
  if (flags.json) {
    std::cout << nlohmann::json{{"file", flags.import_path},
                                {"already_imported", r.already_imported},
                                {"import_id", r.import.import_id},
                                {"rows", r.import.rows},
                                {"labels_written",
                                 r.already_imported ? 0 : r.import.labels_written},
                                {"matches", r.matches},
                                {"non_matches", r.non_matches},
                                {"unsure", r.unsure},
                                {"undecided", r.undecided}}
                     .dump(2)
              << "\n";
    return 0;
  }
  if (r.already_imported) {
    std::cout << fmt::format("{}: these decisions were imported on {}; nothing written\n",
                             flags.import_path, r.import.imported_at);
    return 0;
  }
  std::cout << fmt::format(
      "Imported {}: {} rows, {} match, {} non-match, {} unsure, {} without a decision; {} labels "
      "new or changed\n",
      flags.import_path, r.import.rows, r.matches, r.non_matches, r.unsure, r.undecided,
      r.import.labels_written);
  std::cout << "They apply from the next `zicht link`.\n";
  return 0;
}

int Run(const ReviewFlags& flags) {
  const bool writes = !flags.import_path.empty();
  auto store = store::OpenSqliteStore(flags.db, StoreOptions(writes, flags.wait));
  if (!store.ok()) Fail(store.status());
  if (!flags.export_path.empty()) return Export(**store, flags);
  if (!flags.import_path.empty()) return Import(**store, flags);
  auto summary = link::SummariseStoreReview(**store);
  if (!summary.ok()) Fail(summary.status());
  if (flags.json) {
    std::cout << ReviewSummaryJson(*summary).dump(2) << "\n";
    return 0;
  }
  std::cout << "Clerical review\n" << ReviewSummaryText(*summary, "  ");
  return 0;
}

}  // namespace

void RegisterReview(CLI::App& app) {
  auto flags = std::make_shared<ReviewFlags>();
  CLI::App* command = app.add_subcommand(
      "review",
      "Clerical review of the linkage: export the pairs the model is least sure of, with a\n"
      "stratified sample of the others, as a CSV of record ids, levels and weights (no\n"
      "identifier); import the reviewers' decisions (match, non-match, unsure). Labels fix\n"
      "their pairs on every later `zicht link`, feed m and the prior, and give precision and\n"
      "recall with 95% intervals. Without --export or --import: the labels held and the\n"
      "estimates. See docs/linkage.md, \"Clerical review\".\n\n"
      "Examples:\n"
      "  zicht review --db monitor.db --export pairs.csv --count 200\n"
      "  zicht review --db monitor.db --import pairs.csv\n"
      "  zicht review --db monitor.db --json");
  command->add_option("--db", flags->db, "The store")->required();
  auto* export_option = command->add_option("--export", flags->export_path,
                                            "Write the sample of pairs to review to this CSV file");
  auto* import_option =
      command
          ->add_option("--import", flags->import_path,
                       "Store the decisions of a CSV written by --export and filled in")
          ->check(CLI::ExistingFile);
  export_option->excludes(import_option);
  command
      ->add_option("--count", flags->count,
                   fmt::format("Pairs to export (default {}): half the least sure, half a "
                               "stratified random sample of the rest",
                               link::kDefaultReviewCount))
      ->check(CLI::PositiveNumber)
      ->needs(export_option);
  command
      ->add_option("--seed", flags->seed,
                   fmt::format("Seed of the random part of the sample (default {})",
                               link::kDefaultReviewSeed))
      ->needs(export_option);
  command->add_flag("--json", flags->json, "Print JSON");
  AddWaitOption(*command, flags->wait);
  command->callback([flags] {
    const int code = Run(*flags);
    if (code != 0) throw CommandExit{code};
  });
}

}  // namespace zicht::app
