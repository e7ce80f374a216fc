// Drives `zicht estimate --db` as a user does: a simulated world made and ingested by
// `zicht demo`, linked by `zicht link`, estimated over three lists of sources; and checked
// against the same estimate on the world's true persons (truth.csv).
#include <fmt/format.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

#include "support/test_support.hpp"

namespace zicht::estimate {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using zicht::testing::RunZicht;
using zicht::testing::TempDir;

constexpr const char* kLists = R"([lists]
police = ["police", "border_police"]
care = ["care_provider", "shelter_reception"]
other = ["labour_inspectorate", "guardianship", "online_chat", "other"]
)";

// The list of each source in kLists (bit of the history).
int ListOf(const std::string& source) {
  if (source == "police" || source == "border_police") return 0;
  if (source == "care_provider" || source == "shelter_reception") return 1;
  return 2;
}

// The capture-history table of the world's true persons (truth.csv: source, entity_id and
// year), over kLists, in years first..last; written as the CSV `--table` reads.
std::int64_t WriteTruthTable(const fs::path& truth, const fs::path& out, int first, int last) {
  std::ifstream in(truth);
  std::string line;
  std::getline(in, line);
  std::map<std::string, int> column;
  {
    std::stringstream header(line);
    std::string name;
    for (int i = 0; std::getline(header, name, ','); ++i) column[name] = i;
  }
  std::map<std::string, int> history;
  while (std::getline(in, line)) {
    std::vector<std::string> cells;
    std::stringstream row(line);
    std::string cell;
    while (std::getline(row, cell, ',')) cells.push_back(cell);
    const int year = std::stoi(cells.at(column.at("year")));
    if (year < first || year > last) continue;
    history[cells.at(column.at("entity_id"))] |= 1 << ListOf(cells.at(column.at("source")));
  }
  std::map<int, std::int64_t> counts;
  for (const auto& [entity, h] : history) ++counts[h];
  std::ofstream table(out);
  table << "police,care,other,count\n";
  for (const auto& [h, n] : counts) {
    table << (h & 1) << "," << ((h >> 1) & 1) << "," << ((h >> 2) & 1) << "," << n << "\n";
  }
  return static_cast<std::int64_t>(history.size());
}

bool BinaryBuilt() {
  return fs::exists(ZICHT_BINARY);
}

// One demo world for the whole suite (simulating and linking take a few seconds).
class EstimateDb : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!BinaryBuilt()) return;
    dir_ = std::make_unique<TempDir>();
    const auto demo =
        RunZicht({"demo", "--out", dir_->path().string(), "--scale", "0.3", "--seed", "11"});
    ASSERT_EQ(demo.exit_code, 0) << demo.err;
    const auto link = RunZicht({"link", "--db", db(), "--json"});
    ASSERT_EQ(link.exit_code, 0) << link.err;
    persons_ = json::parse(link.out)["persons"].get<std::int64_t>();
    zicht::testing::WriteFile(*dir_ / "lists.toml", kLists);
  }
  static void TearDownTestSuite() { dir_.reset(); }
  void SetUp() override {
    if (!BinaryBuilt()) GTEST_SKIP() << "the zicht program is not built";
    ASSERT_GT(persons_, 0) << "the demo world was not made and linked";
  }

  static std::string db() { return (*dir_ / "zicht.db").string(); }
  static std::string lists() { return (*dir_ / "lists.toml").string(); }
  static fs::path world() { return dir_->path() / "world"; }

  static json Estimate(std::vector<std::string> extra) {
    std::vector<std::string> args = {"estimate", "--db", db(), "--lists", lists(), "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = RunZicht(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? json::parse(run.out) : json();
  }

  static std::unique_ptr<TempDir> dir_;
  static std::int64_t persons_;
};

std::unique_ptr<TempDir> EstimateDb::dir_;
std::int64_t EstimateDb::persons_ = 0;

