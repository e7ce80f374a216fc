// The linkage draws: hand-made linkages whose partition probabilities are worked out by
// hand, the invariance when every match probability is 0 or 1, the widening a known
// ambiguity brings, and small simulated worlds whose combined interval holds the truth.
#include "zicht/estimate/linkage_draws.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace zicht::estimate {
namespace {

// A linkage of persons given by their histories over `lists` lists: one sighting per list
// of each history, every sighting in 2019; the pairs of one person are certain (p = 1).
struct Built {
  StoredLinkage linkage;
  std::vector<std::vector<std::uint32_t>> nodes_of_person;
};

Built FromHistories(const std::vector<std::uint32_t>& histories, int lists) {
  Built out;
  for (int j = 0; j < lists; ++j) out.linkage.lists.push_back(std::string(1, 'A' + j));
  for (std::size_t p = 0; p < histories.size(); ++p) {
    std::vector<std::uint32_t> nodes;
    for (int j = 0; j < lists; ++j) {
      if (((histories[p] >> j) & 1) == 0) continue;
      Sighting s;
      s.person_id = static_cast<std::int64_t>(p + 1);
      s.list = j;
      s.registration_date = Date{2019, 6, 1};
      nodes.push_back(static_cast<std::uint32_t>(out.linkage.sightings.size()));
      out.linkage.sightings.push_back(s);
      out.linkage.graph.person.push_back(static_cast<std::uint32_t>(p));
    }
    for (std::size_t a = 0; a < nodes.size(); ++a) {
      for (std::size_t b = a + 1; b < nodes.size(); ++b) {
        out.linkage.graph.pairs.push_back({nodes[a], nodes[b], 1.0});
      }
    }
    out.nodes_of_person.push_back(nodes);
  }
  return out;
}

// Histories from a table's counts (index = history).
std::vector<std::uint32_t> Histories(const std::vector<int>& counts) {
  std::vector<std::uint32_t> out;
  for (std::size_t h = 1; h < counts.size(); ++h) {
    for (int i = 0; i < counts[h]; ++i) out.push_back(static_cast<std::uint32_t>(h));
  }
  return out;
}

// A three-list table with overlaps (persons per history 1..7).
const std::vector<int> kCounts = {0, 120, 100, 30, 90, 25, 20, 12};

EstimateOptions Average() {
  EstimateOptions options;
  options.method = Method::kAverage;
  return options;
}

TEST(LinkageDraws, EveryProbabilityZeroOrOneReproducesTheStoredLinkageAndItsEstimate) {
  Built built = FromHistories(Histories(kCounts), 3);
  // Certain non-matches across persons as well: the first A-only and the first B-only.
  const std::uint32_t a_only = built.nodes_of_person[0][0];
  const std::uint32_t b_only = built.nodes_of_person[120][0];
  built.linkage.graph.pairs.push_back({a_only, b_only, 0.0});
  LinkageDrawOptions options;
  options.draws = 30;
  auto draws = DrawLinkages(built.linkage.graph, options);
  ASSERT_TRUE(draws.ok()) << draws.status().message();
  EXPECT_EQ(draws->movable_groups, 0);
  EXPECT_DOUBLE_EQ(draws->expected_false_links, 0.0);
  EXPECT_DOUBLE_EQ(draws->expected_missed_links, 0.0);
  for (const auto& person_of : draws->person_of) {
    EXPECT_EQ(person_of, built.linkage.graph.person);
  }
  auto over = EstimateOverLinkages(built.linkage, *draws, std::nullopt, Average());
  ASSERT_TRUE(over.ok()) << over.status().message();
  // The point is the method on the table of the histories as given.
  CaptureTable table;
  table.lists = {"A", "B", "C"};
  table.counts.assign(kCounts.begin(), kCounts.end());
  auto direct = EstimatePopulation(table, Average());
  ASSERT_TRUE(direct.ok());
  EXPECT_NEAR(over->point.estimate, direct->estimate, 1e-9 * direct->estimate);
  ASSERT_EQ(over->draws_used, 30);
  for (double estimate : over->draw_estimates) EXPECT_EQ(estimate, over->point.estimate);
  ASSERT_TRUE(over->linkage_share.has_value());
  EXPECT_NEAR(*over->linkage_share, 0.0, 1e-9);
  ASSERT_TRUE(over->linkage_variance_share.has_value());
  EXPECT_NEAR(*over->linkage_variance_share, 0.0, 1e-12);
  EXPECT_NEAR(over->with_linkage.lower, over->without_linkage.lower, 1e-6 * over->point.estimate);
  EXPECT_NEAR(over->with_linkage.upper, over->without_linkage.upper, 1e-6 * over->point.estimate);
  // No expected error: the corrected table is the stored one, and so is its estimate.
  ASSERT_TRUE(over->corrected.has_estimate) << over->corrected.reason;
  EXPECT_NEAR(over->corrected.estimate, over->point.estimate, 1e-9 * over->point.estimate);
}

// Two records and one pair: a draw links them with the pair's probability.
TEST(LinkageDraws, ALonePairLinksWithItsProbability) {
  Built built = FromHistories({1, 2}, 2);
  built.linkage.graph.pairs.push_back({0, 1, 0.3});
  LinkageDrawOptions options;
  options.draws = 4000;
  auto draws = DrawLinkages(built.linkage.graph, options);
  ASSERT_TRUE(draws.ok());
  int linked = 0;
  for (const auto& person_of : draws->person_of) linked += person_of[0] == person_of[1];
  // Binomial(4000, 0.3): standard deviation 0.0072; 4.5 of them.
  EXPECT_NEAR(linked / 4000.0, 0.3, 0.033);
  EXPECT_NEAR(draws->expected_missed_links, 0.3, 1e-12);
}

// Three records, A-B and B-C at p = 0.8 (odds 4), A-C not stored (weighs the absent
// weight, 2^-7 odds). The distribution over the five partitions, by hand: {A}{B}{C} 1,
// {AB}{C} 4, {A}{BC} 4, {AC}{B} 2^-7, {ABC} 4 * 4 * 2^-7 = 1/8; total 9 + 1/8 + 1/128.
TEST(LinkageDraws, ThreeRecordsFollowTheProductOfTheirOdds) {
  Built built = FromHistories({1, 2, 4}, 3);
  built.linkage.graph.pairs = {{0, 1, 0.8}, {1, 2, 0.8}};
  built.linkage.graph.absent_weight = -7;
  LinkageDrawOptions options;
  options.draws = 4000;
  options.seed = 5;
  auto draws = DrawLinkages(built.linkage.graph, options);
  ASSERT_TRUE(draws.ok());
  std::map<std::string, int> seen;
  for (const auto& p : draws->person_of) {
    const bool ab = p[0] == p[1], bc = p[1] == p[2], ac = p[0] == p[2];
    ++seen[ab && bc ? "ABC" : ab ? "AB" : bc ? "BC" : ac ? "AC" : "none"];
  }
  const double total = 9 + 1.0 / 8 + 1.0 / 128;
  const std::map<std::string, double> expected = {
      {"none", 1 / total}, {"AB", 4 / total}, {"BC", 4 / total}, {"ABC", 0.125 / total}};
  for (const auto& [partition, share] : expected) {
    const double sd = std::sqrt(share * (1 - share) / 4000);
    EXPECT_NEAR(seen[partition] / 4000.0, share, 4.5 * sd + 1e-3) << partition;
  }
  EXPECT_LE(seen["AC"], 12) << "2^-7 / 9.13 of 4000 is 3.4";
}

TEST(LinkageDraws, RecordsOfOneDeduplicatedSourceAreNeverOnePerson) {
  Built built = FromHistories({1, 1}, 2);
  built.linkage.graph.pairs.push_back({0, 1, 0.95});
  built.linkage.graph.deduplicated = {1, 1};
  LinkageDrawOptions options;
  options.draws = 200;
  auto draws = DrawLinkages(built.linkage.graph, options);
  ASSERT_TRUE(draws.ok());
  for (const auto& p : draws->person_of) EXPECT_NE(p[0], p[1]);
}

TEST(LinkageDraws, AKnownAmbiguityWidensTheInterval) {
  // 100 persons seen by A only each have a pair at p = 0.5 with one seen by B only: in
  // half the draws each is one person seen by both. The A-and-B-only cell (30 persons)
  // then gains Binomial(100, 0.5) persons, 50 +- 5, which moves the estimate by far more
  // than a tenth of its own interval's width.
  std::vector<std::uint32_t> histories = Histories(kCounts);
  Built built = FromHistories(histories, 3);
  for (int i = 0; i < 100; ++i) {
    built.linkage.graph.pairs.push_back(
        {built.nodes_of_person[static_cast<std::size_t>(i)][0],
         built.nodes_of_person[static_cast<std::size_t>(120 + i)][0], 0.5});
  }
  LinkageDrawOptions options;
  options.draws = 200;
  auto draws = DrawLinkages(built.linkage.graph, options);
  ASSERT_TRUE(draws.ok());
  EXPECT_EQ(draws->movable_records, 200);
  EXPECT_NEAR(draws->expected_missed_links, 50.0, 1e-9);
  auto over = EstimateOverLinkages(built.linkage, *draws, std::nullopt, Average());
  ASSERT_TRUE(over.ok()) << over.status().message();
  // Persons observed: 397 stored, 397 - Binomial(100, 0.5) in a draw.
  EXPECT_LT(over->observed_lower, 397 - 40);
  EXPECT_GT(over->observed_upper, 397 - 60);
  EXPECT_GT(over->draws_upper, over->draws_lower);
  ASSERT_TRUE(over->linkage_share.has_value());
  EXPECT_GT(*over->linkage_share, 0.1);
  ASSERT_TRUE(over->linkage_variance_share.has_value());
  EXPECT_GT(*over->linkage_variance_share, 0.1);
  // Merging shrinks the unseen count: the combined interval reaches below the stored one.
  EXPECT_LT(over->with_linkage.lower, over->without_linkage.lower);
  // The point correction moves 50 persons (the expected merges) from 1 and 2 to 3.
  auto corrected = CorrectedTable(built.linkage, std::nullopt);
  ASSERT_TRUE(corrected.ok());
  EXPECT_EQ(corrected->counts[1], kCounts[1] - 50);
  EXPECT_EQ(corrected->counts[2], kCounts[2] - 50);
  EXPECT_EQ(corrected->counts[3], kCounts[3] + 50);
}

TEST(LinkageDraws, TheMixtureOfOneDistributionIsItsOwnInterval) {
  MethodResult r;
  r.has_estimate = true;
  r.observed = 500;
  r.estimate = 800;
  r.interval.lower = 650;
  r.interval.upper = 1100;
  const Interval one = MixtureInterval({r, r, r}, 0.95);
  EXPECT_NEAR(one.lower, 650, 1e-6);
  EXPECT_NEAR(one.upper, 1100, 1e-6);
  // Half the mixture unbounded above: the mixture never reaches 97.5%.
  MethodResult open = r;
  open.interval.upper = std::numeric_limits<double>::infinity();
  EXPECT_FALSE(MixtureInterval({r, open}, 0.95).bounded());
}

// Small worlds with a known total: three independent lists, the pairs of one person's
// records scored with calibrated probabilities (a pair at p is of one person with
// probability p), and false pairs across persons at the same rates; the stored linkage
// links pairs at p >= 0.65, as the link stage's threshold. In 10 worlds the combined 95%
// interval must hold the truth at least 8 times: under nominal coverage the chance of 7 or
// fewer is 1.2%; and more often than the interval of the stored linkage alone.
TEST(LinkageDraws, TheCombinedIntervalHoldsTheTruthOfSmallWorlds) {
  constexpr int kTruth = 3000;
  int held_with = 0, held_without = 0;
  for (int world = 0; world < 10; ++world) {
    std::mt19937_64 rng(1000 + world);
    std::uniform_real_distribution<double> u(0, 1);
    const double capture[3] = {0.25, 0.2, 0.3};
    StoredLinkage linkage;
    linkage.lists = {"A", "B", "C"};
    std::vector<std::vector<std::uint32_t>> nodes_of_true;
    for (int person = 0; person < kTruth; ++person) {
      std::vector<std::uint32_t> nodes;
      for (int j = 0; j < 3; ++j) {
        if (u(rng) >= capture[j]) continue;
        Sighting s;
        s.person_id = 1;  // set from the stored linkage below
        s.list = j;
        s.registration_date = Date{2019, 1, 1};
        nodes.push_back(static_cast<std::uint32_t>(linkage.sightings.size()));
        linkage.sightings.push_back(s);
      }
      if (!nodes.empty()) nodes_of_true.push_back(nodes);
    }
    const std::size_t n = linkage.sightings.size();
    // True pairs: p = 0.98 for four in five, 0.5 for the rest. False pairs at those p:
    // 0.02/0.98 and 1 of every true pair of the same p, between random records.
    std::vector<LinkageGraph::Pair> pairs;
    int true_high = 0, true_mid = 0;
    for (const auto& nodes : nodes_of_true) {
      for (std::size_t a = 0; a < nodes.size(); ++a) {
        for (std::size_t b = a + 1; b < nodes.size(); ++b) {
          const bool high = u(rng) < 0.8;
          (high ? true_high : true_mid) += 1;
          pairs.push_back({nodes[a], nodes[b], high ? 0.98 : 0.5});
        }
      }
    }
    std::vector<std::uint32_t> true_of(n);
    for (std::size_t t = 0; t < nodes_of_true.size(); ++t) {
      for (std::uint32_t node : nodes_of_true[t]) true_of[node] = static_cast<std::uint32_t>(t);
    }
    std::uniform_int_distribution<std::uint32_t> pick(0, static_cast<std::uint32_t>(n - 1));
    auto add_false = [&](double expected, double p) {
      const int count = static_cast<int>(std::lround(expected));
      for (int i = 0; i < count;) {
        const std::uint32_t a = pick(rng), b = pick(rng);
        if (true_of[a] == true_of[b] || linkage.sightings[a].list == linkage.sightings[b].list) {
          continue;
        }
        pairs.push_back({a, b, p});
        ++i;
      }
    };
    add_false(true_high * 0.02 / 0.98, 0.98);
    add_false(true_mid, 0.5);
    // The stored linkage: components of the pairs at p >= 0.65.
    std::vector<std::uint32_t> parent(n);
    std::iota(parent.begin(), parent.end(), 0U);
    auto find = [&](std::uint32_t x) {
      while (parent[x] != x) x = parent[x] = parent[parent[x]];
      return x;
    };
    for (const auto& pair : pairs) {
      if (pair.probability >= 0.65) parent[find(pair.a)] = find(pair.b);
    }
    std::map<std::uint32_t, std::uint32_t> label;
    for (std::size_t s = 0; s < n; ++s) {
      const auto root = find(static_cast<std::uint32_t>(s));
      const auto it = label.emplace(root, static_cast<std::uint32_t>(label.size())).first;
      linkage.graph.person.push_back(it->second);
      linkage.sightings[s].person_id = it->second + 1;
    }
    linkage.graph.pairs = pairs;
    LinkageDrawOptions options;
    options.draws = 100;
    options.seed = static_cast<std::uint64_t>(world);
    auto draws = DrawLinkages(linkage.graph, options);
    ASSERT_TRUE(draws.ok());
    auto over = EstimateOverLinkages(linkage, *draws, std::nullopt, Average());
    ASSERT_TRUE(over.ok()) << over.status().message();
    held_with += over->with_linkage.lower <= kTruth && kTruth <= over->with_linkage.upper;
    held_without += over->without_linkage.lower <= kTruth && kTruth <= over->without_linkage.upper;
  }
  EXPECT_GE(held_with, 8);
  EXPECT_GE(held_with, held_without);
}

TEST(LinkageDraws, BadInputIsRefused) {
  Built built = FromHistories({1, 2}, 2);
  built.linkage.graph.pairs.push_back({0, 5, 0.5});
  EXPECT_FALSE(DrawLinkages(built.linkage.graph, {}).ok());
  built.linkage.graph.pairs.back() = {0, 1, 1.5};
  EXPECT_FALSE(DrawLinkages(built.linkage.graph, {}).ok());
  LinkageDrawOptions none;
  none.draws = 0;
  EXPECT_FALSE(DrawLinkages(FromHistories({1, 2}, 2).linkage.graph, none).ok());
  EXPECT_FALSE(TableOfLinkage(built.linkage, {0}, std::nullopt).ok());
}

}  // namespace
}  // namespace zicht::estimate
