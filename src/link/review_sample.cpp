#include "zicht/link/review_sample.hpp"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>

#include "mix.hpp"

namespace zicht::link {

namespace {

// The order of the strata outside the boundary, for allocation and output.
constexpr const char* kStrata[] = {"linked-high",   "linked-mid",   "linked-low",
                                   "unlinked-high", "unlinked-mid", "unlinked-low"};

// A uniform draw in [0, bound) from a splitmix64 stream: the same on every standard
// library, which <random>'s distributions are not.
std::uint64_t Below(std::uint64_t& state, std::uint64_t bound) {
  state += 0x9e3779b97f4a7c15ULL;
  // The remainder's bias, below bound / 2^64, does not matter for a review sample.
  return Mix(state) % bound;
}

}  // namespace

std::string StratumOf(const SamplingUnit& unit) {
  const char* band = unit.probability >= 0.99 ? "high" : unit.probability >= 0.5 ? "mid" : "low";
  return std::string(unit.linked ? "linked-" : "unlinked-") + band;
}

std::vector<SampledUnit> DrawReviewSample(const std::vector<SamplingUnit>& units,
                                          double threshold_weight, std::int64_t count,
                                          std::uint64_t seed) {
  std::vector<SampledUnit> out;
  const std::size_t n = std::min<std::size_t>(
      units.size(), static_cast<std::size_t>(std::max<std::int64_t>(count, 0)));
  if (n == 0) return out;
  std::vector<std::size_t> order(units.size());
  std::iota(order.begin(), order.end(), std::size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](std::size_t x, std::size_t y) {
    return std::abs(units[x].weight - threshold_weight) <
           std::abs(units[y].weight - threshold_weight);
  });
  const std::size_t boundary = n / 2;
  std::vector<std::size_t> near(order.begin(),
                                order.begin() + static_cast<std::ptrdiff_t>(boundary));
  std::sort(near.begin(), near.end());
  for (std::size_t unit : near) {
    out.push_back({unit, kBoundaryStratum, static_cast<std::int64_t>(boundary),
                   static_cast<std::int64_t>(boundary), 1.0});
  }

  // The rest by stratum, in unit order.
  std::map<std::string, std::vector<std::size_t>> members;
  for (std::size_t k = boundary; k < order.size(); ++k) {
    members[StratumOf(units[order[k]])].push_back(order[k]);
  }
  for (auto& [name, list] : members) std::sort(list.begin(), list.end());
  const std::size_t rest = n - boundary;
  const std::size_t population = units.size() - boundary;
  // Proportional allocation, rounded by largest remainders (ties in stratum order).
  std::vector<std::size_t> size, take;
  std::vector<double> remainder;
  std::size_t given = 0;
  for (const char* name : kStrata) {
    const std::size_t N = members[name].size();
    const double exact =
        static_cast<double>(rest) * static_cast<double>(N) / static_cast<double>(population);
    size.push_back(N);
    take.push_back(static_cast<std::size_t>(std::floor(exact)));
    remainder.push_back(exact - std::floor(exact));
    given += take.back();
  }
  const std::size_t strata = size.size();
  while (given < rest) {
    std::size_t best = strata;
    for (std::size_t h = 0; h < strata; ++h) {
      if (take[h] >= size[h]) continue;
      if (best == strata || remainder[h] > remainder[best]) best = h;
    }
    ++take[best];
    remainder[best] = -1;
    ++given;
  }
  // Every non-empty stratum gets a pair while the count allows, taken from the largest
  // allocation: a stratum without one would stand for nothing in the estimate.
  for (std::size_t h = 0; h < strata; ++h) {
    if (size[h] == 0 || take[h] > 0) continue;
    std::size_t largest = 0;
    for (std::size_t g = 1; g < strata; ++g) {
      if (take[g] > take[largest]) largest = g;
    }
    if (take[largest] <= 1) break;
    --take[largest];
    ++take[h];
  }
  std::uint64_t state = Mix(seed ^ 0x5245564945570000ULL);  // "REVIEW"
  for (std::size_t h = 0; h < strata; ++h) {
    std::vector<std::size_t>& list = members[kStrata[h]];
    // A partial Fisher–Yates shuffle: the first take[h] are a simple random sample.
    for (std::size_t i = 0; i < take[h]; ++i) {
      const std::size_t j = i + static_cast<std::size_t>(Below(state, list.size() - i));
      std::swap(list[i], list[j]);
    }
    std::vector<std::size_t> chosen(list.begin(),
                                    list.begin() + static_cast<std::ptrdiff_t>(take[h]));
    std::sort(chosen.begin(), chosen.end());
    for (std::size_t unit : chosen) {
      out.push_back({unit, kStrata[h], static_cast<std::int64_t>(size[h]),
                     static_cast<std::int64_t>(take[h]),
                     static_cast<double>(take[h]) / static_cast<double>(size[h])});
    }
  }
  return out;
}

ProportionEstimate WeightedWilson(const std::vector<double>& weights, const std::vector<bool>& hit,
                                  double z) {
  ProportionEstimate out;
  out.pairs = static_cast<std::int64_t>(weights.size());
  double sum = 0, squares = 0, hits = 0;
  for (std::size_t i = 0; i < weights.size(); ++i) {
    sum += weights[i];
    squares += weights[i] * weights[i];
    if (hit[i]) hits += weights[i];
  }
  if (weights.empty() || sum <= 0) return out;
  out.defined = true;
  const double p = hits / sum;
  const double n = sum * sum / squares;
  out.estimate = p;
  out.effective_n = n;
  const double z2 = z * z;
  const double centre = (p + z2 / (2 * n)) / (1 + z2 / n);
  const double half = z / (1 + z2 / n) * std::sqrt(p * (1 - p) / n + z2 / (4 * n * n));
  out.lower = std::max(0.0, centre - half);
  out.upper = std::min(1.0, centre + half);
  return out;
}

ReviewEstimate EstimateFromReview(const std::vector<ReviewedPair>& pairs) {
  ReviewEstimate out;
  struct Stratum {
    std::int64_t size = 0;
    std::int64_t reviewed = 0;
    std::int64_t matches = 0;
  };
  std::map<std::string, Stratum> strata;
  for (const ReviewedPair& pair : pairs) {
    auto [it, inserted] = strata.try_emplace(pair.stratum);
    if (inserted) it->second.size = pair.stratum_pairs;
    ++it->second.reviewed;
    if (pair.match) ++it->second.matches;
    ++out.reviewed;
    if (pair.match) ++out.matches;
  }
  for (const auto& [name, s] : strata) {
    ++out.strata;
    out.pairs_represented += s.size;
    out.estimated_matches += static_cast<double>(s.size) * static_cast<double>(s.matches) /
                             static_cast<double>(s.reviewed);
  }
  std::vector<double> linked_weights, match_weights;
  std::vector<bool> linked_match, match_linked;
  for (const ReviewedPair& pair : pairs) {
    const Stratum& s = strata.at(pair.stratum);
    const double w = static_cast<double>(s.size) / static_cast<double>(s.reviewed);
    if (w <= 0) continue;
    if (pair.linked) {
      linked_weights.push_back(w);
      linked_match.push_back(pair.match);
    }
    if (pair.match) {
      match_weights.push_back(w);
      match_linked.push_back(pair.linked);
    }
  }
  out.precision = WeightedWilson(linked_weights, linked_match);
  out.recall = WeightedWilson(match_weights, match_linked);
  return out;
}

}  // namespace zicht::link
