// The store: pseudonymised records, the ingest log and the schema's version. SQLite is
// the embedded default (one file, WAL); a PostgreSQL implementation serves multi-user
// deployments behind the same interface.
//
// Nothing in clear that identifies a person ever reaches the store: records carry their
// identifiers only as keyed hashes and Bloom filters (see zicht/core/record.hpp).
//
// Thread safety: a Store is used from one thread at a time.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/record.hpp"
#include "zicht/core/status.hpp"

namespace zicht::store {

// The schema version this program writes and reads.
inline constexpr int kSchemaVersion = 4;

struct IngestLogEntry {
  std::int64_t ingest_id = 0;
  std::string source;
  std::string file_name;       // base name of the file, as given
  std::string content_sha256;  // hex digest of the file's bytes
  std::string mapping_sha256;  // hex digest of the mapping file, "" without one
  std::int64_t rows_read = 0;  // data rows (header excluded)
  std::int64_t rows_written = 0;
  std::int64_t rows_rejected = 0;
  int year_min = 0;  // registration years the file covers
  int year_max = 0;
  std::string status;     // "loaded", "replaced" (superseded by a later file)
  std::string loaded_at;  // ISO 8601 UTC
};

struct Reject {
  std::int64_t row = 0;  // 1-based record number in the file (header = 1)
  std::string column;    // the source's column header, or "" for the whole row
  std::string rule;      // the rule broken, without the value
};

struct SourceYearCount {
  std::string source;
  std::string kind;
  int year = 0;
  std::int64_t records = 0;
};

// A record as written during an ingest, with the row it came from.
struct StagedRecord {
  std::int64_t row = 0;
  const Record* record = nullptr;
};

// A duplicate found when staged rows are checked against what the store already holds.
struct DuplicateRow {
  std::int64_t row = 0;
  std::string existing_file;  // the file that loaded the earlier record
};

// A candidate pair as linkage scored it (record_a < record_b, both store record ids).
struct ScoredPair {
  std::int64_t record_a = 0;
  std::int64_t record_b = 0;
  double weight = 0;       // match weight in bits
  double probability = 0;  // match probability
};

// The person a record was linked into.
struct PersonAssignment {
  std::int64_t record_id = 0;
  std::int64_t person_id = 0;
};

// A reviewer's decision on a pair of records (clerical review, zicht/link/review.hpp). Keyed
// by the two records' sources and their sources' own ids, ordered so that (source_a,
// record_a) < (source_b, record_b): store record ids change on re-ingest, these do not, so
// a label survives re-ingest and relinking.
struct ReviewLabel {
  std::string source_a;
  std::string record_a;  // source_record_id
  std::string source_b;
  std::string record_b;
  std::string decision;  // "match", "non-match" or "unsure"
  // The sampling design of the export the pair came from: its sample id, the pair's stratum
  // and the number of pairs in that stratum, and the pair's inclusion probability.
  std::string sample;
  std::string stratum;
  std::int64_t stratum_pairs = 0;
  double inclusion_probability = 0;
  // The linkage's own decision on the pair (the same person or not) without the labels: set
  // by every linkage that applies the labels, and on import from the linkage then in force.
  // Unset when neither saw both records.
  std::optional<bool> model_linked;
  std::int64_t import_id = 0;  // the import that wrote the decision
  std::string labelled_at;     // ISO 8601 UTC, when the decision was written
};

// One file of review decisions as imported.
struct ReviewImport {
  std::int64_t import_id = 0;
  std::string file_name;  // base name, as given
  std::string content_sha256;
  std::int64_t rows = 0;            // data rows of the file
  std::int64_t labels_written = 0;  // new or changed decisions
  std::string imported_at;          // ISO 8601 UTC
};

class Store {
 public:
  virtual ~Store() = default;

  // --- meta ----------------------------------------------------------------------------
  virtual Result<std::optional<std::string>> GetMeta(const std::string& key) = 0;
  virtual Status SetMeta(const std::string& key, const std::string& value) = 0;
  virtual Result<int> SchemaVersion() = 0;

  // --- transactions --------------------------------------------------------------------
  // One write transaction at a time. Everything between Begin and Commit is atomic:
  // a crash or Rollback leaves the store as it was before Begin.
  virtual Status Begin() = 0;
  virtual Status Commit() = 0;
  virtual Status Rollback() = 0;

