// The embedded store: one SQLite file in WAL mode.
#include <fcntl.h>
#include <fmt/format.h>
#include <fmt/ranges.h>
#include <sqlite3.h>
#include <unistd.h>

#include <algorithm>
#include <bit>
#include <cerrno>
#include <cstring>
#include <ctime>
#include <nlohmann/json.hpp>
#include <system_error>
#include <thread>

#include "store/sqlite/schema.hpp"
#include "store/sqlite/statement.hpp"
#include "zicht/store/store.hpp"

namespace zicht::store {

namespace {

using sqlite::Exec;
using sqlite::Statement;

std::string NowIsoUtc() {
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char buffer[32];
  std::strftime(buffer, sizeof buffer, "%Y-%m-%dT%H:%M:%SZ", &utc);
  return buffer;
}

std::vector<std::uint8_t> Concatenate(const std::vector<Digest>& digests) {
  std::vector<std::uint8_t> bytes;
  bytes.reserve(digests.size() * sizeof(Digest));
  for (const Digest& digest : digests) bytes.insert(bytes.end(), digest.begin(), digest.end());
  return bytes;
}

std::vector<Digest> Split(const std::vector<std::uint8_t>& bytes) {
  std::vector<Digest> digests(bytes.size() / sizeof(Digest));
  for (size_t i = 0; i < digests.size(); ++i) {
    std::memcpy(digests[i].data(), bytes.data() + i * sizeof(Digest), sizeof(Digest));
  }
  return digests;
}

std::optional<Digest> ToDigest(const std::vector<std::uint8_t>& bytes) {
  if (bytes.size() != sizeof(Digest)) return std::nullopt;
  Digest digest;
  std::memcpy(digest.data(), bytes.data(), sizeof(Digest));
  return digest;
}

// Bloom filters are stored as little-endian 64-bit words (this program runs on
// little-endian machines only; the static_assert keeps it honest).
static_assert(std::endian::native == std::endian::little);

BloomBits ToBloom(const std::vector<std::uint8_t>& bytes) {
  BloomBits bits(bytes.size() / sizeof(std::uint64_t));
  if (bits.empty()) return bits;  // memcpy must not see the null data() of an empty vector
  std::memcpy(bits.data(), bytes.data(), bits.size() * sizeof(std::uint64_t));
  return bits;
}

void BindDigest(Statement& statement, int index, const std::optional<Digest>& digest) {
  if (digest) {
    statement.BindBlob(index, digest->data(), digest->size());
  } else {
    statement.BindNull(index);
  }
}

constexpr int kRecordColumnCount = 29;

// Binds the kRecordColumnCount columns of kRecordColumnNames starting at parameter `first`.
void BindRecord(Statement& s, int first, const Record& r) {
  int i = first;
  s.Bind(i++, r.source);
  s.Bind(i++, r.source_record_id);
  s.Bind(i++, r.registration_date.ToIso());
  s.Bind(i++, static_cast<std::int64_t>(r.registration_date.year));
  s.Bind(i++, r.birth_year);
  s.Bind(i++, r.age);
  s.Bind(i++, r.minor);
  s.Bind(i++, r.gender);
  s.Bind(i++, r.nationality);
  s.Bind(i++, nlohmann::json(r.exploitation_forms).dump());
  s.Bind(i++, r.sector);
  s.Bind(i++, r.domestic);
  s.Bind(i++, r.unaccompanied_minor);
  s.Bind(i++, r.municipality);
  s.Bind(i++, r.region);
  const IdentifierEncodings& e = r.identifiers;
  const auto given = Concatenate(e.given_name_tokens);
  const auto family = Concatenate(e.family_name_tokens);
  s.BindBlob(i++, given.data(), given.size());
  s.BindBlob(i++, family.data(), family.size());
  BindDigest(s, i++, e.full_name);
  BindDigest(s, i++, e.date_of_birth);
  BindDigest(s, i++, e.date_of_birth_swapped);
  BindDigest(s, i++, e.personal_id);
  BindDigest(s, i++, e.phone);
  BindDigest(s, i++, e.email);
  s.BindBlob(i++, e.given_name_bloom.data(), e.given_name_bloom.size() * sizeof(std::uint64_t));
  s.BindBlob(i++, e.family_name_bloom.data(), e.family_name_bloom.size() * sizeof(std::uint64_t));
  BindDigest(s, i++, e.dob_month_day);
  BindDigest(s, i++, e.dob_year_month);
  BindDigest(s, i++, e.dob_year_day);
  const auto variants = Concatenate(e.given_name_variants);
  s.BindBlob(i++, variants.data(), variants.size());
}

std::optional<int> OptionalInt(const Statement& s, int column) {
  if (s.IsNull(column)) return std::nullopt;
  return static_cast<int>(s.Int(column));
}

// Reads record_id, person_id and then the kRecordColumnNames columns.
Record ReadRecord(const Statement& s) {
  Record r;
  int i = 0;
  r.record_id = s.Int(i++);
  r.person_id = s.Int(i++);
  r.source = s.Text(i++);
  r.source_record_id = s.Text(i++);
  auto date = ParseDate(s.Text(i++));
  r.registration_date = date.ok() ? *date : Date{};
  ++i;  // registration_year repeats the date's year
  r.birth_year = OptionalInt(s, i++);
  r.age = OptionalInt(s, i++);
  if (auto minor = OptionalInt(s, i++)) r.minor = *minor != 0;
  r.gender = s.Text(i++);
  r.nationality = s.Text(i++);
  r.exploitation_forms = nlohmann::json::parse(s.Text(i++)).get<std::vector<std::string>>();
  r.sector = s.Text(i++);
  r.domestic = s.Text(i++);
  if (auto amv = OptionalInt(s, i++)) r.unaccompanied_minor = *amv != 0;
  r.municipality = s.Text(i++);
  r.region = s.Text(i++);
  IdentifierEncodings& e = r.identifiers;
  e.given_name_tokens = Split(s.Blob(i++));
  e.family_name_tokens = Split(s.Blob(i++));
  e.full_name = ToDigest(s.Blob(i++));
  e.date_of_birth = ToDigest(s.Blob(i++));
  e.date_of_birth_swapped = ToDigest(s.Blob(i++));
  e.personal_id = ToDigest(s.Blob(i++));
  e.phone = ToDigest(s.Blob(i++));
  e.email = ToDigest(s.Blob(i++));
  e.given_name_bloom = ToBloom(s.Blob(i++));
  e.family_name_bloom = ToBloom(s.Blob(i++));
  e.dob_month_day = ToDigest(s.Blob(i++));
  e.dob_year_month = ToDigest(s.Blob(i++));
  e.dob_year_day = ToDigest(s.Blob(i++));
  e.given_name_variants = Split(s.Blob(i++));
  return r;
}

constexpr const char* kIngestColumns =
    "ingest_id, source, file_name, content_sha256, mapping_sha256, rows_read, rows_written, "
    "rows_rejected, year_min, year_max, status, loaded_at";

IngestLogEntry ReadIngest(const Statement& s) {
  IngestLogEntry e;
  e.ingest_id = s.Int(0);
  e.source = s.Text(1);
  e.file_name = s.Text(2);
  e.content_sha256 = s.Text(3);
  e.mapping_sha256 = s.Text(4);
  e.rows_read = s.Int(5);
  e.rows_written = s.Int(6);
  e.rows_rejected = s.Int(7);
  e.year_min = static_cast<int>(s.Int(8));
  e.year_max = static_cast<int>(s.Int(9));
  e.status = s.Text(10);
  e.loaded_at = s.Text(11);
  return e;
}

constexpr const char* kReviewImportColumns =
    "import_id, file_name, content_sha256, rows, labels_written, imported_at";

ReviewImport ReadReviewImport(const Statement& s) {
  ReviewImport i;
  i.import_id = s.Int(0);
  i.file_name = s.Text(1);
  i.content_sha256 = s.Text(2);
  i.rows = s.Int(3);
  i.labels_written = s.Int(4);
  i.imported_at = s.Text(5);
  return i;
}

template <typename T, typename Read>
Result<std::vector<T>> Collect(Statement& statement, Read read) {
  std::vector<T> rows;
  while (true) {
    auto step = statement.Step();
    if (!step.ok()) return step.status();
    if (!*step) break;
    rows.push_back(read(statement));
  }
  return rows;
}

// The wait for another writer in whole or decimal seconds, for messages.
std::string Seconds(std::chrono::milliseconds wait) {
  return fmt::format("{:g} s", static_cast<double>(wait.count()) / 1000.0);
}

class SqliteStore final : public Store {
 public:
  SqliteStore(sqlite3* db, std::filesystem::path path, OpenOptions options)
      : db_(db), path_(std::move(path)), options_(std::move(options)) {
    // Our own busy handler rather than sqlite3_busy_timeout, to tell the user once that we
    // wait, and for how long.
    sqlite3_busy_handler(db_, &SqliteStore::OnBusy, this);
  }
  ~SqliteStore() override {
    stage_insert_ = Statement{};
    sqlite3_close_v2(db_);
  }

