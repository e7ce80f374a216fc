#include "zicht/report/report_data.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <set>

#include "zicht/estimate/linkage_draws.hpp"
#include "zicht/estimate/linked_histories.hpp"
#include "zicht/link/explain.hpp"
#include "zicht/link/link.hpp"
#include "zicht/link/review.hpp"
#include "zicht/privacy/disclosure.hpp"

namespace zicht::report {
namespace {

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
  e.generating_terms = result.generating_terms;
  e.models_averaged = result.models_averaged;
  e.top_weight = result.top_weight;
  e.warnings = result.warnings;
  if (result.has_estimate) {
    e.estimate = result.estimate;
    e.lower = result.interval.lower;
    e.upper = result.interval.upper;
  }
  return e;
}

// The overlap of kinds of source, from the monitor's protected table of it: the
// combinations, each kind's total and the total (monitor::BuildTables).
void TakeOverlap(ReportData& data) {
  auto& tables = data.monitor.tables;
  const auto it = std::find_if(tables.begin(), tables.end(), [](const monitor::Table& t) {
    return t.id == monitor::kOverlapTableId;
  });
  if (it == tables.end()) return;
  const monitor::Table table = std::move(*it);
  tables.erase(it);
  for (std::size_t r = 0; r < table.rows_count(); ++r) {
    const monitor::Heading& h = table.row_headings[r];
    if (h.total) {
      data.overlap_total = table.count(r, 0);
      data.overlap_total_suppressed = table.is_suppressed(r, 0);
      data.overlap_total_hidden = monitor::HiddenText(table, r, 0);
      continue;
    }
    if (h.key.rfind("kind:", 0) == 0) {
      data.source_kinds.push_back(h.key.substr(5));
      continue;
    }
    SourceCombination combination;
    std::size_t start = 0;
    while (start <= h.key.size() && !h.key.empty()) {
      const auto plus = h.key.find('+', start);
      combination.kinds.push_back(
          h.key.substr(start, plus == std::string::npos ? plus : plus - start));
      if (plus == std::string::npos) break;
      start = plus + 1;
    }
    combination.count = table.count(r, 0);
    combination.suppressed = table.is_suppressed(r, 0);
    combination.hidden = monitor::HiddenText(table, r, 0);
    data.overlap.push_back(std::move(combination));
  }
  // Largest first; a hidden one is ordered by its mark, not its count, so that the order
  // reveals nothing: shown ones by count, then the secondary ("x", 10 or more), then the
  // primary ("<10").
  auto rank = [](const SourceCombination& c) {
    return c.suppressed ? (c.hidden == "x" ? 1 : 2) : 0;
  };
  std::stable_sort(data.overlap.begin(), data.overlap.end(),
                   [&](const SourceCombination& a, const SourceCombination& b) {
                     if (rank(a) != rank(b)) return rank(a) < rank(b);
                     return rank(a) == 0 && a.count > b.count;
                   });
}

// The pairs nearest the threshold, `each_side` above it and as many below, nearest first.
std::vector<store::ScoredPair> NearThreshold(const std::vector<store::ScoredPair>& pairs,
                                             double threshold_weight, std::size_t each_side) {
  std::vector<store::ScoredPair> above;
  std::vector<store::ScoredPair> below;
  for (const store::ScoredPair& p : pairs)
    (p.weight >= threshold_weight ? above : below).push_back(p);
  // Ties by record ids, so that the same store always shows the same pairs.
  auto nearest = [&](const store::ScoredPair& a, const store::ScoredPair& b) {
    const double da = std::abs(a.weight - threshold_weight);
    const double db = std::abs(b.weight - threshold_weight);
    if (da != db) return da < db;
    return std::make_pair(a.record_a, a.record_b) < std::make_pair(b.record_a, b.record_b);
  };
  std::vector<store::ScoredPair> out;
  for (auto* side : {&above, &below}) {
    const std::size_t n = std::min(each_side, side->size());
    std::partial_sort(side->begin(), side->begin() + static_cast<std::ptrdiff_t>(n), side->end(),
                      nearest);
    out.insert(out.end(), side->begin(), side->begin() + static_cast<std::ptrdiff_t>(n));
  }
  return out;
}

Status ReadWaterfalls(store::Store& store, const std::vector<store::ScoredPair>& pairs,
                      LinkDiagnostics& out) {
  constexpr std::size_t kEachSide = 2;
  std::vector<std::pair<std::int64_t, std::int64_t>> ids;
  for (const store::ScoredPair& p : NearThreshold(pairs, out.threshold_weight, kEachSide)) {
    ids.emplace_back(p.record_a, p.record_b);
  }
  if (ids.empty()) return Status::Ok();
  auto explained = link::ExplainRecordPairs(store, ids);
  if (!explained.ok()) return explained.status();
  for (const link::Explanation& e : *explained) {
    LinkDiagnostics::WaterfallPair pair;
    pair.probability = e.probability;
    pair.prior_weight = e.prior_weight;
    pair.total = e.total;
    for (const link::WaterfallStep& step : e.steps) {
      pair.steps.push_back({step.comparison, step.level, step.weight + step.tf_adjustment});
    }
    out.waterfalls.push_back(std::move(pair));
  }
  return Status::Ok();
}

}  // namespace

