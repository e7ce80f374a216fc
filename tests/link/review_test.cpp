// The clerical review: the sampler's design, the estimate against hand computations, the
// import's validation, and the labels in the linkage (kept across relinking and re-ingest,
// a non-match keeping its records apart). Records are hand-made or simulated made-up people.
#include "zicht/link/review.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <set>

#include "link_fixtures.hpp"
#include "support/test_support.hpp"
#include "zicht/link/link.hpp"

namespace zicht::link {
namespace {

using fixtures::EmptyRecord;

// ----- the sampler --------------------------------------------------------------------------

// 1,000 pairs: weights spread evenly over [-2, 30) bits, linked from 0 bits up.
std::vector<SamplingUnit> SpreadUnits() {
  std::vector<SamplingUnit> units;
  for (int i = 0; i < 1000; ++i) {
    const double weight = -2.0 + 32.0 * i / 1000.0;
    units.push_back({weight, std::exp2(weight) / (1 + std::exp2(weight)), weight >= 0});
  }
  return units;
}

TEST(ReviewSample, TakesTheLeastSureWholeAndSamplesTheRestByStratum) {
  const auto units = SpreadUnits();
  const double threshold = 0.9;  // bits
  const auto sample = DrawReviewSample(units, threshold, 40, 5);
  ASSERT_EQ(sample.size(), 40u);
  // The boundary: the 20 pairs nearest 0.9 bits, counted here by brute force.
  std::vector<std::pair<double, std::size_t>> distance;
  for (std::size_t i = 0; i < units.size(); ++i) {
    distance.emplace_back(std::abs(units[i].weight - threshold), i);
  }
  std::sort(distance.begin(), distance.end());
  std::set<std::size_t> nearest;
  for (std::size_t k = 0; k < 20; ++k) nearest.insert(distance[k].second);
  std::set<std::size_t> boundary;
  std::map<std::string, std::int64_t> sampled;
  std::set<std::size_t> seen;
  for (const SampledUnit& s : sample) {
    EXPECT_TRUE(seen.insert(s.unit).second) << "a pair twice";
    ++sampled[s.stratum];
    if (s.stratum == kBoundaryStratum) {
      boundary.insert(s.unit);
      EXPECT_EQ(s.inclusion_probability, 1.0);
      EXPECT_EQ(s.stratum_pairs, 20);
    }
  }
  EXPECT_EQ(boundary, nearest);
  // The other strata: their sizes counted here from the units outside the boundary.
  std::map<std::string, std::int64_t> size;
  for (std::size_t i = 0; i < units.size(); ++i) {
    if (!nearest.contains(i)) ++size[StratumOf(units[i])];
  }
  for (const SampledUnit& s : sample) {
    if (s.stratum == kBoundaryStratum) continue;
    EXPECT_EQ(s.stratum_pairs, size.at(s.stratum)) << s.stratum;
    EXPECT_EQ(s.stratum_sampled, sampled.at(s.stratum));
    EXPECT_DOUBLE_EQ(s.inclusion_probability,
                     static_cast<double>(sampled.at(s.stratum)) / size.at(s.stratum));
    EXPECT_EQ(StratumOf(units[s.unit]), s.stratum);
  }
  // Proportional allocation of the other 20 over 980 pairs: every stratum gets its share
  // rounded one way or the other, and at least one.
  for (const auto& [name, n] : size) {
    const double share = 20.0 * n / 980.0;
    EXPECT_GE(sampled[name], std::max<std::int64_t>(1, static_cast<std::int64_t>(share) - 1))
        << name;
    EXPECT_LE(sampled[name], static_cast<std::int64_t>(std::ceil(share)) + 1) << name;
  }
}

TEST(ReviewSample, IsTheSameForTheSameSeedAndDiffersForAnother) {
  const auto units = SpreadUnits();
  const auto first = DrawReviewSample(units, 0.9, 40, 5);
  const auto again = DrawReviewSample(units, 0.9, 40, 5);
  const auto other = DrawReviewSample(units, 0.9, 40, 6);
  const auto ids = [](const std::vector<SampledUnit>& s) {
    std::vector<std::size_t> out;
    for (const auto& u : s) out.push_back(u.unit);
    return out;
  };
  EXPECT_EQ(ids(first), ids(again));
  EXPECT_NE(ids(first), ids(other));
}

TEST(ReviewSample, ACountAboveThePairsTakesEveryPairWithCertainty) {
  const std::vector<SamplingUnit> units = {{1, 0.6, true}, {-1, 0.3, false}, {9, 0.998, true}};
  const auto sample = DrawReviewSample(units, 0.0, 10, 1);
  ASSERT_EQ(sample.size(), 3u);
  for (const SampledUnit& s : sample) EXPECT_EQ(s.inclusion_probability, 1.0) << s.stratum;
  EXPECT_TRUE(DrawReviewSample({}, 0.0, 10, 1).empty());
}

// ----- the estimate -------------------------------------------------------------------------

TEST(ReviewEstimate, EqualWeightsGiveThePlainWilsonInterval) {
  // 8 of 10, z = 1.96: centre (0.8 + z^2/20) / (1 + z^2/10), half width
  // z / (1 + z^2/10) * sqrt(0.8 * 0.2 / 10 + z^2 / 400): 0.49016 to 0.94332.
  const std::vector<double> weights(10, 7.0);
  std::vector<bool> hit(10, true);
  hit[3] = hit[7] = false;
  const ProportionEstimate p = WeightedWilson(weights, hit);
  ASSERT_TRUE(p.defined);
  EXPECT_DOUBLE_EQ(p.estimate, 0.8);
  EXPECT_NEAR(p.effective_n, 10.0, 1e-12);
  EXPECT_NEAR(p.lower, 0.4901625, 1e-6);
  EXPECT_NEAR(p.upper, 0.9433178, 1e-6);
}

TEST(ReviewEstimate, UnequalWeightsUseKishsEffectiveSize) {
  // Weights 1, 1, 3, 3, the second a miss: p = 7/8, n = 8^2 / 20 = 3.2; Wilson at 3.2:
  // 0.35179 to 0.98905.
  const ProportionEstimate p = WeightedWilson({1, 1, 3, 3}, {true, false, true, true});
  EXPECT_DOUBLE_EQ(p.estimate, 0.875);
  EXPECT_NEAR(p.effective_n, 3.2, 1e-12);
  EXPECT_NEAR(p.lower, 0.3517930, 1e-6);
  EXPECT_NEAR(p.upper, 0.9890455, 1e-6);
  EXPECT_FALSE(WeightedWilson({}, {}).defined);
}

TEST(ReviewEstimate, PrecisionAndRecallAgainstAHandComputation) {
  // boundary: N 4, all four reviewed (weight 1); linked-high: N 90, three reviewed (weight
  // 30); unlinked-low: N 6, two reviewed (weight 3). {match, linked} per pair.
  std::vector<ReviewedPair> pairs = {
      {"boundary", 4, true, true},      {"boundary", 4, false, true},
      {"boundary", 4, true, false},     {"boundary", 4, false, false},
      {"linked-high", 90, true, true},  {"linked-high", 90, true, true},
      {"linked-high", 90, false, true}, {"unlinked-low", 6, false, false},
      {"unlinked-low", 6, true, false}};
  const ReviewEstimate e = EstimateFromReview(pairs);
  EXPECT_EQ(e.reviewed, 9);
  EXPECT_EQ(e.matches, 5);
  EXPECT_EQ(e.strata, 3);
  EXPECT_EQ(e.pairs_represented, 100);
  // Matches: 4 * 2/4 + 90 * 2/3 + 6 * 1/2 = 65.
  EXPECT_NEAR(e.estimated_matches, 65.0, 1e-9);
  // Precision over the linked: weights 1, 1, 30, 30, 30, matches 1 + 60 of 92; Kish
  // n = 92^2 / (1 + 1 + 3 * 900) = 3.13249; Wilson 0.21112 to 0.93535.
  EXPECT_NEAR(e.precision.estimate, 61.0 / 92.0, 1e-12);
  EXPECT_NEAR(e.precision.effective_n, 8464.0 / 2702.0, 1e-9);
  EXPECT_NEAR(e.precision.lower, 0.2111152, 1e-6);
  EXPECT_NEAR(e.precision.upper, 0.9353534, 1e-6);
  EXPECT_EQ(e.precision.pairs, 5);
  // Recall over the matches: weights 1, 1, 30, 30, 3, linked 1 + 60 of 65; Kish
  // n = 65^2 / 1811 = 2.33297; Wilson 0.33349 to 0.99785.
  EXPECT_NEAR(e.recall.estimate, 61.0 / 65.0, 1e-12);
  EXPECT_NEAR(e.recall.effective_n, 4225.0 / 1811.0, 1e-9);
  EXPECT_NEAR(e.recall.lower, 0.3334864, 1e-6);
  EXPECT_NEAR(e.recall.upper, 0.9978532, 1e-6);
}

TEST(ReviewEstimate, TheSummaryUsesTheLatestSampleAndOnlyItsReviewedPairs) {
  std::vector<store::ReviewLabel> labels(5);
  for (std::size_t i = 0; i < labels.size(); ++i) {
    labels[i].record_a = "A" + std::to_string(i);
    labels[i].stratum = "linked-high";
    labels[i].stratum_pairs = 10;
    labels[i].model_linked = true;
    labels[i].sample = "new";
    labels[i].import_id = 2;
  }
  labels[0].sample = "old";  // an earlier export's label: fixes its pair, left out here
  labels[0].import_id = 1;
  labels[0].decision = "non-match";
  labels[1].decision = "match";
  labels[2].decision = "non-match";
  labels[3].decision = "unsure";
  labels[4].decision = "match";
  labels[4].model_linked.reset();  // its records were not both linked
  const ReviewSummary s = SummariseReview(labels);
  EXPECT_EQ(s.labels, 5);
  EXPECT_EQ(s.matches, 2);
  EXPECT_EQ(s.non_matches, 2);
  EXPECT_EQ(s.unsure, 1);
  EXPECT_EQ(s.sample, "new");
  EXPECT_EQ(s.sample_labels, 4);
  EXPECT_EQ(s.other_sample_labels, 1);
  EXPECT_EQ(s.without_decision, 1);
  EXPECT_EQ(s.estimate.reviewed, 2);  // labels 1 and 2
  EXPECT_DOUBLE_EQ(s.estimate.precision.estimate, 0.5);
}

// ----- the labels in the clustering ---------------------------------------------------------

TEST(ReviewClustering, ANonMatchKeepsItsRecordsApartWhateverChainsThemAndAMatchJoins) {
  // Records 0-1-2 chained by strong edges, 0-2 strong too; 3 and 4 with no edge at all.
  const std::vector<Edge> edges = {{0, 1, 20}, {1, 2, 19}, {0, 2, 18}};
  IndexedReview review;
  review.labels.resize(2);
  review.labels[0].decision = "non-match";
  review.labels[1].decision = "match";
  review.index = {std::make_pair(0u, 2u), std::make_pair(3u, 4u)};
  review.design_weight = {0, 0};
  ClusterOptions options;
  options.min_weight = 0;
  options.guard_personal_id = false;
  ReviewOutcome outcome;
  const Clustering c =
      ClusterWithReview(5, edges, std::vector<std::uint64_t>(5, 0), options, review, outcome);
  EXPECT_NE(c.cluster_of[0], c.cluster_of[2]);
  EXPECT_EQ(c.cluster_of[3], c.cluster_of[4]);
  EXPECT_GE(c.refused_cannot_link, 1);
  // The model's own decisions, without the labels: 0 and 2 together, 3 and 4 apart.
  ASSERT_EQ(outcome.decided.size(), 2u);
  EXPECT_EQ(outcome.decided[0].model_linked, std::optional<bool>(true));
  EXPECT_EQ(outcome.decided[1].model_linked, std::optional<bool>(false));
  EXPECT_EQ(outcome.must_links, 1);
  EXPECT_EQ(outcome.cannot_links, 1);
  EXPECT_EQ(outcome.must_links_refused, 0);
}

TEST(ReviewClustering, AMatchThatContradictsANonMatchIsRefused) {
  // Labels say 0 = 1 and 1 = 2 but 0 != 2: the second match cannot be had.
  IndexedReview review;
  review.labels.resize(3);
  review.labels[0].decision = "non-match";
  review.labels[1].decision = "match";
  review.labels[2].decision = "match";
  review.index = {std::make_pair(0u, 2u), std::make_pair(0u, 1u), std::make_pair(1u, 2u)};
  review.design_weight = {0, 0, 0};
  ReviewOutcome outcome;
  const Clustering c =
      ClusterWithReview(3, {}, std::vector<std::uint64_t>(3, 0), ClusterOptions{}, review, outcome);
  EXPECT_EQ(c.cluster_of[0], c.cluster_of[1]);
  EXPECT_NE(c.cluster_of[0], c.cluster_of[2]);
  EXPECT_EQ(outcome.must_links_refused, 1);
}

// ----- the import ---------------------------------------------------------------------------

class ReviewImportTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = store::CreateSqliteStore(dir_ / "r.db");
    ASSERT_TRUE(created.ok()) << created.status().message();
    store_ = std::move(*created);
    std::vector<Record> records;
    for (const char* id : {"P-1", "P-2", "P-3"}) records.push_back(EmptyRecord("police", id));
    for (const char* id : {"S-1", "S-2"}) records.push_back(EmptyRecord("shelter", id));
    ASSERT_TRUE(fixtures::StoreRecords(*store_, records).ok());
  }

