#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cstdint>
#include <string>
#include <vector>

#include "store/sqlite/schema.hpp"
#include "support/test_support.hpp"
#include "zicht/store/store.hpp"

namespace zicht::store {
namespace {

using testing::TempDir;

Record MakeRecord(const std::string& id) {
  Record r;
  r.source = "police";
  r.source_record_id = id;
  r.registration_date = {2019, 3, 1};
  r.birth_year = 2003;
  r.age = 15;
  r.minor = true;
  r.gender = "female";
  r.nationality = "NL";
  r.exploitation_forms = {"sexual", "criminal"};
  r.sector = "window";
  r.domestic = "domestic";
  r.unaccompanied_minor = false;
  Digest d{};
  d[0] = 7;
  r.identifiers.given_name_tokens = {d, d};
  Digest v{};
  v[15] = 9;
  r.identifiers.given_name_variants = {d, v};
  r.identifiers.date_of_birth = d;
  r.identifiers.given_name_bloom = {1u, 0x8000000000000000ull};
  return r;
}

TEST(SqliteStore, CreatesTheCurrentSchemaInWalModeReadableByTheOwnerOnly) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok()) << store.status().message();
  EXPECT_EQ(*(*store)->SchemaVersion(), kSchemaVersion);
  struct stat info {};
  ASSERT_EQ(::stat((dir / "m.db").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  EXPECT_TRUE(std::filesystem::exists(dir / "m.db-wal"));
}

TEST(SqliteStore, NeverOverwritesAnExistingFile) {
  TempDir dir;
  testing::WriteFile(dir / "m.db", "precious");
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kAlreadyExists);
  EXPECT_EQ(testing::ReadFile(dir / "m.db"), "precious");
}

TEST(SqliteStore, OpeningAMissingStoreSaysHowToCreateIt) {
  TempDir dir;
  auto store = OpenSqliteStore(dir / "none.db");
  ASSERT_FALSE(store.ok());
  EXPECT_NE(store.status().message().find("zicht init"), std::string::npos);
}

TEST(SqliteStore, RefusesAStoreFromANewerProgram) {
  TempDir dir;
  { ASSERT_TRUE(CreateSqliteStore(dir / "m.db").ok()); }
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open((dir / "m.db").c_str(), &db), SQLITE_OK);
  ASSERT_EQ(
      sqlite3_exec(db, "INSERT INTO schema_version VALUES(99, 'later')", nullptr, nullptr, nullptr),
      SQLITE_OK);
  sqlite3_close(db);
  auto store = OpenSqliteStore(dir / "m.db");
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(store.status().message().find("newer"), std::string::npos);
}

TEST(SqliteStore, RecordsRoundTripThroughStagingWithEveryField) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  ASSERT_TRUE(s.Begin().ok());
  ASSERT_TRUE(s.UpsertSource("police", "police").ok());
  ASSERT_TRUE(s.BeginStaging().ok());
  const Record original = MakeRecord("A1");
  ASSERT_TRUE(s.StageRecord(2, original).ok());
  IngestLogEntry entry;
  entry.source = "police";
  entry.file_name = "a.csv";
  entry.content_sha256 = "ab";
  entry.year_min = entry.year_max = 2019;
  entry.rows_read = entry.rows_written = 1;
  auto id = s.CommitStaged(entry, {});
  ASSERT_TRUE(id.ok()) << id.status().message();
  ASSERT_TRUE(s.Commit().ok());

  std::vector<Record> read;
  ASSERT_TRUE(s.ForEachRecord([&](const Record& r) {
                 read.push_back(r);
                 return Status::Ok();
               }).ok());
  ASSERT_EQ(read.size(), 1u);
  const Record& r = read[0];
  EXPECT_EQ(r.source_record_id, "A1");
  EXPECT_EQ(r.registration_date, original.registration_date);
  EXPECT_EQ(r.birth_year, 2003);
  EXPECT_EQ(r.minor, true);
  EXPECT_EQ(r.unaccompanied_minor, false);
  EXPECT_EQ(r.exploitation_forms, original.exploitation_forms);
  EXPECT_EQ(r.identifiers.given_name_tokens, original.identifiers.given_name_tokens);
  EXPECT_EQ(r.identifiers.given_name_variants, original.identifiers.given_name_variants);
  EXPECT_EQ(r.identifiers.date_of_birth, original.identifiers.date_of_birth);
  EXPECT_FALSE(r.identifiers.personal_id.has_value());
  EXPECT_EQ(r.identifiers.given_name_bloom, original.identifiers.given_name_bloom);

  auto counts = s.RecordCounts();
  ASSERT_TRUE(counts.ok());
  ASSERT_EQ(counts->size(), 1u);
  EXPECT_EQ((*counts)[0].kind, "police");
  EXPECT_EQ((*counts)[0].records, 1);
}

