// `zicht run`: ingest, link, monitor, estimate and report in one go.
#include <fmt/format.h>

#include <memory>

#include "common.hpp"
#include "pipeline.hpp"

namespace zicht::app {

namespace {

struct RunFlags {
  std::string db;
  std::string out;
  std::vector<std::string> sources;
  std::string lang = "en";
  std::string lists;
  double wait = -1;
};

void Run(const RunFlags& flags) {
  PipelineOptions options;
  options.db = flags.db;
  options.out = flags.out;
  options.lang = flags.lang;
  options.lists = flags.lists;
  options.wait_seconds = flags.wait;
  for (const std::string& given : flags.sources) {
    const auto equals = given.find('=');
    if (equals == std::string::npos || equals == 0 || equals + 1 == given.size()) {
      Fail(Status::InvalidArgument(
          fmt::format("--source `{}`: give NAME=FILE, e.g. police=police_2019.csv", given)));
    }
    PipelineSource source;
    source.name = given.substr(0, equals);
    source.file = given.substr(equals + 1);
    if (!std::filesystem::exists(source.file)) {
      Fail(Status::NotFound(
          fmt::format("--source {}: no file {}", source.name, source.file.string())));
    }
    // A mapping beside the extract, with its name: police_2019.csv -> police_2019.toml.
    std::filesystem::path mapping = source.file;
    mapping.replace_extension(".toml");
    if (std::filesystem::exists(mapping)) source.mapping = mapping;
    options.sources.push_back(std::move(source));
  }
  RunPipeline(options);
}

}  // namespace

void RegisterRun(CLI::App& app) {
  auto flags = std::make_shared<RunFlags>();
  CLI::App* command = app.add_subcommand(
      "run",
      "The whole job in one go: ingest each --source extract (with the mapping NAME.toml\n"
      "beside it, if there is one), link the store's records into persons, then write the\n"
      "monitor's tables, the estimate and the report into --out. Creates the store and its\n"
      "key when the store does not exist. Extracts already loaded are skipped, so a rerun\n"
      "with one more extract adds only that one. Ends with a summary table.\n\n"
      "Example:\n"
      "  zicht run --db monitor.db --out report --source police=police_2019.csv \\\n"
      "            --source shelter=shelter_2019.csv");
  command->add_option("--db", flags->db, "The store (created if missing)")->required();
  command->add_option("--out", flags->out, "Folder for the report")->required();
  command->add_option("--source", flags->sources, "An extract as NAME=FILE (repeat)");
  command->add_option("--lang", flags->lang, "Language of the report: en or nl")
      ->check(CLI::IsMember({"en", "nl"}))
      ->capture_default_str();
  command->add_option("--lists", flags->lists, "Lists of sources for the estimate (TOML)")
      ->check(CLI::ExistingFile);
  AddWaitOption(*command, flags->wait);
  command->callback([flags] { Run(*flags); });
}

}  // namespace zicht::app
