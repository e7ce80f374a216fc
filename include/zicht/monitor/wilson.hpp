// The share of a count in its total with the Wilson score interval (Wilson 1927), which
// keeps its coverage near the nominal level for small totals and shares near 0 or 1, where
// the Wald interval fails (Brown, Cai & DasGupta 2001). See docs/methods.md.
//
// Thread safety: pure function.
#pragma once

#include <cstdint>

namespace zicht::monitor {

struct Share {
  double value = 0;  // successes / trials
  double lower = 0;
  double upper = 0;
};

// z = 1.959963984540054 gives the 95% interval. Needs 0 <= successes <= trials and
// trials > 0 (asserted).
Share WilsonInterval(std::int64_t successes, std::int64_t trials, double z = 1.959963984540054);

}  // namespace zicht::monitor
