// `zicht estimate`: multiple systems estimation on a capture-history table, or on the linked
// persons of a store (their capture histories over lists of sources, per stratum).
#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <iostream>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>

#include "common.hpp"
#include "progress.hpp"
#include "zicht/estimate/capture_histories.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/covariate_bootstrap.hpp"
#include "zicht/estimate/covariate_model.hpp"
#include "zicht/estimate/covariate_search.hpp"
#include "zicht/estimate/covariate_table.hpp"
#include "zicht/estimate/linkage_draws.hpp"
#include "zicht/estimate/linked_covariates.hpp"
#include "zicht/estimate/linked_histories.hpp"
#include "zicht/estimate/lists_config.hpp"
#include "zicht/estimate/population.hpp"
#include "zicht/store/store.hpp"

namespace zicht::app {
namespace {

struct EstimateFlags {
  std::string table;
  std::string db;
  std::string lists;
  std::vector<std::string> by;
  std::string years;
  std::string covariates;  // comma-separated covariate columns of --table
  std::string vocabulary;
  std::string method;  // "": estimate::DefaultMethod for the table's number of lists
  std::string interval = "profile";
  std::string model;
  std::string weights = "aic";
  int max_order = 2;
  int bootstrap = 1000;
  std::uint64_t seed = 1234;
  double level = 0.95;
  double threshold = 0.02;
  int ntop = 0;
  int linkage_draws = 200;
  bool linkage_draws_given = false;
  bool json = false;
  bool verbose = false;
};

std::string Limits(const estimate::Interval& interval) {
  return interval.bounded() ? fmt::format("{:.0f} to {:.0f}", interval.lower, interval.upper)
                            : fmt::format("{:.0f} to unbounded", interval.lower);
}

int Usage(const std::string& message) {
  std::cerr << "zicht estimate: " << message << "\n";
  return 64;
}

int Error(const Status& status) {
  std::cerr << "zicht estimate: " << status.message() << "\n";
  return status.ExitCode();
}

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

nlohmann::json ResultsJson(const std::vector<estimate::MethodResult>& results) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& result : results) out.push_back(ToJson(result));
  return out;
}

// The options of the chosen method; `compare` says whether every method is to run.
Result<estimate::EstimateOptions> OptionsOf(const EstimateFlags& flags, bool& compare) {
  estimate::EstimateOptions options;
  compare = flags.method == "compare";
  if (!compare && !flags.method.empty()) {
    Result<estimate::Method> method = estimate::ParseMethod(flags.method);
    if (!method.ok()) return method.status();
    options.method = *method;
  }
  Result<estimate::IntervalKind> interval = estimate::ParseIntervalKind(flags.interval);
  if (!interval.ok()) return interval.status();
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
  if (!compare) ZICHT_RETURN_IF_ERROR(options.Validate());
  return options;
}

// Runs the chosen method (or all of them) on one table. A method without an estimate
// appears with its reason; `failure` gets the status of a single method that failed.
std::vector<estimate::MethodResult> RunMethods(const estimate::CaptureTable& table,
                                               const estimate::EstimateOptions& options,
                                               bool compare, const std::string& method_name,
                                               Status& failure) {
  failure = Status::Ok();
  if (!compare && method_name.empty()) {
    estimate::EstimateOptions chosen = options;
    chosen.method = estimate::DefaultMethod(table.list_count());
    return RunMethods(table, chosen, false, estimate::MethodName(chosen.method), failure);
  }
  if (compare) {
    Result<std::vector<estimate::MethodResult>> all = estimate::CompareMethods(table, options);
    if (all.ok()) return std::move(all.value());
    failure = all.status();
  } else {
    Result<estimate::MethodResult> one = estimate::EstimatePopulation(table, options);
    if (one.ok()) return {std::move(one.value())};
    failure = one.status();
  }
  estimate::MethodResult failed;
  failed.method = method_name;
  failed.reason = failure.message();
  return {failed};
}

void PrintResults(const std::vector<estimate::MethodResult>& results, bool verbose,
                  const std::string& indent) {
  for (const auto& result : results) {
    if (verbose) {
      std::cout << result.FullReport();
      continue;
    }
    std::cout << indent << result.BriefReport() << "\n";
    for (const auto& warning : result.warnings) {
      std::cout << indent << "  warning: " << warning << "\n";
    }
  }
}

void PrintSpread(const std::vector<estimate::MethodResult>& results, const std::string& indent) {
  double lo = INFINITY, hi = -INFINITY;
  for (const auto& result : results) {
    if (!result.has_estimate) continue;
    lo = std::min(lo, result.estimate);
    hi = std::max(hi, result.estimate);
  }
  if (std::isfinite(lo)) {
    std::cout << fmt::format("{}spread of point estimates: {:.0f} to {:.0f}\n", indent, lo, hi);
  }
}

