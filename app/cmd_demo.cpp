#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>

#include "common.hpp"
#include "pipeline.hpp"
#include "progress.hpp"
#include "zicht/ingest/ingest.hpp"
#include "zicht/ingest/init.hpp"
#include "zicht/link/link.hpp"
#include "zicht/simulate/simulate.hpp"

namespace zicht::app {

namespace {

namespace fs = std::filesystem;

constexpr const char* kDemoLists =
    "# The lists of the demo's estimate: the simulated sources grouped into four.\n"
    "[lists]\n"
    "police = [\"police\", \"border_police\"]\n"
    "care = [\"care_provider\", \"shelter_reception\", \"guardianship\"]\n"
    "chat = [\"online_chat\"]\n"
    "other = [\"labour_inspectorate\", \"other\"]\n";

struct DemoFlags {
  std::string out = "demo-out";
  std::uint64_t seed = 20151231;
  double scale = 1.0;
  std::string lang = "en";
};

// The extracts of a simulated world: every <source>.csv that has a <source>.toml beside it.
std::vector<std::string> SourcesIn(const simulate::SimulationSummary& world) {
  std::vector<std::string> sources;
  for (const std::string& file : world.files) {
    const fs::path path(file);
    if (path.extension() == ".csv" &&
        std::find(world.files.begin(), world.files.end(), path.stem().string() + ".toml") !=
            world.files.end()) {
      sources.push_back(path.stem().string());
    }
  }
  std::sort(sources.begin(), sources.end());
  return sources;
}

void RunDemo(const DemoFlags& flags) {
  const fs::path out(flags.out);
  const fs::path world_dir = out / "world";
  const fs::path db = out / "zicht.db";
  std::error_code error;
  fs::create_directories(out, error);
  // The demo's folder is a scratch space: a rerun starts from a fresh store and key.
  for (const char* name : {"zicht.db", "zicht.db-wal", "zicht.db-shm", "zicht.key"}) {
    fs::remove(out / name, error);
  }

  std::cout << fmt::format("1. simulate: the nl world 2015-2019, seed {}, into {}\n", flags.seed,
                           world_dir.string());
  ProgressLine progress;
  simulate::SimulationOptions options;
  options.seed = flags.seed;
  options.scale = flags.scale;
  options.overwrite = true;
  options.progress = [&](const simulate::SimulationProgress& p) {
    progress.Update(fmt::format("simulate {}: {:.0f}%, {} records", p.year, 100 * p.fraction,
                                p.records_written));
  };
  auto world = simulate::SimulateWorld(options, world_dir);
  progress.Finish();
  if (!world.ok()) Fail(world.status());
  std::cout << world->BriefReport() << "\n";

  std::cout << "2. run: ingest every source's extract with its own mapping, link the records\n"
               "   into persons, then the monitor's tables, the estimate and the report\n";
  // Eight sources are too many lists for the sparse tables of one year: the estimate
  // groups them as the Dutch estimate does, by where victims are first seen.
  const fs::path lists = world_dir / "lists.toml";
  {
    std::ofstream file(lists, std::ios::trunc);
    file << kDemoLists;
    if (!file) Fail(Status::IoError(fmt::format("{}: cannot write", lists.string())));
  }
  PipelineOptions pipeline;
  pipeline.lists = lists.string();
  pipeline.db = db;
  pipeline.out = out / "report";
  pipeline.lang = flags.lang;
  for (const std::string& source : SourcesIn(*world)) {
    pipeline.sources.push_back(
        {source, world_dir / (source + ".csv"), world_dir / (source + ".toml")});
  }
  RunPipeline(pipeline);
  std::cout << fmt::format(
      "\nOpen {} in a browser. The store is {}; the simulated extracts, their\n"
      "mappings and the truth are in {}. Try:\n"
      "  zicht monitor --db {}\n"
      "  zicht link --db {} --truth {}\n",
      (out / "report" / "index.html").string(), db.string(), world_dir.string(), db.string(),
      db.string(), (world_dir / "truth.csv").string());
}

}  // namespace

void RegisterDemo(CLI::App& app) {
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* command = app.add_subcommand(
      "demo",
      "Show zicht working with no data of your own: simulate the Dutch (nl) world of\n"
      "2015-2019 at a fixed seed into a working folder, then do what `zicht run` does: create\n"
      "a store there, ingest every simulated source's extract with its mapping, link the\n"
      "records into persons, and write the monitor's tables, the estimate and the report\n"
      "(OUT/report/index.html).\n\n"
      "Example:\n  zicht demo --out demo-out");
  command
      ->add_option("--out", flags->out,
                   "Working folder (made if needed; its store is "
                   "recreated on every run)")
      ->capture_default_str();
  command->add_option("--lang", flags->lang, "Language of the report: en or nl")
      ->check(CLI::IsMember({"en", "nl"}))
      ->capture_default_str();
  command->add_option("--seed", flags->seed, "Seed of the simulated world")->capture_default_str();
  command->add_option("--scale", flags->scale, "Size of the world relative to the Netherlands")
      ->capture_default_str();
  command->callback([flags] { RunDemo(*flags); });
}

}  // namespace zicht::app
