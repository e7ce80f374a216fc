#include "zicht/estimate/linkage_draws.hpp"

#include <fmt/format.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <nlohmann/json.hpp>
#include <numeric>
#include <stdexcept>
#include <unordered_map>

#include "distributions.hpp"
#include "listed_sightings.hpp"
#include "random.hpp"
#include "zicht/estimate/bootstrap.hpp"

namespace zicht::estimate {
namespace {

constexpr double kInf = std::numeric_limits<double>::infinity();
// A pair of probability 1 across two stored persons (the linkage's guards kept them apart)
// still weighs a lot, but finitely, so that the draws may keep them apart too.
constexpr double kMaxWeight = 60.0;

// log2 of a pair's odds of a match; +-infinity at 1 and 0.
double WeightOf(double probability) {
  if (probability >= 1) return kInf;
  if (probability <= 0) return -kInf;
  return std::clamp(std::log2(probability / (1 - probability)), -kMaxWeight, kMaxWeight);
}

class DisjointSets {
 public:
  explicit DisjointSets(std::size_t n) : parent_(n) {
    std::iota(parent_.begin(), parent_.end(), 0U);
  }
  std::uint32_t Find(std::uint32_t x) {
    while (parent_[x] != x) x = parent_[x] = parent_[parent_[x]];
    return x;
  }
  void Join(std::uint32_t a, std::uint32_t b) {
    a = Find(a);
    b = Find(b);
    if (a != b) parent_[std::max(a, b)] = std::min(a, b);
  }

 private:
  std::vector<std::uint32_t> parent_;
};

// The records grouped by pairs of probability 1 within a stored person: a draw moves a
// group whole, since the distribution gives no weight to splitting it.
struct Groups {
  std::vector<std::uint32_t> group_of;            // per node
  std::vector<std::vector<std::uint32_t>> nodes;  // per group
  // Per group: its neighbours' nodes with the summed weight of the pairs to each (-inf if
  // any pair is 0: the group then never joins that node's person) and their number.
  struct Neighbour {
    std::uint32_t node = 0;
    double weight = 0;
    std::int64_t pairs = 0;
  };
  std::vector<std::vector<Neighbour>> neighbours;
  std::vector<std::uint64_t> deduplicated;  // per group
  std::vector<std::uint32_t> movable;       // groups with a pair of probability in (0, 1)
};

Groups MakeGroups(const LinkageGraph& graph) {
  const std::size_t n = graph.person.size();
  DisjointSets sets(n);
  for (const LinkageGraph::Pair& pair : graph.pairs) {
    if (pair.probability >= 1 && graph.person[pair.a] == graph.person[pair.b]) {
      sets.Join(pair.a, pair.b);
    }
  }
  Groups groups;
  groups.group_of.assign(n, 0);
  std::vector<std::uint32_t> number(n, std::numeric_limits<std::uint32_t>::max());
  for (std::uint32_t i = 0; i < n; ++i) {
    const std::uint32_t root = sets.Find(i);
    if (number[root] == std::numeric_limits<std::uint32_t>::max()) {
      number[root] = static_cast<std::uint32_t>(groups.nodes.size());
      groups.nodes.emplace_back();
      groups.deduplicated.push_back(0);
    }
    groups.group_of[i] = number[root];
    groups.nodes[number[root]].push_back(i);
    groups.deduplicated[number[root]] |= graph.deduplicated.empty() ? 0 : graph.deduplicated[i];
  }
  std::vector<std::map<std::uint32_t, std::pair<double, std::int64_t>>> sums(groups.nodes.size());
  std::vector<bool> uncertain(groups.nodes.size(), false);
  for (const LinkageGraph::Pair& pair : graph.pairs) {
    const std::uint32_t ga = groups.group_of[pair.a], gb = groups.group_of[pair.b];
    if (ga == gb) continue;
    const double weight = WeightOf(pair.probability);
    // A pair of 1 across stored persons counts as the largest finite weight.
    const double w = weight == kInf ? kMaxWeight : weight;
    auto& to_b = sums[ga][pair.b];
    to_b.first += w;
    ++to_b.second;
    auto& to_a = sums[gb][pair.a];
    to_a.first += w;
    ++to_a.second;
    if (std::isfinite(w)) uncertain[ga] = uncertain[gb] = true;
  }
  groups.neighbours.resize(groups.nodes.size());
  for (std::size_t g = 0; g < groups.nodes.size(); ++g) {
    for (const auto& [node, sum] : sums[g]) {
      groups.neighbours[g].push_back({node, sum.first, sum.second});
    }
    if (uncertain[g]) groups.movable.push_back(static_cast<std::uint32_t>(g));
  }
  return groups;
}

// One chain of the Gibbs sampler over persons, from the stored linkage.
class Chain {
 public:
  Chain(const LinkageGraph& graph, const Groups& groups)
      : graph_(graph), groups_(groups), person_of_group_(groups.nodes.size()) {
    const std::size_t labels = groups.nodes.size() + graph.person.size() + 1;
    members_.resize(labels);
    for (std::size_t g = 0; g < groups.nodes.size(); ++g) {
      const std::uint32_t person = graph.person[groups.nodes[g].front()];
      person_of_group_[g] = person;
      members_[person].push_back(static_cast<std::uint32_t>(g));
    }
    for (std::size_t label = 0; label < labels; ++label) {
      if (members_[label].empty()) free_.push_back(static_cast<std::uint32_t>(label));
    }
  }