TEST(SqliteStore, RollbackLeavesNothingBehind) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  ASSERT_TRUE(s.Begin().ok());
  ASSERT_TRUE(s.UpsertSource("police", "").ok());
  ASSERT_TRUE(s.BeginStaging().ok());
  ASSERT_TRUE(s.StageRecord(2, MakeRecord("A1")).ok());
  IngestLogEntry entry;
  entry.source = "police";
  ASSERT_TRUE(s.CommitStaged(entry, {}).ok());
  ASSERT_TRUE(s.Rollback().ok());
  EXPECT_TRUE(s.IngestLog()->empty());
  EXPECT_TRUE(s.RecordCounts()->empty());
}

TEST(SqliteStore, FindsStagedDuplicatesAndOverlappingIngests) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  const auto load = [&](const std::string& file, const std::string& id, int year) {
    ASSERT_TRUE(s.BeginStaging().ok());
    Record r = MakeRecord(id);
    r.registration_date.year = year;
    ASSERT_TRUE(s.StageRecord(2, r).ok());
    IngestLogEntry entry;
    entry.source = "police";
    entry.file_name = file;
    entry.year_min = entry.year_max = year;
    ASSERT_TRUE(s.CommitStaged(entry, {}).ok());
  };
  ASSERT_TRUE(s.Begin().ok());
  ASSERT_TRUE(s.UpsertSource("police", "").ok());
  load("a.csv", "A1", 2018);
  ASSERT_TRUE(s.BeginStaging().ok());
  ASSERT_TRUE(s.StageRecord(5, MakeRecord("A1")).ok());
  ASSERT_TRUE(s.StageRecord(6, MakeRecord("A2")).ok());
  auto duplicates = s.FindStagedDuplicates("police");
  ASSERT_TRUE(duplicates.ok());
  ASSERT_EQ(duplicates->size(), 1u);
  EXPECT_EQ((*duplicates)[0].row, 5);
  EXPECT_EQ((*duplicates)[0].existing_file, "a.csv");
  EXPECT_EQ(s.OverlappingIngests("police", 2017, 2018)->size(), 1u);
  EXPECT_TRUE(s.OverlappingIngests("police", 2019, 2020)->empty());
  EXPECT_TRUE(s.OverlappingIngests("shelter", 2018, 2018)->empty());
  ASSERT_TRUE(s.Rollback().ok());
}

// ----- Schema version 2: partial dates, lookups and linkage ---------------------------

Digest DigestOf(std::uint8_t fill) {
  Digest d{};
  d.fill(fill);
  return d;
}

// Loads `records` as one ingest of `file` in its own transaction; returns the ingest id.
std::int64_t Load(Store& s, const std::string& file, const std::vector<Record>& records) {
  EXPECT_TRUE(s.Begin().ok());
  EXPECT_TRUE(s.UpsertSource(records.front().source, "").ok());
  EXPECT_TRUE(s.BeginStaging().ok());
  std::int64_t row = 2;
  for (const Record& r : records) EXPECT_TRUE(s.StageRecord(row++, r).ok()) << r.source_record_id;
  IngestLogEntry entry;
  entry.source = records.front().source;
  entry.file_name = file;
  entry.year_min = entry.year_max = 2019;
  entry.rows_read = entry.rows_written = static_cast<std::int64_t>(records.size());
  auto id = s.CommitStaged(entry, {});
  EXPECT_TRUE(id.ok()) << id.status().message();
  EXPECT_TRUE(s.Commit().ok());
  return id.ok() ? *id : 0;
}