  // Is the file a zicht store? Only reads: nothing is written to a file that is not one.
  Status CheckIdentity() {
    std::error_code error;
    if (std::filesystem::file_size(path_, error) == 0 && !error) {
      return Status::NotAStore(fmt::format(
          "{}: an empty file, not a zicht store; nothing was written to it (`zicht init` "
          "creates a store where no file is)",
          path_.string()));
    }
    Statement id(db_, "PRAGMA application_id");
    auto step = id.Step();
    if (!step.ok()) return Explain(step.status());
    const std::int64_t application_id = *step ? id.Int(0) : 0;
    if (application_id != 0 && application_id != kSqliteApplicationId) {
      return Status::NotAStore(
          fmt::format("{}: not a zicht store but another program's SQLite database (application id "
                      "{:#010x}); nothing was written to it",
                      path_.string(), static_cast<std::uint32_t>(application_id)));
    }
    Statement list(db_,
                   "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE "
                   "'sqlite\\_%' ESCAPE '\\' ORDER BY name");
    auto names = Collect<std::string>(list, [](const Statement& st) { return st.Text(0); });
    if (!names.ok()) return Explain(names.status());
    const auto has = [&](const std::string& table) {
      return std::find(names->begin(), names->end(), table) != names->end();
    };
    if (!has("schema_version")) {
      return Status::NotAStore(fmt::format(
          "{}: not a zicht store (an SQLite database without zicht's schema_version table); "
          "nothing was written to it",
          path_.string()));
    }
    auto version = SchemaVersion();
    if (!version.ok()) return Explain(version.status());
    const int newest = static_cast<int>(sqlite::Migrations().size());
    if (*version > newest) return NewerSchema(*version);
    const auto known = sqlite::TablesOfVersion(newest);
    std::vector<std::string> foreign;
    for (const std::string& name : *names) {
      if (std::find(known.begin(), known.end(), name) == known.end()) foreign.push_back(name);
    }
    if (!foreign.empty()) {
      return Status::NotAStore(fmt::format(
          "{}: not a zicht store: it holds {} table(s) zicht does not make ({}); nothing was "
          "written to it",
          path_.string(), foreign.size(), fmt::join(foreign, ", ")));
    }
    for (const std::string& table : sqlite::TablesOfVersion(*version)) {
      if (!has(table)) {
        return Status::Damaged(fmt::format(
            "{}: the store is damaged: its schema version {} has a table `{}`, which is "
            "missing; nothing was written. Restore the store from a backup",
            path_.string(), *version, table));
      }
    }
    // A store from before zicht gave its stores an application id gets it on this open.
    needs_application_id_ = application_id == 0;
    schema_version_ = *version;
    return Status::Ok();
  }

