#include "zicht/estimate/bootstrap.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <optional>
#include <stdexcept>

#include "distributions.hpp"
#include "random.hpp"

namespace zicht::estimate {

Status BootstrapOptions::Validate() const {
  if (replicates < 20) return Status::InvalidArgument("--bootstrap needs at least 20 replicates");
  if (!(level > 0.0 && level < 1.0)) {
    return Status::InvalidArgument("the interval level must lie strictly between 0 and 1");
  }
  return Status::Ok();
}

std::string BootstrapResult::BriefReport() const {
  return fmt::format(
      "BCa bootstrap, {} replicates ({} without an estimate): {:.0f}% interval "
      "{:.1f} to {:.1f} (z0 {:.3f}, a {:.4f})",
      replicates.size(), failed_replicates, interval.level * 100, interval.lower, interval.upper,
      bias_correction, acceleration);
}

double QuantileType8(const std::vector<double>& sorted, double p) {
  const double n = static_cast<double>(sorted.size());
  if (sorted.empty()) return std::nan("");
  const double m = (p + 1.0) / 3.0;
  const double h = n * p + m;  // 1-based position
  const double j = std::floor(h);
  const double g = h - j;
  if (j < 1.0) return sorted.front();
  if (j >= n) return sorted.back();
  const size_t lo = static_cast<size_t>(j) - 1;
  return (1.0 - g) * sorted[lo] + g * sorted[lo + 1];
}

BcaLimits BcaFromReplicates(std::vector<double> replicates, double estimate,
                            const std::vector<double>& jackknife,
                            const std::vector<double>& jackknife_weights, double level) {
  if (replicates.empty()) throw std::invalid_argument("BcaFromReplicates: no replicates");
  if (jackknife.size() != jackknife_weights.size()) {
    throw std::invalid_argument("BcaFromReplicates: jackknife and weights differ in length");
  }
  BcaLimits out;
  if (!jackknife.empty()) {
    double weight = 0.0, mean = 0.0;
    for (size_t i = 0; i < jackknife.size(); ++i) {
      weight += jackknife_weights[i];
      mean += jackknife_weights[i] * jackknife[i];
    }
    mean /= weight;
    double s2 = 0.0, s3 = 0.0;
    for (size_t i = 0; i < jackknife.size(); ++i) {
      const double d = mean - jackknife[i];
      s2 += jackknife_weights[i] * d * d;
      s3 += jackknife_weights[i] * d * d * d;
    }
    out.acceleration = s2 > 0.0 ? s3 / (6.0 * std::pow(s2, 1.5)) : 0.0;
  }
  const double below = static_cast<double>(
      std::count_if(replicates.begin(), replicates.end(), [&](double v) { return v < estimate; }));
  const double b = static_cast<double>(replicates.size());
  // A share of 0 or 1 would make z0 infinite; half a replicate keeps it finite.
  const double share = std::clamp(below / b, 0.5 / b, 1.0 - 0.5 / b);
  out.bias_correction = NormalQuantile(share);
  std::sort(replicates.begin(), replicates.end());
  auto limit = [&](double alpha) {
    const double z = out.bias_correction + NormalQuantile(alpha);
    const double q = NormalCdf(out.bias_correction + z / (1.0 - out.acceleration * z));
    return QuantileType8(replicates, q);
  };
  out.lower = limit((1.0 - level) / 2.0);
  out.upper = limit(1.0 - (1.0 - level) / 2.0);
  return out;
}

namespace {

CaptureTable Resample(const CaptureTable& table, internal::BootstrapRng& rng) {
  std::vector<size_t> histories;
  std::vector<double> cumulative;
  double total = 0.0;
  for (size_t h = 1; h < table.counts.size(); ++h) {
    if (table.counts[h] <= 0) continue;
    total += static_cast<double>(table.counts[h]);
    histories.push_back(h);
    cumulative.push_back(total);
  }
  CaptureTable sample;
  sample.lists = table.lists;
  sample.counts.assign(table.counts.size(), 0);
  const std::int64_t n = table.observed_total();
  for (std::int64_t i = 0; i < n; ++i) {
    const double u = rng.Uniform() * total;
    const size_t k = std::upper_bound(cumulative.begin(), cumulative.end(), u) - cumulative.begin();
    ++sample.counts[histories[std::min(k, histories.size() - 1)]];
  }
  return sample;
}

}  // namespace

Result<BootstrapResult> BootstrapBca(const CaptureTable& table, double estimate,
                                     const PopulationEstimator& estimator,
                                     const BootstrapOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  std::vector<std::optional<double>> draws(options.replicates);
  auto run = [&](int i) {
    internal::BootstrapRng rng(options.seed, static_cast<std::uint64_t>(i));
    Result<double> value = estimator(Resample(table, rng));
    if (value.ok() && std::isfinite(*value)) draws[i] = *value;
  };
  // Jackknife: leave one person out of each observed history in turn.
  std::vector<size_t> histories;
  for (size_t h = 1; h < table.counts.size(); ++h) {
    if (table.counts[h] > 0) histories.push_back(h);
  }
  std::vector<std::optional<double>> jack(histories.size());
  auto run_jack = [&](size_t i) {
    CaptureTable reduced = table;
    --reduced.counts[histories[i]];
    Result<double> value = estimator(reduced);
    if (value.ok() && std::isfinite(*value)) jack[i] = *value;
  };
  if (options.parallel) {
    tbb::parallel_for(0, options.replicates, run);
    tbb::parallel_for(size_t{0}, histories.size(), run_jack);
  } else {
    for (int i = 0; i < options.replicates; ++i) run(i);
    for (size_t i = 0; i < histories.size(); ++i) run_jack(i);
  }
  BootstrapResult result;
  result.estimate = estimate;
  for (const std::optional<double>& draw : draws) {
    if (draw) {
      result.replicates.push_back(*draw);
    } else {
      ++result.failed_replicates;
    }
  }
  if (result.replicates.size() * 2 < draws.size()) {
    return Status::InvalidData(fmt::format(
        "only {} of {} bootstrap replicates gave an estimate; the data are too sparse for a "
        "bootstrap interval",
        result.replicates.size(), draws.size()));
  }
  if (result.failed_replicates > 0) {
    result.warnings.push_back(
        fmt::format("{} bootstrap replicates had no estimate and were left "
                    "out",
                    result.failed_replicates));
  }
  // Acceleration from the count-weighted jackknife (SparseMSE's estimatepopulation).
  std::vector<double> jackknife, weights;
  if (std::all_of(jack.begin(), jack.end(), [](const auto& v) { return v.has_value(); })) {
    for (size_t i = 0; i < histories.size(); ++i) {
      jackknife.push_back(*jack[i]);
      weights.push_back(static_cast<double>(table.counts[histories[i]]));
    }
  } else {
    result.warnings.push_back(
        "a leave-one-out estimate failed; the acceleration is set to 0 "
        "(a bias-corrected percentile interval)");
  }
  const BcaLimits limits =
      BcaFromReplicates(result.replicates, estimate, jackknife, weights, options.level);
  result.bias_correction = limits.bias_correction;
  result.acceleration = limits.acceleration;
  result.interval.level = options.level;
  result.interval.method = "bootstrap-bca";
  result.interval.lower = limits.lower;
  result.interval.upper = limits.upper;
  return result;
}

}  // namespace zicht::estimate