std::vector<Record> AllRecords(Store& s) {
  std::vector<Record> out;
  const Status status = s.ForEachRecord([&](const Record& r) {
    out.push_back(r);
    return Status::Ok();
  });
  EXPECT_TRUE(status.ok()) << status.message();
  return out;
}

// The store's record id of a police record, by the source's own id.
std::int64_t IdOf(Store& s, const std::string& source_record_id) {
  auto found = s.FindRecord("police", source_record_id);
  EXPECT_TRUE(found.ok() && found->has_value()) << source_record_id;
  return found.ok() && found->has_value() ? (*found)->record_id : 0;
}

Status Link(Store& s, const std::vector<PersonAssignment>& persons,
            const std::vector<ScoredPair>& pairs) {
  ZICHT_RETURN_IF_ERROR(s.Begin());
  ZICHT_RETURN_IF_ERROR(s.ReplaceLinkage(persons, pairs));
  return s.Commit();
}

bool SamePair(const ScoredPair& a, const ScoredPair& b) {
  return a.record_a == b.record_a && a.record_b == b.record_b && a.weight == b.weight &&
         a.probability == b.probability;
}

// Runs one integer query on the file with a connection of its own, as another reader would.
std::int64_t QueryInt(const std::filesystem::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &statement, nullptr), SQLITE_OK)
      << sqlite3_errmsg(db);
  std::int64_t value = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) value = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(db);
  return value;
}

TEST(SqliteStore, PartialDateOfBirthDigestsRoundTrip) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  Record with = MakeRecord("A1");
  with.identifiers.dob_month_day = DigestOf(0x11);
  with.identifiers.dob_year_month = DigestOf(0x22);
  with.identifiers.dob_year_day = DigestOf(0x33);
  const Record without = MakeRecord("A2");
  Load(s, "a.csv", {with, without});

  const auto read = AllRecords(s);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].identifiers.dob_month_day, DigestOf(0x11));
  EXPECT_EQ(read[0].identifiers.dob_year_month, DigestOf(0x22));
  EXPECT_EQ(read[0].identifiers.dob_year_day, DigestOf(0x33));
  EXPECT_EQ(read[0].identifiers.date_of_birth, with.identifiers.date_of_birth);
  EXPECT_FALSE(read[1].identifiers.dob_month_day.has_value());
  EXPECT_FALSE(read[1].identifiers.dob_year_month.has_value());
  EXPECT_FALSE(read[1].identifiers.dob_year_day.has_value());

  auto found = s.FindRecord("police", "A1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->identifiers.dob_month_day, DigestOf(0x11));
  EXPECT_EQ((*found)->identifiers.dob_year_month, DigestOf(0x22));
  EXPECT_EQ((*found)->identifiers.dob_year_day, DigestOf(0x33));
}

TEST(SqliteStore, FindRecordFindsOneRecordBySourceAndItsIdOnly) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  Load(s, "a.csv", {MakeRecord("A1"), MakeRecord("A2")});

  auto hit = s.FindRecord("police", "A2");
  ASSERT_TRUE(hit.ok()) << hit.status().message();
  ASSERT_TRUE(hit->has_value());
  const Record& r = **hit;
  EXPECT_EQ(r.source, "police");
  EXPECT_EQ(r.source_record_id, "A2");
  EXPECT_GT(r.record_id, 0);
  EXPECT_EQ(r.person_id, 0);  // not linked yet
  EXPECT_EQ(r.registration_date, (Date{2019, 3, 1}));
  EXPECT_EQ(r.exploitation_forms, MakeRecord("A2").exploitation_forms);
  EXPECT_EQ(r.identifiers.given_name_bloom, MakeRecord("A2").identifiers.given_name_bloom);
  // The same record as ForEachRecord reads it, id included.
  const auto all = AllRecords(s);
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[1].record_id, r.record_id);
  EXPECT_NE(all[0].record_id, r.record_id);

  for (const auto& [source, id] : std::vector<std::pair<std::string, std::string>>{
           {"police", "A3"}, {"shelter", "A1"}, {"police", "a1"}, {"police", ""}}) {
    auto miss = s.FindRecord(source, id);
    ASSERT_TRUE(miss.ok()) << miss.status().message();
    EXPECT_FALSE(miss->has_value()) << source << ":" << id;
  }
}

