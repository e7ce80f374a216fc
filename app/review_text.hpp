// The review's estimate of precision and recall as `zicht link` and `zicht review` print it.
#pragma once

#include <nlohmann/json.hpp>
#include <string>

#include "zicht/link/review.hpp"

namespace zicht::app {

// Lines of text, each starting with `indent`, ending with a newline.
std::string ReviewSummaryText(const link::ReviewSummary& summary, const std::string& indent);
nlohmann::json ReviewSummaryJson(const link::ReviewSummary& summary);

}  // namespace zicht::app
