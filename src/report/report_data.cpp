#include "zicht/report/report_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "zicht/estimate/linked_histories.hpp"
#include "zicht/link/link.hpp"
#include "zicht/privacy/disclosure.hpp"

namespace zicht::report {
namespace {

constexpr int kMaxListsToAverage = 6;

void Progress(const ReportOptions& options, std::string_view step) {
  if (options.progress) options.progress(step);
}

YearEstimate FromMethod(const std::string& label, const estimate::MethodResult& result) {
  YearEstimate e;
  e.label = label;
  e.method = result.method;
  e.observed = result.observed;
  e.has_estimate = result.has_estimate;
  e.reason = result.reason;
  e.model = result.model;
  e.warnings = result.warnings;
  if (result.has_estimate) {
    e.estimate = result.estimate;
    e.lower = result.interval.lower;
    e.upper = result.interval.upper;
  }
  return e;
}

// Persons by the exact set of kinds of source that registered them in the years, with
// disclosure control over the combinations, each kind's total and the grand total.
void CountOverlap(const std::vector<monitor::Registration>& registrations, int first, int last,
                  std::int64_t threshold, const Vocabulary& vocabulary, ReportData& data) {
  std::map<std::int64_t, std::set<std::string>> kinds_of;
  std::set<std::string> present;
  for (const monitor::Registration& r : registrations) {
    const int year = r.registration_date.year;
    if (year < first || year > last) continue;
    kinds_of[r.unit_id].insert(r.source_kind);
    present.insert(r.source_kind);
  }
  for (const Category& kind : vocabulary.source_kinds()) {
    if (present.count(kind.name)) data.source_kinds.push_back(kind.name);
  }
  for (const std::string& kind : present) {  // kinds outside the vocabulary, if any
    if (std::find(data.source_kinds.begin(), data.source_kinds.end(), kind) ==
        data.source_kinds.end()) {
      data.source_kinds.push_back(kind);
    }
  }
  std::map<std::vector<std::string>, std::int64_t> combinations;
  for (const auto& [person, kinds] : kinds_of) {
    std::vector<std::string> ordered;
    for (const std::string& kind : data.source_kinds) {
      if (kinds.count(kind)) ordered.push_back(kind);
    }
    ++combinations[ordered];
  }
  // Cells: the combinations, then each kind's total, then the grand total.
  std::vector<std::int64_t> counts;
  for (const auto& [kinds, count] : combinations) {
    data.overlap.push_back({kinds, count, false});
    counts.push_back(count);
  }
  const std::size_t n = counts.size();
  std::vector<privacy::Relation> relations;
  for (std::size_t k = 0; k < data.source_kinds.size(); ++k) {
    privacy::Relation relation;
    relation.total = counts.size();
    std::int64_t sum = 0;
    for (std::size_t c = 0; c < n; ++c) {
      const auto& kinds = data.overlap[c].kinds;
      if (std::find(kinds.begin(), kinds.end(), data.source_kinds[k]) != kinds.end()) {
        relation.parts.push_back(c);
        sum += counts[c];
      }
    }
    counts.push_back(sum);
    relations.push_back(std::move(relation));
  }
  privacy::Relation total;
  total.total = counts.size();
  for (std::size_t c = 0; c < n; ++c) total.parts.push_back(c);
  data.overlap_total = static_cast<std::int64_t>(kinds_of.size());
  counts.push_back(data.overlap_total);
  relations.push_back(std::move(total));
  auto summary = privacy::SuppressSmallCounts(counts, relations, threshold);
  if (!summary.ok()) return;  // the relations hold by construction
  for (std::size_t c = 0; c < n; ++c) data.overlap[c].suppressed = summary->suppressed(c);
  data.overlap_total_suppressed = summary->suppressed(counts.size() - 1);
  std::stable_sort(
      data.overlap.begin(), data.overlap.end(),
      [](const SourceCombination& a, const SourceCombination& b) { return a.count > b.count; });
}

Status ReadLinkDiagnostics(store::Store& store, const ReportData& data, std::int64_t threshold,
                           const std::vector<monitor::Registration>& registrations,
                           LinkDiagnostics& out) {
  auto meta = store.GetMeta(std::string(link::kMetaLinkModel));
  if (!meta.ok()) return meta.status();
  (void)data;
  out.records = static_cast<std::int64_t>(registrations.size());
  std::set<std::int64_t> persons;
  for (const monitor::Registration& r : registrations) persons.insert(r.unit_id);
  out.persons = static_cast<std::int64_t>(persons.size());
  if (!meta->has_value()) return Status::Ok();
  auto model = link::ModelFromJson(**meta);
  if (!model.ok()) return model.status();
  out.linked = true;
  const auto& [fs, config] = *model;
  out.threshold = config.threshold;
  out.threshold_weight = std::log2(config.threshold / (1 - config.threshold));
  for (const link::ComparisonParameters& c : fs.comparisons) {
    if (c.no_data) continue;
    for (std::size_t level = 1; level < c.levels.size(); ++level) {
      out.levels.push_back({c.name, c.levels[level], c.m[level], c.u[level]});
    }
  }
  auto pairs = store.ScoredPairs();
  if (!pairs.ok()) return pairs.status();
  if (pairs->empty()) return Status::Ok();
  // Bins of two bits; the extremes gathered into the first and last bin.
  constexpr double kWidth = 2.0;
  double low = 0, high = 0;
  for (const store::ScoredPair& p : *pairs) {
    low = std::min(low, p.weight);
    high = std::max(high, p.weight);
  }
  low = std::max(std::floor(low / kWidth) * kWidth, -20.0);
  high = std::min(std::ceil(high / kWidth) * kWidth, 60.0);
  if (high <= low) high = low + kWidth;
  const auto bins = static_cast<std::size_t>((high - low) / kWidth);
  out.weights.assign(bins, {});
  for (std::size_t b = 0; b < bins; ++b) {
    out.weights[b].start = low + kWidth * static_cast<double>(b);
    out.weights[b].end = out.weights[b].start + kWidth;
  }
  for (const store::ScoredPair& p : *pairs) {
    const double at = std::clamp((p.weight - low) / kWidth, 0.0, static_cast<double>(bins - 1));
    ++out.weights[static_cast<std::size_t>(at)].count;
  }
  // Pairs are not persons, but no small count leaves the system.
  for (auto& bin : out.weights) bin.suppressed = bin.count > 0 && bin.count < threshold;
  return Status::Ok();
}

}  // namespace

Result<ReportData> GatherReportData(store::Store& store, const Vocabulary& vocabulary,
                                    const ReportOptions& options) {
  ReportData data;
  Progress(options, "monitor tables");
  auto registrations = monitor::ReadRegistrations(store, options.monitor.unit);
  if (!registrations.ok()) return registrations.status();
  auto result = monitor::ComputeMonitor(*registrations, vocabulary, options.monitor);
  if (!result.ok()) return result.status();
  data.monitor = *std::move(result);
  const int first = data.monitor.first_year, last = data.monitor.last_year;
  const std::int64_t threshold = data.monitor.threshold;

  Progress(options, "overlap of sources");
  CountOverlap(*registrations, first, last, threshold, vocabulary, data);

  Progress(options, "linkage diagnostics");
  ZICHT_RETURN_IF_ERROR(ReadLinkDiagnostics(store, data, threshold, *registrations, data.linkage));

  if (!options.estimates || options.monitor.unit != monitor::CountingUnit::kPersons) {
    return data;
  }
  for (int year = first; year <= last; ++year) {
    Progress(options, fmt::format("estimate {}", year));
    estimate::LinkedHistoryOptions history;
    history.lists = options.lists;
    history.lists_origin = options.lists_origin;
    history.years = estimate::YearRange{year, year};
    auto histories = estimate::CaptureHistoriesFromStore(store, vocabulary, history);
    if (!histories.ok()) return histories.status();
    if (year == first) {
      data.lists = histories->lists.names();
      data.estimate_notes = histories->warnings;
    }
    // Averaging over all models by AIC covered the truth far more often than the stepwise
    // rule on simulated worlds with heterogeneous capture (docs/methods.md, "Bias and
    // coverage"); beyond six lists the models are too many to average, so stepwise it is.
    estimate::EstimateOptions estimate_options;
    if (histories->histories.total.list_count() <= kMaxListsToAverage) {
      estimate_options.method = estimate::Method::kAverage;
      estimate_options.average_by = estimate::Criterion::kAic;
    }
    const std::string label = std::to_string(year);
    auto estimated = estimate::EstimatePopulation(histories->histories.total, estimate_options);
    if (estimated.ok()) {
      data.estimates.push_back(FromMethod(label, *estimated));
    } else {
      YearEstimate none;
      none.label = label;
      none.observed = histories->histories.total.observed_total();
      none.reason = estimated.status().message();
      data.estimates.push_back(std::move(none));
    }
    if (year == last) {
      Progress(options, fmt::format("estimate {} by every method", year));
      // The latent-class sampler needs long chains to mix over many lists (minutes at eight);
      // beyond five lists it is left out here and can be run with `zicht estimate`.
      const bool latent_class = histories->histories.total.list_count() <= 5;
      auto methods =
          estimate::CompareMethods(histories->histories.total, estimate_options, latent_class);
      if (methods.ok()) {
        for (const estimate::MethodResult& m : *methods) {
          data.sensitivity.push_back(FromMethod(m.method, m));
        }
      }
    }
  }
  return data;
}

}  // namespace zicht::report
