// Clerical review of the linkage: a sample of scored pairs out to reviewers as a CSV of
// record ids, levels and weights (no identifier: reviewers look the records up in their own
// systems by id), their decisions back into the store as labels, and the labels put to use.
// A label is keyed by the two records' sources and their own ids, so it survives relinking
// and re-ingest. On every linkage the labels fix their pairs' decisions (a match is joined
// first, a non-match is never put into one person), feed m and the prior where there are
// enough of them, and give precision and recall with intervals (review_sample.hpp). See
// docs/linkage.md, "Clerical review".
//
// Thread safety: one call per store at a time; the in-memory functions are pure.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/link/clustering.hpp"
#include "zicht/link/comparison.hpp"
#include "zicht/link/fellegi_sunter.hpp"
#include "zicht/link/link_records.hpp"
#include "zicht/link/review_sample.hpp"
#include "zicht/store/store.hpp"

namespace zicht::link {

inline constexpr std::int64_t kDefaultReviewCount = 100;
inline constexpr std::uint64_t kDefaultReviewSeed = 20260101;
// The rule of the model's session that review labels estimated (FsModel::sessions).
inline constexpr std::string_view kReviewSession = "review labels";
// Labelled matches with a comparison present below which its m stays as EM fitted it, and
// labelled matches below which the prior does (the rule of EstimateMFromLabels).
inline constexpr std::int64_t kMinReviewMatches = 20;

// The decisions a reviewer writes in the `decision` column.
inline constexpr std::string_view kMatch = "match";
inline constexpr std::string_view kNonMatch = "non-match";
inline constexpr std::string_view kUnsure = "unsure";

// --- export ------------------------------------------------------------------------------

struct ReviewExportOptions {
  std::int64_t count = kDefaultReviewCount;
  std::uint64_t seed = kDefaultReviewSeed;
};

struct ReviewStratumCount {
  std::string stratum;
  std::int64_t sampled = 0;
  std::int64_t pairs = 0;
};

struct ReviewExportResult {
  std::int64_t scored_pairs = 0;  // the pairs the sample was drawn from
  std::int64_t exported = 0;
  std::string sample;  // the sample's id: the same store, count and seed give the same id
  std::vector<ReviewStratumCount> strata;
};

// Draws the sample (review_sample.hpp) from the store's scored pairs and writes it to `path`
// as CSV (written whole, mode 0600, then renamed into place): pair_id, sample, source_a,
// record_id_a, source_b, record_id_b, probability, weight, above_threshold and same_person (yes/no:
// the pair's score and the person clustering made of it), stratum, stratum_pairs,
// inclusion_probability, then per comparison <name>_level and <name>_weight (log2(m/u)
// with the term-frequency adjustment, in bits; the prior is in the weight), and an empty
// `decision` column for match / non-match / unsure. Errors: NotFound (the store was not
// linked), InvalidArgument (count < 1), IoError, the store's.
Result<ReviewExportResult> ExportReviewSample(store::Store& store,
                                              const std::filesystem::path& path,
                                              const ReviewExportOptions& options = {});

// --- import ------------------------------------------------------------------------------

struct ReviewImportResult {
  bool already_imported = false;  // a file with the same bytes was imported: nothing written
  store::ReviewImport import;     // as logged (or as found, when already imported)
  std::int64_t matches = 0;
  std::int64_t non_matches = 0;
  std::int64_t unsure = 0;
  std::int64_t undecided = 0;  // rows with an empty decision: not stored
};

// Reads decisions from a CSV as written by ExportReviewSample (columns found by their
// header; sample, source_a, record_id_a, source_b, record_id_b, stratum, stratum_pairs,
// inclusion_probability and decision are needed, others ignored) and stores them, all or
// nothing. `content_sha256` is the file's digest (the import log recognises a re-import by
// it). A later decision for a pair replaces the earlier one; the same decision is not
// written again. Errors, each line "file:row:column: rule" without a cell's value, up to 20
// lines and then a count: InvalidData (malformed CSV, a missing column, a field count that
// differs from the header's, an empty id, a decision other than match / non-match / unsure
// or empty, a stratum size that is not a whole number above 0 or differs between rows of
// one stratum, an inclusion probability outside (0, 1], one record twice, a pair listed
// twice), NotFound (a record that is not in the store: an unknown pair), NotFound and
// IoError for the file, the store's.
Result<ReviewImportResult> ImportReviewDecisions(store::Store& store,
                                                 const std::filesystem::path& path,
                                                 const std::string& content_sha256);

// --- what the labels say -----------------------------------------------------------------

struct ReviewSummary {
  std::int64_t labels = 0;
  std::int64_t matches = 0;
  std::int64_t non_matches = 0;
  std::int64_t unsure = 0;
  // The sample the estimate uses: the one of the latest import, whose design weights
  // are known; labels of other samples still fix decisions but are left out of it.
  std::string sample;
  std::int64_t sample_labels = 0;
  std::int64_t other_sample_labels = 0;
  // Match or non-match labels of the sample without the linkage's own decision (their
  // records were not both in the store when it was last linked or the labels imported).
  std::int64_t without_decision = 0;
  ReviewEstimate estimate;
};

// From the labels alone: the estimate takes each reviewed pair of the estimation sample
// with the linkage's own decision (model_linked) as the decision to judge.
ReviewSummary SummariseReview(const std::vector<store::ReviewLabel>& labels);
Result<ReviewSummary> SummariseStoreReview(store::Store& store);

// --- use in the linkage ------------------------------------------------------------------

// The labels matched to the records of one linkage.
struct IndexedReview {
  std::vector<store::ReviewLabel> labels;
  // Per label: its records' indices when both are among the records, else unset.
  std::vector<std::optional<std::pair<std::uint32_t, std::uint32_t>>> index;
  // Per label: its design weight N_h / r_h in the estimation sample when it is a match or
  // non-match of that sample with both records present, else 0.
  std::vector<double> design_weight;
};

IndexedReview IndexReviewLabels(const LinkRecords& records, std::vector<store::ReviewLabel> labels);

// m and the prior from the labelled matches, weighted back by their design weights: a
// comparison with at least kMinReviewMatches labelled matches where it is not missing takes
// m of each level as its weighted share among them (half a pair added to every level, no m
// below 0.001), the others keep EM's m; with at least kMinReviewMatches labelled matches the
// expected matches are the sample's estimate of the matches among the scored pairs and the
// prior follows from them. Comparisons that weigh nothing (no data, one value) are left
// alone. Recorded as a session of kReviewSession. u stays as it was.
void EstimateMFromReview(const Comparator& comparator, const IndexedReview& review, FsModel& model);

// Adds the labels as must-links (match) and cannot-links (non-match) to the clustering's
// options; unsure labels and labels of absent records add nothing.
void AddReviewConstraints(const IndexedReview& review, ClusterOptions& options);

struct ReviewOutcome {
  std::int64_t labels = 0;
  std::int64_t applied = 0;  // labels with both records present
  std::int64_t must_links = 0;
  std::int64_t cannot_links = 0;
  std::int64_t must_links_refused = 0;  // would have joined a cannot-link pair
  // The labels with model_linked from the linkage without them (the clustering the model
  // makes on its own), for the store.
  std::vector<store::ReviewLabel> decided;
  ReviewSummary summary;
};

// `own`: the clustering without the labels; `constrained`: with them.
ReviewOutcome FinishReview(const IndexedReview& review, const Clustering& own,
                           const Clustering& constrained);

// ClusterRecords twice: as the model clusters on its own (whose decisions the estimate
// judges), then with the labels' constraints (the linkage kept). Sets `outcome`.
Clustering ClusterWithReview(std::size_t records, std::vector<Edge> edges,
                             const std::vector<std::uint64_t>& personal_id, ClusterOptions options,
                             const IndexedReview& review, ReviewOutcome& outcome);

}  // namespace zicht::link
