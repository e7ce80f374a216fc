#include "zicht/simulate/simulate.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>

#include "ingest/row_parser.hpp"
#include "support/test_support.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/ingest/csv_reader.hpp"
#include "zicht/ingest/mapping.hpp"

namespace zicht::simulate {
namespace {

namespace fs = std::filesystem;
using zicht::testing::ReadFile;
using zicht::testing::TempDir;

const std::vector<std::string> kSources = {
    "police",        "border_police", "labour_inspectorate", "online_chat",
    "care_provider", "guardianship",  "shelter_reception",   "other"};

// A CSV file as rows of named cells.
struct Table {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t Column(const std::string& name) const {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  }
};

Table ReadCsv(const fs::path& path, std::optional<char> delimiter = std::nullopt) {
  std::ifstream in(path, std::ios::binary);
  ingest::CsvOptions options;
  options.delimiter = delimiter;
  ingest::CsvReader reader(in, path.filename().string(), options);
  Table table;
  std::vector<std::string> fields;
  bool first = true;
  while (true) {
    auto next = reader.Next(fields);
    EXPECT_TRUE(next.ok()) << next.status().message();
    if (!next.ok() || !*next) break;
    if (first) {
      table.header = fields;
      first = false;
    } else {
      table.rows.push_back(fields);
    }
  }
  return table;
}

class SimulatedWorld : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    SimulationOptions options;
    options.seed = 1;
    auto result = SimulateWorld(options, dir_->path());
    ASSERT_TRUE(result.ok()) << result.status().message();
    summary_ = std::make_unique<SimulationSummary>(std::move(result).value());
  }
  static void TearDownTestSuite() {
    summary_.reset();
    dir_.reset();
  }
  static std::unique_ptr<TempDir> dir_;
  static std::unique_ptr<SimulationSummary> summary_;
};
std::unique_ptr<TempDir> SimulatedWorld::dir_;
std::unique_ptr<SimulationSummary> SimulatedWorld::summary_;

TEST_F(SimulatedWorld, WritesAnExtractAndAMappingPerSourceWithTruthAndParameters) {
  for (const std::string& source : kSources) {
    EXPECT_TRUE(fs::exists(dir_->path() / (source + ".csv"))) << source;
    EXPECT_TRUE(fs::exists(dir_->path() / (source + ".toml"))) << source;
  }
  EXPECT_TRUE(fs::exists(dir_->path() / "truth.csv"));
  const auto world = nlohmann::json::parse(ReadFile(dir_->path() / "world.json"));
  EXPECT_EQ(world["options"]["seed"], 1);
  EXPECT_EQ(world["parameters"]["sources"].size(), kSources.size());
  EXPECT_EQ(world["years"].size(), 5u);
  EXPECT_EQ(world["totals"]["records"], summary_->records);
}

TEST_F(SimulatedWorld, MatchesTheDutchMonitorShapesWithinTolerance) {
  const WorldParameters nl = *Preset("nl");
  ASSERT_EQ(summary_->years.size(), 5u);
  for (const YearSummary& y : summary_->years) {
    const YearTarget& t = nl.population.targets[static_cast<std::size_t>(y.year - 2015)];
    SCOPED_TRACE(y.year);
    EXPECT_TRUE(y.calibrated);
    // True population: Poisson totals (sd about 1.3%), domestic about 3,000, of whom half
    // are minors (share sd about 0.01 with persistence and ageing).
    EXPECT_NEAR(y.true_total, t.true_total, 0.05 * t.true_total);
    EXPECT_NEAR(y.true_domestic, t.true_domestic, 0.06 * t.true_domestic);
    EXPECT_NEAR(double(y.true_domestic_minors) / y.true_domestic, 0.5, 0.05);
    EXPECT_GT(y.TrueMinorShare(), 0.35);
    // Registered: a fifth to a third of the truth; shares within 4 binomial sd of the
    // targets (about 1,300 persons: sd 0.012 for the minor share, 0.015 for less-visible).
    EXPECT_NEAR(y.RegisteredRatio(), t.registered_ratio, 0.02);
    EXPECT_GE(y.RegisteredRatio(), 0.19);
    EXPECT_LE(y.RegisteredRatio(), 0.34);
    EXPECT_NEAR(y.RegisteredMinorShare(), t.registered_minor_share, 0.05);
    EXPECT_NEAR(y.RegisteredLessVisibleShare(), t.registered_less_visible_share, 0.06);
  }
  // The monitor's trend: minors fall from about 25% to about 8%, less-visible rises.
  EXPECT_GT(summary_->years.front().RegisteredMinorShare(),
            summary_->years.back().RegisteredMinorShare() + 0.1);
  EXPECT_LT(summary_->years.front().RegisteredLessVisibleShare(),
            summary_->years.back().RegisteredLessVisibleShare() - 0.07);
  EXPECT_GT(summary_->registered_in_several_years, 0);
}