TEST(SqliteStore, RecordCountCountsEveryStoredRecord) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  EXPECT_EQ(*s.RecordCount(), 0);
  Load(s, "a.csv", {MakeRecord("A1"), MakeRecord("A2")});
  EXPECT_EQ(*s.RecordCount(), 2);
  Record shelter = MakeRecord("A1");
  shelter.source = "shelter";
  const std::int64_t second = Load(s, "b.csv", {shelter});
  EXPECT_EQ(*s.RecordCount(), 3);
  ASSERT_TRUE(s.Begin().ok());
  ASSERT_TRUE(s.RetireIngest(second).ok());
  ASSERT_TRUE(s.Commit().ok());
  EXPECT_EQ(*s.RecordCount(), 2);
}

TEST(SqliteStore, ReplaceLinkageSetsPersonIdsAndStoresThePairsInOrder) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  Load(s, "a.csv", {MakeRecord("A1"), MakeRecord("A2"), MakeRecord("A3"), MakeRecord("A4")});
  const std::int64_t a1 = IdOf(s, "A1"), a2 = IdOf(s, "A2"), a3 = IdOf(s, "A3"), a4 = IdOf(s, "A4");
  EXPECT_TRUE(s.ScoredPairs()->empty());

  // Given out of order; read back ordered by record_a, then record_b.
  const std::vector<ScoredPair> pairs = {
      {a2, a3, -1.5, 0.26}, {a1, a3, 3.25, 0.905}, {a1, a2, 12.5, 0.99982}};
  ASSERT_TRUE(Link(s, {{a1, 7}, {a2, 7}, {a3, 9}}, pairs).ok());

  const auto records = AllRecords(s);
  ASSERT_EQ(records.size(), 4u);
  EXPECT_EQ(records[0].person_id, 7);
  EXPECT_EQ(records[1].person_id, 7);
  EXPECT_EQ(records[2].person_id, 9);
  EXPECT_EQ(records[3].person_id, 0);  // no assignment: unlinked
  EXPECT_EQ((*s.FindRecord("police", "A3"))->person_id, 9);
  EXPECT_EQ((*s.FindRecord("police", "A4"))->person_id, 0);
  EXPECT_EQ((*s.FindRecord("police", "A4"))->record_id, a4);

  auto stored = s.ScoredPairs();
  ASSERT_TRUE(stored.ok()) << stored.status().message();
  ASSERT_EQ(stored->size(), 3u);
  EXPECT_TRUE(SamePair((*stored)[0], pairs[2]));
  EXPECT_TRUE(SamePair((*stored)[1], pairs[1]));
  EXPECT_TRUE(SamePair((*stored)[2], pairs[0]));
}

