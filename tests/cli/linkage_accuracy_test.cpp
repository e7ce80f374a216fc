// Linkage accuracy through the whole path a user takes (init, ingest with pseudonymisation
// and the mappings kept in bench/linkage/, link with --truth) on the public data sets with
// known truth: with the settings tuned on each data set (bench/linkage/*.link.toml), and
// with the defaults (no link config, or only what is known of the sources). The floors sit
// just under the figures recorded in docs/linkage.md, so a change that costs accuracy
// fails here; the targets themselves, and which are not reached, are in that document.
#include <gtest/gtest.h>

#include <fstream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

// Writes source,source_record_id,entity_id from a data set whose first column is the
// record id and whose last column is the true entity.
void AppendTruth(const std::filesystem::path& csv, const std::string& source, std::ostream& out) {
  std::ifstream in(csv);
  std::string line;
  std::getline(in, line);  // header
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    out << source << "," << line.substr(0, line.find(',')) << ","
        << line.substr(line.rfind(',') + 1) << "\n";
  }
}

struct Accuracy {
  double precision = 0;
  double recall = 0;
  double f1 = 0;
};

// `link_config` names a file in bench/linkage/; empty: no config, the defaults.
Accuracy LinkAndEvaluate(const TempDir& dir,
                         const std::vector<std::pair<std::string, std::filesystem::path>>& files,
                         const std::string& link_config) {
  const std::string db = (dir / "linkage.db").string();
  EXPECT_EQ(RunZicht({"init", "--db", db}).exit_code, 0);
  std::ostringstream truth;
  truth << "source,source_record_id,entity_id\n";
  for (const auto& [source, csv] : files) {
    const auto mapping = SourceDir() / "bench" / "linkage" / (source + ".toml");
    const auto ingest = RunZicht(
        {"ingest", "--db", db, "--source", source, "--mapping", mapping.string(), csv.string()});
    EXPECT_EQ(ingest.exit_code, 0) << ingest.err;
    AppendTruth(csv, source, truth);
  }
  WriteFile(dir / "truth.csv", truth.str());
  std::vector<std::string> args = {"link",  "--db", db, "--truth", (dir / "truth.csv").string(),
                                   "--json"};
  if (!link_config.empty()) {
    args.insert(args.end(),
                {"--config", (SourceDir() / "bench" / "linkage" / link_config).string()});
  }
  const auto link = RunZicht(args);
  EXPECT_EQ(link.exit_code, 0) << link.err;
  const auto out = nlohmann::json::parse(link.out);
  const auto& pairwise = out.at("evaluation").at("pairwise");
  return {pairwise.at("precision").get<double>(), pairwise.at("recall").get<double>(),
          pairwise.at("f1").get<double>()};
}

TEST(LinkageAccuracy, Febrl4) {
  ZICHT_SHARED_FILE_OR_SKIP(febrl4a, "linkage/febrl4/febrl4a.csv");
  const auto data = febrl4a.parent_path();
  TempDir dir;
  const Accuracy a =
      LinkAndEvaluate(dir, {{"febrl4a", data / "febrl4a.csv"}, {"febrl4b", data / "febrl4b.csv"}},
                      "febrl4.link.toml");
  // Recorded: precision 1.0000, recall 0.996-0.997, F1 0.9980-0.9983 (the key differs per
  // run, so the candidate pairs of the name LSH rule, and with them a pair or two, do too).
  EXPECT_GE(a.precision, 0.999);
  EXPECT_GE(a.f1, 0.9975);
}

TEST(LinkageAccuracy, SplinkFake1000) {
  ZICHT_SHARED_FILE_OR_SKIP(fake_1000, "linkage/splink_fake_1000/fake_1000.csv");
  const auto data = fake_1000.parent_path();
  TempDir dir;
  const Accuracy a =
      LinkAndEvaluate(dir, {{"fake_1000", data / "fake_1000.csv"}}, "fake_1000.link.toml");
  // Recorded: precision 0.985-0.988, recall 0.848, F1 0.911-0.913 (the target is 0.90).
  EXPECT_GE(a.precision, 0.97);
  EXPECT_GE(a.f1, 0.90);
}

// ----- the defaults --------------------------------------------------------------------

// Febrl 1, 2 and 3: one file each, deduplicated with the default settings. Recorded
// (pairwise precision / recall / F1): 1.000 / 0.972 / 0.986, 0.998 / 0.975 / 0.987 and
// 1.000 / 0.973 / 0.986; the target is 0.98 each. Each store has a key of its own, so the
// name-LSH candidates and with them a pair or two move between runs: the floor is the
// target, 0.005 under the figures.
void ExpectFebrlDefaults(const std::string& name) {
  const std::string relative = "linkage/" + name + "/" + name + ".csv";
  const std::filesystem::path csv = SharedFile(relative);
  if (csv.empty()) GTEST_SKIP() << SharedDataMissing(relative);
  TempDir dir;
  const Accuracy a = LinkAndEvaluate(dir, {{name, csv}}, "");
  EXPECT_GE(a.precision, 0.995) << name;
  EXPECT_GE(a.f1, 0.98) << name;
}

