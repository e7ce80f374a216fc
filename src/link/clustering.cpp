#include "zicht/link/clustering.hpp"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <set>
#include <tuple>
#include <unordered_map>

namespace zicht::link {

namespace {

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n), size_(n, 1) {
    std::iota(parent_.begin(), parent_.end(), 0U);
  }
  std::uint32_t Find(std::uint32_t x) {
    while (parent_[x] != x) {
      parent_[x] = parent_[parent_[x]];
      x = parent_[x];
    }
    return x;
  }
  std::int64_t Size(std::uint32_t root) const { return size_[root]; }
  // Joins two roots; returns the new root.
  std::uint32_t Join(std::uint32_t a, std::uint32_t b) {
    if (size_[a] < size_[b]) std::swap(a, b);
    parent_[b] = a;
    size_[a] += size_[b];
    return a;
  }

 private:
  std::vector<std::uint32_t> parent_;
  std::vector<std::int64_t> size_;
};

double Probability(double weight) {
  return 1 / (1 + std::exp2(-weight));
}

// Whether the guards refuse joining clusters a and b (see ClusterOptions::pair_weight).
// The mean is taken over match probabilities, not weights: bits are unbounded below, so
// one pair of a person's noisy records at -20 bits would outweigh a dozen at +10, where
// a probability counts each pair as one more or less likely match.
bool Refused(const std::vector<std::uint32_t>& a, const std::vector<std::uint32_t>& b,
             const ClusterOptions& options) {
  double sum = 0;
  for (std::uint32_t x : a) {
    for (std::uint32_t y : b) {
      const double weight = options.pair_weight(x, y);
      if (weight < options.conflict_weight) return true;
      sum += Probability(weight);
    }
  }
  return sum < Probability(options.min_mean_weight) * static_cast<double>(a.size() * b.size());
}

}  // namespace

Clustering ClusterRecords(std::size_t records, std::vector<Edge> edges,
                          const std::vector<std::uint64_t>& personal_id,
                          const ClusterOptions& options) {
  std::sort(edges.begin(), edges.end(), [](const Edge& x, const Edge& y) {
    return std::tie(y.weight, x.a, x.b) < std::tie(x.weight, y.a, y.b);
  });
  DisjointSets sets(records);
  // The personal id a cluster carries (0: none); under the guard there is at most one.
  std::vector<std::uint64_t> id(records, 0);
  if (options.guard_personal_id) {
    for (std::size_t i = 0; i < records && i < personal_id.size(); ++i) id[i] = personal_id[i];
  }
  // The validated personal id a cluster carries (0: none), by its root.
  std::vector<std::uint64_t> validated = options.validated_personal_id;
  validated.resize(options.validated_personal_id.empty() ? 0 : records, 0);
  // The deduplicated sources a cluster holds a record of, by its root.
  std::vector<std::uint64_t> held = options.deduplicated_source;
  held.resize(options.deduplicated_source.empty() ? 0 : records, 0);
  Clustering out;
  std::vector<std::uint32_t> refused_roots;
  // The records of each cluster, by its root (kept only for the conflict guard).
  std::vector<std::vector<std::uint32_t>> members;
  if (options.pair_weight) {
    members.resize(records);
    for (std::uint32_t i = 0; i < records; ++i) members[i] = {i};
  }
  // The cannot-link partners of each record, and per root its records that have some.
  std::vector<std::vector<std::uint32_t>> partners;
  std::vector<std::vector<std::uint32_t>> apart;
  if (!options.cannot_link.empty()) {
    partners.resize(records);
    apart.resize(records);
    for (const auto& [a, b] : options.cannot_link) {
      if (a >= records || b >= records || a == b) continue;
      if (partners[a].empty()) apart[a] = {a};
      if (partners[b].empty()) apart[b] = {b};
      partners[a].push_back(b);
      partners[b].push_back(a);
    }
  }
  const auto kept_apart = [&](std::uint32_t ra, std::uint32_t rb) {
    if (apart.empty()) return false;
    const std::uint32_t small = apart[ra].size() <= apart[rb].size() ? ra : rb;
    const std::uint32_t other = small == ra ? rb : ra;
    for (std::uint32_t x : apart[small]) {
      for (std::uint32_t y : partners[x]) {
        if (sets.Find(y) == other) return true;
      }
    }
    return false;
  };
  const auto join = [&](std::uint32_t ra, std::uint32_t rb) {
    const std::uint32_t root = sets.Join(ra, rb);
    const std::uint32_t other = root == ra ? rb : ra;
    id[root] = id[ra] != 0 ? id[ra] : id[rb];
    if (!held.empty()) held[root] = held[ra] | held[rb];
    if (!validated.empty()) validated[root] = validated[ra] != 0 ? validated[ra] : validated[rb];
    if (options.pair_weight) {
      members[root].insert(members[root].end(), members[other].begin(), members[other].end());
      members[other] = {};
    }
    if (!apart.empty()) {
      apart[root].insert(apart[root].end(), apart[other].begin(), apart[other].end());
      apart[other] = {};
    }
  };
  for (const auto& [a, b] : options.must_link) {
    if (a >= records || b >= records) continue;
    const std::uint32_t ra = sets.Find(a);
    const std::uint32_t rb = sets.Find(b);
    if (ra == rb) continue;
    if (kept_apart(ra, rb)) {
      ++out.refused_cannot_link;
      continue;
    }
    join(ra, rb);
    ++out.must_links_used;
  }
  for (const Edge& edge : edges) {
    if (edge.weight < options.min_weight) break;
    const std::uint32_t ra = sets.Find(edge.a);
    const std::uint32_t rb = sets.Find(edge.b);
    if (ra == rb) continue;
    if (kept_apart(ra, rb)) {
      ++out.refused_cannot_link;
      continue;
    }
    if (!held.empty() && (held[ra] & held[rb]) != 0) {
      ++out.refused_deduplicated;
      continue;
    }
    const bool validated_differ = !validated.empty() && validated[ra] != 0 && validated[rb] != 0 &&
                                  validated[ra] != validated[rb];
    if (validated_differ ||
        (options.guard_personal_id && id[ra] != 0 && id[rb] != 0 && id[ra] != id[rb])) {
      ++out.refused_personal_id;
      refused_roots.insert(refused_roots.end(), {ra, rb});
      continue;
    }
    if (sets.Size(ra) + sets.Size(rb) > options.max_cluster_size) {
      ++out.refused_size;
      refused_roots.insert(refused_roots.end(), {ra, rb});
      continue;
    }
    if (options.pair_weight && Refused(members[ra], members[rb], options)) {
      ++out.refused_conflict;
      refused_roots.insert(refused_roots.end(), {ra, rb});
      continue;
    }
    join(ra, rb);
    ++out.links_used;
  }
  // Number clusters in order of their first record, so the numbering is reproducible.
  out.cluster_of.assign(records, 0);
  std::unordered_map<std::uint32_t, std::uint32_t> number;
  std::vector<std::int64_t> sizes;
  for (std::uint32_t i = 0; i < records; ++i) {
    const auto [it, inserted] = number.emplace(sets.Find(i), out.clusters);
    if (inserted) {
      ++out.clusters;
      sizes.push_back(0);
    }
    out.cluster_of[i] = it->second;
    ++sizes[it->second];
  }
  for (std::int64_t size : sizes) ++out.size_histogram[size];
  std::set<std::uint32_t> flagged;
  for (std::uint32_t root : refused_roots) flagged.insert(number.at(sets.Find(root)));
  out.flagged.assign(flagged.begin(), flagged.end());
  return out;
}