  void Sweep(internal::BootstrapRng& rng) {
    for (std::uint32_t g : groups_.movable) Move(g, rng);
  }

  std::vector<std::uint32_t> PersonOfNodes() const {
    std::vector<std::uint32_t> out(graph_.person.size());
    for (std::size_t i = 0; i < out.size(); ++i) out[i] = person_of_group_[groups_.group_of[i]];
    return out;
  }

 private:
  struct Candidate {
    std::uint32_t person = 0;
    double weight = 0;  // summed weight of the stored pairs to it
    std::int64_t pairs = 0;
  };

  std::int64_t NodesOf(std::uint32_t person) const {
    std::int64_t n = 0;
    for (std::uint32_t g : members_[person])
      n += static_cast<std::int64_t>(groups_.nodes[g].size());
    return n;
  }
  std::uint64_t DeduplicatedOf(std::uint32_t person) const {
    std::uint64_t bits = 0;
    for (std::uint32_t g : members_[person]) bits |= groups_.deduplicated[g];
    return bits;
  }

  void Move(std::uint32_t g, internal::BootstrapRng& rng) {
    const std::uint32_t from = person_of_group_[g];
    auto& old = members_[from];
    old.erase(std::find(old.begin(), old.end(), g));
    candidates_.clear();
    for (const Groups::Neighbour& neighbour : groups_.neighbours[g]) {
      const std::uint32_t person = person_of_group_[groups_.group_of[neighbour.node]];
      auto it = std::find_if(candidates_.begin(), candidates_.end(),
                             [&](const Candidate& c) { return c.person == person; });
      if (it == candidates_.end()) {
        candidates_.push_back({person, 0, 0});
        it = candidates_.end() - 1;
      }
      it->weight += neighbour.weight;
      it->pairs += neighbour.pairs;
    }
    const std::int64_t size = static_cast<std::int64_t>(groups_.nodes[g].size());
    // Log2 of the odds of each choice; a person of its own weighs 2^0.
    double top = 0;
    weights_.clear();
    for (Candidate& c : candidates_) {
      double w = -kInf;
      if ((DeduplicatedOf(c.person) & groups_.deduplicated[g]) == 0 && c.weight > -kInf) {
        // Pairs to the person's nodes that are not stored weigh the absent weight.
        w = c.weight +
            static_cast<double>(size * NodesOf(c.person) - c.pairs) * graph_.absent_weight;
      }
      weights_.push_back(w);
      top = std::max(top, w);
    }
    double total = std::exp2(-top);  // alone
    for (double& w : weights_) total += w = std::exp2(w - top);
    double u = rng.Uniform() * total;
    std::uint32_t to = kAlone;
    for (std::size_t c = 0; c < candidates_.size(); ++c) {
      if (u < weights_[c]) {
        to = candidates_[c].person;
        break;
      }
      u -= weights_[c];
    }
    if (to == kAlone) {
      if (old.empty()) {
        to = from;
      } else {
        to = free_.back();
        free_.pop_back();
      }
    }
    if (old.empty() && to != from) free_.push_back(from);
    members_[to].push_back(g);
    person_of_group_[g] = to;
  }

