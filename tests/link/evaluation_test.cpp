#include "zicht/link/evaluation.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <random>
#include <string>
#include <vector>

namespace zicht::link {
namespace {

namespace fs = std::filesystem;

// Measures are ratios of small integers; they should agree to rounding.
constexpr double kTolerance = 1e-12;

// A fresh folder under the system's temporary directory, removed with its files. Kept
// here rather than in tests/support so this test builds with the link stage alone.
class ScratchDir {
 public:
  ScratchDir() {
    static std::atomic<int> counter{0};
    std::random_device random;
    path_ = fs::temp_directory_path() /
            ("zicht-evaluation-test-" + std::to_string(random()) + "-" + std::to_string(counter++));
    fs::create_directories(path_);
  }
  ~ScratchDir() {
    std::error_code ignored;
    fs::remove_all(path_, ignored);
  }
  ScratchDir(const ScratchDir&) = delete;
  ScratchDir& operator=(const ScratchDir&) = delete;

  // Writes `content` byte for byte (no newline translation) and returns the path.
  fs::path Write(const std::string& name, const std::string& content) const {
    const fs::path path = path_ / name;
    std::ofstream out(path, std::ios::binary);
    out << content;
    return path;
  }
  const fs::path& path() const { return path_; }

 private:
  fs::path path_;
};

// Truth and linkage from compact descriptions: every record in source "s".
TruthMap Truth(const std::vector<std::pair<std::string, std::string>>& id_entity) {
  TruthMap truth;
  for (const auto& [id, entity] : id_entity) truth[{"s", id}] = entity;
  return truth;
}

std::vector<LinkedRecord> Linked(const std::vector<std::pair<std::string, std::int64_t>>& ids) {
  std::vector<LinkedRecord> linked;
  for (const auto& [id, cluster] : ids) linked.push_back({{"s", id}, cluster});
  return linked;
}

// ---- Evaluate ----------------------------------------------------------------------

// Truth {a,b,c} = 1, {d,e} = 2; clusters {a,b}, {c,d,e}.
// Cells: (X,1) = 2, (Y,1) = 1, (Y,2) = 2.
// Pairs: TP = C(2,2) + C(1,2) + C(2,2) = 2; predicted = C(2,2) + C(3,2) = 4;
// true = C(3,2) + C(2,2) = 4. So P = R = F1 = 1/2.
// B-cubed precision per record: a, b 2/2; c 1/3; d, e 2/3 -> (2 + 1/3 + 4/3) / 5 = 11/15.
// B-cubed recall per record: a, b 2/3; c 1/3; d, e 2/2 -> (4/3 + 1/3 + 2) / 5 = 11/15.
// No entity is one cluster alone: entity 1 is split, entity 2 shares with c.
TEST(Evaluate, HandWorkedExampleMatchesCountsByHand) {
  const TruthMap truth = Truth({{"a", "1"}, {"b", "1"}, {"c", "1"}, {"d", "2"}, {"e", "2"}});
  const Evaluation ev =
      Evaluate(Linked({{"a", 10}, {"b", 10}, {"c", 20}, {"d", 20}, {"e", 20}}), truth);
  EXPECT_EQ(ev.records, 5);
  EXPECT_EQ(ev.records_not_in_truth, 0);
  EXPECT_EQ(ev.pairwise.true_positives, 2);
  EXPECT_EQ(ev.pairwise.predicted_pairs, 4);
  EXPECT_EQ(ev.pairwise.true_pairs, 4);
  EXPECT_NEAR(ev.pairwise.precision, 0.5, kTolerance);
  EXPECT_NEAR(ev.pairwise.recall, 0.5, kTolerance);
  EXPECT_NEAR(ev.pairwise.f1, 0.5, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_precision, 11.0 / 15.0, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_recall, 11.0 / 15.0, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_f1, 11.0 / 15.0, kTolerance);
  EXPECT_NEAR(ev.clusters.exact_share, 0.0, kTolerance);
  EXPECT_EQ(ev.clusters.clusters, 2);
  EXPECT_EQ(ev.clusters.entities, 2);
}

// One entity {a,b,c,d} split into {a,b}, {c}, {d}: what was linked is right, most was
// missed, so precision and recall must come apart (guards against swapping them).
// Pairs: TP = 1, predicted = 1, true = C(4,2) = 6 -> P = 1, R = 1/6, F1 = 2/7.
// B-cubed: precision 1; recall (2/4 + 2/4 + 1/4 + 1/4) / 4 = 3/8; F1 = 2(3/8)/(11/8) = 6/11.
TEST(Evaluate, SplitEntityHasFullPrecisionAndLowRecall) {
  const TruthMap truth = Truth({{"a", "p"}, {"b", "p"}, {"c", "p"}, {"d", "p"}});
  const Evaluation ev = Evaluate(Linked({{"a", 1}, {"b", 1}, {"c", 2}, {"d", 3}}), truth);
  EXPECT_EQ(ev.pairwise.true_positives, 1);
  EXPECT_EQ(ev.pairwise.predicted_pairs, 1);
  EXPECT_EQ(ev.pairwise.true_pairs, 6);
  EXPECT_NEAR(ev.pairwise.precision, 1.0, kTolerance);
  EXPECT_NEAR(ev.pairwise.recall, 1.0 / 6.0, kTolerance);
  EXPECT_NEAR(ev.pairwise.f1, 2.0 / 7.0, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_precision, 1.0, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_recall, 3.0 / 8.0, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_f1, 6.0 / 11.0, kTolerance);
  EXPECT_EQ(ev.clusters.clusters, 3);
  EXPECT_EQ(ev.clusters.entities, 1);
}

// Two entities {a,b}, {c,d} merged into one cluster: the mirror image.
// Pairs: TP = 2, predicted = 6, true = 2 -> P = 1/3, R = 1.
// B-cubed: precision (2/4) for every record = 1/2; recall 1.
TEST(Evaluate, MergedEntitiesHaveFullRecallAndLowPrecision) {
  const TruthMap truth = Truth({{"a", "1"}, {"b", "1"}, {"c", "2"}, {"d", "2"}});
  const Evaluation ev = Evaluate(Linked({{"a", 7}, {"b", 7}, {"c", 7}, {"d", 7}}), truth);
  EXPECT_EQ(ev.pairwise.true_positives, 2);
  EXPECT_EQ(ev.pairwise.predicted_pairs, 6);
  EXPECT_EQ(ev.pairwise.true_pairs, 2);
  EXPECT_NEAR(ev.pairwise.precision, 1.0 / 3.0, kTolerance);
  EXPECT_NEAR(ev.pairwise.recall, 1.0, kTolerance);
  EXPECT_NEAR(ev.pairwise.f1, 0.5, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_precision, 0.5, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_recall, 1.0, kTolerance);
  EXPECT_EQ(ev.clusters.clusters, 1);
  EXPECT_EQ(ev.clusters.entities, 2);
  EXPECT_NEAR(ev.clusters.exact_share, 0.0, kTolerance);
}

TEST(Evaluate, PerfectClusteringScoresOneEverywhere) {
  const TruthMap truth =
      Truth({{"a", "1"}, {"b", "1"}, {"c", "1"}, {"d", "2"}, {"e", "2"}, {"f", "3"}});
  // Cluster labels need not resemble entity ids.
  const Evaluation ev = Evaluate(
      Linked({{"a", -5}, {"b", -5}, {"c", -5}, {"d", 1LL << 40}, {"e", 1LL << 40}, {"f", 0}}),
      truth);
  EXPECT_EQ(ev.records, 6);
  EXPECT_EQ(ev.pairwise.true_positives, 4);
  EXPECT_EQ(ev.pairwise.predicted_pairs, 4);
  EXPECT_EQ(ev.pairwise.true_pairs, 4);
  EXPECT_DOUBLE_EQ(ev.pairwise.precision, 1.0);
  EXPECT_DOUBLE_EQ(ev.pairwise.recall, 1.0);
  EXPECT_DOUBLE_EQ(ev.pairwise.f1, 1.0);
  EXPECT_DOUBLE_EQ(ev.clusters.bcubed_precision, 1.0);
  EXPECT_DOUBLE_EQ(ev.clusters.bcubed_recall, 1.0);
  EXPECT_DOUBLE_EQ(ev.clusters.bcubed_f1, 1.0);
  EXPECT_DOUBLE_EQ(ev.clusters.exact_share, 1.0);
  EXPECT_EQ(ev.clusters.clusters, 3);
  EXPECT_EQ(ev.clusters.entities, 3);
}

// Nothing linked: no predicted pairs (precision 1 by convention), every true pair missed.
// B-cubed recall: a, b, c 1/3; d, e 1/2 -> (1 + 1) / 5 = 2/5.
TEST(Evaluate, AllSingletonsHaveRecallZeroAndPrecisionOne) {
  const TruthMap truth = Truth({{"a", "1"}, {"b", "1"}, {"c", "1"}, {"d", "2"}, {"e", "2"}});
  const Evaluation ev = Evaluate(Linked({{"a", 1}, {"b", 2}, {"c", 3}, {"d", 4}, {"e", 5}}), truth);
  EXPECT_EQ(ev.pairwise.true_positives, 0);
  EXPECT_EQ(ev.pairwise.predicted_pairs, 0);
  EXPECT_EQ(ev.pairwise.true_pairs, 4);
  EXPECT_DOUBLE_EQ(ev.pairwise.precision, 1.0);
  EXPECT_DOUBLE_EQ(ev.pairwise.recall, 0.0);
  EXPECT_DOUBLE_EQ(ev.pairwise.f1, 0.0);
  EXPECT_DOUBLE_EQ(ev.clusters.bcubed_precision, 1.0);
  EXPECT_NEAR(ev.clusters.bcubed_recall, 2.0 / 5.0, kTolerance);
  EXPECT_EQ(ev.clusters.clusters, 5);
  EXPECT_EQ(ev.clusters.entities, 2);
}

// No true pairs and nothing wrongly linked: recall is 1 by convention, not 0/0.
TEST(Evaluate, SingletonTruthAndSingletonClustersScoreOne) {
  const TruthMap truth = Truth({{"a", "1"}, {"b", "2"}});
  const Evaluation ev = Evaluate(Linked({{"a", 1}, {"b", 2}}), truth);
  EXPECT_DOUBLE_EQ(ev.pairwise.precision, 1.0);
  EXPECT_DOUBLE_EQ(ev.pairwise.recall, 1.0);
  EXPECT_DOUBLE_EQ(ev.pairwise.f1, 1.0);
  EXPECT_DOUBLE_EQ(ev.clusters.exact_share, 1.0);
}

// Records x, y (not in the truth) sit in the clusters of a and d; they must not create
// pairs, count as records, or stop entity 2 from being reproduced exactly. Truth record f
// is not in the linkage and is ignored too.
TEST(Evaluate, RecordsAbsentFromTruthAreCountedAndIgnored) {
  const TruthMap truth =
      Truth({{"a", "1"}, {"b", "1"}, {"c", "1"}, {"d", "2"}, {"e", "2"}, {"f", "3"}});
  const Evaluation with_extra = Evaluate(
      Linked({{"a", 10}, {"x", 10}, {"b", 10}, {"c", 20}, {"d", 30}, {"y", 30}, {"e", 30}}), truth);
  EXPECT_EQ(with_extra.records, 5);
  EXPECT_EQ(with_extra.records_not_in_truth, 2);
  // Same clustering without x and y: {a,b}, {c}, {d,e}.
  // Pairs: TP 2, predicted 2, true 3 + 1 = 4. Entity 2 is exact, entity 1 is split.
  EXPECT_EQ(with_extra.pairwise.true_positives, 2);
  EXPECT_EQ(with_extra.pairwise.predicted_pairs, 2);
  EXPECT_EQ(with_extra.pairwise.true_pairs, 4);
  EXPECT_NEAR(with_extra.clusters.exact_share, 0.5, kTolerance);
  EXPECT_EQ(with_extra.clusters.clusters, 3);
  EXPECT_EQ(with_extra.clusters.entities, 2);

  const Evaluation without =
      Evaluate(Linked({{"a", 10}, {"b", 10}, {"c", 20}, {"d", 30}, {"e", 30}}), truth);
  EXPECT_EQ(without.records_not_in_truth, 0);
  EXPECT_DOUBLE_EQ(with_extra.pairwise.f1, without.pairwise.f1);
  EXPECT_DOUBLE_EQ(with_extra.clusters.bcubed_precision, without.clusters.bcubed_precision);
  EXPECT_DOUBLE_EQ(with_extra.clusters.bcubed_recall, without.clusters.bcubed_recall);
}

// Truth {a,b} = 1, {c} = 2, {d,e} = 3; clusters {a,b}, {c,d}, {e}.
// Entity 1 is exact; entity 2 is one cluster but not alone; entity 3 is split. 1/3.
TEST(Evaluate, ExactShareNeedsTheWholeEntityAloneInOneCluster) {
  const TruthMap truth = Truth({{"a", "1"}, {"b", "1"}, {"c", "2"}, {"d", "3"}, {"e", "3"}});
  const Evaluation ev = Evaluate(Linked({{"a", 1}, {"b", 1}, {"c", 2}, {"d", 2}, {"e", 3}}), truth);
  EXPECT_NEAR(ev.clusters.exact_share, 1.0 / 3.0, kTolerance);
}

TEST(Evaluate, SourceIsPartOfTheRecordKey) {
  TruthMap truth;
  truth[{"police", "1"}] = "p";
  truth[{"ngo", "1"}] = "q";
  const std::vector<LinkedRecord> linked = {{{"police", "1"}, 1}, {{"ngo", "1"}, 1}};
  const Evaluation ev = Evaluate(linked, truth);
  EXPECT_EQ(ev.records, 2);
  EXPECT_EQ(ev.clusters.entities, 2);
  EXPECT_EQ(ev.pairwise.true_positives, 0);
  EXPECT_EQ(ev.pairwise.predicted_pairs, 1);
}

// A record given twice counts once, in its first cluster, so B-cubed stays within [0,1].
TEST(Evaluate, RecordListedTwiceCountsOnceInItsFirstCluster) {
  const TruthMap truth = Truth({{"a", "1"}, {"b", "1"}});
  const Evaluation ev = Evaluate(Linked({{"a", 1}, {"b", 1}, {"a", 2}}), truth);
  EXPECT_EQ(ev.records, 2);
  EXPECT_EQ(ev.clusters.clusters, 1);
  EXPECT_DOUBLE_EQ(ev.pairwise.f1, 1.0);
  EXPECT_DOUBLE_EQ(ev.clusters.bcubed_precision, 1.0);
}

TEST(Evaluate, NothingEvaluatedCountsZeroAndScoresOne) {
  const Evaluation ev = Evaluate(Linked({{"x", 1}, {"y", 1}}), Truth({{"a", "1"}}));
  EXPECT_EQ(ev.records, 0);
  EXPECT_EQ(ev.records_not_in_truth, 2);
  EXPECT_EQ(ev.clusters.clusters, 0);
  EXPECT_EQ(ev.clusters.entities, 0);
  EXPECT_EQ(ev.pairwise.predicted_pairs, 0);
  EXPECT_DOUBLE_EQ(ev.pairwise.f1, 1.0);
  EXPECT_DOUBLE_EQ(ev.clusters.bcubed_f1, 1.0);
  EXPECT_DOUBLE_EQ(ev.clusters.exact_share, 1.0);
}

// The linear-time counts against the definitions computed the slow way: every pair of
// records, and every record's cluster and entity by scanning, on random clusterings.
TEST(Evaluate, AgreesWithQuadraticDefinitionsOnRandomClusterings) {
  std::mt19937_64 rng(20240611);
  for (int trial = 0; trial < 30; ++trial) {
    const int n = 1 + static_cast<int>(rng() % 60);
    const int entities = 1 + static_cast<int>(rng() % 15);
    const int clusters = 1 + static_cast<int>(rng() % 15);
    std::vector<int> entity(n);
    std::vector<std::int64_t> cluster(n);
    TruthMap truth;
    std::vector<LinkedRecord> linked;
    for (int i = 0; i < n; ++i) {
      entity[i] = static_cast<int>(rng() % entities);
      cluster[i] = static_cast<std::int64_t>(rng() % clusters);
      truth[{"s", std::to_string(i)}] = "e" + std::to_string(entity[i]);
      linked.push_back({{"s", std::to_string(i)}, cluster[i]});
    }
    std::int64_t tp = 0, predicted = 0, true_pairs = 0;
    double bp = 0, br = 0;
    for (int i = 0; i < n; ++i) {
      int same_cluster = 0, same_entity = 0, both = 0;
      for (int j = 0; j < n; ++j) {
        const bool c = cluster[i] == cluster[j];
        const bool e = entity[i] == entity[j];
        same_cluster += c;
        same_entity += e;
        both += c && e;
        if (j > i) {
          predicted += c;
          true_pairs += e;
          tp += c && e;
        }
      }
      bp += static_cast<double>(both) / same_cluster;
      br += static_cast<double>(both) / same_entity;
    }
    const Evaluation ev = Evaluate(linked, truth);
    SCOPED_TRACE("trial " + std::to_string(trial));
    EXPECT_EQ(ev.records, n);
    EXPECT_EQ(ev.pairwise.true_positives, tp);
    EXPECT_EQ(ev.pairwise.predicted_pairs, predicted);
    EXPECT_EQ(ev.pairwise.true_pairs, true_pairs);
    EXPECT_NEAR(ev.clusters.bcubed_precision, bp / n, 1e-9);
    EXPECT_NEAR(ev.clusters.bcubed_recall, br / n, 1e-9);
  }
}

// ---- ReadTruth ---------------------------------------------------------------------

TEST(ReadTruth, ReadsColumnsInAnyOrderAndIgnoresExtraColumns) {
  ScratchDir dir;
  const fs::path path = dir.Write("truth.csv",
                                  "year,entity_id,gender,source_record_id,source\n"
                                  "2020,E1,f,r1,police\n"
                                  "2021,E1,f,r2,ngo\n"
                                  "2021,E2,m,r1,ngo\n");
  const Result<TruthMap> truth = ReadTruth(path);
  ASSERT_TRUE(truth.ok()) << truth.status().message();
  ASSERT_EQ(truth->size(), 3u);
  EXPECT_EQ(truth->at({"police", "r1"}), "E1");
  EXPECT_EQ(truth->at({"ngo", "r2"}), "E1");
  EXPECT_EQ(truth->at({"ngo", "r1"}), "E2");
}

TEST(ReadTruth, UnquotesQuotedFieldsWithCommasAndDoubledQuotes) {
  ScratchDir dir;
  const fs::path path = dir.Write("truth.csv",
                                  "\"source\",source_record_id,entity_id,note\n"
                                  "\"police, north\",\"r\"\"1\",\"E1\",\"\"\n"
                                  "ngo,r2,E2,\"a, \"\"b\"\"\"\n");
  const Result<TruthMap> truth = ReadTruth(path);
  ASSERT_TRUE(truth.ok()) << truth.status().message();
  ASSERT_EQ(truth->size(), 2u);
  EXPECT_EQ(truth->at({"police, north", "r\"1"}), "E1");
  EXPECT_EQ(truth->at({"ngo", "r2"}), "E2");
}

TEST(ReadTruth, AcceptsCrlfLineEndsAndAByteOrderMark) {
  ScratchDir dir;
  const fs::path path = dir.Write("truth.csv",
                                  "\xEF\xBB\xBFsource,source_record_id,entity_id\r\n"
                                  "police,r1,E1\r\n"
                                  "ngo,\"r2\",\"E2\"\r\n");
  const Result<TruthMap> truth = ReadTruth(path);
  ASSERT_TRUE(truth.ok()) << truth.status().message();
  ASSERT_EQ(truth->size(), 2u);
  EXPECT_EQ(truth->at({"police", "r1"}), "E1");
  EXPECT_EQ(truth->at({"ngo", "r2"}), "E2");
}

TEST(ReadTruth, AcceptsNoFinalNewlineAndTrailingBlankLines) {
  ScratchDir dir;
  const Result<TruthMap> bare =
      ReadTruth(dir.Write("a.csv", "source,source_record_id,entity_id\npolice,r1,E1"));
  ASSERT_TRUE(bare.ok()) << bare.status().message();
  EXPECT_EQ(bare->size(), 1u);
  const Result<TruthMap> trailing =
      ReadTruth(dir.Write("b.csv", "source,source_record_id,entity_id\npolice,r1,E1\n\r\n\n"));
  ASSERT_TRUE(trailing.ok()) << trailing.status().message();
  EXPECT_EQ(trailing->size(), 1u);
  const Result<TruthMap> header_only =
      ReadTruth(dir.Write("c.csv", "source,source_record_id,entity_id\n"));
  ASSERT_TRUE(header_only.ok()) << header_only.status().message();
  EXPECT_TRUE(header_only->empty());
}

TEST(ReadTruth, MissingColumnNamesFileAndColumn) {
  ScratchDir dir;
  const fs::path path = dir.Write("truth.csv", "source,source_record_id,person\npolice,r1,E1\n");
  const Result<TruthMap> truth = ReadTruth(path);
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().code(), StatusCode::kInvalidData);
  const std::string& message = truth.status().message();
  EXPECT_NE(message.find("truth.csv:1:"), std::string::npos) << message;
  EXPECT_NE(message.find("column entity_id"), std::string::npos) << message;
}

TEST(ReadTruth, ColumnNamedTwiceIsRejected) {
  ScratchDir dir;
  const Result<TruthMap> truth = ReadTruth(
      dir.Write("truth.csv", "source,source_record_id,entity_id,source\npolice,r1,E1,x\n"));
  ASSERT_FALSE(truth.ok());
  EXPECT_NE(truth.status().message().find("column source: named twice"), std::string::npos)
      << truth.status().message();
}

// Cell values can identify a person; an error must point at the cell, not repeat it.
TEST(ReadTruth, EmptyEntityIdNamesRowAndColumnButNoValue) {
  ScratchDir dir;
  const fs::path path = dir.Write("truth.csv",
                                  "source,source_record_id,entity_id,name\n"
                                  "police,r1,E1,Jansen\n"
                                  "SecretSource,SecretRecord42,,Pietersen\n");
  const Result<TruthMap> truth = ReadTruth(path);
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().code(), StatusCode::kInvalidData);
  const std::string& message = truth.status().message();
  EXPECT_NE(message.find("truth.csv:3: column entity_id: empty value"), std::string::npos)
      << message;
  for (const char* value : {"SecretSource", "SecretRecord42", "Pietersen", "Jansen", "E1"}) {
    EXPECT_EQ(message.find(value), std::string::npos) << message;
  }
}

