// `zicht monitor`, `zicht report` and `zicht run` as a user runs them, on a small simulated
// world: what they print and write, that no published count is small, and their errors.
#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <nlohmann/json.hpp>

#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

namespace fs = std::filesystem;

class MonitorReport : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir();
    demo_ = new CommandResult(
        RunZicht({"demo", "--out", dir_->path().string(), "--scale", "0.2", "--seed", "5"}));
  }
  static void TearDownTestSuite() {
    delete demo_;
    delete dir_;
  }
  static std::string Db() { return (dir_->path() / "zicht.db").string(); }
  static TempDir* dir_;
  static CommandResult* demo_;
};

TempDir* MonitorReport::dir_ = nullptr;
CommandResult* MonitorReport::demo_ = nullptr;

// Every count in the JSON tables against the same tables unprotected (threshold 0, the
// store's own counts): a shown number is 0 or at least 10 and the true count; "<10" hides a
// count from 1 to 9 and "x" one of 10 or more.
void ExpectNoSmallCount(const nlohmann::json& tables, const nlohmann::json& truth,
                        std::int64_t threshold) {
  std::size_t primary = 0, secondary = 0, shown = 0;
  for (std::size_t t = 0; t < tables.size(); ++t) {
    const auto same = std::find_if(truth.begin(), truth.end(), [&](const nlohmann::json& open) {
      return open["id"] == tables[t]["id"] &&
             open.value("slice", "") == tables[t].value("slice", "");
    });
    ASSERT_NE(same, truth.end()) << tables[t]["id"];
    const auto& true_counts = (*same)["counts"];
    const auto& rows = tables[t]["counts"];
    ASSERT_EQ(rows.size(), true_counts.size());
    for (std::size_t r = 0; r < rows.size(); ++r) {
      for (std::size_t c = 0; c < rows[r].size(); ++c) {
        const auto& cell = rows[r][c];
        const auto count = true_counts[r][c].get<std::int64_t>();
        if (cell.is_string()) {
          if (cell.get<std::string>() == "x") {
            EXPECT_GE(count, threshold) << tables[t]["id"] << " marks x";
            ++secondary;
          } else {
            EXPECT_EQ(cell.get<std::string>(), "<" + std::to_string(threshold));
            EXPECT_TRUE(count >= 1 && count < threshold) << tables[t]["id"] << " marks <10";
            ++primary;
          }
        } else {
          const auto n = cell.get<std::int64_t>();
          EXPECT_TRUE(n == 0 || n >= threshold) << tables[t]["id"] << " shows " << n;
          EXPECT_EQ(n, count) << tables[t]["id"];
          ++shown;
        }
      }
    }
  }
  EXPECT_GT(primary, 0u);
  EXPECT_GT(secondary, 0u);
  EXPECT_GT(shown, 100u);
}

TEST_F(MonitorReport, TheDemoEndsWithAReportAndASummaryTable) {
  ASSERT_EQ(demo_->exit_code, 0) << demo_->err;
  EXPECT_NE(demo_->out.find("monitor, estimate, report"), std::string::npos) << demo_->out;
  EXPECT_NE(demo_->out.find("total"), std::string::npos);
  const fs::path report = dir_->path() / "report";
  EXPECT_NE(demo_->out.find((report / "index.html").string()), std::string::npos);
  ASSERT_TRUE(fs::exists(report / "index.html"));
  EXPECT_TRUE(fs::exists(report / "tables" / "minors.csv"));
  EXPECT_TRUE(fs::exists(report / "tables" / "form_by_domestic_2019.csv"));
  EXPECT_FALSE(fs::exists(report / "index.html.partial"));
  const std::string html = ReadFile(report / "index.html");
  for (const char* id :
       {"registered-estimated", "minors-share", "forms-domestic", "visibility-period",
        "source-overlap", "estimate-methods", "match-weights", "m-and-u"}) {
    EXPECT_NE(html.find(std::string("id=\"") + id), std::string::npos) << id;
  }
}

