// zicht simulate: writes a synthetic world with known truth (see docs/simulation.md).
#include <fmt/format.h>
#include <unistd.h>

#include <charconv>
#include <cstdio>
#include <iostream>

#include "commands.hpp"
#include "zicht/simulate/scenarios.hpp"
#include "zicht/simulate/simulate.hpp"

namespace zicht::app {

namespace {

struct SimulateFlags {
  std::string preset = "nl";
  std::string scenario = simulate::kDefaultScenario;
  std::string years = "2015-2019";
  std::uint64_t seed = 1;
  double scale = 1.0;
  double persistence = -1.0;
  double noise = 1.0;
  std::string out;
  bool force = false;
  bool quiet = false;
};

// "2015-2019" or "2017".
bool ParseYears(const std::string& text, int& first, int& last) {
  const auto year = [](std::string_view part, int& out) {
    const auto [end, error] = std::from_chars(part.data(), part.data() + part.size(), out);
    return part.size() == 4 && error == std::errc{} && end == part.data() + part.size();
  };
  const std::string_view all(text);
  const std::size_t dash = all.find('-');
  if (dash == std::string_view::npos) {
    if (!year(all, first)) return false;
    last = first;
    return true;
  }
  return year(all.substr(0, dash), first) && year(all.substr(dash + 1), last);
}

void Run(const SimulateFlags& flags) {
  simulate::SimulationOptions options;
  options.preset = flags.preset;
  options.scenario = flags.scenario;
  if (!ParseYears(flags.years, options.first_year, options.last_year)) {
    std::cerr << "zicht simulate: --years takes a year or a range such as 2015-2019\n";
    throw CommandExit{64};
  }
  options.seed = flags.seed;
  options.scale = flags.scale;
  if (flags.persistence >= 0.0) options.persistence = flags.persistence;
  options.noise = flags.noise;
  options.overwrite = flags.force;
  const bool terminal = ::isatty(STDERR_FILENO) == 1 && !flags.quiet;
  if (terminal) {
    options.progress = [](const simulate::SimulationProgress& p) {
      std::fprintf(stderr, "\r%d  %5.1f%%  %llu records", p.year, 100.0 * p.fraction,
                   static_cast<unsigned long long>(p.records_written));
      std::fflush(stderr);
    };
  }
  auto summary = simulate::SimulateWorld(options, flags.out);
  if (terminal) std::fprintf(stderr, "\r\033[K");
  if (!summary.ok()) {
    std::cerr << "zicht simulate: " << summary.status().message() << "\n";
    throw CommandExit{summary.status().ExitCode()};
  }
  if (!flags.quiet) std::cout << summary->BriefReport();
  throw CommandExit{0};
}

}  // namespace

void RegisterSimulate(CLI::App& app) {
  auto flags = std::make_shared<SimulateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "simulate",
      "Write a synthetic world with known truth: one extract per reporting source, each in its\n"
      "own layout with identifier noise, the mapping file `zicht ingest` reads it with,\n"
      "truth.csv (which person every record belongs to) and world.json (every parameter).\n\n"
      "A scenario changes who is seen by whom, to break one assumption of the estimate at a\n"
      "time (docs/simulation.md): preset (as it is), independent, dependence,\n"
      "observed-heterogeneity, hidden-heterogeneity, sparse, changing.\n\n"
      "Example:\n"
      "  zicht simulate --preset nl --years 2015-2019 --seed 1 --out world\n"
      "  zicht simulate --preset nl --scenario hidden-heterogeneity --seed 2 --out hidden\n"
      "  zicht ingest --db monitor.db --source police --mapping world/police.toml "
      "world/police.csv");
  cmd->add_option("--preset", flags->preset,
                  "Country model: nl (calibrated to the Dutch victim monitor 2015-2019)")
      ->capture_default_str();
  cmd->add_option("--scenario", flags->scenario,
                  "How capture departs from the preset's: preset, independent, dependence, "
                  "observed-heterogeneity, hidden-heterogeneity, sparse, changing")
      ->check(CLI::IsMember(simulate::ScenarioNames()))
      ->capture_default_str();
  cmd->add_option("--years", flags->years,
                  "Years to simulate, a range like 2015-2019 or one year; years outside the "
                  "preset's table take its nearest year")
      ->capture_default_str();
  cmd->add_option("--seed", flags->seed,
                  "Seed of the random streams: the same seed gives byte-identical files")
      ->capture_default_str();
  cmd->add_option("--scale", flags->scale,
                  "Multiplies the number of victims; 1 is the country's size, 1000 gives "
                  "about 8 million records")
      ->capture_default_str()
      ->check(CLI::Range(1e-6, 10000.0));
  cmd->add_option("--persistence", flags->persistence,
                  "Probability that a victim is still one the next year (default: the preset's)")
      ->check(CLI::Range(0.0, 1.0));
  cmd->add_option("--noise", flags->noise,
                  "Multiplies every identifier-noise rate (0: clean identifiers, 2: twice the "
                  "preset's typos, swaps, missing fields ...)")
      ->capture_default_str()
      ->check(CLI::Range(0.0, 10.0));
  cmd->add_option("--out", flags->out, "Folder to write into (created if needed)")->required();
  cmd->add_flag("--force", flags->force, "Overwrite the files of an earlier simulation in --out");
  cmd->add_flag("--quiet", flags->quiet, "Print nothing but errors");
  cmd->callback([flags] { Run(*flags); });
}

}  // namespace zicht::app
