#include "zicht/monitor/wilson.hpp"

#include <algorithm>
#include <cassert>
#include <cmath>

namespace zicht::monitor {

Share WilsonInterval(std::int64_t successes, std::int64_t trials, double z) {
  assert(trials > 0 && successes >= 0 && successes <= trials && "a share needs 0 <= k <= n, n > 0");
  const double n = static_cast<double>(trials);
  const double p = static_cast<double>(successes) / n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  // At k = 0 or k = n the bound is exactly 0 or 1; rounding must not move it.
  const double lower = successes == 0 ? 0.0 : std::max(0.0, centre - half);
  const double upper = successes == trials ? 1.0 : std::min(1.0, centre + half);
  return {p, lower, upper};
}

}  // namespace zicht::monitor
