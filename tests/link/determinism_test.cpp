// The same records and settings give the same persons and person ids at any thread count:
// oneTBB splits the work differently with each, so any result that depended on the order
// in which chunks finish (merged pieces, sums in a different order, ties between equal
// weights) would show here.
#include <gtest/gtest.h>
#include <tbb/global_control.h>
#include <tbb/task_arena.h>

#include <cstdint>
#include <vector>

#include "link/link_fixtures.hpp"
#include "zicht/link/link.hpp"

namespace zicht::link {
namespace {

using fixtures::Build;
using fixtures::Population;
using fixtures::PopulationOptions;
using fixtures::SimulatePopulation;

struct LinkRun {
  std::vector<std::int64_t> person_of;
  std::vector<ScoredIndexPair> kept;
  double prior = 0;
  std::int64_t candidate_pairs = 0;
};

LinkRun LinkWithThreads(const LinkRecords& records, const LinkConfig& config, int threads) {
  tbb::global_control limit(tbb::global_control::max_allowed_parallelism,
                            static_cast<std::size_t>(threads));
  tbb::task_arena arena(threads);
  LinkRun run;
  arena.execute([&] {
    const LinkResult result = LinkInMemory(records, config);
    run.person_of =
        AssignPersonIds(result.clustering, std::vector<std::int64_t>(records.size, 0)).person_of;
    run.kept = result.kept_pairs;
    run.prior = result.model.prior;
    run.candidate_pairs = result.candidate_pairs;
  });
  return run;
}

void ExpectSameRuns(const LinkRun& one, const LinkRun& other, int threads) {
  EXPECT_EQ(one.candidate_pairs, other.candidate_pairs) << threads << " threads";
  EXPECT_EQ(one.prior, other.prior) << threads << " threads";
  ASSERT_EQ(one.person_of.size(), other.person_of.size());
  std::size_t differ = 0;
  for (std::size_t i = 0; i < one.person_of.size(); ++i) {
    differ += one.person_of[i] != other.person_of[i] ? 1 : 0;
  }
  EXPECT_EQ(differ, 0u) << "records whose person differs at " << threads << " threads";
  ASSERT_EQ(one.kept.size(), other.kept.size()) << threads << " threads";
  for (std::size_t p = 0; p < one.kept.size(); ++p) {
    ASSERT_EQ(one.kept[p].a, other.kept[p].a);
    ASSERT_EQ(one.kept[p].b, other.kept[p].b);
    ASSERT_EQ(one.kept[p].weight, other.kept[p].weight);  // bit for bit
  }
}

// 2,500 made-up people in one to three records each: some 5,000 records, enough for the
// blocking, the random pairs of u and the scoring to be cut into several chunks. Linked at
// 1, 2 and 4 threads, every record must get the same person id, and every kept pair the
// same weight. The second config declares two of the three sources deduplicated, so that
// the one-to-one weighing across them is run as well.
TEST(Determinism, EveryRecordGetsTheSamePersonAtOneTwoAndFourThreads) {
  PopulationOptions options;
  options.people = 2500;
  options.seed = 11;
  options.personal_id = 0.3;
  options.personal_id_typo = 0.1;
  const Population population = SimulatePopulation(options);
  const LinkRecords records = Build(population.records);
  LinkConfig deduplicated = DefaultLinkConfig();
  deduplicated.deduplicated_sources = {"police", "shelter"};
  for (const LinkConfig& config : {DefaultLinkConfig(), deduplicated}) {
    const LinkRun one = LinkWithThreads(records, config, 1);
    ASSERT_GT(one.candidate_pairs, 0);
    for (int threads : {2, 4})
      ExpectSameRuns(one, LinkWithThreads(records, config, threads), threads);
  }
}

}  // namespace
}  // namespace zicht::link
