// Each scenario breaks the assumption it is named after, and only that one. The checks are
// on the world's own truth: the true totals, and the persons each source saw (truth.csv).
// The Lincoln-Petersen estimate of two lists (Chapman's form, n_a n_b / m_ab in expectation)
// is unbiased for the number of victims exactly when the two lists are independent and
// homogeneous, so it shows dependence and heterogeneity by hand arithmetic; the bounds are
// outside its sampling error at these sizes (a few hundred persons in both lists).
#include "zicht/simulate/scenarios.hpp"

#include <gtest/gtest.h>

#include <fstream>
#include <map>
#include <set>

#include "support/test_support.hpp"
#include "zicht/ingest/csv_reader.hpp"
#include "zicht/simulate/simulate.hpp"

namespace zicht::simulate {
namespace {

namespace fs = std::filesystem;
using zicht::testing::TempDir;

// Who was seen by whom: (year, entity) -> the set of sources, from truth.csv.
struct Sightings {
  std::map<std::pair<int, std::string>, std::set<std::string>> by_person;
  std::set<std::string> sources;
};

Sightings ReadSightings(const fs::path& truth) {
  std::ifstream in(truth, std::ios::binary);
  ingest::CsvReader reader(in, "truth.csv");
  std::vector<std::string> fields;
  Sightings sightings;
  std::map<std::string, std::size_t> column;
  bool header = true;
  while (true) {
    auto next = reader.Next(fields);
    EXPECT_TRUE(next.ok());
    if (!next.ok() || !*next) break;
    if (header) {
      for (std::size_t i = 0; i < fields.size(); ++i) column[fields[i]] = i;
      header = false;
      continue;
    }
    const std::string& source = fields[column.at("source")];
    sightings.sources.insert(source);
    sightings.by_person[{std::stoi(fields[column.at("year")]), fields[column.at("entity_id")]}]
        .insert(source);
  }
  return sightings;
}

// Chapman's estimate (n_a + 1)(n_b + 1) / (m + 1) - 1 from lists a and b, summed over the
// years, against the true total of those years.
double LincolnPetersenOverTruth(const Sightings& sightings, const SimulationSummary& world,
                                const std::string& a, const std::string& b) {
  double estimate = 0.0;
  double truth = 0.0;
  for (const YearSummary& year : world.years) {
    double na = 0, nb = 0, m = 0;
    for (const auto& [key, sources] : sightings.by_person) {
      if (key.first != year.year) continue;
      const bool in_a = sources.contains(a);
      const bool in_b = sources.contains(b);
      na += in_a;
      nb += in_b;
      m += in_a && in_b;
    }
    estimate += (na + 1) * (nb + 1) / (m + 1) - 1;
    truth += static_cast<double>(year.true_total);
  }
  return estimate / truth;
}

struct World {
  TempDir dir;
  SimulationSummary summary;
  Sightings sightings;
};

std::unique_ptr<World> Simulate(const std::string& scenario, double scale = 1.0) {
  auto world = std::make_unique<World>();
  SimulationOptions options;
  options.scenario = scenario;
  options.seed = 5;
  options.scale = scale;
  auto summary = SimulateWorld(options, world->dir.path());
  EXPECT_TRUE(summary.ok()) << summary.status().message();
  if (summary.ok()) world->summary = std::move(summary).value();
  world->sightings = ReadSightings(world->dir / "truth.csv");
  return world;
}

TEST(Scenarios, AreTheDocumentedOnesAndAnUnknownOneIsNamed) {
  EXPECT_EQ(ScenarioNames(), (std::vector<std::string>{
                                 "preset", "independent", "dependence", "observed-heterogeneity",
                                 "hidden-heterogeneity", "sparse", "changing"}));
  const std::string doc =
      zicht::testing::ReadFile(zicht::testing::SourceDir() / "docs" / "simulation.md");
  for (const std::string& name : ScenarioNames()) {
    EXPECT_NE(doc.find("`" + name + "`"), std::string::npos) << name << " is not documented";
  }
  WorldParameters world = Preset("nl").value();
  const Status unknown = ApplyScenario("heterogenous", world);
  EXPECT_EQ(unknown.code(), StatusCode::kNotFound);
  EXPECT_NE(unknown.message().find("hidden-heterogeneity"), std::string::npos);
}

TEST(Scenarios, IndependentListsSeeEveryVictimAlikeAndAnyTwoOfThemEstimateTheTruth) {
  WorldParameters parameters = Preset("nl").value();
  ASSERT_TRUE(ApplyScenario("independent", parameters).ok());
  for (const SourceParameters& source : parameters.sources) {
    EXPECT_TRUE(source.capture.referrals.empty()) << source.name;
    EXPECT_EQ(source.capture.minor, 0.0) << source.name;
    EXPECT_EQ(source.capture.heterogeneity_loading, 0.0) << source.name;
  }
  // Four times the country: a few hundred persons on both lists of each pair over the
  // years, so Chapman's estimate is within about 7% (one standard deviation) of the truth.
  const auto world = Simulate("independent", 4.0);
  for (const auto& [a, b] :
       std::vector<std::pair<std::string, std::string>>{{"police", "care_provider"},
                                                        {"police", "shelter_reception"},
                                                        {"care_provider", "shelter_reception"}}) {
    EXPECT_NEAR(LincolnPetersenOverTruth(world->sightings, world->summary, a, b), 1.0, 0.15)
        << a << " x " << b;
  }
}

TEST(Scenarios, DependenceMakesReferralsOverlapAndAvoidanceApart) {
  const auto world = Simulate("dependence");
  // A referral makes the overlap too large, so two lists see too few victims ...
  EXPECT_LT(
      LincolnPetersenOverTruth(world->sightings, world->summary, "police", "shelter_reception"),
      0.6);
  // ... avoidance makes it too small, so they see too many.
  EXPECT_GT(LincolnPetersenOverTruth(world->sightings, world->summary, "police", "online_chat"),
            1.8);
}

TEST(Scenarios, HiddenHeterogeneityMakesEveryPairSeeTooFew) {
  const auto world = Simulate("hidden-heterogeneity");
  for (const auto& [a, b] :
       std::vector<std::pair<std::string, std::string>>{{"police", "care_provider"},
                                                        {"police", "shelter_reception"},
                                                        {"care_provider", "other"}}) {
    EXPECT_LT(LincolnPetersenOverTruth(world->sightings, world->summary, a, b), 0.8)
        << a << " x " << b;
  }
}

TEST(Scenarios, ObservedHeterogeneityDependsOnRecordedCovariatesOnly) {
  WorldParameters parameters = Preset("nl").value();
  ASSERT_TRUE(ApplyScenario("observed-heterogeneity", parameters).ok());
  EXPECT_EQ(parameters.population.latent_class_effects, std::vector<double>{0.0});
  for (const SourceParameters& source : parameters.sources) {
    EXPECT_TRUE(source.capture.referrals.empty()) << source.name;
  }
  // Homogeneous lists would each hold the registered persons' mix of forms; here the labour
  // inspectorate sees labour exploitation (+4 on the log-odds) far more than anything else.
  const auto world = Simulate("observed-heterogeneity");
  std::ifstream in(world->dir / "truth.csv", std::ios::binary);
  ingest::CsvReader reader(in, "truth.csv");
  std::vector<std::string> fields;
  ASSERT_TRUE(reader.Next(fields).ok());
  const auto col = [&](const std::string& name) {
    return static_cast<std::size_t>(std::find(fields.begin(), fields.end(), name) - fields.begin());
  };
  const std::size_t source = col("source"), form = col("exploitation_form"), year = col("year"),
                    entity = col("entity_id"), latent = col("latent_class");
  std::map<std::pair<std::string, std::string>, bool> registered_labour, inspected_labour;
  while (true) {
    auto next = reader.Next(fields);
    ASSERT_TRUE(next.ok());
    if (!*next) break;
    EXPECT_EQ(fields[latent], "0");
    const bool labour = fields[form].find("labour") != std::string::npos;
    registered_labour[{fields[year], fields[entity]}] = labour;
    if (fields[source] == "labour_inspectorate")
      inspected_labour[{fields[year], fields[entity]}] = labour;
  }
  const auto share = [](const std::map<std::pair<std::string, std::string>, bool>& persons) {
    double labour = 0;
    for (const auto& [person, is_labour] : persons) labour += is_labour;
    return labour / static_cast<double>(persons.size());
  };
  ASSERT_GT(inspected_labour.size(), 50u);
  EXPECT_GT(share(inspected_labour), 0.6);
  EXPECT_LT(share(registered_labour), 0.35);
}

TEST(Scenarios, SparseHasThreeSmallListsWithEmptyCells) {
  const auto world = Simulate("sparse");
  EXPECT_EQ(world->sightings.sources,
            (std::set<std::string>{"police", "care_provider", "shelter_reception"}));
  int years_with_an_empty_cell = 0;
  for (const YearSummary& y : world->summary.years) {
    EXPECT_GT(y.true_total, 200);
    EXPECT_LT(y.true_total, 450);
    std::map<std::set<std::string>, int> histories;
    for (const auto& [key, sources] : world->sightings.by_person) {
      if (key.first == y.year) ++histories[sources];
    }
    if (histories.size() < 7) ++years_with_an_empty_cell;
  }
  EXPECT_GE(years_with_an_empty_cell, 1);
}

TEST(Scenarios, ChangingGrowsThePopulationAndSeesLessOfIt) {
  const auto world = Simulate("changing", 0.5);
  const YearSummary& first = world->summary.years.front();
  const YearSummary& last = world->summary.years.back();
  EXPECT_GT(static_cast<double>(last.true_total), 2.0 * static_cast<double>(first.true_total));
  EXPECT_LT(last.RegisteredRatio(), first.RegisteredRatio() - 0.08);
}

TEST(Scenarios, ThePresetScenarioIsThePresetItself) {
  TempDir plain, named;
  SimulationOptions options;
  options.scale = 0.05;
  ASSERT_TRUE(SimulateWorld(options, plain.path()).ok());
  options.scenario = "preset";
  ASSERT_TRUE(SimulateWorld(options, named.path()).ok());
  EXPECT_EQ(zicht::testing::ReadFile(plain / "truth.csv"),
            zicht::testing::ReadFile(named / "truth.csv"));
}

}  // namespace
}  // namespace zicht::simulate