TEST(ReadTruth, BlankValueCountsAsEmpty) {
  ScratchDir dir;
  const Result<TruthMap> truth =
      ReadTruth(dir.Write("truth.csv", "source,source_record_id,entity_id\n  ,r1,E1\n"));
  ASSERT_FALSE(truth.ok());
  EXPECT_NE(truth.status().message().find("truth.csv:2: column source: empty value"),
            std::string::npos)
      << truth.status().message();
}

TEST(ReadTruth, DuplicateRecordNamesBothRowsButNotTheRecord) {
  ScratchDir dir;
  const fs::path path = dir.Write("truth.csv",
                                  "source,source_record_id,entity_id\n"
                                  "police,r7,E1\n"
                                  "ngo,r7,E2\n"
                                  "police,r7,E3\n");
  const Result<TruthMap> truth = ReadTruth(path);
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().code(), StatusCode::kInvalidData);
  const std::string& message = truth.status().message();
  EXPECT_NE(message.find("truth.csv:4:"), std::string::npos) << message;
  EXPECT_NE(message.find("first on row 2"), std::string::npos) << message;
  EXPECT_EQ(message.find("r7"), std::string::npos) << message;
  EXPECT_EQ(message.find("police"), std::string::npos) << message;
}

TEST(ReadTruth, RowWithWrongFieldCountIsRejected) {
  ScratchDir dir;
  const Result<TruthMap> truth = ReadTruth(
      dir.Write("truth.csv", "source,source_record_id,entity_id\npolice,r1,E1\nngo,r2\n"));
  ASSERT_FALSE(truth.ok());
  EXPECT_NE(truth.status().message().find("truth.csv:3: 2 fields; the header has 3"),
            std::string::npos)
      << truth.status().message();
}

