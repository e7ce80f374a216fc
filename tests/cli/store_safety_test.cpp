// Stores are never damaged or lost by the program as a user runs it: demo never deletes a
// store or a key, no command writes to a file that is not a zicht store or to a damaged
// store, and a second writer waits for the first. Every exit status is the one the table
// in docs/data-dictionary.md gives.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <chrono>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <thread>

#include "support/fake_extract.hpp"
#include "support/test_support.hpp"
#include "support/write_lock.hpp"
#include "zicht/core/status.hpp"

namespace zicht::testing {
namespace {

namespace fs = std::filesystem;

// The exit status table of docs/data-dictionary.md: status -> meaning.
std::map<int, std::string> DocumentedStatuses() {
  std::istringstream doc(ReadFile(SourceDir() / "docs" / "data-dictionary.md"));
  std::map<int, std::string> table;
  std::string line;
  bool in_section = false;
  while (std::getline(doc, line)) {
    if (line.rfind("## ", 0) == 0) in_section = line == "## Exit status";
    if (!in_section || line.rfind("| ", 0) != 0) continue;
    const auto bar = line.find(" | ", 2);
    if (bar == std::string::npos) continue;
    const std::string status = line.substr(2, bar - 2);
    if (status.empty() || status.find_first_not_of("0123456789") != std::string::npos) continue;
    table[std::stoi(status)] = line.substr(bar + 3);
  }
  return table;
}

// The one documented status whose meaning begins with `meaning`.
int DocumentedStatus(const std::string& meaning) {
  int found = -1;
  for (const auto& [status, text] : DocumentedStatuses()) {
    if (text.rfind(meaning, 0) == 0) {
      EXPECT_EQ(found, -1) << "two statuses mean: " << meaning;
      found = status;
    }
  }
  EXPECT_NE(found, -1) << "no documented status means: " << meaning;
  return found;
}

TEST(ExitStatus, TheDocsListEveryStatusTheProgramEndsWith) {
  const auto table = DocumentedStatuses();
  // 0 for success and 64 for a wrong command line come from main.cpp; the rest from
  // Status::ExitCode, one for each code.
  std::map<int, bool> used = {{0, true}, {64, true}};
  for (int code = static_cast<int>(StatusCode::kOk); code <= static_cast<int>(StatusCode::kDamaged);
       ++code) {
    const int exit_code = [&] {
      switch (static_cast<StatusCode>(code)) {
        case StatusCode::kOk:
          return Status::Ok().ExitCode();
        case StatusCode::kInvalidArgument:
          return Status::InvalidArgument("").ExitCode();
        case StatusCode::kInvalidData:
          return Status::InvalidData("").ExitCode();
        case StatusCode::kNotFound:
          return Status::NotFound("").ExitCode();
        case StatusCode::kAlreadyExists:
          return Status::AlreadyExists("").ExitCode();
        case StatusCode::kIoError:
          return Status::IoError("").ExitCode();
        case StatusCode::kConfigError:
          return Status::ConfigError("").ExitCode();
        case StatusCode::kFailedPrecondition:
          return Status::FailedPrecondition("").ExitCode();
        case StatusCode::kInternal:
          return Status::Internal("").ExitCode();
        case StatusCode::kBusy:
          return Status::Busy("").ExitCode();
        case StatusCode::kNotAStore:
          return Status::NotAStore("").ExitCode();
        case StatusCode::kDamaged:
          return Status::Damaged("").ExitCode();
      }
      return -1;
    }();
    used[exit_code] = true;
  }
  for (const auto& [status, unused] : used) {
    EXPECT_EQ(table.count(status), 1u) << "exit status " << status << " is not documented";
  }
  for (const auto& [status, meaning] : table) {
    EXPECT_EQ(used.count(status), 1u) << "documented exit status " << status << " is never used";
  }
  // Hand-checked against sysexits(3) and the table.
  EXPECT_EQ(Status::Busy("").ExitCode(), 75);
  EXPECT_EQ(Status::NotAStore("").ExitCode(), 79);
  EXPECT_EQ(Status::Damaged("").ExitCode(), 80);
}

TEST(ExitStatus, UsageAndMissingStoreEndAsDocumented) {
  TempDir dir;
  EXPECT_EQ(RunZicht({"ingest", "--db", (dir / "m.db").string()}).exit_code,
            DocumentedStatus("wrong use of the command line"));
  const auto missing = RunZicht({"status", "--db", (dir / "nothere.db").string()});
  EXPECT_EQ(missing.exit_code, DocumentedStatus("a file that is not there"));
  EXPECT_FALSE(fs::exists(dir / "nothere.db")) << "status must not create a store";
}

TEST(ExitStatus, AnUnreadableWaitInTheEnvironmentIsAUsageError) {
  TempDir dir;
  ASSERT_EQ(RunZicht({"init", "--db", (dir / "m.db").string()}).exit_code, 0);
  const auto csv = WriteCanonicalCsv(dir / "in.csv", MakeFakePeople(5, 1));
  ::setenv("ZICHT_WAIT", "soon", 1);
  const auto result =
      RunZicht({"ingest", "--db", (dir / "m.db").string(), "--source", "police", csv.string()});
  ::unsetenv("ZICHT_WAIT");
  EXPECT_EQ(result.exit_code, DocumentedStatus("wrong use of the command line")) << result.err;
  EXPECT_NE(result.err.find("ZICHT_WAIT"), std::string::npos);
}

// --- demo never deletes a store or a key ------------------------------------------------

TEST(DemoFolder, AFolderWithAStoreAndItsKeyIsRefusedAndForceKeepsBoth) {
  TempDir dir;
  ASSERT_EQ(RunZicht({"init", "--db", (dir / "zicht.db").string()}).exit_code, 0);
  const std::string key = ReadFile(dir / "zicht.key");
  const std::string store = ReadFile(dir / "zicht.db");
  ASSERT_FALSE(key.empty());

  const auto refused = RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.05"});
  EXPECT_EQ(refused.exit_code, DocumentedStatus("refusing to replace what exists")) << refused.err;
  EXPECT_NE(refused.err.find("zicht."), std::string::npos) << refused.err;
  EXPECT_FALSE(fs::exists(dir / "world"));
  EXPECT_EQ(ReadFile(dir / "zicht.key"), key);

  const auto forced =
      RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.05", "--force"});
  ASSERT_EQ(forced.exit_code, 0) << forced.err;
  EXPECT_EQ(ReadFile(dir / "zicht.key"), key);
  EXPECT_EQ(ReadFile(dir / "zicht.db"), store);
  // The demo's own store, key, world and report, under the next free names.
  for (const char* name : {"zicht-2.db", "zicht-2.key", "world-2", "report-2/index.html"}) {
    EXPECT_TRUE(fs::exists(dir / name)) << name;
  }
  EXPECT_NE(ReadFile(dir / "zicht-2.key"), key);
  EXPECT_NE(forced.out.find("zicht-2.db"), std::string::npos);
  const auto status = RunZicht({"status", "--db", (dir / "zicht-2.db").string()});
  EXPECT_EQ(status.exit_code, 0) << status.err;
}

TEST(DemoFolder, AFolderWithOnlyAKeyIsRefusedNamingIt) {
  TempDir dir;
  WriteFile(dir / "monitor.key", std::string(64, 'a') + "\n");
  const auto refused = RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.05"});
  EXPECT_EQ(refused.exit_code, DocumentedStatus("refusing to replace what exists"));
  EXPECT_NE(refused.err.find("monitor.key"), std::string::npos) << refused.err;
  EXPECT_EQ(ReadFile(dir / "monitor.key"), std::string(64, 'a') + "\n");
  EXPECT_FALSE(fs::exists(dir / "zicht.db"));
}

TEST(DemoFolder, AnEarlierDemoIsRefusedUntilForced) {
  TempDir dir;
  fs::create_directories(dir / "report");
  WriteFile(dir / "report" / "index.html", "mine");
  const auto refused = RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.05"});
  EXPECT_EQ(refused.exit_code, DocumentedStatus("refusing to replace what exists"));
  EXPECT_NE(refused.err.find("report"), std::string::npos) << refused.err;
  EXPECT_EQ(ReadFile(dir / "report" / "index.html"), "mine");
}

// --- files that are not a zicht store -----------------------------------------------------

void ExecOn(const fs::path& path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(path.c_str(), &db), SQLITE_OK);
  ASSERT_EQ(sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr), SQLITE_OK) << sql;
  sqlite3_close(db);
}

