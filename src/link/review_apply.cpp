// The labels of a clerical review in the linkage and in its estimate of precision and recall.
#include <algorithm>
#include <map>
#include <unordered_map>

#include "zicht/link/evaluation.hpp"
#include "zicht/link/review.hpp"
#include "zicht/link/training.hpp"

namespace zicht::link {

namespace {

bool Reviewed(const store::ReviewLabel& label) {
  return label.decision == kMatch || label.decision == kNonMatch;
}

// The sample of the latest import: its labels were written by one export's design.
std::string EstimationSample(const std::vector<store::ReviewLabel>& labels) {
  std::int64_t latest = -1;
  std::string sample;
  for (const store::ReviewLabel& label : labels) {
    if (label.import_id > latest) {
      latest = label.import_id;
      sample = label.sample;
    }
  }
  return sample;
}

}  // namespace

ReviewSummary SummariseReview(const std::vector<store::ReviewLabel>& labels) {
  ReviewSummary out;
  out.sample = EstimationSample(labels);
  std::vector<ReviewedPair> pairs;
  for (const store::ReviewLabel& label : labels) {
    ++out.labels;
    if (label.decision == kMatch) ++out.matches;
    if (label.decision == kNonMatch) ++out.non_matches;
    if (label.decision == kUnsure) ++out.unsure;
    if (label.sample != out.sample) {
      ++out.other_sample_labels;
      continue;
    }
    ++out.sample_labels;
    if (!Reviewed(label)) continue;
    if (!label.model_linked) {
      ++out.without_decision;
      continue;
    }
    pairs.push_back(
        {label.stratum, label.stratum_pairs, label.decision == kMatch, *label.model_linked});
  }
  out.estimate = EstimateFromReview(pairs);
  return out;
}

Result<ReviewSummary> SummariseStoreReview(store::Store& store) {
  auto labels = store.ReviewLabels();
  if (!labels.ok()) return labels.status();
  return SummariseReview(*labels);
}

IndexedReview IndexReviewLabels(const LinkRecords& records,
                                std::vector<store::ReviewLabel> labels) {
  IndexedReview out;
  out.labels = std::move(labels);
  out.index.resize(out.labels.size());
  out.design_weight.assign(out.labels.size(), 0.0);
  if (out.labels.empty()) return out;
  std::unordered_map<RecordKey, std::uint32_t, RecordKeyHash> index;
  index.reserve(records.size);
  for (std::uint32_t i = 0; i < records.size; ++i) {
    index.emplace(RecordKey{records.source[i], records.source_record_id[i]}, i);
  }
  const std::string sample = EstimationSample(out.labels);
  std::map<std::string, std::int64_t> reviewed;  // r_h of the estimation sample
  for (std::size_t k = 0; k < out.labels.size(); ++k) {
    const store::ReviewLabel& label = out.labels[k];
    const auto a = index.find(RecordKey{label.source_a, label.record_a});
    const auto b = index.find(RecordKey{label.source_b, label.record_b});
    if (a == index.end() || b == index.end() || a->second == b->second) continue;
    out.index[k] = std::make_pair(a->second, b->second);
    if (label.sample == sample && Reviewed(label)) ++reviewed[label.stratum];
  }
  for (std::size_t k = 0; k < out.labels.size(); ++k) {
    const store::ReviewLabel& label = out.labels[k];
    if (!out.index[k] || label.sample != sample || !Reviewed(label)) continue;
    out.design_weight[k] =
        static_cast<double>(label.stratum_pairs) / static_cast<double>(reviewed.at(label.stratum));
  }
  return out;
}

void EstimateMFromReview(const Comparator& comparator, const IndexedReview& review,
                         FsModel& model) {
  std::vector<std::pair<Gamma, double>> matches;  // comparison vector, design weight
  double weight_all = 0;
  double weight_matches = 0;
  std::int64_t reviewed = 0;
  std::map<std::string, std::pair<std::int64_t, std::int64_t>> strata;  // N_h, matches_h
  std::map<std::string, std::int64_t> reviewed_in;
  for (std::size_t k = 0; k < review.labels.size(); ++k) {
    const double w = review.design_weight[k];
    if (w <= 0) continue;
    const store::ReviewLabel& label = review.labels[k];
    ++reviewed;
    weight_all += w;
    auto& stratum = strata[label.stratum];
    stratum.first = label.stratum_pairs;
    ++reviewed_in[label.stratum];
    if (label.decision != kMatch) continue;
    ++stratum.second;
    weight_matches += w;
    const auto [a, b] = *review.index[k];
    matches.emplace_back(comparator.Compare(a, b), w);
  }
  if (reviewed == 0) return;
  TrainingSession session;
  session.rule = std::string(kReviewSession);
  session.pairs = reviewed;
  session.match_share = weight_all > 0 ? weight_matches / weight_all : 0;
  session.converged = true;
  constexpr double kMinLabelledM = 1e-3;
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    ComparisonParameters& p = model.comparisons[c];
    if (p.no_data || p.constant) continue;
    std::vector<double> weight(p.m.size(), 0);
    std::int64_t present = 0;
    double weight_present = 0;
    for (const auto& [gamma, w] : matches) {
      const auto level = static_cast<std::size_t>(LevelOf(gamma, c));
      if (level == 0) continue;
      weight[level] += w;
      weight_present += w;
      ++present;
    }
    if (present < kMinReviewMatches) continue;
    // The weighted shares, smoothed as EstimateMFromLabels smooths counts: as if the
    // `present` pairs had those shares, plus half a pair at every level.
    const double n = static_cast<double>(present);
    const double levels = static_cast<double>(p.m.size() - 1);
    for (std::size_t l = 1; l < p.m.size(); ++l) {
      p.m[l] = std::max((n * weight[l] / weight_present + 0.5) / (n + 0.5 * levels), kMinLabelledM);
    }
    session.estimated.push_back(p.name);
  }
  if (static_cast<std::int64_t>(matches.size()) >= kMinReviewMatches && model.total_pairs > 0) {
    double estimated = 0;
    for (const auto& [name, s] : strata) {
      estimated += static_cast<double>(s.first) * static_cast<double>(s.second) /
                   static_cast<double>(reviewed_in.at(name));
    }
    model.expected_matches = estimated;
    model.prior = std::clamp(estimated / model.total_pairs, 1e-15, 0.5);
    session.estimated.push_back("prior");
  }
  model.sessions.push_back(std::move(session));
}

