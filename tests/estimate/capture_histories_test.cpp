#include "zicht/estimate/capture_histories.hpp"

#include <gtest/gtest.h>

namespace zicht::estimate {
namespace {

Sighting At(std::int64_t person, int list, Date date, std::vector<std::string> values = {}) {
  return Sighting{person, list, date, std::move(values)};
}

HistoryOptions ThreeLists(std::vector<std::string> fields = {}) {
  HistoryOptions options;
  options.lists = {"A", "B", "C"};
  options.fields = std::move(fields);
  return options;
}

// Six persons on three lists; bit j of a history is list j (A = 1, B = 2, C = 4).
std::vector<Sighting> SixPersons() {
  return {
      At(1, 0, {2015, 3, 1}), At(1, 1, {2016, 5, 1}),                            // A and B
      At(2, 0, {2017, 1, 9}),                                                    // A
      At(3, 2, {2016, 2, 2}), At(3, 2, {2016, 8, 2}),                            // C twice
      At(4, 1, {2016, 1, 1}), At(4, 2, {2015, 12, 31}),                          // B and C
      At(5, 0, {2016, 6, 6}), At(5, 1, {2016, 6, 7}),   At(5, 2, {2016, 6, 8}),  // A, B, C
      At(6, 0, {2015, 7, 7}),                                                    // A
  };
}

TEST(CaptureHistories, CountsEachPersonOnceUnderTheListsThatSawThem) {
  Result<CaptureHistories> built = BuildCaptureHistories(SixPersons(), ThreeLists());
  ASSERT_TRUE(built.ok()) << built.status().message();
  const CaptureTable& t = built->total;
  EXPECT_EQ(t.lists, (std::vector<std::string>{"A", "B", "C"}));
  ASSERT_EQ(t.counts.size(), 8u);
  EXPECT_EQ(t.counts, (std::vector<std::int64_t>{0, 2, 0, 1, 1, 0, 1, 1}));
  EXPECT_EQ(t.observed_total(), 6);
  EXPECT_EQ(built->sightings_used, 11);
  EXPECT_EQ(built->sightings_outside, 0);
  EXPECT_TRUE(built->strata.empty());
}

TEST(CaptureHistories, YearsKeepPersonsSeenInRangeWithOnlyTheListsThatSawThemThen) {
  HistoryOptions options = ThreeLists();
  options.years = YearRange{2016, 2016};
  Result<CaptureHistories> built = BuildCaptureHistories(SixPersons(), options);
  ASSERT_TRUE(built.ok()) << built.status().message();
  // Person 1 only on B (A was 2015); 2 and 6 gone; 3 on C; 4 only on B (C was 2015); 5 ABC.
  EXPECT_EQ(built->total.counts, (std::vector<std::int64_t>{0, 0, 2, 0, 1, 0, 0, 1}));
  EXPECT_EQ(built->total.observed_total(), 4);
  EXPECT_EQ(built->sightings_used, 7);
  EXPECT_EQ(built->sightings_outside, 4);
}

TEST(CaptureHistories, YearsWithoutRecordsAreAnError) {
  HistoryOptions options = ThreeLists();
  options.years = YearRange{2020, 2021};
  Result<CaptureHistories> built = BuildCaptureHistories(SixPersons(), options);
  ASSERT_FALSE(built.ok());
  EXPECT_EQ(built.status().code(), StatusCode::kInvalidData);
  EXPECT_NE(built.status().message().find("2020-2021"), std::string::npos);
}

TEST(CaptureHistories, AStratumIsTheMostFrequentKnownValueTiesToTheEarliest) {
  const std::vector<Sighting> sightings = {
      // 1: female twice, male once -> female (history AB).
      At(1, 0, {2015, 1, 1}, {"female"}),
      At(1, 1, {2015, 2, 1}, {"female"}),
      At(1, 1, {2014, 1, 1}, {"male"}),
      // 2: one each; male registered first -> male (A).
      At(2, 0, {2016, 3, 1}, {"female"}),
      At(2, 0, {2016, 1, 1}, {"male"}),
      // 3: nothing known -> unknown (C).
      At(3, 2, {2016, 1, 1}, {"unknown"}),
      At(3, 2, {2016, 1, 2}, {""}),
      // 4: unknown does not count against a known value -> male (BC).
      At(4, 1, {2016, 1, 1}, {"unknown"}),
      At(4, 2, {2016, 5, 1}, {"unknown"}),
      At(4, 2, {2016, 6, 1}, {"male"}),
      // 5: a tie on the same day -> alphabetical, female (A).
      At(5, 0, {2017, 1, 1}, {"male"}),
      At(5, 0, {2017, 1, 1}, {"female"}),
  };
  Result<CaptureHistories> built = BuildCaptureHistories(sightings, ThreeLists({"gender"}));
  ASSERT_TRUE(built.ok()) << built.status().message();
  ASSERT_EQ(built->strata.size(), 3u);
  const Stratum& female = built->strata[0];
  const Stratum& male = built->strata[1];
  const Stratum& unknown = built->strata[2];
  EXPECT_EQ(female.field, "gender");
  EXPECT_EQ(female.value, "female");
  EXPECT_EQ(male.value, "male");
  EXPECT_EQ(unknown.value, "unknown");
  EXPECT_EQ(female.table.counts, (std::vector<std::int64_t>{0, 1, 0, 1, 0, 0, 0, 0}));
  EXPECT_EQ(male.table.counts, (std::vector<std::int64_t>{0, 1, 0, 0, 0, 0, 1, 0}));
  EXPECT_EQ(unknown.table.counts, (std::vector<std::int64_t>{0, 0, 0, 0, 1, 0, 0, 0}));
  EXPECT_EQ(female.table.lists, built->total.lists);
  EXPECT_EQ(
      female.table.observed_total() + male.table.observed_total() + unknown.table.observed_total(),
      built->total.observed_total());
}

TEST(CaptureHistories, TheYearsAlsoDecideWhichRecordsGiveTheStratum) {
  const std::vector<Sighting> sightings = {
      At(1, 0, {2015, 1, 1}, {"male"}), At(1, 0, {2015, 2, 1}, {"male"}),
      At(1, 1, {2016, 1, 1}, {"female"}),  // in 2016 only the female record counts
  };
  HistoryOptions options = ThreeLists({"gender"});
  options.years = YearRange{2016, 2019};
  Result<CaptureHistories> built = BuildCaptureHistories(sightings, options);
  ASSERT_TRUE(built.ok()) << built.status().message();
  ASSERT_EQ(built->strata.size(), 1u);
  EXPECT_EQ(built->strata[0].value, "female");
  EXPECT_EQ(built->strata[0].table.counts[0b010], 1);
}

TEST(CaptureHistories, EachFieldSplitsThePersonsOnItsOwn) {
  const std::vector<Sighting> sightings = {
      At(1, 0, {2016, 1, 1}, {"female", "0-14"}),
      At(2, 1, {2016, 1, 1}, {"male", "0-14"}),
      At(3, 2, {2016, 1, 1}, {"female", "unknown"}),
  };
  Result<CaptureHistories> built =
      BuildCaptureHistories(sightings, ThreeLists({"gender", "age_group"}));
  ASSERT_TRUE(built.ok()) << built.status().message();
  ASSERT_EQ(built->strata.size(), 4u);
  std::vector<std::string> labels;
  for (const Stratum& s : built->strata) {
    labels.push_back(s.field + "=" + s.value + ":" + std::to_string(s.table.observed_total()));
  }
  EXPECT_EQ(labels, (std::vector<std::string>{"gender=female:2", "gender=male:1",
                                              "age_group=0-14:2", "age_group=unknown:1"}));
}

TEST(CaptureHistories, RefusesSightingsItCannotPlace) {
  EXPECT_EQ(BuildCaptureHistories({At(0, 0, {2016, 1, 1})}, ThreeLists()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(BuildCaptureHistories({At(1, 3, {2016, 1, 1})}, ThreeLists()).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_EQ(
      BuildCaptureHistories({At(1, 0, {2016, 1, 1}, {"female"})}, ThreeLists()).status().code(),
      StatusCode::kInvalidArgument);
  HistoryOptions one;
  one.lists = {"A"};
  Result<CaptureHistories> built = BuildCaptureHistories({At(1, 0, {2016, 1, 1})}, one);
  ASSERT_FALSE(built.ok());
  EXPECT_NE(built.status().message().find("2 to 16 lists"), std::string::npos);
  EXPECT_EQ(BuildCaptureHistories({}, ThreeLists()).status().code(), StatusCode::kInvalidData);
}

TEST(RecordStratumValue, ReadsEachFieldOfARecord) {
  const Vocabulary& vocabulary = Vocabulary::Default();
  Record r;
  r.registration_date = {2019, 6, 1};
  r.gender = "female";
  r.domestic = "";
  r.exploitation_forms = {"unknown", "labour", "sexual"};
  r.age = 16;
  EXPECT_EQ(RecordStratumValue(r, StratumField::kGender, vocabulary), "female");
  EXPECT_EQ(RecordStratumValue(r, StratumField::kDomestic, vocabulary), "unknown");
  EXPECT_EQ(RecordStratumValue(r, StratumField::kExploitationForm, vocabulary), "labour");
  EXPECT_EQ(RecordStratumValue(r, StratumField::kAgeGroup, vocabulary), "15-17");
  r.exploitation_forms = {"unknown"};
  EXPECT_EQ(RecordStratumValue(r, StratumField::kExploitationForm, vocabulary), "unknown");
}

TEST(RecordStratumValue, AnAgeGroupFromTheBirthYearOnlyWhenBothPossibleAgesAgree) {
  const Vocabulary& vocabulary = Vocabulary::Default();
  Record r;
  r.registration_date = {2019, 6, 1};
  r.birth_year = 2000;  // 19 or 18: both 18-23
  EXPECT_EQ(RecordStratumValue(r, StratumField::kAgeGroup, vocabulary), "18-23");
  r.birth_year = 2001;  // 18 or 17: two groups
  EXPECT_EQ(RecordStratumValue(r, StratumField::kAgeGroup, vocabulary), "unknown");
  r.birth_year.reset();
  EXPECT_EQ(RecordStratumValue(r, StratumField::kAgeGroup, vocabulary), "unknown");
}

TEST(StratumField, ParsesTheFieldNamesAndRefusesOthers) {
  for (StratumField field : {StratumField::kAgeGroup, StratumField::kGender,
                             StratumField::kExploitationForm, StratumField::kDomestic}) {
    Result<StratumField> parsed = ParseStratumField(StratumFieldName(field));
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, field);
  }
  Result<StratumField> bad = ParseStratumField("nationality");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("age_group, gender"), std::string::npos);
}

TEST(YearRange, ParsesARangeOrOneYear) {
  Result<YearRange> range = ParseYearRange("2015-2019");
  ASSERT_TRUE(range.ok());
  EXPECT_EQ(range->first, 2015);
  EXPECT_EQ(range->last, 2019);
  Result<YearRange> one = ParseYearRange("2019");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->first, 2019);
  EXPECT_EQ(one->last, 2019);
  for (const char* bad : {"2019-2015", "15-19", "2015-", "twenty", "2015-2019-2020", ""}) {
    EXPECT_EQ(ParseYearRange(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace zicht::estimate
