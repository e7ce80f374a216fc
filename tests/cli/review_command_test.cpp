// Drives `zicht review` as a user does, on a store made from one simulated year of the nl
// world (seed 3): link, export a sample, fill its decisions from the simulator's truth (the
// reviewer), import, import again, relink, and check the estimate against a computation
// from the exported file by hand. The truth stands in for a reviewer who knows the records.
#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <map>
#include <memory>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

namespace fs = std::filesystem;

struct Csv {
  std::vector<std::string> header;
  std::vector<std::vector<std::string>> rows;
  std::size_t At(const std::string& name) const {
    return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
  }
};

Csv ReadCsv(const fs::path& path) {
  Csv csv;
  std::istringstream in(ReadFile(path));
  std::string line;
  std::getline(in, line);
  csv.header = SplitCsv(line);
  while (std::getline(in, line)) {
    if (!line.empty()) csv.rows.push_back(SplitCsv(line));
  }
  return csv;
}

std::string Join(const std::vector<std::string>& fields) {
  std::string out;
  for (std::size_t i = 0; i < fields.size(); ++i) {
    out += (i > 0 ? "," : "");
    out +=
        fields[i].find_first_of(",\"") == std::string::npos ? fields[i] : "\"" + fields[i] + "\"";
  }
  return out + "\n";
}

std::string Write(const Csv& csv) {
  std::string out = Join(csv.header);
  for (const auto& row : csv.rows) out += Join(row);
  return out;
}

class ReviewCommand : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = std::make_unique<TempDir>();
    const fs::path world = dir_->path() / "world";
    const auto simulated = RunZicht({"simulate", "--preset", "nl", "--seed", "3", "--years", "2019",
                                     "--out", world.string(), "--quiet"});
    if (simulated.exit_code != 0) {
      setup_error_ = "zicht simulate: " + simulated.err;
      return;
    }
    db_ = (dir_->path() / "r.db").string();
    if (RunZicht({"init", "--db", db_}).exit_code != 0) {
      setup_error_ = "zicht init failed";
      return;
    }
    for (const auto& entry : fs::directory_iterator(world)) {
      if (entry.path().extension() != ".toml") continue;
      const std::string source = entry.path().stem().string();
      const auto ingest = RunZicht({"ingest", "--db", db_, "--source", source, "--mapping",
                                    entry.path().string(), (world / (source + ".csv")).string()});
      if (ingest.exit_code != 0) {
        setup_error_ = "zicht ingest: " + ingest.err;
        return;
      }
    }
    const auto linked = RunZicht({"link", "--db", db_});
    if (linked.exit_code != 0) {
      setup_error_ = "zicht link: " + linked.err;
      return;
    }
    const Csv truth = ReadCsv(world / "truth.csv");
    for (const auto& row : truth.rows) {
      entity_[row[truth.At("source")] + ":" + row[truth.At("source_record_id")]] =
          row[truth.At("entity_id")];
    }
  }
  static void TearDownTestSuite() { dir_.reset(); }

  void SetUp() override {
    if (!fs::exists(ZICHT_BINARY)) GTEST_SKIP() << "the zicht program is not built";
    ASSERT_TRUE(setup_error_.empty()) << setup_error_;
  }

  static bool SamePerson(const Csv& csv, const std::vector<std::string>& row) {
    return entity_.at(row[csv.At("source_a")] + ":" + row[csv.At("record_id_a")]) ==
           entity_.at(row[csv.At("source_b")] + ":" + row[csv.At("record_id_b")]);
  }

  static std::unique_ptr<TempDir> dir_;
  static std::string db_;
  static std::string setup_error_;
  static std::map<std::string, std::string> entity_;
};

std::unique_ptr<TempDir> ReviewCommand::dir_;
std::string ReviewCommand::db_;
std::string ReviewCommand::setup_error_;
std::map<std::string, std::string> ReviewCommand::entity_;

// Wilson at Kish's effective size, worked out here from the exported rows.
struct Hand {
  double p = 0, lower = 0, upper = 0;
};
Hand WeightedWilsonByHand(const std::vector<std::pair<double, bool>>& pairs) {
  double sum = 0, squares = 0, hits = 0;
  for (const auto& [w, hit] : pairs) {
    sum += w;
    squares += w * w;
    hits += hit ? w : 0;
  }
  const double p = hits / sum, n = sum * sum / squares, z = 1.959963984540054;
  const double centre = (p + z * z / (2 * n)) / (1 + z * z / n);
  const double half = z / (1 + z * z / n) * std::sqrt(p * (1 - p) / n + z * z / (4 * n * n));
  return {p, std::max(0.0, centre - half), std::min(1.0, centre + half)};
}

