#include "zicht/estimate/profile_interval.hpp"

#include <cmath>
#include <optional>

#include "distributions.hpp"
#include "face.hpp"

namespace zicht::estimate {

Status ProfileOptions::Validate() const {
  if (!(level > 0.0 && level < 1.0)) {
    return Status::InvalidArgument("the interval level must lie strictly between 0 and 1");
  }
  if (!(upper_search_factor > 1.0)) {
    return Status::InvalidArgument("the upper search factor must exceed 1");
  }
  if (!(tolerance > 0.0)) return Status::InvalidArgument("the tolerance must be positive");
  return fit.Validate();
}

namespace {

class ProfileLikelihood {
 public:
  ProfileLikelihood(const CaptureTable& table, const LoglinearFit& fit, const FitOptions& options)
      : options_(options), observed_(static_cast<double>(table.observed_total())) {
    const std::vector<double> counts = internal::ToDouble(table.counts);
    const internal::Face face = internal::BuildFace(counts, table.list_count(), fit.model);
    // The completed table: the fitted histories and the all-zero history, which contains
    // the intercept's term only.
    problem_ = internal::ProblemOf(face, counts, table.list_count());
    problem_.fitted[0] = 1;
  }

  // Rcapture's loglikemult: -(deviance - 2 c)/2.
  Result<double> operator()(double n_total) {
    const double n0 = std::max(n_total - observed_, 0.0);
    problem_.y[0] = n0;
    internal::PoissonFit fit =
        internal::FitPoisson(problem_, start_, options_.max_iterations, options_.tolerance);
    ++evaluations_;
    if (!fit.converged) {
      return Status::Internal("the profile-likelihood refit did not converge at N = " +
                              std::to_string(n_total));
    }
    start_ = fit.beta;
    const double total = observed_ + n0;
    double correction;
    if (total > 100) {
      correction = (n0 == 0.0 || n0 == 1.0) ? -total + 0.5 * std::log(2 * M_PI * total)
                                            : n0 - total - 0.5 * std::log(n0 / total);
    } else {
      correction = (n0 > 0 ? n0 * std::log(n0) : 0.0) + std::lgamma(total + 1) -
                   total * std::log(total) - std::lgamma(n0 + 1);
    }
    return (fit.deviance - 2.0 * correction) / -2.0;
  }

  int evaluations() const { return evaluations_; }
  double observed() const { return observed_; }

 private:
  FitOptions options_;
  double observed_;
  internal::LatticeProblem problem_;
  Eigen::VectorXd start_;
  int evaluations_ = 0;
};

// Golden-section search for the maximum of f on [a, b].
template <typename F>
Result<double> Maximise(F& f, double a, double b, double tolerance) {
  const double ratio = (std::sqrt(5.0) - 1.0) / 2.0;
  double x1 = b - ratio * (b - a);
  double x2 = a + ratio * (b - a);
  Result<double> f1 = f(x1);
  if (!f1.ok()) return f1.status();
  Result<double> f2 = f(x2);
  if (!f2.ok()) return f2.status();
  double v1 = *f1, v2 = *f2;
  while (b - a > tolerance) {
    if (v1 < v2) {
      a = x1;
      x1 = x2;
      v1 = v2;
      x2 = a + ratio * (b - a);
      Result<double> next = f(x2);
      if (!next.ok()) return next.status();
      v2 = *next;
    } else {
      b = x2;
      x2 = x1;
      v2 = v1;
      x1 = b - ratio * (b - a);
      Result<double> next = f(x1);
      if (!next.ok()) return next.status();
      v1 = *next;
    }
  }
  return (a + b) / 2.0;
}

// Bisection for g(x) = target between a and b, where g(a) - target and g(b) - target
// differ in sign. Returns nothing when they do not.
template <typename F>
Result<std::optional<double>> Root(F& f, double a, double b, double target, double tolerance) {
  Result<double> fa = f(a);
  if (!fa.ok()) return fa.status();
  Result<double> fb = f(b);
  if (!fb.ok()) return fb.status();
  double ga = *fa - target, gb = *fb - target;
  if ((ga > 0) == (gb > 0)) return std::optional<double>();
  while (std::abs(b - a) > tolerance) {
    const double mid = 0.5 * (a + b);
    Result<double> fm = f(mid);
    if (!fm.ok()) return fm.status();
    const double gm = *fm - target;
    if ((gm > 0) == (ga > 0)) {
      a = mid;
      ga = gm;
    } else {
      b = mid;
    }
  }
  return std::optional<double>(0.5 * (a + b));
}

}  // namespace

Result<ProfileInterval> ComputeProfileInterval(const CaptureTable& table, const LoglinearFit& fit,
                                               const ProfileOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  ProfileLikelihood likelihood(table, fit, options.fit);
  const double n = likelihood.observed();
  const double upper_limit = options.upper_search_factor * fit.estimate;
  Result<double> maximum = Maximise(likelihood, n, upper_limit, options.tolerance);
  if (!maximum.ok()) return maximum.status();
  Result<double> top = likelihood(*maximum);
  if (!top.ok()) return top.status();
  const double chi2 = std::pow(NormalQuantile(0.5 + options.level / 2.0), 2);
  const double target = *top - chi2 / 2.0;
  ProfileInterval result;
  result.maximum_likelihood = *maximum;
  result.interval.level = options.level;
  result.interval.method = "profile";
  Result<std::optional<double>> lower = Root(likelihood, n, *maximum, target, options.tolerance);
  if (!lower.ok()) return lower.status();
  result.interval.lower = lower->value_or(n);
  Result<std::optional<double>> upper =
      Root(likelihood, *maximum, upper_limit, target, options.tolerance);
  if (!upper.ok()) return upper.status();
  if (upper->has_value()) result.interval.upper = **upper;
  result.evaluations = likelihood.evaluations();
  return result;
}

}  // namespace zicht::estimate