  // Will opening write (the application id or a schema upgrade)?
  bool OpeningWrites() const {
    return needs_application_id_ || schema_version_ < static_cast<int>(sqlite::Migrations().size());
  }

  // SQLite's quick_check: every page's structure, without comparing indexes to tables
  // (proportional to the file's size, much cheaper than integrity_check).
  Status CheckPages() {
    Statement check(db_, "PRAGMA quick_check");
    auto lines = Collect<std::string>(check, [](const Statement& st) { return st.Text(0); });
    if (!lines.ok()) return Explain(lines.status());
    if (lines->size() == 1 && lines->front() == "ok") return Status::Ok();
    // quick_check names pages, cells and indexes, never a stored value.
    return Status::Damaged(
        fmt::format("{}: the store is damaged: SQLite's quick_check found {} problem(s), the "
                    "first: {}. Nothing was written; restore the store from a backup",
                    path_.string(), lines->size(), lines->empty() ? "?" : lines->front()));
  }

  Status Configure() {
    // WAL keeps readers working while an ingest writes, and makes each transaction
    // atomic on a crash; NORMAL sync is durable at every checkpoint and never corrupts.
    // Staged rows go to SQLite's temporary file (the default), so an ingest's memory
    // does not grow with the file.
    return Explain(Exec(db_,
                        "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; "
                        "PRAGMA foreign_keys=ON; PRAGMA cache_size=-65536;"));
  }

  // A new store: the application id and the schema_version table, in one transaction.
  Status Stamp() {
    ZICHT_RETURN_IF_ERROR(Begin());
    Status stamped = Exec(db_, fmt::format("PRAGMA application_id = {}; "
                                           "CREATE TABLE schema_version (version INTEGER "
                                           "PRIMARY KEY, applied_at TEXT NOT NULL)",
                                           kSqliteApplicationId));
    if (!stamped.ok()) {
      (void)Rollback();
      return stamped;
    }
    return Commit();
  }