TEST_F(EstimateDb, ObservesEveryLinkedPersonAndEstimatesAtLeastThat) {
  const json out = Estimate({});
  ASSERT_FALSE(out.is_null());
  EXPECT_EQ(out["lists"].size(), 3u);
  EXPECT_EQ(out["lists"][1]["name"], "care");
  EXPECT_EQ(out["total"]["observed"].get<std::int64_t>(), persons_);
  const json& result = out["total"]["results"][0];
  EXPECT_EQ(result["method"], "average (AIC)")
      << "three lists: the AIC-weighted average over all models";
  ASSERT_TRUE(result["estimate"].is_number()) << result.dump();
  EXPECT_GE(result["estimate"].get<double>(), static_cast<double>(persons_));
  EXPECT_LE(result["lower"].get<double>(), result["estimate"].get<double>());
  EXPECT_TRUE(result.contains("model"));
  EXPECT_TRUE(result.contains("warnings"));
  std::int64_t histories = 0;
  for (const auto& [history, count] : out["total"]["histories"].items()) {
    EXPECT_EQ(history.size(), 3u);
    histories += count.get<std::int64_t>();
  }
  EXPECT_EQ(histories, persons_);
}

TEST_F(EstimateDb, GenderStrataSumToTheTotal) {
  const json out = Estimate({"--by", "gender"});
  ASSERT_FALSE(out.is_null());
  const std::int64_t total = out["total"]["observed"].get<std::int64_t>();
  std::int64_t sum = 0;
  std::set<std::string> values;
  ASSERT_GE(out["strata"].size(), 2u);
  for (const json& stratum : out["strata"]) {
    EXPECT_EQ(stratum["field"], "gender");
    values.insert(stratum["value"].get<std::string>());
    sum += stratum["observed"].get<std::int64_t>();
    ASSERT_EQ(stratum["results"].size(), 1u);
    const json& result = stratum["results"][0];
    // Small strata may have no estimate; then the reason is given instead.
    if (result["estimate"].is_null()) {
      EXPECT_FALSE(result["reason"].get<std::string>().empty());
    } else {
      EXPECT_GE(result["estimate"].get<double>(), stratum["observed"].get<double>());
    }
  }
  EXPECT_EQ(sum, total);
  EXPECT_TRUE(values.count("female") && values.count("male"));
  for (const std::string& value : values) {
    EXPECT_TRUE(value == "female" || value == "male" || value == "other" || value == "unknown")
        << value;
  }
}

TEST_F(EstimateDb, EveryMethodAndSmallStrataGiveAnEstimateOrAReason) {
  // (compare would also run the latent-class sampler per stratum: seconds each.)
  const json out = Estimate(
      {"--by", "age_group", "--by", "exploitation_form", "--method", "aic", "--years", "2019"});
  ASSERT_FALSE(out.is_null());
  EXPECT_EQ(out["years"]["first"], 2019);
  EXPECT_GT(out["records_outside_years"].get<std::int64_t>(), 0);
  EXPECT_LT(out["total"]["observed"].get<std::int64_t>(), persons_);
  for (const json& stratum : out["strata"]) {
    for (const json& result : stratum["results"]) {
      EXPECT_TRUE(result["estimate"].is_number() || result.contains("reason")) << result.dump();
    }
  }
}

