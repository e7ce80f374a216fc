// `zicht estimate`: multiple systems estimation on a capture-history table.
#include <fmt/format.h>

#include <cmath>
#include <iostream>
#include <nlohmann/json.hpp>

#include "commands.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/population.hpp"

namespace zicht::app {
namespace {

struct EstimateFlags {
  std::string table;
  std::string method = "stepwise";
  std::string interval = "profile";
  std::string model;
  std::string weights = "aic";
  int max_order = 2;
  int bootstrap = 1000;
  std::uint64_t seed = 1234;
  double level = 0.95;
  double threshold = 0.02;
  int ntop = 0;
  bool json = false;
  bool verbose = false;
};

nlohmann::json ToJson(const estimate::MethodResult& result) {
  nlohmann::json out;
  out["method"] = result.method;
  if (!result.has_estimate) {
    out["estimate"] = nullptr;
    out["reason"] = result.reason;
    return out;
  }
  out["estimate"] = result.estimate;
  out["observed"] = result.observed;
  out["unseen"] = result.estimate - static_cast<double>(result.observed);
  out["lower"] = result.interval.lower;
  out["upper"] =
      result.interval.bounded() ? nlohmann::json(result.interval.upper) : nlohmann::json(nullptr);
  out["level"] = result.interval.level;
  out["interval"] = result.interval.method;
  out["model"] = result.model;
  out["generating_class"] = result.generating_class;
  out["warnings"] = result.warnings;
  return out;
}

int Run(const EstimateFlags& flags) {
  Result<estimate::CaptureTable> table = estimate::ReadCaptureTableCsv(flags.table);
  if (!table.ok()) {
    std::cerr << "zicht estimate: " << table.status().message() << "\n";
    return table.status().ExitCode();
  }
  estimate::EstimateOptions options;
  const bool compare = flags.method == "compare";
  if (!compare) {
    Result<estimate::Method> method = estimate::ParseMethod(flags.method);
    if (!method.ok()) {
      std::cerr << "zicht estimate: " << method.status().message() << "\n";
      return method.status().ExitCode();
    }
    options.method = *method;
  }
  Result<estimate::IntervalKind> interval = estimate::ParseIntervalKind(flags.interval);
  if (!interval.ok()) {
    std::cerr << "zicht estimate: " << interval.status().message() << "\n";
    return interval.status().ExitCode();
  }
  options.interval = *interval;
  options.max_order = flags.max_order;
  options.bootstrap_replicates = flags.bootstrap;
  options.seed = flags.seed;
  options.level = flags.level;
  options.p_threshold = flags.threshold;
  options.model = flags.model;
  options.ntop = flags.ntop;
  options.average_by =
      flags.weights == "bic" ? estimate::Criterion::kBic : estimate::Criterion::kAic;
  std::vector<estimate::MethodResult> results;
  if (compare) {
    Result<std::vector<estimate::MethodResult>> all = estimate::CompareMethods(*table, options);
    if (!all.ok()) {
      std::cerr << "zicht estimate: " << all.status().message() << "\n";
      return all.status().ExitCode();
    }
    results = std::move(all.value());
  } else {
    Result<estimate::MethodResult> one = estimate::EstimatePopulation(*table, options);
    if (!one.ok()) {
      if (flags.json) {
        nlohmann::json out;
        out["table"] = flags.table;
        out["results"] = nlohmann::json::array({{{"method", flags.method},
                                                 {"estimate", nullptr},
                                                 {"reason", one.status().message()}}});
        std::cout << out.dump(2) << "\n";
      }
      std::cerr << "zicht estimate: " << one.status().message() << "\n";
      return one.status().ExitCode();
    }
    results.push_back(std::move(one.value()));
  }
  if (flags.json) {
    nlohmann::json out;
    out["table"] = flags.table;
    out["lists"] = table->lists;
    out["observed"] = table->observed_total();
    out["results"] = nlohmann::json::array();
    for (const auto& result : results) out["results"].push_back(ToJson(result));
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("{}: {} lists ({}), {} persons observed\n", flags.table,
                           table->list_count(), fmt::join(table->lists, ", "),
                           table->observed_total());
  for (const auto& result : results) {
    std::cout << (flags.verbose ? result.FullReport() : result.BriefReport() + "\n");
    if (!flags.verbose) {
      for (const auto& warning : result.warnings) std::cout << "  warning: " << warning << "\n";
    }
  }
  if (compare) {
    double lo = INFINITY, hi = -INFINITY;
    for (const auto& result : results) {
      if (!result.has_estimate) continue;
      lo = std::min(lo, result.estimate);
      hi = std::max(hi, result.estimate);
    }
    if (std::isfinite(lo)) {
      std::cout << fmt::format("spread of point estimates: {:.0f} to {:.0f}\n", lo, hi);
    }
  }
  return 0;
}

}  // namespace

void RegisterEstimate(CLI::App& app) {
  auto flags = std::make_shared<EstimateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "estimate",
      "Estimate the total number of victims, seen and unseen, by multiple systems estimation");
  cmd->footer(
      "The table is a CSV with one 0/1 column per list and then `count` (one row per observed\n"
      "capture history). Methods: stepwise (SparseMSE's rule), aic, bic (best hierarchical\n"
      "model), average (AIC or BIC weights, --weights), model (--model \"A:B, B:C\"),\n"
      "latent-class (Bayesian, LCMCR) and compare (all of them side by side).\n\n"
      "Examples:\n"
      "  zicht estimate --table uk_2013_5.csv\n"
      "  zicht estimate --table kosovo.csv --method bic --max-order 3 --json\n"
      "  zicht estimate --table new_orleans.csv --interval bootstrap --bootstrap 1000 --seed 7\n"
      "  zicht estimate --table uk_2013.csv --method compare");
  cmd->add_option("--table", flags->table, "Capture-history table (CSV)")
      ->required()
      ->check(CLI::ExistingFile);
  cmd->add_option("--method", flags->method,
                  "stepwise | aic | bic | average | model | latent-class | compare")
      ->capture_default_str();
  cmd->add_option("--max-order", flags->max_order,
                  "Highest interaction order for aic, bic, average (3 brings in three-list terms)")
      ->capture_default_str();
  cmd->add_option("--interval", flags->interval, "profile | wald | bootstrap")
      ->capture_default_str();
  cmd->add_option("--bootstrap", flags->bootstrap, "Bootstrap replicates (--interval bootstrap)")
      ->capture_default_str();
  cmd->add_option("--seed", flags->seed, "Seed of the bootstrap and the latent-class sampler")
      ->capture_default_str();
  cmd->add_option("--level", flags->level, "Interval level")->capture_default_str();
  cmd->add_option("--threshold", flags->threshold, "Stepwise p-value threshold")
      ->capture_default_str();
  cmd->add_option("--model", flags->model, "Interactions for --method model, e.g. \"A:B, B:C\"");
  cmd->add_option("--weights", flags->weights, "aic | bic: weights for --method average")
      ->check(CLI::IsMember({"aic", "bic"}))
      ->capture_default_str();
  cmd->add_option("--ntop", flags->ntop,
                  "Models re-ranked in each bootstrap replicate (0: 20 at 4 lists, 100 at 5+)")
      ->capture_default_str();
  cmd->add_flag("--json", flags->json, "Print the results as JSON");
  cmd->add_flag("--verbose", flags->verbose, "Print each computation's full report");
  cmd->callback([flags]() { throw CommandExit{Run(*flags)}; });
}

}  // namespace zicht::app