TEST(ForeignFile, StatusAndIngestRefuseAnotherProgramsDatabaseAndLeaveItByteForByte) {
  TempDir dir;
  const fs::path other = dir / "other.sqlite";
  ExecOn(other, "CREATE TABLE t (x INTEGER); INSERT INTO t VALUES (7);");
  const std::string before = ReadFile(other);
  // A real key, so that ingest gets as far as the store.
  ASSERT_EQ(RunZicht({"init", "--db", (dir / "real.db").string()}).exit_code, 0);
  const auto csv = WriteCanonicalCsv(dir / "in.csv", MakeFakePeople(5, 2));

  const auto status = RunZicht({"status", "--db", other.string()});
  EXPECT_EQ(status.exit_code, DocumentedStatus("not a zicht store")) << status.err;
  EXPECT_NE(status.err.find("other.sqlite: not a zicht store"), std::string::npos) << status.err;
  const auto ingest = RunZicht({"ingest", "--db", other.string(), "--key-file",
                                (dir / "real.key").string(), "--source", "police", csv.string()});
  EXPECT_EQ(ingest.exit_code, DocumentedStatus("not a zicht store")) << ingest.err;
  const auto link = RunZicht({"link", "--db", other.string()});
  EXPECT_EQ(link.exit_code, DocumentedStatus("not a zicht store")) << link.err;
  EXPECT_EQ(ReadFile(other), before);
  EXPECT_FALSE(fs::exists(other.string() + "-wal"));
}

