#include "zicht/link/training.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "link/link_fixtures.hpp"
#include "zicht/link/blocking.hpp"

namespace zicht::link {
namespace {

using fixtures::Build;
using fixtures::Population;
using fixtures::PopulationOptions;
using fixtures::SimulatePopulation;

std::vector<std::uint64_t> AllPairs(std::uint32_t n) {
  std::vector<std::uint64_t> pairs;
  for (std::uint32_t a = 0; a < n; ++a) {
    for (std::uint32_t b = a + 1; b < n; ++b) pairs.push_back(PackPair(a, b));
  }
  return pairs;
}

TEST(CountPatterns, CountsEachComparisonVectorOnce) {
  PopulationOptions options;
  options.people = 80;
  const Population population = SimulatePopulation(options);
  const LinkRecords records = Build(population.records);
  const Comparator comparator(records, DefaultLinkConfig());
  const auto pairs = AllPairs(static_cast<std::uint32_t>(records.size));
  std::map<Gamma, std::int64_t> truth;
  for (std::uint64_t pair : pairs) ++truth[comparator.Compare(FirstOf(pair), SecondOf(pair))];

  const std::vector<PatternCount> patterns = CountPatterns(comparator, pairs);
  ASSERT_EQ(patterns.size(), truth.size());
  std::int64_t total = 0;
  for (std::size_t i = 0; i < patterns.size(); ++i) {
    if (i > 0) {
      EXPECT_LT(patterns[i - 1].gamma, patterns[i].gamma) << "sorted, each once";
    }
    EXPECT_EQ(patterns[i].count, truth[patterns[i].gamma]);
    total += patterns[i].count;
  }
  EXPECT_EQ(total, static_cast<std::int64_t>(pairs.size()));
  EXPECT_TRUE(CountPatterns(comparator, {}).empty());
}

// The truth a trained model should come near: per comparison, the share of each level
// among the true matching pairs where the comparison is not missing.
struct MatchTruth {
  std::vector<std::vector<double>> m;
  std::int64_t matching_pairs = 0;
};

MatchTruth CountMatchTruth(const Comparator& comparator, const std::vector<int>& entity) {
  const std::size_t k = comparator.comparisons().size();
  MatchTruth out;
  out.m.resize(k);
  for (std::size_t c = 0; c < k; ++c) out.m[c].assign(comparator.comparisons()[c].labels.size(), 0);
  const auto n = static_cast<std::uint32_t>(entity.size());
  for (std::uint32_t a = 0; a < n; ++a) {
    for (std::uint32_t b = a + 1; b < n; ++b) {
      if (entity[a] != entity[b]) continue;
      ++out.matching_pairs;
      const Gamma gamma = comparator.Compare(a, b);
      for (std::size_t c = 0; c < k; ++c)
        out.m[c][static_cast<std::size_t>(LevelOf(gamma, c))] += 1;
    }
  }
  for (auto& levels : out.m) {
    levels[0] = 0;
    double present = 0;
    for (double x : levels) present += x;
    for (double& x : levels) x = present > 0 ? x / present : 0;
  }
  return out;
}

struct Trained {
  Population population;
  LinkRecords records;
  FsModel model;
  MatchTruth truth;
};

Trained TrainOn(const PopulationOptions& options) {
  Trained t;
  t.population = SimulatePopulation(options);
  t.records = Build(t.population.records);
  const LinkConfig config = DefaultLinkConfig();
  const Comparator comparator(t.records, config);
  const auto pairs = CandidatePairs(t.records, config, CountComparisons(t.records, config));
  t.model = TrainModel(comparator, config, pairs);
  t.truth = CountMatchTruth(comparator, t.population.entity);
  return t;
}

// 600 made-up people, ~1,200 records, ~800 matching pairs. Each level's m is a share among
// ~700 non-missing matching pairs (fewer for phone and e-mail), a standard error up to
// about 0.02, and the sessions see only the matches their key lets in; 0.06 is about three
// standard errors. Measured: largest error 0.039 (phone exact), most under 0.01.
TEST(TrainModel, RecoversTheMOfTheTrueMatchesFromUnlabelledPairs) {
  PopulationOptions options;
  options.people = 600;
  options.seed = 101;
  const Trained t = TrainOn(options);
  ASSERT_GT(t.truth.matching_pairs, 500);
  EXPECT_TRUE(t.model.em_converged);
  for (std::size_t c = 0; c < t.model.comparisons.size(); ++c) {
    const ComparisonParameters& p = t.model.comparisons[c];
    // The made-up people have no sector, forms or domestic, and every record a date of
    // birth or nothing: those comparisons have no data, m = u, and weigh nothing.
    if (p.no_data) continue;
    for (std::size_t l = 1; l < p.m.size(); ++l) {
      EXPECT_NEAR(p.m[l], t.truth.m[c][l], 0.06) << p.name << " level " << p.levels[l];
    }
  }
}

// The prior: matching pairs over all pairs. Its estimate rests on the date-of-birth
// session's share of matches, so 15% covers the EM's error there and the sampling of who
// has a date. Measured: 792 expected against 811 true (-2.3%).
TEST(TrainModel, EstimatesHowManyPairsMatch) {
  PopulationOptions options;
  options.people = 600;
  options.seed = 102;
  const Trained t = TrainOn(options);
  const double truth = static_cast<double>(t.truth.matching_pairs);
  EXPECT_NEAR(t.model.expected_matches / truth, 1.0, 0.15)
      << "expected " << t.model.expected_matches << ", true " << truth;
  EXPECT_NEAR(t.model.prior, t.model.expected_matches / t.model.total_pairs, 1e-15);
  const double n = static_cast<double>(t.records.size);
  EXPECT_DOUBLE_EQ(t.model.total_pairs, n * (n - 1) / 2);
}

// Ten and more records a person (1 to 21, 11 on average; 60 people): nearly every pair
// that shares a date of birth is a match, and so is nearly every pair sharing a full name.
// EM must not collapse there, to a share of 1 with the matches' m washed out or to m of
// the non-matches: m stays near the true matches' m (counted from the truth), and the
// count of matching pairs near the true one. Some 3,500 matching pairs: 0.06 and 20% are
// the tolerances of the tests above, whose sessions hold more non-matches.
TEST(TrainModel, DoesNotCollapseWhereAlmostEveryPairIsAMatch) {
  PopulationOptions options;
  options.people = 60;
  options.seed = 107;
  options.max_copies = 21;
  const Trained t = TrainOn(options);
  ASSERT_GT(t.truth.matching_pairs, 2000);
  EXPECT_TRUE(t.model.em_converged);
  for (const TrainingSession& session : t.model.sessions) {
    EXPECT_GT(session.match_share, 0.9) << session.rule;
    EXPECT_LT(session.match_share, 1.0) << session.rule;
  }
  for (std::size_t c = 0; c < t.model.comparisons.size(); ++c) {
    const ComparisonParameters& p = t.model.comparisons[c];
    if (p.no_data || p.constant) continue;
    for (std::size_t l = 1; l < p.m.size(); ++l) {
      EXPECT_NEAR(p.m[l], t.truth.m[c][l], 0.06) << p.name << " level " << p.levels[l];
    }
  }
  const double truth = static_cast<double>(t.truth.matching_pairs);
  EXPECT_NEAR(t.model.expected_matches / truth, 1.0, 0.2)
      << "expected " << t.model.expected_matches << ", true " << truth;
}

// Registers often give an age instead of a date of birth. A third of the records here do;
// the number of matching pairs is the same truth as before.
TEST(TrainModel, EstimatesHowManyPairsMatchWhenSomeRecordsGiveOnlyAnAge) {
  PopulationOptions options;
  options.people = 600;
  options.seed = 103;
  options.dob_missing = 0.33;
  options.age_only = 1.0;
  const Trained t = TrainOn(options);
  const double truth = static_cast<double>(t.truth.matching_pairs);
  if (std::abs(t.model.expected_matches / truth - 1.0) > 0.15) {
    ADD_FAILURE() << "fixed bug came back: src/link/training.cpp:136-140 (TrainModel) divides the "
                     "date-of-birth "
                     "session's matches by (m[exact] + m[swapped]) * present^2, but m is "
                     "conditional on the level not being missing, which includes pairs "
                     "compared by birth year only (an age), so a matching pair's chance of "
                     "sharing a date is underestimated and the prior overestimated: expected "
                  << t.model.expected_matches << " matching pairs, true " << truth;
  }
  EXPECT_NEAR(t.model.expected_matches / truth, 1.0, 0.15);
}

// With every record labelled and every pair a candidate, m is each level's share among the
// matching pairs (counted here independently, without the half pair the estimate adds),
// and the prior the share of matching pairs among all pairs.
TEST(EstimateMFromLabels, TakesMAndThePriorFromTheLabelledMatches) {
  PopulationOptions options;
  options.people = 300;
  options.seed = 104;
  const Population population = SimulatePopulation(options);
  const LinkRecords records = Build(population.records);
  const LinkConfig config = DefaultLinkConfig();
  const Comparator comparator(records, config);
  const auto pairs = AllPairs(static_cast<std::uint32_t>(records.size));
  FsModel model = TrainModel(comparator, config, pairs);
  const FsModel trained = model;
  const std::vector<std::int32_t> entity(population.entity.begin(), population.entity.end());
  EstimateMFromLabels(comparator, pairs, entity, model);

  const MatchTruth truth = CountMatchTruth(comparator, population.entity);
  ASSERT_GT(truth.matching_pairs, 200);
  for (std::size_t c = 0; c < model.comparisons.size(); ++c) {
    const ComparisonParameters& p = model.comparisons[c];
    for (std::size_t l = 1; l < p.m.size(); ++l) {
      if (p.no_data) continue;
      // Half a pair per level moves a share by at most levels / (2 * present).
      EXPECT_NEAR(p.m[l], std::max(truth.m[c][l], 1e-3), 0.02) << p.name << " " << p.levels[l];
    }
    EXPECT_EQ(p.u, trained.comparisons[c].u) << "u stays from random pairs";
  }
  const double n = static_cast<double>(records.size);
  EXPECT_NEAR(model.prior, static_cast<double>(truth.matching_pairs) / (n * (n - 1) / 2), 1e-12);
  ASSERT_EQ(model.sessions.size(), trained.sessions.size() + 1);
  EXPECT_EQ(model.sessions.back().rule, kLabelledSession);
}

// Unlabelled records count for nothing; a comparison with under 20 labelled matching pairs
// keeps the m it had.
TEST(EstimateMFromLabels, IgnoresUnlabelledRecordsAndKeepsMWhereLabelsAreFew) {
  PopulationOptions options;
  options.people = 300;
  options.seed = 105;
  const Population population = SimulatePopulation(options);
  const LinkRecords records = Build(population.records);
  const LinkConfig config = DefaultLinkConfig();
  const Comparator comparator(records, config);
  const auto pairs = AllPairs(static_cast<std::uint32_t>(records.size));
  const FsModel trained = TrainModel(comparator, config, pairs);

  FsModel none = trained;
  EstimateMFromLabels(comparator, pairs, std::vector<std::int32_t>(records.size, -1), none);
  for (std::size_t c = 0; c < none.comparisons.size(); ++c) {
    EXPECT_EQ(none.comparisons[c].m, trained.comparisons[c].m);
  }
  EXPECT_EQ(none.prior, trained.prior);
  EXPECT_EQ(none.sessions.back().pairs, 0);

  // Only the first tenth labelled: the prior is the share among their pairs alone.
  std::vector<std::int32_t> some(records.size, -1);
  const std::size_t labelled = records.size / 10;
  for (std::size_t i = 0; i < labelled; ++i) some[i] = population.entity[i];
  std::map<std::int32_t, double> sizes;
  for (std::size_t i = 0; i < labelled; ++i) ++sizes[some[i]];
  double matches = 0;
  for (const auto& [e, k] : sizes) matches += k * (k - 1) / 2;
  FsModel part = trained;
  EstimateMFromLabels(comparator, pairs, some, part);
  const double all = static_cast<double>(labelled) * static_cast<double>(labelled - 1) / 2;
  EXPECT_NEAR(part.prior, matches / all, 1e-12);
  EXPECT_LT(part.sessions.back().pairs, static_cast<std::int64_t>(pairs.size()));
}

TEST(TrainModel, RecordsOneSessionPerTrainingRuleWithWhatItEstimated) {
  PopulationOptions options;
  options.people = 300;
  const Trained t = TrainOn(options);
  ASSERT_EQ(t.model.sessions.size(), 2u);
  const TrainingSession& dob = t.model.sessions[0];
  const TrainingSession& name = t.model.sessions[1];
  EXPECT_EQ(dob.rule, "date_of_birth");
  EXPECT_EQ(dob.estimated,
            (std::vector<std::string>{"given_name", "family_name", "personal_id", "phone", "email",
                                      "gender", "nationality", "sector", "exploitation_form",
                                      "domestic", "registration_date"}));
  EXPECT_EQ(name.rule, "full_name");
  // The categories go with the name (a name pool is national; so, through nationality, are
  // crossing a border and the form of exploitation): namesakes agree on them anyway.
  EXPECT_EQ(name.estimated, (std::vector<std::string>{"date_of_birth", "birth_year", "personal_id",
                                                      "phone", "email", "registration_date"}));
  const LinkConfig config = DefaultLinkConfig();
  EXPECT_EQ(dob.pairs,
            static_cast<std::int64_t>(
                RulePairs(t.records, {BlockingRuleKind::kDateOfBirth, "dob"}, config).size()));
  // The full-name session trains on records with both names only: a one-field "full name"
  // is a block of namesakes on a given name.
  std::int64_t both_names = 0;
  for (std::uint64_t pair : RulePairs(t.records, {BlockingRuleKind::kFullName, "n"}, config)) {
    auto both = [&](std::uint32_t i) {
      return t.records.given_bits[i] != 0 && t.records.family_bits[i] != 0;
    };
    both_names += both(FirstOf(pair)) && both(SecondOf(pair)) ? 1 : 0;
  }
  EXPECT_EQ(name.pairs, both_names);
  for (const TrainingSession& s : t.model.sessions) {
    EXPECT_TRUE(s.converged) << s.rule;
    EXPECT_GT(s.iterations, 0) << s.rule;
    EXPECT_GT(s.match_share, 0.5) << s.rule << ": these blocks are mostly matches";
    EXPECT_LE(s.match_share, 1.0) << s.rule;
  }
  EXPECT_EQ(t.model.u_sampled_pairs, static_cast<std::int64_t>(t.model.total_pairs));
}

// Without any date of birth the date-of-birth session has no pairs and is left out; the
// full-name session still runs, and since the prior needs the date-of-birth session, EM
// over all candidate pairs finishes the model, starting from the full-name session's m.
TEST(TrainModel, ASessionWithoutPairsIsLeftOutAndTheOthersStillCount) {
  PopulationOptions options;
  options.people = 300;
  options.dob_missing = 1.0;
  const Trained t = TrainOn(options);
  ASSERT_FALSE(t.model.sessions.empty());
  EXPECT_EQ(t.model.sessions[0].rule, "full_name");
  ASSERT_EQ(t.model.sessions.size(), 2u);
  EXPECT_EQ(t.model.sessions[1].rule, "candidate pairs (all comparisons)");
  EXPECT_TRUE(t.model.sessions[1].converged);
  EXPECT_GT(t.model.expected_matches, 0);
}

TEST(TrainModel, FallsBackToAllCandidatePairsWhenNoSessionHasPairs) {
  PopulationOptions options;
  options.people = 200;
  options.dob_missing = 1.0;
  options.name_typo = 1.0;  // every record misspells both names: no full name is shared
  const Population population = SimulatePopulation(options);
  const LinkRecords records = Build(population.records);
  const LinkConfig config = DefaultLinkConfig();
  ASSERT_LT(RulePairs(records, {BlockingRuleKind::kFullName, "n"}, config).size(), 10u);
  const Comparator comparator(records, config);
  const auto candidates = CandidatePairs(records, config, CountComparisons(records, config));
  const FsModel model = TrainModel(comparator, config, candidates);
  ASSERT_EQ(model.sessions.size(), 1u);
  EXPECT_EQ(model.sessions[0].rule, "candidate pairs (all comparisons)");
  EXPECT_EQ(model.sessions[0].pairs, static_cast<std::int64_t>(candidates.size()));
  EXPECT_NEAR(model.expected_matches, model.sessions[0].match_share * candidates.size(), 1e-6);
  EXPECT_GT(model.prior, 0);
  EXPECT_LE(model.prior, 0.5);
}

}  // namespace
}  // namespace zicht::link