TEST(ReadTruth, BlankLineFollowedByDataIsRejected) {
  ScratchDir dir;
  const Result<TruthMap> truth = ReadTruth(
      dir.Write("truth.csv", "source,source_record_id,entity_id\npolice,r1,E1\n\nngo,r2,E2\n"));
  ASSERT_FALSE(truth.ok());
  EXPECT_NE(truth.status().message().find("truth.csv:3: empty line"), std::string::npos)
      << truth.status().message();
}

TEST(ReadTruth, LineBreakInsideQuotesIsRejectedNamingTheRow) {
  ScratchDir dir;
  const Result<TruthMap> truth = ReadTruth(
      dir.Write("truth.csv", "source,source_record_id,entity_id\npolice,r1,E1\nngo,\"r\n2\",E2\n"));
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().code(), StatusCode::kInvalidData);
  const std::string& message = truth.status().message();
  EXPECT_NE(message.find("truth.csv:3: column source_record_id: quoted value not closed"),
            std::string::npos)
      << message;
}

TEST(ReadTruth, AColumnOutsideTheTruthLayoutIsNamedByPosition) {
  ScratchDir dir;
  // A header cell other than source, source_record_id, entity_id is the file's content.
  const Result<TruthMap> truth = ReadTruth(
      dir.Write("t.csv", "source,source_record_id,entity_id,Quovandril\npolice,r1,E1,a\"b\n"));
  ASSERT_FALSE(truth.ok());
  const std::string& message = truth.status().message();
  EXPECT_NE(message.find("t.csv:2: column 4: quote inside"), std::string::npos) << message;
  EXPECT_EQ(message.find("Quovandril"), std::string::npos) << message;
}

