#include "zicht/link/assignment.hpp"

#include <algorithm>
#include <bit>
#include <cmath>
#include <map>
#include <tuple>
#include <unordered_map>

namespace zicht::link {

namespace {

constexpr int kMaxIterations = 1000;
constexpr double kTolerance = 1e-12;
constexpr int kMaxRounds = 100;
constexpr double kRoundTolerance = 1e-6;

std::uint64_t Key(std::uint32_t record, std::uint64_t source_bit) {
  return (static_cast<std::uint64_t>(record) << 6) |
         static_cast<std::uint64_t>(std::countr_zero(source_bit));
}

// EM for p, the share of `from`'s records with a partner in `to`: each record's chance of
// having one, given the summed likelihood ratios of its candidates there, averaged.
double FitPartnerShare(std::vector<double> sums, double from_records, double to_records) {
  if (sums.empty() || from_records <= 0 || to_records <= 0) return 0;
  std::sort(sums.begin(), sums.end());  // the same sum in any order of the pairs
  const double highest = 1 - 0.5 / from_records;
  double p = 0.5;
  for (int iteration = 0; iteration < kMaxIterations; ++iteration) {
    double total = 0;
    for (double s : sums) {
      const double with = p / to_records * s;
      total += with / ((1 - p) + with);
    }
    const double next = std::clamp(total / from_records, 0.0, highest);
    const bool done = std::abs(next - p) < kTolerance;
    p = next;
    if (done) break;
  }
  return p;
}

}  // namespace

std::optional<double> OneToOneResult::WeightOf(std::uint32_t a, std::uint32_t b) const {
  if (a > b) std::swap(a, b);
  const auto it =
      std::lower_bound(weighed.begin(), weighed.end(), std::make_pair(a, b),
                       [](const Edge& e, const std::pair<std::uint32_t, std::uint32_t>& key) {
                         return std::tie(e.a, e.b) < std::tie(key.first, key.second);
                       });
  if (it == weighed.end() || it->a != a || it->b != b) return std::nullopt;
  return it->weight;
}

OneToOneResult OneToOnePosterior(std::vector<Edge> pairs,
                                 const std::vector<std::uint64_t>& source_bits, double prior_weight,
                                 double min_weight) {
  OneToOneResult out;
  std::sort(pairs.begin(), pairs.end(),
            [](const Edge& x, const Edge& y) { return std::tie(x.a, x.b) < std::tie(y.a, y.b); });
  std::map<std::uint64_t, double> records;  // source bit -> its records
  for (std::uint64_t bit : source_bits) {
    if (bit != 0) ++records[bit];
  }
  // Per (record, other source): the sum of the likelihood ratios of its candidates there.
  std::unordered_map<std::uint64_t, double> sum;
  auto ratio = [&](const Edge& e) { return std::exp2(e.weight - prior_weight); };
  for (const Edge& e : pairs) {
    const double lambda = ratio(e);
    sum[Key(e.a, source_bits[e.b])] += lambda;
    sum[Key(e.b, source_bits[e.a])] += lambda;
  }
  // p per ordered pair of sources, from the records of `from` that have candidates in `to`.
  std::map<std::pair<std::uint64_t, std::uint64_t>, std::vector<double>> sums;
  for (const auto& [key, s] : sum) {
    const auto record = static_cast<std::uint32_t>(key >> 6);
    const std::uint64_t to = std::uint64_t{1} << (key & 63);
    sums[{source_bits[record], to}].push_back(s);
  }
  std::map<std::pair<std::uint64_t, std::uint64_t>, double> share;
  for (auto& [sources, values] : sums) {
    const double p =
        FitPartnerShare(std::move(values), records[sources.first], records[sources.second]);
    share[sources] = p;
    out.shares.push_back({sources.first, sources.second, p});
  }
  // A rival counts only as far as it is not another record's partner: a candidate whose
  // own partner is clear takes nothing from this record's chance (a mean-field view of the
  // one-to-one constraint). Rounds: the posteriors from the rivals' current chances of
  // being free, those chances from the posteriors, damped by half, until they settle.
  // Each (record, other source) gets a dense slot, so that a round is array work only.
  const std::size_t n = pairs.size();
  std::unordered_map<std::uint64_t, std::uint32_t> slot_of;
  std::vector<std::uint32_t> slot_a(n);  // a's slot towards b's source, and b's towards a's
  std::vector<std::uint32_t> slot_b(n);
  std::vector<double> lambda(n);
  std::vector<double> each_a(n);  // p / n_to of each view, and its 1 - p
  std::vector<double> each_b(n);
  std::vector<double> none_a(n);
  std::vector<double> none_b(n);
  auto slot = [&](std::uint64_t key) {
    return slot_of.emplace(key, static_cast<std::uint32_t>(slot_of.size())).first->second;
  };
  for (std::size_t i = 0; i < n; ++i) {
    const Edge& e = pairs[i];
    const std::uint64_t sa = source_bits[e.a];
    const std::uint64_t sb = source_bits[e.b];
    slot_a[i] = slot(Key(e.a, sb));
    slot_b[i] = slot(Key(e.b, sa));
    lambda[i] = ratio(e);
    const double pa = share[{sa, sb}];
    const double pb = share[{sb, sa}];
    each_a[i] = pa / records[sb];
    none_a[i] = 1 - pa;
    each_b[i] = pb / records[sa];
    none_b[i] = 1 - pb;
  }
  std::vector<double> taken(slot_of.size(), 0.0);   // summed posterior of the slot's pairs
  std::vector<double> rivals(slot_of.size(), 0.0);  // summed lambda times the chance free
  for (std::size_t i = 0; i < n; ++i) {
    rivals[slot_a[i]] += lambda[i];
    rivals[slot_b[i]] += lambda[i];
  }
  std::vector<double> posterior(n, 0.0);
  std::vector<double> free_a(n, 1.0);  // a free of partners other than b, and b of all but a
  std::vector<double> free_b(n, 1.0);
  std::vector<double> weight(n, 0.0);
  // log2 of the posterior odds that the pair's partner is its record's, from one view.
  auto odds = [&](double each, double none, double rival_sum, double own, double lambda_i) {
    if (each <= 0) return -HUGE_VAL;
    const double others = std::max(rival_sum - own, 0.0);
    return std::log2(each) + std::log2(lambda_i) - std::log2(none + each * others);
  };
  for (int round = 0; round < kMaxRounds; ++round) {
    double change = 0;
    for (std::size_t i = 0; i < n; ++i) {
      weight[i] =
          std::min(odds(each_a[i], none_a[i], rivals[slot_a[i]], lambda[i] * free_b[i], lambda[i]),
                   odds(each_b[i], none_b[i], rivals[slot_b[i]], lambda[i] * free_a[i], lambda[i]));
      const double q = 1 / (1 + std::exp2(-weight[i]));
      const double next = round == 0 ? q : 0.5 * (posterior[i] + q);
      change = std::max(change, std::abs(next - posterior[i]));
      posterior[i] = next;
    }
    if (round > 0 && change < kRoundTolerance) break;
    std::fill(taken.begin(), taken.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      taken[slot_a[i]] += posterior[i];
      taken[slot_b[i]] += posterior[i];
    }
    std::fill(rivals.begin(), rivals.end(), 0.0);
    for (std::size_t i = 0; i < n; ++i) {
      free_a[i] = std::clamp(1 - (taken[slot_a[i]] - posterior[i]), 0.0, 1.0);
      free_b[i] = std::clamp(1 - (taken[slot_b[i]] - posterior[i]), 0.0, 1.0);
      rivals[slot_a[i]] += lambda[i] * free_b[i];
      rivals[slot_b[i]] += lambda[i] * free_a[i];
    }
  }
  for (std::size_t i = 0; i < n; ++i) {
    out.weighed.push_back({pairs[i].a, pairs[i].b, weight[i]});
    if (weight[i] >= min_weight) out.edges.push_back({pairs[i].a, pairs[i].b, weight[i]});
  }
  return out;
}

}  // namespace zicht::link
