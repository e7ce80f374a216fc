#include "zicht/link/fellegi_sunter.hpp"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdint>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "link/link_fixtures.hpp"

namespace zicht::link {
namespace {

using fixtures::BitRange;
using fixtures::Build;
using fixtures::DigestOf;
using fixtures::EmptyRecord;

// ----- EM recovers known m from pairs drawn from a known two-class model -----------------

// Three comparisons; level 0 is "missing", independent of the class (missing at random).
// m and u are over the non-missing levels and each sums to 1.
struct TrueModel {
  double share = 0.1;  // matches among the pairs
  std::vector<double> missing = {0.10, 0.20, 0.05};
  std::vector<std::vector<double>> m = {
      {0, 0.85, 0.10, 0.05}, {0, 0.70, 0.20, 0.10}, {0, 0.60, 0.25, 0.10, 0.05}};
  std::vector<std::vector<double>> u = {
      {0, 0.02, 0.08, 0.90}, {0, 0.05, 0.15, 0.80}, {0, 0.01, 0.04, 0.15, 0.80}};
};

// A model with the true u and the starting m EstimateU uses (falling by a factor of 4 a
// level), so that EM has to find m on its own.
FsModel ModelWithTrueU(const TrueModel& truth) {
  FsModel model;
  for (std::size_t c = 0; c < truth.u.size(); ++c) {
    ComparisonParameters p;
    p.name = "c" + std::to_string(c);
    p.levels.assign(truth.u[c].size(), "level");
    p.u = truth.u[c];
    p.m.assign(truth.u[c].size(), 0.0);
    double total = 0;
    for (std::size_t l = 1; l < p.m.size(); ++l) total += p.m[l] = std::pow(0.25, l - 1.0);
    for (std::size_t l = 1; l < p.m.size(); ++l) p.m[l] /= total;
    p.exact_level = 1;
    model.comparisons.push_back(p);
  }
  return model;
}

Gamma Pack(const std::vector<int>& levels) {
  Gamma gamma = 0;
  for (std::size_t c = 0; c < levels.size(); ++c) gamma = WithLevel(gamma, c, levels[c]);
  return gamma;
}

// The expected count of every comparison vector among `pairs` pairs, rounded: EM on these
// has the true parameters as its fixed point, up to the rounding (under 1e-7 relative).
std::vector<PatternCount> ExpectedPatterns(const TrueModel& t, double pairs) {
  std::vector<PatternCount> out;
  std::vector<int> levels(t.m.size(), 0);
  while (true) {
    double pm = t.share;
    double pu = 1 - t.share;
    for (std::size_t c = 0; c < levels.size(); ++c) {
      const auto l = static_cast<std::size_t>(levels[c]);
      const double present = 1 - t.missing[c];
      pm *= l == 0 ? t.missing[c] : present * t.m[c][l];
      pu *= l == 0 ? t.missing[c] : present * t.u[c][l];
    }
    out.push_back({Pack(levels), std::llround(pairs * (pm + pu))});
    std::size_t c = 0;
    while (c < levels.size() && ++levels[c] == static_cast<int>(t.m[c].size())) levels[c++] = 0;
    if (c == levels.size()) break;
  }
  return out;
}

// Draws `pairs` pairs from the model with a fixed-seed Mersenne Twister (whose output the
// standard fixes), converting to uniforms by hand so no library distribution is involved.
// Also returns the m of the drawn matches, which EM can at best reproduce.
struct Drawn {
  std::vector<PatternCount> patterns;
  std::vector<std::vector<double>> empirical_m;
  double empirical_share = 0;
};

Drawn DrawPatterns(const TrueModel& t, int pairs, std::uint64_t seed) {
  std::mt19937_64 random(seed);
  auto uniform = [&] { return static_cast<double>(random() >> 11) * 0x1.0p-53; };
  auto pick = [&](const std::vector<double>& p) {
    double x = uniform();
    for (std::size_t l = 1; l < p.size(); ++l) {
      if ((x -= p[l]) < 0) return static_cast<int>(l);
    }
    return static_cast<int>(p.size() - 1);
  };
  std::map<Gamma, std::int64_t> counts;
  Drawn out;
  std::vector<std::vector<double>> match_levels;
  for (const auto& m : t.m) match_levels.emplace_back(m.size(), 0.0);
  std::int64_t matches = 0;
  for (int i = 0; i < pairs; ++i) {
    const bool match = uniform() < t.share;
    matches += match ? 1 : 0;
    std::vector<int> levels(t.m.size());
    for (std::size_t c = 0; c < levels.size(); ++c) {
      levels[c] = uniform() < t.missing[c] ? 0 : pick(match ? t.m[c] : t.u[c]);
      if (match) match_levels[c][static_cast<std::size_t>(levels[c])] += 1;
    }
    ++counts[Pack(levels)];
  }
  for (const auto& [gamma, count] : counts) out.patterns.push_back({gamma, count});
  for (auto& levels : match_levels) {
    double present = 0;
    for (std::size_t l = 1; l < levels.size(); ++l) present += levels[l];
    for (std::size_t l = 1; l < levels.size(); ++l) levels[l] /= present;
    levels[0] = 0;
  }
  out.empirical_m = match_levels;
  out.empirical_share = static_cast<double>(matches) / pairs;
  return out;
}

TEST(FitM, RecoversTheTrueMFromExpectedCounts) {
  const TrueModel truth;
  FsModel model = ModelWithTrueU(truth);
  const double share = FitM(ExpectedPatterns(truth, 1e8), {true, true, true}, 10000, 1e-12, model);
  // The fixed point is the truth up to rounding of the counts; 1e-5 leaves room for EM's
  // stopping rule, far below any real error (the starting m are off by up to 0.3).
  EXPECT_TRUE(model.em_converged);
  EXPECT_GT(model.em_iterations, 1);
  EXPECT_NEAR(share, truth.share, 1e-5);
  for (std::size_t c = 0; c < truth.m.size(); ++c) {
    for (std::size_t l = 1; l < truth.m[c].size(); ++l) {
      EXPECT_NEAR(model.comparisons[c].m[l], truth.m[c][l], 1e-5)
          << "comparison " << c << " level " << l;
      EXPECT_EQ(model.comparisons[c].u[l], truth.u[c][l]) << "u is held fixed";
    }
  }
}

// 200,000 pairs, 20,000 of them matches: the standard error of an m near 0.7 from ~16,000
// non-missing matches is about 0.004, so a tolerance of 0.01 is some 2.5 standard errors for
// the worst level; against the m of the drawn matches (which removes the sampling noise and
// leaves only EM's uncertainty about which pairs match) 0.006. Measured: largest error 0.0065
// against the true m, 0.0035 against the drawn matches' m.
TEST(FitM, RecoversKnownMAndShareFromSimulatedPairs) {
  const TrueModel truth;
  const Drawn drawn = DrawPatterns(truth, 200'000, 20240611);
  FsModel model = ModelWithTrueU(truth);
  const double share = FitM(drawn.patterns, {true, true, true}, 1000, 1e-9, model);
  EXPECT_TRUE(model.em_converged);
  EXPECT_NEAR(share, truth.share, 0.01);
  EXPECT_NEAR(share, drawn.empirical_share, 0.005);
  for (std::size_t c = 0; c < truth.m.size(); ++c) {
    for (std::size_t l = 1; l < truth.m[c].size(); ++l) {
      EXPECT_NEAR(model.comparisons[c].m[l], truth.m[c][l], 0.01)
          << "comparison " << c << " level " << l;
      EXPECT_NEAR(model.comparisons[c].m[l], drawn.empirical_m[c][l], 0.006)
          << "comparison " << c << " level " << l;
    }
  }
}

// A training session in data with ten or more records a person: nearly every pair that
// shares a date of birth is a match. EM must still find the m the matches were drawn with,
// not collapse to a share of 1 with m taken from whatever the pairs look like, nor to the
// non-matches. 100,000 pairs with 99.5% (and then all) matches; the tolerances are about
// three standard errors of an m from ~100,000 matches (0.0015 near 0.5).
TEST(FitM, ASessionOfAlmostOnlyMatchesDoesNotCollapse) {
  for (const double share_of_matches : {0.995, 1.0}) {
    TrueModel truth;
    truth.share = share_of_matches;
    const Drawn drawn = DrawPatterns(truth, 100'000, 20261203);
    FsModel model = ModelWithTrueU(truth);
    const double share = FitM(drawn.patterns, {true, true, true}, 1000, 1e-9, model);
    EXPECT_TRUE(model.em_converged) << share_of_matches;
    EXPECT_NEAR(share, drawn.empirical_share, 0.003) << share_of_matches;
    for (std::size_t c = 0; c < truth.m.size(); ++c) {
      for (std::size_t l = 1; l < truth.m[c].size(); ++l) {
        EXPECT_NEAR(model.comparisons[c].m[l], drawn.empirical_m[c][l], 0.005)
            << "share " << share_of_matches << " comparison " << c << " level " << l;
      }
    }
  }
}

TEST(FitM, AComparisonNotEstimatedKeepsItsMAndIsIgnored) {
  const TrueModel truth;
  FsModel model = ModelWithTrueU(truth);
  // A deliberately wrong m for comparison 2: if EM used it, the other estimates would move.
  model.comparisons[2].m = {0, 0.1, 0.2, 0.3, 0.4};
  const double share = FitM(ExpectedPatterns(truth, 1e8), {true, true, false}, 10000, 1e-12, model);
  EXPECT_EQ(model.comparisons[2].m, (std::vector<double>{0, 0.1, 0.2, 0.3, 0.4}));
  EXPECT_NEAR(share, truth.share, 1e-4);
  for (std::size_t c = 0; c < 2; ++c) {
    for (std::size_t l = 1; l < truth.m[c].size(); ++l) {
      EXPECT_NEAR(model.comparisons[c].m[l], truth.m[c][l], 1e-4)
          << "comparison " << c << " level " << l;
    }
  }
}

TEST(FitM, StopsAtTheIterationLimitAndSaysItDidNotConverge) {
  const TrueModel truth;
  FsModel model = ModelWithTrueU(truth);
  (void)FitM(ExpectedPatterns(truth, 1e6), {true, true, true}, 2, 1e-12, model);
  EXPECT_EQ(model.em_iterations, 2);
  EXPECT_FALSE(model.em_converged);
}

// ----- u from random pairs ----------------------------------------------------------------

LinkConfig Comparisons(std::initializer_list<ComparisonKind> kinds) {
  LinkConfig config = DefaultLinkConfig();
  config.comparisons.clear();
  for (ComparisonKind kind : kinds) config.comparisons.push_back({kind, std::string(NameOf(kind))});
  return config;
}

// Gender of six records: female x3, male x2, unknown. Exact u = (3*2 + 2*1) / (5*4) = 0.4:
// the chance that two distinct records with a gender share it. "disagree" gets the rest.
TEST(EstimateU, ExactAgreementUIsTheShareOfRecordPairsSharingTheValue) {
  std::vector<Record> records;
  for (const char* g : {"female", "male", "female", "unknown", "male", "female"}) {
    Record r = EmptyRecord("s", std::to_string(records.size()));
    r.gender = g;
    records.push_back(r);
  }
  const LinkRecords link = Build(records);
  const Comparator comparator(link, Comparisons({ComparisonKind::kGender}));
  const FsModel model = EstimateU(comparator, 1'000'000, 1);
  EXPECT_EQ(model.u_sampled_pairs, 15);  // all 6 * 5 / 2 pairs: fewer than the sample
  EXPECT_DOUBLE_EQ(model.total_pairs, 15);
  ASSERT_EQ(model.comparisons.size(), 1u);
  EXPECT_NEAR(model.comparisons[0].u[1], 0.4, 1e-15);
  EXPECT_NEAR(model.comparisons[0].u[2], 0.6, 1e-15);
  EXPECT_EQ(model.comparisons[0].name, "gender");
  EXPECT_EQ(model.comparisons[0].exact_level, 1);
  // Starting m: 4:1 for two levels.
  EXPECT_NEAR(model.comparisons[0].m[1], 0.8, 1e-15);
  EXPECT_NEAR(model.comparisons[0].m[2], 0.2, 1e-15);
}

// Dates of birth: A and B born the same day (hash 1) in 1990, C another day in 1990, D with
// only a birth year, 1992. Pairs: AB exact; AC, BC same year; AD, BD, CD have no two dates
// (the birth_year comparison's). Exact u = 2*1 / (3*2) = 1/3 over the three dates. The
// other levels share the rest (2/3) in proportion to their counts plus half a pair each:
// swapped 0.5, one part wrong 0.5, same year 2.5, one apart 0.5, two apart 0.5, of 4.5.
TEST(EstimateU, OtherLevelsShareTheRestInProportionToRandomPairs) {
  auto born = [](const std::string& id, std::uint64_t dob, int year) {
    Record r = EmptyRecord("s", id);
    if (dob != 0) r.identifiers.date_of_birth = DigestOf(dob);
    r.birth_year = year;
    return r;
  };
  const LinkRecords link =
      Build({born("A", 1, 1990), born("B", 1, 1990), born("C", 2, 1990), born("D", 0, 1992)});
  const Comparator comparator(link, Comparisons({ComparisonKind::kDateOfBirth}));
  const FsModel model = EstimateU(comparator, 1'000'000, 1);
  const auto& u = model.comparisons[0].u;
  ASSERT_EQ(u.size(), 7u);
  EXPECT_NEAR(u[1], 1.0 / 3, 1e-15);
  EXPECT_NEAR(u[2], 2.0 / 3 * 0.5 / 4.5, 1e-15);
  EXPECT_NEAR(u[3], 2.0 / 3 * 0.5 / 4.5, 1e-15);
  EXPECT_NEAR(u[4], 2.0 / 3 * 2.5 / 4.5, 1e-15);
  EXPECT_NEAR(u[5], 2.0 / 3 * 0.5 / 4.5, 1e-15);
  EXPECT_NEAR(u[6], 2.0 / 3 * 0.5 / 4.5, 1e-15);
}

// Birth years alone (no record has a full date): no pair can agree exactly on a date, so
// the year levels are all that random pairs show, and their u should sum to about 1.
// Records 1990, 1990, 1991, 1995: same year 1 pair, one apart 2, two or more apart 3.
// Without any dates the date of birth has no data, and the birth years compare on their
// own: pairs (1990, 1990) agree, (1990, 1991) twice one apart, three pairs with 1995 two
// or more apart; each level's u is its count plus half a pair over 7.5.
TEST(EstimateU, WithoutAnyDatesTheBirthYearsTakeAllOfU) {
  std::vector<Record> records;
  for (int year : {1990, 1990, 1991, 1995}) {
    Record r = EmptyRecord("s", std::to_string(records.size()));
    r.birth_year = year;
    records.push_back(r);
  }
  const LinkRecords link = Build(records);
  const Comparator comparator(
      link, Comparisons({ComparisonKind::kDateOfBirth, ComparisonKind::kBirthYear}));
  const FsModel model = EstimateU(comparator, 1'000'000, 1);
  EXPECT_TRUE(model.comparisons[0].no_data);
  const auto& u = model.comparisons[1].u;
  EXPECT_NEAR(u[1], 1.5 / 7.5, 1e-12);
  EXPECT_NEAR(u[2], 2.5 / 7.5, 1e-12);
  EXPECT_NEAR(u[3], 3.5 / 7.5, 1e-12);
}

// Nationality and domestic go together: 60 records, the first 30 Dutch and domestic, the
// other 30 Nigerian and cross-border. Of the 1,770 pairs, 870 agree on both (u of each is
// 870 / 1,770, so the product would be its square) and 900 disagree on both. The joint u
// of agreeing on both is (870 + 50 * product) / (1,770 + 50), with the 50 pseudo-pairs
// that shrink a pattern towards the product; the score of such a pair loses
// log2(joint / product), about one bit, which counting the two as independent would add.
TEST(EstimateU, CategoriesThatGoTogetherCountAsOnePieceOfEvidence) {
  std::vector<Record> records;
  for (int i = 0; i < 60; ++i) {
    Record r = EmptyRecord("s", std::to_string(i));
    r.nationality = i < 30 ? "NL" : "NG";
    r.domestic = i < 30 ? "domestic" : "cross_border";
    records.push_back(r);
  }
  const LinkRecords link = Build(records);
  const Comparator comparator(
      link, Comparisons({ComparisonKind::kNationality, ComparisonKind::kDomestic}));
  const FsModel model = EstimateU(comparator, 1'000'000, 1);
  ASSERT_EQ(model.dependent, (std::vector<std::size_t>{0, 1}));
  const double u_agree = 870.0 / 1770.0;
  EXPECT_NEAR(model.comparisons[0].u[1], u_agree, 1e-12);
  EXPECT_NEAR(model.comparisons[1].u[1], u_agree, 1e-12);
  const double product = u_agree * u_agree;
  const double joint = (870 + 50 * product) / (1770 + 50);
  const Gamma both_agree = comparator.Compare(0, 1);
  ASSERT_EQ(both_agree, WithLevel(WithLevel(0, 0, 1), 1, 1));
  const std::ptrdiff_t index = model.DependenceIndex(both_agree);
  ASSERT_GE(index, 0);
  EXPECT_NEAR(model.dependence[static_cast<std::size_t>(index)], std::log2(product / joint), 1e-12);
  EXPECT_LT(model.dependence[static_cast<std::size_t>(index)], -0.9);
  // A pattern never seen (agree on one, disagree on the other) is not made evidence of a
  // match: its adjustment is at most zero.
  const Gamma mixed = WithLevel(WithLevel(0, 0, 1), 1, 2);
  EXPECT_EQ(model.dependence[static_cast<std::size_t>(model.DependenceIndex(mixed))], 0.0);
  // The score carries it on the last of the two comparisons.
  const TermFrequencies tf = CountTermFrequencies(comparator);
  std::vector<ScoreTerm> terms;
  const double weight = Score(model, comparator, tf, 0, 1, both_agree, &terms);
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].tf_adjustment, 0.0);
  EXPECT_NEAR(terms[1].tf_adjustment, std::log2(product / joint), 1e-12);
  EXPECT_NEAR(weight,
              model.PriorWeight() + terms[0].weight + terms[1].weight + std::log2(product / joint),
              1e-12);
}

// Many records: the sample is used, and the year levels' u match the exact shares over all
// pairs to within sampling error (200,000 pairs: standard error under 0.0012).
TEST(EstimateU, SamplesPairsWhenThereAreMoreThanTheSample) {
  std::vector<Record> records;
  fixtures::Rng rng{9};
  for (int i = 0; i < 3000; ++i) {
    Record r = EmptyRecord("s", std::to_string(i));
    r.identifiers.date_of_birth = DigestOf(1 + static_cast<std::uint64_t>(i));  // all distinct
    r.birth_year = 1980 + rng.Below(10) + rng.Below(10);
    records.push_back(r);
  }
  const LinkRecords link = Build(records);
  const Comparator comparator(link, Comparisons({ComparisonKind::kDateOfBirth}));
  const FsModel model = EstimateU(comparator, 200'000, 77);
  EXPECT_EQ(model.u_sampled_pairs, 200'000);
  EXPECT_DOUBLE_EQ(model.total_pairs, 3000.0 * 2999 / 2);
  std::vector<double> exact(7, 0);
  for (std::uint32_t a = 0; a < link.size; ++a) {
    for (std::uint32_t b = a + 1; b < link.size; ++b)
      exact[static_cast<std::size_t>(comparator.Level(0, a, b))] += 1;
  }
  const double all = model.total_pairs;
  const auto& u = model.comparisons[0].u;
  EXPECT_NEAR(u[1], 1e-9, 1e-12) << "no two records share a date: u floors at 1e-9";
  EXPECT_NEAR(u[4], exact[4] / all, 0.005);
  EXPECT_NEAR(u[5], exact[5] / all, 0.005);
  EXPECT_NEAR(u[6], exact[6] / all, 0.005);
}

// ----- Term frequencies and scores --------------------------------------------------------

// Record with given name token `given` (0: none), family name token `family` (0: none),
// birth year `year` (0: none) and phone `phone` (0: none). Each token has a filter of its
// own, 30 bits apart, so different tokens are "different".
Record Person(const std::string& id, std::uint64_t given, std::uint64_t family, int year,
              std::uint64_t phone) {
  Record r = EmptyRecord("s", id);
  if (given != 0) {
    r.identifiers.given_name_tokens = {DigestOf(given)};
    r.identifiers.given_name_bloom = BitRange(static_cast<int>(given) * 30, 20);
  }
  if (family != 0) {
    r.identifiers.family_name_tokens = {DigestOf(family)};
    r.identifiers.family_name_bloom = BitRange(static_cast<int>(family) * 30, 20);
  }
  if (year != 0) r.birth_year = year;
  if (phone != 0) r.identifiers.phone = DigestOf(phone);
  return r;
}

// Given names: "A" (1) born 1990, 1991 and 1992, "B" (2) born 1990, one record without a
// name, and a second record of "A" born 1990 (the same person again, as far as the counts
// can tell). Distinct (name, birth): A three, B one, so f_A = 3/4, f_B = 1/4 and the chance
// that two of them agree is 9/16 + 1/16 = 5/8.
LinkRecords NamedRecords() {
  return Build({Person("0", 1, 0, 1990, 50), Person("1", 1, 0, 1991, 50),
                Person("2", 1, 0, 1992, 51), Person("3", 2, 0, 1990, 0), Person("4", 0, 0, 0, 52),
                Person("5", 1, 0, 1990, 0)});
}

TEST(CountTermFrequencies, AreSharesOfDistinctValueAndBirthCombinations) {
  const LinkRecords records = NamedRecords();
  const Comparator comparator(records,
                              Comparisons({ComparisonKind::kGivenName, ComparisonKind::kPhone}));
  const TermFrequencies tf = CountTermFrequencies(comparator);
  EXPECT_DOUBLE_EQ(tf.Of(0, comparator.ExactValue(0, 0)), 0.75);
  EXPECT_DOUBLE_EQ(tf.Of(0, comparator.ExactValue(0, 3)), 0.25);
  EXPECT_DOUBLE_EQ(tf.agreement[0], 0.625);
  EXPECT_EQ(tf.Of(0, 12345), 0.0) << "an unknown value has no frequency";
  EXPECT_TRUE(tf.frequency[1].empty()) << "phones are not adjusted";
  EXPECT_EQ(tf.Of(7, 1), 0.0) << "no such comparison";
}

// A hand-made model: prior 0.01; given name exact m 0.9 u 0.05, variant m 0.03 u 0.002, ...;
// phone exact m 0.8
// u 0.001, different m 0.2 u 0.999.
ComparisonParameters NameParameters(const std::string& name, bool term_frequency) {
  ComparisonParameters p;
  p.name = name;
  p.levels = {"missing", "exact", "d90", "d80", "d65", "swapped", "different"};
  p.m = {0, 0.9, 0.05, 0.02, 0.01, 0.01, 0.01};
  p.u = {0, 0.05, 0.01, 0.02, 0.04, 0.001, 0.879};
  if (name == "given_name") {  // the given name's variant level, after exact
    p.levels.insert(p.levels.begin() + 2, "variant");
    p.m.insert(p.m.begin() + 2, 0.03);
    p.u.insert(p.u.begin() + 2, 0.002);
  }
  p.exact_level = 1;
  p.term_frequency = term_frequency;
  return p;
}

FsModel HandModel(bool term_frequency) {
  FsModel model;
  model.prior = 0.01;
  ComparisonParameters phone;
  phone.name = "phone";
  phone.levels = {"missing", "exact", "different"};
  phone.m = {0, 0.8, 0.2};
  phone.u = {0, 0.001, 0.999};
  phone.exact_level = 1;
  model.comparisons = {NameParameters("given_name", term_frequency), phone};
  return model;
}

TEST(Score, IsThePriorPlusEachLevelsWeightWithTheNamesFrequencyForExactAgreement) {
  const LinkRecords records = NamedRecords();
  const Comparator comparator(records,
                              Comparisons({ComparisonKind::kGivenName, ComparisonKind::kPhone}));
  const TermFrequencies tf = CountTermFrequencies(comparator);
  const FsModel model = HandModel(true);
  const double prior = std::log2(0.01 / 0.99);
  EXPECT_NEAR(model.PriorWeight(), prior, 1e-12);

  // Records 0 and 1: name "A" exact, phones agree. The frequency adjusts exact agreement by
  // log2(agreement / f_A) = log2(0.625 / 0.75): agreeing on a common name says less.
  std::vector<ScoreTerm> terms;
  const Gamma gamma01 = comparator.Compare(0, 1);
  const double w01 = Score(model, comparator, tf, 0, 1, gamma01, &terms);
  EXPECT_NEAR(w01, prior + std::log2(0.9 / 0.05) + std::log2(0.625 / 0.75) + std::log2(0.8 / 0.001),
              1e-12);
  ASSERT_EQ(terms.size(), 2u);
  EXPECT_EQ(terms[0].level, 1);
  EXPECT_NEAR(terms[0].weight, std::log2(0.9 / 0.05), 1e-12);
  EXPECT_NEAR(terms[0].tf_adjustment, std::log2(0.625 / 0.75), 1e-12);
  EXPECT_EQ(terms[1].level, 1);
  EXPECT_NEAR(terms[1].weight, std::log2(0.8 / 0.001), 1e-12);
  EXPECT_EQ(terms[1].tf_adjustment, 0.0);
  double sum = model.PriorWeight();
  for (const ScoreTerm& t : terms) sum += t.weight + t.tf_adjustment;
  EXPECT_NEAR(sum, w01, 1e-12);

  // Records 0 and 2: exact name, phones differ.
  EXPECT_NEAR(Score(model, comparator, tf, 0, 2, comparator.Compare(0, 2)),
              prior + std::log2(0.9 / 0.05) + std::log2(0.625 / 0.75) + std::log2(0.2 / 0.999),
              1e-12);
  // Records 0 and 3: names "A" and "B" (filters 30 bits apart: different), phone missing.
  terms.clear();
  EXPECT_NEAR(Score(model, comparator, tf, 0, 3, comparator.Compare(0, 3), &terms),
              prior + std::log2(0.01 / 0.879), 1e-12);
  EXPECT_EQ(terms[1].level, 0);
  EXPECT_EQ(terms[1].weight, 0.0);
  // Records 3 and 4: name missing on one side, phone missing: the prior alone.
  EXPECT_NEAR(Score(model, comparator, tf, 3, 4, comparator.Compare(3, 4)), prior, 1e-12);

  // Without term frequencies the exact name weighs log2(m / u).
  EXPECT_NEAR(Score(HandModel(false), comparator, tf, 0, 1, gamma01),
              prior + std::log2(0.9 / 0.05) + std::log2(0.8 / 0.001), 1e-12);
}

// Given: A {1990, 1991}, B {1992}: f = 2/3, 1/3; agreement 5/9.
// Family: X {1990, 1991, 1992}, Y {1990}: f = 3/4, 1/4; agreement 5/8.
// Full name: AX {1990, 1991}, AY {1990}, BX {1992}: f_AX = 2/4, no more than
// f_A f_X = 1/2, so both names exact take only their own adjustments.
TEST(Score, BothNamesExactTakeEachNamesOwnAdjustment) {
  const LinkRecords records = Build({Person("0", 1, 3, 1990, 0), Person("1", 1, 3, 1991, 0),
                                     Person("2", 1, 4, 1990, 0), Person("3", 2, 3, 1992, 0)});
  const Comparator comparator(
      records, Comparisons({ComparisonKind::kGivenName, ComparisonKind::kFamilyName}));
  const TermFrequencies tf = CountTermFrequencies(comparator);
  EXPECT_DOUBLE_EQ(tf.agreement[0], 5.0 / 9);
  EXPECT_DOUBLE_EQ(tf.agreement[1], 5.0 / 8);
  FsModel model;
  model.prior = 0.5;
  model.comparisons = {NameParameters("given_name", true), NameParameters("family_name", true)};
  const double exact = std::log2(0.9 / 0.05);
  const double given_a = std::log2((5.0 / 9) / (2.0 / 3));
  const double family_x = std::log2((5.0 / 8) / (3.0 / 4));

  std::vector<ScoreTerm> terms;
  const double both = Score(model, comparator, tf, 0, 1, comparator.Compare(0, 1), &terms);
  EXPECT_NEAR(both, 2 * exact + given_a + family_x, 1e-12);
  EXPECT_NEAR(terms[0].tf_adjustment, given_a, 1e-12);
  EXPECT_NEAR(terms[1].tf_adjustment, family_x, 1e-12);

  // Given exact, family different: the given name's own frequency.
  EXPECT_NEAR(Score(model, comparator, tf, 0, 2, comparator.Compare(0, 2)),
              exact + given_a + std::log2(0.01 / 0.879), 1e-12);
  // Family exact, given different.
  EXPECT_NEAR(Score(model, comparator, tf, 0, 3, comparator.Compare(0, 3)),
              std::log2(0.01 / 0.879) + exact + family_x, 1e-12);
}

// Names that go together: A always with X, B always with Y. f_A = f_B = f_X = f_Y = 1/2,
// so each name's own adjustment is log2((1/2) / (1/2)) = 0; but AX is seen with two births
// of four (f_AX = 1/2) against 1/4 if the names were independent: one bit less.
TEST(Score, NamesMoreCommonTogetherThanApartLoseTheDifference) {
  const LinkRecords records = Build({Person("0", 1, 3, 1990, 0), Person("1", 1, 3, 1991, 0),
                                     Person("2", 2, 4, 1992, 0), Person("3", 2, 4, 1993, 0)});
  const Comparator comparator(
      records, Comparisons({ComparisonKind::kGivenName, ComparisonKind::kFamilyName}));
  const TermFrequencies tf = CountTermFrequencies(comparator);
  FsModel model;
  model.prior = 0.5;
  model.comparisons = {NameParameters("given_name", true), NameParameters("family_name", true)};
  const double exact = std::log2(0.9 / 0.05);
  std::vector<ScoreTerm> terms;
  const double both = Score(model, comparator, tf, 0, 1, comparator.Compare(0, 1), &terms);
  EXPECT_NEAR(terms[0].tf_adjustment, 0.0, 1e-12);
  EXPECT_NEAR(terms[1].tf_adjustment, -1.0, 1e-12);
  EXPECT_NEAR(both, 2 * exact - 1.0, 1e-12);
}

// Agreeing on a common value says less than the average agreement, on a rare one more:
// f_A = 3/4 > 5/8 gives a negative adjustment; with "B" born 1990 and 1999 against "A"
// born 1990..1993, f_B = 1/3 < agreement 5/9 a positive one.
TEST(Score, TheAdjustmentLowersCommonValuesAndRaisesRareOnes) {
  const LinkRecords records = NamedRecords();
  const Comparator comparator(records, Comparisons({ComparisonKind::kGivenName}));
  const TermFrequencies tf = CountTermFrequencies(comparator);
  FsModel model;
  model.prior = 0.5;
  model.comparisons = {NameParameters("given_name", true)};
  const Record extra = Person("6", 2, 0, 1999, 0);
  std::vector<ScoreTerm> common;
  (void)Score(model, comparator, tf, 0, 1, comparator.Compare(0, 1), &common);
  EXPECT_LT(common[0].tf_adjustment, 0);
  // "B" against itself: rare, so positive.
  const LinkRecords with_b =
      Build({Person("3", 2, 0, 1990, 0), extra, Person("0", 1, 0, 1990, 0),
             Person("1", 1, 0, 1991, 0), Person("2", 1, 0, 1992, 0), Person("7", 1, 0, 1993, 0)});
  const Comparator c2(with_b, Comparisons({ComparisonKind::kGivenName}));
  const TermFrequencies tf2 = CountTermFrequencies(c2);
  std::vector<ScoreTerm> rare;
  (void)Score(model, c2, tf2, 0, 1, c2.Compare(0, 1), &rare);
  EXPECT_GT(rare[0].tf_adjustment, 0);
}

TEST(Score, WaterfallSumsToTheScoreOnRealEncodings) {
  // Made-up people encoded as ingest does, scored with a model from EstimateU.
  fixtures::PopulationOptions options;
  options.people = 40;
  const fixtures::Population population = fixtures::SimulatePopulation(options);
  const LinkRecords records = Build(population.records);
  const Comparator comparator(records, DefaultLinkConfig());
  const TermFrequencies tf = CountTermFrequencies(comparator);
  FsModel model = EstimateU(comparator, 100'000, 3);
  model.prior = 0.003;
  int exact_names = 0;
  for (std::uint32_t a = 0; a < records.size; ++a) {
    for (std::uint32_t b = a + 1; b < records.size; ++b) {
      std::vector<ScoreTerm> terms;
      const double score = Score(model, comparator, tf, a, b, comparator.Compare(a, b), &terms);
      double sum = model.PriorWeight();
      for (const ScoreTerm& t : terms) {
        sum += t.weight + t.tf_adjustment;
        EXPECT_EQ(t.weight, model.LevelWeight(t.comparison, t.level));
        if (t.tf_adjustment != 0) ++exact_names;
      }
      ASSERT_EQ(terms.size(), 13u);
      ASSERT_NEAR(score, sum, 1e-12) << a << ", " << b;
    }
  }
  EXPECT_GT(exact_names, 0) << "some pairs should agree exactly on a name";
}

// Adjustments worked out per record beforehand give the very scores of the lookups.
TEST(Scorer, PrecomputedAdjustmentsGiveTheSameScores) {
  fixtures::PopulationOptions options;
  options.people = 60;
  options.seed = 11;
  const fixtures::Population population = fixtures::SimulatePopulation(options);
  const LinkRecords records = Build(population.records);
  const Comparator comparator(records, DefaultLinkConfig());
  const TermFrequencies tf = CountTermFrequencies(comparator);
  FsModel model = EstimateU(comparator, 100'000, 3);
  model.prior = 0.003;
  const Scorer looked_up(model, comparator, tf);
  Scorer precomputed(model, comparator, tf);
  precomputed.PrecomputePerRecord();
  int adjusted = 0;
  for (std::uint32_t a = 0; a < records.size; ++a) {
    for (std::uint32_t b = a + 1; b < records.size; ++b) {
      const Gamma gamma = comparator.Compare(a, b);
      std::vector<ScoreTerm> terms;
      ASSERT_EQ(precomputed.Score(a, gamma, &terms), looked_up.Score(a, gamma)) << a << ", " << b;
      for (const ScoreTerm& t : terms) adjusted += t.tf_adjustment != 0 ? 1 : 0;
    }
  }
  EXPECT_GT(adjusted, 0);
}

TEST(LevelWeight, IsLogTwoOfMOverUAndZeroWhenMissing) {
  const FsModel model = HandModel(true);
  EXPECT_EQ(model.LevelWeight(0, 0), 0.0);
  EXPECT_NEAR(model.LevelWeight(0, 7), std::log2(0.01 / 0.879), 1e-12);
  EXPECT_NEAR(model.LevelWeight(0, 2), std::log2(0.03 / 0.002), 1e-12);  // variant
  EXPECT_NEAR(model.LevelWeight(1, 1), std::log2(800.0), 1e-12);
  FsModel zero = model;
  zero.comparisons[1].m[2] = 0;
  EXPECT_TRUE(std::isfinite(zero.LevelWeight(1, 2))) << "an m of 0 must not give -infinity";
}

TEST(PriorWeight, IsTheLogOddsOfThePrior) {
  FsModel model;
  model.prior = 0.2;
  EXPECT_NEAR(model.PriorWeight(), -2.0, 1e-12);
  model.prior = 0.5;
  EXPECT_NEAR(model.PriorWeight(), 0.0, 1e-12);
  model.prior = 0;
  EXPECT_TRUE(std::isfinite(model.PriorWeight()));
}

TEST(MatchProbability, IsTheLogisticOfTheWeightInBits) {
  EXPECT_DOUBLE_EQ(MatchProbability(0), 0.5);
  EXPECT_NEAR(MatchProbability(1), 2.0 / 3, 1e-15);
  EXPECT_NEAR(MatchProbability(-2), 0.2, 1e-15);
  EXPECT_NEAR(MatchProbability(std::log2(0.95 / 0.05)), 0.95, 1e-12);
  EXPECT_GT(MatchProbability(60), 0.999999);
  EXPECT_LT(MatchProbability(-60), 1e-15);
}

}  // namespace
}  // namespace zicht::link