TEST_F(ReviewCommand, ExportImportAndTheEstimateRoundTrip) {
  const fs::path pairs = dir_->path() / "pairs.csv";
  const auto exported =
      RunZicht({"review", "--db", db_, "--export", pairs.string(), "--count", "80", "--json"});
  ASSERT_EQ(exported.exit_code, 0) << exported.err;
  const auto e = nlohmann::json::parse(exported.out);
  EXPECT_EQ(e["exported"].get<int>(), 80);
  // Record ids lead back to persons in the sources' systems: the file is the owner's only.
  EXPECT_EQ(fs::status(pairs).permissions() & (fs::perms::group_all | fs::perms::others_all),
            fs::perms::none);
  Csv csv = ReadCsv(pairs);
  ASSERT_EQ(csv.rows.size(), 80u);
  for (const char* column :
       {"pair_id", "sample", "source_a", "record_id_a", "source_b", "record_id_b", "probability",
        "weight", "above_threshold", "same_person", "stratum", "stratum_pairs",
        "inclusion_probability", "date_of_birth_level", "date_of_birth_weight", "decision"}) {
    EXPECT_LT(csv.At(column), csv.header.size()) << column;
  }
  // Half the sample is the least sure: the 40 pairs of the boundary stratum, taken whole.
  std::int64_t boundary = 0;
  for (const auto& row : csv.rows) {
    if (row[csv.At("stratum")] == "boundary") {
      ++boundary;
      EXPECT_EQ(row[csv.At("inclusion_probability")], "1");
    }
    EXPECT_TRUE(row[csv.At("decision")].empty());
    // Every record named is one the simulator made; the ids are those of its extracts.
    EXPECT_TRUE(entity_.contains(row[csv.At("source_a")] + ":" + row[csv.At("record_id_a")]));
    EXPECT_TRUE(entity_.contains(row[csv.At("source_b")] + ":" + row[csv.At("record_id_b")]));
  }
  EXPECT_EQ(boundary, 40);
  // The same store and seed give the same file.
  const fs::path again = dir_->path() / "again.csv";
  ASSERT_EQ(
      RunZicht({"review", "--db", db_, "--export", again.string(), "--count", "80"}).exit_code, 0);
  EXPECT_EQ(ReadFile(pairs), ReadFile(again));

  // The reviewer decides every pair but the first, which stays empty (not reviewed).
  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    csv.rows[r][csv.At("decision")] = SamePerson(csv, csv.rows[r]) ? "match" : "non-match";
  }
  const fs::path decisions = dir_->path() / "decisions.csv";
  WriteFile(decisions, Write(csv));
  const auto imported = RunZicht({"review", "--db", db_, "--import", decisions.string(), "--json"});
  ASSERT_EQ(imported.exit_code, 0) << imported.err;
  const auto i = nlohmann::json::parse(imported.out);
  EXPECT_EQ(i["labels_written"].get<int>(), 79);
  EXPECT_EQ(i["undecided"].get<int>(), 1);
  const auto twice = RunZicht({"review", "--db", db_, "--import", decisions.string(), "--json"});
  ASSERT_EQ(twice.exit_code, 0) << twice.err;
  EXPECT_TRUE(nlohmann::json::parse(twice.out)["already_imported"].get<bool>());
  EXPECT_EQ(nlohmann::json::parse(twice.out)["labels_written"].get<int>(), 0);

  // The estimate, from the file by hand: weights N_h / r_h over the reviewed rows, the
  // linkage's decision as exported (the store was linked without labels).
  std::map<std::string, std::pair<double, double>> strata;  // N_h, r_h
  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    auto& s = strata[csv.rows[r][csv.At("stratum")]];
    s.first = std::stod(csv.rows[r][csv.At("stratum_pairs")]);
    ++s.second;
  }
  std::vector<std::pair<double, bool>> linked, matches;
  for (std::size_t r = 1; r < csv.rows.size(); ++r) {
    const auto& row = csv.rows[r];
    const auto& s = strata[row[csv.At("stratum")]];
    const double w = s.first / s.second;
    const bool same = row[csv.At("same_person")] == "yes";
    const bool match = SamePerson(csv, row);
    if (same) linked.emplace_back(w, match);
    if (match) matches.emplace_back(w, same);
  }
  const Hand precision = WeightedWilsonByHand(linked);
  const Hand recall = WeightedWilsonByHand(matches);
  const auto summary = RunZicht({"review", "--db", db_, "--json"});
  ASSERT_EQ(summary.exit_code, 0) << summary.err;
  const auto s = nlohmann::json::parse(summary.out);
  EXPECT_EQ(s["labels"].get<int>(), 79);
  EXPECT_NEAR(s["precision"]["estimate"].get<double>(), precision.p, 1e-9);
  EXPECT_NEAR(s["precision"]["lower"].get<double>(), precision.lower, 1e-9);
  EXPECT_NEAR(s["precision"]["upper"].get<double>(), precision.upper, 1e-9);
  EXPECT_NEAR(s["recall"]["estimate"].get<double>(), recall.p, 1e-9);
  EXPECT_NEAR(s["recall"]["lower"].get<double>(), recall.lower, 1e-9);
  EXPECT_NEAR(s["recall"]["upper"].get<double>(), recall.upper, 1e-9);
  const auto text = RunZicht({"review", "--db", db_});
  EXPECT_NE(text.out.find("precision"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("labels held: 79"), std::string::npos) << text.out;

  // Relinking applies the labels and says so, with the estimate, and keeps them.
  const auto relinked = RunZicht({"link", "--db", db_, "--json"});
  ASSERT_EQ(relinked.exit_code, 0) << relinked.err;
  const auto l = nlohmann::json::parse(relinked.out);
  ASSERT_TRUE(l.contains("review"));
  EXPECT_EQ(l["review"]["applied"].get<int>(), 79);
  EXPECT_EQ(l["review"]["labels"].get<int>(), 79);
  EXPECT_TRUE(l["review"]["precision"].is_object());
  const double relinked_precision = l["review"]["precision"]["estimate"].get<double>();
  EXPECT_GT(relinked_precision, 0.0);
  EXPECT_LE(relinked_precision, 1.0);
  const auto text_link = RunZicht({"link", "--db", db_});
  EXPECT_NE(text_link.out.find("Clerical review: 79 of 79 labels apply"), std::string::npos)
      << text_link.out;
  // After relinking, every labelled pair is decided as labelled.
  for (std::size_t r = 1; r < csv.rows.size(); r += 9) {
    const auto& row = csv.rows[r];
    const auto explained = RunZicht({"link", "--db", db_, "--json", "--explain",
                                     row[csv.At("source_a")] + ":" + row[csv.At("record_id_a")],
                                     row[csv.At("source_b")] + ":" + row[csv.At("record_id_b")]});
    ASSERT_EQ(explained.exit_code, 0) << explained.err;
    EXPECT_EQ(nlohmann::json::parse(explained.out)["same_person"].get<bool>(), SamePerson(csv, row))
        << "row " << r;
  }
}