TEST_F(SimulatedWorld, HasTheReportersInTheMonitorsOrder) {
  const YearSummary& y2019 = summary_->years.back();
  const auto& by = y2019.persons_by_source;
  // Police report most, then care organisations; labour inspectorate and border police few.
  EXPECT_GT(by.at("police"), by.at("care_provider"));
  EXPECT_GT(by.at("care_provider"), by.at("labour_inspectorate"));
  EXPECT_GT(by.at("labour_inspectorate"), 0);
  EXPECT_GT(by.at("border_police"), 0);
  EXPECT_GT(double(by.at("police")) / y2019.registered, 0.5);
}

TEST_F(SimulatedWorld, GivesEveryRecordOnePersonWithConstantCovariates) {
  const Table truth = ReadCsv(dir_->path() / "truth.csv");
  ASSERT_EQ(truth.rows.size(), static_cast<std::size_t>(summary_->records));
  const std::size_t entity = truth.Column("entity_id");
  std::map<std::string, std::vector<std::string>> person;  // entity -> covariates
  std::set<std::pair<std::string, std::string>> ids;
  for (const auto& row : truth.rows) {
    ASSERT_FALSE(row[entity].empty());
    ASSERT_TRUE(ids.insert({row[0], row[1]}).second) << "record id twice in one source";
    const std::vector<std::string> covariates = {
        row[truth.Column("gender")],       row[truth.Column("nationality")],
        row[truth.Column("domestic")],     row[truth.Column("exploitation_form")],
        row[truth.Column("sector")],       row[truth.Column("date_of_birth")],
        row[truth.Column("latent_class")], row[truth.Column("first_year")]};
    const auto [it, inserted] = person.emplace(row[entity], covariates);
    ASSERT_EQ(it->second, covariates) << "one person with two sets of covariates";
  }
  EXPECT_EQ(person.size(), static_cast<std::size_t>(summary_->registered_persons));
}

// Every record is valid for `zicht ingest`, and its categories, once translated by its
// mapping, are the person's true ones (or unknown where the source left them out).
TEST_F(SimulatedWorld, WritesRecordsThatIngestAcceptsAndThatAgreeWithTheTruth) {
  const Table truth = ReadCsv(dir_->path() / "truth.csv");
  std::map<std::pair<std::string, std::string>, const std::vector<std::string>*> truth_of;
  for (const auto& row : truth.rows) truth_of[{row[0], row[1]}] = &row;
  const Vocabulary& vocabulary = Vocabulary::Default();
  std::size_t checked = 0, dob_exact = 0, dob_given = 0;
  for (const std::string& source : kSources) {
    SCOPED_TRACE(source);
    auto mapping = ingest::LoadMapping((dir_->path() / (source + ".toml")).string(), vocabulary);
    ASSERT_TRUE(mapping.ok()) << mapping.status().message();
    EXPECT_EQ(mapping->source_kind, source);
    const Table table = ReadCsv(dir_->path() / (source + ".csv"), mapping->delimiter);
    std::vector<ingest::Violation> violations;
    auto parser =
        ingest::RowParser::Create(table.header, *mapping, vocabulary, source + ".csv", violations);
    ASSERT_TRUE(parser.ok()) << parser.status().message();
    std::set<std::string> ids;
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
      Record record;
      privacy::ClearIdentifiers clear;
      const bool ok =
          parser->Parse(static_cast<std::int64_t>(i + 2), table.rows[i], record, clear, violations);
      ASSERT_TRUE(ok) << violations.back().ToString();
      ASSERT_TRUE(ids.insert(record.source_record_id).second);
      const auto found = truth_of.find({source, record.source_record_id});
      ASSERT_NE(found, truth_of.end());
      const std::vector<std::string>& t = *found->second;
      EXPECT_EQ(record.registration_date.ToIso(), t[truth.Column("registration_date")]);
      for (auto [value, column] : {std::pair{record.gender, "gender"},
                                   {record.nationality, "nationality"},
                                   {record.domestic, "domestic"},
                                   {record.sector, "sector"}}) {
        if (value != "unknown") {
          EXPECT_EQ(value, t[truth.Column(column)]) << column;
        }
      }
      if (record.exploitation_forms != std::vector<std::string>{"unknown"}) {
        std::string joined;
        for (const auto& f : record.exploitation_forms) joined += (joined.empty() ? "" : "|") + f;
        EXPECT_EQ(joined, t[truth.Column("exploitation_form")]);
      }
      if (clear.date_of_birth) {
        ++dob_given;
        const std::string true_dob = t[truth.Column("date_of_birth")];
        dob_exact += clear.date_of_birth->ToIso() == true_dob;
        EXPECT_LE(std::abs(clear.date_of_birth->year - std::stoi(true_dob.substr(0, 4))), 10);
      }
      ++checked;
    }
    EXPECT_TRUE(violations.empty());
  }
  EXPECT_EQ(checked, static_cast<std::size_t>(summary_->records));
  // About 3% of given dates of birth carry an error of some kind.
  EXPECT_GT(double(dob_exact) / dob_given, 0.94);
  EXPECT_LT(double(dob_exact) / dob_given, 1.0);
}