TEST_F(EstimateDb, EstimatesWhatTheTablePathEstimatesOnTheSameHistories) {
  const json linked = Estimate({"--years", "2018-2019", "--method", "bic"});
  ASSERT_FALSE(linked.is_null());
  std::string csv = "police,care,other,count\n";
  for (const auto& [history, count] : linked["total"]["histories"].items()) {
    csv += fmt::format("{},{},{},{}\n", history[0], history[1], history[2], count.get<int>());
  }
  const fs::path table = dir_->path() / "linked_2018_2019.csv";
  zicht::testing::WriteFile(table, csv);
  const auto run = RunZicht({"estimate", "--table", table.string(), "--method", "bic", "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json direct = json::parse(run.out)["results"][0];
  const json& via_db = linked["total"]["results"][0];
  EXPECT_EQ(via_db["estimate"], direct["estimate"]);
  EXPECT_EQ(via_db["lower"], direct["lower"]);
  EXPECT_EQ(via_db["upper"], direct["upper"]);
  EXPECT_EQ(via_db["model"], direct["model"]);
}

TEST_F(EstimateDb, ObservesAboutAsManyPersonsAsTheTruthHas) {
  // The linkage splits some true persons (pairwise recall about 0.83 with the default
  // settings), so the linked path observes more persons than the world's truth: measured
  // +6% to +9% (seeds 3 and 11 at scale 0.3, and the demo's world at scale 1, over 2015-2019,
  // 2017 and 2019). The tolerance is 12%. The estimates differ far more (the splits look like
  // persons seen by one list only); the figures are printed and discussed in docs/methods.md.
  for (const auto& [first, last] : {std::pair{2015, 2019}, std::pair{2019, 2019}}) {
    const fs::path table = dir_->path() / fmt::format("truth_{}_{}.csv", first, last);
    const std::int64_t true_observed = WriteTruthTable(world() / "truth.csv", table, first, last);
    const auto truth = RunZicht({"estimate", "--table", table.string(), "--json"});
    ASSERT_EQ(truth.exit_code, 0) << truth.err;
    const json truth_out = json::parse(truth.out);
    ASSERT_EQ(truth_out["observed"].get<std::int64_t>(), true_observed);
    const json linked = Estimate({"--years", fmt::format("{}-{}", first, last)});
    ASSERT_FALSE(linked.is_null());
    const double linked_observed = linked["total"]["observed"].get<double>();
    EXPECT_NEAR(linked_observed / static_cast<double>(true_observed), 1.0, 0.12)
        << first << "-" << last << ": linked " << linked_observed << ", true " << true_observed;
    const json& truth_result = truth_out["results"][0];
    const json& linked_result = linked["total"]["results"][0];
    ASSERT_TRUE(truth_result["estimate"].is_number()) << truth_result.dump();
    ASSERT_TRUE(linked_result["estimate"].is_number()) << linked_result.dump();
    std::cout
        << fmt::format(
               "[ figures  ] {}-{}: observed {} linked, {} true; average {:.0f} linked, {:.0f} on "
               "the true persons\n",
               first, last, linked_observed, true_observed, linked_result["estimate"].get<double>(),
               truth_result["estimate"].get<double>())
        << std::flush;  // before the next fork, which would flush a copy of the buffer
  }
}

TEST_F(EstimateDb, WithoutListsEachSourceIsAList) {
  const auto run = RunZicht({"estimate", "--db", db(), "--json"});
  ASSERT_EQ(run.exit_code, 0) << run.err;
  const json out = json::parse(run.out);
  EXPECT_EQ(out["lists"].size(), 8u);
  EXPECT_EQ(out["lists"][0]["name"], "border_police");
  EXPECT_EQ(out["total"]["observed"].get<std::int64_t>(), persons_);
}

TEST_F(EstimateDb, ASourceInNoListIsAnErrorThatNamesIt) {
  zicht::testing::WriteFile(*dir_ / "short.toml",
                            "exclude = [\"other\"]\n[lists]\n"
                            "police = [\"police\", \"border_police\"]\n"
                            "care = [\"care_provider\", \"shelter_reception\"]\n");
  const auto run = RunZicht({"estimate", "--db", db(), "--lists", (*dir_ / "short.toml").string()});
  EXPECT_EQ(run.exit_code, 78);
  EXPECT_NE(run.err.find("short.toml: lists: the store holds records of 3 sources that no list "
                         "names: guardianship, labour_inspectorate, online_chat"),
            std::string::npos)
      << run.err;
  // Excluding them instead leaves their records out, and says so.
  zicht::testing::WriteFile(*dir_ / "short.toml",
                            "exclude = [\"other\", \"guardianship\", \"labour_inspectorate\", "
                            "\"online_chat\"]\n[lists]\n"
                            "police = [\"police\", \"border_police\"]\n"
                            "care = [\"care_provider\", \"shelter_reception\"]\n");
  const auto excluded =
      RunZicht({"estimate", "--db", db(), "--lists", (*dir_ / "short.toml").string(), "--json"});
  ASSERT_EQ(excluded.exit_code, 0) << excluded.err;
  const json out = json::parse(excluded.out);
  EXPECT_EQ(out["excluded"].size(), 4u);
  EXPECT_LT(out["total"]["observed"].get<std::int64_t>(), persons_);
}

TEST_F(EstimateDb, AStoreThatWasNotLinkedIsRefusedWithAdvice) {
  const std::string unlinked = (*dir_ / "unlinked.db").string();
  ASSERT_EQ(RunZicht({"init", "--db", unlinked}).exit_code, 0);
  const auto ingest =
      RunZicht({"ingest", "--db", unlinked, "--source", "police", "--mapping",
                (world() / "police.toml").string(), (world() / "police.csv").string()});
  ASSERT_EQ(ingest.exit_code, 0) << ingest.err;
  const auto run = RunZicht({"estimate", "--db", unlinked});
  EXPECT_EQ(run.exit_code, 69);
  EXPECT_NE(run.err.find("run `zicht link --db"), std::string::npos) << run.err;
}

TEST_F(EstimateDb, TableAndDbGoOneAtATime) {
  const fs::path table = dir_->path() / "t.csv";
  zicht::testing::WriteFile(table, "A,B,count\n1,0,10\n0,1,10\n1,1,5\n");
  const auto both = RunZicht({"estimate", "--db", db(), "--table", table.string()});
  EXPECT_EQ(both.exit_code, 64);
  EXPECT_NE(both.err.find("not both"), std::string::npos) << both.err;
  const auto neither = RunZicht({"estimate"});
  EXPECT_EQ(neither.exit_code, 64);
  EXPECT_NE(neither.err.find("--table FILE.csv) or a linked store (--db FILE)"), std::string::npos)
      << neither.err;
  const auto by_on_table = RunZicht({"estimate", "--table", table.string(), "--by", "gender"});
  EXPECT_EQ(by_on_table.exit_code, 64);
  EXPECT_NE(by_on_table.err.find("--by needs --db"), std::string::npos) << by_on_table.err;
  const auto bad_by = RunZicht({"estimate", "--db", db(), "--by", "nationality"});
  EXPECT_EQ(bad_by.exit_code, 64);
  const auto bad_years = RunZicht({"estimate", "--db", db(), "--years", "2019-2015"});
  EXPECT_EQ(bad_years.exit_code, 64);
}

TEST_F(EstimateDb, HelpShowsTheDatabaseExample) {
  const auto run = RunZicht({"estimate", "--help"});
  EXPECT_EQ(run.exit_code, 0);
  EXPECT_NE(run.out.find("zicht estimate --db monitor.db --lists lists.toml"), std::string::npos);
}

TEST_F(EstimateDb, CovariatesCountEachPersonOncePerRegistrationYear) {
  const json out = Estimate({"--years", "2018-2019", "--covariates", "year,gender", "--method",
                             "model", "--model", "police:year, care:year", "--bootstrap", "0"});
  ASSERT_FALSE(out.is_null());
  EXPECT_EQ(out["covariates"], (json{"year", "gender"}));
  ASSERT_EQ(out["lists"].size(), 3u);
  EXPECT_EQ(out["lists"][0]["name"], "police");
  // Each person once per year: the person-years are the persons the per-year estimates
  // observe, added over the years (their histories are built by the strata's path).
  double per_year_observed = 0.0;
  for (const char* year : {"2018", "2019"}) {
    const json one = Estimate({"--years", year, "--method", "bic"});
    ASSERT_FALSE(one.is_null());
    per_year_observed += one["total"]["observed"].get<double>();
  }
  EXPECT_DOUBLE_EQ(out["observed"].get<double>(), per_year_observed);
  // The per-year estimates of the pooled fit add up to its total, as do the genders'.
  std::map<std::string, double> sums;
  std::set<std::string> years;
  for (const json& level : out["per_level"]) {
    sums[level["covariate"].get<std::string>()] += level["estimate"].get<double>();
    if (level["covariate"] == "year") years.insert(level["level"].get<std::string>());
  }
  EXPECT_EQ(years, (std::set<std::string>{"2018", "2019"}));
  const double total = out["estimate"].get<double>();
  EXPECT_NEAR(sums["year"], total, 1e-9 * total);
  EXPECT_NEAR(sums["gender"], total, 1e-9 * total);
  EXPECT_GE(total, per_year_observed);
  EXPECT_EQ(out["unknown"]["year"], 0);
  EXPECT_TRUE(out["disagreeing"]["gender"].is_number());
}

// --- the linkage's uncertainty ----------------------------------------------------------

TEST_F(EstimateDb, LinkageDrawsPutTheLinkagesUncertaintyInTheTotalsInterval) {
  const json out = Estimate({"--linkage-draws", "40", "--seed", "3"});
  ASSERT_FALSE(out.is_null());
  const json& linkage = out["total"]["linkage"];
  ASSERT_EQ(linkage["draws"].get<int>(), 40) << linkage.dump();
  EXPECT_EQ(linkage["draws_used"].get<int>() + linkage["draws_failed"].get<int>(), 40);
  const json& result = out["total"]["results"][0];
  EXPECT_DOUBLE_EQ(linkage["estimate"].get<double>(), result["estimate"].get<double>());
  EXPECT_DOUBLE_EQ(linkage["without_linkage"]["lower"].get<double>(),
                   result["lower"].get<double>());
  const json& with = linkage["with_linkage"];
  ASSERT_TRUE(with["upper"].is_number()) << linkage.dump();
  EXPECT_LT(with["lower"].get<double>(), with["upper"].get<double>());
  const double share = linkage["linkage_share"].get<double>();
  EXPECT_GE(share, 0.0);
  EXPECT_LE(share, 1.0);
  // The stored linkage has uncertain pairs (the demo's linkage is not perfect).
  EXPECT_GT(linkage["expected_false_links"].get<double>() +
                linkage["expected_missed_links"].get<double>(),
            1.0);
  EXPECT_GT(linkage["movable_records"].get<std::int64_t>(), 0);
  // Persons observed in a draw: every draw is a linkage of the same records.
  EXPECT_LE(linkage["observed_lowest"].get<double>(), linkage["observed_highest"].get<double>());
  EXPECT_TRUE(linkage["corrected"]["estimate"].is_number()) << linkage.dump();
  // The same seed gives the same draws.
  const json again = Estimate({"--linkage-draws", "40", "--seed", "3"});
  EXPECT_EQ(again["total"]["linkage"], linkage);
}

TEST_F(EstimateDb, LinkageDrawsAreOffWithZeroAndRefusedWithCompare) {
  const json off = Estimate({"--linkage-draws", "0"});
  ASSERT_FALSE(off.is_null());
  EXPECT_EQ(off["total"]["linkage"]["draws"].get<int>(), 0);
  const json compare = Estimate({"--method", "compare"});
  EXPECT_EQ(compare["total"]["linkage"]["draws"].get<int>(), 0)
      << "compare draws none unless asked";
  const auto refused = RunZicht({"estimate", "--db", db(), "--lists", lists(), "--method",
                                 "compare", "--linkage-draws", "10"});
  EXPECT_EQ(refused.exit_code, 64) << refused.err;
  EXPECT_NE(refused.err.find("--linkage-draws"), std::string::npos) << refused.err;
  const auto table =
      RunZicht({"estimate", "--table", (world() / "truth.csv").string(), "--linkage-draws", "10"});
  EXPECT_EQ(table.exit_code, 64);
}

// The report of the demo's store: the estimate of each year with the interval that holds
// the linkage's uncertainty and its share; read from the page as a reader sees it.
TEST_F(EstimateDb, TheReportsIntervalWithTheLinkageHoldsTheWorldsTruth) {
  std::ifstream page(dir_->path() / "report" / "index.html");
  ASSERT_TRUE(page) << "the demo wrote no report";
  const std::string html((std::istreambuf_iterator<char>(page)), std::istreambuf_iterator<char>());
  std::ifstream world_file(world() / "world.json");
  const json world_json = json::parse(world_file);
  auto number = [](std::string text) {
    text.erase(std::remove(text.begin(), text.end(), ','), text.end());
    return std::stod(text);
  };
  int years = 0, held = 0;
  for (const json& year : world_json["years"]) {
    const std::string label = std::to_string(year["year"].get<int>());
    const auto row = html.find("<tr><th scope=\"row\">" + label + "</th>");
    ASSERT_NE(row, std::string::npos) << label;
    const std::string text = html.substr(row, html.find("</tr>", row) - row);
    const auto share = text.find("of its width from the linkage");
    ASSERT_NE(share, std::string::npos) << text;
    // The cell before the share: "lower – upper (x% of its width ...".
    const auto cell = text.rfind("<td>", share) + 4;
    const std::string limits = text.substr(cell, text.find(" (", cell) - cell);
    const auto dash = limits.find(" – ");
    ASSERT_NE(dash, std::string::npos) << limits;
    const double lower = number(limits.substr(0, dash));
    const double upper = number(limits.substr(dash + 5));
    const double truth = year["true_total"].get<double>();
    ++years;
    held += lower <= truth && truth <= upper;
    std::cout << fmt::format("[ figures  ] {}: {:.0f} to {:.0f} with the linkage, truth {:.0f}\n",
                             label, lower, upper, truth)
              << std::flush;
  }
  // Five 95% intervals: all five hold the truth with probability 0.77 under nominal
  // coverage, four or more with 0.98.
  EXPECT_EQ(years, 5);
  EXPECT_GE(held, 4);
}

}  // namespace
}  // namespace zicht::estimate