TEST(ReadTruth, MalformedQuotesAreRejectedWithoutTheirValues) {
  ScratchDir dir;
  const Result<TruthMap> stray =
      ReadTruth(dir.Write("a.csv", "source,source_record_id,entity_id\npolice,r\"Hidden,E1\n"));
  ASSERT_FALSE(stray.ok());
  EXPECT_NE(stray.status().message().find("a.csv:2: column source_record_id: quote inside"),
            std::string::npos)
      << stray.status().message();
  EXPECT_EQ(stray.status().message().find("Hidden"), std::string::npos);

  const Result<TruthMap> after =
      ReadTruth(dir.Write("b.csv", "source,source_record_id,entity_id\npolice,r1,\"E1\"Hidden\n"));
  ASSERT_FALSE(after.ok());
  EXPECT_NE(after.status().message().find("b.csv:2: column entity_id: characters after"),
            std::string::npos)
      << after.status().message();
  EXPECT_EQ(after.status().message().find("Hidden"), std::string::npos);
}

TEST(ReadTruth, LoneCarriageReturnLineEndsAreRejectedClearly) {
  ScratchDir dir;
  const Result<TruthMap> truth =
      ReadTruth(dir.Write("truth.csv", "source,source_record_id,entity_id\rpolice,r1,E1\r"));
  ASSERT_FALSE(truth.ok());
  EXPECT_NE(truth.status().message().find("lone-CR"), std::string::npos)
      << truth.status().message();
}

