// The Fellegi–Sunter model (Fellegi and Sunter 1969): for each comparison level, m is the
// probability of that level among pairs of the same person and u among random pairs. u
// comes from random record pairs (and, for exact agreement, from the exact frequencies of
// the values); m and the share of matches among the candidate pairs by EM over the
// candidate pairs' comparison vectors, with u held fixed (Winkler 1988; as Splink does).
// A pair's match weight is the prior's log-odds plus log2(m/u) of each non-missing
// level, plus, for exact agreement on a name, the term-frequency adjustment
// log2(u_exact / frequency of that name): agreeing on a rare name says more than
// agreeing on a common one.
//
// Thread safety: a fitted model and TermFrequencies are immutable; Score may run on many
// threads.
#pragma once

#include <cstdint>
#include <string>
#include <unordered_map>
#include <vector>

#include "zicht/link/comparison.hpp"

namespace zicht::link {

struct ComparisonParameters {
  std::string name;
  std::vector<std::string> levels;  // levels[0] is "missing" and has no parameters
  std::vector<double> m;
  std::vector<double> u;
  int exact_level = -1;
  bool term_frequency = false;
  // No pair of records had the value (phones in a register without them): m = u, so the
  // comparison weighs nothing.
  bool no_data = false;
  // Every record that has the value has the same one (a register of one nationality, a
  // form of exploitation set for a whole file): agreement says nothing, so m = u and the
  // comparison weighs nothing.
  bool constant = false;
  // A name (given or family): its levels before "swapped" and "different" are agreement.
  bool name_like = false;
};

// One EM run over the pairs of one training rule.
struct TrainingSession {
  std::string rule;                    // the pairs: records that share this key
  std::vector<std::string> estimated;  // comparisons whose m it estimated
  std::int64_t pairs = 0;
  double match_share = 0;
  int iterations = 0;
  bool converged = false;
};

struct FsModel {
  std::vector<ComparisonParameters> comparisons;
  double expected_matches = 0;  // matching pairs among all pairs, as the training estimates
  double prior = 0;             // match probability of a random pair of records
  double total_pairs = 0;       // n (n - 1) / 2
  int em_iterations = 0;        // of the last EM run
  bool em_converged = false;    // every EM run converged
  std::int64_t u_sampled_pairs = 0;
  std::vector<TrainingSession> sessions;

  // The categories that go together (gender, nationality, sector, forms, domestic: name
  // pools are national, most Dutch victims are domestic, and so on) are not independent
  // among random pairs, still less among pairs that agree on a name. Their joint pattern's
  // u, counted among the random pairs apart for pairs that agree on a name and pairs that
  // do not, replaces the product of their u: `dependence` holds, per class (0: no name
  // agrees, 1: a name agrees exactly or by Dice) and pattern, log2(product of u / joint u)
  // in bits, added to the score. Empty when fewer than two such comparisons are used.
  std::vector<std::size_t> dependent;  // the comparisons of the group, in model order
  std::vector<double> dependence;      // 2 * (product of their level counts) entries

  // The entry of `dependence` for a comparison vector (-1 without a group).
  std::ptrdiff_t DependenceIndex(Gamma gamma) const;

