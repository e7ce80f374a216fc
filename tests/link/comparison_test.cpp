#include "zicht/link/comparison.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "link/link_fixtures.hpp"

namespace zicht::link {
namespace {

using fixtures::BitRange;
using fixtures::Build;
using fixtures::DigestOf;
using fixtures::EmptyRecord;

// Family-name levels with the default thresholds {0.9, 0.8, 0.65}: 0 missing, 1 exact, 2..4
// Dice at or above each threshold, 5 swapped with the other name, 6 different.
constexpr int kMissing = 0;
constexpr int kExact = 1;
constexpr int kDice90 = 2;
constexpr int kDice80 = 3;
constexpr int kDice65 = 4;
constexpr int kNameSwapped = 5;
constexpr int kNameDifferent = 6;
// The given name has one level more after exact: a variant of one name (a nickname).
constexpr int kGivenVariant = 2;
constexpr int kGivenDice90 = kDice90 + 1;
constexpr int kGivenDice80 = kDice80 + 1;
constexpr int kGivenDice65 = kDice65 + 1;
constexpr int kGivenSwapped = kNameSwapped + 1;
constexpr int kGivenDifferent = kNameDifferent + 1;

// Date-of-birth levels.
constexpr int kDobExact = 1;
constexpr int kDobSwapped = 2;
constexpr int kDobOnePartWrong = 3;
constexpr int kDobSameYear = 4;
constexpr int kDobOneApart = 5;
constexpr int kDobTwoApart = 6;

// Two-valued levels.
constexpr int kAgree = 1;
constexpr int kDisagree = 2;

LinkConfig OnlyComparison(ComparisonKind kind) {
  LinkConfig config = DefaultLinkConfig();
  config.comparisons = {{kind, std::string(NameOf(kind))}};
  return config;
}

// A record whose given name is the token `token` with a 20-bit filter starting at `first`.
Record GivenName(const std::string& id, std::uint64_t token, int first, int bits = 20) {
  Record r = EmptyRecord("s", id);
  r.identifiers.given_name_tokens = {DigestOf(token)};
  r.identifiers.given_name_bloom = BitRange(first, bits);
  return r;
}

int GivenLevel(const Record& a, const Record& b, const LinkConfig& config) {
  const LinkRecords records = Build({a, b});
  const Comparator comparator(records, config);
  return comparator.Level(0, 0, 1);
}

TEST(Comparator, NamesWithTheSameTokensAgreeExactlyWhateverTheirFilters) {
  const LinkConfig config = OnlyComparison(ComparisonKind::kGivenName);
  // Same token set, filters far apart: the token set decides "exact".
  EXPECT_EQ(GivenLevel(GivenName("a", 5, 0), GivenName("b", 5, 500), config), kExact);
}

// A nickname and the full name (Kasia, Katarzyna) are different tokens with filters apart,
// but the lexicon at ingest gave them one variant group: that is a level of its own, after
// exact and before any Dice level. The family name has no such level.
TEST(Comparator, GivenNamesInOneVariantGroupGetTheVariantLevel) {
  const LinkConfig config = OnlyComparison(ComparisonKind::kGivenName);
  Record full = GivenName("a", 1, 0);
  full.identifiers.given_name_variants = {DigestOf(900), DigestOf(901)};
  Record nickname = GivenName("b", 2, 500);
  nickname.identifiers.given_name_variants = {DigestOf(901)};
  Record other = GivenName("c", 3, 700);
  other.identifiers.given_name_variants = {DigestOf(902)};
  Record close = GivenName("d", 4, 1);  // Dice 0.95 with a, in no group
  EXPECT_EQ(GivenLevel(full, nickname, config), kGivenVariant);
  EXPECT_EQ(GivenLevel(nickname, full, config), kGivenVariant);
  EXPECT_EQ(GivenLevel(full, other, config), kGivenDifferent);
  EXPECT_EQ(GivenLevel(full, close, config), kGivenDice90);
  Record same = GivenName("e", 1, 300);  // the same token: exact before variant
  same.identifiers.given_name_variants = full.identifiers.given_name_variants;
  EXPECT_EQ(GivenLevel(full, same, config), kExact);
  const LinkRecords records = Build({full});
  EXPECT_EQ(Comparator(records, config).comparisons()[0].labels[kGivenVariant],
            "variant (nickname or spelling)");
}

// Filters of 20 bits each sharing k bits: Dice = 2k / 40 = k / 20, so the thresholds
// 0.9, 0.8 and 0.65 fall at k = 18, 16 and 13 exactly (each a double equal to the literal).
TEST(Comparator, NameDiceLevelsIncludeTheirThresholds) {
  const LinkConfig config = OnlyComparison(ComparisonKind::kGivenName);
  struct Case {
    int shared;
    int level;
  };
  for (const Case c :
       {Case{20, kGivenDice90}, Case{19, kGivenDice90}, Case{18, kGivenDice90},
        Case{17, kGivenDice80}, Case{16, kGivenDice80}, Case{15, kGivenDice65},
        Case{13, kGivenDice65}, Case{12, kGivenDifferent}, Case{0, kGivenDifferent}}) {
    // Different tokens (1 and 2), filters [0, 20) and [20 - shared, 40 - shared).
    EXPECT_EQ(GivenLevel(GivenName("a", 1, 0), GivenName("b", 2, 20 - c.shared), config), c.level)
        << "shared bits " << c.shared;
  }
}

TEST(Comparator, NameLevelsFollowConfiguredThresholds) {
  LinkConfig config = OnlyComparison(ComparisonKind::kGivenName);
  config.name_dice_thresholds = {0.7};
  const LinkRecords records = Build({GivenName("a", 1, 0), GivenName("b", 2, 6)});  // Dice 0.7
  const Comparator comparator(records, config);
  ASSERT_EQ(comparator.comparisons()[0].labels.size(), 6u);
  EXPECT_EQ(comparator.comparisons()[0].labels[0], "missing");
  EXPECT_EQ(comparator.comparisons()[0].labels[1], "exact");
  EXPECT_EQ(comparator.comparisons()[0].labels[4], "swapped with the other name");
  EXPECT_EQ(comparator.comparisons()[0].labels[5], "different");
  EXPECT_EQ(comparator.Level(0, 0, 1), 3);
  const LinkRecords far = Build({GivenName("a", 1, 0), GivenName("b", 2, 7)});  // Dice 0.65
  EXPECT_EQ(Comparator(far, config).Level(0, 0, 1), 5);
}

// A source that put the family name in the given-name field: the filters of different fields
// share nothing (they have different keys), but the tokens do.
TEST(Comparator, NamesSwappedBetweenFieldsGetTheSwappedLevel) {
  LinkConfig config = DefaultLinkConfig();
  config.comparisons = {{ComparisonKind::kGivenName, "given_name"},
                        {ComparisonKind::kFamilyName, "family_name"}};
  Record a = EmptyRecord("s", "a");
  a.identifiers.given_name_tokens = {DigestOf(101)};
  a.identifiers.family_name_tokens = {DigestOf(202)};
  a.identifiers.given_name_bloom = BitRange(0, 20);
  a.identifiers.family_name_bloom = BitRange(100, 20);
  Record b = EmptyRecord("s", "b");
  b.identifiers.given_name_tokens = {DigestOf(202)};
  b.identifiers.family_name_tokens = {DigestOf(101)};
  b.identifiers.given_name_bloom = BitRange(300, 20);
  b.identifiers.family_name_bloom = BitRange(400, 20);
  // No token in common with a in either field.
  Record c = EmptyRecord("s", "c");
  c.identifiers.given_name_tokens = {DigestOf(303)};
  c.identifiers.family_name_tokens = {DigestOf(404)};
  c.identifiers.given_name_bloom = BitRange(500, 20);
  c.identifiers.family_name_bloom = BitRange(600, 20);
  const LinkRecords records = Build({a, b, c});
  const Comparator comparator(records, config);
  EXPECT_EQ(comparator.Level(0, 0, 1), kGivenSwapped);
  EXPECT_EQ(comparator.Level(1, 0, 1), kNameSwapped);
  EXPECT_EQ(comparator.Level(0, 1, 0), kGivenSwapped);
  EXPECT_EQ(comparator.Level(0, 0, 2), kGivenDifferent);
  EXPECT_EQ(comparator.Level(1, 0, 2), kNameDifferent);
}

// A given name "P Q R" (a family name written in the given name's field, with its
// particles P and Q) against a family name "P S T": they share the particle P, but no
// whole name moved field. "P Q R" against a record whose family name is "P Q R" did
// swap. Tokens as hashes 1 to 7.
TEST(Comparator, ASharedParticleIsNotASwappedName) {
  LinkConfig config = DefaultLinkConfig();
  config.comparisons = {{ComparisonKind::kGivenName, "given_name"},
                        {ComparisonKind::kFamilyName, "family_name"}};
  auto named = [](const std::string& id, std::vector<std::uint64_t> given,
                  std::vector<std::uint64_t> family, int first) {
    Record r = EmptyRecord("s", id);
    for (std::uint64_t t : given) r.identifiers.given_name_tokens.push_back(DigestOf(t));
    for (std::uint64_t t : family) r.identifiers.family_name_tokens.push_back(DigestOf(t));
    r.identifiers.given_name_bloom = BitRange(first, 20);
    r.identifiers.family_name_bloom = BitRange(first + 100, 20);
    return r;
  };
  const LinkRecords records = Build({named("a", {1, 2, 3}, {6}, 0), named("b", {7}, {1, 4, 5}, 300),
                                     named("c", {6}, {1, 2, 3}, 600)});
  const Comparator comparator(records, config);
  EXPECT_EQ(comparator.Level(0, 0, 1), kGivenDifferent);
  EXPECT_EQ(comparator.Level(1, 0, 1), kNameDifferent);
  EXPECT_EQ(comparator.Level(0, 0, 2), kGivenSwapped);
  EXPECT_EQ(comparator.Level(1, 0, 2), kNameSwapped);
}

// One name in the other field (given A, family B against given C, family A) is one piece
// of evidence: the given name is swapped, the family name different. Only a whole swap
// (given B, family A) makes both swapped. Tokens: 1 for A, 2 for B, 3 for C.
TEST(Comparator, OneMovedNameCountsOnTheGivenNameOnly) {
  LinkConfig config = DefaultLinkConfig();
  config.comparisons = {{ComparisonKind::kGivenName, "given_name"},
                        {ComparisonKind::kFamilyName, "family_name"}};
  auto named = [](const std::string& id, std::uint64_t given, std::uint64_t family, int first) {
    Record r = EmptyRecord("s", id);
    r.identifiers.given_name_tokens = {DigestOf(given)};
    r.identifiers.family_name_tokens = {DigestOf(family)};
    r.identifiers.given_name_bloom = BitRange(first, 20);
    r.identifiers.family_name_bloom = BitRange(first + 100, 20);
    return r;
  };
  const LinkRecords records =
      Build({named("a", 1, 2, 0), named("b", 3, 1, 300), named("c", 2, 1, 600)});
  const Comparator comparator(records, config);
  for (auto [x, y] : {std::pair<std::uint32_t, std::uint32_t>{0, 1}, {1, 0}}) {
    EXPECT_EQ(comparator.Level(0, x, y), kGivenSwapped);
    EXPECT_EQ(comparator.Level(1, x, y), kNameDifferent);
  }
  EXPECT_EQ(comparator.Level(0, 0, 2), kGivenSwapped);
  EXPECT_EQ(comparator.Level(1, 0, 2), kNameSwapped);
}

TEST(Comparator, AMissingNameIsMissingNotDifferent) {
  const LinkConfig config = OnlyComparison(ComparisonKind::kGivenName);
  Record none = EmptyRecord("s", "none");
  EXPECT_EQ(GivenLevel(GivenName("a", 1, 0), none, config), kMissing);
  EXPECT_EQ(GivenLevel(none, GivenName("a", 1, 0), config), kMissing);
  EXPECT_EQ(GivenLevel(none, none, config), kMissing);
  // Tokens without a filter (a name that normalised to nothing) count as missing too.
  Record tokens_only = EmptyRecord("s", "t");
  tokens_only.identifiers.given_name_tokens = {DigestOf(1)};
  EXPECT_EQ(GivenLevel(GivenName("a", 1, 0), tokens_only, config), kMissing);
}

TEST(Comparator, FamilyNamesAreComparedOnTheirOwnField) {
  const LinkConfig config = OnlyComparison(ComparisonKind::kFamilyName);
  Record a = EmptyRecord("s", "a");
  a.identifiers.given_name_tokens = {DigestOf(1)};
  a.identifiers.given_name_bloom = BitRange(0, 20);
  a.identifiers.family_name_tokens = {DigestOf(7)};
  a.identifiers.family_name_bloom = BitRange(200, 20);
  Record b = a;
  b.identifiers.given_name_tokens = {DigestOf(2)};
  b.identifiers.given_name_bloom = BitRange(700, 20);
  b.identifiers.family_name_tokens = {DigestOf(8)};
  b.identifiers.family_name_bloom = BitRange(202, 20);  // 18 shared: Dice 0.9
  const LinkRecords records = Build({a, b});
  EXPECT_EQ(Comparator(records, config).Level(0, 0, 1), kDice90);
}

// ----- Dates of birth ---------------------------------------------------------------------

// A record with date of birth `dob` (hash), its day-month swap `swapped` (0: none) and
// birth year `year` (0: none).
Record Born(const std::string& id, std::uint64_t dob, std::uint64_t swapped, int year) {
  Record r = EmptyRecord("s", id);
  if (dob != 0) r.identifiers.date_of_birth = DigestOf(dob);
  if (swapped != 0) r.identifiers.date_of_birth_swapped = DigestOf(swapped);
  if (year != 0) r.birth_year = year;
  return r;
}

// A date given by its parts, encoded as the encoder does: the full date, and each two of
// its three parts (hashes made distinct per kind of part).
Record BornOn(const std::string& id, int year, int month, int day) {
  Record r = EmptyRecord("s", id);
  const auto y = static_cast<std::uint64_t>(year);
  const auto m = static_cast<std::uint64_t>(month);
  const auto d = static_cast<std::uint64_t>(day);
  r.identifiers.date_of_birth = DigestOf((y << 16) | (m << 8) | d);
  if (day <= 12 && day != month)
    r.identifiers.date_of_birth_swapped = DigestOf((y << 16) | (d << 8) | m);
  r.identifiers.dob_month_day = DigestOf((1ULL << 40) | (m << 8) | d);
  r.identifiers.dob_year_month = DigestOf((2ULL << 40) | (y << 16) | (m << 8));
  r.identifiers.dob_year_day = DigestOf((3ULL << 40) | (y << 16) | d);
  r.birth_year = year;
  return r;
}

int DobLevel(const Record& a, const Record& b) {
  const LinkRecords records = Build({a, b});
  const Comparator comparator(records, OnlyComparison(ComparisonKind::kDateOfBirth));
  const int level = comparator.Level(0, 0, 1);
  EXPECT_EQ(comparator.Level(0, 1, 0), level) << "the level must not depend on the order";
  return level;
}

TEST(Comparator, DateOfBirthLevels) {
  // 1990-03-04 is hash 34, its swap 1990-04-03 hash 43; 1990-05-06 is hash 56.
  const Record march = Born("a", 34, 43, 1990);
  EXPECT_EQ(DobLevel(march, Born("b", 34, 43, 1990)), kDobExact);
  EXPECT_EQ(DobLevel(march, Born("b", 43, 34, 1990)), kDobSwapped);
  EXPECT_EQ(DobLevel(march, Born("b", 56, 65, 1990)), kDobSameYear);
  EXPECT_EQ(DobLevel(march, Born("b", 77, 0, 1991)), kDobOneApart);
  EXPECT_EQ(DobLevel(march, Born("b", 77, 0, 1989)), kDobOneApart);
  EXPECT_EQ(DobLevel(march, Born("b", 77, 0, 1992)), kDobTwoApart);
  EXPECT_EQ(DobLevel(march, Born("b", 77, 0, 1970)), kDobTwoApart);
  // Without both dates the date of birth is missing: the birth_year comparison takes over.
  EXPECT_EQ(DobLevel(march, Born("b", 0, 0, 1990)), kMissing);
  EXPECT_EQ(DobLevel(Born("a", 0, 0, 1990), Born("b", 0, 0, 1993)), kMissing);
  EXPECT_EQ(DobLevel(march, Born("b", 0, 0, 0)), kMissing);
  EXPECT_EQ(DobLevel(Born("a", 0, 0, 0), Born("b", 0, 0, 0)), kMissing);
}

TEST(Comparator, ADateWrongInOnePartIsItsOwnLevel) {
  const Record date = BornOn("a", 1990, 3, 14);
  EXPECT_EQ(DobLevel(date, BornOn("b", 1990, 3, 14)), kDobExact);
  EXPECT_EQ(DobLevel(date, BornOn("b", 2000, 3, 14)), kDobOnePartWrong);  // year off by ten
  EXPECT_EQ(DobLevel(date, BornOn("b", 1990, 8, 14)), kDobOnePartWrong);  // month
  EXPECT_EQ(DobLevel(date, BornOn("b", 1990, 3, 15)), kDobOnePartWrong);  // day
  EXPECT_EQ(DobLevel(date, BornOn("b", 1990, 4, 15)), kDobSameYear);      // two parts wrong
  EXPECT_EQ(DobLevel(date, BornOn("b", 1991, 3, 15)), kDobOneApart);
  EXPECT_EQ(DobLevel(BornOn("a", 1990, 3, 4), BornOn("b", 1990, 4, 3)), kDobSwapped);
  // The parts are only read when both full dates are there.
  Record parts_only = BornOn("b", 1990, 3, 14);
  parts_only.identifiers.date_of_birth.reset();
  EXPECT_EQ(DobLevel(date, parts_only), kMissing);
}

int YearLevel(const Record& a, const Record& b) {
  const LinkRecords records = Build({a, b});
  const Comparator comparator(records, OnlyComparison(ComparisonKind::kBirthYear));
  const int level = comparator.Level(0, 0, 1);
  EXPECT_EQ(comparator.Level(0, 1, 0), level) << "the level must not depend on the order";
  return level;
}

// Birth-year levels: 1 same year (an age's year within one), 2 one apart, 3 two or more.
constexpr int kYearSame = 1;
constexpr int kYearOneApart = 2;
constexpr int kYearTwoApart = 3;

// Two full dates are the date of birth's to compare; the birth years compare only where
// one record lacks its date, so that their m is estimated on those pairs alone (among
// matches a year without a date agrees far more often than two differing dates do).
TEST(Comparator, BirthYearsCompareOnlyWithoutTwoDates) {
  const Record march = Born("a", 34, 43, 1990);
  EXPECT_EQ(YearLevel(march, Born("b", 56, 65, 1990)), kMissing);
  EXPECT_EQ(YearLevel(march, Born("b", 0, 0, 1990)), kYearSame);
  EXPECT_EQ(YearLevel(march, Born("b", 0, 0, 1991)), kYearOneApart);
  EXPECT_EQ(YearLevel(Born("a", 0, 0, 1990), Born("b", 0, 0, 1993)), kYearTwoApart);
  EXPECT_EQ(YearLevel(march, Born("b", 0, 0, 0)), kMissing);
  EXPECT_EQ(YearLevel(Born("a", 0, 0, 0), Born("b", 0, 0, 0)), kMissing);
}

TEST(Comparator, ABirthYearFromAnAgeIsTakenToWithinOneYear) {
  // Age 25 at a registration in 2019: born 1993 or 1994; linkage places it at 1994 +- 1.
  Record from_age = EmptyRecord("s", "a");
  from_age.registration_date = {2019, 6, 1};
  from_age.age = 25;
  const LinkRecords records = Build({from_age});
  EXPECT_EQ(records.birth_year[0], 1994);
  EXPECT_EQ(records.birth_year_from_age[0], 1);
  EXPECT_EQ(YearLevel(from_age, Born("b", 77, 0, 1994)), kYearSame);
  EXPECT_EQ(YearLevel(from_age, Born("b", 77, 0, 1993)), kYearSame);
  EXPECT_EQ(YearLevel(from_age, Born("b", 77, 0, 1992)), kYearOneApart);
  EXPECT_EQ(YearLevel(from_age, Born("b", 77, 0, 1991)), kYearTwoApart);
  EXPECT_EQ(DobLevel(from_age, Born("b", 77, 0, 1994)), kMissing);
  // A stated birth year wins over the age.
  Record both = from_age;
  both.birth_year = 1980;
  const LinkRecords stated = Build({both});
  EXPECT_EQ(stated.birth_year[0], 1980);
  EXPECT_EQ(stated.birth_year_from_age[0], 0);
}

// Someone aged 25 at a registration in 2019 was born in 1993 or 1994, never in 1995: the
// nearest possible birth year to 1995 is 1994, one apart; to 1996 it is two apart.
TEST(Comparator, ABirthYearFromAnAgeNeverReachesPastTheRegistrationYearMinusTheAge) {
  Record from_age = EmptyRecord("s", "a");
  from_age.registration_date = {2019, 6, 1};
  from_age.age = 25;
  EXPECT_EQ(YearLevel(from_age, Born("b", 77, 0, 1995)), kYearOneApart);
  EXPECT_EQ(YearLevel(from_age, Born("b", 77, 0, 1996)), kYearTwoApart);
  // Two ages: 25 in 2019 (1993-1994) and 24 in 2018 (1993-1994) agree; 22 in 2019
  // (1996-1997) is two years from 1994.
  Record again = EmptyRecord("s", "b");
  again.registration_date = {2018, 3, 1};
  again.age = 24;
  EXPECT_EQ(YearLevel(from_age, again), kYearSame);
  again.registration_date = {2019, 3, 1};
  again.age = 22;
  EXPECT_EQ(YearLevel(from_age, again), kYearTwoApart);
}

// A stored date of birth keeps its year and the age it gave at registration, which tells
// whether the birthday had passed: born in 1994 and 24 on 1 March 2019 is born between
// 2 March and 31 December 1994. Someone 25 on 1 February 2019 was born between 2 February
// 1993 and 1 February 1994: the same birth year as the other's by the old rule (1993 or
// 1994), but not a day both allow.
TEST(Comparator, AnAgeAndADateOfBirthAgreeOnlyOnBirthDaysBothAllow) {
  Record dated = Born("a", 77, 0, 1994);
  dated.registration_date = {2019, 3, 1};
  dated.age = 24;
  const LinkRecords records = Build({dated});
  EXPECT_EQ(Date::FromDaysSinceEpoch(records.born_from_day[0]), (Date{1994, 3, 2}));
  EXPECT_EQ(Date::FromDaysSinceEpoch(records.born_to_day[0]), (Date{1994, 12, 31}));

  Record aged = EmptyRecord("s", "b");
  aged.registration_date = {2019, 6, 1};  // born 1993-06-02 to 1994-06-01
  aged.age = 25;
  EXPECT_EQ(YearLevel(dated, aged), kYearSame);
  aged.registration_date = {2019, 2, 1};  // born 1993-02-02 to 1994-02-01: 29 days short
  EXPECT_EQ(YearLevel(dated, aged), kYearOneApart);
  aged.registration_date = {2018, 1, 15};
  aged.age = 24;  // born 1993-01-16 to 1994-01-15: 46 days short
  EXPECT_EQ(YearLevel(dated, aged), kYearOneApart);
  aged.age = 25;  // born 1992-01-16 to 1993-01-15: 411 days short, more than a year
  EXPECT_EQ(YearLevel(dated, aged), kYearTwoApart);
}

// Born on 29 February: a year later the age turns on 28 February (or 1 March); the range
// of birth days is still one year long and holds the day.
TEST(Comparator, AnAgeOnTwentyNinthFebruaryGivesAYearOfBirthDays) {
  Record aged = EmptyRecord("s", "a");
  aged.registration_date = {2020, 2, 29};
  aged.age = 3;
  const LinkRecords records = Build({aged});
  EXPECT_EQ(Date::FromDaysSinceEpoch(records.born_from_day[0]), (Date{2016, 3, 1}));
  EXPECT_EQ(Date::FromDaysSinceEpoch(records.born_to_day[0]), (Date{2017, 2, 28}));
}

// ----- Exact hashes and categories --------------------------------------------------------

TEST(Comparator, KeyedHashesAgreeOnlyWhenEqualAndBothPresent) {
  for (const ComparisonKind kind :
       {ComparisonKind::kPersonalId, ComparisonKind::kPhone, ComparisonKind::kEmail}) {
    auto with = [&](const std::string& id, std::uint64_t value) {
      Record r = EmptyRecord("s", id);
      std::optional<Digest>& field = kind == ComparisonKind::kPersonalId ? r.identifiers.personal_id
                                     : kind == ComparisonKind::kPhone    ? r.identifiers.phone
                                                                         : r.identifiers.email;
      if (value != 0) field = DigestOf(value);
      return r;
    };
    const LinkRecords records = Build({with("a", 9), with("b", 9), with("c", 10), with("d", 0)});
    const Comparator comparator(records, OnlyComparison(kind));
    const std::string name(NameOf(kind));
    EXPECT_EQ(comparator.Level(0, 0, 1), kAgree) << name;
    EXPECT_EQ(comparator.Level(0, 0, 2), kDisagree) << name;
    EXPECT_EQ(comparator.Level(0, 0, 3), kMissing) << name;
    EXPECT_EQ(comparator.Level(0, 3, 3), kMissing) << name;
    EXPECT_EQ(comparator.ExactValue(0, 0), 9u) << name;
    EXPECT_EQ(comparator.ExactValue(0, 3), 0u) << name;
    EXPECT_EQ(comparator.comparisons()[0].labels,
              (std::vector<std::string>{"missing", "exact", "different"}));
  }
}

TEST(Comparator, UnknownGenderAndNationalityAreMissing) {
  auto with = [](const std::string& id, const std::string& gender, const std::string& nat) {
    Record r = EmptyRecord("s", id);
    r.gender = gender;
    r.nationality = nat;
    return r;
  };
  const LinkRecords records =
      Build({with("a", "female", "NG"), with("b", "female", "NG"), with("c", "male", "RO"),
             with("d", "unknown", "unknown"), with("e", "", "")});
  LinkConfig config = DefaultLinkConfig();
  config.comparisons = {{ComparisonKind::kGender, "gender"},
                        {ComparisonKind::kNationality, "nationality"}};
  const Comparator comparator(records, config);
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_EQ(comparator.Level(c, 0, 1), kAgree);
    EXPECT_EQ(comparator.Level(c, 0, 2), kDisagree);
    EXPECT_EQ(comparator.Level(c, 0, 3), kMissing);
    EXPECT_EQ(comparator.Level(c, 3, 4), kMissing);  // unknown and empty are not agreement
    EXPECT_EQ(comparator.Level(c, 0, 4), kMissing);
  }
}

TEST(Comparator, SectorDomesticAndFormsCompareAsCategories) {
  auto with = [](const std::string& id, const std::string& sector, const std::string& domestic,
                 std::vector<std::string> forms) {
    Record r = EmptyRecord("s", id);
    r.sector = sector;
    r.domestic = domestic;
    r.exploitation_forms = std::move(forms);
    return r;
  };
  const LinkRecords records = Build(
      {with("a", "window", "domestic", {"sexual"}), with("b", "window", "domestic", {"sexual"}),
       with("c", "street", "cross_border", {"sexual", "criminal"}),
       with("d", "unknown", "unknown", {"labour"}), with("e", "", "", {"unknown"})});
  LinkConfig config = DefaultLinkConfig();
  config.comparisons = {{ComparisonKind::kSector, "sector"},
                        {ComparisonKind::kDomestic, "domestic"},
                        {ComparisonKind::kExploitationForm, "exploitation_form"}};
  const Comparator comparator(records, config);
  for (std::size_t c = 0; c < 2; ++c) {
    EXPECT_EQ(comparator.Level(c, 0, 1), kAgree);
    EXPECT_EQ(comparator.Level(c, 0, 2), kDisagree);
    EXPECT_EQ(comparator.Level(c, 0, 3), kMissing);
    EXPECT_EQ(comparator.Level(c, 3, 4), kMissing);
  }
  // Forms: 1 the same set, 2 one in common, 3 none in common; unknown is missing.
  EXPECT_EQ(comparator.Level(2, 0, 1), 1);
  EXPECT_EQ(comparator.Level(2, 0, 2), 2);
  EXPECT_EQ(comparator.Level(2, 2, 0), 2);
  EXPECT_EQ(comparator.Level(2, 0, 3), 3);
  EXPECT_EQ(comparator.Level(2, 0, 4), kMissing);
  EXPECT_EQ(comparator.ExactValue(2, 0), comparator.ExactValue(2, 1));
  EXPECT_NE(comparator.ExactValue(2, 0), comparator.ExactValue(2, 2));
}

TEST(Comparator, RegistrationDatesAreGradedByTheDaysBetweenThem) {
  auto on = [](const std::string& id, Date date) {
    Record r = EmptyRecord("s", id);
    r.registration_date = date;
    return r;
  };
  // 2019-06-01 against: the same day, 30 days later, 31, 120, 121, 365, 366, 730, 731.
  const LinkRecords records = Build(
      {on("a", {2019, 6, 1}), on("b", {2019, 6, 1}), on("c", {2019, 7, 1}), on("d", {2019, 7, 2}),
       on("e", {2019, 9, 29}), on("f", {2019, 9, 30}), on("g", {2020, 5, 31}),
       on("h", {2020, 6, 1}), on("i", {2021, 5, 31}), on("j", {2021, 6, 1}), on("k", {})});
  const Comparator comparator(records, OnlyComparison(ComparisonKind::kRegistrationDate));
  const std::vector<int> expected = {1, 1, 2, 2, 3, 3, 4, 4, 5};
  for (std::uint32_t i = 1; i <= expected.size(); ++i) {
    EXPECT_EQ(comparator.Level(0, 0, i), expected[i - 1]) << "record " << i;
    EXPECT_EQ(comparator.Level(0, i, 0), expected[i - 1]) << "record " << i;
  }
  EXPECT_EQ(comparator.Level(0, 0, 10), kMissing);  // no registration date
  EXPECT_EQ(
      comparator.comparisons()[0].labels,
      (std::vector<std::string>{"missing", "within 30 days", "within 120 days", "within 365 days",
                                "within 730 days", "more than 730 days apart"}));
}

// ----- The vector -------------------------------------------------------------------------

TEST(Comparator, CompareHoldsEachComparisonsLevelInItsOwnFourBits) {
  Record a = Born("a", 34, 43, 1990);
  a.identifiers.given_name_tokens = {DigestOf(1)};
  a.identifiers.given_name_bloom = BitRange(0, 20);
  a.identifiers.phone = DigestOf(5);
  a.gender = "female";
  a.nationality = "NG";
  Record b = Born("b", 43, 34, 1990);  // swapped date
  b.identifiers.given_name_tokens = {DigestOf(2)};
  b.identifiers.given_name_bloom = BitRange(3, 20);  // Dice 0.85
  b.identifiers.phone = DigestOf(6);
  b.gender = "female";
  b.nationality = "unknown";
  const LinkRecords records = Build({a, b});
  const Comparator comparator(records, DefaultLinkConfig());
  ASSERT_EQ(comparator.comparisons().size(), 13u);
  // given, family, dob, birth year, personal id, phone, email, gender, nationality, sector,
  // exploitation form, domestic, registration date (both 2019-06-1: within 30 days).
  const std::vector<int> expected = {
      kGivenDice80, kMissing, kDobSwapped, kMissing, kMissing, kDisagree, kMissing,
      kAgree,       kMissing, kMissing,    kMissing, kMissing, 1};
  const Gamma gamma = comparator.Compare(0, 1);
  for (std::size_t c = 0; c < expected.size(); ++c) {
    EXPECT_EQ(LevelOf(gamma, c), expected[c]) << comparator.comparisons()[c].spec.name;
    EXPECT_EQ(comparator.Level(c, 0, 1), expected[c]);
  }
  EXPECT_EQ(comparator.Compare(1, 0), gamma);
}

TEST(Comparator, EveryLevelHasALabelAndExactLevelsAreMarked) {
  LinkConfig config = DefaultLinkConfig();
  config.term_frequency = true;
  const LinkRecords records = Build({EmptyRecord("s", "a")});
  const Comparator comparator(records, config);
  for (const ComparisonLevels& levels : comparator.comparisons()) {
    ASSERT_FALSE(levels.labels.empty());
    EXPECT_EQ(levels.labels[0], "missing");
    EXPECT_LE(levels.labels.size(), static_cast<std::size_t>(kMaxLevels)) << levels.spec.name;
    // Comparisons graded by a distance have no level of exact agreement on a value.
    const bool graded = levels.spec.kind == ComparisonKind::kBirthYear ||
                        levels.spec.kind == ComparisonKind::kRegistrationDate;
    EXPECT_EQ(levels.exact_level, graded ? -1 : 1) << levels.spec.name;
    const bool name = levels.spec.kind == ComparisonKind::kGivenName ||
                      levels.spec.kind == ComparisonKind::kFamilyName;
    const bool dob = levels.spec.kind == ComparisonKind::kDateOfBirth;
    const bool forms = levels.spec.kind == ComparisonKind::kExploitationForm;
    const bool given = levels.spec.kind == ComparisonKind::kGivenName;  // + variant level
    const std::size_t expected = name  ? 3 + config.name_dice_thresholds.size() + 1 + given
                                 : dob ? 7u
                                 : forms || levels.spec.kind == ComparisonKind::kBirthYear ? 4u
                                 : levels.spec.kind == ComparisonKind::kRegistrationDate   ? 6u
                                                                                           : 3u;
    EXPECT_EQ(levels.term_frequency, name || dob) << levels.spec.name;
    EXPECT_EQ(levels.labels.size(), expected) << levels.spec.name;
  }
  config.term_frequency = false;
  const Comparator without(records, config);
  for (const ComparisonLevels& levels : without.comparisons()) EXPECT_FALSE(levels.term_frequency);
}

}  // namespace
}  // namespace zicht::link
