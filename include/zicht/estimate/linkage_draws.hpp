// The linkage's uncertainty: plausible linkages drawn from the scored pairs and their match
// probabilities, the capture-history table of each, and the estimate re-made on each draw
// (linkage-averaging, Sadinle 2018, Ann. Appl. Stat. 12:1013-1038). See docs/methods.md,
// "The linkage's uncertainty".
//
// A draw is a partition of the records into persons from the distribution that gives a
// partition the product, over the pairs it puts into one person, of the pairs' odds of a
// match p / (1 - p) (independent pairwise decisions conditioned on being transitive). It is
// drawn by a Gibbs sampler that moves one group of records at a time to the person of a
// neighbour or to a person of its own, with probability in proportion to the product of
// the odds of the pairs it would join (Sadinle 2014, Ann. Appl. Stat. 8:2404-2434; Steorts,
// Hall and Fienberg 2016, JASA 111:1660-1672). Each draw is its own chain, started at the
// stored linkage: a seed gives the same draws on any number of cores.
//
// Thread safety: pure functions on values; DrawLinkages and EstimateOverLinkages use
// oneTBB's threads when `parallel` is set.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/estimate/capture_histories.hpp"
#include "zicht/estimate/linked_histories.hpp"
#include "zicht/estimate/population.hpp"
#include "zicht/store/store.hpp"

