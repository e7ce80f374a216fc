#include "zicht/link/link.hpp"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>
#include <unordered_map>

#include "zicht/link/assignment.hpp"
#include "zicht/link/training.hpp"

namespace zicht::link {

namespace {

using Clock = std::chrono::steady_clock;

double SecondsSince(Clock::time_point start) {
  return std::chrono::duration<double>(Clock::now() - start).count();
}

void Report(const LinkCallbacks& callbacks, std::string_view stage, double done) {
  if (callbacks.progress) callbacks.progress(stage, done);
}

// Runs body(begin, end) over [0, n) in chunks on oneTBB's threads, reporting progress
// from the calling thread's chunks only (callbacks are not thread-safe).
template <typename Body>
void ParallelChunks(std::size_t n, const LinkCallbacks& callbacks, std::string_view stage,
                    Body body) {
  constexpr std::size_t kChunk = 1 << 16;
  const auto caller = std::this_thread::get_id();
  std::atomic<std::size_t> done{0};
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kChunk),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      body(range.begin(), range.end());
                      const std::size_t total = done += range.size();
                      if (std::this_thread::get_id() == caller && n > 0) {
                        Report(callbacks, stage, static_cast<double>(total) / n);
                      }
                    });
}

// The fitted m of personal_id's "different" level: how often the ids of two records of one
// person differ. Unset when the comparison is not used or no record has an id.
std::optional<double> IdsDisagreeWithinPerson(const FsModel& model) {
  for (const ComparisonParameters& c : model.comparisons) {
    if (c.name != "personal_id" || c.no_data) continue;
    for (std::size_t level = 0; level < c.levels.size(); ++level) {
      if (c.levels[level] == "different") return c.m[level];
    }
  }
  return std::nullopt;
}

}  // namespace

