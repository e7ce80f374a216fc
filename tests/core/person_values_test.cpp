#include "zicht/core/person_values.hpp"

#include <gtest/gtest.h>

namespace zicht {
namespace {

TEST(MajorityVote, ChoosesTheValueMostRecordsGive) {
  MajorityVote vote;
  vote.Add("female", {2019, 5, 1});
  vote.Add("male", {2019, 1, 1});
  vote.Add("female", {2019, 7, 1});
  EXPECT_EQ(vote.Choose(), "female");
}

TEST(MajorityVote, BreaksATieByTheEarliestRecordThenAlphabetically) {
  MajorityVote by_date;
  by_date.Add("NL", {2019, 5, 1});
  by_date.Add("NG", {2019, 6, 1});
  by_date.Add("PL", {2019, 3, 1});
  EXPECT_EQ(by_date.Choose(), "PL");
  MajorityVote by_name;
  by_name.Add("PL", {2019, 3, 1});
  by_name.Add("NG", {2019, 3, 1});
  EXPECT_EQ(by_name.Choose(), "NG");
}

TEST(MajorityVote, IgnoresUnknownAndEmptyValues) {
  MajorityVote vote;
  EXPECT_EQ(vote.Choose(), "unknown");
  vote.Add("unknown", {2019, 1, 1});
  vote.Add("unknown", {2019, 1, 2});
  vote.Add("", {2019, 1, 3});
  vote.Add("domestic", {2019, 12, 1});
  EXPECT_EQ(vote.Choose(), "domestic");
}

TEST(AgeGroupAtRegistration, UsesTheAgeOrABirthYearThatLeavesNoDoubt) {
  const Vocabulary& v = Vocabulary::Default();
  EXPECT_EQ(AgeGroupAtRegistration(v, 16, std::nullopt, 2019), "15-17");
  // Born in 2003: 15 or 16 in 2019, both 15-17.
  EXPECT_EQ(AgeGroupAtRegistration(v, std::nullopt, 2003, 2019), "15-17");
  // Born in 2004: 14 or 15, on either side of a group boundary.
  EXPECT_EQ(AgeGroupAtRegistration(v, std::nullopt, 2004, 2019), "unknown");
  EXPECT_EQ(AgeGroupAtRegistration(v, std::nullopt, std::nullopt, 2019), "unknown");
}

}  // namespace
}  // namespace zicht