  static std::string Header() {
    return "pair_id,sample,source_a,record_id_a,source_b,record_id_b,probability,weight,"
           "above_threshold,same_person,stratum,stratum_pairs,inclusion_probability,"
           "name_level,name_weight,decision\n";
  }
  static std::string Row(int id, const std::string& a, const std::string& b,
                         const std::string& decision, const std::string& stratum = "boundary",
                         const std::string& size = "4", const std::string& inclusion = "1") {
    const auto colon_a = a.find(':');
    const auto colon_b = b.find(':');
    return fmt::format("{},s1,{},{},{},{},0.5,0.0,no,no,{},{},{},exact,3.2,{}\n", id,
                       a.substr(0, colon_a), a.substr(colon_a + 1), b.substr(0, colon_b),
                       b.substr(colon_b + 1), stratum, size, inclusion, decision);
  }

  Result<ReviewImportResult> Import(const std::string& name, const std::string& content) {
    testing::WriteFile(dir_ / name, content);
    return ImportReviewDecisions(*store_, dir_ / name, "sha-of-" + content);
  }

  std::vector<store::ReviewLabel> Labels() {
    auto labels = store_->ReviewLabels();
    EXPECT_TRUE(labels.ok());
    return labels.ok() ? *labels : std::vector<store::ReviewLabel>{};
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
};

TEST_F(ReviewImportTest, StoresDecisionsKeyedByRecordIdsAndSkipsEmptyOnes) {
  auto imported = Import("d.csv", Header() + Row(1, "shelter:S-1", "police:P-1", "match") +
                                      Row(2, "police:P-2", "police:P-3", "Non-Match ") +
                                      Row(3, "police:P-1", "police:P-3", "unsure") +
                                      Row(4, "police:P-1", "shelter:S-2", ""));
  ASSERT_TRUE(imported.ok()) << imported.status().message();
  EXPECT_EQ(imported->import.rows, 4);
  EXPECT_EQ(imported->import.labels_written, 3);
  EXPECT_EQ(imported->undecided, 1);
  const auto labels = Labels();
  ASSERT_EQ(labels.size(), 3u);
  // Ordered keys: police:P-1 before shelter:S-1, whichever way round the row had them.
  EXPECT_EQ(labels[0].source_a, "police");
  EXPECT_EQ(labels[0].record_a, "P-1");
  EXPECT_EQ(labels[0].source_b, "police");
  EXPECT_EQ(labels[0].record_b, "P-3");
  EXPECT_EQ(labels[0].decision, "unsure");
  EXPECT_EQ(labels[1].source_a, "police");
  EXPECT_EQ(labels[1].record_a, "P-1");
  EXPECT_EQ(labels[1].source_b, "shelter");
  EXPECT_EQ(labels[1].record_b, "S-1");
  EXPECT_EQ(labels[1].decision, "match");
  EXPECT_EQ(labels[1].stratum, "boundary");
  EXPECT_EQ(labels[1].stratum_pairs, 4);
  EXPECT_EQ(labels[2].record_a, "P-2");
  EXPECT_EQ(labels[2].decision, "non-match");
  EXPECT_FALSE(labels[1].model_linked.has_value());  // the store was never linked
}

TEST_F(ReviewImportTest, AReImportWritesNothingTwiceAndALaterDecisionReplacesTheEarlier) {
  const std::string first = Header() + Row(1, "police:P-1", "shelter:S-1", "match") +
                            Row(2, "police:P-2", "shelter:S-2", "non-match");
  ASSERT_TRUE(Import("d.csv", first).ok());
  auto again = Import("d.csv", first);
  ASSERT_TRUE(again.ok());
  EXPECT_TRUE(again->already_imported);
  auto imports = store_->ReviewImports();
  ASSERT_TRUE(imports.ok());
  EXPECT_EQ(imports->size(), 1u);
  // Another file: one decision changed, one the same (not written again).
  auto later = Import("e.csv", Header() + Row(1, "police:P-1", "shelter:S-1", "non-match") +
                                   Row(2, "police:P-2", "shelter:S-2", "non-match"));
  ASSERT_TRUE(later.ok()) << later.status().message();
  EXPECT_FALSE(later->already_imported);
  EXPECT_EQ(later->import.labels_written, 1);
  const auto labels = Labels();
  ASSERT_EQ(labels.size(), 2u);
  EXPECT_EQ(labels[0].decision, "non-match");
  EXPECT_EQ(labels[0].import_id, later->import.import_id);
  EXPECT_EQ(labels[1].import_id, imports->front().import_id);
}

TEST_F(ReviewImportTest, EveryBadRowIsNamedWithoutItsValueAndNothingIsWritten) {
  const std::string content =
      Header() + Row(1, "police:P-1", "shelter:S-1", "perhaps-zq") +          // row 2
      Row(2, "police:P-2", "shelter:S-2", "match", "boundary", "many") +      // row 3
      Row(3, "police:P-3", "shelter:S-2", "match", "boundary", "4", "1.5") +  // row 4
      Row(4, "police:P-1", "police:P-1", "match") +                           // row 5
      Row(5, "shelter:S-1", "police:P-2", "match") +                          // row 6
      Row(6, "police:P-2", "shelter:S-1", "non-match") +                      // row 7: twice
      Row(7, "police:P-3", "shelter:S-1", "match", "boundary", "5") +  // row 8: not 4 as row 6
      "8,s1,police\n";                                                 // row 9
  auto imported = Import("bad.csv", content);
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().code(), StatusCode::kInvalidData);
  const std::string& m = imported.status().message();
  for (const char* expected :
       {"bad.csv:2:decision: must be match, non-match, unsure or empty",
        "bad.csv:3:stratum_pairs: must be a whole number", "bad.csv:4:inclusion_probability",
        "bad.csv:5:record_id_b: the same record",
        "bad.csv:7:record_id_b: the pair is listed "
        "twice, first at row 6",
        "bad.csv:8:stratum_pairs: differs from row 6", "bad.csv:9:", "nothing was imported"}) {
    EXPECT_NE(m.find(expected), std::string::npos) << expected << "\n" << m;
  }
  EXPECT_EQ(m.find("perhaps-zq"), std::string::npos) << m;
  EXPECT_EQ(m.find("many"), std::string::npos) << m;
  EXPECT_TRUE(Labels().empty());
  auto imports = store_->ReviewImports();
  ASSERT_TRUE(imports.ok());
  EXPECT_TRUE(imports->empty());
}

