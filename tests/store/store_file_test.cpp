// The store never damages or adopts a file that is not its own: a file is opened as a store
// only with zicht's application id and schema, a damaged store is refused before a writer
// writes, and a second writer waits for the first, then gives up with kBusy.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdint>
#include <fstream>
#include <string>
#include <thread>
#include <vector>

#include "support/test_support.hpp"
#include "support/write_lock.hpp"
#include "zicht/store/store.hpp"

namespace zicht::store {
namespace {

namespace fs = std::filesystem;
using testing::ReadFile;
using testing::TempDir;
using testing::WriteFile;
using testing::WriteLock;

// "ZCHT" in ASCII, big-endian as SQLite keeps it: Z = 0x5A, C = 0x43, H = 0x48, T = 0x54.
constexpr std::int64_t kZcht = (0x5A << 24) | (0x43 << 16) | (0x48 << 8) | 0x54;

// Runs SQL on `path` with SQLite directly, as another program would.
void ExecOn(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  char* error = nullptr;
  EXPECT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &error), SQLITE_OK)
      << (error != nullptr ? error : "") << "\n"
      << sql;
  sqlite3_free(error);
  sqlite3_close(db);
}

std::int64_t ApplicationIdOf(const fs::path& path) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open_v2(path.c_str(), &db, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* stmt = nullptr;
  sqlite3_prepare_v2(db, "PRAGMA application_id", -1, &stmt, nullptr);
  std::int64_t id = -1;
  if (sqlite3_step(stmt) == SQLITE_ROW) id = sqlite3_column_int64(stmt, 0);
  sqlite3_finalize(stmt);
  sqlite3_close(db);
  return id;
}

// A store with enough meta rows to fill a few dozen pages.
void MakeFilledStore(const fs::path& path) {
  auto store = CreateSqliteStore(path);
  ASSERT_TRUE(store.ok()) << store.status().message();
  ASSERT_TRUE((*store)->Begin().ok());
  for (int i = 0; i < 400; ++i) {
    ASSERT_TRUE((*store)->SetMeta("k" + std::to_string(i), std::string(300, 'x')).ok());
  }
  ASSERT_TRUE((*store)->Commit().ok());
}

TEST(StoreFile, ANewStoreCarriesZichtsApplicationId) {
  EXPECT_EQ(kSqliteApplicationId, kZcht);
  TempDir dir;
  { ASSERT_TRUE(CreateSqliteStore(dir / "m.db").ok()); }
  EXPECT_EQ(ApplicationIdOf(dir / "m.db"), kZcht);
  EXPECT_TRUE(OpenSqliteStore(dir / "m.db").ok());
}

TEST(StoreFile, AnotherProgramsDatabaseIsRefusedAndLeftByteForByte) {
  TempDir dir;
  const fs::path path = dir / "other.sqlite";
  ExecOn(path, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (1), (2);");
  const std::string before = ReadFile(path);
  for (const bool for_writing : {false, true}) {
    OpenOptions options;
    options.for_writing = for_writing;
    auto store = OpenSqliteStore(path, options);
    ASSERT_FALSE(store.ok());
    EXPECT_EQ(store.status().code(), StatusCode::kNotAStore) << store.status().message();
    EXPECT_NE(store.status().message().find("not a zicht store"), std::string::npos);
    EXPECT_NE(store.status().message().find("other.sqlite"), std::string::npos);
  }
  EXPECT_EQ(ReadFile(path), before);
  EXPECT_FALSE(fs::exists(path.string() + "-wal"));
  EXPECT_FALSE(fs::exists(path.string() + "-journal"));
}

TEST(StoreFile, ADatabaseWithAnotherApplicationIdIsRefusedEvenWithZichtsTables) {
  TempDir dir;
  const fs::path path = dir / "m.db";
  { ASSERT_TRUE(CreateSqliteStore(path).ok()); }
  ExecOn(path, "PRAGMA application_id = 1234");
  const std::string before = ReadFile(path);
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotAStore);
  EXPECT_EQ(ReadFile(path), before);
}

TEST(StoreFile, AZichtStoreWithAForeignTableIsRefused) {
  TempDir dir;
  const fs::path path = dir / "m.db";
  { ASSERT_TRUE(CreateSqliteStore(path).ok()); }
  ExecOn(path, "CREATE TABLE t (x INTEGER)");
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotAStore);
  EXPECT_NE(store.status().message().find("(t)"), std::string::npos) << store.status().message();
}

TEST(StoreFile, AnEmptyFileIsNotMadeIntoAStoreByOpening) {
  TempDir dir;
  const fs::path path = dir / "empty.db";
  WriteFile(path, "");
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotAStore);
  EXPECT_EQ(fs::file_size(path), 0u);
  // Creating refuses it too: it never takes over a file it did not make.
  auto created = CreateSqliteStore(path);
  ASSERT_FALSE(created.ok());
  EXPECT_EQ(created.status().code(), StatusCode::kAlreadyExists);
  EXPECT_TRUE(fs::exists(path));
}

TEST(StoreFile, AFileThatIsNotSqliteIsRefusedUnchanged) {
  TempDir dir;
  const fs::path path = dir / "notes.db";
  const std::string text(8192, 'n');
  WriteFile(path, text);
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kNotAStore) << store.status().message();
  EXPECT_EQ(ReadFile(path), text);
}

