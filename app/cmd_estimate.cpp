#include "commands.hpp"

namespace zicht::app {

// Not yet available in this build.
void RegisterEstimate(CLI::App& /*app*/) {}

}  // namespace zicht::app