  // --- ingest --------------------------------------------------------------------------
  virtual Result<std::optional<IngestLogEntry>> FindLoadedIngest(const std::string& source,
                                                                 const std::string& sha256) = 0;
  // Loaded ingests of `source` whose registration years overlap [year_min, year_max].
  virtual Result<std::vector<IngestLogEntry>> OverlappingIngests(const std::string& source,
                                                                 int year_min, int year_max) = 0;
  virtual Status UpsertSource(const std::string& source, const std::string& kind) = 0;
  // Starts a staging area for one file's records (inside the open transaction).
  virtual Status BeginStaging() = 0;
  // Errors: AlreadyExists when a staged row has the same source_record_id already (the
  // check that keeps an ingest's memory constant in the file's size).
  virtual Status StageRecord(std::int64_t row, const Record& record) = 0;
  // Staged rows whose (source, source_record_id) the store already holds.
  virtual Result<std::vector<DuplicateRow>> FindStagedDuplicates(const std::string& source) = 0;
  // Removes staged rows (rejected after staging, e.g. duplicates of stored records).
  virtual Status DropStagedRows(const std::vector<std::int64_t>& rows) = 0;
  // Marks an ingest replaced and deletes its records.
  virtual Status RetireIngest(std::int64_t ingest_id) = 0;
  // Writes the log entry and moves the staged records under it; returns the new id.
  virtual Result<std::int64_t> CommitStaged(IngestLogEntry entry,
                                            const std::vector<Reject>& rejects) = 0;

  // --- reading -------------------------------------------------------------------------
  virtual Result<std::vector<IngestLogEntry>> IngestLog() = 0;
  virtual Result<std::vector<Reject>> RejectsOf(std::int64_t ingest_id) = 0;
  virtual Result<std::vector<SourceYearCount>> RecordCounts() = 0;
  // Calls `visit` for every record (identifier encodings included), ordered by source and
  // source_record_id. Stops early and returns the visitor's Status if it is not ok.
  virtual Status ForEachRecord(const std::function<Status(const Record&)>& visit) = 0;
  // One record by its source and the source's own id; nullopt when there is none.
  virtual Result<std::optional<Record>> FindRecord(const std::string& source,
                                                   const std::string& source_record_id) = 0;
  virtual Result<std::int64_t> RecordCount() = 0;

  // --- linkage -------------------------------------------------------------------------
  // Replaces the linkage (inside the open transaction): every record's person id, and the
  // scored pairs, which replace the earlier ones.
  virtual Status ReplaceLinkage(const std::vector<PersonAssignment>& persons,
                                const std::vector<ScoredPair>& pairs) = 0;
  // The scored pairs of the last linkage, ordered by record_a, record_b.
  virtual Result<std::vector<ScoredPair>> ScoredPairs() = 0;

  // --- clerical review -----------------------------------------------------------------
  // The import of a file with this content, if one was imported.
  virtual Result<std::optional<ReviewImport>> FindReviewImport(const std::string& sha256) = 0;
  // Logs the import and writes its labels (inside the open transaction). A label for a pair
  // already labelled replaces it only when its decision or sampling design differ (a
  // replaced label keeps the model decision it had, when it had one); an identical label is
  // not written again. Returns the import with its id and labels_written set.
  virtual Result<ReviewImport> WriteReviewLabels(ReviewImport import,
                                                 const std::vector<ReviewLabel>& labels) = 0;
  // Every label, ordered by its key.
  virtual Result<std::vector<ReviewLabel>> ReviewLabels() = 0;
  // The review imports, oldest first.
  virtual Result<std::vector<ReviewImport>> ReviewImports() = 0;
  // Sets model_linked of the labels with these keys (inside the open transaction); keys
  // without a label are ignored.
  virtual Status SetReviewModelDecisions(const std::vector<ReviewLabel>& labels) = 0;
};

// The SQLite application id of a zicht store ("ZCHT" in ASCII), in the file's header: a
// file without it is not opened as a store (see OpenSqliteStore).
inline constexpr std::int32_t kSqliteApplicationId = 0x5A434854;

// How long a writer waits for another writer of the same store by default.
inline constexpr std::chrono::seconds kDefaultWriterWait{60};

struct OpenOptions {
  // A writer (ingest, link) has the store's pages checked (SQLite's quick_check) before
  // anything is written, and a damaged store is refused (kDamaged). A reader is checked only
  // when opening would write (an upgrade of its schema).
  bool for_writing = false;
  // How long to wait for another program that holds the store's write lock; then kBusy.
  std::chrono::milliseconds wait = kDefaultWriterWait;
  // Told once each time the store is found locked, with a line to show the user.
  std::function<void(const std::string&)> on_wait;
};

// Creates a new SQLite store at `path` (WAL mode, current schema, zicht's application id).
// Errors: AlreadyExists if the file exists, IoError. On failure it removes only what it
// created.
Result<std::unique_ptr<Store>> CreateSqliteStore(const std::filesystem::path& path,
                                                 const OpenOptions& options = {});

// Opens an existing SQLite store and applies any pending migrations. Before anything is
// written it checks that the file is a zicht store: zicht's application id and schema (a
// store from before the application id, with zicht's tables only, is accepted and given
// the id). Errors: NotFound (with advice to run `zicht init`), NotAStore (an empty file,
// not SQLite, another program's database), Damaged (corrupted pages; for writers, see
// OpenOptions), Busy (another writer did not finish within options.wait),
// FailedPrecondition (written by a newer zicht), IoError.
Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const OpenOptions& options = {});

}  // namespace zicht::store
