// Ingest: reads source extracts, maps each row onto the canonical record, validates it,
// pseudonymises its identifiers and writes the records to the store.
//
// All or nothing by default: one invalid row in any of the files means nothing is
// written. With skip_invalid the valid rows are written and the rejected ones recorded in
// the store's ingest log. A file whose content was already loaded for the source is
// skipped; a different file for registration years the source already has needs replace.
//
// Thread safety: one ingest per store at a time (the store's write transaction enforces it).
#pragma once

#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/ingest/violation.hpp"
#include "zicht/privacy/encoder.hpp"
#include "zicht/privacy/key.hpp"
#include "zicht/store/store.hpp"

namespace zicht::ingest {

struct IngestOptions {
  std::string source;                            // the reporting organisation's name
  std::optional<std::filesystem::path> mapping;  // unset: the header uses canonical names
  bool dry_run = false;                          // validate and report, write nothing
  bool skip_invalid = false;                     // write the valid rows, log the rejected ones
  bool replace = false;  // swap out earlier files of the same source and years

  // Explains what is wrong, or Ok.
  Status Validate() const;
};

struct IngestProgress {
  std::string file;
  std::uint64_t bytes_read = 0;
  std::uint64_t bytes_total = 0;
  std::int64_t rows = 0;
};

struct FileOutcome {
  std::string file;
  bool already_loaded = false;  // same content for this source: nothing to do
  bool refused = false;         // unusable as a whole (structure, header, period): never written
  std::int64_t existing_ingest_id = 0;  // the earlier load, when already_loaded
  std::int64_t rows_read = 0;
  std::int64_t rows_written = 0;
  std::int64_t rows_rejected = 0;
  // Valid rows whose date of birth broke a rule and was dropped as not given (mapping
  // setting invalid_date_of_birth = "missing"); counted among rows_written.
  std::int64_t dates_of_birth_dropped = 0;
  int year_min = 0;
  int year_max = 0;
  std::vector<store::IngestLogEntry> replaced;  // earlier files swapped out
  std::int64_t ingest_id = 0;                   // the new log entry (0 when nothing was written)
};

struct IngestSummary {
  std::vector<FileOutcome> files;
  std::vector<Violation> violations;  // every rule broken, in file and row order
  bool written = false;               // whether the store changed
  bool dry_run = false;
  // What the user should know although nothing failed, e.g. that the store's key is the
  // demo's and not secret. Never a cell's content.
  std::vector<std::string> warnings;

  // One line per file and a total.
  std::string BriefReport() const;
};

using ProgressCallback = std::function<void(const IngestProgress&)>;

// Ingests `files` for one source; "-" (kStandardInputArgument, at most once) is standard
// input. Each file is read once, its content hash computed while it is parsed, so pipes and
// FIFOs work. Data errors do not make the Result fail: they come
// back as summary.violations with summary.written false (unless skip_invalid). The Result
// fails for what stops the ingest itself: an unreadable file, a bad mapping, a store
// error, a key that is not the store's, a store whose records were encoded otherwise
// (CheckEncodingMatchesStore).
Result<IngestSummary> Ingest(store::Store& store, const privacy::PseudonymKey& key,
                             const Vocabulary& vocabulary, const IngestOptions& options,
                             const std::vector<std::filesystem::path>& files,
                             const ProgressCallback& progress = {});

// Writes violations as CSV with columns file,row,column,rule, one line per violation, in a
// file of mode 0600 (readable by the owner only). A file already at `path` is replaced by
// a new one (renamed over it), never written into. Errors: IoError, and `path` unchanged.
Status WriteRejectFile(const std::filesystem::path& path, const std::vector<Violation>& violations);

// The hex SHA-256 of a file's bytes (HashedInput, read to the end).
Result<std::string> Sha256OfFile(const std::filesystem::path& path);

// Whether the store was made by `zicht demo` with its public key (kMetaKeyKind).
Result<bool> HasDemoKey(store::Store& store);
// The warning an ingest into such a store gives.
std::string DemoKeyWarning();

// Store meta keys written by `zicht init` and checked by ingest.
inline constexpr const char* kMetaKeyFingerprint = "key_fingerprint";
inline constexpr const char* kMetaBloomBits = "bloom_bits";
inline constexpr const char* kMetaBloomHashes = "bloom_hash_functions";
// "demo" for a store made by `zicht demo`, whose key is derived from a public seed and so
// not secret (privacy::PseudonymKey::ForDemo); absent for a store with a key of its own.
inline constexpr const char* kMetaKeyKind = "key_kind";
inline constexpr const char* kKeyKindDemo = "demo";
// The identifier encoding of the store's records: privacy::kEncodingVersion as text and the
// name-variant lexicon's privacy::NameVariants::Sha256().
inline constexpr const char* kMetaEncodingVersion = "encoding_version";
inline constexpr const char* kMetaNameVariantsSha256 = "name_variants_sha256";

// The Bloom-filter settings the store was created with.
Result<privacy::BloomOptions> StoredBloomOptions(store::Store& store);

// Checks that `key` is the key the store was created with.
Status CheckKeyMatchesStore(store::Store& store, const privacy::PseudonymKey& key);

// Writes this program's identifier encoding into the store's meta: privacy::kEncodingVersion
// and the Sha256() of the built-in name-variant lexicon, the one Ingest encodes with.
Status RecordEncoding(store::Store& store);

// Checks that the store's records were encoded as this program encodes them, before any
// record is added: the same kMetaEncodingVersion and kMetaNameVariantsSha256. A store that
// records no encoding and holds no records is given this program's (RecordEncoding; inside
// the caller's transaction, if one is open). Errors: FailedPrecondition when the store
// records another encoding, or none while it holds records (a store filled by a zicht from
// before encodings were recorded), with both encodings named and how to build a new store;
// a store's own errors.
Status CheckEncodingMatchesStore(store::Store& store);

}  // namespace zicht::ingest