TEST(ForeignFile, AnEmptyFileIsNotTurnedIntoAStore) {
  TempDir dir;
  WriteFile(dir / "empty.db", "");
  const auto status = RunZicht({"status", "--db", (dir / "empty.db").string()});
  EXPECT_EQ(status.exit_code, DocumentedStatus("not a zicht store")) << status.err;
  EXPECT_EQ(fs::file_size(dir / "empty.db"), 0u);
}

// --- a damaged store ----------------------------------------------------------------------

TEST(DamagedStore, IngestRefusesItWithTheDocumentedStatusAndWritesNothing) {
  TempDir dir;
  const fs::path db = dir / "m.db";
  ASSERT_EQ(RunZicht({"init", "--db", db.string()}).exit_code, 0);
  const auto first = WriteCanonicalCsv(dir / "a.csv", MakeFakePeople(400, 3));
  ASSERT_EQ(
      RunZicht({"ingest", "--db", db.string(), "--source", "police", first.string()}).exit_code, 0);
  ASSERT_FALSE(fs::exists(db.string() + "-wal")) << "the log is merged when the ingest ends";
  // Overwrite the first half of the page in the middle of the file: its b-tree header and
  // cell pointers.
  std::string bytes = ReadFile(db);
  const size_t pages = bytes.size() / 4096;
  ASSERT_GE(pages, 10u);
  for (size_t i = 0; i < 2048; ++i) bytes[(pages / 2) * 4096 + i] = '\x5A';
  WriteFile(db, bytes);

  const auto second = WriteCanonicalCsv(dir / "b.csv", MakeFakePeople(50, 4, 2018));
  const auto ingest =
      RunZicht({"ingest", "--db", db.string(), "--source", "shelter", second.string()});
  EXPECT_EQ(ingest.exit_code, DocumentedStatus("the store is damaged")) << ingest.err;
  EXPECT_NE(ingest.err.find("m.db: the store is damaged"), std::string::npos) << ingest.err;
  EXPECT_EQ(ReadFile(db), bytes);
  const auto link = RunZicht({"link", "--db", db.string()});
  EXPECT_EQ(link.exit_code, DocumentedStatus("the store is damaged")) << link.err;
  EXPECT_EQ(ReadFile(db), bytes);
}

// --- two writers ----------------------------------------------------------------------------

class TwoWriters : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_EQ(RunZicht({"init", "--db", db_.string()}).exit_code, 0);
    csv_ = WriteCanonicalCsv(dir_ / "in.csv", MakeFakePeople(20, 5));
  }
  CommandResult Ingest(const std::string& wait) {
    return RunZicht(
        {"ingest", "--db", db_.string(), "--source", "police", "--wait", wait, csv_.string()});
  }
  TempDir dir_;
  fs::path db_ = dir_ / "m.db";
  fs::path csv_;
};

TEST_F(TwoWriters, TheSecondSaysItWaitsThenGivesUpWithTheDocumentedStatus) {
  WriteLock lock(db_);
  const auto started = std::chrono::steady_clock::now();
  const auto result = Ingest("1");
  const auto took = std::chrono::steady_clock::now() - started;
  EXPECT_EQ(result.exit_code, DocumentedStatus("another program is writing to the store"))
      << result.err;
  EXPECT_NE(result.err.find("waiting for another writer of " + db_.string()), std::string::npos)
      << result.err;
  EXPECT_NE(result.err.find("nothing was written"), std::string::npos) << result.err;
  EXPECT_GE(took, std::chrono::seconds(1));
  lock.Release();
  const auto status = RunZicht({"status", "--db", db_.string(), "--json"});
  EXPECT_EQ(status.out.find("in.csv"), std::string::npos) << "the refused ingest wrote nothing";
}

TEST_F(TwoWriters, TheSecondGoesOnWhenTheFirstFinishesWithinTheWait) {
  WriteLock lock(db_);
  CommandResult result;
  std::thread second([&] { result = Ingest("60"); });
  // Long enough for the program to start and reach the lock, far inside the wait.
  std::this_thread::sleep_for(std::chrono::seconds(3));
  lock.Release();
  second.join();
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.err.find("waiting for another writer of " + db_.string()), std::string::npos)
      << result.err;
  const auto status = RunZicht({"status", "--db", db_.string(), "--json"});
  EXPECT_NE(status.out.find("in.csv"), std::string::npos) << status.out;
}

}  // namespace
}  // namespace zicht::testing