int RunTable(const EstimateFlags& flags) {
  Result<estimate::CaptureTable> table = estimate::ReadCaptureTableCsv(flags.table);
  if (!table.ok()) return Error(table.status());
  bool compare = false;
  Result<estimate::EstimateOptions> options = OptionsOf(flags, compare);
  if (!options.ok()) return Error(options.status());
  Status failure;
  const std::vector<estimate::MethodResult> results =
      RunMethods(*table, *options, compare, flags.method, failure);
  if (!failure.ok()) {
    if (flags.json) {
      nlohmann::json out;
      out["table"] = flags.table;
      out["results"] = ResultsJson(results);
      std::cout << out.dump(2) << "\n";
    }
    return Error(failure);
  }
  if (flags.json) {
    nlohmann::json out;
    out["table"] = flags.table;
    out["lists"] = table->lists;
    out["observed"] = table->observed_total();
    out["results"] = ResultsJson(results);
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("{}: {} lists ({}), {} persons observed\n", flags.table,
                           table->list_count(), fmt::join(table->lists, ", "),
                           table->observed_total());
  PrintResults(results, flags.verbose, "");
  if (compare) PrintSpread(results, "");
  return 0;
}

// --- covariates ------------------------------------------------------------------

std::vector<std::string> SplitNames(const std::string& text) {
  std::vector<std::string> names;
  std::string current;
  for (char c : text + ",") {
    if (c == ',') {
      if (!current.empty()) names.push_back(current);
      current.clear();
    } else if (c != ' ') {
      current += c;
    }
  }
  return names;
}

nlohmann::json LevelsJson(const std::vector<estimate::LevelEstimate>& levels, bool interval) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& level : levels) {
    out.push_back({{"covariate", level.covariate},
                   {"level", level.level},
                   {"estimate", level.estimate},
                   {"lower", interval ? nlohmann::json(level.lower) : nlohmann::json(nullptr)},
                   {"upper", interval && std::isfinite(level.upper) ? nlohmann::json(level.upper)
                                                                    : nlohmann::json(nullptr)}});
  }
  return out;
}

nlohmann::json ZeroMarginsJson(const std::vector<estimate::ZeroMarginTerm>& terms) {
  nlohmann::json out = nlohmann::json::array();
  for (const auto& term : terms) {
    out.push_back(
        {{"term", term.name}, {"where", term.where}, {"structural_zero", term.covariates_only}});
  }
  return out;
}

// The covariate table of --table or of --db, and what the JSON says of where it came from.
struct CovariateInput {
  estimate::CovariateTable table;
  std::string origin;  // for the text output
  nlohmann::json about;
};

Result<CovariateInput> CovariateInputOfFile(const EstimateFlags& flags,
                                            const std::vector<std::string>& covariates) {
  Result<estimate::CovariateTable> table = estimate::ReadCovariateTableCsv(flags.table, covariates);
  if (!table.ok()) return table.status();
  CovariateInput input{std::move(table.value()), flags.table, {}};
  input.about["table"] = flags.table;
  input.about["lists"] = input.table.lists;
  return input;
}

Result<CovariateInput> CovariateInputOfDb(const EstimateFlags& flags,
                                          const std::vector<std::string>& covariates) {
  estimate::LinkedCovariateOptions options;
  options.covariates = covariates;
  if (!flags.years.empty()) {
    Result<estimate::YearRange> years = estimate::ParseYearRange(flags.years);
    if (!years.ok()) return years.status();
    options.years = *years;
  }
  if (!flags.lists.empty()) {
    Result<estimate::ListsConfig> loaded = estimate::LoadListsConfig(flags.lists);
    if (!loaded.ok()) return loaded.status();
    options.lists = std::move(loaded.value());
    options.lists_origin = flags.lists;
  }
  const Vocabulary& vocabulary = LoadVocabulary(flags.vocabulary);
  auto store = store::OpenSqliteStore(flags.db, StoreOptions(/*for_writing=*/false));
  if (!store.ok()) return store.status();
  Result<estimate::LinkedCovariates> built =
      estimate::CovariateTableFromStore(**store, vocabulary, options);
  if (!built.ok()) return built.status();
  for (const std::string& warning : built->warnings) {
    std::cerr << "warning: " << warning << "\n";
  }
  CovariateInput input{std::move(built->table), flags.db, {}};
  nlohmann::json& about = input.about;
  about["db"] = flags.db;
  about["lists_file"] = flags.lists.empty() ? nlohmann::json(nullptr) : nlohmann::json(flags.lists);
  about["lists"] = nlohmann::json::array();
  for (const auto& list : built->lists.lists) {
    about["lists"].push_back({{"name", list.name}, {"sources", list.sources}});
  }
  about["years"] =
      options.years ? fmt::format("{}-{}", options.years->first, options.years->last) : "all";
  about["records"] = built->records;
  about["records_used"] = built->records_used;
  about["records_outside_years"] = built->records_outside;
  about["excluded_records"] = built->excluded_records;
  about["unknown"] = nlohmann::json::object();
  about["disagreeing"] = nlohmann::json::object();
  for (std::size_t v = 0; v < covariates.size(); ++v) {
    about["unknown"][covariates[v]] = built->unknown[v];
    about["disagreeing"][covariates[v]] = built->disagreeing[v];
  }
  about["list_warnings"] = built->warnings;
  return input;
}