  static constexpr std::uint32_t kAlone = std::numeric_limits<std::uint32_t>::max();
  const LinkageGraph& graph_;
  const Groups& groups_;
  std::vector<std::uint32_t> person_of_group_;
  std::vector<std::vector<std::uint32_t>> members_;  // per person label: its groups
  std::vector<std::uint32_t> free_;                  // labels of no person
  std::vector<Candidate> candidates_;
  std::vector<double> weights_;
};

template <typename F>
void ForEachIndex(int n, bool parallel, F&& f) {
  if (parallel) {
    tbb::parallel_for(0, n, [&](int i) { f(i); });
  } else {
    for (int i = 0; i < n; ++i) f(i);
  }
}

double Quantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  return QuantileType8(values, p);
}

}  // namespace

Status LinkageDrawOptions::Validate() const {
  if (draws < 1) return Status::InvalidArgument("the linkage draws must be at least 1");
  if (sweeps < 1) return Status::InvalidArgument("the sweeps of a linkage draw must be at least 1");
  return Status::Ok();
}

Result<LinkageDraws> DrawLinkages(const LinkageGraph& graph, const LinkageDrawOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  const std::size_t n = graph.person.size();
  if (!graph.deduplicated.empty() && graph.deduplicated.size() != n) {
    return Status::InvalidArgument("the deduplicated sources are not given for every record");
  }
  for (std::uint32_t person : graph.person) {
    if (person >= n) return Status::InvalidArgument("a stored person label is out of range");
  }
  LinkageDraws out;
  for (const LinkageGraph::Pair& pair : graph.pairs) {
    if (pair.a >= n || pair.b >= n || pair.a == pair.b) {
      return Status::InvalidArgument("a scored pair names a record out of range");
    }
    if (!(pair.probability >= 0 && pair.probability <= 1)) {
      return Status::InvalidArgument("a scored pair's probability is outside [0, 1]");
    }
    if (graph.person[pair.a] == graph.person[pair.b]) {
      out.expected_false_links += 1 - pair.probability;
      ++out.linked_pairs;
    } else {
      out.expected_missed_links += pair.probability;
      ++out.unlinked_pairs;
    }
  }
  std::vector<bool> seen(n, false);
  for (std::uint32_t person : graph.person) {
    if (!seen[person]) ++out.stored_persons;
    seen[person] = true;
  }
  const Groups groups = MakeGroups(graph);
  out.movable_groups = static_cast<std::int64_t>(groups.movable.size());
  for (std::uint32_t g : groups.movable) {
    out.movable_records += static_cast<std::int64_t>(groups.nodes[g].size());
  }
  out.person_of.resize(static_cast<std::size_t>(options.draws));
  out.persons.resize(static_cast<std::size_t>(options.draws));
  ForEachIndex(options.draws, options.parallel, [&](int d) {
    internal::BootstrapRng rng(options.seed, static_cast<std::uint64_t>(d));
    Chain chain(graph, groups);
    for (int s = 0; s < options.sweeps; ++s) chain.Sweep(rng);
    std::vector<std::uint32_t> person_of = chain.PersonOfNodes();
    std::vector<std::uint32_t> sorted = person_of;
    std::sort(sorted.begin(), sorted.end());
    out.persons[static_cast<std::size_t>(d)] =
        std::unique(sorted.begin(), sorted.end()) - sorted.begin();
    out.person_of[static_cast<std::size_t>(d)] = std::move(person_of);
  });
  return out;
}

