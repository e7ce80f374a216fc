// Every scenario of `zicht simulate` goes through the whole path as the preset does: each
// source's extract ingests with its own mapping without a reject, and the store links.
// The expected record count is the world's truth.csv (one row per record).
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

namespace fs = std::filesystem;

std::int64_t LinesBelowHeader(const fs::path& csv) {
  std::ifstream in(csv, std::ios::binary);
  std::string line;
  std::int64_t lines = -1;
  while (std::getline(in, line)) ++lines;
  return lines;
}

class ScenarioPath : public ::testing::TestWithParam<std::string> {};

TEST_P(ScenarioPath, IngestsEveryExtractAndLinks) {
  TempDir dir;
  const fs::path world = dir / "world";
  // The sparse world is small at any scale; the others are cut to a twentieth.
  const std::string scale = GetParam() == "sparse" ? "1" : "0.05";
  const auto simulated = RunZicht({"simulate", "--scenario", GetParam(), "--scale", scale, "--seed",
                                   "3", "--out", world.string(), "--quiet"});
  ASSERT_EQ(simulated.exit_code, 0) << simulated.err;
  const std::string db = (dir / "m.db").string();
  ASSERT_EQ(RunZicht({"init", "--db", db}).exit_code, 0);
  int sources = 0;
  for (const auto& entry : fs::directory_iterator(world)) {
    if (entry.path().extension() != ".csv" || entry.path().stem() == "truth") continue;
    const fs::path mapping = fs::path(entry.path()).replace_extension(".toml");
    const auto ingested = RunZicht({"ingest", "--db", db, "--source", entry.path().stem().string(),
                                    "--mapping", mapping.string(), entry.path().string()});
    EXPECT_EQ(ingested.exit_code, 0) << entry.path().filename() << ": " << ingested.err;
    EXPECT_NE(ingested.out.find(" 0 rejected"), std::string::npos) << ingested.out;
    ++sources;
  }
  EXPECT_EQ(sources, GetParam() == "sparse" ? 3 : 8);
  const auto linked =
      RunZicht({"link", "--db", db, "--truth", (world / "truth.csv").string(), "--json"});
  ASSERT_EQ(linked.exit_code, 0) << linked.err;
  EXPECT_NE(
      linked.out.find("\"records\": " + std::to_string(LinesBelowHeader(world / "truth.csv"))),
      std::string::npos)
      << linked.out.substr(0, 600);
}

INSTANTIATE_TEST_SUITE_P(EveryScenario, ScenarioPath,
                         ::testing::Values("preset", "independent", "dependence",
                                           "observed-heterogeneity", "hidden-heterogeneity",
                                           "sparse", "changing"),
                         [](const auto& info) {
                           std::string name = info.param;
                           std::erase(name, '-');
                           return name;
                         });

}  // namespace
}  // namespace zicht::testing
