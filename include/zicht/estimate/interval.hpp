// A two-sided interval for the population size (observed plus unseen).
//
// Thread safety: a plain value.
#pragma once

#include <limits>
#include <string>

namespace zicht::estimate {

struct Interval {
  double lower = 0.0;
  // +infinity when the upper limit lies beyond the search range (a profile likelihood
  // that never falls far enough); printed as "unbounded", never as a number.
  double upper = std::numeric_limits<double>::infinity();
  double level = 0.95;  // nominal coverage
  std::string method;   // "profile", "wald", "bootstrap-bca", "averaged"
  bool bounded() const { return upper < std::numeric_limits<double>::infinity(); }
};

}  // namespace zicht::estimate