Result<StoredLinkage> ReadStoredLinkage(store::Store& store, const Vocabulary& vocabulary,
                                        const LinkedHistoryOptions& options) {
  auto listed = internal::ReadListedSightings(store, vocabulary, options.lists,
                                              options.lists_origin, options.fields);
  if (!listed.ok()) return listed.status();
  StoredLinkage out;
  out.lists = listed->lists.names();
  out.sightings = std::move(listed->sightings);
  const std::size_t n = out.sightings.size();
  // The stored persons as 0 .. persons - 1.
  std::unordered_map<std::int64_t, std::uint32_t> person_label;
  out.graph.person.resize(n);
  for (std::size_t s = 0; s < n; ++s) {
    out.graph.person[s] =
        person_label
            .emplace(out.sightings[s].person_id, static_cast<std::uint32_t>(person_label.size()))
            .first->second;
  }
  // The deduplicated sources, from the stored linkage model (meta key "link_model", which
  // the link stage writes; its JSON names them under "deduplicated_sources").
  auto meta = store.GetMeta("link_model");
  if (!meta.ok()) return meta.status();
  std::vector<std::string> deduplicated;
  if (meta->has_value()) {
    try {
      const nlohmann::json model = nlohmann::json::parse(**meta);
      deduplicated = model.value("deduplicated_sources", std::vector<std::string>{});
    } catch (const nlohmann::json::exception&) {
      return Status::InvalidData("the stored linkage model is unreadable");
    }
  }
  if (!deduplicated.empty()) {
    out.graph.deduplicated.assign(n, 0);
    for (std::size_t s = 0; s < n; ++s) {
      for (std::size_t k = 0; k < deduplicated.size() && k < 64; ++k) {
        if (listed->sources[s] == deduplicated[k]) out.graph.deduplicated[s] |= 1ULL << k;
      }
    }
  }
  std::unordered_map<std::int64_t, std::uint32_t> node_of;
  node_of.reserve(n);
  for (std::size_t s = 0; s < n; ++s) {
    node_of.emplace(listed->record_ids[s], static_cast<std::uint32_t>(s));
  }
  auto pairs = store.ScoredPairs();
  if (!pairs.ok()) return pairs.status();
  double lowest = kInf;
  for (const store::ScoredPair& pair : *pairs) {
    lowest = std::min(lowest, pair.weight);
    const auto a = node_of.find(pair.record_a), b = node_of.find(pair.record_b);
    if (a == node_of.end() || b == node_of.end()) {
      ++out.pairs_left_out;
      continue;
    }
    out.graph.pairs.push_back({a->second, b->second, pair.probability});
  }
  // An absent pair weighs less than the lowest kept one, and never more than even odds.
  if (std::isfinite(lowest)) out.graph.absent_weight = std::min(0.0, std::floor(lowest));
  return out;
}

Result<CaptureTable> TableOfLinkage(const StoredLinkage& linkage,
                                    const std::vector<std::uint32_t>& person_of,
                                    const std::optional<YearRange>& years) {
  const std::size_t n = linkage.sightings.size();
  if (person_of.size() != n) {
    return Status::InvalidArgument("a linkage draw has not one person per record");
  }
  const int k = static_cast<int>(linkage.lists.size());
  if (k < 2 || k > 16) {
    return Status::InvalidArgument(
        fmt::format("multiple systems estimation needs 2 to 16 lists; there are {}", k));
  }
  std::uint32_t labels = 0;
  for (std::uint32_t p : person_of) labels = std::max(labels, p + 1);
  std::vector<std::uint32_t> history(labels, 0);
  bool any = false;
  for (std::size_t s = 0; s < n; ++s) {
    const Sighting& sighting = linkage.sightings[s];
    if (years && !years->Contains(sighting.registration_date.year)) continue;
    history[person_of[s]] |= std::uint32_t{1} << sighting.list;
    any = true;
  }
  if (!any) {
    if (years) {
      return Status::InvalidData(
          fmt::format("no record was registered in {}-{}", years->first, years->last));
    }
    return Status::InvalidData("there are no records");
  }
  CaptureTable table;
  table.lists = linkage.lists;
  table.counts.assign(std::size_t{1} << k, 0);
  for (std::uint32_t h : history) {
    if (h != 0) ++table.counts[h];
  }
  return table;
}