  // log2 of the prior odds.
  double PriorWeight() const;
  // log2(m / u) of a level; 0 for "missing".
  double LevelWeight(std::size_t comparison, int level) const;
};

// The frequency of each value, per comparison that adjusts for it, counted over distinct
// (value, companion) combinations (a name with the birth, a date with the family name),
// a proxy for persons, so that a person's duplicate records do not make their own name
// look common. The adjustment of exact agreement on value v is log2(agreement / f_v):
// negative for common values, positive for rare ones, zero on average.
struct TermFrequencies {
  std::vector<std::unordered_map<std::uint64_t, double>> frequency;  // per comparison
  std::vector<double> agreement;  // per comparison: sum of squared frequencies
  double Of(std::size_t comparison, std::uint64_t value) const;
  // Given and family name together: where both agree exactly and the pair is more common
  // than the two shares multiplied (a name pool per country), agreeing says that much less.
  std::unordered_map<std::uint64_t, double> full_name;
  double full_name_combinations = 0;  // distinct (full name, birth) combinations counted
  int given_comparison = -1;
  int family_comparison = -1;
  static std::uint64_t FullNameKey(std::uint64_t given, std::uint64_t family);
};

TermFrequencies CountTermFrequencies(const Comparator& comparator);

// u for every level: the level's share among `sample_pairs` random pairs of distinct
// records (all pairs when there are fewer), the exact-agreement level replaced by
// sum_v c_v (c_v - 1) / (n (n - 1)) over the value counts c_v, which is its u exactly.
// Levels never seen get half a pair, so no weight is infinite.
FsModel EstimateU(const Comparator& comparator, std::int64_t sample_pairs, std::uint64_t seed);

// A comparison vector and how many candidate pairs have it.
struct PatternCount {
  Gamma gamma = 0;
  std::int64_t count = 0;
};

// EM for m and the share of matches among the pairs the patterns count, u held fixed.
// Comparisons with estimate[c] false are left out (treated as missing) and keep their m:
// those a training session's pairs were chosen by. Returns the share of matches and sets
// the model's em_iterations and em_converged.
double FitM(const std::vector<PatternCount>& patterns, const std::vector<bool>& estimate,
            int max_iterations, double tolerance, FsModel& model);

// One comparison's share of a score.
struct ScoreTerm {
  std::size_t comparison = 0;
  int level = 0;
  double weight = 0;  // log2(m / u); 0 when missing
  // Added for exact agreement on a value of known frequency; on the last comparison of the
  // dependent categories, also their dependence adjustment (see FsModel::dependence).
  double tf_adjustment = 0;
};

// Scores pairs with the weights and term-frequency adjustments worked out once: the inner
// loop of linkage. The value an exact agreement agrees on is read from record a.
class Scorer {
 public:
  Scorer(const FsModel& model, const Comparator& comparator, const TermFrequencies& tf);
  // The match weight (bits) of a pair with comparison vector `gamma`, one of whose records
  // is `a`; `terms`, when given, receives each comparison's part.
  double Score(std::uint32_t a, Gamma gamma, std::vector<ScoreTerm>* terms = nullptr) const;

  // Works out every record's term-frequency adjustments once (of the value it would agree
  // on, and of its full name), so that scoring many pairs reads an array where it would
  // look up a hash table for each pair. Scores stay the same.
  void PrecomputePerRecord();

 private:
  double Adjustment(std::size_t comparison, std::uint64_t value) const;
  // The correction for agreeing on both names, of record a's full name (0 if none).
  double FullNameCorrection(std::uint32_t a) const;
  std::vector<std::vector<double>> record_adjustment_;  // per comparison, per record
  std::vector<double> record_full_name_;                // per record

  const FsModel& model_;
  const Comparator& comparator_;
  const TermFrequencies& tf_;
  int dependence_last_ = -1;  // the comparison whose term carries the dependence adjustment
  // FsModel::DependenceIndex worked out once: each dependent comparison with its level
  // count, each name with its last level of agreement, and the offset of the second class.
  std::vector<std::pair<std::size_t, std::ptrdiff_t>> dependent_radix_;
  std::vector<std::pair<std::size_t, int>> name_agrees_up_to_;
  std::ptrdiff_t name_class_offset_ = 0;
  std::ptrdiff_t DependenceIndex(Gamma gamma) const;
  double prior_weight_ = 0;
  std::vector<std::vector<double>> weights_;  // per comparison and level: log2(m / u)
  std::vector<int> exact_level_;              // per comparison: the adjusted level, or -1
  std::vector<std::unordered_map<std::uint64_t, double>> adjustment_;  // value -> bits
  std::unordered_map<std::uint64_t, double> full_name_share_;          // seen with 2+ births
  int given_ = -1;
  int family_ = -1;
};

// The match weight (bits) of records a and b with comparison vector `gamma`; `terms`, when
// given, receives each comparison's part (the prior is FsModel::PriorWeight()).
double Score(const FsModel& model, const Comparator& comparator, const TermFrequencies& tf,
             std::uint32_t a, std::uint32_t b, Gamma gamma,
             std::vector<ScoreTerm>* terms = nullptr);

// 2^w / (1 + 2^w).
double MatchProbability(double weight);

}  // namespace zicht::link
