// The demo runs the whole pipeline that exists on a simulated world: every simulated
// source's extract must ingest with its own mapping and without a single reject.
#include <gtest/gtest.h>

#include <filesystem>
#include <map>

#include "support/fake_extract.hpp"
#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

TEST(ZichtDemo, IngestsEverySimulatedSourceWithoutRejects) {
  TempDir dir;
  const auto result =
      RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.2", "--seed", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* source : {"police", "border_police", "labour_inspectorate", "care_provider",
                             "shelter_reception", "guardianship", "online_chat", "other"}) {
    EXPECT_NE(result.out.find(source), std::string::npos) << source;
  }
  const auto status = RunZicht({"status", "--db", (dir / "zicht.db").string(), "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(status.out.find("\"rows_rejected\": 1"), std::string::npos);
  EXPECT_NE(status.out.find("\"rows_rejected\": 0"), std::string::npos);
  // A second run in the same folder never deletes the first one's store or key: it is
  // refused (status 73, docs/data-dictionary.md), and the store is still there.
  const std::string key = ReadFile(dir / "zicht.key");
  EXPECT_EQ(RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.2"}).exit_code, 73);
  EXPECT_EQ(ReadFile(dir / "zicht.key"), key);
  EXPECT_EQ(RunZicht({"status", "--db", (dir / "zicht.db").string()}).exit_code, 0);
}

// Every table the report wrote, by file name.
std::map<std::string, std::string> Tables(const std::filesystem::path& report) {
  std::map<std::string, std::string> tables;
  for (const auto& entry : std::filesystem::directory_iterator(report / "tables")) {
    tables[entry.path().filename().string()] = ReadFile(entry.path());
  }
  return tables;
}

// The same seed gives the same figures: the demo's key is derived from the seed, not drawn.
TEST(ZichtDemo, TheSameSeedGivesTheSameFiguresAndTheSameKey) {
  TempDir first, second, other;
  for (const TempDir* dir : {&first, &second}) {
    const auto run =
        RunZicht({"demo", "--out", dir->path().string(), "--scale", "0.05", "--seed", "11"});
    ASSERT_EQ(run.exit_code, 0) << run.err;
  }
  EXPECT_EQ(ReadFile(first / "zicht.key"), ReadFile(second / "zicht.key"));
  const auto tables = Tables(first / "report");
  ASSERT_GT(tables.size(), 5u);
  EXPECT_EQ(tables, Tables(second / "report"));

  ASSERT_EQ(RunZicht({"demo", "--out", other.path().string(), "--scale", "0.05", "--seed", "12"})
                .exit_code,
            0);
  EXPECT_NE(ReadFile(first / "zicht.key"), ReadFile(other / "zicht.key"));
}

// A demo store's key is public: the store says so, and loading anything into it warns.
TEST(ZichtDemo, TheDemoKeyIsMarkedAndAnIngestIntoItsStoreWarns) {
  TempDir dir;
  ASSERT_EQ(RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.05"}).exit_code, 0);
  EXPECT_NE(ReadFile(dir / "zicht.key").find("NOT SECRET"), std::string::npos);
  const auto status = RunZicht({"status", "--db", (dir / "zicht.db").string()});
  EXPECT_NE(status.out.find("NOT SECRET"), std::string::npos) << status.out;

  const auto csv = WriteCanonicalCsv(dir / "real.csv", MakeFakePeople(5, 21));
  const auto ingest = RunZicht(
      {"ingest", "--db", (dir / "zicht.db").string(), "--source", "shelter", csv.string()});
  EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
  EXPECT_NE(ingest.err.find("NOT SECRET"), std::string::npos) << ingest.err;

  // A store of zicht init has a secret key: no warning.
  ASSERT_EQ(RunZicht({"init", "--db", (dir / "own.db").string()}).exit_code, 0);
  const auto own =
      RunZicht({"ingest", "--db", (dir / "own.db").string(), "--source", "shelter", csv.string()});
  EXPECT_EQ(own.exit_code, 0) << own.err;
  EXPECT_EQ(own.err.find("NOT SECRET"), std::string::npos) << own.err;
  const auto own_status = RunZicht({"status", "--db", (dir / "own.db").string()});
  EXPECT_EQ(own_status.out.find("NOT SECRET"), std::string::npos) << own_status.out;
}

}  // namespace
}  // namespace zicht::testing
