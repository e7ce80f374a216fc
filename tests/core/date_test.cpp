#include "zicht/core/date.hpp"

#include <gtest/gtest.h>

namespace zicht {
namespace {

TEST(ParseDate, ReadsIsoDates) {
  auto date = ParseDate("2019-02-28");
  ASSERT_TRUE(date.ok()) << date.status().message();
  EXPECT_EQ(*date, (Date{2019, 2, 28}));
}

TEST(ParseDate, ReadsDutchDayMonthYear) {
  auto date = ParseDate("3-7-2016", "%d-%m-%Y");
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(*date, (Date{2016, 7, 3}));
}

TEST(ParseDate, RejectsDaysThatDoNotExist) {
  EXPECT_FALSE(ParseDate("2019-02-29").ok());
  EXPECT_TRUE(ParseDate("2020-02-29").ok());
  EXPECT_FALSE(ParseDate("1900-02-29").ok());
  EXPECT_TRUE(ParseDate("2000-02-29").ok());
  EXPECT_FALSE(ParseDate("2019-04-31").ok());
  EXPECT_FALSE(ParseDate("2019-13-01").ok());
  EXPECT_FALSE(ParseDate("2019-00-10").ok());
}

TEST(ParseDate, ErrorsNeverRepeatTheText) {
  auto date = ParseDate("1987-13-45");
  ASSERT_FALSE(date.ok());
  EXPECT_EQ(date.status().message().find("1987"), std::string::npos);
}

TEST(ParseDate, RejectsTrailingAndMissingCharacters) {
  EXPECT_FALSE(ParseDate("2019-02-28x").ok());
  EXPECT_FALSE(ParseDate("2019-02").ok());
  EXPECT_FALSE(ParseDate("").ok());
  EXPECT_FALSE(ParseDate("19-02-28").ok());
}

TEST(ParseDate, TwoDigitYearsFollowPosix) {
  EXPECT_EQ(ParseDate("010268", "%d%m%y")->year, 2068);
  EXPECT_EQ(ParseDate("010269", "%d%m%y")->year, 1969);
}

TEST(ValidateDateFormat, NeedsYearMonthAndDay) {
  EXPECT_TRUE(ValidateDateFormat("%d/%m/%Y").ok());
  EXPECT_FALSE(ValidateDateFormat("%d/%m").ok());
  EXPECT_FALSE(ValidateDateFormat("%d/%b/%Y").ok());
}

TEST(Date, DaysSinceEpochRoundTrips) {
  EXPECT_EQ((Date{1970, 1, 1}).DaysSinceEpoch(), 0);
  EXPECT_EQ((Date{2000, 3, 1}).DaysSinceEpoch(), 11017);
  for (long day = -800000; day < 800000; day += 997) {
    EXPECT_EQ(Date::FromDaysSinceEpoch(day).DaysSinceEpoch(), day);
  }
}

TEST(AgeInYears, CountsCompletedYears) {
  EXPECT_EQ(AgeInYears({2001, 5, 10}, {2019, 5, 9}), 17);
  EXPECT_EQ(AgeInYears({2001, 5, 10}, {2019, 5, 10}), 18);
  EXPECT_EQ(AgeInYears({2000, 2, 29}, {2018, 2, 28}), 17);
  EXPECT_EQ(AgeInYears({2000, 2, 29}, {2018, 3, 1}), 18);
  EXPECT_EQ(AgeInYears({2020, 1, 1}, {2019, 1, 1}), -1);
}

}  // namespace
}  // namespace zicht
