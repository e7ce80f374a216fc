// Linkage from start to end: blocking, comparison vectors, the Fellegi–Sunter model,
// scores and clusters. `LinkInMemory` works on LinkRecords alone (for tests and
// benchmarks); `LinkStore` reads the store's records, links them, keeps earlier person
// ids stable and writes person ids, scored pairs and the model back in one transaction.
//
// Thread safety: uses oneTBB's threads inside; one call per store at a time.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/link/assignment.hpp"
#include "zicht/link/blocking.hpp"
#include "zicht/link/clustering.hpp"
#include "zicht/link/evaluation.hpp"
#include "zicht/link/fellegi_sunter.hpp"
#include "zicht/link/link_config.hpp"
#include "zicht/link/link_records.hpp"
#include "zicht/link/review.hpp"
#include "zicht/store/store.hpp"

namespace zicht::link {

struct LinkCallbacks {
  // A stage's progress: its name and the share done (0..1), for a progress line.
  std::function<void(std::string_view stage, double done)> progress;
  // The blocking rules' counts, before any pair is made (printed by the command).
  std::function<void(const std::vector<RuleCount>&)> blocking_counted;
};

struct ScoredIndexPair {
  std::uint32_t a = 0;  // record indices, a < b
  std::uint32_t b = 0;
  double weight = 0;
};

struct LinkResult {
  std::vector<RuleCount> rules;
  std::int64_t candidate_pairs = 0;
  FsModel model;
  std::vector<ScoredIndexPair> kept_pairs;       // weight >= keep_pairs_above_weight
  std::map<int, std::int64_t> weight_histogram;  // floor(weight) -> candidate pairs
  double threshold_weight = 0;
  Clustering clustering;
  // Names of config.deduplicated_sources that no record comes from (a misspelt source
  // makes the rule do nothing, so the command says so).
  std::vector<std::string> unknown_deduplicated_sources;
  // Across two deduplicated sources, the fitted share of one's records with a partner in
  // the other (see assignment.hpp), per ordered pair of sources by their bits.
  std::vector<PartnerShare> partner_shares;
  // The personal-id guard as applied, and the fitted share of pairs of one person whose ids
  // differ (the m of personal_id's "different" level; unset without the comparison or data).
  bool personal_id_guard = false;
  std::optional<double> ids_disagree_within_person;
  // A clerical review's labels as applied (review.hpp); unset without labels.
  std::optional<ReviewOutcome> review;
  double seconds_blocking = 0;
  double seconds_model = 0;
  double seconds_scoring = 0;
  double seconds_clustering = 0;
};

// With `labels`, m and the prior come from the records it labels (EstimateMFromLabels in
// training.hpp) after the usual training; records it does not list are unlabelled. With
// `review`, a clerical review's labels fix their pairs' decisions and, without `labels`,
// feed m and the prior (review.hpp).
LinkResult LinkInMemory(const LinkRecords& records, const LinkConfig& config,
                        const LinkCallbacks& callbacks = {}, const TruthMap* labels = nullptr,
                        const IndexedReview* review = nullptr);

// Per record, bit k set when the record comes from config.deduplicated_sources[k]; the
// clustering's input for the rule that such a source holds each person once.
std::vector<std::uint64_t> DeduplicatedSourceBits(const LinkRecords& records,
                                                  const LinkConfig& config);

struct StoreLinkResult {
  LinkResult link;
  std::size_t records = 0;
  PersonIds persons;
  double seconds_loading = 0;
  double seconds_writing = 0;
};

// Meta keys under which the model and the config used are kept (JSON).
inline constexpr std::string_view kMetaLinkModel = "link_model";

// Applies the store's review labels (review.hpp) and stores the linkage's own decision on
// each labelled pair with the linkage.
Result<StoreLinkResult> LinkStore(store::Store& store, const LinkConfig& config,
                                  const LinkCallbacks& callbacks = {},
                                  const TruthMap* labels = nullptr);

// The model and the config's comparison settings as JSON, and back: what --explain needs
// to score a pair as the linkage did.
std::string ModelToJson(const FsModel& model, const LinkConfig& config);
Result<std::pair<FsModel, LinkConfig>> ModelFromJson(std::string_view json);

// The model of the store's last linkage. Errors: NotFound when the store has not been
// linked yet (the message says to run `zicht link`), those of the store and of
// ModelFromJson.
Result<std::pair<FsModel, LinkConfig>> StoredModel(store::Store& store);

}  // namespace zicht::link