  Status Migrate() {
    if (needs_application_id_) {
      ZICHT_RETURN_IF_ERROR(Begin());
      if (Status s = Exec(db_, fmt::format("PRAGMA application_id = {}", kSqliteApplicationId));
          !s.ok()) {
        (void)Rollback();
        return s;
      }
      ZICHT_RETURN_IF_ERROR(Commit());
      needs_application_id_ = false;
    }
    auto version = SchemaVersion();
    if (!version.ok()) return version.status();
    const auto& migrations = sqlite::Migrations();
    if (*version > static_cast<int>(migrations.size())) return NewerSchema(*version);
    for (int v = *version; v < static_cast<int>(migrations.size()); ++v) {
      ZICHT_RETURN_IF_ERROR(Begin());
      Status applied = Exec(db_, migrations[static_cast<size_t>(v)]);
      if (applied.ok()) {
        Statement record(db_, "INSERT INTO schema_version(version, applied_at) VALUES(?, ?)");
        record.Bind(1, static_cast<std::int64_t>(v + 1));
        record.Bind(2, NowIsoUtc());
        applied = record.Run();
      }
      if (!applied.ok()) {
        (void)Rollback();
        return applied;
      }
      ZICHT_RETURN_IF_ERROR(Commit());
    }
    return Status::Ok();
  }

  Result<std::optional<std::string>> GetMeta(const std::string& key) override {
    Statement s(db_, "SELECT value FROM meta WHERE key = ?");
    s.Bind(1, key);
    auto step = s.Step();
    if (!step.ok()) return step.status();
    if (!*step) return std::optional<std::string>{};
    return std::optional<std::string>{s.Text(0)};
  }

  Status SetMeta(const std::string& key, const std::string& value) override {
    Statement s(db_,
                "INSERT INTO meta(key, value) VALUES(?, ?) "
                "ON CONFLICT(key) DO UPDATE SET value = excluded.value");
    s.Bind(1, key);
    s.Bind(2, value);
    return s.Run();
  }

  Result<int> SchemaVersion() override {
    Statement s(db_, "SELECT COALESCE(MAX(version), 0) FROM schema_version");
    auto step = s.Step();
    if (!step.ok()) return step.status();
    return static_cast<int>(s.Int(0));
  }

  // BEGIN IMMEDIATE takes the write lock at once, so a second writer waits here (OnBusy)
  // rather than failing halfway through.
  Status Begin() override { return Explain(Exec(db_, "BEGIN IMMEDIATE")); }
  Status Commit() override { return Exec(db_, "COMMIT"); }
  Status Rollback() override {
    stage_insert_ = Statement{};
    if (sqlite3_get_autocommit(db_) != 0) return Status::Ok();  // nothing open
    return Exec(db_, "ROLLBACK");
  }

  Result<std::optional<IngestLogEntry>> FindLoadedIngest(const std::string& source,
                                                         const std::string& sha256) override {
    Statement s(db_, fmt::format("SELECT {} FROM ingests WHERE source = ? AND content_sha256 = ? "
                                 "AND status = 'loaded' ORDER BY ingest_id LIMIT 1",
                                 kIngestColumns));
    s.Bind(1, source);
    s.Bind(2, sha256);
    auto step = s.Step();
    if (!step.ok()) return step.status();
    if (!*step) return std::optional<IngestLogEntry>{};
    return std::optional<IngestLogEntry>{ReadIngest(s)};
  }

  Result<std::vector<IngestLogEntry>> OverlappingIngests(const std::string& source, int year_min,
                                                         int year_max) override {
    Statement s(db_, fmt::format("SELECT {} FROM ingests WHERE source = ? AND status = 'loaded' "
                                 "AND year_min <= ? AND year_max >= ? ORDER BY ingest_id",
                                 kIngestColumns));
    s.Bind(1, source);
    s.Bind(2, static_cast<std::int64_t>(year_max));
    s.Bind(3, static_cast<std::int64_t>(year_min));
    return Collect<IngestLogEntry>(s, ReadIngest);
  }

  Status UpsertSource(const std::string& source, const std::string& kind) override {
    Statement s(db_,
                "INSERT INTO sources(name, kind) VALUES(?, ?) ON CONFLICT(name) DO UPDATE "
                "SET kind = CASE WHEN excluded.kind = '' THEN kind ELSE excluded.kind END");
    s.Bind(1, source);
    s.Bind(2, kind);
    return s.Run();
  }

  Status BeginStaging() override {
    ZICHT_RETURN_IF_ERROR(
        Exec(db_, fmt::format("DROP TABLE IF EXISTS temp.staged; "
                              "CREATE TEMP TABLE staged (row INTEGER NOT NULL, {}); "
                              "CREATE UNIQUE INDEX temp.staged_ids ON "
                              "staged(source_record_id)",
                              sqlite::kRecordColumns)));
    std::string placeholders = "?";  // the row number, then one per record column
    for (int i = 0; i < kRecordColumnCount; ++i) placeholders += ", ?";
    stage_insert_ = Statement(db_, fmt::format("INSERT INTO temp.staged (row, {}) VALUES ({})",
                                               sqlite::kRecordColumnNames, placeholders));
    return stage_insert_.prepare_status();
  }

