// `zicht simulate`: a synthetic world with known truth. Victims of human trafficking are
// drawn year by year from a preset's population model; reporting sources see them with
// covariate-dependent, heterogeneous and dependent capture; each source writes its own
// extract with its own layout and identifier noise. The output folder holds, per source,
// <source>.csv and the mapping <source>.toml that `zicht ingest` reads it with; truth.csv
// (which person every record belongs to, with the person's true covariates); and
// world.json (every parameter used, the calibration and the true and registered counts).
//
// Determinism: the same options give byte-identical files on every machine. The
// simulator uses its own generator and distributions (zicht/simulate/rng.hpp,
// distributions.hpp) and formats no floating-point number into the extracts.
//
// Thread safety: SimulateWorld may run in several threads at once with different output
// folders; the progress callback is called from the calling thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/simulate/parameters.hpp"

namespace zicht::simulate {

struct SimulationProgress {
  int year = 0;           // the year being written
  double fraction = 0.0;  // of the whole run, 0 to 1
  std::uint64_t records_written = 0;
};

struct SimulationOptions {
  std::string preset = "nl";
  // How capture departs from the preset's (scenarios.hpp): "preset" keeps it as it is.
  std::string scenario = "preset";
  int first_year = 2015;
  int last_year = 2019;
  std::uint64_t seed = 1;
  // Multiplies the number of victims (and so of records); 1 gives the preset's country.
  double scale = 1.0;
  // Overrides the preset's probability that a victim is still one the next year.
  std::optional<double> persistence;
  // Multiplies every identifier-noise rate of every source (0 gives clean identifiers).
  double noise = 1.0;
  // Replace files already in the output folder.
  bool overwrite = false;
  // Use these parameters instead of the preset's (the preset and scenario names are then
  // ignored).
  std::optional<WorldParameters> parameters;
  // Called now and then with the progress; may be empty.
  std::function<void(const SimulationProgress&)> progress;

  // Explains what is wrong: years out of 1900-2100 or reversed, more than 50 years, scale
  // not in (0, 10000], persistence or noise out of range, unknown preset or scenario.
  Status Validate() const;
};

// True and registered figures of one year.
struct YearSummary {
  int year = 0;
  std::int64_t true_total = 0;
  std::int64_t true_domestic = 0;
  std::int64_t true_minors = 0;  // age below 18 on 1 July
  std::int64_t true_domestic_minors = 0;
  std::int64_t true_under15 = 0;
  std::int64_t true_sexual = 0;
  std::int64_t true_less_visible = 0;  // among sexual exploitation
  std::int64_t true_new = 0;           // first a victim this year
  std::int64_t registered = 0;         // persons seen by at least one source
  std::int64_t registered_minors = 0;
  std::int64_t registered_sexual = 0;
  std::int64_t registered_less_visible = 0;
  std::int64_t registered_domestic = 0;
  std::int64_t records = 0;
  std::map<std::string, std::int64_t> persons_by_source;
  std::map<std::string, std::int64_t> records_by_source;
  // The calibrated shifts of every source's log-odds.
  double shift_overall = 0.0;
  double shift_minor = 0.0;
  double shift_visible = 0.0;
  bool calibrated = false;

  double RegisteredRatio() const;
  double RegisteredMinorShare() const;
  double RegisteredLessVisibleShare() const;
  double TrueMinorShare() const;
};

struct SimulationSummary {
  std::filesystem::path out_dir;
  std::vector<std::string> files;  // written, relative to out_dir
  std::vector<YearSummary> years;
  std::int64_t persons = 0;             // distinct true victims over all years
  std::int64_t registered_persons = 0;  // distinct persons with a record
  std::int64_t registered_in_several_years = 0;
  std::int64_t records = 0;
  double seconds = 0.0;
  std::vector<std::string> warnings;

  // A few lines: records, persons, per year the registered shares against the truth.
  std::string BriefReport() const;
  // Adds the per-source counts and the calibration.
  std::string FullReport() const;
};

// Writes the world into `out_dir` (created if needed).
// Errors: InvalidArgument for bad options or parameters; AlreadyExists if out_dir holds
// files of a simulation already and options.overwrite is false; IoError when a file
// cannot be written.
Result<SimulationSummary> SimulateWorld(const SimulationOptions& options,
                                        const std::filesystem::path& out_dir);

}  // namespace zicht::simulate
