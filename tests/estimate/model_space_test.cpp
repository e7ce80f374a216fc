#include "zicht/estimate/model_space.hpp"

#include <gtest/gtest.h>

namespace zicht::estimate {
namespace {

TEST(ModelSpace, TwoListModelsAtSixListsNumberTwoToTheFifteen) {
  Result<std::vector<LoglinearModel>> models = HierarchicalModels(6, 2);
  ASSERT_TRUE(models.ok()) << models.status().message();
  EXPECT_EQ(models->size(), 32768u);  // each of the C(6, 2) = 15 pairs in or out
  EXPECT_TRUE(models->front().interactions.empty());
}

TEST(ModelSpace, ThreeListsHaveEightModelsSinceTheThreeWayTermIsSaturated) {
  // Hand count: the 8 subsets of {AB, AC, BC}; ABC, which needs all three pairs, would be
  // a ninth, but with three lists it is the saturated term and is never offered.
  Result<std::vector<LoglinearModel>> models = HierarchicalModels(3, 3);
  ASSERT_TRUE(models.ok());
  EXPECT_EQ(models->size(), 8u);  // order is capped at k - 1 = 2: ABC is the saturated term
  Result<std::vector<LoglinearModel>> pairs = HierarchicalModels(3, 2);
  ASSERT_TRUE(pairs.ok());
  EXPECT_EQ(pairs->size(), 8u);
}

TEST(ModelSpace, FourListsUpToOrderThreeAreAllHierarchical) {
  // Hand count: 2^6 = 64 pair sets; for each, the triples whose three pairs are present
  // may be added freely. Summing 2^(complete triangles) over the 64 graphs on 4 vertices
  // gives 64 + ... = 113 (enumerated in Python over the 64 graphs; Silverman, Chan and
  // Vincent 2024, Table 2, speak of "all 113 models" for Kosovo's four lists).
  Result<std::vector<LoglinearModel>> models = HierarchicalModels(4, 3);
  ASSERT_TRUE(models.ok());
  EXPECT_EQ(models->size(), 113u);
  for (const LoglinearModel& model : *models) EXPECT_TRUE(model.IsHierarchical());
}

TEST(ModelSpace, RefusesASearchTooLargeToFitAndSaysWhatToDo) {
  Result<std::vector<LoglinearModel>> models = HierarchicalModels(8, 2, 1000);
  ASSERT_FALSE(models.ok());
  EXPECT_NE(models.status().message().find("--max-order"), std::string::npos);
}

}  // namespace
}  // namespace zicht::estimate
