// Everything the report shows, gathered from a linked store before any page is drawn: the
// protected monitor tables, the estimated total per year, the spread of the estimate
// across methods, the overlap of sources and the linkage's diagnostics. Every count in
// here has been through disclosure control.
//
// Thread safety: uses the store from one thread.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/estimate/lists_config.hpp"
#include "zicht/estimate/population.hpp"
#include "zicht/monitor/monitor.hpp"
#include "zicht/store/store.hpp"

namespace zicht::report {

// The estimate of one year (or of the last year, per method).
struct YearEstimate {
  std::string label;  // "2019", or the method's name
  std::int64_t observed = 0;
  std::string observed_hidden;  // "" when `observed` may be shown, else its mark ("<10", "x")
  bool has_estimate = false;
  double estimate = 0;
  double lower = 0;
  double upper = 0;    // +infinity when unbounded
  std::string method;  // the estimate's id of it ("stepwise", "average (AIC)", ...)
  std::string model;   // the estimator's own description, in English
  // The model in parts, which the page words in its language (estimate::MethodResult).
  std::vector<std::vector<std::string>> generating_terms;
  int models_averaged = 0;
  double top_weight = 0;
  std::string reason;  // why there is none
  std::vector<std::string> warnings;
  // With the linkage's uncertainty (estimate::EstimateOverLinkages): the interval of the
  // mixture over the linkage draws and the share of its width that is the linkage's.
  bool has_linkage = false;
  int linkage_draws = 0;
  double linkage_lower = 0;
  double linkage_upper = 0;  // +infinity when unbounded
  std::optional<double> linkage_share;
};

// Persons seen by exactly one combination of kinds of source, over all the years.
struct SourceCombination {
  std::vector<std::string> kinds;
  std::int64_t count = 0;
  bool suppressed = false;
  std::string hidden;  // its mark when suppressed: "<10" or "x"
};

// Persons who hold `from` to `to` records (to == 0: `from` or more).
struct ClusterSizeBin {
  int from = 1;
  int to = 0;
  std::int64_t persons = 0;
};

struct LinkDiagnostics {
  bool linked = false;
  double threshold = 0;         // match probability
  double threshold_weight = 0;  // the same in bits
  struct Bin {
    double start = 0;
    double end = 0;
    std::int64_t count = 0;
    bool suppressed = false;
  };
  std::vector<Bin> weights;  // scored pairs by match weight
  struct Level {
    std::string comparison;
    std::string level;
    double m = 0;
    double u = 0;
  };
  std::vector<Level> levels;
  std::int64_t records = 0;
  std::int64_t persons = 0;
  // Persons by their number of records, protected as ProtectedClusterSizes says.
  std::vector<ClusterSizeBin> cluster_sizes;
  // The waterfalls of the scored pairs nearest the threshold, two above and two below
  // where there are: levels and weights only, each comparison's term-frequency
  // adjustment folded into its weight so that no bar tells how common a name is.
  struct WaterfallPair {
    double probability = 0;
    double prior_weight = 0;
    struct Step {
      std::string comparison;
      std::string level;
      double weight = 0;
    };
    std::vector<Step> steps;
    double total = 0;
  };
  std::vector<WaterfallPair> waterfalls;
  // The clerical review's precision and recall of the linkage's own decisions (zicht
  // review), where the store holds reviewed pairs; each unset where not estimated.
  struct Share {
    double estimate = 0;
    double lower = 0;  // 95% interval
    double upper = 0;
  };
  struct Review {
    std::int64_t pairs = 0;  // reviewed pairs of the estimation sample
    std::optional<Share> precision;
    std::optional<Share> recall;
  };
  std::optional<Review> review;
};

// Persons by their number of records, with no small count among them and none to be
// worked out with the published totals of records and persons: sizes one by one from 1,
// then one open bin "m or more" that takes the largest sizes until it holds at least
// `threshold` persons. A single size below it with 1 to threshold - 1 persons moves into
// the open bin, and so does the size below it while the open bin's records beyond m each
// (its records minus m times its persons, which the totals give away) number 1 to
// threshold - 1, as that would bound its persons with more than m records by a small
// count. `records_per_person` holds one entry per person. Empty when even one open bin
// from 2 records up cannot be formed (every person then counts alike).
std::vector<ClusterSizeBin> ProtectedClusterSizes(
    const std::vector<std::int64_t>& records_per_person, std::int64_t threshold);

struct ReportOptions {
  monitor::MonitorOptions monitor;
  std::optional<estimate::ListsConfig> lists;  // unset: one list per kind of source
  std::string lists_origin;
  bool estimates = true;
  // Plausible linkages drawn from the scored pairs for each year's estimate (0: none), and
  // their seed; as `zicht estimate --db`.
  int linkage_draws = 200;
  std::uint64_t seed = 1234;
  // Called with a short phrase before each step; may be empty.
  std::function<void(std::string_view)> progress;
};

struct ReportData {
  monitor::MonitorResult monitor;
  std::vector<YearEstimate> estimates;                 // per year
  std::vector<YearEstimate> sensitivity;               // per method, over the last year
  std::vector<std::string> lists;                      // the lists of the estimate
  std::vector<std::vector<std::string>> list_sources;  // per list, the kinds of source in it
  std::vector<std::string> estimate_notes;
  std::vector<std::string> source_kinds;  // in vocabulary order, those with records
  std::vector<SourceCombination> overlap;
  std::int64_t overlap_total = 0;
  bool overlap_total_suppressed = false;
  std::string overlap_total_hidden;
  LinkDiagnostics linkage;
};

// Errors: those of RunMonitor and the store. A year without an estimate is not an error:
// it carries its reason.
Result<ReportData> GatherReportData(store::Store& store, const Vocabulary& vocabulary,
                                    const ReportOptions& options);

}  // namespace zicht::report