TEST(ReadTruth, MissingFileIsNotFound) {
  ScratchDir dir;
  const Result<TruthMap> truth = ReadTruth(dir.path() / "absent.csv");
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().code(), StatusCode::kNotFound);
  EXPECT_NE(truth.status().message().find("absent.csv"), std::string::npos);
}

TEST(ReadTruth, DirectoryIsInvalidArgument) {
  ScratchDir dir;
  const Result<TruthMap> truth = ReadTruth(dir.path());
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().code(), StatusCode::kInvalidArgument);
}

TEST(ReadTruth, EmptyFileIsInvalidData) {
  ScratchDir dir;
  const Result<TruthMap> truth = ReadTruth(dir.Write("truth.csv", ""));
  ASSERT_FALSE(truth.ok());
  EXPECT_EQ(truth.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(truth.status().message().find("empty file"), std::string::npos);
}

// The file read and the hand-worked example together, as the CLI will use them.
TEST(ReadTruth, FeedsEvaluateEndToEnd) {
  ScratchDir dir;
  const Result<TruthMap> truth = ReadTruth(dir.Write("truth.csv",
                                                     "source,source_record_id,entity_id\n"
                                                     "s,a,1\ns,b,1\ns,c,1\ns,d,2\ns,e,2\n"));
  ASSERT_TRUE(truth.ok()) << truth.status().message();
  const Evaluation ev =
      Evaluate(Linked({{"a", 10}, {"b", 10}, {"c", 20}, {"d", 20}, {"e", 20}}), *truth);
  EXPECT_NEAR(ev.pairwise.f1, 0.5, kTolerance);
  EXPECT_NEAR(ev.clusters.bcubed_f1, 11.0 / 15.0, kTolerance);
}

}  // namespace
}  // namespace zicht::link
