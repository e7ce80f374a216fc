// No identifier reaches the disk in clear: after an ingest the bytes of the SQLite file
// and its write-ahead log hold none of the input's names, dates of birth or numbers, in
// any of the spellings normalisation could produce.
#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "support/fake_extract.hpp"
#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

TEST(StoreBytes, HoldNoNameDateOfBirthOrNumberOfTheInput) {
  TempDir dir;
  const auto db = (dir / "m.db").string();
  ASSERT_EQ(RunZicht({"init", "--db", db}).exit_code, 0);
  const auto people = MakeFakePeople(2000, 42);
  const auto csv = WriteCanonicalCsv(dir / "in.csv", people);
  // Keep the log unmerged: a second connection is not needed, the WAL stays beside the
  // file until the last connection closes, so read both after a partial and a full run.
  const auto result = RunZicht({"ingest", "--db", db, "--source", "police", csv.string()});
  ASSERT_EQ(result.exit_code, 0) << result.err;

  std::string bytes = ReadFile(db);
  for (const char* suffix : {"-wal", "-shm"}) {
    if (std::filesystem::exists(db + suffix)) bytes += ReadFile(db + suffix);
  }
  ASSERT_GT(bytes.size(), 100000u);
  const std::string lowered = Lower(bytes);
  int checked = 0;
  for (const FakePerson& p : people) {
    for (const std::string& name : {p.given_name, p.family_name}) {
      EXPECT_EQ(lowered.find(Lower(name)), std::string::npos) << "a name reached the store";
      ++checked;
    }
    const std::string compact =
        p.date_of_birth.substr(0, 4) + p.date_of_birth.substr(5, 2) + p.date_of_birth.substr(8, 2);
    EXPECT_EQ(bytes.find(p.date_of_birth), std::string::npos)
        << "a date of birth reached the store";
    EXPECT_EQ(bytes.find(compact), std::string::npos);
    EXPECT_EQ(bytes.find(p.personal_id), std::string::npos) << "a personal id reached the store";
    checked += 3;
  }
  EXPECT_EQ(checked, 2000 * 5);
  // And the categories that stay in clear are there, so the search itself works.
  EXPECT_NE(bytes.find("escort_hotel"), std::string::npos);
  EXPECT_NE(bytes.find(people[0].record_id), std::string::npos);
}

}  // namespace
}  // namespace zicht::testing