// `zicht estimate --table FILE --covariates a,b` or `--db FILE --covariates year,gender`: a
// chosen model (--method model) or the search by AIC (default) or BIC, with the parametric
// bootstrap's interval.
int RunCovariates(const EstimateFlags& flags) {
  const std::vector<std::string> covariates = SplitNames(flags.covariates);
  if (covariates.empty()) return Usage("--covariates needs at least one column name");
  const std::string method = flags.method.empty() ? "aic" : flags.method;
  if (method != "aic" && method != "bic" && method != "model") {
    return Usage("with --covariates, --method is aic, bic or model, not " + method);
  }
  if (method == "model" && flags.model.empty()) {
    return Usage("--method model needs --model, e.g. --model \"A:a, B:b, a:b\"");
  }
  if (flags.bootstrap != 0 && flags.bootstrap < 20) {
    return Usage("--bootstrap needs at least 20 replicates (0: no interval)");
  }
  Result<CovariateInput> input = flags.db.empty() ? CovariateInputOfFile(flags, covariates)
                                                  : CovariateInputOfDb(flags, covariates);
  if (!input.ok()) return Error(input.status());
  const estimate::CovariateTable* table = &input->table;
  std::optional<estimate::CovariateModel> given;
  if (!flags.model.empty()) {
    Result<estimate::CovariateModel> parsed = estimate::ParseCovariateModel(flags.model, *table);
    if (!parsed.ok()) return Error(parsed.status());
    given = std::move(parsed.value());
  }
  estimate::CovariateFit fit;
  std::string how;
  if (method == "model") {
    Result<estimate::CovariateFit> fitted = estimate::FitCovariateModel(*table, *given);
    if (!fitted.ok()) return Error(fitted.status());
    fit = std::move(fitted.value());
    how = "the model given";
  } else {
    estimate::CovariateSearchOptions search;
    search.criterion = method == "bic" ? estimate::Criterion::kBic : estimate::Criterion::kAic;
    // With a search, --model gives the covariate interactions to keep.
    search.covariate_terms = given;
    Result<estimate::CovariateSearchResult> found = estimate::SearchCovariateModels(*table, search);
    if (!found.ok()) return Error(found.status());
    how = found->BriefReport(*table);
    fit = std::move(found->best);
  }
  std::optional<estimate::CovariateBootstrap> interval;
  if (flags.bootstrap > 0) {
    estimate::CovariateBootstrapOptions options;
    options.replicates = flags.bootstrap;
    options.seed = flags.seed;
    options.level = flags.level;
    Result<estimate::CovariateBootstrap> drawn =
        estimate::BootstrapCovariateFit(*table, fit, options);
    if (!drawn.ok()) return Error(drawn.status());
    interval = std::move(drawn.value());
  }
  const std::vector<estimate::LevelEstimate>& levels =
      interval ? interval->per_level : fit.per_level;
  if (flags.json) {
    nlohmann::json out = input->about;
    out["covariates"] = table->covariates;
    out["method"] = method;
    out["selection"] = how;
    out["observed"] = fit.observed;
    out["estimate"] = fit.estimate;
    out["unseen"] = fit.unseen;
    out["lower"] = interval ? nlohmann::json(interval->total.lower) : nlohmann::json(nullptr);
    out["upper"] = interval && interval->total.bounded() ? nlohmann::json(interval->total.upper)
                                                         : nlohmann::json(nullptr);
    out["level"] = flags.level;
    out["interval"] = interval ? nlohmann::json(interval->total.method) : nlohmann::json(nullptr);
    if (interval) {
      out["bootstrap_replicates"] = interval->replicates_used;
      out["bootstrap_unbounded"] = interval->replicates_unbounded;
      out["bootstrap_failed"] = interval->replicates_failed;
    }
    out["model"] = fit.model.Name(*table);
    out["parameters"] = fit.parameters;
    out["log_likelihood"] = fit.log_likelihood;
    out["aic"] = fit.aic;
    out["bic"] = fit.bic;
    out["em_iterations"] = fit.em_iterations;
    out["converged"] = fit.converged;
    out["zero_margin_terms"] = ZeroMarginsJson(fit.zero_margin_terms);
    out["fixed_zero_cells"] = fit.fixed_zero_cells;
    out["per_level"] = LevelsJson(levels, interval.has_value());
    out["warnings"] = fit.warnings;
    std::cout << out.dump(2) << "\n";
    return 0;
  }
  std::cout << fmt::format("{}: {} lists ({}), covariates {}, {:.0f} persons observed\n",
                           input->origin, table->list_count(), fmt::join(table->lists, ", "),
                           fmt::join(table->covariates, ", "), fit.observed);
  std::cout << "model: " << how << "\n";
  if (flags.verbose) {
    std::cout << fit.FullReport(*table);
  } else {
    std::cout << fit.BriefReport(*table) << "\n";
    for (const auto& term : fit.zero_margin_terms) {
      std::cout << fmt::format("  {} fixed at the boundary (nobody observed with {})\n", term.name,
                               term.where);
    }
  }
  const std::string limits = interval ? Limits(interval->total) : std::string("-");
  std::cout << fmt::format("\n  {:<14} {:<14} {:>12}  {}\n", "covariate", "level", "estimate",
                           interval ? fmt::format("{:.0f}% interval (parametric bootstrap, {} "
                                                  "replicates)",
                                                  100 * flags.level, interval->replicates_used)
                                    : std::string());
  std::cout << fmt::format("  {:<14} {:<14} {:>12.1f}  {}\n", "total", "", fit.estimate, limits);
  for (const auto& level : levels) {
    std::cout << fmt::format(
        "  {:<14} {:<14} {:>12.1f}  {}\n", level.covariate, level.level, level.estimate,
        interval ? Limits(estimate::Interval{level.lower, level.upper, flags.level, ""})
                 : std::string("-"));
  }
  return 0;
}

