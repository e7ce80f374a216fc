#include "zicht/link/training.hpp"

#include <tbb/blocked_range.h>
#include <tbb/combinable.h>
#include <tbb/parallel_for.h>

#include <algorithm>
#include <optional>

#include "zicht/link/blocking.hpp"

namespace zicht::link {

namespace {

// A training session's pairs are at most about this many.
constexpr std::size_t kMaxTrainingPairs = 4'000'000;

bool IsName(ComparisonKind kind) {
  return kind == ComparisonKind::kGivenName || kind == ComparisonKind::kFamilyName;
}

bool GoesWithName(ComparisonKind kind) {
  return kind == ComparisonKind::kGender || kind == ComparisonKind::kNationality ||
         kind == ComparisonKind::kDomestic || kind == ComparisonKind::kExploitationForm ||
         kind == ComparisonKind::kSector;
}

// Share of records with a date of birth: the date-of-birth comparison is not missing
// exactly when both records have one.
double DateOfBirthShare(const LinkRecords& records) {
  if (records.size == 0) return 0;
  std::size_t present = 0;
  for (std::uint64_t date : records.date_of_birth) present += date != 0 ? 1 : 0;
  return static_cast<double>(present) / static_cast<double>(records.size);
}

}  // namespace

std::vector<PatternCount> CountPatterns(const Comparator& comparator,
                                        const std::vector<std::uint64_t>& pairs) {
  tbb::combinable<std::unordered_map<Gamma, std::int64_t>> local;
  tbb::parallel_for(tbb::blocked_range<std::size_t>(0, pairs.size(), 1 << 14),
                    [&](const tbb::blocked_range<std::size_t>& range) {
                      auto& counts = local.local();
                      for (std::size_t p = range.begin(); p < range.end(); ++p) {
                        if (p + 8 < range.end()) comparator.Prefetch(SecondOf(pairs[p + 8]));
                        ++counts[comparator.Compare(FirstOf(pairs[p]), SecondOf(pairs[p]))];
                      }
                    });
  std::unordered_map<Gamma, std::int64_t> merged;
  local.combine_each([&](const std::unordered_map<Gamma, std::int64_t>& counts) {
    for (const auto& [gamma, count] : counts) merged[gamma] += count;
  });
  std::vector<PatternCount> patterns;
  patterns.reserve(merged.size());
  for (const auto& [gamma, count] : merged) patterns.push_back({gamma, count});
  std::sort(patterns.begin(), patterns.end(),
            [](const PatternCount& x, const PatternCount& y) { return x.gamma < y.gamma; });
  return patterns;
}

FsModel TrainModel(const Comparator& comparator, const LinkConfig& config,
                   const std::vector<std::uint64_t>& candidate_pairs) {
  FsModel model = EstimateU(comparator, config.u_sample_pairs, config.seed);
  const auto& specs = comparator.comparisons();
  const std::size_t k = specs.size();
  std::vector<std::vector<double>> m_sum(k);
  std::vector<int> m_runs(k, 0);
  for (std::size_t c = 0; c < k; ++c) m_sum[c].assign(model.comparisons[c].m.size(), 0.0);
  const FsModel initial = model;
  bool all_converged = true;
  double dob_session_matches = -1;

  for (const BlockingRuleKind rule :
       {BlockingRuleKind::kDateOfBirth, BlockingRuleKind::kFullName}) {
    std::vector<bool> estimate(k, false);
    bool any = false;
    for (std::size_t c = 0; c < k; ++c) {
      const ComparisonKind kind = specs[c].spec.kind;
      // Gender and nationality go with the name (given names are gendered, name pools
      // national), and with the nationality whether the victim crossed a border and so
      // the form and sector of exploitation: namesakes agree on all of them far more
      // often than random pairs do, and EM would take that for evidence of a match.
      const bool blocked_on =
          rule == BlockingRuleKind::kDateOfBirth
              ? kind == ComparisonKind::kDateOfBirth || kind == ComparisonKind::kBirthYear
              : IsName(kind) || GoesWithName(kind);
      // A field of one value tells nothing: its m stays u, so it weighs nothing.
      estimate[c] = !blocked_on && !model.comparisons[c].constant;
      any = any || estimate[c];
    }
    const BlockingRule blocking{rule, std::string(NameOf(rule))};
    // The block's pairs, thinned at random to at most kMaxTrainingPairs: m settles long
    // before, and a large register's blocks hold far more.
    std::int64_t block_pairs = 0;
    for (const RuleCount& count : CountComparisons(comparator.records(), [&] {
           LinkConfig one = config;
           one.blocking_rules = {blocking};
           return one;
         }())) {
      block_pairs += count.comparisons;
    }
    const double keep =
        block_pairs > static_cast<std::int64_t>(kMaxTrainingPairs)
            ? static_cast<double>(kMaxTrainingPairs) / static_cast<double>(block_pairs)
            : 1.0;
    std::vector<std::uint64_t> pairs =
        RulePairs(comparator.records(), blocking, config, keep, config.seed);
    if (rule == BlockingRuleKind::kFullName) {
      // A "full name" of one field alone (the online chat often has no family name) is a
      // block of namesakes on a given name, mostly different persons with nothing but a
      // birth year to tell them apart: EM there takes look-alikes for matches and spoils
      // the m of the date of birth. Only records with both names train.
      const LinkRecords& r = comparator.records();
      auto both = [&](std::uint32_t i) { return r.given_bits[i] != 0 && r.family_bits[i] != 0; };
      std::erase_if(pairs,
                    [&](std::uint64_t p) { return !both(FirstOf(p)) || !both(SecondOf(p)); });
    }
    // Distinct pairs in the whole block, as the thinned ones estimate it.
    const double full = static_cast<double>(pairs.size()) / keep;
    if (pairs.size() < 10 || !any) continue;
    FsModel session = initial;
    const double share = FitM(CountPatterns(comparator, pairs), estimate, config.max_em_iterations,
                              config.em_tolerance, session);
    TrainingSession record;
    record.rule = blocking.name;
    record.pairs = static_cast<std::int64_t>(pairs.size());
    record.match_share = share;
    record.iterations = session.em_iterations;
    record.converged = session.em_converged;
    all_converged = all_converged && session.em_converged;
    for (std::size_t c = 0; c < k; ++c) {
      if (!estimate[c]) continue;
      record.estimated.push_back(specs[c].spec.name);
      ++m_runs[c];
      for (std::size_t l = 1; l < m_sum[c].size(); ++l) m_sum[c][l] += session.comparisons[c].m[l];
    }
    model.sessions.push_back(std::move(record));
    model.em_iterations = session.em_iterations;
    if (rule == BlockingRuleKind::kDateOfBirth) {
      dob_session_matches = share * full;
    }
  }

  for (std::size_t c = 0; c < k; ++c) {
    if (m_runs[c] == 0) continue;
    for (std::size_t l = 1; l < m_sum[c].size(); ++l) {
      model.comparisons[c].m[l] = m_sum[c][l] / m_runs[c];
    }
  }

  // The prior: matches among the date-of-birth pairs, over the chance that a matching pair
  // is among them (both dates present and equal or swapped).
  std::optional<std::size_t> dob;
  for (std::size_t c = 0; c < k; ++c) {
    if (specs[c].spec.kind == ComparisonKind::kDateOfBirth && m_runs[c] > 0) dob = c;
  }
  if (dob && dob_session_matches > 0) {
    const auto& m = model.comparisons[*dob].m;
    // m is conditional on the comparison not being missing: m[1] + m[2] (exact, or day and
    // month swapped: the block's keys) times the chance that both have a date of birth.
    const double agree = m[1] + m[2];
    const double present = DateOfBirthShare(comparator.records());
    model.expected_matches = dob_session_matches / std::max(agree * present * present, 1e-9);
  } else {
    // No date-of-birth session to count matches with: EM over every candidate pair, all
    // comparisons at once, starting from what the sessions that did run estimated.
    FsModel fallback = model;
    const double share =
        FitM(CountPatterns(comparator, candidate_pairs), std::vector<bool>(k, true),
             config.max_em_iterations, config.em_tolerance, fallback);
    fallback.sessions = std::move(model.sessions);
    fallback.sessions.push_back({"candidate pairs (all comparisons)",
                                 {},
                                 static_cast<std::int64_t>(candidate_pairs.size()),
                                 share,
                                 fallback.em_iterations,
                                 fallback.em_converged});
    all_converged = all_converged && fallback.em_converged;
    model = std::move(fallback);
    model.expected_matches = share * static_cast<double>(candidate_pairs.size());
  }
  model.em_converged = all_converged;
  model.prior = model.total_pairs > 0
                    ? std::clamp(model.expected_matches / model.total_pairs, 1e-15, 0.5)
                    : 0.5;
  return model;
}

void EstimateMFromLabels(const Comparator& comparator,
                         const std::vector<std::uint64_t>& candidate_pairs,
                         const std::vector<std::int32_t>& entity, FsModel& model) {
  constexpr double kMinPairs = 20;
  constexpr double kMinLabelledM = 1e-3;
  const std::size_t k = model.comparisons.size();
  std::vector<std::uint64_t> matching;
  std::int64_t labelled_candidates = 0;
  for (std::uint64_t pair : candidate_pairs) {
    const std::int32_t a = entity[FirstOf(pair)];
    const std::int32_t b = entity[SecondOf(pair)];
    if (a < 0 || b < 0) continue;
    ++labelled_candidates;
    if (a == b) matching.push_back(pair);
  }
  TrainingSession session;
  session.rule = std::string(kLabelledSession);
  session.pairs = labelled_candidates;
  session.match_share = labelled_candidates > 0 ? static_cast<double>(matching.size()) /
                                                      static_cast<double>(labelled_candidates)
                                                : 0;
  session.converged = true;
  const std::vector<PatternCount> patterns = CountPatterns(comparator, matching);
  for (std::size_t c = 0; c < k; ++c) {
    auto& m = model.comparisons[c].m;
    std::vector<double> count(m.size(), 0);
    for (const PatternCount& pattern : patterns) {
      count[static_cast<std::size_t>(LevelOf(pattern.gamma, c))] +=
          static_cast<double>(pattern.count);
    }
    double present = 0;
    for (std::size_t l = 1; l < count.size(); ++l) present += count[l];
    if (present < kMinPairs) continue;
    const double smoothed_total = present + 0.5 * static_cast<double>(count.size() - 1);
    for (std::size_t l = 1; l < count.size(); ++l) {
      m[l] = std::max((count[l] + 0.5) / smoothed_total, kMinLabelledM);
    }
    session.estimated.push_back(comparator.comparisons()[c].spec.name);
  }
  // The prior: matching pairs among the pairs of labelled records.
  std::unordered_map<std::int32_t, double> sizes;
  double labelled = 0;
  for (std::int32_t e : entity) {
    if (e < 0) continue;
    ++sizes[e];
    ++labelled;
  }
  double matches = 0;
  for (const auto& [e, size] : sizes) matches += size * (size - 1) / 2;
  const double pairs = labelled * (labelled - 1) / 2;
  if (pairs > 0 && matches > 0) {
    model.prior = std::clamp(matches / pairs, 1e-15, 0.5);
    model.expected_matches = model.prior * model.total_pairs;
  }
  model.sessions.push_back(std::move(session));
}

}  // namespace zicht::link