TEST_F(ReviewCommand, AForcedNonMatchKeepsTwoLinkedRecordsApart) {
  const fs::path pairs = dir_->path() / "apart.csv";
  ASSERT_EQ(
      RunZicht({"review", "--db", db_, "--export", pairs.string(), "--count", "60", "--seed", "9"})
          .exit_code,
      0);
  Csv csv = ReadCsv(pairs);
  // The first pair the linkage put into one person: the reviewer says two persons.
  std::vector<std::string> chosen;
  for (auto& row : csv.rows) {
    if (row[csv.At("same_person")] == "yes" && chosen.empty()) {
      row[csv.At("decision")] = "non-match";
      chosen = row;
    }
  }
  ASSERT_FALSE(chosen.empty());
  const fs::path decisions = dir_->path() / "apart-decisions.csv";
  WriteFile(decisions, Write(csv));
  ASSERT_EQ(RunZicht({"review", "--db", db_, "--import", decisions.string()}).exit_code, 0);
  ASSERT_EQ(RunZicht({"link", "--db", db_}).exit_code, 0);
  const auto explained =
      RunZicht({"link", "--db", db_, "--json", "--explain",
                chosen[csv.At("source_a")] + ":" + chosen[csv.At("record_id_a")],
                chosen[csv.At("source_b")] + ":" + chosen[csv.At("record_id_b")]});
  ASSERT_EQ(explained.exit_code, 0) << explained.err;
  EXPECT_FALSE(nlohmann::json::parse(explained.out)["same_person"].get<bool>());
}

TEST_F(ReviewCommand, ABadDecisionIsNamedByRowAndColumnAndNothingIsImported) {
  const fs::path pairs = dir_->path() / "bad.csv";
  ASSERT_EQ(
      RunZicht({"review", "--db", db_, "--export", pairs.string(), "--count", "5", "--seed", "11"})
          .exit_code,
      0);
  Csv csv = ReadCsv(pairs);
  csv.rows[2][csv.At("decision")] = "definitely-zq";
  WriteFile(pairs, Write(csv));
  const auto before = nlohmann::json::parse(RunZicht({"review", "--db", db_, "--json"}).out);
  const auto imported = RunZicht({"review", "--db", db_, "--import", pairs.string()});
  EXPECT_EQ(imported.exit_code, 65) << imported.err;
  EXPECT_NE(imported.err.find("bad.csv:4:decision: must be match, non-match, unsure or empty"),
            std::string::npos)
      << imported.err;
  EXPECT_EQ(imported.err.find("definitely-zq"), std::string::npos) << imported.err;
  const auto after = nlohmann::json::parse(RunZicht({"review", "--db", db_, "--json"}).out);
  EXPECT_EQ(after["labels"], before["labels"]);
}

TEST_F(ReviewCommand, ExportingFromAStoreNeverLinkedSaysToLinkFirst) {
  const std::string db = (dir_->path() / "empty.db").string();
  ASSERT_EQ(RunZicht({"init", "--db", db}).exit_code, 0);
  const auto exported =
      RunZicht({"review", "--db", db, "--export", (dir_->path() / "x.csv").string()});
  EXPECT_NE(exported.exit_code, 0);
  EXPECT_NE(exported.err.find("zicht link"), std::string::npos) << exported.err;
  EXPECT_FALSE(fs::exists(dir_->path() / "x.csv"));
}

}  // namespace
}  // namespace zicht::testing