// --- the linked database -------------------------------------------------------------

nlohmann::json HistoriesJson(const estimate::CaptureTable& table) {
  nlohmann::json out = nlohmann::json::object();
  for (std::size_t h = 1; h < table.counts.size(); ++h) {
    if (table.counts[h] == 0) continue;
    std::string key;
    for (int j = 0; j < table.list_count(); ++j) key += (h >> j) & 1 ? '1' : '0';
    out[key] = table.counts[h];
  }
  return out;
}

// --- the linkage's uncertainty ---------------------------------------------------------

// How many linkage draws to make for this run, or why none: the draws re-run one
// log-linear method with its own interval; latent-class (minutes per draw), compare and
// the bootstrap interval (a bootstrap per draw) get none unless --linkage-draws is given.
Result<int> LinkageDrawsOf(const EstimateFlags& flags, bool compare,
                           const estimate::EstimateOptions& options, int lists,
                           std::string& why_none) {
  const estimate::Method method =
      flags.method.empty() ? estimate::DefaultMethod(lists) : options.method;
  const char* excluded = compare                                    ? "--method compare"
                         : method == estimate::Method::kLatentClass ? "--method latent-class"
                         : options.interval == estimate::IntervalKind::kBootstrap
                             ? "--interval bootstrap"
                             : nullptr;
  if (flags.linkage_draws < 0) return Status::InvalidArgument("--linkage-draws must be 0 or more");
  if (excluded != nullptr) {
    if (flags.linkage_draws_given && flags.linkage_draws > 0 &&
        (compare || method == estimate::Method::kLatentClass)) {
      return Status::InvalidArgument(fmt::format(
          "--linkage-draws re-runs one log-linear method; it does not go with {}", excluded));
    }
    if (!flags.linkage_draws_given) {
      why_none = fmt::format("not drawn with {} (give --linkage-draws N to draw)", excluded);
      return 0;
    }
  }
  if (flags.linkage_draws == 0) why_none = "not drawn (--linkage-draws 0)";
  return flags.linkage_draws;
}

nlohmann::json IntervalJson(const estimate::Interval& interval) {
  return {{"lower", interval.lower},
          {"upper", interval.bounded() ? nlohmann::json(interval.upper) : nlohmann::json(nullptr)},
          {"level", interval.level},
          {"interval", interval.method}};
}

nlohmann::json OptionalJson(const std::optional<double>& value) {
  return value ? nlohmann::json(*value) : nlohmann::json(nullptr);
}

