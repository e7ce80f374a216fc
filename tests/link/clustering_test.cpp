#include "zicht/link/clustering.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <functional>
#include <map>
#include <set>
#include <vector>

#include "link/link_fixtures.hpp"

namespace zicht::link {
namespace {

using fixtures::Rng;

ClusterOptions Options(double min_weight, bool guard, std::int64_t max_size) {
  ClusterOptions options;
  options.min_weight = min_weight;
  options.guard_personal_id = guard;
  options.max_cluster_size = max_size;
  return options;
}

bool Together(const Clustering& c, std::uint32_t a, std::uint32_t b) {
  return c.cluster_of[a] == c.cluster_of[b];
}

// Connected components by depth-first search: the truth when no guard refuses a link.
std::vector<std::uint32_t> Components(std::size_t n, const std::vector<Edge>& edges,
                                      double min_weight) {
  std::vector<std::vector<std::uint32_t>> next(n);
  for (const Edge& e : edges) {
    if (e.weight < min_weight) continue;
    next[e.a].push_back(e.b);
    next[e.b].push_back(e.a);
  }
  std::vector<std::uint32_t> component(n, UINT32_MAX);
  std::uint32_t count = 0;
  for (std::uint32_t start = 0; start < n; ++start) {
    if (component[start] != UINT32_MAX) continue;
    std::vector<std::uint32_t> stack = {start};
    component[start] = count;
    while (!stack.empty()) {
      const std::uint32_t x = stack.back();
      stack.pop_back();
      for (std::uint32_t y : next[x]) {
        if (component[y] == UINT32_MAX) {
          component[y] = count;
          stack.push_back(y);
        }
      }
    }
    ++count;
  }
  return component;
}

TEST(ClusterRecords, JoinsEdgesAtOrAboveTheThresholdOnly) {
  // 0-1 at the threshold, 1-2 above, 3-4 just below, 5 alone.
  const std::vector<Edge> edges = {{0, 1, 2.0}, {1, 2, 7.5}, {3, 4, 1.999}};
  const Clustering c = ClusterRecords(6, edges, {}, Options(2.0, true, 50));
  EXPECT_TRUE(Together(c, 0, 1));
  EXPECT_TRUE(Together(c, 1, 2));
  EXPECT_FALSE(Together(c, 3, 4));
  EXPECT_EQ(c.clusters, 4u);
  EXPECT_EQ(c.links_used, 2);
  // Clusters numbered by their first record.
  EXPECT_EQ(c.cluster_of, (std::vector<std::uint32_t>{0, 0, 0, 1, 2, 3}));
  EXPECT_EQ(c.size_histogram, (std::map<std::int64_t, std::int64_t>{{1, 3}, {3, 1}}));
  EXPECT_TRUE(c.flagged.empty());
  EXPECT_EQ(c.refused_personal_id, 0);
  EXPECT_EQ(c.refused_size, 0);
}

TEST(ClusterRecords, RedundantEdgesAreNotCountedAsLinks) {
  const std::vector<Edge> edges = {{0, 1, 5}, {1, 2, 5}, {0, 2, 5}, {2, 0, 9}};
  const Clustering c = ClusterRecords(3, edges, {}, Options(0, true, 50));
  EXPECT_EQ(c.clusters, 1u);
  EXPECT_EQ(c.links_used, 2);
}

// 0 (id 1) - 1 (no id) - 2 (id 2): record 1 may join either, not both; the stronger link
// wins, which is Kruskal's order.
TEST(ClusterRecords, ThePersonalIdGuardKeepsTheStrongerLink) {
  const std::vector<std::uint64_t> ids = {1, 0, 2};
  {
    const Clustering c = ClusterRecords(3, {{0, 1, 5.0}, {1, 2, 10.0}}, ids, Options(0, true, 50));
    EXPECT_TRUE(Together(c, 1, 2));
    EXPECT_FALSE(Together(c, 0, 1));
    EXPECT_EQ(c.refused_personal_id, 1);
    EXPECT_EQ(c.links_used, 1);
    EXPECT_EQ(c.flagged, (std::vector<std::uint32_t>{0, 1}));
  }
  {
    // The same edges in the other order of weight (and given in a different order).
    const Clustering c = ClusterRecords(3, {{1, 2, 5.0}, {0, 1, 10.0}}, ids, Options(0, true, 50));
    EXPECT_TRUE(Together(c, 0, 1));
    EXPECT_FALSE(Together(c, 1, 2));
    EXPECT_EQ(c.refused_personal_id, 1);
  }
  {
    // Without the guard the chain joins both ids into one person.
    const Clustering c = ClusterRecords(3, {{0, 1, 5.0}, {1, 2, 10.0}}, ids, Options(0, false, 50));
    EXPECT_EQ(c.clusters, 1u);
    EXPECT_EQ(c.refused_personal_id, 0);
    EXPECT_TRUE(c.flagged.empty());
  }
}

TEST(ClusterRecords, EqualPersonalIdsAndMissingIdsJoinFreely) {
  const std::vector<std::uint64_t> ids = {4, 4, 0, 0};
  const Clustering c =
      ClusterRecords(4, {{0, 1, 3}, {1, 2, 3}, {2, 3, 3}}, ids, Options(0, true, 50));
  EXPECT_EQ(c.clusters, 1u);
  EXPECT_EQ(c.refused_personal_id, 0);
}

// A chain 0-1-2-3 with the weakest link in the middle and room for two records a person.
TEST(ClusterRecords, TheSizeGuardSplitsAtTheWeakestLink) {
  const std::vector<Edge> edges = {{0, 1, 10}, {1, 2, 1}, {2, 3, 9}};
  const Clustering c = ClusterRecords(4, edges, {}, Options(0, true, 2));
  EXPECT_EQ(c.cluster_of, (std::vector<std::uint32_t>{0, 0, 1, 1}));
  EXPECT_EQ(c.refused_size, 1);
  EXPECT_EQ(c.flagged, (std::vector<std::uint32_t>{0, 1}));
  EXPECT_EQ(c.size_histogram, (std::map<std::int64_t, std::int64_t>{{2, 2}}));
}

struct RandomGraph {
  std::size_t n;
  std::vector<Edge> edges;
  std::vector<std::uint64_t> ids;
};

// Small clusters of records joined by strong edges, noisy edges between them, and personal
// ids from a small pool on about a third of the records, so that conflicts are common.
RandomGraph MakeRandomGraph(Rng& rng) {
  RandomGraph g;
  g.n = 20 + static_cast<std::size_t>(rng.Below(60));
  const auto n = static_cast<int>(g.n);
  for (int e = rng.Below(3 * n); e > 0; --e) {
    const auto a = static_cast<std::uint32_t>(rng.Below(n));
    const auto b = static_cast<std::uint32_t>(rng.Below(n));
    if (a == b) continue;
    // Weights on a coarse grid so that ties occur.
    g.edges.push_back({a, b, static_cast<double>(rng.Below(40)) / 2 - 5});
  }
  for (std::size_t i = 0; i < g.n; ++i) {
    g.ids.push_back(rng.Chance(0.35) ? 1 + static_cast<std::uint64_t>(rng.Below(6)) : 0);
  }
  return g;
}

std::map<std::uint32_t, std::vector<std::uint32_t>> Members(const Clustering& c) {
  std::map<std::uint32_t, std::vector<std::uint32_t>> out;
  for (std::uint32_t i = 0; i < c.cluster_of.size(); ++i) out[c.cluster_of[i]].push_back(i);
  return out;
}

TEST(ClusterRecords, WithTheGuardNoPersonEverHoldsTwoPersonalIds) {
  Rng rng{42};
  int chained = 0;  // graphs where, without the guard, some cluster holds two ids
  for (int trial = 0; trial < 300; ++trial) {
    const RandomGraph g = MakeRandomGraph(rng);
    const double threshold = 1.0;
    const std::int64_t max_size = 2 + rng.Below(10);
    const Clustering guarded =
        ClusterRecords(g.n, g.edges, g.ids, Options(threshold, true, max_size));
    for (const auto& [cluster, members] : Members(guarded)) {
      std::set<std::uint64_t> ids;
      for (std::uint32_t i : members) {
        if (g.ids[i] != 0) ids.insert(g.ids[i]);
      }
      ASSERT_LE(ids.size(), 1u) << "trial " << trial << " cluster " << cluster;
      ASSERT_LE(static_cast<std::int64_t>(members.size()), max_size) << "trial " << trial;
    }
    // Refusals are maximal: an edge above the threshold that still runs between two
    // clusters would break a guard if it were taken now.
    for (const Edge& e : g.edges) {
      if (e.weight < threshold || Together(guarded, e.a, e.b)) continue;
      const auto members = Members(guarded);
      const auto& ma = members.at(guarded.cluster_of[e.a]);
      const auto& mb = members.at(guarded.cluster_of[e.b]);
      std::uint64_t ida = 0, idb = 0;
      for (std::uint32_t i : ma) ida = std::max(ida, g.ids[i]);
      for (std::uint32_t i : mb) idb = std::max(idb, g.ids[i]);
      const bool id_conflict = ida != 0 && idb != 0 && ida != idb;
      const bool too_big = static_cast<std::int64_t>(ma.size() + mb.size()) > max_size;
      EXPECT_TRUE(id_conflict || too_big)
          << "trial " << trial << ": a link was refused for nothing";
    }
    // Sizes add up and the histogram agrees with the clusters.
    std::int64_t records = 0;
    std::int64_t clusters = 0;
    for (const auto& [size, count] : guarded.size_histogram) {
      records += size * count;
      clusters += count;
    }
    EXPECT_EQ(records, static_cast<std::int64_t>(g.n));
    EXPECT_EQ(clusters, guarded.clusters);
    EXPECT_EQ(guarded.links_used, static_cast<std::int64_t>(g.n) - clusters);
    if (guarded.refused_personal_id + guarded.refused_size > 0) {
      EXPECT_FALSE(guarded.flagged.empty());
    }

    // Off, with no size limit: exactly the connected components over the edges above the
    // threshold, ids or not.
    const Clustering open =
        ClusterRecords(g.n, g.edges, g.ids, Options(threshold, false, 1'000'000));
    const auto components = Components(g.n, g.edges, threshold);
    for (std::uint32_t a = 0; a < g.n; ++a) {
      for (std::uint32_t b = a + 1; b < g.n; ++b) {
        ASSERT_EQ(Together(open, a, b), components[a] == components[b]) << "trial " << trial;
      }
    }
    EXPECT_EQ(open.refused_personal_id, 0);
    for (const auto& [cluster, members] : Members(open)) {
      std::set<std::uint64_t> ids;
      for (std::uint32_t i : members) {
        if (g.ids[i] != 0) ids.insert(g.ids[i]);
      }
      if (ids.size() > 1) ++chained;
    }
  }
  EXPECT_GT(chained, 10) << "the random graphs should often chain different ids";
}

TEST(ClusterRecords, FlaggedClustersAreTheOnesOnEitherSideOfARefusal) {
  // Persons {0,1} (id 7) and {2,3} (id 8), with a weak link 1-2 between them; 4-5 fine.
  const std::vector<std::uint64_t> ids = {7, 0, 0, 8, 0, 0};
  const std::vector<Edge> edges = {{0, 1, 9}, {2, 3, 9}, {1, 2, 4}, {4, 5, 9}};
  const Clustering c = ClusterRecords(6, edges, ids, Options(0, true, 50));
  EXPECT_EQ(c.clusters, 3u);
  EXPECT_EQ(c.flagged, (std::vector<std::uint32_t>{c.cluster_of[0], c.cluster_of[2]}));
  EXPECT_EQ(c.size_histogram, (std::map<std::int64_t, std::int64_t>{{2, 3}}));
}

// A chain 0 - 1 - 2 where 0 and 2 are certainly different persons (their own dates of
// birth, say, years apart) but 1 (an age-only record) looks like both: the weaker link,
// which would put 0 and 2 together, is refused and both sides flagged; without the
// conflict the chain joins.
TEST(ClusterRecords, TheConflictGuardRefusesAChainThatJoinsTwoDifferentPersons) {
  const std::vector<Edge> edges = {{0, 1, 9.0}, {1, 2, 6.0}, {3, 4, 8.0}};
  ClusterOptions options = Options(4.0, false, 50);
  options.conflict_weight = -10;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> asked;
  options.pair_weight = [&](std::uint32_t a, std::uint32_t b) {
    asked.emplace_back(std::min(a, b), std::max(a, b));
    return std::min(a, b) == 0 && std::max(a, b) == 2 ? -20.0 : 5.0;
  };
  const Clustering c = ClusterRecords(5, edges, {}, options);
  EXPECT_TRUE(Together(c, 0, 1));
  EXPECT_FALSE(Together(c, 1, 2));
  EXPECT_TRUE(Together(c, 3, 4));
  EXPECT_EQ(c.refused_conflict, 1);
  EXPECT_EQ(c.clusters, 3u);
  EXPECT_EQ(c.flagged.size(), 2u);
  // Only pairs across the two clusters of a link are asked about.
  std::sort(asked.begin(), asked.end());
  EXPECT_TRUE(std::binary_search(asked.begin(), asked.end(), std::make_pair(0u, 2u)));
  for (const auto& [a, b] : asked) EXPECT_FALSE(a == 3 && b != 4) << a << ", " << b;

  options.pair_weight = [](std::uint32_t, std::uint32_t) { return -9.0; };
  const Clustering joined = ClusterRecords(5, edges, {}, options);
  EXPECT_TRUE(Together(joined, 0, 2));
  EXPECT_EQ(joined.refused_conflict, 0);
}

// An online-chat record with only a given name and an age (record 1) matches a care
// provider's record of that name and birth year (record 2, 6 bits) but hardly the other
// chat record of that name and age (record 0, -8 bits, no conflict), which matched it
// first (9 bits): joining {0, 1} with {2} would average (-8 + 6) / 2 = -1 bit across,
// below the default 0, and is refused; with the guard off (-100) the chain joins.
TEST(ClusterRecords, TheMeanGuardRefusesAJoinThatIsWeakOnAverage) {
  const std::vector<Edge> edges = {{0, 1, 9.0}, {1, 2, 6.0}};
  auto weight = [](std::uint32_t a, std::uint32_t b) {
    const auto low = std::min(a, b);
    const auto high = std::max(a, b);
    return low == 0 && high == 1 ? 9.0 : low == 1 && high == 2 ? 6.0 : -8.0;
  };
  ClusterOptions options = Options(4.0, false, 50);
  options.pair_weight = weight;
  options.conflict_weight = -10;
  options.min_mean_weight = 0;
  const Clustering c = ClusterRecords(3, edges, {}, options);
  EXPECT_TRUE(Together(c, 0, 1));
  EXPECT_FALSE(Together(c, 1, 2));
  EXPECT_EQ(c.refused_conflict, 1);
  options.min_mean_weight = -1.0;  // exactly the mean: joins
  EXPECT_TRUE(Together(ClusterRecords(3, edges, {}, options), 0, 2));
  options.min_mean_weight = -1e300;
  EXPECT_TRUE(Together(ClusterRecords(3, edges, {}, options), 0, 2));
}

// Records 0 and 1 carry different validated ids and link strongly (a typo cannot explain
// the difference, a check digit would have caught it); record 2 has none and joins 0. The
// guard is off, so record 3 with an unvalidated other id still joins 1.
TEST(ClusterRecords, DifferentValidatedIdsAreKeptApartWithTheGuardOff) {
  const std::vector<Edge> edges = {{0, 1, 9.0}, {0, 2, 8.0}, {1, 3, 7.0}, {2, 1, 6.0}};
  ClusterOptions options = Options(4.0, false, 50);
  options.validated_personal_id = {101, 202, 0, 0};
  const Clustering c = ClusterRecords(4, edges, {101, 202, 0, 303}, options);
  EXPECT_FALSE(Together(c, 0, 1));
  EXPECT_TRUE(Together(c, 0, 2));
  EXPECT_TRUE(Together(c, 1, 3));
  EXPECT_EQ(c.refused_personal_id, 2);  // 0-1, and 2-1 through record 2's cluster
  options.validated_personal_id.clear();
  EXPECT_TRUE(Together(ClusterRecords(4, edges, {101, 202, 0, 303}, options), 0, 1));
}

TEST(ClusterRecords, NoRecordsNoClusters) {
  const Clustering c = ClusterRecords(0, {}, {}, ClusterOptions{});
  EXPECT_EQ(c.clusters, 0u);
  EXPECT_TRUE(c.cluster_of.empty());
  EXPECT_TRUE(c.size_histogram.empty());
}

// ----- Person ids -------------------------------------------------------------------------

Clustering FromClusters(const std::vector<std::uint32_t>& cluster_of) {
  Clustering c;
  c.cluster_of = cluster_of;
  c.clusters = cluster_of.empty() ? 0 : *std::max_element(cluster_of.begin(), cluster_of.end()) + 1;
  return c;
}

TEST(AssignPersonIds, AFirstLinkageNumbersPersonsFromOneInOrderOfTheirFirstRecord) {
  const PersonIds ids = AssignPersonIds(FromClusters({0, 1, 0, 2, 1}), {0, 0, 0, 0, 0});
  EXPECT_EQ(ids.person_of, (std::vector<std::int64_t>{1, 2, 1, 3, 2}));
  EXPECT_EQ(ids.kept, 0);
  EXPECT_EQ(ids.created, 3);
}

TEST(AssignPersonIds, TheSameClustersKeepTheirIds) {
  const Clustering c = FromClusters({0, 1, 0, 2, 1, 3});
  const std::vector<std::int64_t> previous = {12, 40, 12, 7, 40, 3};
  const PersonIds ids = AssignPersonIds(c, previous);
  EXPECT_EQ(ids.person_of, previous);
  EXPECT_EQ(ids.kept, 4);
  EXPECT_EQ(ids.created, 0);
  // And again from its own output: a fixed point.
  EXPECT_EQ(AssignPersonIds(c, ids.person_of).person_of, previous);
}

TEST(AssignPersonIds, AMergeKeepsTheMajoritysId) {
  // Persons 5 (three records) and 9 (one record) are found to be one.
  const PersonIds ids = AssignPersonIds(FromClusters({0, 0, 0, 0}), {9, 5, 5, 5});
  EXPECT_EQ(ids.person_of, (std::vector<std::int64_t>{5, 5, 5, 5}));
  EXPECT_EQ(ids.kept, 1);
  EXPECT_EQ(ids.created, 0);
}

TEST(AssignPersonIds, ASplitLeavesTheIdWithTheLargerPartAndGivesTheRestANewOne) {
  // Person 5 had records 0..4; now {0,1} and {2,3,4}. Person 2 is unchanged.
  const PersonIds ids = AssignPersonIds(FromClusters({0, 0, 1, 1, 1, 2}), {5, 5, 5, 5, 5, 2});
  EXPECT_EQ(ids.person_of, (std::vector<std::int64_t>{6, 6, 5, 5, 5, 2}));
  EXPECT_EQ(ids.kept, 2);
  EXPECT_EQ(ids.created, 1);
}

TEST(AssignPersonIds, NewClustersGetIdsAboveEveryEarlierOne) {
  // Records 3 and 4 are new (no earlier id); 4 joins person 30.
  const PersonIds ids = AssignPersonIds(FromClusters({0, 1, 2, 3, 1}), {30, 17, 99, 0, 0});
  EXPECT_EQ(ids.person_of, (std::vector<std::int64_t>{30, 17, 99, 100, 17}));
  EXPECT_EQ(ids.kept, 3);
  EXPECT_EQ(ids.created, 1);
}

TEST(AssignPersonIds, IdsStayDistinctAcrossClustersOnRandomReclusterings) {
  Rng rng{3};
  for (int trial = 0; trial < 200; ++trial) {
    const int n = 1 + rng.Below(40);
    std::vector<std::uint32_t> before(static_cast<std::size_t>(n));
    std::vector<std::uint32_t> after(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) {
      before[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(rng.Below(1 + n / 2));
      after[static_cast<std::size_t>(i)] = static_cast<std::uint32_t>(rng.Below(1 + n / 2));
    }
    // Renumber by first record, as ClusterRecords does.
    auto renumber = [](std::vector<std::uint32_t> v) {
      std::map<std::uint32_t, std::uint32_t> number;
      for (auto& x : v)
        x = number.emplace(x, static_cast<std::uint32_t>(number.size())).first->second;
      return v;
    };
    const PersonIds first = AssignPersonIds(FromClusters(renumber(before)), {});
    const PersonIds second = AssignPersonIds(FromClusters(renumber(after)), first.person_of);
    // One id per cluster and one cluster per id.
    std::map<std::uint32_t, std::int64_t> id_of;
    std::map<std::int64_t, std::uint32_t> cluster_of;
    const auto clusters = renumber(after);
    for (int i = 0; i < n; ++i) {
      const auto c = clusters[static_cast<std::size_t>(i)];
      const auto id = second.person_of[static_cast<std::size_t>(i)];
      ASSERT_GT(id, 0);
      ASSERT_EQ(id_of.emplace(c, id).first->second, id) << "trial " << trial;
      ASSERT_EQ(cluster_of.emplace(id, c).first->second, c) << "trial " << trial;
    }
    EXPECT_EQ(second.kept + second.created, static_cast<std::int64_t>(id_of.size()));
  }
}

// Records 0 and 1 come from source X, which holds each person once, 2 from another: the
// rule refuses 0-1 outright and then 1-2, since {0, 2} holds X already (hand-worked).
TEST(ClusterRecords, ADeduplicatedSourceNeverGivesAPersonTwoOfItsRecords) {
  ClusterOptions options = Options(0.0, false, 50);
  options.deduplicated_source = {1, 1, 0};
  const std::vector<Edge> edges = {{0, 1, 10.0}, {0, 2, 9.0}, {1, 2, 8.0}};
  const Clustering with_rule = ClusterRecords(3, edges, {}, options);
  EXPECT_FALSE(Together(with_rule, 0, 1));
  EXPECT_TRUE(Together(with_rule, 0, 2));
  EXPECT_EQ(with_rule.clusters, 2u);
  EXPECT_EQ(with_rule.refused_deduplicated, 2);
  EXPECT_TRUE(with_rule.flagged.empty());

  const Clustering without = ClusterRecords(3, edges, {}, Options(0.0, false, 50));
  EXPECT_EQ(without.clusters, 1u);
  EXPECT_EQ(without.refused_deduplicated, 0);
}

// Two deduplicated sources X = {0, 1} and Y = {2, 3}: the strongest links pair them one to
// one, 0-2 and then 1-3, as a greedy assignment by weight does by hand.
TEST(ClusterRecords, TwoDeduplicatedSourcesArePairedOneToOne) {
  ClusterOptions options = Options(0.0, false, 50);
  options.deduplicated_source = {1, 1, 2, 2};
  const std::vector<Edge> edges = {{0, 2, 10.0}, {0, 3, 9.0}, {1, 2, 8.0}, {1, 3, 7.0}};
  const Clustering c = ClusterRecords(4, edges, {}, options);
  EXPECT_TRUE(Together(c, 0, 2));
  EXPECT_TRUE(Together(c, 1, 3));
  EXPECT_FALSE(Together(c, 0, 1));
  EXPECT_EQ(c.clusters, 2u);
  EXPECT_EQ(c.refused_deduplicated, 2);
}

}  // namespace
}  // namespace zicht::link
