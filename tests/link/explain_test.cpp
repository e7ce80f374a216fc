#include "zicht/link/explain.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "link/link_fixtures.hpp"
#include "support/test_support.hpp"
#include "zicht/link/link.hpp"

namespace zicht::link {
namespace {

using fixtures::PopulationOptions;
using fixtures::SimulatePopulation;

// A store of made-up people written through the ingest staging API, and linked.
class LinkedStore : public ::testing::Test {
 protected:
  void SetUp() override {
    auto created = store::CreateSqliteStore(dir_ / "explain.db");
    ASSERT_TRUE(created.ok()) << created.status().message();
    store_ = std::move(*created);
    PopulationOptions options;
    options.people = 120;
    options.seed = 17;
    ASSERT_TRUE(fixtures::StoreRecords(*store_, SimulatePopulation(options).records).ok());
  }

  void Link() {
    auto linked = LinkStore(*store_, DefaultLinkConfig());
    ASSERT_TRUE(linked.ok()) << linked.status().message();
    ASSERT_TRUE(store_
                    ->ForEachRecord([&](const Record& r) {
                      name_of_[r.record_id] = r.source + ":" + r.source_record_id;
                      person_of_[r.record_id] = r.person_id;
                      return Status::Ok();
                    })
                    .ok());
  }

  testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  std::map<std::int64_t, std::string> name_of_;
  std::map<std::int64_t, std::int64_t> person_of_;
};

TEST_F(LinkedStore, TheWaterfallOfEveryStoredPairSumsToItsStoredWeight) {
  Link();
  auto pairs = store_->ScoredPairs();
  ASSERT_TRUE(pairs.ok());
  ASSERT_GT(pairs->size(), 50u);
  int with_tf = 0;
  int linked = 0;
  // Every pair costs a load of the store; about sixty of them, spread over the list (which
  // is ordered by record id, not by weight), are enough.
  const std::size_t stride = std::max<std::size_t>(1, pairs->size() / 60);
  for (std::size_t i = 0; i < pairs->size(); i += stride) {
    const store::ScoredPair& pair = (*pairs)[i];
    auto explained = ExplainPair(*store_, name_of_[pair.record_a], name_of_[pair.record_b]);
    ASSERT_TRUE(explained.ok()) << explained.status().message();
    const Explanation& e = *explained;
    ASSERT_TRUE(e.stored_weight.has_value());
    EXPECT_NEAR(e.total, *e.stored_weight, 1e-9);
    EXPECT_NEAR(e.total, pair.weight, 1e-9);
    double sum = e.prior_weight;
    for (const WaterfallStep& step : e.steps) {
      sum += step.weight + step.tf_adjustment;
      if (step.level == "missing") {
        EXPECT_EQ(step.weight, 0.0);
        EXPECT_EQ(step.m, 0.0);
      } else {
        EXPECT_NEAR(step.weight, std::log2(std::max(step.m, 1e-9) / std::max(step.u, 1e-9)), 1e-12)
            << step.comparison;
      }
      with_tf += step.tf_adjustment != 0 ? 1 : 0;
    }
    EXPECT_NEAR(e.total, sum, 1e-12);
    EXPECT_NEAR(e.probability, MatchProbability(e.total), 1e-15);
    EXPECT_NEAR(e.probability, pair.probability, 1e-9);
    EXPECT_EQ(e.steps.size(), 13u);
    EXPECT_EQ(e.threshold, 0.5);
    EXPECT_EQ(e.person_a, person_of_[pair.record_a]);
    EXPECT_EQ(e.person_b, person_of_[pair.record_b]);
    linked += e.person_a == e.person_b ? 1 : 0;
    if (i < 5 * stride) {
      // The same pair named the other way round is the same score.
      auto reversed = ExplainPair(*store_, name_of_[pair.record_b], name_of_[pair.record_a]);
      ASSERT_TRUE(reversed.ok());
      EXPECT_NEAR(reversed->total, e.total, 1e-12);
    }
  }
  EXPECT_GT(with_tf, 0) << "some pairs agree exactly on a name";
  EXPECT_GT(linked, 0);
}

TEST_F(LinkedStore, PairsNamedByRecordIdsAreExplainedAsByTheirNames) {
  Link();
  auto pairs = store_->ScoredPairs();
  ASSERT_TRUE(pairs.ok());
  std::vector<std::pair<std::int64_t, std::int64_t>> ids;
  for (const store::ScoredPair& p : *pairs) ids.emplace_back(p.record_a, p.record_b);
  auto explained = ExplainRecordPairs(*store_, ids);
  ASSERT_TRUE(explained.ok()) << explained.status().message();
  ASSERT_EQ(explained->size(), pairs->size());
  for (std::size_t i = 0; i < pairs->size(); ++i) {
    // Every stored pair, with the weight the linkage stored for it.
    const Explanation& e = (*explained)[i];
    ASSERT_TRUE(e.stored_weight.has_value());
    EXPECT_NEAR(e.total, (*pairs)[i].weight, 1e-9);
    EXPECT_EQ(e.person_a, person_of_[(*pairs)[i].record_a]);
  }
  // And step by step as ExplainPair names them.
  const store::ScoredPair& first = pairs->front();
  auto by_name = ExplainPair(*store_, name_of_[first.record_a], name_of_[first.record_b]);
  ASSERT_TRUE(by_name.ok());
  ASSERT_EQ(by_name->steps.size(), explained->front().steps.size());
  for (std::size_t s = 0; s < by_name->steps.size(); ++s) {
    EXPECT_EQ(by_name->steps[s].level, explained->front().steps[s].level);
    EXPECT_EQ(by_name->steps[s].weight, explained->front().steps[s].weight);
  }
  auto unknown = ExplainRecordPairs(*store_, {{first.record_a, 999999999}});
  EXPECT_EQ(unknown.status().code(), StatusCode::kNotFound);
}

TEST_F(LinkedStore, APairThatWasNeverACandidateIsExplainedWithoutAStoredWeight) {
  Link();
  auto pairs = store_->ScoredPairs();
  ASSERT_TRUE(pairs.ok());
  std::set<std::pair<std::int64_t, std::int64_t>> stored;
  for (const auto& p : *pairs) stored.insert({p.record_a, p.record_b});
  // Find two records that were not scored together.
  for (auto a = name_of_.begin(); a != name_of_.end(); ++a) {
    for (auto b = std::next(a); b != name_of_.end(); ++b) {
      if (stored.count({a->first, b->first}) != 0) continue;
      auto explained = ExplainPair(*store_, a->second, b->second);
      ASSERT_TRUE(explained.ok()) << explained.status().message();
      EXPECT_FALSE(explained->stored_weight.has_value());
      double sum = explained->prior_weight;
      for (const WaterfallStep& step : explained->steps) sum += step.weight + step.tf_adjustment;
      EXPECT_NEAR(explained->total, sum, 1e-12);
      return;
    }
  }
  FAIL() << "every pair was a candidate";
}

TEST_F(LinkedStore, ErrorsSayWhatIsWrong) {
  auto not_linked = ExplainPair(*store_, "police:X000001", "police:X000002");
  ASSERT_FALSE(not_linked.ok());
  EXPECT_EQ(not_linked.status().code(), StatusCode::kNotFound);
  EXPECT_NE(not_linked.status().message().find("zicht link"), std::string::npos);

  Link();
  const std::string known = name_of_.begin()->second;
  for (const std::string bad : {"no-colon", ":X1", "police:"}) {
    auto malformed = ExplainPair(*store_, bad, known);
    ASSERT_FALSE(malformed.ok()) << bad;
    EXPECT_EQ(malformed.status().code(), StatusCode::kInvalidArgument) << bad;
    auto second = ExplainPair(*store_, known, bad);
    EXPECT_EQ(second.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  auto missing = ExplainPair(*store_, known, "police:nobody");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("police:nobody"), std::string::npos);
}

}  // namespace
}  // namespace zicht::link