std::vector<ClusterSizeBin> ProtectedClusterSizes(
    const std::vector<std::int64_t>& records_per_person, std::int64_t threshold) {
  std::int64_t largest = 0;
  for (std::int64_t k : records_per_person) largest = std::max(largest, k);
  if (largest < 2) return {};
  std::vector<std::int64_t> persons(static_cast<std::size_t>(largest) + 1, 0);
  for (std::int64_t k : records_per_person) {
    if (k >= 1) ++persons[static_cast<std::size_t>(k)];
  }
  auto small = [&](std::int64_t count) { return count > 0 && count < threshold; };
  // The open bin [open, largest]: its persons, and its records beyond `open` each.
  std::int64_t open = largest;
  std::int64_t in_open = persons[static_cast<std::size_t>(open)];
  std::int64_t beyond = 0;
  auto widen = [&] {
    beyond += in_open;  // every person already in the bin has one more record beyond the new m
    --open;
    in_open += persons[static_cast<std::size_t>(open)];
  };
  while (open > 1 && in_open < threshold) widen();
  for (bool changed = true; changed && open > 1;) {
    changed = false;
    if (small(beyond)) {
      widen();
      changed = true;
      continue;
    }
    for (std::int64_t k = 1; k < open; ++k) {
      if (small(persons[static_cast<std::size_t>(k)])) {
        while (open > k) widen();
        changed = true;
        break;
      }
    }
  }
  if (open <= 1 || in_open < threshold) return {};
  std::vector<ClusterSizeBin> bins;
  for (std::int64_t k = 1; k < open; ++k) {
    bins.push_back(
        {static_cast<int>(k), static_cast<int>(k), persons[static_cast<std::size_t>(k)]});
  }
  bins.push_back({static_cast<int>(open), 0, in_open});
  return bins;
}

namespace {

Status ReadLinkDiagnostics(store::Store& store, const ReportData& data, std::int64_t threshold,
                           const std::vector<monitor::Registration>& registrations,
                           LinkDiagnostics& out) {
  auto meta = store.GetMeta(std::string(link::kMetaLinkModel));
  if (!meta.ok()) return meta.status();
  (void)data;
  out.records = static_cast<std::int64_t>(registrations.size());
  std::map<std::int64_t, std::int64_t> records_of;
  for (const monitor::Registration& r : registrations) ++records_of[r.unit_id];
  out.persons = static_cast<std::int64_t>(records_of.size());
  if (!meta->has_value()) return Status::Ok();
  std::vector<std::int64_t> sizes;
  sizes.reserve(records_of.size());
  for (const auto& [person, records] : records_of) sizes.push_back(records);
  out.cluster_sizes = ProtectedClusterSizes(sizes, threshold);
  auto model = link::ModelFromJson(**meta);
  if (!model.ok()) return model.status();
  out.linked = true;
  const auto& [fs, config] = *model;
  out.threshold = config.threshold;
  out.threshold_weight = std::log2(config.threshold / (1 - config.threshold));
  auto review = link::SummariseStoreReview(store);
  if (!review.ok()) return review.status();
  if (review->estimate.reviewed > 0) {
    LinkDiagnostics::Review r;
    r.pairs = review->estimate.reviewed;
    const auto share =
        [](const link::ProportionEstimate& p) -> std::optional<LinkDiagnostics::Share> {
      if (!p.defined) return std::nullopt;
      return LinkDiagnostics::Share{p.estimate, p.lower, p.upper};
    };
    r.precision = share(review->estimate.precision);
    r.recall = share(review->estimate.recall);
    out.review = r;
  }
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
  return ReadWaterfalls(store, *pairs, out);
}

// The persons the estimate's lists saw in each year, as a table of the release: each
// is a subset of the year's registered persons.
monitor::Table ObservedTable(const std::vector<std::pair<int, std::int64_t>>& observed) {
  monitor::Table table;
  table.id = "estimate_observed";
  table.title_en = "Persons seen by the estimate's lists";
  table.title_nl = "Personen gezien door de lijsten van de schatting";
  table.rows = monitor::Dimension::kAll;
  table.columns = monitor::Dimension::kYear;
  monitor::Heading all;
  all.key = "total";
  all.total = true;
  table.row_headings.push_back(all);
  for (const auto& [year, count] : observed) {
    monitor::Heading h;
    h.key = h.en = h.nl = std::to_string(year);
    table.column_headings.push_back(h);
    table.counts.push_back(count);
    table.cell_keys.push_back(fmt::format("{}-{}|observed_by_lists", year, year));
    table.subset_of.push_back(fmt::format("{}-{}|", year, year));
  }
  return table;
}

}  // namespace