Result<CaptureTable> CorrectedTable(const StoredLinkage& linkage,
                                    const std::optional<YearRange>& years) {
  const LinkageGraph& graph = linkage.graph;
  auto stored = TableOfLinkage(linkage, graph.person, years);
  if (!stored.ok()) return stored.status();
  const std::size_t n = linkage.sightings.size();
  auto counts = [&](std::size_t s) {
    const Sighting& sighting = linkage.sightings[s];
    return !years || years->Contains(sighting.registration_date.year);
  };
  std::vector<std::uint32_t> history(n, 0);       // per person label
  std::vector<std::uint64_t> deduplicated(n, 0);  // per person label
  std::vector<std::vector<std::uint32_t>> nodes_of(n);
  for (std::size_t s = 0; s < n; ++s) {
    const std::uint32_t person = graph.person[s];
    nodes_of[person].push_back(static_cast<std::uint32_t>(s));
    if (!graph.deduplicated.empty()) deduplicated[person] |= graph.deduplicated[s];
    if (counts(s)) history[person] |= std::uint32_t{1} << linkage.sightings[s].list;
  }
  std::vector<double> expected(stored->counts.begin(), stored->counts.end());
  auto move = [&](std::uint32_t from_a, std::uint32_t from_b, std::uint32_t to, double share) {
    // Two persons (or two sides of one) of histories from_a and from_b become one of
    // `to`, in expectation `share` of the time; a negative share splits.
    if (from_a != 0) expected[from_a] -= share;
    if (from_b != 0) expected[from_b] -= share;
    if (to != 0) expected[to] += share;
  };
  // Missed links: per pair of stored persons, the most probable of the pairs across them.
  std::map<std::pair<std::uint32_t, std::uint32_t>, double> across;
  // Within each person: its stored pairs, for the sides a false link would leave.
  std::unordered_map<std::uint32_t, std::vector<LinkageGraph::Pair>> within;
  for (const LinkageGraph::Pair& pair : graph.pairs) {
    const std::uint32_t pa = graph.person[pair.a], pb = graph.person[pair.b];
    if (pa == pb) {
      within[pa].push_back(pair);
    } else {
      double& p = across[{std::min(pa, pb), std::max(pa, pb)}];
      p = std::max(p, pair.probability);
    }
  }
  for (const auto& [persons, p] : across) {
    // Two persons that both hold a record of one deduplicated source are never one.
    if ((deduplicated[persons.first] & deduplicated[persons.second]) != 0) continue;
    const std::uint32_t ha = history[persons.first], hb = history[persons.second];
    move(ha, hb, ha | hb, p);
  }
  // A false link splits its person only where it is a bridge of the person's stored pairs:
  // the side of each end, found without it.
  for (const auto& [person, pairs] : within) {
    std::unordered_map<std::uint32_t, std::vector<std::uint32_t>> next;
    for (const LinkageGraph::Pair& pair : pairs) {
      next[pair.a].push_back(pair.b);
      next[pair.b].push_back(pair.a);
    }
    for (std::size_t e = 0; e < pairs.size(); ++e) {
      const LinkageGraph::Pair& cut = pairs[e];
      if (cut.probability >= 1) continue;
      std::vector<std::uint32_t> stack = {cut.a};
      std::unordered_map<std::uint32_t, bool> reached = {{cut.a, true}};
      bool bridge = true;
      while (!stack.empty() && bridge) {
        const std::uint32_t at = stack.back();
        stack.pop_back();
        for (std::uint32_t to : next[at]) {
          if ((at == cut.a && to == cut.b) || (at == cut.b && to == cut.a)) continue;
          if (to == cut.b) bridge = false;
          if (reached.emplace(to, true).second) stack.push_back(to);
        }
      }
      if (!bridge) continue;
      // Side a: the nodes reached; side b: the person's other nodes. Nodes of the person
      // without a stored pair go with side b.
      std::uint32_t side_a = 0, side_b = 0;
      for (std::uint32_t s : nodes_of[person]) {
        if (!counts(s)) continue;
        const std::uint32_t bit = std::uint32_t{1} << linkage.sightings[s].list;
        if (reached.contains(s)) {
          side_a |= bit;
        } else {
          side_b |= bit;
        }
      }
      // One person of the whole history becomes two: the reverse of a merge.
      move(side_a, side_b, side_a | side_b, -(1 - cut.probability));
    }
  }
  CaptureTable out = *stored;
  for (std::size_t h = 1; h < out.counts.size(); ++h) {
    out.counts[h] = std::max<std::int64_t>(0, std::llround(expected[h]));
  }
  return out;
}