TEST(SqliteStore, ASecondLinkageReplacesTheFirstRatherThanAddingToIt) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  Load(s, "a.csv", {MakeRecord("A1"), MakeRecord("A2"), MakeRecord("A3")});
  const std::int64_t a1 = IdOf(s, "A1"), a2 = IdOf(s, "A2"), a3 = IdOf(s, "A3");
  ASSERT_TRUE(Link(s, {{a1, 1}, {a2, 1}, {a3, 2}}, {{a1, a2, 10, 0.999}, {a1, a3, 1, 0.6}}).ok());
  // The same pair (a1, a2) again with a new score, and a3 now unassigned.
  ASSERT_TRUE(Link(s, {{a1, 5}, {a2, 6}}, {{a1, a2, -1, 0.3}, {a2, a3, 4, 0.94}}).ok());

  const auto records = AllRecords(s);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].person_id, 5);
  EXPECT_EQ(records[1].person_id, 6);
  EXPECT_EQ(records[2].person_id, 0);
  auto stored = s.ScoredPairs();
  ASSERT_TRUE(stored.ok());
  ASSERT_EQ(stored->size(), 2u);
  EXPECT_TRUE(SamePair((*stored)[0], (ScoredPair{a1, a2, -1, 0.3})));
  EXPECT_TRUE(SamePair((*stored)[1], (ScoredPair{a2, a3, 4, 0.94})));

  // And an empty linkage clears both.
  ASSERT_TRUE(Link(s, {}, {}).ok());
  EXPECT_TRUE(s.ScoredPairs()->empty());
  for (const Record& r : AllRecords(s)) EXPECT_EQ(r.person_id, 0) << r.source_record_id;
}

TEST(SqliteStore, ALinkageRolledBackLeavesTheEarlierOne) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  Load(s, "a.csv", {MakeRecord("A1"), MakeRecord("A2")});
  const std::int64_t a1 = IdOf(s, "A1"), a2 = IdOf(s, "A2");
  ASSERT_TRUE(Link(s, {{a1, 3}, {a2, 3}}, {{a1, a2, 8, 0.996}}).ok());
  ASSERT_TRUE(s.Begin().ok());
  ASSERT_TRUE(s.ReplaceLinkage({{a1, 4}}, {}).ok());
  ASSERT_TRUE(s.Rollback().ok());
  EXPECT_EQ((*s.FindRecord("police", "A1"))->person_id, 3);
  EXPECT_EQ((*s.FindRecord("police", "A2"))->person_id, 3);
  ASSERT_EQ(s.ScoredPairs()->size(), 1u);
}

TEST(SqliteStore, RetiringAnIngestRemovesItsRecordsPairsAndPersonsOnly) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  const std::int64_t first = Load(s, "a.csv", {MakeRecord("A1"), MakeRecord("A2")});
  const std::int64_t second =
      Load(s, "b.csv", {MakeRecord("B1"), MakeRecord("B2"), MakeRecord("B3")});
  const std::int64_t a1 = IdOf(s, "A1"), a2 = IdOf(s, "A2");
  const std::int64_t b1 = IdOf(s, "B1"), b2 = IdOf(s, "B2"), b3 = IdOf(s, "B3");
  // Pairs within the retired ingest, across the two, and within the kept one.
  ASSERT_TRUE(Link(s, {{a1, 1}, {a2, 1}, {b1, 1}, {b2, 2}, {b3, 2}},
                   {{a1, a2, 9, 0.998}, {a2, b1, 7, 0.99}, {b1, b2, -1, 0.3}, {b2, b3, 11, 0.9995}})
                  .ok());

  ASSERT_TRUE(s.Begin().ok());
  ASSERT_TRUE(s.RetireIngest(first).ok());
  ASSERT_TRUE(s.Commit().ok());

  auto pairs = s.ScoredPairs();
  ASSERT_TRUE(pairs.ok());
  ASSERT_EQ(pairs->size(), 2u);
  EXPECT_TRUE(SamePair((*pairs)[0], (ScoredPair{b1, b2, -1, 0.3})));
  EXPECT_TRUE(SamePair((*pairs)[1], (ScoredPair{b2, b3, 11, 0.9995})));
  const auto records = AllRecords(s);
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].person_id, 1);
  EXPECT_EQ(records[1].person_id, 2);
  EXPECT_EQ(records[2].person_id, 2);
  // The retired records' person rows are gone, not merely unreachable: a record id SQLite
  // hands out again must not inherit a person.
  const auto db = dir / "m.db";
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM record_persons"), 3);
  EXPECT_EQ(QueryInt(db, "SELECT COUNT(*) FROM record_persons WHERE record_id IN (" +
                             std::to_string(a1) + ", " + std::to_string(a2) + ")"),
            0);
  const auto log = s.IngestLog();
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ((*log)[0].status, "replaced");
  EXPECT_EQ((*log)[1].status, "loaded");
  EXPECT_EQ((*log)[1].ingest_id, second);
}

