#include <fmt/format.h>

#include <algorithm>
#include <iostream>
#include <map>
#include <memory>

#include "common.hpp"
#include "progress.hpp"
#include "zicht/ingest/ingest.hpp"
#include "zicht/ingest/init.hpp"
#include "zicht/link/link.hpp"
#include "zicht/simulate/simulate.hpp"

namespace zicht::app {

namespace {

namespace fs = std::filesystem;

struct DemoFlags {
  std::string out = "demo-out";
  std::uint64_t seed = 20151231;
  double scale = 1.0;
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

  std::cout << fmt::format("2. init: a store {} and its key\n", db.string());
  ingest::InitOptions init;
  init.db = db;
  init.key_file = privacy::ResolveKeyFile(db, "");
  auto created = ingest::InitializeStore(init);
  if (!created.ok()) Fail(created.status());

  std::cout << "3. ingest: every source's extract with its own mapping\n";
  auto store = store::OpenSqliteStore(db);
  if (!store.ok()) Fail(store.status());
  auto key = privacy::PseudonymKey::LoadFile(init.key_file);
  if (!key.ok()) Fail(key.status());
  for (const std::string& source : SourcesIn(*world)) {
    ingest::IngestOptions ingest_options;
    ingest_options.source = source;
    ingest_options.mapping = world_dir / (source + ".toml");
    auto summary =
        ingest::Ingest(**store, *key, Vocabulary::Default(), ingest_options,
                       {world_dir / (source + ".csv")}, [&](const ingest::IngestProgress& p) {
                         progress.Update(fmt::format("ingest {}: {} rows", source, p.rows));
                       });
    progress.Finish();
    if (!summary.ok()) Fail(summary.status());
    for (const auto& violation : summary->violations) std::cerr << violation.ToString() << "\n";
    if (!summary->violations.empty()) {
      Fail(Status::Internal(
          fmt::format("the simulated extract of {} did not ingest cleanly", source)));
    }
    const auto& file = summary->files.front();
    std::cout << fmt::format("   {:<22} {:>7} records, registrations {}-{}\n", source,
                             file.rows_written, file.year_min, file.year_max);
  }

  std::cout << "\n4. status: what the store now holds\n";
  auto counts = (*store)->RecordCounts();
  if (!counts.ok()) Fail(counts.status());
  std::map<int, std::int64_t> by_year;
  for (const auto& c : *counts) by_year[c.year] += c.records;
  for (const auto& [year, records] : by_year) {
    std::cout << fmt::format("   {}: {:>7} records\n", year, records);
  }
  std::cout << "\n5. link: records into persons\n";
  auto linked = link::LinkStore(**store, link::DefaultLinkConfig());
  if (!linked.ok()) Fail(linked.status());
  const link::Clustering& clusters = linked->link.clustering;
  std::int64_t seen_more_than_once = 0;
  for (const auto& [size, count] : clusters.size_histogram) {
    if (size > 1) seen_more_than_once += count;
  }
  std::cout << fmt::format("   {} records are {} persons; {} of them registered more than once\n",
                           linked->records, clusters.clusters, seen_more_than_once);
  std::cout << fmt::format(
      "\nDone. The store is {}, its key {}; the simulated extracts, their mappings and the\n"
      "truth are in {}. Try: zicht status --db {}\n"
      "      zicht link --db {} --truth {}\n",
      db.string(), init.key_file.string(), world_dir.string(), db.string(), db.string(),
      (world_dir / "truth.csv").string());
}

}  // namespace

void RegisterDemo(CLI::App& app) {
  auto flags = std::make_shared<DemoFlags>();
  CLI::App* command = app.add_subcommand(
      "demo",
      "Show zicht working with no data of your own: simulate the Dutch (nl) world of\n"
      "2015-2019 at a fixed seed into a working folder, create a store there, ingest every\n"
      "simulated source's extract with its mapping, show what the store holds, and link\n"
      "the records into persons.\n\n"
      "Example:\n  zicht demo --out demo-out");
  command
      ->add_option("--out", flags->out,
                   "Working folder (made if needed; its store is "
                   "recreated on every run)")
      ->capture_default_str();
  command->add_option("--seed", flags->seed, "Seed of the simulated world")->capture_default_str();
  command->add_option("--scale", flags->scale, "Size of the world relative to the Netherlands")
      ->capture_default_str();
  command->callback([flags] { RunDemo(*flags); });
}

}  // namespace zicht::app