TEST_F(ReviewImportTest, AnUnknownPairIsRefusedAndNamed) {
  auto imported = Import("u.csv", Header() + Row(1, "police:P-1", "shelter:S-1", "match") +
                                      Row(2, "police:P-9", "shelter:S-1", "match"));
  ASSERT_FALSE(imported.ok());
  EXPECT_EQ(imported.status().code(), StatusCode::kNotFound);
  EXPECT_NE(imported.status().message().find("u.csv:3:record_id_a: no record of source_a"),
            std::string::npos)
      << imported.status().message();
  EXPECT_EQ(imported.status().message().find("P-9"), std::string::npos);
  EXPECT_TRUE(Labels().empty());
}

TEST_F(ReviewImportTest, AMissingColumnIsNamed) {
  auto imported = Import("m.csv", "pair_id,sample,source_a,record_id_a\n1,s1,police,P-1\n");
  ASSERT_FALSE(imported.ok());
  EXPECT_NE(imported.status().message().find("m.csv:1:source_b: missing from the header"),
            std::string::npos)
      << imported.status().message();
}

// ----- the labels in the linkage, across relinking and re-ingest ----------------------------

TEST(ReviewLinkage, LabelsFixTheirPairsAcrossRelinkingAndReIngest) {
  fixtures::PopulationOptions options;
  options.people = 150;
  options.seed = 17;
  const fixtures::Population population = fixtures::SimulatePopulation(options);
  testing::TempDir dir;
  auto created = store::CreateSqliteStore(dir / "l.db");
  ASSERT_TRUE(created.ok());
  store::Store& store = **created;
  ASSERT_TRUE(fixtures::StoreRecords(store, population.records).ok());
  ASSERT_TRUE(LinkStore(store, DefaultLinkConfig()).ok());

  // One pair the linkage joined and one it did not, both of one true person (by the
  // simulation): the reviewer calls the first two persons, the second one.
  const auto person = [&](const Record& r) {
    return (*store.FindRecord(r.source, r.source_record_id))->person_id;
  };
  const Record* joined[2] = {nullptr, nullptr};
  const Record* apart[2] = {nullptr, nullptr};
  const auto& rs = population.records;
  for (std::size_t i = 0; i < rs.size() && (joined[0] == nullptr || apart[0] == nullptr); ++i) {
    for (std::size_t j = i + 1; j < rs.size(); ++j) {
      if (population.entity[i] != population.entity[j]) continue;
      const bool same = person(rs[i]) == person(rs[j]);
      if (same && joined[0] == nullptr) joined[0] = &rs[i], joined[1] = &rs[j];
      if (!same && apart[0] == nullptr) apart[0] = &rs[i], apart[1] = &rs[j];
    }
  }
  ASSERT_NE(joined[0], nullptr);
  ASSERT_NE(apart[0], nullptr) << "the linkage found every pair of this world";
  const auto label = [](const Record* a, const Record* b, const char* decision) {
    store::ReviewLabel l;
    l.source_a = a->source;
    l.record_a = a->source_record_id;
    l.source_b = b->source;
    l.record_b = b->source_record_id;
    if (std::tie(l.source_b, l.record_b) < std::tie(l.source_a, l.record_a)) {
      std::swap(l.source_a, l.source_b);
      std::swap(l.record_a, l.record_b);
    }
    l.decision = decision;
    l.sample = "s";
    l.stratum = "boundary";
    l.stratum_pairs = 2;
    l.inclusion_probability = 1;
    return l;
  };
  ASSERT_TRUE(store.Begin().ok());
  store::ReviewImport import;
  import.file_name = "d.csv";
  import.content_sha256 = "x";
  ASSERT_TRUE(store
                  .WriteReviewLabels(import, {label(joined[0], joined[1], "non-match"),
                                              label(apart[0], apart[1], "match")})
                  .ok());
  ASSERT_TRUE(store.Commit().ok());

  for (int run = 0; run < 2; ++run) {
    auto linked = LinkStore(store, DefaultLinkConfig());
    ASSERT_TRUE(linked.ok()) << linked.status().message();
    ASSERT_TRUE(linked->link.review.has_value());
    EXPECT_EQ(linked->link.review->applied, 2);
    EXPECT_NE(person(*joined[0]), person(*joined[1])) << "run " << run;
    EXPECT_EQ(person(*apart[0]), person(*apart[1])) << "run " << run;
  }
  // The linkage's own decisions are kept with the labels: joined, and not joined.
  auto labels = store.ReviewLabels();
  ASSERT_TRUE(labels.ok());
  for (const store::ReviewLabel& l : *labels) {
    ASSERT_TRUE(l.model_linked.has_value());
    EXPECT_EQ(*l.model_linked, l.decision == "non-match") << l.decision;
  }

  // Re-ingest: every record retired and loaded again under new store ids.
  auto log = store.IngestLog();
  ASSERT_TRUE(log.ok());
  for (const store::IngestLogEntry& entry : *log) {
    ASSERT_TRUE(store.Begin().ok());
    ASSERT_TRUE(store.RetireIngest(entry.ingest_id).ok());
    ASSERT_TRUE(store.Commit().ok());
  }
  ASSERT_TRUE(fixtures::StoreRecords(store, population.records, "b").ok());
  auto relinked = LinkStore(store, DefaultLinkConfig());
  ASSERT_TRUE(relinked.ok());
  ASSERT_TRUE(relinked->link.review.has_value());
  EXPECT_EQ(relinked->link.review->applied, 2);
  EXPECT_NE(person(*joined[0]), person(*joined[1]));
  EXPECT_EQ(person(*apart[0]), person(*apart[1]));
}