  Status StageRecord(std::int64_t row, const Record& record) override {
    stage_insert_.Bind(1, row);
    BindRecord(stage_insert_, 2, record);
    Status status = stage_insert_.Run();
    if (!status.ok() && sqlite3_extended_errcode(db_) == SQLITE_CONSTRAINT_UNIQUE) {
      return Status::AlreadyExists(
          "duplicate source_record_id: an earlier row of this file has it");
    }
    return status;
  }

  Result<std::vector<DuplicateRow>> FindStagedDuplicates(const std::string& source) override {
    Statement s(db_,
                "SELECT st.row, i.file_name FROM temp.staged st "
                "JOIN records r ON r.source = ? AND r.source_record_id = st.source_record_id "
                "JOIN ingests i ON i.ingest_id = r.ingest_id ORDER BY st.row");
    s.Bind(1, source);
    return Collect<DuplicateRow>(s, [](const Statement& st) {
      return DuplicateRow{st.Int(0), st.Text(1)};
    });
  }

  Status DropStagedRows(const std::vector<std::int64_t>& rows) override {
    Statement drop(db_, "DELETE FROM temp.staged WHERE row = ?");
    for (const std::int64_t row : rows) {
      drop.Bind(1, row);
      ZICHT_RETURN_IF_ERROR(drop.Run());
    }
    return Status::Ok();
  }

  Status RetireIngest(std::int64_t ingest_id) override {
    Statement pairs(db_,
                    "DELETE FROM link_pairs WHERE record_a IN (SELECT record_id FROM records "
                    "WHERE ingest_id = ?1) OR record_b IN (SELECT record_id FROM records WHERE "
                    "ingest_id = ?1)");
    pairs.Bind(1, ingest_id);
    ZICHT_RETURN_IF_ERROR(pairs.Run());
    Statement persons(db_,
                      "DELETE FROM record_persons WHERE record_id IN (SELECT record_id FROM "
                      "records WHERE ingest_id = ?)");
    persons.Bind(1, ingest_id);
    ZICHT_RETURN_IF_ERROR(persons.Run());
    Statement remove(db_, "DELETE FROM records WHERE ingest_id = ?");
    remove.Bind(1, ingest_id);
    ZICHT_RETURN_IF_ERROR(remove.Run());
    Statement mark(db_, "UPDATE ingests SET status = 'replaced' WHERE ingest_id = ?");
    mark.Bind(1, ingest_id);
    return mark.Run();
  }

  Result<std::int64_t> CommitStaged(IngestLogEntry entry,
                                    const std::vector<Reject>& rejects) override {
    Statement log(db_,
                  "INSERT INTO ingests(source, file_name, content_sha256, mapping_sha256, "
                  "rows_read, rows_written, rows_rejected, year_min, year_max, status, loaded_at) "
                  "VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, 'loaded', ?)");
    log.Bind(1, entry.source);
    log.Bind(2, entry.file_name);
    log.Bind(3, entry.content_sha256);
    log.Bind(4, entry.mapping_sha256);
    log.Bind(5, entry.rows_read);
    log.Bind(6, entry.rows_written);
    log.Bind(7, entry.rows_rejected);
    log.Bind(8, static_cast<std::int64_t>(entry.year_min));
    log.Bind(9, static_cast<std::int64_t>(entry.year_max));
    log.Bind(10, NowIsoUtc());
    ZICHT_RETURN_IF_ERROR(log.Run());
    const std::int64_t ingest_id = sqlite3_last_insert_rowid(db_);

    Statement move(db_, fmt::format("INSERT INTO records (ingest_id, {0}) SELECT ?, {0} "
                                    "FROM temp.staged ORDER BY row",
                                    sqlite::kRecordColumnNames));
    move.Bind(1, ingest_id);
    ZICHT_RETURN_IF_ERROR(move.Run());
    Statement reject(db_,
                     "INSERT INTO ingest_rejects(ingest_id, row, column_name, rule) "
                     "VALUES(?, ?, ?, ?)");
    for (const Reject& r : rejects) {
      reject.Bind(1, ingest_id);
      reject.Bind(2, r.row);
      reject.Bind(3, r.column);
      reject.Bind(4, r.rule);
      ZICHT_RETURN_IF_ERROR(reject.Run());
    }
    stage_insert_ = Statement{};
    ZICHT_RETURN_IF_ERROR(Exec(db_, "DROP TABLE temp.staged"));
    return ingest_id;
  }

  Result<std::vector<IngestLogEntry>> IngestLog() override {
    Statement s(db_, fmt::format("SELECT {} FROM ingests ORDER BY ingest_id", kIngestColumns));
    return Collect<IngestLogEntry>(s, ReadIngest);
  }

  Result<std::vector<Reject>> RejectsOf(std::int64_t ingest_id) override {
    Statement s(db_,
                "SELECT row, column_name, rule FROM ingest_rejects WHERE ingest_id = ? "
                "ORDER BY row");
    s.Bind(1, ingest_id);
    return Collect<Reject>(s, [](const Statement& st) {
      return Reject{st.Int(0), st.Text(1), st.Text(2)};
    });
  }