LinkResult LinkInMemory(const LinkRecords& records, const LinkConfig& config,
                        const LinkCallbacks& callbacks, const TruthMap* labels,
                        const IndexedReview* review) {
  LinkResult result;
  auto start = Clock::now();
  Report(callbacks, "blocking", 0);
  BlockingPlan plan = PlanBlocking(records, config);
  result.rules = plan.counts;
  if (callbacks.blocking_counted) callbacks.blocking_counted(result.rules);
  const std::vector<std::uint64_t> pairs = CandidatePairs(config, std::move(plan));
  result.candidate_pairs = static_cast<std::int64_t>(pairs.size());
  result.seconds_blocking = SecondsSince(start);

  // The model: u from random pairs, m by EM in training sessions (see training.hpp).
  start = Clock::now();
  const Comparator comparator(records, config);
  Report(callbacks, "training the model", 0);
  result.model = TrainModel(comparator, config, pairs);
  if (labels != nullptr) {
    std::unordered_map<std::string_view, std::int32_t> code;
    std::vector<std::int32_t> entity(records.size, -1);
    for (std::size_t i = 0; i < records.size; ++i) {
      const auto found = labels->find(RecordKey{records.source[i], records.source_record_id[i]});
      if (found == labels->end()) continue;
      entity[i] = code.emplace(found->second, static_cast<std::int32_t>(code.size())).first->second;
    }
    EstimateMFromLabels(comparator, pairs, entity, result.model);
  }
  // A clerical review's labels: a truth file's, where given, take precedence for m.
  if (review != nullptr && labels == nullptr)
    EstimateMFromReview(comparator, *review, result.model);
  result.seconds_model = SecondsSince(start);

  // Scores: every candidate pair again, now weighed; edges above the threshold cluster.
  start = Clock::now();
  const TermFrequencies tf = CountTermFrequencies(comparator);
  const double p = config.threshold;
  result.threshold_weight = std::log2(p / (1 - p));
  Scorer scorer(result.model, comparator, tf);
  scorer.PrecomputePerRecord();
  // Weights are binned by whole bits, from kLowestBin up (lower ones go in the first bin).
  constexpr int kLowestBin = -64;
  constexpr int kBins = 160;
  // Pairs across two deduplicated sources are weighed against their records' other
  // candidates there (assignment.hpp), so all of them are collected, whatever they weigh.
  const std::vector<std::uint64_t> deduplicated = config.deduplicated_sources.empty()
                                                      ? std::vector<std::uint64_t>{}
                                                      : DeduplicatedSourceBits(records, config);
  auto across = [&](std::uint32_t a, std::uint32_t b) {
    return !deduplicated.empty() && deduplicated[a] != 0 && deduplicated[b] != 0 &&
           deduplicated[a] != deduplicated[b];
  };
  struct Local {
    std::vector<ScoredIndexPair> kept;
    std::vector<Edge> edges;
    std::vector<Edge> across;
    std::vector<std::int64_t> histogram = std::vector<std::int64_t>(kBins, 0);
  };
  tbb::combinable<Local> local;
  ParallelChunks(pairs.size(), callbacks, "scoring", [&](std::size_t begin, std::size_t end) {
    Local& mine = local.local();
    constexpr std::size_t kAhead = 8;
    for (std::size_t i = begin; i < end; ++i) {
      if (i + kAhead < end) comparator.Prefetch(SecondOf(pairs[i + kAhead]));
      const std::uint32_t a = FirstOf(pairs[i]);
      const std::uint32_t b = SecondOf(pairs[i]);
      const double weight = scorer.Score(a, comparator.Compare(a, b));
      const int bin = std::clamp(static_cast<int>(std::floor(weight)) - kLowestBin, 0, kBins - 1);
      ++mine.histogram[static_cast<std::size_t>(bin)];
      if (weight >= config.keep_pairs_above_weight) mine.kept.push_back({a, b, weight});
      if (across(a, b)) {
        mine.across.push_back({a, b, weight});
      } else if (weight >= result.threshold_weight) {
        mine.edges.push_back({a, b, weight});
      }
    }
  });
  std::vector<Edge> edges;
  std::vector<Edge> across_pairs;
  local.combine_each([&](const Local& mine) {
    result.kept_pairs.insert(result.kept_pairs.end(), mine.kept.begin(), mine.kept.end());
    edges.insert(edges.end(), mine.edges.begin(), mine.edges.end());
    across_pairs.insert(across_pairs.end(), mine.across.begin(), mine.across.end());
    for (int bin = 0; bin < kBins; ++bin) {
      const std::int64_t count = mine.histogram[static_cast<std::size_t>(bin)];
      if (count > 0) result.weight_histogram[bin + kLowestBin] += count;
    }
  });
  std::sort(result.kept_pairs.begin(), result.kept_pairs.end(),
            [](const ScoredIndexPair& x, const ScoredIndexPair& y) {
              return x.a != y.a ? x.a < y.a : x.b < y.b;
            });
  OneToOneResult one_to_one;
  if (!across_pairs.empty()) {
    one_to_one = OneToOnePosterior(std::move(across_pairs), deduplicated,
                                   result.model.PriorWeight(), result.threshold_weight);
    edges.insert(edges.end(), one_to_one.edges.begin(), one_to_one.edges.end());
    result.partner_shares = one_to_one.shares;
  }
  result.seconds_scoring = SecondsSince(start);

  start = Clock::now();
  Report(callbacks, "clustering", 0);
  // Edges come from every scored pair at the threshold, whatever range of pairs is kept.
  ClusterOptions options;
  options.min_weight = result.threshold_weight;
  result.ids_disagree_within_person = IdsDisagreeWithinPerson(result.model);
  switch (config.guard_personal_id) {
    case PersonalIdGuard::kOn:
      result.personal_id_guard = true;
      break;
    case PersonalIdGuard::kOff:
      result.personal_id_guard = false;
      break;
    case PersonalIdGuard::kAuto:
      // Without data on the ids the guard has nothing to veto either way.
      result.personal_id_guard = !result.ids_disagree_within_person ||
                                 *result.ids_disagree_within_person <= kIdsRarelyDisagree;
      break;
  }
  options.guard_personal_id = result.personal_id_guard;
  options.max_cluster_size = config.max_cluster_size;
  // -100 turns a guard off (see link_config.hpp).
  if (config.conflict_weight > -100.0 || config.min_mean_weight > -100.0) {
    options.pair_weight = [&](std::uint32_t a, std::uint32_t b) {
      // A pair across two deduplicated sources weighs what it weighs against its rivals.
      if (const auto weighed = one_to_one.WeightOf(a, b)) return *weighed;
      return scorer.Score(a, comparator.Compare(a, b));
    };
    if (config.conflict_weight > -100.0) options.conflict_weight = config.conflict_weight;
    if (config.min_mean_weight > -100.0) options.min_mean_weight = config.min_mean_weight;
  }
  if (!config.deduplicated_sources.empty()) {
    options.deduplicated_source = deduplicated;
    const std::set<std::string> present(records.source.begin(), records.source.end());
    for (const std::string& name : config.deduplicated_sources) {
      if (!present.contains(name)) result.unknown_deduplicated_sources.push_back(name);
    }
  }
  if (!config.validated_personal_id_sources.empty()) {
    const std::set<std::string> validated(config.validated_personal_id_sources.begin(),
                                          config.validated_personal_id_sources.end());
    options.validated_personal_id.assign(records.size, 0);
    for (std::size_t i = 0; i < records.size; ++i) {
      if (validated.contains(records.source[i])) {
        options.validated_personal_id[i] = records.personal_id[i];
      }
    }
  }
  if (review != nullptr && !review->labels.empty()) {
    result.review.emplace();
    result.clustering = ClusterWithReview(records.size, std::move(edges), records.personal_id,
                                          std::move(options), *review, *result.review);
  } else {
    result.clustering =
        ClusterRecords(records.size, std::move(edges), records.personal_id, options);
  }
  result.seconds_clustering = SecondsSince(start);
  return result;
}