TEST_F(SimulatedWorld, IsByteIdenticalForTheSameSeed) {
  TempDir again;
  SimulationOptions options;
  options.seed = 1;
  auto result = SimulateWorld(options, again.path());
  ASSERT_TRUE(result.ok()) << result.status().message();
  ASSERT_EQ(result->files, summary_->files);
  for (const std::string& file : summary_->files) {
    EXPECT_TRUE(ReadFile(dir_->path() / file) == ReadFile(again.path() / file)) << file;
  }
}

TEST(SimulateWorld, DiffersForAnotherSeed) {
  TempDir a, b;
  SimulationOptions options;
  options.scale = 0.1;
  options.first_year = options.last_year = 2019;
  ASSERT_TRUE(SimulateWorld(options, a.path()).ok());
  options.seed = 2;
  ASSERT_TRUE(SimulateWorld(options, b.path()).ok());
  EXPECT_NE(ReadFile(a.path() / "truth.csv"), ReadFile(b.path() / "truth.csv"));
}

TEST(SimulateWorld, RefusesToOverwriteAnEarlierWorldUnlessAllowed) {
  TempDir dir;
  SimulationOptions options;
  options.scale = 0.05;
  options.first_year = options.last_year = 2016;
  ASSERT_TRUE(SimulateWorld(options, dir.path()).ok());
  auto again = SimulateWorld(options, dir.path());
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  options.overwrite = true;
  EXPECT_TRUE(SimulateWorld(options, dir.path()).ok());
}

TEST(SimulateWorld, WritesCleanIdentifiersWithoutNoise) {
  TempDir dir;
  SimulationOptions options;
  options.scale = 0.2;
  options.noise = 0.0;
  options.first_year = options.last_year = 2017;
  auto result = SimulateWorld(options, dir.path());
  ASSERT_TRUE(result.ok()) << result.status().message();
  // Without duplicates every person has one record per source that saw them.
  std::int64_t persons = 0;
  for (const auto& [source, n] : result->years[0].persons_by_source) persons += n;
  EXPECT_EQ(persons, result->records);
  const Table police = ReadCsv(dir.path() / "police.csv", ';');
  for (const auto& row : police.rows) EXPECT_NE(row[police.Column("Geboortedatum")], "onbekend");
}

TEST(SimulationOptions, ExplainWhatIsWrong) {
  SimulationOptions options;
  EXPECT_TRUE(options.Validate().ok());
  options.first_year = 2020;
  options.last_year = 2015;
  EXPECT_EQ(options.Validate().code(), StatusCode::kInvalidArgument);
  options = {};
  options.scale = 0.0;
  EXPECT_FALSE(options.Validate().ok());
  options = {};
  options.preset = "atlantis";
  EXPECT_EQ(options.Validate().code(), StatusCode::kNotFound);
  options = {};
  options.persistence = 1.5;
  EXPECT_FALSE(options.Validate().ok());
}

TEST(WorldParameters, RejectReferralsFromLaterSources) {
  WorldParameters world = *Preset("nl");
  ASSERT_TRUE(world.Validate().ok());
  world.sources.front().capture.referrals.push_back({"shelter_reception", 1.0});
  EXPECT_FALSE(world.Validate().ok());
  world = *Preset("nl");
  world.population.cross_border_nationalities.push_back({"XX", 1.0});
  EXPECT_FALSE(world.Validate().ok());
}

}  // namespace
}  // namespace zicht::simulate
