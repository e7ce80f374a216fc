// Scenarios: worlds that each break one assumption of multiple systems estimation, or none,
// so that an estimator can be measured where its model holds and where it does not. Each
// one starts from a preset's world (its people, names, layouts and identifier noise) and
// changes only who is seen by whom; docs/simulation.md writes down each one's
// data-generating process.
//
//   preset                  the preset as it is (covariates, latent classes, referrals)
//   independent             homogeneous lists, independent of each other
//   dependence              homogeneous lists with referrals (+) and avoidance (-)
//   observed-heterogeneity  capture depends on recorded covariates only
//   hidden-heterogeneity    latent classes that no covariate explains, nothing else
//   sparse                  three lists, a few hundred victims a year, empty cells
//   changing                the preset's capture, a population that grows and shifts
//
// Thread safety: plain functions.
#pragma once

#include <string>
#include <vector>

#include "zicht/core/status.hpp"
#include "zicht/simulate/parameters.hpp"

namespace zicht::simulate {

inline constexpr const char* kDefaultScenario = "preset";

std::vector<std::string> ScenarioNames();

// Changes `world` (a preset's) into the scenario's world and names it in world.scenario.
// Errors: NotFound naming the scenarios.
Status ApplyScenario(const std::string& name, WorldParameters& world);

}  // namespace zicht::simulate