Result<StoreLinkResult> LinkStore(store::Store& store, const LinkConfig& config,
                                  const LinkCallbacks& callbacks, const TruthMap* labels) {
  StoreLinkResult out;
  auto start = Clock::now();
  auto total = store.RecordCount();
  if (!total.ok()) return total.status();
  auto records = LoadLinkRecords(store, [&](std::size_t read) {
    Report(callbacks, "reading records",
           *total > 0 ? static_cast<double>(read) / static_cast<double>(*total) : 1.0);
  });
  if (!records.ok()) return records.status();
  out.records = records->size;
  out.seconds_loading = SecondsSince(start);

  auto review_labels = store.ReviewLabels();
  if (!review_labels.ok()) return review_labels.status();
  const IndexedReview review = IndexReviewLabels(*records, *std::move(review_labels));
  out.link = LinkInMemory(*records, config, callbacks, labels, &review);
  out.persons = AssignPersonIds(out.link.clustering, records->person_id);

  start = Clock::now();
  Report(callbacks, "writing", 0);
  std::vector<store::PersonAssignment> persons;
  persons.reserve(records->size);
  for (std::size_t i = 0; i < records->size; ++i) {
    persons.push_back({records->record_id[i], out.persons.person_of[i]});
  }
  std::vector<store::ScoredPair> pairs;
  pairs.reserve(out.link.kept_pairs.size());
  for (const ScoredIndexPair& p : out.link.kept_pairs) {
    const std::int64_t id_a = records->record_id[p.a];
    const std::int64_t id_b = records->record_id[p.b];
    pairs.push_back(
        {std::min(id_a, id_b), std::max(id_a, id_b), p.weight, MatchProbability(p.weight)});
  }
  ZICHT_RETURN_IF_ERROR(store.Begin());
  Status written = store.ReplaceLinkage(persons, pairs);
  if (written.ok()) {
    written = store.SetMeta(std::string(kMetaLinkModel), ModelToJson(out.link.model, config));
  }
  if (written.ok() && out.link.review) {
    written = store.SetReviewModelDecisions(out.link.review->decided);
  }
  if (!written.ok()) {
    (void)store.Rollback();
    return written;
  }
  ZICHT_RETURN_IF_ERROR(store.Commit());
  out.seconds_writing = SecondsSince(start);
  return out;
}

std::vector<std::uint64_t> DeduplicatedSourceBits(const LinkRecords& records,
                                                  const LinkConfig& config) {
  std::map<std::string, std::uint64_t> bit;
  for (std::size_t k = 0; k < config.deduplicated_sources.size() && k < 64; ++k) {
    bit[config.deduplicated_sources[k]] = std::uint64_t{1} << k;
  }
  std::vector<std::uint64_t> bits(records.size, 0);
  for (std::size_t i = 0; i < records.size; ++i) {
    const auto found = bit.find(records.source[i]);
    if (found != bit.end()) bits[i] = found->second;
  }
  return bits;
}