void AddReviewConstraints(const IndexedReview& review, ClusterOptions& options) {
  for (std::size_t k = 0; k < review.labels.size(); ++k) {
    if (!review.index[k]) continue;
    if (review.labels[k].decision == kMatch) options.must_link.push_back(*review.index[k]);
    if (review.labels[k].decision == kNonMatch) options.cannot_link.push_back(*review.index[k]);
  }
}

ReviewOutcome FinishReview(const IndexedReview& review, const Clustering& own,
                           const Clustering& constrained) {
  ReviewOutcome out;
  out.labels = static_cast<std::int64_t>(review.labels.size());
  out.decided = review.labels;
  for (std::size_t k = 0; k < review.labels.size(); ++k) {
    store::ReviewLabel& label = out.decided[k];
    if (!review.index[k]) continue;
    const auto [a, b] = *review.index[k];
    ++out.applied;
    label.model_linked = own.cluster_of[a] == own.cluster_of[b];
    if (label.decision == kMatch) {
      ++out.must_links;
      if (constrained.cluster_of[a] != constrained.cluster_of[b]) ++out.must_links_refused;
    }
    if (label.decision == kNonMatch) ++out.cannot_links;
  }
  out.summary = SummariseReview(out.decided);
  return out;
}

Clustering ClusterWithReview(std::size_t records, std::vector<Edge> edges,
                             const std::vector<std::uint64_t>& personal_id, ClusterOptions options,
                             const IndexedReview& review, ReviewOutcome& outcome) {
  const Clustering own = ClusterRecords(records, edges, personal_id, options);
  AddReviewConstraints(review, options);
  Clustering constrained = ClusterRecords(records, std::move(edges), personal_id, options);
  outcome = FinishReview(review, own, constrained);
  return constrained;
}

}  // namespace zicht::link
