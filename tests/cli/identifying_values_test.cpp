// No cell of an input file reaches a message: every kind of bad input (a file without its
// header row, a person's details typed into category, yes/no, date and number cells, a name
// column mapped onto gender) is fed through the program with distinctive identifying
// values, and none of them may appear on stdout or stderr, in the reject file, in any table
// of the store, or in `zicht status`.
#include <gtest/gtest.h>
#include <sqlite3.h>
#include <sys/stat.h>

#include <algorithm>
#include <cctype>

#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

// Made-up identifiers, each distinctive enough that finding it anywhere means a leak.
constexpr const char* kGiven = "Johanna";
constexpr const char* kFamily = "Verbeek";
constexpr const char* kFullName = "Johanna Verbeek";
constexpr const char* kBirth = "1987-03-14";
constexpr const char* kBirthOtherFormat = "14-03-1987";
constexpr const char* kPhone = "+31612345678";
constexpr const char* kEmail = "j.verbeek@example.org";
constexpr const char* kPersonalId = "123456782";

// Given names put into a column that the mapping maps onto gender.
std::vector<std::string> GivenNames() {
  std::vector<std::string> names = {kGiven};
  for (char c = 'a'; c < 'a' + 29; ++c) names.push_back(std::string("Wilhelmyn") + c + "x");
  return names;
}

std::vector<std::string> Forbidden() {
  std::vector<std::string> values = {
      kGiven, kFamily,       kFullName, kBirth,     kBirthOtherFormat,
      kPhone, "31612345678", kEmail,    kPersonalId};
  for (const std::string& name : GivenNames()) values.push_back(name);
  return values;
}

std::string Lower(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

void ExpectNoIdentifyingValue(const std::string& where, const std::string& text) {
  const std::string lowered = Lower(text);
  for (const std::string& value : Forbidden()) {
    EXPECT_EQ(lowered.find(Lower(value)), std::string::npos)
        << where << " holds '" << value << "':\n"
        << text.substr(0, 4000);
  }
}

// Every text (and blob) value of every table of the store, one per line.
std::string EveryValueOfTheStore(const std::filesystem::path& db) {
  sqlite3* handle = nullptr;
  EXPECT_EQ(sqlite3_open_v2(db.c_str(), &handle, SQLITE_OPEN_READONLY, nullptr), SQLITE_OK);
  std::vector<std::string> tables;
  sqlite3_stmt* list = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(handle, "SELECT name FROM sqlite_master WHERE type = 'table'", -1,
                               &list, nullptr),
            SQLITE_OK);
  while (sqlite3_step(list) == SQLITE_ROW) {
    tables.emplace_back(reinterpret_cast<const char*>(sqlite3_column_text(list, 0)));
  }
  sqlite3_finalize(list);
  EXPECT_GE(tables.size(), 3u);  // records, ingests, rejects at least
  std::string values;
  std::int64_t texts = 0;
  for (const std::string& table : tables) {
    sqlite3_stmt* rows = nullptr;
    const std::string sql = "SELECT * FROM \"" + table + "\"";
    EXPECT_EQ(sqlite3_prepare_v2(handle, sql.c_str(), -1, &rows, nullptr), SQLITE_OK) << table;
    while (sqlite3_step(rows) == SQLITE_ROW) {
      for (int c = 0; c < sqlite3_column_count(rows); ++c) {
        const int type = sqlite3_column_type(rows, c);
        if (type != SQLITE_TEXT && type != SQLITE_BLOB) continue;
        const auto* bytes = static_cast<const char*>(sqlite3_column_blob(rows, c));
        values.append(bytes, static_cast<size_t>(sqlite3_column_bytes(rows, c)));
        values += '\n';
        ++texts;
      }
    }
    sqlite3_finalize(rows);
  }
  sqlite3_close(handle);
  EXPECT_GT(texts, 0);
  return values;
}

std::string RowWith(const std::string& id, const std::string& column, const std::string& value) {
  // source_record_id,registration_date,given_name,family_name,date_of_birth,birth_year,
  // age_at_registration,minor,gender,nationality,exploitation_form,sector,domestic,phone,
  // email,personal_id
  std::vector<std::string> cells = {
      id,       "2019-05-06", kGiven,   kFamily,  kBirth,     "",     "",     "",
      "female", "NL",         "sexual", "window", "domestic", kPhone, kEmail, kPersonalId};
  const std::vector<std::string> names = {"source_record_id",
                                          "registration_date",
                                          "given_name",
                                          "family_name",
                                          "date_of_birth",
                                          "birth_year",
                                          "age_at_registration",
                                          "minor",
                                          "gender",
                                          "nationality",
                                          "exploitation_form",
                                          "sector",
                                          "domestic",
                                          "phone",
                                          "email",
                                          "personal_id"};
  for (size_t i = 0; i < names.size(); ++i) {
    if (names[i] == column) cells[i] = value;
  }
  std::string row;
  for (size_t i = 0; i < cells.size(); ++i) row += (i > 0 ? "," : "") + cells[i];
  return row + "\n";
}