TEST(LinkageAccuracyDefaults, Febrl1) {
  ExpectFebrlDefaults("febrl1");
}
TEST(LinkageAccuracyDefaults, Febrl2) {
  ExpectFebrlDefaults("febrl2");
}
TEST(LinkageAccuracyDefaults, Febrl3) {
  ExpectFebrlDefaults("febrl3");
}

// Febrl 4 with nothing but the declaration that each file holds a person once
// (bench/linkage/febrl4.defaults.link.toml). Recorded: precision 1.000, recall 0.994, F1
// 0.997; the target of 0.998 is not reached (see docs/linkage.md). The floor leaves 0.002
// for the run-to-run spread of the name-LSH candidates.
TEST(LinkageAccuracyDefaults, Febrl4DeclaredDeduplicated) {
  ZICHT_SHARED_FILE_OR_SKIP(febrl4a, "linkage/febrl4/febrl4a.csv");
  const auto data = febrl4a.parent_path();
  TempDir dir;
  const Accuracy a =
      LinkAndEvaluate(dir, {{"febrl4a", data / "febrl4a.csv"}, {"febrl4b", data / "febrl4b.csv"}},
                      "febrl4.defaults.link.toml");
  EXPECT_GE(a.precision, 0.999);
  EXPECT_GE(a.f1, 0.995);
}

// Splink's fake_1000 with no link config. Recorded: precision 0.996, recall 0.682, F1
// 0.81, far under the target of 0.90 (see docs/linkage.md for why); the floor guards the
// figure as it stands.
TEST(LinkageAccuracyDefaults, SplinkFake1000) {
  ZICHT_SHARED_FILE_OR_SKIP(fake_1000, "linkage/splink_fake_1000/fake_1000.csv");
  const auto data = fake_1000.parent_path();
  TempDir dir;
  const Accuracy a = LinkAndEvaluate(dir, {{"fake_1000", data / "fake_1000.csv"}}, "");
  EXPECT_GE(a.precision, 0.98);
  EXPECT_GE(a.f1, 0.79);
}

double PairwiseF1(const std::string& json) {
  return nlohmann::json::parse(json).at("evaluation").at("pairwise").at("f1").get<double>();
}

// The simulator's nl world (seed 1): the defaults, with m and the prior fitted by EM, come
// within 0.005 of what the same model reaches with its m and prior taken from the truth
// (--m-from-truth). Recorded: 0.957 against 0.959. The simulator's truth is independent of
// the linkage; the comparison says the estimation loses almost nothing.
TEST(LinkageAccuracyDefaults, SimulatedWorldComesWithinAHairOfItsTrueParameters) {
  TempDir dir;
  const std::filesystem::path world = dir / "world";
  const auto simulated =
      RunZicht({"simulate", "--preset", "nl", "--seed", "1", "--out", world.string(), "--quiet"});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const std::string db = (dir / "m.db").string();
  ASSERT_EQ(RunZicht({"init", "--db", db}).exit_code, 0);
  for (const auto& entry : std::filesystem::directory_iterator(world)) {
    if (entry.path().extension() != ".csv" || entry.path().stem() == "truth") continue;
    const auto mapping = std::filesystem::path(entry.path()).replace_extension(".toml");
    const auto ingested = RunZicht({"ingest", "--db", db, "--source", entry.path().stem().string(),
                                    "--mapping", mapping.string(), entry.path().string()});
    ASSERT_EQ(ingested.exit_code, 0) << ingested.err;
  }
  const std::string truth = (world / "truth.csv").string();
  const auto fitted = RunZicht({"link", "--db", db, "--truth", truth, "--json"});
  ASSERT_EQ(fitted.exit_code, 0) << fitted.err;
  const auto true_parameters =
      RunZicht({"link", "--db", db, "--truth", truth, "--m-from-truth", "--json"});
  ASSERT_EQ(true_parameters.exit_code, 0) << true_parameters.err;
  const double f1 = PairwiseF1(fitted.out);
  const double best = PairwiseF1(true_parameters.out);
  EXPECT_GE(f1, best - 0.005) << "fitted " << f1 << ", with the true parameters " << best;
  EXPECT_GE(f1, 0.95);
}

}  // namespace
}  // namespace zicht::testing