namespace zicht::estimate {

// The records of the estimate as the nodes of the pairs' graph.
struct LinkageGraph {
  // Per node: the person of the stored linkage, as 0 .. persons - 1.
  std::vector<std::uint32_t> person;
  // Per node: a bit for each deduplicated source it comes from (a person holds at most one
  // record of each, as the linkage's rule); 0 for any other source.
  std::vector<std::uint64_t> deduplicated;
  struct Pair {
    std::uint32_t a = 0;  // node indices, a != b
    std::uint32_t b = 0;
    double probability = 0;  // match probability; 1 makes one group, 0 never joins
  };
  std::vector<Pair> pairs;
  // The weight (bits, log2 of the odds) given to two records of one person that have no
  // stored pair: the store keeps every pair scored at or above its lowest kept weight, so
  // an absent pair weighs less than that; the bound is used (docs/methods.md).
  double absent_weight = -7.0;
};

struct LinkageDrawOptions {
  int draws = 200;
  int sweeps = 10;  // Gibbs sweeps of each draw's chain from the stored linkage
  std::uint64_t seed = 1234;
  bool parallel = true;
  Status Validate() const;  // draws >= 1, sweeps >= 1
};

struct LinkageDraws {
  // Per draw, per node: the draw's person (labels need not be dense).
  std::vector<std::vector<std::uint32_t>> person_of;
  std::int64_t movable_groups = 0;  // groups of records that a draw can move
  std::int64_t movable_records = 0;
  std::int64_t stored_persons = 0;
  std::vector<std::int64_t> persons;  // per draw, the number of persons
  // From the pair probabilities: the sum of 1 - p over stored pairs within a stored
  // person, and the sum of p over stored pairs across two stored persons.
  double expected_false_links = 0;
  double expected_missed_links = 0;
  std::int64_t linked_pairs = 0;    // stored pairs within a person
  std::int64_t unlinked_pairs = 0;  // stored pairs across persons
};

// Errors: InvalidArgument for bad options, a pair naming a node out of range or a
// probability outside [0, 1].
Result<LinkageDraws> DrawLinkages(const LinkageGraph& graph, const LinkageDrawOptions& options);

// What the draws need from a linked store: the records of the estimate's lists as
// sightings (the stored linkage's persons), the scored pairs among them and the
// deduplicated sources of the stored linkage model.
struct StoredLinkage {
  std::vector<Sighting> sightings;  // node s is sightings[s]
  std::vector<std::string> lists;
  LinkageGraph graph;
  std::int64_t pairs_left_out = 0;  // stored pairs with a record outside the lists
};

// Errors: those of CaptureHistoriesFromStore, and InvalidData for a stored model that
// cannot be read.
Result<StoredLinkage> ReadStoredLinkage(store::Store& store, const Vocabulary& vocabulary,
                                        const LinkedHistoryOptions& options);

// The table over `lists` of the persons `person_of` gives the nodes, counting only the
// sightings registered in `years` (all when unset). Errors: InvalidData when no sighting
// is in the years; InvalidArgument when person_of has not one label per sighting.
Result<CaptureTable> TableOfLinkage(const StoredLinkage& linkage,
                                    const std::vector<std::uint32_t>& person_of,
                                    const std::optional<YearRange>& years);

// The point correction from the estimated false-link and missed-link rates: the table of
// the stored linkage with the expected effect of each error taken off (a missed link
// between two persons moves p of them from their own histories to the joint one; a false
// link that bridges a person splits 1 - p of it into its two sides), rounded to whole
// persons. For two lists the independence model's estimate on it is the corrected
// Lincoln-Petersen of Ding and Fienberg (1994) and Di Consiglio and Tuoto (2015) with
// the error rates taken from the pair probabilities. Errors: those of TableOfLinkage.
Result<CaptureTable> CorrectedTable(const StoredLinkage& linkage,
                                    const std::optional<YearRange>& years);

struct LinkageEstimate {
  MethodResult point;  // on the stored linkage
  int draws = 0;
  int draws_used = 0;       // draws with an estimate
  int draws_failed = 0;     // draws on which the method found none
  int distinct_tables = 0;  // the draws' tables that differ (each estimated once)
  // The point's own interval (model and sampling uncertainty on the stored linkage), and
  // the interval of the mixture of every draw's distribution (model, sampling and linkage).
  Interval without_linkage;
  Interval with_linkage;
  // 1 - (mean width of the draws' own intervals) / (width of the mixture), in [0, 1]: the
  // share of the combined interval's width that comes from not knowing which linkage is
  // the true one. Unset when an interval is unbounded.
  std::optional<double> linkage_share;
  // The share of the total variance of the log unseen count that lies between draws
  // (Rubin's rule, between-draw variance (1 + 1/D) B over the total). Unset when a
  // within-draw variance is unbounded.
  std::optional<double> linkage_variance_share;
  // The draws' own estimates: median and the (1 -+ level)/2 quantiles (linkage alone).
  double draws_median = 0;
  double draws_lower = 0;
  double draws_upper = 0;
  double observed_lower = 0;  // persons observed: lowest and highest over the draws
  double observed_upper = 0;
  std::vector<double> draw_estimates;  // per draw with an estimate, in draw order
  // The point correction (CorrectedTable) with the same method; `has_estimate` false with
  // its reason when there is none.
  MethodResult corrected;
  std::int64_t corrected_observed = 0;
  std::vector<std::string> warnings;
};

// Re-estimates with `options` on every draw's table (in parallel over the draws when
// options.parallel; each estimate itself serial) and combines: the point on the stored
// linkage, the mixture interval, the shares and the point correction. The method must not
// be latent-class (InvalidArgument: its sampler per draw takes minutes). `progress`, when
// set, is told the number of distinct tables estimated, one call at a time (from any
// thread). Errors:
// those of the method on the stored linkage's table; InvalidData when fewer than half the
// draws give an estimate.
Result<LinkageEstimate> EstimateOverLinkages(const StoredLinkage& linkage,
                                             const LinkageDraws& draws,
                                             const std::optional<YearRange>& years,
                                             const EstimateOptions& options,
                                             const std::function<void(int)>& progress = {});

// The interval of the mixture, with equal weights, of the distributions of `results`:
// each is taken as log(estimate - observed) normal with its median at the estimate and
// each side's spread set by that side's limit at `level` (a two-piece log-normal of the
// unseen count; an unbounded upper limit gives that side infinite spread). The limits are
// where the mixture's distribution function is (1 -+ level)/2, found by bisection; the
// upper is +infinity when the mixture never reaches it. With every result alike it gives
// their own interval. `results` must hold estimates (std::invalid_argument otherwise).
Interval MixtureInterval(const std::vector<MethodResult>& results, double level);

}  // namespace zicht::estimate