nlohmann::json LinkageJson(const estimate::LinkageDraws& draws,
                           const estimate::LinkageEstimate& linkage, std::uint64_t seed) {
  nlohmann::json out;
  out["draws"] = linkage.draws;
  out["draws_used"] = linkage.draws_used;
  out["draws_failed"] = linkage.draws_failed;
  out["distinct_tables"] = linkage.distinct_tables;
  out["seed"] = seed;
  out["movable_records"] = draws.movable_records;
  out["stored_persons"] = draws.stored_persons;
  const auto [fewest, most] = std::minmax_element(draws.persons.begin(), draws.persons.end());
  out["persons_lowest"] = *fewest;
  out["persons_highest"] = *most;
  out["observed_lowest"] = linkage.observed_lower;
  out["observed_highest"] = linkage.observed_upper;
  out["linked_pairs"] = draws.linked_pairs;
  out["unlinked_pairs"] = draws.unlinked_pairs;
  out["expected_false_links"] = draws.expected_false_links;
  out["expected_missed_links"] = draws.expected_missed_links;
  out["estimate"] = linkage.point.estimate;
  out["without_linkage"] = IntervalJson(linkage.without_linkage);
  out["with_linkage"] = IntervalJson(linkage.with_linkage);
  out["linkage_share"] = OptionalJson(linkage.linkage_share);
  out["linkage_variance_share"] = OptionalJson(linkage.linkage_variance_share);
  out["draws_median"] = linkage.draws_median;
  out["draws_lower"] = linkage.draws_lower;
  out["draws_upper"] = linkage.draws_upper;
  nlohmann::json corrected;
  corrected["observed"] = linkage.corrected_observed;
  corrected["estimate"] = linkage.corrected.has_estimate
                              ? nlohmann::json(linkage.corrected.estimate)
                              : nlohmann::json(nullptr);
  if (!linkage.corrected.has_estimate) corrected["reason"] = linkage.corrected.reason;
  out["corrected"] = corrected;
  out["warnings"] = linkage.warnings;
  return out;
}

void PrintLinkage(const estimate::LinkageDraws& draws, const estimate::LinkageEstimate& linkage,
                  double level) {
  const auto [fewest, most] = std::minmax_element(draws.persons.begin(), draws.persons.end());
  std::cout << fmt::format(
      "  linkage: {} draws from the scored pairs ({} records in uncertain pairs; {} to {} "
      "persons, {} stored)\n",
      linkage.draws, draws.movable_records, *fewest, *most, draws.stored_persons);
  std::cout << fmt::format(
      "    expected false links {:.1f} of {} linked pairs, missed links {:.1f} of {} "
      "unlinked pairs\n",
      draws.expected_false_links, draws.linked_pairs, draws.expected_missed_links,
      draws.unlinked_pairs);
  std::cout << fmt::format("    {:.0f}% interval without the linkage's uncertainty: {}\n",
                           100 * level, Limits(linkage.without_linkage));
  std::cout << fmt::format("    {:.0f}% interval with it (model, sampling, linkage): {}\n",
                           100 * level, Limits(linkage.with_linkage));
  if (linkage.linkage_share) {
    std::cout << fmt::format("    the linkage's share of the interval's width: {:.0f}%\n",
                             100 * *linkage.linkage_share);
  }
  std::cout << fmt::format(
      "    the draws' own estimates: median {:.0f}, {:.0f}% of them {:.0f} to {:.0f}\n",
      linkage.draws_median, 100 * level, linkage.draws_lower, linkage.draws_upper);
  if (linkage.corrected.has_estimate) {
    std::cout << fmt::format(
        "    corrected for the expected linkage errors (Di Consiglio-Tuoto): {:.0f} ({} "
        "observed)\n",
        linkage.corrected.estimate, linkage.corrected_observed);
  } else {
    std::cout << "    corrected for the expected linkage errors: none (" << linkage.corrected.reason
              << ")\n";
  }
  for (const std::string& warning : linkage.warnings) {
    std::cout << "    warning: " << warning << "\n";
  }
}