size_t LinesOf(const std::string& text, const std::string& start) {
  size_t count = 0;
  for (size_t at = 0; at < text.size();) {
    const size_t end = text.find('\n', at);
    if (text.compare(at, start.size(), start) == 0) ++count;
    if (end == std::string::npos) break;
    at = end + 1;
  }
  return count;
}

mode_t ModeOf(const std::filesystem::path& path) {
  struct stat info {};
  EXPECT_EQ(::stat(path.c_str(), &info), 0) << path;
  return info.st_mode & 07777;
}

TEST(IdentifyingValues, AppearInNoMessageRejectFileStoreTableOrStatus) {
  TempDir dir;
  const auto db = dir / "m.db";
  ASSERT_EQ(RunZicht({"init", "--db", db.string()}).exit_code, 0);
  std::vector<std::pair<std::string, std::string>> outputs;  // where, text
  const auto keep = [&](const std::string& what, const CommandResult& result) {
    outputs.emplace_back(what + " stdout", result.out);
    outputs.emplace_back(what + " stderr", result.err);
  };

  // 1. A person's details in category, yes/no, date and number cells; the valid row
  // holds them where they belong, and is written.
  const std::string header =
      "source_record_id,registration_date,given_name,family_name,date_of_birth,birth_year,"
      "age_at_registration,minor,gender,nationality,exploitation_form,sector,domestic,phone,"
      "email,personal_id\n";
  WriteFile(dir / "cells.csv",
            header + RowWith("R1", "", "") + RowWith("R2", "sector", kFullName) +
                RowWith("R3", "nationality", kEmail) +
                RowWith("R4", "exploitation_form", std::string("sexual|") + kPhone) +
                RowWith("R5", "domestic", kPersonalId) + RowWith("R6", "minor", kFamily) +
                RowWith("R7", "gender", kGiven) +
                RowWith("R8", "date_of_birth", kBirthOtherFormat) +
                RowWith("R9", "registration_date", kBirth + std::string("x")) +
                RowWith("R10", "birth_year", kPhone) +
                RowWith("R11", "age_at_registration", kPersonalId));
  const auto cells = RunZicht({"ingest", "--db", db.string(), "--source", "police",
                               "--skip-invalid", "--reject-file",
                               (dir / "cells_rejects.csv").string(), (dir / "cells.csv").string()});
  EXPECT_EQ(cells.exit_code, 0) << cells.err;
  keep("cells", cells);
  EXPECT_NE(cells.out.find("11 rows read, 1 valid, 10 rejected"), std::string::npos) << cells.out;
  EXPECT_NE(cells.err.find("cells.csv:3:sector: is not a value of sector in the vocabulary "
                           "(window, "),
            std::string::npos)
      << cells.err;
  EXPECT_NE(cells.err.find("cells.csv:11:birth_year: birth_year is not a whole number"),
            std::string::npos)
      << cells.err;

  // 2. A file without its header row: the first row is a person's details.
  WriteFile(dir / "headerless.csv", std::string("R1,2019-05-06,") + kGiven + "," + kFamily + "," +
                                        kBirth + "," + kPhone + "," + kEmail + "," + kPersonalId +
                                        "\n" + "R2,2019-05-07," + kFullName +
                                        ",x,1990-01-01,+31600000000,x@example.org,987654321\n");
  const auto headerless =
      RunZicht({"ingest", "--db", db.string(), "--source", "shelter", "--reject-file",
                (dir / "headerless_rejects.csv").string(), (dir / "headerless.csv").string()});
  EXPECT_EQ(headerless.exit_code, 65) << headerless.err;
  keep("headerless", headerless);
  EXPECT_NE(headerless.err.find("headerless.csv:1: the first row names no canonical field; does "
                                "the file lack its header row?"),
            std::string::npos)
      << headerless.err;

  // 3. A name column mapped onto gender: every row breaks the rule, so stderr shows the
  // first 20 and then the count, and the reject file and the store have every row.
  WriteFile(dir / "names.toml",
            "[columns]\nsource_record_id = \"Nummer\"\nregistration_date = \"Datum\"\n"
            "gender = \"Voornaam\"\nfamily_name = \"Achternaam\"\n");
  std::string names = "Nummer,Datum,Voornaam,Achternaam\n";
  int id = 0;
  for (const std::string& name : GivenNames()) {
    names += "N" + std::to_string(++id) + ",2019-05-06," + name + "," + kFamily + "\n";
  }
  names += "N99,2019-05-06,,x\n";  // an empty cell means unknown: the one valid row
  WriteFile(dir / "names.csv", names);
  const auto mapped =
      RunZicht({"ingest", "--db", db.string(), "--source", "care", "--mapping",
                (dir / "names.toml").string(), "--skip-invalid", "--reject-file",
                (dir / "names_rejects.csv").string(), (dir / "names.csv").string()});
  EXPECT_EQ(mapped.exit_code, 0) << mapped.err;
  keep("gender mapped onto names", mapped);
  const std::string names_file = (dir / "names.csv").string();
  EXPECT_EQ(LinesOf(mapped.err, names_file + ":"), 21u) << mapped.err;  // 20 rows, 1 count
  EXPECT_NE(mapped.err.find("... and 10 more; all 30 by rule:\n" + names_file +
                            ":Voornaam: is not a value of gender in the vocabulary (female, male, "
                            "other, unknown); map the source's label onto one in the mapping's "
                            "[values.gender] (30 rows, the first at row 2)\n"),
            std::string::npos)
      << mapped.err;
  const std::string names_rejects = ReadFile(dir / "names_rejects.csv");
  EXPECT_EQ(LinesOf(names_rejects, "\"" + names_file + "\","), 30u) << names_rejects;

  // Every output of every command, the reject files, the store and its status.
  for (const auto& [where, text] : outputs) ExpectNoIdentifyingValue(where, text);
  for (const char* file : {"cells_rejects.csv", "headerless_rejects.csv", "names_rejects.csv"}) {
    const std::string rejects = ReadFile(dir / file);
    EXPECT_EQ(rejects.rfind("file,row,column,rule\n", 0), 0u) << file;
    EXPECT_GT(LinesOf(rejects, "\""), 0u) << file;
    ExpectNoIdentifyingValue(file, rejects);
    EXPECT_EQ(ModeOf(dir / file), 0600u) << file;
  }
  EXPECT_EQ(LinesOf(ReadFile(dir / "cells_rejects.csv"), "\""), 10u);
  const auto status = RunZicht({"status", "--db", db.string()});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_NE(status.out.find("cells.csv:3:sector: is not a value of sector"), std::string::npos)
      << status.out;
  EXPECT_NE(status.out.find("names.csv:Voornaam: is not a value of gender"), std::string::npos)
      << status.out;
  ExpectNoIdentifyingValue("zicht status", status.out + status.err);
  const auto status_json = RunZicht({"status", "--db", db.string(), "--json"});
  ASSERT_EQ(status_json.exit_code, 0) << status_json.err;
  EXPECT_NE(status_json.out.find("\"rule\": \"is not a value of sector"), std::string::npos);
  ExpectNoIdentifyingValue("zicht status --json", status_json.out + status_json.err);
  const std::string stored = EveryValueOfTheStore(db);
  // The search itself finds what the store does keep in clear.
  EXPECT_NE(stored.find("is not a value of gender"), std::string::npos);
  EXPECT_NE(stored.find("N99"), std::string::npos);
  ExpectNoIdentifyingValue("the store", stored);
}

TEST(RejectFile, IsReadableByTheOwnerOnlyAndReplacesAnEarlierOne) {
  TempDir dir;
  const auto db = dir / "m.db";
  ASSERT_EQ(RunZicht({"init", "--db", db.string()}).exit_code, 0);
  WriteFile(dir / "x.csv", "source_record_id,registration_date\nA1,2019-02-30\n");
  const auto rejects = dir / "rejects.csv";
  WriteFile(rejects, "an earlier run's reject file\n");
  ASSERT_EQ(::chmod(rejects.c_str(), 0644), 0);
  const auto result = RunZicht({"ingest", "--db", db.string(), "--source", "x", "--reject-file",
                                rejects.string(), (dir / "x.csv").string()});
  EXPECT_EQ(result.exit_code, 65) << result.err;
  EXPECT_EQ(ModeOf(rejects), 0600u);
  EXPECT_EQ(ReadFile(rejects),
            "file,row,column,rule\n\"" + (dir / "x.csv").string() +
                "\",2,\"registration_date\",\"registration_date is not a day of the calendar\"\n"
                "\"" +
                (dir / "x.csv").string() + "\",0,\"\",\"no row of the file is valid\"\n");
}

}  // namespace
}  // namespace zicht::testing
