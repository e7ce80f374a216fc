// Internal: the few distribution functions the estimators need, written out so that no
// library's random-number or distribution code decides a published figure.
#pragma once

namespace zicht::estimate {

double NormalCdf(double x);
// Inverse of NormalCdf for 0 < p < 1 (Acklam's rational approximation refined by one
// Halley step; relative error below 1e-15 in the range used).
double NormalQuantile(double p);
// P(X <= k) and P(X >= k) for X ~ Poisson(mean), through the regularised incomplete gamma
// function (series or continued fraction, Numerical Recipes section 6.2).
double PoissonLowerTail(double k, double mean);
double PoissonUpperTail(double k, double mean);

}  // namespace zicht::estimate