  Result<std::vector<SourceYearCount>> RecordCounts() override {
    Statement s(db_,
                "SELECT r.source, COALESCE(s.kind, ''), r.registration_year, COUNT(*) "
                "FROM records r LEFT JOIN sources s ON s.name = r.source "
                "GROUP BY r.source, r.registration_year ORDER BY r.source, r.registration_year");
    return Collect<SourceYearCount>(s, [](const Statement& st) {
      return SourceYearCount{st.Text(0), st.Text(1), static_cast<int>(st.Int(2)), st.Int(3)};
    });
  }

  Status ForEachRecord(const std::function<Status(const Record&)>& visit) override {
    Statement s(db_,
                fmt::format("SELECT records.record_id, COALESCE(p.person_id, 0), {} FROM records "
                            "LEFT JOIN record_persons p ON p.record_id = records.record_id "
                            "ORDER BY source, source_record_id",
                            sqlite::kRecordColumnNames));
    while (true) {
      auto step = s.Step();
      if (!step.ok()) return step.status();
      if (!*step) return Status::Ok();
      ZICHT_RETURN_IF_ERROR(visit(ReadRecord(s)));
    }
  }

  Result<std::optional<Record>> FindRecord(const std::string& source,
                                           const std::string& source_record_id) override {
    Statement s(db_,
                fmt::format("SELECT records.record_id, COALESCE(p.person_id, 0), {} FROM records "
                            "LEFT JOIN record_persons p ON p.record_id = records.record_id "
                            "WHERE records.source = ? AND records.source_record_id = ?",
                            sqlite::kRecordColumnNames));
    s.Bind(1, source);
    s.Bind(2, source_record_id);
    auto step = s.Step();
    if (!step.ok()) return step.status();
    if (!*step) return std::optional<Record>{};
    return std::optional<Record>(ReadRecord(s));
  }

  Result<std::int64_t> RecordCount() override {
    Statement s(db_, "SELECT COUNT(*) FROM records");
    auto step = s.Step();
    if (!step.ok()) return step.status();
    return s.Int(0);
  }

  Status ReplaceLinkage(const std::vector<PersonAssignment>& persons,
                        const std::vector<ScoredPair>& pairs) override {
    ZICHT_RETURN_IF_ERROR(Exec(db_, "DELETE FROM link_pairs"));
    ZICHT_RETURN_IF_ERROR(Exec(db_, "DELETE FROM record_persons"));
    Statement person(db_, "INSERT INTO record_persons(record_id, person_id) VALUES(?, ?)");
    for (const PersonAssignment& p : persons) {
      person.Bind(1, p.record_id);
      person.Bind(2, p.person_id);
      ZICHT_RETURN_IF_ERROR(person.Run());
    }
    Statement pair(db_,
                   "INSERT INTO link_pairs(record_a, record_b, weight, probability) "
                   "VALUES(?, ?, ?, ?)");
    for (const ScoredPair& p : pairs) {
      pair.Bind(1, p.record_a);
      pair.Bind(2, p.record_b);
      pair.BindDouble(3, p.weight);
      pair.BindDouble(4, p.probability);
      ZICHT_RETURN_IF_ERROR(pair.Run());
    }
    return Status::Ok();
  }

  Result<std::vector<ScoredPair>> ScoredPairs() override {
    Statement s(db_,
                "SELECT record_a, record_b, weight, probability FROM link_pairs "
                "ORDER BY record_a, record_b");
    return Collect<ScoredPair>(s, [](const Statement& st) {
      return ScoredPair{st.Int(0), st.Int(1), st.Double(2), st.Double(3)};
    });
  }

  Result<std::optional<ReviewImport>> FindReviewImport(const std::string& sha256) override {
    Statement s(db_, fmt::format("SELECT {} FROM review_imports WHERE content_sha256 = ? "
                                 "ORDER BY import_id LIMIT 1",
                                 kReviewImportColumns));
    s.Bind(1, sha256);
    auto step = s.Step();
    if (!step.ok()) return step.status();
    if (!*step) return std::optional<ReviewImport>{};
    return std::optional<ReviewImport>{ReadReviewImport(s)};
  }

