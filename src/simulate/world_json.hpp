// world.json: every parameter of a simulated world, the layouts of its sources, the
// calibration of each year and the true and registered counts.
//
// Thread safety: pure functions.
#pragma once

#include <nlohmann/json.hpp>

#include "zicht/simulate/parameters.hpp"
#include "zicht/simulate/simulate.hpp"

namespace zicht::simulate {

nlohmann::ordered_json ParametersToJson(const WorldParameters& world);
nlohmann::ordered_json YearSummaryToJson(const YearSummary& year);

}  // namespace zicht::simulate