// A store as an earlier release wrote it: the first `version` migrations and the version
// table as Migrate() makes it, with one record (with partial dates from version 2 on).
void WriteOldStore(const std::filesystem::path& path, int version) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  const auto exec = [db](const std::string& sql) {
    char* error = nullptr;
    const int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error);
    EXPECT_EQ(rc, SQLITE_OK) << (error != nullptr ? error : "") << "\n" << sql;
    sqlite3_free(error);
  };
  exec(
      "CREATE TABLE IF NOT EXISTS schema_version (version INTEGER PRIMARY KEY, "
      "applied_at TEXT NOT NULL)");
  for (int v = 1; v <= version; ++v) {
    exec(sqlite::Migrations()[static_cast<size_t>(v - 1)]);
    exec("INSERT INTO schema_version(version, applied_at) VALUES(" + std::to_string(v) +
         ", '2024-01-01T00:00:00Z')");
  }
  exec("INSERT INTO sources(name, kind) VALUES('police', 'police')");
  exec(
      "INSERT INTO ingests(ingest_id, source, file_name, content_sha256, mapping_sha256, "
      "rows_read, rows_written, rows_rejected, year_min, year_max, status, loaded_at) "
      "VALUES(1, 'police', 'a.csv', 'ab', '', 1, 1, 0, 2019, 2019, 'loaded', "
      "'2024-01-01T00:00:00Z')");
  exec(
      "INSERT INTO records(record_id, ingest_id, source, source_record_id, registration_date, "
      "registration_year, birth_year, age, minor, gender, nationality, exploitation_forms, "
      "sector, domestic, unaccompanied_minor, municipality, region, given_name_tokens, "
      "family_name_tokens, dob_hash) VALUES(42, 1, 'police', 'A1', '2019-03-01', 2019, 2003, "
      "15, 1, 'female', 'NL', '[\"sexual\"]', 'window', 'domestic', 0, '', '', "
      "X'07000000000000000000000000000000', X'', X'07070707070707070707070707070707')");
  if (version >= 2) {
    exec("UPDATE records SET dob_month_day_hash = X'11111111111111111111111111111111'");
  }
  sqlite3_close(db);
}

TEST(SqliteStore, MigratesAVersionOneStoreKeepingItsRecords) {
  ASSERT_EQ(sqlite::Migrations().size(), static_cast<size_t>(kSchemaVersion));
  TempDir dir;
  const auto path = dir / "v1.db";
  WriteOldStore(path, 1);
  ASSERT_FALSE(::testing::Test::HasFailure());
  EXPECT_EQ(QueryInt(path, "SELECT MAX(version) FROM schema_version"), 1);

  {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.status().message();
    Store& s = **store;
    EXPECT_EQ(*s.SchemaVersion(), kSchemaVersion);
    EXPECT_EQ(*s.RecordCount(), 1);
    auto found = s.FindRecord("police", "A1");
    ASSERT_TRUE(found.ok()) << found.status().message();
    ASSERT_TRUE(found->has_value());
    const Record& r = **found;
    EXPECT_EQ(r.record_id, 42);
    EXPECT_EQ(r.person_id, 0);
    EXPECT_EQ(r.registration_date, (Date{2019, 3, 1}));
    EXPECT_EQ(r.birth_year, 2003);
    EXPECT_EQ(r.exploitation_forms, std::vector<std::string>{"sexual"});
    ASSERT_EQ(r.identifiers.given_name_tokens.size(), 1u);
    EXPECT_EQ(r.identifiers.given_name_tokens[0][0], 7);
    EXPECT_TRUE(r.identifiers.family_name_tokens.empty());
    EXPECT_EQ(r.identifiers.date_of_birth, DigestOf(7));
    EXPECT_FALSE(r.identifiers.dob_month_day.has_value());
    EXPECT_FALSE(r.identifiers.dob_year_month.has_value());
    EXPECT_FALSE(r.identifiers.dob_year_day.has_value());
    EXPECT_TRUE(r.identifiers.given_name_variants.empty());
    EXPECT_EQ(AllRecords(s).size(), 1u);
    // The new tables work on the migrated store.
    ASSERT_TRUE(Link(s, {{42, 3}}, {}).ok());
    EXPECT_EQ((*s.FindRecord("police", "A1"))->person_id, 3);
  }
  // Opening again applies nothing twice.
  auto again = OpenSqliteStore(path);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(*(*again)->SchemaVersion(), kSchemaVersion);
  EXPECT_EQ(QueryInt(path, "SELECT COUNT(*) FROM schema_version"), kSchemaVersion);
  EXPECT_EQ((*(*again)->FindRecord("police", "A1"))->person_id, 3);
}