PersonIds AssignPersonIds(const Clustering& clustering, const std::vector<std::int64_t>& previous) {
  PersonIds out;
  const std::size_t n = clustering.cluster_of.size();
  out.person_of.assign(n, 0);
  // (cluster, earlier id) -> records; the largest overlaps claim their ids first.
  std::unordered_map<std::uint64_t, std::int64_t> overlap;
  std::int64_t highest = 0;
  for (std::size_t i = 0; i < n && i < previous.size(); ++i) {
    if (previous[i] <= 0) continue;
    highest = std::max(highest, previous[i]);
    ++overlap[(static_cast<std::uint64_t>(clustering.cluster_of[i]) << 40) ^
              static_cast<std::uint64_t>(previous[i])];
  }
  struct Claim {
    std::int64_t records;
    std::uint32_t cluster;
    std::int64_t id;
  };
  std::vector<Claim> claims;
  claims.reserve(overlap.size());
  for (const auto& [key, count] : overlap) {
    claims.push_back(Claim{count, static_cast<std::uint32_t>(key >> 40),
                           static_cast<std::int64_t>(key & ((std::uint64_t{1} << 40) - 1))});
  }
  std::sort(claims.begin(), claims.end(), [](const Claim& x, const Claim& y) {
    return std::tie(y.records, x.id, x.cluster) < std::tie(x.records, y.id, y.cluster);
  });
  std::vector<std::int64_t> id_of_cluster(clustering.clusters, 0);
  std::set<std::int64_t> taken;
  for (const Claim& claim : claims) {
    if (id_of_cluster[claim.cluster] != 0 || taken.count(claim.id) != 0) continue;
    id_of_cluster[claim.cluster] = claim.id;
    taken.insert(claim.id);
    ++out.kept;
  }
  std::int64_t next = highest + 1;
  for (std::size_t i = 0; i < n; ++i) {
    std::int64_t& id = id_of_cluster[clustering.cluster_of[i]];
    if (id == 0) {
      id = next++;
      ++out.created;
    }
    out.person_of[i] = id;
  }
  return out;
}

}  // namespace zicht::link
