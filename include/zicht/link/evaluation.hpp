// Linkage against known truth: pairwise precision, recall and F1 over record pairs, the
// cluster-level measures (B-cubed, share of true persons reproduced exactly) and the
// person count against the true one. The truth is a CSV with the columns `source`,
// `source_record_id` and `entity_id` (extra columns ignored), so the simulator's
// truth.csv serves as it is.
//
// Thread safety: plain values and pure functions.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>
#include <unordered_map>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::link {

// A record's key in the truth and in the linkage: its source and the source's own id.
struct RecordKey {
  std::string source;
  std::string source_record_id;
  bool operator==(const RecordKey&) const = default;
};

struct RecordKeyHash {
  std::size_t operator()(const RecordKey& key) const;
};

// record -> true entity id, as read from a truth file.
using TruthMap = std::unordered_map<RecordKey, std::string, RecordKeyHash>;

// Reads a truth CSV (RFC 4180, comma-separated, header row naming the three columns in
// any order; extra columns ignored). Quoted values with doubled quotes, LF or CRLF line
// ends and a UTF-8 byte-order mark are accepted; a line break inside a quoted value is
// not (row numbers are line numbers). Blank lines at the end are ignored.
//
// Errors, each message "file:row: column name: rule" (header = row 1) and never quoting
// a cell's value:
//  - NotFound: no such file. InvalidArgument: the path is a directory. IoError: it cannot
//    be opened or read.
//  - InvalidData: an empty file; a required column missing from (or named twice in) the
//    header; a malformed quoted value; a row whose field count differs from the header's;
//    an empty or all-blank source, source_record_id or entity_id; a record (source and
//    source_record_id) listed twice, naming the row where it was first listed.
Result<TruthMap> ReadTruth(const std::filesystem::path& path);

struct PairwiseMeasures {
  std::int64_t true_positives = 0;   // pairs linked that are the same entity
  std::int64_t predicted_pairs = 0;  // pairs linked (same cluster)
  std::int64_t true_pairs = 0;       // pairs of the same entity
  double precision = 0;              // 1 when nothing was linked
  double recall = 0;                 // 1 when there are no true pairs
  double f1 = 0;                     // harmonic mean; 0 when both are 0
};

struct ClusterMeasures {
  double bcubed_precision = 0;  // mean over records of |cluster and entity| / |cluster|
  double bcubed_recall = 0;     // mean over records of |cluster and entity| / |entity|
  double bcubed_f1 = 0;
  double exact_share = 0;     // share of true entities whose records form one cluster, alone
  std::int64_t clusters = 0;  // persons found (among the evaluated records)
  std::int64_t entities = 0;  // true persons (among the evaluated records)
};

struct Evaluation {
  std::int64_t records = 0;               // records present in both the linkage and the truth
  std::int64_t records_not_in_truth = 0;  // linked records the truth does not list
  PairwiseMeasures pairwise;
  ClusterMeasures clusters;
};

// A linked record: its key and the cluster (person) it was put in.
struct LinkedRecord {
  RecordKey key;
  std::int64_t cluster = 0;
};

// Scores a clustering against the truth, over the records present in both. Pair counts
// come from the contingency table of cluster by entity (sum of n choose 2), so the cost is
// linear in the number of records, not quadratic.
//
// Linked records the truth does not list are counted in `records_not_in_truth` and
// otherwise ignored; truth records absent from the linkage are ignored. A record listed
// more than once in `linked` counts once, in the first cluster given. Cluster ids are
// arbitrary labels. A precision, recall or share whose denominator is empty is 1
// (nothing claimed, nothing wrong), so with no evaluated records every measure is 1:
// check `records`.
Evaluation Evaluate(const std::vector<LinkedRecord>& linked, const TruthMap& truth);

}  // namespace zicht::link
