// Every input is read once, so an extract can come through a pipe, standard input or a
// FIFO, and the same bytes from a file afterwards are recognised as loaded. The expected
// counts are the made-up extracts' own sizes.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <fstream>
#include <string>
#include <thread>

#include "support/fake_extract.hpp"
#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

namespace fs = std::filesystem;

std::int64_t RecordsInStore(const fs::path& db) {
  sqlite3* handle = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  sqlite3_stmt* statement = nullptr;
  sqlite3_prepare_v2(handle, "SELECT count(*) FROM records", -1, &statement, nullptr);
  std::int64_t count = -1;
  if (sqlite3_step(statement) == SQLITE_ROW) count = sqlite3_column_int64(statement, 0);
  sqlite3_finalize(statement);
  sqlite3_close(handle);
  return count;
}

class PipeInput : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_ / "m.db";
    ASSERT_EQ(RunZicht({"init", "--db", db_.string()}).exit_code, 0);
  }
  std::vector<std::string> Ingest(std::vector<std::string> files) const {
    std::vector<std::string> args = {"ingest", "--db", db_.string(), "--source", "police"};
    args.insert(args.end(), files.begin(), files.end());
    return args;
  }
  TempDir dir_;
  fs::path db_;
};

TEST_F(PipeInput, StandardInputIsIngestedAndTheSameFileAfterwardsWritesNothing) {
  const auto csv = WriteCanonicalCsv(dir_ / "police_2019.csv", MakeFakePeople(25, 3));
  const auto piped = RunZichtWithStdin(Ingest({"-"}), ReadFile(csv));
  ASSERT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_NE(piped.out.find("stdin: 25 rows read, 25 valid"), std::string::npos) << piped.out;
  EXPECT_EQ(RecordsInStore(db_), 25);

  const auto again = RunZicht(Ingest({csv.string()}));
  EXPECT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already loaded"), std::string::npos) << again.out;
  EXPECT_EQ(RecordsInStore(db_), 25);

  const auto piped_again = RunZichtWithStdin(Ingest({"-"}), ReadFile(csv));
  EXPECT_EQ(piped_again.exit_code, 0) << piped_again.err;
  EXPECT_NE(piped_again.out.find("already loaded"), std::string::npos) << piped_again.out;
  EXPECT_EQ(RecordsInStore(db_), 25);
}

TEST_F(PipeInput, AFileLoadedFirstIsRecognisedThroughAPipe) {
  const auto csv = WriteCanonicalCsv(dir_ / "police_2019.csv", MakeFakePeople(12, 4));
  ASSERT_EQ(RunZicht(Ingest({csv.string()})).exit_code, 0);
  const auto piped = RunZichtWithStdin(Ingest({"-"}), ReadFile(csv));
  EXPECT_EQ(piped.exit_code, 0) << piped.err;
  EXPECT_NE(piped.out.find("already loaded"), std::string::npos) << piped.out;
  EXPECT_EQ(RecordsInStore(db_), 12);
}

TEST_F(PipeInput, AFifoIsReadOnceAndDoesNotHang) {
  const auto csv = WriteCanonicalCsv(dir_ / "police_2019.csv", MakeFakePeople(30, 5));
  const auto fifo = dir_ / "extract.fifo";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  const std::string content = ReadFile(csv);
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    out << content;
  });
  const auto result = RunZicht(Ingest({fifo.string()}));
  writer.join();
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_EQ(RecordsInStore(db_), 30);
}

TEST_F(PipeInput, InvalidRowsFromAPipeAreReportedWithoutTheirContent) {
  auto people = MakeFakePeople(6, 6);
  people[2].registration_date = "2019-13-40";
  const auto csv = WriteCanonicalCsv(dir_ / "bad.csv", people);
  const auto result = RunZichtWithStdin(Ingest({"-"}), ReadFile(csv));
  EXPECT_EQ(result.exit_code, 65) << result.err;
  EXPECT_NE(result.err.find("stdin:4:"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("2019-13-40"), std::string::npos) << result.err;
  EXPECT_EQ(RecordsInStore(db_), 0);
}

TEST_F(PipeInput, StandardInputGivenTwiceIsRefused) {
  const auto csv = WriteCanonicalCsv(dir_ / "police_2019.csv", MakeFakePeople(5, 7));
  const auto result = RunZichtWithStdin(Ingest({"-", "-"}), ReadFile(csv));
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("standard input (-) can be read only once"), std::string::npos)
      << result.err;
  EXPECT_EQ(RecordsInStore(db_), 0);
}

}  // namespace
}  // namespace zicht::testing
