#include "zicht/simulate/scenarios.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <map>

namespace zicht::simulate {

namespace {

// Base log-odds of each source in the scenarios with homogeneous lists: the preset's
// relative sizes roughly (the police largest, guardianship and the border police small),
// with none so small that a year's list is nearly empty. The year's overall shift then
// brings the registered share to the preset's target.
const std::map<std::string, double>& HomogeneousIntercepts() {
  static const std::map<std::string, double> intercepts = {{"police", -1.8},
                                                           {"border_police", -3.8},
                                                           {"labour_inspectorate", -3.2},
                                                           {"online_chat", -3.2},
                                                           {"care_provider", -2.4},
                                                           {"guardianship", -3.8},
                                                           {"shelter_reception", -2.6},
                                                           {"other", -3.4}};
  return intercepts;
}

// Every capture effect off: each source sees every victim with the same probability.
void MakeHomogeneous(WorldParameters& world) {
  for (SourceParameters& source : world.sources) {
    CaptureParameters homogeneous;
    const auto found = HomogeneousIntercepts().find(source.name);
    homogeneous.intercept = found != HomogeneousIntercepts().end() ? found->second : -3.0;
    homogeneous.heterogeneity_loading = 0.0;
    source.capture = homogeneous;
  }
  world.population.latent_class_shares = {1.0};
  world.population.latent_class_effects = {0.0};
  // A shift for minors or for visible sectors would make the lists heterogeneous again.
  world.population.calibrate_minor_share = false;
  world.population.calibrate_less_visible_share = false;
}

void NoLatentClasses(WorldParameters& world) {
  world.population.latent_class_shares = {1.0};
  world.population.latent_class_effects = {0.0};
}

void NoReferrals(WorldParameters& world) {
  for (SourceParameters& source : world.sources) source.capture.referrals.clear();
}

SourceParameters* Find(WorldParameters& world, const std::string& name) {
  for (SourceParameters& source : world.sources) {
    if (source.name == name) return &source;
  }
  return nullptr;
}

void AddReferral(WorldParameters& world, const std::string& to, const std::string& from,
                 double effect) {
  if (SourceParameters* source = Find(world, to))
    source->capture.referrals.push_back({from, effect});
}

void Independent(WorldParameters& world) {
  MakeHomogeneous(world);
}

// Positive dependence where one organisation brings victims to another, negative where a
// victim who has met one avoids another: the police's victims stay away from the help chat,
// the labour inspectorate's from care.
void Dependence(WorldParameters& world) {
  MakeHomogeneous(world);
  AddReferral(world, "online_chat", "police", -1.5);
  AddReferral(world, "care_provider", "online_chat", 1.5);
  AddReferral(world, "care_provider", "labour_inspectorate", -1.0);
  AddReferral(world, "guardianship", "border_police", 1.5);
  AddReferral(world, "shelter_reception", "police", 1.5);
  AddReferral(world, "shelter_reception", "border_police", 1.0);
}

// The preset's covariate effects, which are all recorded on the records (age, gender,
// form, sector, nationality, domestic), and nothing hidden or dependent.
void ObservedHeterogeneity(WorldParameters& world) {
  NoLatentClasses(world);
  NoReferrals(world);
  for (SourceParameters& source : world.sources) source.capture.heterogeneity_loading = 0.0;
}

// Catchability classes shared by every source and unrelated to any covariate: a tenth of
// the victims are far easier to see than the rest (positive dependence between all lists).
void HiddenHeterogeneity(WorldParameters& world) {
  MakeHomogeneous(world);
  world.population.latent_class_shares = {0.6, 0.3, 0.1};
  world.population.latent_class_effects = {-1.2, 0.4, 2.2};
  for (SourceParameters& source : world.sources) source.capture.heterogeneity_loading = 1.0;
}

// Three homogeneous, independent lists and a few hundred victims a year: small lists whose
// overlaps are a handful of persons, with empty cells.
void Sparse(WorldParameters& world) {
  MakeHomogeneous(world);
  std::erase_if(world.sources, [](const SourceParameters& s) {
    return s.name != "police" && s.name != "care_provider" && s.name != "shelter_reception";
  });
  Find(world, "police")->capture.intercept = -1.6;
  Find(world, "care_provider")->capture.intercept = -2.6;
  Find(world, "shelter_reception")->capture.intercept = -2.9;
  for (YearTarget& target : world.population.targets) {
    target.true_total = 300.0;
    target.true_domestic = 150.0;
    target.registered_ratio = 0.30;
  }
}

// The preset's capture, and a population that changes: the number of victims more than
// doubles over the years, ever more of them cross-border, and a falling share of them is
// registered.
void Changing(WorldParameters& world) {
  const std::vector<std::pair<double, double>> totals_domestic = {
      {4000, 2600}, {5000, 2800}, {6500, 3000}, {8000, 3200}, {9500, 3400}};
  const std::vector<double> registered_ratio = {0.30, 0.26, 0.22, 0.19, 0.16};
  std::vector<YearTarget>& targets = world.population.targets;
  std::sort(targets.begin(), targets.end(),
            [](const YearTarget& a, const YearTarget& b) { return a.year < b.year; });
  for (std::size_t i = 0; i < targets.size(); ++i) {
    const std::size_t k = std::min(i, totals_domestic.size() - 1);
    targets[i].true_total = totals_domestic[k].first;
    targets[i].true_domestic = totals_domestic[k].second;
    targets[i].registered_ratio = registered_ratio[k];
  }
}

struct Scenario {
  const char* name;
  void (*apply)(WorldParameters&);
};

constexpr Scenario kScenarios[] = {
    {kDefaultScenario, [](WorldParameters&) {}},
    {"independent", Independent},
    {"dependence", Dependence},
    {"observed-heterogeneity", ObservedHeterogeneity},
    {"hidden-heterogeneity", HiddenHeterogeneity},
    {"sparse", Sparse},
    {"changing", Changing},
};

}  // namespace

std::vector<std::string> ScenarioNames() {
  std::vector<std::string> names;
  for (const Scenario& s : kScenarios) names.emplace_back(s.name);
  return names;
}

Status ApplyScenario(const std::string& name, WorldParameters& world) {
  for (const Scenario& s : kScenarios) {
    if (name == s.name) {
      s.apply(world);
      world.scenario = name;
      return Status::Ok();
    }
  }
  return Status::NotFound(fmt::format("no scenario '{}'; the scenarios are: {}", name,
                                      fmt::join(ScenarioNames(), ", ")));
}

}  // namespace zicht::simulate