TEST(StoreFile, AStoreFromBeforeTheApplicationIdIsAcceptedAndGivenIt) {
  TempDir dir;
  const fs::path path = dir / "m.db";
  {
    auto store = CreateSqliteStore(path);
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->SetMeta("kept", "yes").ok());
  }
  ExecOn(path, "PRAGMA application_id = 0");
  ASSERT_EQ(ApplicationIdOf(path), 0);
  {
    auto store = OpenSqliteStore(path);
    ASSERT_TRUE(store.ok()) << store.status().message();
    EXPECT_EQ(**(*store)->GetMeta("kept"), "yes");
  }
  EXPECT_EQ(ApplicationIdOf(path), kZcht);
}

TEST(StoreFile, AStoreMissingATableOfItsSchemaIsDamaged) {
  TempDir dir;
  const fs::path path = dir / "m.db";
  { ASSERT_TRUE(CreateSqliteStore(path).ok()); }
  ExecOn(path, "DROP TABLE link_pairs");
  auto store = OpenSqliteStore(path);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDamaged);
  EXPECT_NE(store.status().message().find("link_pairs"), std::string::npos);
}

// Overwrites the first half of the page in the middle of the file (its b-tree header and
// cell pointers among it) with 0xFF.
void CorruptMiddlePage(const fs::path& path) {
  std::string bytes = ReadFile(path);
  constexpr size_t kPage = 4096;  // SQLite's default page size
  const size_t pages = bytes.size() / kPage;
  ASSERT_GE(pages, 10u);
  const size_t offset = (pages / 2) * kPage;
  for (size_t i = 0; i < kPage / 2; ++i) bytes[offset + i] = '\xFF';
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << bytes;
}

TEST(StoreFile, AWriterRefusesADamagedStoreBeforeWriting) {
  TempDir dir;
  const fs::path path = dir / "m.db";
  MakeFilledStore(path);
  ASSERT_FALSE(fs::exists(path.string() + "-wal")) << "the log is merged on close";
  // No free pages: every page in the middle belongs to a table or an index.
  {
    sqlite3* db = nullptr;
    ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
    sqlite3_stmt* stmt = nullptr;
    sqlite3_prepare_v2(db, "PRAGMA freelist_count", -1, &stmt, nullptr);
    ASSERT_EQ(sqlite3_step(stmt), SQLITE_ROW);
    EXPECT_EQ(sqlite3_column_int64(stmt, 0), 0);
    sqlite3_finalize(stmt);
    sqlite3_close(db);
  }
  CorruptMiddlePage(path);
  const std::string before = ReadFile(path);
  OpenOptions options;
  options.for_writing = true;
  auto store = OpenSqliteStore(path, options);
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(store.status().code(), StatusCode::kDamaged) << store.status().message();
  EXPECT_NE(store.status().message().find("damaged"), std::string::npos);
  EXPECT_EQ(ReadFile(path), before);
}

TEST(StoreFile, ASecondWriterSaysItWaitsThenGivesUpWithBusy) {
  TempDir dir;
  const fs::path path = dir / "m.db";
  { ASSERT_TRUE(CreateSqliteStore(path).ok()); }
  WriteLock lock(path);
  std::vector<std::string> told;
  OpenOptions options;
  options.for_writing = true;
  options.wait = std::chrono::milliseconds(300);
  options.on_wait = [&](const std::string& message) { told.push_back(message); };
  auto store = OpenSqliteStore(path, options);  // reading is not held up by a writer
  ASSERT_TRUE(store.ok()) << store.status().message();
  const auto started = std::chrono::steady_clock::now();
  const Status begun = (*store)->Begin();
  const auto waited = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(begun.code(), StatusCode::kBusy) << begun.message();
  EXPECT_NE(begun.message().find("m.db"), std::string::npos);
  EXPECT_GE(waited, std::chrono::milliseconds(300));
  EXPECT_LT(waited, std::chrono::seconds(5));
  ASSERT_EQ(told.size(), 1u);
  EXPECT_NE(told[0].find("waiting for another writer of " + path.string()), std::string::npos);
}

TEST(StoreFile, ASecondWriterGoesOnWhenTheFirstFinishesWithinTheWait) {
  TempDir dir;
  const fs::path path = dir / "m.db";
  { ASSERT_TRUE(CreateSqliteStore(path).ok()); }
  WriteLock lock(path);
  int told = 0;
  OpenOptions options;
  options.for_writing = true;
  options.wait = std::chrono::seconds(30);
  options.on_wait = [&](const std::string&) { ++told; };
  auto store = OpenSqliteStore(path, options);
  ASSERT_TRUE(store.ok()) << store.status().message();
  std::thread finisher([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
    lock.Release();
  });
  const Status begun = (*store)->Begin();
  finisher.join();
  ASSERT_TRUE(begun.ok()) << begun.message();
  EXPECT_TRUE((*store)->SetMeta("after", "the wait").ok());
  EXPECT_TRUE((*store)->Commit().ok());
  EXPECT_EQ(told, 1);
}

TEST(StoreFile, NoWaitGivesUpAtOnceWithoutSayingItWaits) {
  TempDir dir;
  const fs::path path = dir / "m.db";
  { ASSERT_TRUE(CreateSqliteStore(path).ok()); }
  WriteLock lock(path);
  int told = 0;
  OpenOptions options;
  options.wait = std::chrono::milliseconds(0);
  options.on_wait = [&](const std::string&) { ++told; };
  auto store = OpenSqliteStore(path, options);
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->Begin().code(), StatusCode::kBusy);
  EXPECT_EQ(told, 0);
}

}  // namespace
}  // namespace zicht::store