  Result<ReviewImport> WriteReviewLabels(ReviewImport import,
                                         const std::vector<ReviewLabel>& labels) override {
    import.imported_at = NowIsoUtc();
    Statement log(db_,
                  "INSERT INTO review_imports(file_name, content_sha256, rows, labels_written, "
                  "imported_at) VALUES(?, ?, ?, 0, ?)");
    log.Bind(1, import.file_name);
    log.Bind(2, import.content_sha256);
    log.Bind(3, import.rows);
    log.Bind(4, import.imported_at);
    ZICHT_RETURN_IF_ERROR(log.Run());
    import.import_id = sqlite3_last_insert_rowid(db_);
    // The WHERE of the upsert leaves an identical label as it is; changes() tells which
    // rows were written.
    Statement upsert(
        db_,
        "INSERT INTO review_labels(source_a, record_id_a, source_b, record_id_b, decision, "
        "sample, stratum, stratum_pairs, inclusion_probability, model_linked, import_id, "
        "labelled_at) VALUES(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) "
        "ON CONFLICT(source_a, record_id_a, source_b, record_id_b) DO UPDATE SET "
        "decision = excluded.decision, sample = excluded.sample, stratum = excluded.stratum, "
        "stratum_pairs = excluded.stratum_pairs, "
        "inclusion_probability = excluded.inclusion_probability, "
        "model_linked = COALESCE(review_labels.model_linked, excluded.model_linked), "
        "import_id = excluded.import_id, labelled_at = excluded.labelled_at "
        "WHERE review_labels.decision IS NOT excluded.decision "
        "OR review_labels.sample IS NOT excluded.sample "
        "OR review_labels.stratum IS NOT excluded.stratum "
        "OR review_labels.stratum_pairs IS NOT excluded.stratum_pairs "
        "OR review_labels.inclusion_probability IS NOT excluded.inclusion_probability");
    std::int64_t written = 0;
    for (const ReviewLabel& label : labels) {
      upsert.Bind(1, label.source_a);
      upsert.Bind(2, label.record_a);
      upsert.Bind(3, label.source_b);
      upsert.Bind(4, label.record_b);
      upsert.Bind(5, label.decision);
      upsert.Bind(6, label.sample);
      upsert.Bind(7, label.stratum);
      upsert.Bind(8, label.stratum_pairs);
      upsert.BindDouble(9, label.inclusion_probability);
      upsert.Bind(10, label.model_linked);
      upsert.Bind(11, import.import_id);
      upsert.Bind(12, import.imported_at);
      ZICHT_RETURN_IF_ERROR(upsert.Run());
      written += sqlite3_changes(db_);
    }
    import.labels_written = written;
    Statement count(db_, "UPDATE review_imports SET labels_written = ? WHERE import_id = ?");
    count.Bind(1, written);
    count.Bind(2, import.import_id);
    ZICHT_RETURN_IF_ERROR(count.Run());
    return import;
  }

  Result<std::vector<ReviewLabel>> ReviewLabels() override {
    Statement s(db_,
                "SELECT source_a, record_id_a, source_b, record_id_b, decision, sample, stratum, "
                "stratum_pairs, inclusion_probability, model_linked, import_id, labelled_at "
                "FROM review_labels ORDER BY source_a, record_id_a, source_b, record_id_b");
    return Collect<ReviewLabel>(s, [](const Statement& st) {
      ReviewLabel label;
      label.source_a = st.Text(0);
      label.record_a = st.Text(1);
      label.source_b = st.Text(2);
      label.record_b = st.Text(3);
      label.decision = st.Text(4);
      label.sample = st.Text(5);
      label.stratum = st.Text(6);
      label.stratum_pairs = st.Int(7);
      label.inclusion_probability = st.Double(8);
      if (!st.IsNull(9)) label.model_linked = st.Int(9) != 0;
      label.import_id = st.Int(10);
      label.labelled_at = st.Text(11);
      return label;
    });
  }

  Result<std::vector<ReviewImport>> ReviewImports() override {
    Statement s(
        db_, fmt::format("SELECT {} FROM review_imports ORDER BY import_id", kReviewImportColumns));
    return Collect<ReviewImport>(s, ReadReviewImport);
  }

  Status SetReviewModelDecisions(const std::vector<ReviewLabel>& labels) override {
    Statement set(db_,
                  "UPDATE review_labels SET model_linked = ? WHERE source_a = ? AND "
                  "record_id_a = ? AND source_b = ? AND record_id_b = ?");
    for (const ReviewLabel& label : labels) {
      set.Bind(1, label.model_linked);
      set.Bind(2, label.source_a);
      set.Bind(3, label.record_a);
      set.Bind(4, label.source_b);
      set.Bind(5, label.record_b);
      ZICHT_RETURN_IF_ERROR(set.Run());
    }
    return Status::Ok();
  }

 private:
  static int OnBusy(void* self, int attempts) {
    return static_cast<SqliteStore*>(self)->KeepWaiting(attempts) ? 1 : 0;
  }

  bool KeepWaiting(int attempts) {
    const auto now = std::chrono::steady_clock::now();
    if (attempts == 0) {
      wait_started_ = now;
      if (options_.wait.count() > 0 && options_.on_wait) {
        options_.on_wait(fmt::format("waiting for another writer of {} to finish (up to {})...",
                                     path_.string(), Seconds(options_.wait)));
      }
    }
    const auto left = options_.wait - (now - wait_started_);
    if (left <= std::chrono::steady_clock::duration::zero()) return false;
    std::this_thread::sleep_for(
        std::min<std::chrono::steady_clock::duration>(left, std::chrono::milliseconds(20)));
    return true;
  }

