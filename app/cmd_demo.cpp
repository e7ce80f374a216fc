#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <iostream>
#include <map>
#include <memory>
#include <optional>

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
  bool force = false;
};

// What the demo writes in its folder. It never replaces a file it did not make in the same
// run: above all not a key, without which a store's records can never be linked again.
struct DemoPaths {
  fs::path db, key, world, report;
};

// Run n of the demo in `out`: zicht.db, zicht.key, world/ and report/, then zicht-2.db,
// zicht-2.key, world-2/, report-2/ and so on.
DemoPaths PathsOfRun(const fs::path& out, int n) {
  const std::string suffix = n == 1 ? "" : fmt::format("-{}", n);
  return {out / ("zicht" + suffix + ".db"), out / ("zicht" + suffix + ".key"),
          out / ("world" + suffix), out / ("report" + suffix)};
}

// What of `paths` is there already (the store's -wal and -shm files count).
std::vector<fs::path> Taken(const DemoPaths& paths) {
  std::vector<fs::path> taken;
  std::error_code error;
  for (const fs::path& path :
       {paths.db, fs::path(paths.db.string() + "-wal"), fs::path(paths.db.string() + "-shm"),
        paths.key, paths.world, paths.report}) {
    if (fs::exists(fs::symlink_status(path, error))) taken.push_back(path);
  }
  return taken;
}

// A store or a key of any name: the folder holds someone's data.
std::optional<fs::path> StoreOrKeyIn(const fs::path& out) {
  std::error_code error;
  for (fs::directory_iterator it(out, error), end; !error && it != end; it.increment(error)) {
    const std::string extension = it->path().extension().string();
    for (const char* kind : {".db", ".sqlite", ".sqlite3", ".key"}) {
      if (extension == kind) return it->path();
    }
  }
  return std::nullopt;
}

// The names of this run: the plain ones in a folder without a store, a key or an earlier
// demo; with --force, the plain ones if they are free, else the first numbered ones of which
// nothing exists.
DemoPaths ChoosePaths(const fs::path& out, bool force) {
  const DemoPaths plain = PathsOfRun(out, 1);
  std::optional<fs::path> in_the_way = StoreOrKeyIn(out);
  if (!in_the_way) {
    const auto taken = Taken(plain);
    if (!taken.empty()) in_the_way = taken.front();
  }
  if (!in_the_way) return plain;
  if (!force) {
    Fail(Status::AlreadyExists(fmt::format(
        "{}: already exists; zicht demo never deletes or replaces a store, a key or earlier "
        "output (a store's records can be linked only with its key). Give an empty or new "
        "--out folder, or add --force to leave everything there as it is and write the demo "
        "beside it under new names",
        in_the_way->string())));
  }
  if (Taken(plain).empty()) return plain;  // only stores or keys of other names
  for (int n = 2;; ++n) {
    const DemoPaths numbered = PathsOfRun(out, n);
    if (Taken(numbered).empty()) return numbered;
  }
}

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
  std::error_code error;
  fs::create_directories(out, error);
  if (error) Fail(Status::IoError(fmt::format("{}: cannot make the folder", out.string())));
  const DemoPaths paths = ChoosePaths(out, flags.force);
  const fs::path& world_dir = paths.world;
  const fs::path& db = paths.db;

  std::cout << fmt::format("1. simulate: the nl world 2015-2019, seed {}, into {}\n", flags.seed,
                           world_dir.string());
  ProgressLine progress;
  simulate::SimulationOptions options;
  options.seed = flags.seed;
  options.scale = flags.scale;
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
  pipeline.key_file = paths.key;  // the demo's own, never $ZICHT_KEY_FILE
  // Derived from the seed, so that every run gives the same figures; marked as not secret.
  pipeline.demo_seed = flags.seed;
  pipeline.out = paths.report;
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
      (paths.report / "index.html").string(), db.string(), world_dir.string(), db.string(),
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
      "It never deletes or replaces anything: a folder that holds a store or a key (a file\n"
      "ending in .db, .sqlite, .sqlite3 or .key) or an earlier demo's zicht.db, zicht.key,\n"
      "world/ or report/ is refused (exit status 73). With --force the demo leaves all of\n"
      "it as it is and writes beside it under names that are free: zicht.db, zicht.key,\n"
      "world/ and report/ if none of them exists, else zicht-2.db with a new key of its own\n"
      "zicht-2.key, world-2/ and report-2/ (then -3, ...). An existing key is never reused,\n"
      "so the demo's records are never encoded with it.\n\n"
      "The demo's key is derived from --seed, so every run gives the same figures, and it is\n"
      "NOT SECRET: the store is marked as a demo store and an ingest into it warns. Real\n"
      "records belong in a store made by zicht init, with a secret key of its own.\n\n"
      "Example:\n  zicht demo --out demo-out");
  command
      ->add_option("--out", flags->out,
                   "Working folder (made if needed; refused if it holds a store or a key, "
                   "unless --force)")
      ->capture_default_str();
  command->add_flag("--force", flags->force,
                    "Run in a folder that holds a store, a key or an earlier demo: leave them "
                    "untouched and write under new names (zicht-2.db, zicht-2.key, ...)");
  command->add_option("--lang", flags->lang, "Language of the report: en or nl")
      ->check(CLI::IsMember({"en", "nl"}))
      ->capture_default_str();
  command->add_option("--seed", flags->seed, "Seed of the simulated world")->capture_default_str();
  command->add_option("--scale", flags->scale, "Size of the world relative to the Netherlands")
      ->capture_default_str();
  command->callback([flags] { RunDemo(*flags); });
}

}  // namespace zicht::app