int RunDb(const EstimateFlags& flags) {
  bool compare = false;
  Result<estimate::EstimateOptions> options = OptionsOf(flags, compare);
  if (!options.ok()) return Error(options.status());
  std::vector<estimate::StratumField> fields;
  estimate::HistoryOptions history;
  for (const std::string& name : flags.by) {
    Result<estimate::StratumField> field = estimate::ParseStratumField(name);
    if (!field.ok()) return Error(field.status());
    if (std::find(fields.begin(), fields.end(), *field) != fields.end()) {
      return Usage(fmt::format("--by {} is given twice", name));
    }
    fields.push_back(*field);
    history.fields.push_back(name);
  }
  if (!flags.years.empty()) {
    Result<estimate::YearRange> years = estimate::ParseYearRange(flags.years);
    if (!years.ok()) return Error(years.status());
    history.years = *years;
  }
  estimate::LinkedHistoryOptions linked;
  linked.fields = fields;
  linked.years = history.years;
  if (!flags.lists.empty()) {
    Result<estimate::ListsConfig> loaded = estimate::LoadListsConfig(flags.lists);
    if (!loaded.ok()) return Error(loaded.status());
    linked.lists = std::move(loaded.value());
    linked.lists_origin = flags.lists;
  }
  const Vocabulary& vocabulary = LoadVocabulary(flags.vocabulary);

  auto store = store::OpenSqliteStore(flags.db, StoreOptions(/*for_writing=*/false));
  if (!store.ok()) return Error(store.status());
  Result<estimate::LinkedHistories> built =
      estimate::CaptureHistoriesFromStore(**store, vocabulary, linked);
  if (!built.ok()) return Error(built.status());
  const estimate::CaptureHistories& histories = built->histories;
  const estimate::ListsConfig* config = &built->lists;
  const std::vector<std::string>* warnings = &built->warnings;
  const std::map<std::string, std::int64_t>& excluded_records = built->excluded_records;

  Status total_failure;
  const std::vector<estimate::MethodResult> total =
      RunMethods(histories.total, *options, compare, flags.method, total_failure);
  if (total_failure.code() == StatusCode::kInvalidArgument) return Error(total_failure);
  // The linkage's uncertainty in the total's interval.
  std::string no_draws;
  Result<int> draw_count =
      LinkageDrawsOf(flags, compare, *options, histories.total.list_count(), no_draws);
  if (!draw_count.ok()) return Usage(draw_count.status().message());
  std::optional<estimate::LinkageDraws> draws;
  std::optional<estimate::LinkageEstimate> linkage;
  if (*draw_count > 0 && total_failure.ok()) {
    estimate::EstimateOptions chosen = *options;
    if (flags.method.empty()) chosen.method = estimate::DefaultMethod(histories.total.list_count());
    Result<estimate::StoredLinkage> stored =
        estimate::ReadStoredLinkage(**store, vocabulary, linked);
    if (!stored.ok()) return Error(stored.status());
    ProgressLine progress;
    progress.Update("drawing linkages");
    estimate::LinkageDrawOptions draw_options;
    draw_options.draws = *draw_count;
    draw_options.seed = flags.seed;
    Result<estimate::LinkageDraws> drawn = estimate::DrawLinkages(stored->graph, draw_options);
    if (!drawn.ok()) return Error(drawn.status());
    Result<estimate::LinkageEstimate> over =
        estimate::EstimateOverLinkages(*stored, *drawn, history.years, chosen, [&](int done) {
          progress.Update(fmt::format("estimating on {} linkage draws: {} distinct tables done",
                                      *draw_count, done));
        });
    progress.Finish();
    if (over.ok()) {
      draws = std::move(drawn.value());
      linkage = std::move(over.value());
    } else {
      no_draws = over.status().message();
    }
  }
  std::vector<std::vector<estimate::MethodResult>> strata;
  for (const estimate::Stratum& stratum : histories.strata) {
    Status ignored;  // a stratum without an estimate carries its reason
    strata.push_back(RunMethods(stratum.table, *options, compare, flags.method, ignored));
  }

  const std::string years =
      history.years ? fmt::format("{}-{}", history.years->first, history.years->last) : "all";
  if (flags.json) {
    nlohmann::json out;
    out["db"] = flags.db;
    out["lists_file"] = flags.lists.empty() ? nlohmann::json(nullptr) : nlohmann::json(flags.lists);
    out["lists"] = nlohmann::json::array();
    for (const auto& list : config->lists) {
      out["lists"].push_back({{"name", list.name}, {"sources", list.sources}});
    }
    out["excluded"] = excluded_records;
    out["years"] =
        history.years
            ? nlohmann::json({{"first", history.years->first}, {"last", history.years->last}})
            : nlohmann::json(nullptr);
    out["records"] = histories.sightings_used;
    out["records_outside_years"] = histories.sightings_outside;
    out["warnings"] = *warnings;
    out["total"] = {{"observed", histories.total.observed_total()},
                    {"histories", HistoriesJson(histories.total)},
                    {"results", ResultsJson(total)}};
    if (linkage) {
      out["total"]["linkage"] = LinkageJson(*draws, *linkage, flags.seed);
    } else {
      out["total"]["linkage"] = {{"draws", 0}, {"reason", no_draws}};
    }
    out["strata"] = nlohmann::json::array();
    for (std::size_t s = 0; s < histories.strata.size(); ++s) {
      const estimate::Stratum& stratum = histories.strata[s];
      out["strata"].push_back({{"field", stratum.field},
                               {"value", stratum.value},
                               {"observed", stratum.table.observed_total()},
                               {"histories", HistoriesJson(stratum.table)},
                               {"results", ResultsJson(strata[s])}});
    }
    std::cout << out.dump(2) << "\n";
  } else {
    std::cout << fmt::format("{}: linked persons, registration years {}; {} lists\n", flags.db,
                             years, config->lists.size());
    for (const auto& list : config->lists) {
      std::cout << fmt::format("  {:<16} {}\n", list.name, fmt::join(list.sources, ", "));
    }
    for (const auto& [source, records] : excluded_records) {
      std::cout << fmt::format("  left out: {} ({} records)\n", source, records);
    }
    for (const std::string& warning : *warnings) std::cout << "warning: " << warning << "\n";
    std::cout << fmt::format("\ntotal: {} persons observed ({} records)\n",
                             histories.total.observed_total(), histories.sightings_used);
    PrintResults(total, flags.verbose, "  ");
    if (compare) PrintSpread(total, "  ");
    if (linkage) {
      PrintLinkage(*draws, *linkage, flags.level);
    } else if (!no_draws.empty()) {
      std::cout << "  linkage: " << no_draws << "\n";
    }
    for (std::size_t s = 0; s < histories.strata.size(); ++s) {
      const estimate::Stratum& stratum = histories.strata[s];
      std::cout << fmt::format("\n{} = {}: {} persons observed\n", stratum.field, stratum.value,
                               stratum.table.observed_total());
      PrintResults(strata[s], flags.verbose, "  ");
      if (compare) PrintSpread(strata[s], "  ");
    }
  }
  if (!total_failure.ok()) return Error(total_failure);
  return 0;
}

