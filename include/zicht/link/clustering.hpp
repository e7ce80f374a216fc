// From scored pairs to persons: connected components over the pairs at or above the
// match threshold, built from the strongest link down (Kruskal's order), with a guard
// against chaining. A link that would put two different personal ids into one person, or
// make a person larger than is plausible, is refused and both sides are flagged; since
// links are taken strongest first, a cluster is in effect split at its weakest links.
// Sources known to hold each person at most once (deduplicated) give one more rule: a
// person holds at most one record of each, so records of such a source never join each
// other, and across two such sources the strongest links pair records one to one.
//
// Thread safety: pure functions.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <utility>
#include <vector>

namespace zicht::link {

struct Edge {
  std::uint32_t a = 0;
  std::uint32_t b = 0;
  double weight = 0;  // match weight in bits; edges are taken in descending weight
};

struct ClusterOptions {
  double min_weight = 0;          // edges below it do not link
  bool guard_personal_id = true;  // refuse links that join different personal ids
  std::int64_t max_cluster_size = 50;
  // When set: the match weight of two records, for the guards below, which score every
  // pair across the two clusters a link would join (stopping at the first conflict).
  std::function<double(std::uint32_t, std::uint32_t)> pair_weight;
  // Two records below this weight are certainly different persons: a link that would put
  // them into one person is refused, whatever chain of other records leads there.
  double conflict_weight = -1e300;
  // A link is refused when the pairs across the two clusters weigh less than this on
  // average: a chain through one ambiguous record does not join two persons.
  double min_mean_weight = -1e300;
  // Per record: a bit for each deduplicated source the record comes from (at most 64
  // sources; 0 for a record of any other source). Empty: no source is deduplicated.
  std::vector<std::uint64_t> deduplicated_source;
  // Per record: its personal id where the id is validated (a check digit), else 0; empty:
  // none is. Two different validated ids are never joined, with or without the guard.
  std::vector<std::uint64_t> validated_personal_id;
  // A clerical review's labels (review.hpp): pairs a reviewer called one person are joined
  // before any edge, whatever the guards above would say; pairs called two persons never
  // end up in one person, however strong the chain between them. A must-link that would
  // join a cannot-link pair is refused.
  std::vector<std::pair<std::uint32_t, std::uint32_t>> must_link;
  std::vector<std::pair<std::uint32_t, std::uint32_t>> cannot_link;
};

struct Clustering {
  std::vector<std::uint32_t> cluster_of;  // per record: 0 .. clusters - 1, by first record
  std::uint32_t clusters = 0;
  std::map<std::int64_t, std::int64_t> size_histogram;  // cluster size -> how many clusters
  std::int64_t links_used = 0;                          // edges that joined two clusters
  std::int64_t refused_personal_id = 0;                 // links refused by the personal-id guard
  std::int64_t refused_size = 0;                        // links refused by the size guard
  // Links refused by the guards of pair_weight: a pair across in conflict, or a weak mean.
  std::int64_t refused_conflict = 0;
  // Links refused because both clusters hold a record of one deduplicated source; not
  // flagged, since the rule is what the user knows rather than a doubt of the model.
  std::int64_t refused_deduplicated = 0;
  // Links (and must-links) refused because they would put a cannot-link pair into one
  // person; not flagged, as the reviewer has settled them.
  std::int64_t refused_cannot_link = 0;
  std::int64_t must_links_used = 0;    // must-links that joined two clusters
  std::vector<std::uint32_t> flagged;  // clusters on either side of a refused link
};

// `personal_id` holds one value per record (0 when missing); it is read only when the
// guard is on. `edges` need not be sorted.
Clustering ClusterRecords(std::size_t records, std::vector<Edge> edges,
                          const std::vector<std::uint64_t>& personal_id,
                          const ClusterOptions& options);

// Stable person ids: each cluster takes the earlier person id most of its records carried,
// unless a cluster with more of those records took it first; the rest get new ids above
// every earlier one, in order of their first record.
struct PersonIds {
  std::vector<std::int64_t> person_of;  // per record
  std::int64_t kept = 0;                // persons that kept an earlier id
  std::int64_t created = 0;             // persons with a new id
};
PersonIds AssignPersonIds(const Clustering& clustering, const std::vector<std::int64_t>& previous);

}  // namespace zicht::link
