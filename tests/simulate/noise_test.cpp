#include "simulate/noise.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cctype>

#include "simulate/name_pools.hpp"
#include "zicht/core/utf8.hpp"

namespace zicht::simulate {
namespace {

std::string LowerAscii(std::string text) {
  for (char& ch : text) ch = static_cast<char>(std::tolower(static_cast<unsigned char>(ch)));
  return text;
}

// Optimal-string-alignment distance on code points, ignoring ASCII case (a transposition
// at the start keeps the capital first: "Anna" -> "Nana").
int EditDistance(const std::string& a, const std::string& b) {
  const auto x = SplitCodePoints(LowerAscii(a));
  const auto y = SplitCodePoints(LowerAscii(b));
  std::vector<std::vector<int>> d(x.size() + 1, std::vector<int>(y.size() + 1));
  for (std::size_t i = 0; i <= x.size(); ++i) d[i][0] = static_cast<int>(i);
  for (std::size_t j = 0; j <= y.size(); ++j) d[0][j] = static_cast<int>(j);
  for (std::size_t i = 1; i <= x.size(); ++i) {
    for (std::size_t j = 1; j <= y.size(); ++j) {
      const int cost = x[i - 1] == y[j - 1] ? 0 : 1;
      d[i][j] = std::min({d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost});
      if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1]) {
        d[i][j] = std::min(d[i][j], d[i - 2][j - 2] + 1);
      }
    }
  }
  return d[x.size()][y.size()];
}

TEST(Typo, MakesAtMostOneEditAndKeepsUtf8Valid) {
  Rng rng(1);
  int changed = 0;
  for (const char* name : {"Małgorzata", "de Vries", "Nguyễn", "Osagie", "Li"}) {
    for (int i = 0; i < 200; ++i) {
      const std::string typo = Typo(name, rng);
      ASSERT_TRUE(IsValidUtf8(typo)) << name;
      ASSERT_LE(EditDistance(name, typo), 1) << name << " -> " << typo;
      ASSERT_FALSE(typo.empty());
      ASSERT_NE(typo.front(), ' ');
      changed += typo != name;
    }
  }
  EXPECT_GT(changed, 500);  // most attempts change the name
}

TEST(WithDateError, GivesRealDaysNoLaterThanTheRegistration) {
  Rng rng(2);
  const Date registration{2016, 3, 1};
  for (long day = Date{1990, 1, 1}.DaysSinceEpoch(); day < Date{2006, 1, 1}.DaysSinceEpoch();
       day += 13) {
    const Date birth = Date::FromDaysSinceEpoch(day);
    for (DateError e :
         {DateError::kDayMonthSwap, DateError::kWrongYear, DateError::kJanuaryFirst}) {
      const Date wrong = WithDateError(birth, e, registration, rng);
      ASSERT_TRUE(wrong.IsValid());
      ASSERT_LE(wrong, registration);
    }
  }
  EXPECT_EQ(WithDateError({2000, 5, 9}, DateError::kDayMonthSwap, registration, rng),
            (Date{2000, 9, 5}));
  EXPECT_EQ(WithDateError({2000, 5, 19}, DateError::kDayMonthSwap, registration, rng),
            (Date{2000, 5, 19}));
  EXPECT_EQ(WithDateError({2000, 5, 19}, DateError::kJanuaryFirst, registration, rng),
            (Date{2000, 1, 1}));
  // A wrong year that would fall after the registration is not made.
  EXPECT_EQ(WithDateError({2016, 2, 1}, DateError::kWrongYear, registration, rng).year <= 2016,
            true);
}

Person SomePerson() {
  Person p;
  p.entity_id = 1;
  p.date_of_birth = {1998, 4, 17};
  p.country = static_cast<std::uint8_t>(*NamePools::Get().IndexOf("PL"));
  p.gender = Gender::kFemale;
  p.given_name = 1;   // Katarzyna
  p.family_name = 1;  // Kowalski -> Kowalska
  p.forms = kSexual;
  p.sector = 4;
  return p;
}

TEST(MakeNoisyRecord, WithoutNoiseWritesTheTruth) {
  NoiseParameters none;
  none = NoiseParameters{0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1.0, 0};
  Rng rng(3);
  const Person p = SomePerson();
  const NoisyRecord r = MakeNoisyRecord(p, none, {2017, 6, 1}, rng);
  EXPECT_EQ(r.given_name, "Katarzyna");
  EXPECT_EQ(r.family_name, "Kowalska");
  ASSERT_TRUE(r.date_of_birth.has_value());
  EXPECT_EQ(*r.date_of_birth, p.date_of_birth);
  EXPECT_EQ(r.age, 19);
  EXPECT_TRUE(r.personal_id);
  EXPECT_TRUE(r.gender_known && r.nationality_known && r.forms_known && r.sector_known &&
              r.domestic_known);
}

TEST(MakeNoisyRecord, DamagesIdentifiersAtTheConfiguredRates) {
  NoiseParameters noise;
  noise.typo = 0.2;
  noise.missing_dob = 0.1;
  noise.missing_family = 0.3;
  noise.nickname = 0.0;
  noise.transliteration = 0.0;
  noise.swap_names = 0.0;
  noise.missing_given = 0.0;
  noise.dob_day_month_swap = noise.dob_wrong_year = noise.dob_january_first = 0.0;
  Rng rng(4);
  const Person p = SomePerson();
  int given_changed = 0, family_missing = 0, dob_missing = 0;
  constexpr int kRecords = 20000;
  for (int i = 0; i < kRecords; ++i) {
    const NoisyRecord r = MakeNoisyRecord(p, noise, {2017, 6, 1}, rng);
    given_changed += r.given_name != "Katarzyna";
    family_missing += r.family_name.empty();
    dob_missing += !r.date_of_birth.has_value();
  }
  // A typo leaves the name unchanged now and then (a substitution next to a space, a
  // too-short name), so the changed share is a little below 0.2; sd of a share 0.003.
  EXPECT_NEAR(given_changed / double(kRecords), 0.19, 0.015);
  EXPECT_NEAR(family_missing / double(kRecords), 0.3, 0.015);
  EXPECT_NEAR(dob_missing / double(kRecords), 0.1, 0.012);
}

}  // namespace
}  // namespace zicht::simulate
