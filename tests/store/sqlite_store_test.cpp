#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

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

}  // namespace
}  // namespace zicht::store