Interval MixtureInterval(const std::vector<MethodResult>& results, double level) {
  if (results.empty()) throw std::invalid_argument("a mixture of no distributions");
  const double z = NormalQuantile((1 + level) / 2);
  struct Piece {
    double observed, median;  // median of log(unseen); -inf: a point mass at `observed`
    double below, above;      // spreads of log(unseen); +inf: no limit on that side
  };
  std::vector<Piece> pieces;
  double low = kInf, high = 0;
  for (const MethodResult& r : results) {
    if (!r.has_estimate) throw std::invalid_argument("a mixture of a result without estimate");
    const double n = static_cast<double>(r.observed);
    const double unseen = r.estimate - n;
    Piece piece{n, -kInf, 0, 0};
    if (unseen > 0) {
      piece.median = std::log(unseen);
      const double lower = r.interval.lower - n;
      piece.below = lower > 0 ? std::max(0.0, (piece.median - std::log(lower)) / z) : kInf;
      piece.above =
          r.interval.bounded()
              ? std::max(0.0, (std::log(std::max(r.interval.upper - n, unseen)) - piece.median) / z)
              : kInf;
    }
    pieces.push_back(piece);
    low = std::min(low, n);
    high = std::max(high, r.interval.bounded() ? r.interval.upper : r.estimate);
  }
  auto cdf = [&](double x) {
    double sum = 0;
    for (const Piece& p : pieces) {
      if (x < p.observed) continue;
      if (p.median == -kInf || x <= p.observed) {
        sum += p.median == -kInf ? 1.0 : 0.0;
        continue;
      }
      const double t = std::log(x - p.observed) - p.median;
      const double spread = t < 0 ? p.below : p.above;
      if (spread == kInf) {
        sum += 0.5;
      } else if (spread == 0) {
        sum += t < 0 ? 0.0 : 1.0;
      } else {
        sum += NormalCdf(t / spread);
      }
    }
    return sum / static_cast<double>(pieces.size());
  };
  auto solve = [&](double q) {
    double lo = low, hi = std::max(high, low + 1);
    while (cdf(hi) < q) {
      hi = low + (hi - low) * 4;
      if (hi > 1e15) return kInf;
    }
    if (cdf(lo) >= q) return lo;
    for (int i = 0; i < 200 && hi - lo > 1e-10 * hi; ++i) {
      const double mid = 0.5 * (lo + hi);
      (cdf(mid) < q ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
  };
  Interval out;
  out.level = level;
  out.method = "linkage mixture";
  out.lower = solve((1 - level) / 2);
  out.upper = solve((1 + level) / 2);
  return out;
}

Result<LinkageEstimate> EstimateOverLinkages(const StoredLinkage& linkage,
                                             const LinkageDraws& draws,
                                             const std::optional<YearRange>& years,
                                             const EstimateOptions& options,
                                             const std::function<void(int)>& progress) {
  if (options.method == Method::kLatentClass) {
    return Status::InvalidArgument(
        "the linkage draws re-run a log-linear method; the latent-class sampler on every draw "
        "would take minutes (use --linkage-draws 0 with latent-class)");
  }
  EstimateOptions serial = options;
  serial.parallel = false;
  auto stored = TableOfLinkage(linkage, linkage.graph.person, years);
  if (!stored.ok()) return stored.status();
  auto point = EstimatePopulation(*stored, serial);
  if (!point.ok()) return point.status();
  LinkageEstimate out;
  out.point = *std::move(point);
  out.draws = static_cast<int>(draws.person_of.size());
  std::vector<std::optional<MethodResult>> per_draw(draws.person_of.size());
  std::vector<std::int64_t> observed(draws.person_of.size(), 0);
  std::mutex progress_mutex;
  int done = 0;
  // The tables first; draws that give the same table share one estimate (the methods are
  // deterministic on a table), which saves most of the work where a year's uncertain pairs
  // are few.
  std::vector<int> table_of(draws.person_of.size(), -1);
  std::map<std::vector<std::int64_t>, int> index_of_table;
  std::vector<CaptureTable> tables;
  for (std::size_t d = 0; d < draws.person_of.size(); ++d) {
    auto table = TableOfLinkage(linkage, draws.person_of[d], years);
    if (!table.ok()) continue;
    observed[d] = table->observed_total();
    const auto [it, inserted] =
        index_of_table.emplace(table->counts, static_cast<int>(tables.size()));
    if (inserted) tables.push_back(*std::move(table));
    table_of[d] = it->second;
  }
  out.distinct_tables = static_cast<int>(tables.size());
  std::vector<std::optional<MethodResult>> per_table(tables.size());
  ForEachIndex(static_cast<int>(tables.size()), options.parallel, [&](int t) {
    auto result = EstimatePopulation(tables[static_cast<std::size_t>(t)], serial);
    if (result.ok() && result->has_estimate) per_table[static_cast<std::size_t>(t)] = *result;
    if (progress) {
      const std::lock_guard<std::mutex> lock(progress_mutex);
      progress(++done);
    }
  });
  for (std::size_t d = 0; d < draws.person_of.size(); ++d) {
    if (table_of[d] >= 0) per_draw[d] = per_table[static_cast<std::size_t>(table_of[d])];
  }
  std::vector<MethodResult> used;
  for (std::size_t d = 0; d < per_draw.size(); ++d) {
    if (!per_draw[d]) continue;
    out.draw_estimates.push_back(per_draw[d]->estimate);
    used.push_back(*std::move(per_draw[d]));
  }
  out.draws_used = static_cast<int>(used.size());
  out.draws_failed = out.draws - out.draws_used;
  if (out.draws_used == 0 || 2 * out.draws_used < out.draws) {
    return Status::InvalidData(
        fmt::format("only {} of {} linkage draws give an estimate: too few for an interval",
                    out.draws_used, out.draws));
  }
  if (out.draws_failed > 0) {
    out.warnings.push_back(fmt::format("{} of {} linkage draws have no estimate and are left out",
                                       out.draws_failed, out.draws));
  }
  const double level = options.level;
  out.without_linkage = out.point.interval;
  out.with_linkage = MixtureInterval(used, level);
  out.draws_median = Quantile(out.draw_estimates, 0.5);
  out.draws_lower = Quantile(out.draw_estimates, (1 - level) / 2);
  out.draws_upper = Quantile(out.draw_estimates, (1 + level) / 2);
  const auto [lowest, highest] = std::minmax_element(observed.begin(), observed.end());
  out.observed_lower = static_cast<double>(*lowest);
  out.observed_upper = static_cast<double>(*highest);
  // The width the interval would have if the linkage were known to be one of the draws,
  // on average, against the width of the mixture over them.
  double mean_width = 0;
  bool bounded = out.with_linkage.bounded();
  for (const MethodResult& r : used) {
    bounded = bounded && r.interval.bounded();
    mean_width += r.interval.upper - r.interval.lower;
  }
  if (bounded) {
    mean_width /= static_cast<double>(used.size());
    const double with = out.with_linkage.upper - out.with_linkage.lower;
    out.linkage_share = with > 0 ? std::clamp(1 - mean_width / with, 0.0, 1.0) : 0.0;
  }
  // Rubin's rule on log(unseen): within = mean of each draw's variance (from its interval's
  // width), between = variance of the draws' log unseen.
  const double z = NormalQuantile((1 + level) / 2);
  double within = 0, mean = 0;
  bool finite = true;
  std::vector<double> logs;
  for (const MethodResult& r : used) {
    const double n = static_cast<double>(r.observed);
    if (r.estimate - n <= 0 || r.interval.lower - n <= 0 || !r.interval.bounded()) {
      finite = false;
      break;
    }
    const double se = (std::log(r.interval.upper - n) - std::log(r.interval.lower - n)) / (2 * z);
    within += se * se;
    logs.push_back(std::log(r.estimate - n));
    mean += logs.back();
  }
  if (finite) {
    const double d = static_cast<double>(logs.size());
    within /= d;
    mean /= d;
    double between = 0;
    for (double x : logs) between += (x - mean) * (x - mean);
    between = logs.size() > 1 ? between / (d - 1) : 0;
    const double total = within + (1 + 1 / d) * between;
    out.linkage_variance_share = total > 0 ? (1 + 1 / d) * between / total : 0.0;
  }
  auto corrected = CorrectedTable(linkage, years);
  if (corrected.ok()) {
    out.corrected_observed = corrected->observed_total();
    auto estimated = EstimatePopulation(*corrected, serial);
    if (estimated.ok()) {
      out.corrected = *std::move(estimated);
    } else {
      out.corrected.method = out.point.method;
      out.corrected.reason = estimated.status().message();
    }
  } else {
    out.corrected.reason = corrected.status().message();
  }
  return out;
}

}  // namespace zicht::estimate