  // The same error with what a user needs to act on it, for the codes a user can act on.
  Status Explain(Status status) const {
    switch (status.code()) {
      case StatusCode::kBusy:
        return Status::Busy(fmt::format(
            "{}: another program is still writing to this store after {} of waiting; nothing "
            "was written. Run again when it is done, or wait longer (--wait SECONDS, or "
            "$ZICHT_WAIT)",
            path_.string(), Seconds(options_.wait)));
      case StatusCode::kDamaged:
        return Status::Damaged(
            fmt::format("{}: the store is damaged ({}); nothing was written. Restore the store "
                        "from a backup",
                        path_.string(), status.message()));
      case StatusCode::kNotAStore:
        return Status::NotAStore(
            fmt::format("{}: not a zicht store (not an SQLite database); nothing was written to it",
                        path_.string()));
      default:
        return status;
    }
  }

  Status NewerSchema(int version) const {
    return Status::FailedPrecondition(
        fmt::format("{}: the store has schema version {}, newer than this program's {}; "
                    "upgrade zicht",
                    path_.string(), version, sqlite::Migrations().size()));
  }

  sqlite3* db_;
  std::filesystem::path path_;
  OpenOptions options_;
  Statement stage_insert_;
  std::chrono::steady_clock::time_point wait_started_;
  bool needs_application_id_ = false;
  int schema_version_ = 0;
};

// Opens the file; `created`: the file was made empty by this run (CreateSqliteStore).
Result<std::unique_ptr<Store>> Open(const std::filesystem::path& path, const OpenOptions& options,
                                    bool created) {
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | (created ? SQLITE_OPEN_CREATE : 0);
  if (sqlite3_open_v2(path.c_str(), &db, flags, nullptr) != SQLITE_OK) {
    std::string message = db != nullptr ? sqlite3_errmsg(db) : "out of memory";
    sqlite3_close_v2(db);
    return Status::IoError(fmt::format("{}: cannot open the store: {}", path.string(), message));
  }
  auto store = std::make_unique<SqliteStore>(db, path, options);
  // Everything is checked before the first write: journal_mode=WAL already writes to a file
  // that is not in WAL mode.
  if (created) {
    ZICHT_RETURN_IF_ERROR(store->Configure());
    ZICHT_RETURN_IF_ERROR(store->Stamp());
  } else {
    ZICHT_RETURN_IF_ERROR(store->CheckIdentity());
    if (options.for_writing || store->OpeningWrites()) ZICHT_RETURN_IF_ERROR(store->CheckPages());
    ZICHT_RETURN_IF_ERROR(store->Configure());
  }
  ZICHT_RETURN_IF_ERROR(store->Migrate());
  return std::unique_ptr<Store>(std::move(store));
}

}  // namespace

Result<std::unique_ptr<Store>> CreateSqliteStore(const std::filesystem::path& path,
                                                 const OpenOptions& options) {
  std::error_code error;
  if (std::filesystem::exists(path, error)) {
    return Status::AlreadyExists(
        fmt::format("{}: already exists; zicht init never overwrites a store", path.string()));
  }
  // Pseudonymised records are still personal data: readable by the owner only. O_EXCL: the
  // file is ours, so on failure it may be removed.
  const int fd = ::open(path.c_str(), O_CREAT | O_EXCL | O_WRONLY | O_CLOEXEC, 0600);
  if (fd < 0) {
    if (errno == EEXIST) {
      return Status::AlreadyExists(
          fmt::format("{}: already exists; zicht init never overwrites a store", path.string()));
    }
    return Status::IoError(
        fmt::format("{}: cannot create the store: {}", path.string(), std::strerror(errno)));
  }
  ::close(fd);
  std::vector<std::string> ours = {path.string()};
  for (const char* suffix : {"-wal", "-shm"}) {
    if (!std::filesystem::exists(path.string() + suffix, error))
      ours.push_back(path.string() + suffix);
  }
  auto store = Open(path, options, /*created=*/true);
  if (!store.ok()) {
    for (const std::string& file : ours) std::filesystem::remove(file, error);
  }
  return store;
}

Result<std::unique_ptr<Store>> OpenSqliteStore(const std::filesystem::path& path,
                                               const OpenOptions& options) {
  std::error_code error;
  if (!std::filesystem::exists(path, error)) {
    return Status::NotFound(fmt::format("{}: no such store; create it with `zicht init --db {}`",
                                        path.string(), path.string()));
  }
  return Open(path, options, /*created=*/false);
}

}  // namespace zicht::store