TEST_F(MonitorReport, MonitorJsonShowsNoCountFromOneToNine) {
  const auto run = RunZicht({"monitor", "--db", Db(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const auto json = nlohmann::json::parse(run.out);
  EXPECT_EQ(json["threshold"], 10);
  EXPECT_EQ(json["unit"], "persons");
  EXPECT_EQ(json["secondary_reads"], "x");
  const auto open = RunZicht({"monitor", "--db", Db(), "--json", "--threshold", "0"});
  ASSERT_EQ(open.exit_code, 0) << open.err;
  const auto truth = nlohmann::json::parse(open.out);
  ExpectNoSmallCount(json["tables"], truth["tables"], 10);
  // The report's own copy says the same.
  const auto written =
      nlohmann::json::parse(ReadFile(dir_->path() / "report" / "tables" / "monitor.json"));
  ExpectNoSmallCount(written["tables"], truth["tables"], 10);
}

// Whether a CSV field (between commas or line ends) is a bare count from 1 to below the
// threshold. (Not std::regex: it trips GCC 12's -Wmaybe-uninitialized under the sanitizers.)
bool HasSmallCount(const std::string& text, int threshold) {
  std::string field;
  for (const char c : text + "\n") {
    if (c == ',' || c == '\r' || c == '\n') {
      const bool digits =
          !field.empty() && field.size() <= 2 &&
          std::all_of(field.begin(), field.end(), [](char d) { return d >= '0' && d <= '9'; });
      if (digits && std::stoi(field) >= 1 && std::stoi(field) < threshold) return true;
      field.clear();
    } else {
      field += c;
    }
  }
  return false;
}

TEST_F(MonitorReport, CsvFilesShowSuppressedCellsAsLessThanTheThreshold) {
  const fs::path out = dir_->path() / "csv";
  const auto run = RunZicht(
      {"monitor", "--db", Db(), "--csv", out.string(), "--threshold", "20", "--lang", "nl"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string minors = ReadFile(out / "minors.csv");
  EXPECT_NE(minors.find("Minderjarigen"), std::string::npos);
  std::size_t files = 0, hidden = 0;

  for (const auto& entry : fs::directory_iterator(out)) {
    ++files;
    const std::string text = ReadFile(entry.path());
    for (std::size_t at = text.find("<20"); at != std::string::npos; at = text.find("<20", at + 1))
      ++hidden;
    // Percentages have a decimal point; a bare count from 1 to 19 must not appear.
    EXPECT_FALSE(HasSmallCount(text, 20)) << entry.path();
  }
  EXPECT_GE(files, 10u);
  EXPECT_GT(hidden, 0u);
}

TEST_F(MonitorReport, ThresholdZeroWarnsThatTheTablesAreNotForPublication) {
  const auto run = RunZicht({"monitor", "--db", Db(), "--threshold", "0", "--years", "2019"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("not for publication"), std::string::npos) << run.err;
  EXPECT_EQ(run.out.find("<"), std::string::npos);
}

TEST_F(MonitorReport, RefusesAStoreThatIsNotLinkedUnlessRecordsAreCounted) {
  const fs::path db = dir_->path() / "unlinked.db";
  ASSERT_EQ(RunZicht({"init", "--db", db.string()}).exit_code, 0);
  const fs::path world = dir_->path() / "world";
  ASSERT_EQ(RunZicht({"ingest", "--db", db.string(), "--source", "police", "--mapping",
                      (world / "police.toml").string(), (world / "police.csv").string()})
                .exit_code,
            0);
  const auto persons = RunZicht({"monitor", "--db", db.string()});
  EXPECT_EQ(persons.exit_code, 69);
  EXPECT_NE(persons.err.find("run `zicht link"), std::string::npos) << persons.err;
  const auto records = RunZicht({"monitor", "--db", db.string(), "--records", "--json"});
  ASSERT_EQ(records.exit_code, 0) << records.err;
  EXPECT_EQ(nlohmann::json::parse(records.out)["unit"], "records");
}

TEST_F(MonitorReport, ReportInDutchWritesDutchLabels) {
  const fs::path out = dir_->path() / "rapport";
  const auto run =
      RunZicht({"report", "--db", Db(), "--out", out.string(), "--lang", "nl", "--no-estimate"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const std::string html = ReadFile(out / "index.html");
  EXPECT_NE(html.find("<html lang=\"nl\""), std::string::npos);
  EXPECT_NE(html.find("Slachtoffermonitor"), std::string::npos);
  EXPECT_EQ(html.find("id=\"estimate-methods\""), std::string::npos) << "no estimate asked";
  EXPECT_NE(html.find("id=\"minors-share\""), std::string::npos);
}

TEST_F(MonitorReport, AReportRemovesItsOwnEarlierTablesAndNothingElse) {
  const fs::path out = dir_->path() / "again";
  const auto wide = RunZicht(
      {"report", "--db", Db(), "--out", out.string(), "--years", "2018-2019", "--no-estimate"});
  ASSERT_EQ(wide.exit_code, 0) << wide.err;
  ASSERT_TRUE(fs::exists(out / "tables" / "form_by_domestic_2018.csv"));
  {
    std::ofstream notes(out / "tables" / "notes.txt");
    notes << "the analyst's own file\n";
  }
  const auto narrow =
      RunZicht({"report", "--db", Db(), "--out", out.string(), "--years", "2019", "--no-estimate"});
  ASSERT_EQ(narrow.exit_code, 0) << narrow.err;
  EXPECT_FALSE(fs::exists(out / "tables" / "form_by_domestic_2018.csv"))
      << "a table of the earlier report that this one does not write";
  EXPECT_TRUE(fs::exists(out / "tables" / "form_by_domestic_2019.csv"));
  EXPECT_EQ(ReadFile(out / "tables" / "notes.txt"), "the analyst's own file\n");
  EXPECT_NE(narrow.out.find("earlier report removed"), std::string::npos) << narrow.out;
}

TEST_F(MonitorReport, RunIngestsLinksAndReportsAndSkipsWhatIsAlreadyLoaded) {
  const fs::path world = dir_->path() / "world";
  const fs::path db = dir_->path() / "run.db";
  const fs::path out = dir_->path() / "run-report";
  auto first = RunZicht({"run", "--db", db.string(), "--out", out.string(), "--source",
                         "police=" + (world / "police.csv").string(), "--source",
                         "care_provider=" + (world / "care_provider.csv").string()});
  ASSERT_EQ(first.exit_code, 0) << first.err;
  EXPECT_NE(first.out.find("ingest police"), std::string::npos);
  EXPECT_NE(first.out.find("into"), std::string::npos);
  EXPECT_TRUE(fs::exists(out / "index.html"));
  auto again = RunZicht({"run", "--db", db.string(), "--out", out.string(), "--source",
                         "police=" + (world / "police.csv").string()});
  ASSERT_EQ(again.exit_code, 0) << again.err;
  EXPECT_NE(again.out.find("already loaded"), std::string::npos) << again.out;
  const auto bad =
      RunZicht({"run", "--db", db.string(), "--out", out.string(), "--source", "police"});
  EXPECT_NE(bad.exit_code, 0);
  EXPECT_NE(bad.err.find("NAME=FILE"), std::string::npos) << bad.err;
}

}  // namespace
}  // namespace zicht::testing