int Run(const EstimateFlags& flags) {
  if (flags.table.empty() == flags.db.empty()) {
    return Usage(flags.table.empty()
                     ? "give a capture-history table (--table FILE.csv) or a linked store "
                       "(--db FILE)"
                     : "give either --table or --db, not both");
  }
  if (!flags.table.empty()) {
    for (const auto& [given, name] :
         {std::pair{!flags.lists.empty(), "--lists"}, std::pair{!flags.by.empty(), "--by"},
          std::pair{!flags.years.empty(), "--years"},
          std::pair{!flags.vocabulary.empty(), "--vocabulary"},
          std::pair{flags.linkage_draws_given, "--linkage-draws"}}) {
      if (given) return Usage(fmt::format("{} needs --db (a table's histories are fixed)", name));
    }
    if (!flags.covariates.empty()) return RunCovariates(flags);
    return RunTable(flags);
  }
  if (!flags.covariates.empty()) {
    if (!flags.by.empty()) {
      return Usage("--by does not go with --covariates; name the fields as covariates");
    }
    if (flags.linkage_draws_given) {
      return Usage(
          "--linkage-draws does not go with --covariates (the draws re-make the table "
          "of capture histories)");
    }
    return RunCovariates(flags);
  }
  return RunDb(flags);
}

}  // namespace