Result<ReportData> GatherReportData(store::Store& store, const Vocabulary& vocabulary,
                                    const ReportOptions& options) {
  ReportData data;
  Progress(options, "monitor tables");
  auto registrations = monitor::ReadRegistrations(store, options.monitor.unit);
  if (!registrations.ok()) return registrations.status();
  const bool estimates =
      options.estimates && options.monitor.unit == monitor::CountingUnit::kPersons;
  // The capture histories come first: the persons they saw leave with the tables, so they
  // are protected with them.
  int first = options.monitor.first_year.value_or(std::numeric_limits<int>::max());
  int last = options.monitor.last_year.value_or(std::numeric_limits<int>::min());
  if (!options.monitor.first_year || !options.monitor.last_year) {
    for (const monitor::Registration& r : *registrations) {
      if (!options.monitor.first_year) first = std::min(first, r.registration_date.year);
      if (!options.monitor.last_year) last = std::max(last, r.registration_date.year);
    }
  }
  std::vector<estimate::LinkedHistories> histories_of_year;
  std::vector<std::pair<int, std::int64_t>> observed;
  if (estimates && !registrations->empty() && first <= last) {
    for (int year = first; year <= last; ++year) {
      estimate::LinkedHistoryOptions history;
      history.lists = options.lists;
      history.lists_origin = options.lists_origin;
      history.years = estimate::YearRange{year, year};
      auto histories = estimate::CaptureHistoriesFromStore(store, vocabulary, history);
      if (!histories.ok()) return histories.status();
      observed.emplace_back(year, histories->histories.total.observed_total());
      histories_of_year.push_back(*std::move(histories));
    }
  }
  monitor::MonitorOptions monitor_options = options.monitor;
  if (!observed.empty()) monitor_options.extra_tables.push_back(ObservedTable(observed));
  auto result = monitor::ComputeMonitor(*registrations, vocabulary, monitor_options);
  if (!result.ok()) return result.status();
  data.monitor = *std::move(result);
  first = data.monitor.first_year;
  last = data.monitor.last_year;
  const std::int64_t threshold = data.monitor.threshold;

  Progress(options, "overlap of sources");
  TakeOverlap(data);

  Progress(options, "linkage diagnostics");
  ZICHT_RETURN_IF_ERROR(ReadLinkDiagnostics(store, data, threshold, *registrations, data.linkage));

  if (!estimates || histories_of_year.empty()) return data;
  const monitor::Table& observed_table = data.monitor.extra_tables.front();
  // One set of linkage draws serves every year: a draw is a linkage of all the records.
  std::optional<estimate::StoredLinkage> stored;
  std::optional<estimate::LinkageDraws> draws;
  if (options.linkage_draws > 0 && data.linkage.linked) {
    Progress(options, "linkage draws");
    estimate::LinkedHistoryOptions history;
    history.lists = options.lists;
    history.lists_origin = options.lists_origin;
    auto read = estimate::ReadStoredLinkage(store, vocabulary, history);
    if (!read.ok()) return read.status();
    estimate::LinkageDrawOptions draw_options;
    draw_options.draws = options.linkage_draws;
    draw_options.seed = options.seed;
    auto drawn = estimate::DrawLinkages(read->graph, draw_options);
    if (!drawn.ok()) return drawn.status();
    stored = *std::move(read);
    draws = *std::move(drawn);
  }
  for (int year = first; year <= last; ++year) {
    Progress(options, fmt::format("estimate {}", year));
    const estimate::LinkedHistories* histories =
        &histories_of_year[static_cast<std::size_t>(year - first)];
    // The protected count of the persons the lists saw, as it may be published.
    const std::string observed_hidden =
        monitor::HiddenText(observed_table, 0, static_cast<std::size_t>(year - first));
    if (year == first) {
      data.lists = histories->lists.names();
      for (const estimate::ListDefinition& list : histories->lists.lists) {
        data.list_sources.push_back(list.sources);
      }
      data.estimate_notes = histories->warnings;
    }
    // The figure `zicht estimate` gives without a method, for the same years and lists.
    estimate::EstimateOptions estimate_options;
    estimate_options.method = estimate::DefaultMethod(histories->histories.total.list_count());
    estimate_options.average_by = estimate::Criterion::kAic;
    const std::string label = std::to_string(year);
    auto estimated = estimate::EstimatePopulation(histories->histories.total, estimate_options);
    if (estimated.ok()) {
      data.estimates.push_back(FromMethod(label, *estimated));
      if (draws) {
        // A year whose draws give no interval keeps the estimate without it.
        auto over = estimate::EstimateOverLinkages(*stored, *draws, estimate::YearRange{year, year},
                                                   estimate_options);
        if (over.ok()) {
          YearEstimate& e = data.estimates.back();
          e.has_linkage = true;
          e.linkage_draws = over->draws_used;
          e.linkage_lower = over->with_linkage.lower;
          e.linkage_upper = over->with_linkage.upper;
          e.linkage_share = over->linkage_share;
        }
      }
    } else {
      YearEstimate none;
      none.label = label;
      none.observed = histories->histories.total.observed_total();
      none.reason = estimated.status().message();
      data.estimates.push_back(std::move(none));
    }
    data.estimates.back().observed_hidden = observed_hidden;
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
          data.sensitivity.back().observed_hidden = observed_hidden;
        }
      }
    }
  }
  return data;
}

}  // namespace zicht::report