// ----- Schema version 3: the given name's variant hashes --------------------------------

TEST(SqliteStore, GivenNameVariantsRoundTripAndNoneReadsEmpty) {
  TempDir dir;
  auto store = CreateSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  Store& s = **store;
  Record with = MakeRecord("A1");
  with.identifiers.given_name_variants = {DigestOf(0x01), DigestOf(0x5a), DigestOf(0xfe)};
  Record without = MakeRecord("A2");
  without.identifiers.given_name_variants.clear();
  Load(s, "a.csv", {with, without});

  const auto read = AllRecords(s);
  ASSERT_EQ(read.size(), 2u);
  EXPECT_EQ(read[0].identifiers.given_name_variants, with.identifiers.given_name_variants);
  EXPECT_TRUE(read[1].identifiers.given_name_variants.empty());
  // Stored as the other digest lists are: 16 bytes each, concatenated; none is NULL.
  EXPECT_EQ(
      QueryInt(dir / "m.db",
               "SELECT LENGTH(given_name_variants) FROM records WHERE source_record_id = 'A1'"),
      48);
  EXPECT_EQ(
      QueryInt(dir / "m.db", "SELECT COUNT(*) FROM records WHERE given_name_variants IS NULL"), 1);
  auto found = s.FindRecord("police", "A1");
  ASSERT_TRUE(found.ok() && found->has_value());
  EXPECT_EQ((*found)->identifiers.given_name_variants, with.identifiers.given_name_variants);
}

TEST(SqliteStore, MigratesAVersionTwoStoreKeepingItsRecords) {
  TempDir dir;
  const auto path = dir / "v2.db";
  WriteOldStore(path, 2);
  ASSERT_FALSE(::testing::Test::HasFailure());
  EXPECT_EQ(QueryInt(path, "SELECT MAX(version) FROM schema_version"), 2);

  {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.status().message();
    Store& s = **store;
    EXPECT_EQ(*s.SchemaVersion(), kSchemaVersion);
    auto found = s.FindRecord("police", "A1");
    ASSERT_TRUE(found.ok()) << found.status().message();
    ASSERT_TRUE(found->has_value());
    const Record& old = **found;
    EXPECT_EQ(old.record_id, 42);
    EXPECT_EQ(old.identifiers.date_of_birth, DigestOf(7));
    EXPECT_EQ(old.identifiers.dob_month_day, DigestOf(0x11));
    EXPECT_TRUE(old.identifiers.given_name_variants.empty());  // stored before they existed

    // New records carry their variants on the migrated store.
    Record fresh = MakeRecord("B1");
    fresh.identifiers.given_name_variants = {DigestOf(0x33)};
    Load(s, "b.csv", {fresh});
    EXPECT_EQ(*s.RecordCount(), 2);
    EXPECT_EQ((*s.FindRecord("police", "B1"))->identifiers.given_name_variants,
              std::vector<Digest>{DigestOf(0x33)});
  }
  auto again = OpenSqliteStore(path);
  ASSERT_TRUE(again.ok()) << again.status().message();
  EXPECT_EQ(*(*again)->SchemaVersion(), kSchemaVersion);
  EXPECT_EQ(QueryInt(path, "SELECT COUNT(*) FROM schema_version"), kSchemaVersion);
}

}  // namespace
}  // namespace zicht::store