TEST(ReviewLinkage, EnoughLabelledMatchesGiveMAndThePrior) {
  fixtures::PopulationOptions options;
  options.people = 200;
  options.seed = 23;
  const fixtures::Population population = fixtures::SimulatePopulation(options);
  const LinkRecords records = fixtures::Build(population.records);
  const LinkConfig config = DefaultLinkConfig();
  const LinkResult plain = LinkInMemory(records, config);
  // Every kept pair labelled from the simulation's truth, as one census stratum.
  std::vector<store::ReviewLabel> labels;
  std::int64_t matches = 0;
  for (const ScoredIndexPair& p : plain.kept_pairs) {
    store::ReviewLabel l;
    l.source_a = records.source[p.a];
    l.record_a = records.source_record_id[p.a];
    l.source_b = records.source[p.b];
    l.record_b = records.source_record_id[p.b];
    const bool match = population.entity[p.a] == population.entity[p.b];
    matches += match;
    l.decision = match ? "match" : "non-match";
    l.sample = "all";
    l.stratum = "census";
    l.stratum_pairs = static_cast<std::int64_t>(plain.kept_pairs.size());
    l.inclusion_probability = 1;
    l.import_id = 1;
    labels.push_back(l);
  }
  ASSERT_GE(matches, kMinReviewMatches);
  const IndexedReview review = IndexReviewLabels(records, labels);
  const LinkResult labelled = LinkInMemory(records, config, {}, nullptr, &review);
  const auto session =
      std::find_if(labelled.model.sessions.begin(), labelled.model.sessions.end(),
                   [](const TrainingSession& s) { return s.rule == kReviewSession; });
  ASSERT_NE(session, labelled.model.sessions.end());
  EXPECT_EQ(session->pairs, static_cast<std::int64_t>(labels.size()));
  EXPECT_NE(std::find(session->estimated.begin(), session->estimated.end(), "prior"),
            session->estimated.end());
  // A census: the expected matches are the labelled matches.
  EXPECT_NEAR(labelled.model.expected_matches, static_cast<double>(matches), 1e-9);
  // m of the date of birth's exact level is its share among the labelled matches with a
  // date on both sides, counted here from the comparison vectors (half a pair per level).
  const Comparator comparator(records, config);
  std::size_t dob = 0;
  while (labelled.model.comparisons[dob].name != "date_of_birth") ++dob;
  const auto& levels = labelled.model.comparisons[dob].levels;
  std::vector<double> count(levels.size(), 0);
  for (const ScoredIndexPair& p : plain.kept_pairs) {
    if (population.entity[p.a] != population.entity[p.b]) continue;
    ++count[static_cast<std::size_t>(LevelOf(comparator.Compare(p.a, p.b), dob))];
  }
  double present = 0;
  for (std::size_t l = 1; l < count.size(); ++l) present += count[l];
  const int exact = labelled.model.comparisons[dob].exact_level;
  ASSERT_GT(exact, 0);
  EXPECT_NEAR(labelled.model.comparisons[dob].m[static_cast<std::size_t>(exact)],
              (count[static_cast<std::size_t>(exact)] + 0.5) / (present + 0.5 * (count.size() - 1)),
              1e-9);
  // Every labelled pair is decided as labelled.
  for (const ScoredIndexPair& p : plain.kept_pairs) {
    EXPECT_EQ(labelled.clustering.cluster_of[p.a] == labelled.clustering.cluster_of[p.b],
              population.entity[p.a] == population.entity[p.b]);
  }
}

}  // namespace
}  // namespace zicht::link