void RegisterEstimate(CLI::App& app) {
  auto flags = std::make_shared<EstimateFlags>();
  CLI::App* cmd = app.add_subcommand(
      "estimate",
      "Estimate the total number of victims, seen and unseen, by multiple systems estimation");
  cmd->footer(
      "Input: either --table, a CSV with one 0/1 column per list and then `count` (one row per\n"
      "observed capture history), or --db, a store that `zicht link` has linked: each person's\n"
      "history says which lists saw them. --lists groups sources into lists (a TOML table\n"
      "[lists] of name = [\"source\", ...]; without it each source is a list; a source in no\n"
      "list is an error unless `exclude = [...]` names it). --years keeps records registered\n"
      "in those years; --by estimates per stratum (age_group, gender, exploitation_form,\n"
      "domestic; each field on its own) and for the total. See docs/methods.md.\n\n"
      "Methods: stepwise (SparseMSE's rule), aic, bic (best hierarchical model), average (AIC\n"
      "or BIC weights, --weights), model (--model \"A:B, B:C\"), latent-class (Bayesian,\n"
      "LCMCR) and compare (all of them side by side). Without --method: average for up to 6\n"
      "lists, else stepwise, as the report does.\n\n"
      "The linkage's uncertainty (--db): the total's estimate is re-made on --linkage-draws\n"
      "plausible linkages (default 200) drawn from the scored pairs and their match\n"
      "probabilities, and its interval is the mixture over the draws, so it holds the model's,\n"
      "the sampling's and the linkage's uncertainty; the output gives the interval without and\n"
      "with the linkage, the linkage's share of its width, the expected false and missed links\n"
      "and the estimate corrected for them. --linkage-draws 0 turns it off; latent-class,\n"
      "compare and --interval bootstrap draw none unless it is given.\n\n"
      "Covariates: --covariates a,b names categorical columns of the table; the others, but\n"
      "`count`, are lists; NA or an empty field is unknown (handled by EM). With --db the\n"
      "covariates are year, age_group, gender, exploitation_form and domestic: a person's value\n"
      "is the one their records in the years agree on, unknown when none says or they differ;\n"
      "with year, a person counts once in each registration year (lists from --lists).\n"
      "An empty margin fixes its term at the boundary (its cells fitted 0).\n"
      "--method model --model \"A:a, B:b, a:b\" fits one log-linear model (main effects of every\n"
      "list and covariate always in); without --method, or with aic or bic, the model is\n"
      "chosen by AIC (or BIC) over list-list and list-covariate terms, keeping every\n"
      "covariate interaction (or those of --model). The interval is the parametric\n"
      "bootstrap's (--bootstrap replicates, 0 for none), for the total and every level.\n\n"
      "Examples:\n"
      "  zicht estimate --table uk_2013_5.csv\n"
      "  zicht estimate --table kosovo.csv --method bic --max-order 3 --json\n"
      "  zicht estimate --table new_orleans.csv --interval bootstrap --bootstrap 1000 --seed 7\n"
      "  zicht estimate --table uk_2013.csv --method compare\n"
      "  zicht estimate --table impute.csv --covariates a,b,c --method model --model "
      "\"A:a, B:b, C:c, a:b:c\" --json\n"
      "  zicht estimate --table impute.csv --covariates a,b,c --method bic\n"
      "  zicht estimate --db monitor.db --lists lists.toml --years 2017-2019 --by gender "
      "--by age_group\n"
      "  zicht estimate --db monitor.db --lists lists.toml --linkage-draws 500 --seed 7 --json\n"
      "  zicht estimate --db monitor.db --lists lists.toml --years 2017-2019 --covariates "
      "year,age_group,gender,exploitation_form --json");
  cmd->add_option("--table", flags->table, "Capture-history table (CSV)")->check(CLI::ExistingFile);
  cmd->add_option("--db", flags->db, "A linked store: estimate over its persons")
      ->check(CLI::ExistingFile);
  cmd->add_option("--lists", flags->lists, "Lists of sources (TOML), with --db")
      ->check(CLI::ExistingFile);
  cmd->add_option("--by", flags->by,
                  "Stratify by age_group, gender, exploitation_form and/or domestic, with --db");
  cmd->add_option("--years", flags->years, "Registration years A-B (or one year), with --db");
  cmd->add_option("--covariates", flags->covariates,
                  "Categorical covariates: columns of --table, e.g. a,b,c (the rest are lists), "
                  "or with --db year, age_group, gender, exploitation_form, domestic");
  AddVocabularyOption(*cmd, flags->vocabulary);
  cmd->add_option("--method", flags->method,
                  "stepwise | aic | bic | average | model | latent-class | compare (default: "
                  "average up to 6 lists, else stepwise)");
  cmd->add_option("--max-order", flags->max_order,
                  "Highest interaction order for aic, bic, average (3 brings in three-list terms)")
      ->capture_default_str();
  cmd->add_option("--interval", flags->interval, "profile | wald | bootstrap")
      ->capture_default_str();
  cmd->add_option("--bootstrap", flags->bootstrap, "Bootstrap replicates (--interval bootstrap)")
      ->capture_default_str();
  cmd->add_option("--seed", flags->seed,
                  "Seed of the bootstrap, the latent-class sampler and the linkage draws")
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
  cmd->add_option("--linkage-draws", flags->linkage_draws,
                  "With --db: plausible linkages drawn from the scored pairs, the estimate re-made "
                  "on each, so the total's interval holds the linkage's uncertainty (0: none; "
                  "not drawn by default with latent-class, compare or --interval bootstrap)")
      ->capture_default_str()
      ->each([flags](const std::string&) { flags->linkage_draws_given = true; });
  cmd->add_flag("--json", flags->json, "Print the results as JSON");
  cmd->add_flag("--verbose", flags->verbose, "Print each computation's full report");
  cmd->callback([flags]() { throw CommandExit{Run(*flags)}; });
}

}  // namespace zicht::app
