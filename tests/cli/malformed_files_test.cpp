// Malformed extracts through the program as a user runs it: each gives exit status 65, a
// message naming the file, the row (and column where there is one) and the rule, never
// an identifying value, and leaves the store exactly as it was.
#include <gtest/gtest.h>

#include "support/fake_extract.hpp"
#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

constexpr const char* kHeader =
    "source_record_id,registration_date,given_name,family_name,date_of_birth,gender,"
    "nationality,exploitation_form\n";
// Made-up identifiers that no message may repeat.
constexpr const char* kGiven = "Quovandril";
constexpr const char* kFamily = "Zephyrwick";
constexpr const char* kBirth = "1987-11-23";

std::string GoodRow(const std::string& id) {
  return id + ",2019-05-06," + kGiven + "," + kFamily + "," + kBirth + ",female,NL,sexual\n";
}

struct Malformed {
  const char* name;
  std::string content;
  std::string expected;  // part of stderr: "file:row[:column]: rule"
};

std::vector<Malformed> Cases() {
  const std::string h = kHeader;
  const std::string good = GoodRow("A1");
  std::string long_line =
      h + "A9,2019-05-06," + std::string(10 << 20, 'x') + ",B,1987-11-23,female,NL,sexual\n";
  std::string nul = h + good;
  nul[nul.size() - 5] = '\0';
  return {
      {"WrongDelimiter", "source_record_id\tregistration_date\tgiven_name\nA1\t2019-05-06\tX\n",
       "x.csv:1:"},
      {"RaggedShortRow", h + good + "A2,2019-05-06,X\n",
       "x.csv:3: row has 3 fields where the header has 8"},
      {"RaggedLongRow", h + good + "A2,2019-05-06,a,b,1987-11-23,female,NL,sexual,extra\n",
       "x.csv:3: row has 9 fields"},
      {"UnclosedQuote", h + good + "A2,\"2019-05-06,a,b,1987-11-23,female,NL,sexual\n", "x.csv:3"},
      {"StrayQuote", h + "A2,2019-05-06,Qu\"ov,b,1987-11-23,female,NL,sexual\n", "x.csv:2:3:"},
      {"TextAfterClosingQuote", h + "A2,\"2019-05-06\"x,a,b,1987-11-23,female,NL,sexual\n",
       "x.csv:2:2:"},
      {"InvalidUtf8", h + "A2,2019-05-06,Qu\xC3\x28ov,b,1987-11-23,female,NL,sexual\n",
       "x.csv:2:3:"},
      {"NulByte", nul, "x.csv:2"},
      {"ImpossibleDate", h + "A2,2019-02-30,a,b,1987-11-23,female,NL,sexual\n",
       "x.csv:2:registration_date: registration_date is not a day of the calendar"},
      {"WrongDateFormat", h + "A2,06-05-2019,a,b,1987-11-23,female,NL,sexual\n",
       "x.csv:2:registration_date: registration_date does not match the date format"},
      {"FutureRegistration", h + "A2,2099-05-06,a,b,1987-11-23,female,NL,sexual\n",
       "x.csv:2:registration_date: registration_date is in the future"},
      {"BirthAfterRegistration", h + "A2,2019-05-06,a,b,2019-06-01,female,NL,sexual\n",
       "x.csv:2:date_of_birth: date_of_birth is after the registration_date"},
      {"OlderThan100", h + "A2,2019-05-06,a,b,1900-06-01,female,NL,sexual\n",
       "x.csv:2:date_of_birth: age at registration is above 100"},
      {"UnknownCategory", h + "A2,2019-05-06,a,b,1987-11-23,female,NL,slavery\n",
       "x.csv:2:exploitation_form: holds a value that is not a value of exploitation_form"},
      {"UnknownNationality", h + "A2,2019-05-06,a,b,1987-11-23,female,Dutch,sexual\n",
       "x.csv:2:nationality:"},
      {"MissingRequiredColumn", "source_record_id,given_name\nA1,a\n",
       "x.csv:1:registration_date: required column for registration_date is missing"},
      {"UnknownColumnWithoutMapping", "source_record_id,registration_date,naam\nA1,2019-05-06,a\n",
       "x.csv:1:column 3: is not a canonical field"},
      {"DuplicateHeaderColumn",
       "source_record_id,registration_date,given_name,given_name\n"
       "A1,2019-05-06,a,b\n",
       "x.csv:1:given_name: the header names this column twice (also column 3)"},
      {"EmptyFile", "", "x.csv: the file is empty"},
      {"HeaderOnly", h, "x.csv: the file has a header but no data rows"},
      {"DuplicateIds", h + GoodRow("A1") + GoodRow("A1"),
       "x.csv:3:source_record_id: duplicate source_record_id"},
      {"MissingRecordId", h + ",2019-05-06,a,b,1987-11-23,female,NL,sexual\n",
       "x.csv:2:source_record_id: required field source_record_id is missing"},
      {"TenMegabyteLine", long_line, "x.csv:2"},
      {"MinorFlagInconsistent",
       "source_record_id,registration_date,date_of_birth,minor\nA1,2019-05-06,1987-11-23,yes\n",
       "x.csv:2:minor: minor flag disagrees with the age at registration"},
      {"BinaryGarbage", std::string("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16), "x.csv"},
  };
}

class MalformedFile : public ::testing::TestWithParam<Malformed> {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    const auto init = RunZicht({"init", "--db", (*dir_ / "m.db").string()});
    ASSERT_EQ(init.exit_code, 0) << init.err;
    // Something in the store already, so that "unchanged" means more than "empty".
    const auto good = *dir_ / "good.csv";
    WriteFile(good, std::string(kHeader) + GoodRow("G1") + GoodRow("G2"));
    const auto loaded =
        RunZicht({"ingest", "--db", (*dir_ / "m.db").string(), "--source", "x", good.string()});
    ASSERT_EQ(loaded.exit_code, 0) << loaded.err;
  }
  static void TearDownTestSuite() {
    delete dir_;
    dir_ = nullptr;
  }
  static std::string Status() {
    return RunZicht({"status", "--db", (*dir_ / "m.db").string(), "--json"}).out;
  }
  static TempDir* dir_;
};
TempDir* MalformedFile::dir_ = nullptr;

TEST_P(MalformedFile, IsRefusedWithFileRowColumnAndRuleAndChangesNothing) {
  const Malformed& c = GetParam();
  const auto path = *dir_ / "x.csv";
  WriteFile(path, c.content);
  const std::string before = Status();
  ASSERT_NE(before.find("\"rows_written\": 2"), std::string::npos) << before;
  // Run from the folder so that messages carry the short name "x.csv".
  const auto result = RunZicht({"ingest", "--db", (*dir_ / "m.db").string(), "--source", "y",
                                "--reject-file", (*dir_ / "rejects.csv").string(), path.string()});
  EXPECT_EQ(result.exit_code, 65) << result.err;
  std::string err = result.err;
  // Messages name the file as given; strip the folder for comparison.
  for (size_t at; (at = err.find(dir_->path().string() + "/")) != std::string::npos;) {
    err.erase(at, dir_->path().string().size() + 1);
  }
  EXPECT_NE(err.find(c.expected), std::string::npos) << "stderr was:\n" << err.substr(0, 2000);
  EXPECT_EQ(err.find(kGiven), std::string::npos);
  EXPECT_EQ(err.find(kFamily), std::string::npos);
  EXPECT_EQ(err.find(kBirth), std::string::npos);
  EXPECT_EQ(Status(), before);
  const std::string rejects = ReadFile(*dir_ / "rejects.csv");
  EXPECT_EQ(rejects.rfind("file,row,column,rule\n", 0), 0u);
  EXPECT_EQ(rejects.find(kGiven), std::string::npos);
}

INSTANTIATE_TEST_SUITE_P(AtLeastTwenty, MalformedFile, ::testing::ValuesIn(Cases()),
                         [](const ::testing::TestParamInfo<Malformed>& info) {
                           return info.param.name;
                         });

}  // namespace
}  // namespace zicht::testing