std::string ModelToJson(const FsModel& model, const LinkConfig& config) {
  nlohmann::json out;
  out["prior"] = model.prior;
  out["expected_matches"] = model.expected_matches;
  out["total_pairs"] = model.total_pairs;
  out["em_iterations"] = model.em_iterations;
  out["em_converged"] = model.em_converged;
  out["u_sampled_pairs"] = model.u_sampled_pairs;
  out["name_dice_thresholds"] = config.name_dice_thresholds;
  out["term_frequency"] = config.term_frequency;
  out["threshold"] = config.threshold;
  out["deduplicated_sources"] = config.deduplicated_sources;
  out["dependent"] = model.dependent;
  out["dependence"] = model.dependence;
  for (const ComparisonParameters& c : model.comparisons) {
    out["comparisons"].push_back({{"name", c.name},
                                  {"levels", c.levels},
                                  {"m", c.m},
                                  {"u", c.u},
                                  {"exact_level", c.exact_level},
                                  {"no_data", c.no_data},
                                  {"constant", c.constant},
                                  {"term_frequency", c.term_frequency}});
  }
  return out.dump();
}

Result<std::pair<FsModel, LinkConfig>> ModelFromJson(std::string_view text) {
  try {
    const nlohmann::json in = nlohmann::json::parse(text);
    FsModel model;
    LinkConfig config = DefaultLinkConfig();
    model.prior = in.at("prior").get<double>();
    model.expected_matches = in.at("expected_matches").get<double>();
    model.total_pairs = in.at("total_pairs").get<double>();
    model.em_iterations = in.at("em_iterations").get<int>();
    model.em_converged = in.at("em_converged").get<bool>();
    model.u_sampled_pairs = in.at("u_sampled_pairs").get<std::int64_t>();
    config.name_dice_thresholds = in.at("name_dice_thresholds").get<std::vector<double>>();
    config.term_frequency = in.at("term_frequency").get<bool>();
    config.threshold = in.at("threshold").get<double>();
    config.deduplicated_sources =
        in.value("deduplicated_sources", std::vector<std::string>{});  // none stored earlier
    config.comparisons.clear();
    for (const auto& c : in.at("comparisons")) {
      ComparisonParameters p;
      p.name = c.at("name").get<std::string>();
      p.levels = c.at("levels").get<std::vector<std::string>>();
      p.m = c.at("m").get<std::vector<double>>();
      p.u = c.at("u").get<std::vector<double>>();
      p.exact_level = c.at("exact_level").get<int>();
      p.term_frequency = c.at("term_frequency").get<bool>();
      p.no_data = c.value("no_data", false);
      p.constant = c.value("constant", false);
      bool known = false;
      for (const ComparisonSpec& spec : DefaultLinkConfig().comparisons) {
        if (spec.name == p.name) {
          config.comparisons.push_back(spec);
          known = true;
          p.name_like =
              spec.kind == ComparisonKind::kGivenName || spec.kind == ComparisonKind::kFamilyName;
        }
      }
      if (!known)
        return Status::InvalidData("the stored linkage model names an unknown comparison");
      model.comparisons.push_back(std::move(p));
    }
    // A model stored before the dependence adjustment has none.
    model.dependent = in.value("dependent", std::vector<std::size_t>{});
    model.dependence = in.value("dependence", std::vector<double>{});
    for (std::size_t c : model.dependent) {
      if (c >= model.comparisons.size()) {
        return Status::InvalidData("the stored linkage model names an unknown comparison");
      }
    }
    std::size_t patterns = model.dependent.empty() ? 0 : 2;
    for (std::size_t c : model.dependent) patterns *= model.comparisons[c].levels.size();
    if (model.dependence.size() != patterns) {
      return Status::InvalidData("the stored linkage model's dependence table has the wrong size");
    }
    return std::make_pair(std::move(model), std::move(config));
  } catch (const nlohmann::json::exception& error) {
    return Status::InvalidData(std::string("the stored linkage model is unreadable: ") +
                               error.what());
  }
}

Result<std::pair<FsModel, LinkConfig>> StoredModel(store::Store& store) {
  auto stored = store.GetMeta(std::string(kMetaLinkModel));
  if (!stored.ok()) return stored.status();
  if (!stored->has_value()) {
    return Status::NotFound("the store has not been linked yet; run `zicht link` first");
  }
  return ModelFromJson(**stored);
}

}  // namespace zicht::link
