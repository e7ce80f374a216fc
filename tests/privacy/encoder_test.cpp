#include "zicht/privacy/encoder.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <bit>
#include <cmath>
#include <cstring>
#include <optional>
#include <set>
#include <stdexcept>
#include <string>
#include <vector>

#include "zicht/privacy/name_variants.hpp"
#include "zicht/privacy/normalise.hpp"

namespace zicht::privacy {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;

PseudonymKey TestKey(std::uint8_t fill) {
  std::array<std::uint8_t, PseudonymKey::kBytes> bytes{};
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(fill + 3 * i);
  return PseudonymKey::FromBytes(bytes);
}

// Obviously fake identifiers, assembled here rather than read from a file.
ClearIdentifiers FakePerson() {
  ClearIdentifiers clear;
  clear.given_name = std::string("Testa") + " " + "Fakename";
  clear.family_name = std::string("van der ") + "Placeholder";
  clear.date_of_birth = Date{1990, 3, 4};
  clear.personal_id = std::string("XX") + "-000-" + "TEST";
  clear.phone = "+00 " + std::string("555 0100");
  clear.email = std::string("nobody") + "@example.invalid";
  return clear;
}

Digest Truncated(const HmacSha256::Mac256& mac) {
  Digest digest{};
  std::copy_n(mac.begin(), digest.size(), digest.begin());
  return digest;
}

// The padded bigrams of a normalised name's tokens, as a set: the truth Bloom filters
// approximate.
std::set<std::string> Bigrams(const std::string& name) {
  std::set<std::string> out;
  for (const std::string& token : NameTokens(NormaliseName(name))) {
    const std::string padded = "_" + token + "_";
    for (size_t i = 0; i + 1 < padded.size(); ++i) out.insert(padded.substr(i, 2));
  }
  return out;
}

double SetDice(const std::set<std::string>& a, const std::set<std::string>& b) {
  size_t both = 0;
  for (const std::string& bigram : a) both += b.count(bigram);
  return a.empty() && b.empty() ? 0.0 : 2.0 * both / (a.size() + b.size());
}

int Popcount(const BloomBits& bits) {
  int count = 0;
  for (std::uint64_t word : bits) count += std::popcount(word);
  return count;
}

// ----- Options --------------------------------------------------------------------------

TEST(BloomOptions, DefaultsToSixteenWordsAndTwentyHashFunctions) {
  BloomOptions options;
  EXPECT_TRUE(options.Validate().ok());
  EXPECT_EQ(options.bits, 1024);
  EXPECT_EQ(options.hash_functions, 20);
}

TEST(BloomOptions, RefusesLengthsThatAreNotWholeWordsAndSillyHashCounts) {
  EXPECT_FALSE((BloomOptions{1000, 20}).Validate().ok());
  EXPECT_FALSE((BloomOptions{0, 20}).Validate().ok());
  EXPECT_FALSE((BloomOptions{1024, 0}).Validate().ok());
  EXPECT_FALSE((BloomOptions{1024, 257}).Validate().ok());
  EXPECT_TRUE((BloomOptions{64, 1}).Validate().ok());
  EXPECT_NE((BloomOptions{1000, 20}).Validate().message().find("64"), std::string::npos);
  EXPECT_THROW(IdentifierEncoder(TestKey(1), (BloomOptions{1000, 20})), std::invalid_argument);
}

// ----- Keyed hashes ---------------------------------------------------------------------

TEST(IdentifierEncoder, HashesEachPurposeUnderItsOwnDerivedKey) {
  const PseudonymKey key = TestKey(1);
  IdentifierEncoder encoder(key, {});
  for (std::string_view purpose :
       {kPurposeNameToken, kPurposeNameVariant, kPurposeFullName, kPurposeDateOfBirth,
        kPurposePersonalId, kPurposePhone, kPurposeEmail, std::string_view("other")}) {
    const HmacSha256 reference(key.Derive("hmac/" + std::string(purpose)));
    EXPECT_EQ(encoder.KeyedHash(purpose, "value"), Truncated(reference.Mac("value"))) << purpose;
  }
  EXPECT_NE(encoder.KeyedHash(kPurposePhone, "0612345678"),
            encoder.KeyedHash(kPurposePersonalId, "0612345678"));
}

TEST(IdentifierEncoder, EncodesEveryFieldWithTheKeyedHashOfItsNormalisedValue) {
  IdentifierEncoder encoder(TestKey(1), {});
  const IdentifierEncodings e = encoder.Encode(FakePerson());
  ASSERT_EQ(e.given_name_tokens.size(), 2u);
  EXPECT_EQ(e.given_name_tokens[0], encoder.KeyedHash(kPurposeNameToken, "testa"));
  EXPECT_EQ(e.given_name_tokens[1], encoder.KeyedHash(kPurposeNameToken, "fakename"));
  ASSERT_EQ(e.family_name_tokens.size(), 3u);
  EXPECT_EQ(e.family_name_tokens[0], encoder.KeyedHash(kPurposeNameToken, "van"));
  EXPECT_EQ(e.family_name_tokens[2], encoder.KeyedHash(kPurposeNameToken, "placeholder"));
  EXPECT_EQ(e.full_name, encoder.KeyedHash(kPurposeFullName, "der fakename placeholder testa van"));
  EXPECT_EQ(e.date_of_birth, encoder.KeyedHash(kPurposeDateOfBirth, "1990-03-04"));
  EXPECT_EQ(e.personal_id, encoder.KeyedHash(kPurposePersonalId, "XX000TEST"));
  EXPECT_EQ(e.phone, encoder.KeyedHash(kPurposePhone, "+005550100"));
  EXPECT_EQ(e.email, encoder.KeyedHash(kPurposeEmail, "nobody@example.invalid"));
  EXPECT_EQ(e.given_name_bloom, encoder.NameBloom(NameField::kGiven, "testa fakename"));
  EXPECT_EQ(e.family_name_bloom, encoder.NameBloom("placeholder"));  // without its particles
  EXPECT_TRUE(e.given_name_variants.empty());  // invented names are in no variant group
}

TEST(IdentifierEncoder, IsDeterministicAcrossEncodersWithTheSameKey) {
  IdentifierEncoder first(TestKey(1), {});
  IdentifierEncoder second(TestKey(1), {});
  const auto a = first.Encode(FakePerson());
  (void)first.Encode(FakePerson());  // a warm cache gives the same filters as a cold one
  const auto b = second.Encode(FakePerson());
  EXPECT_EQ(a.given_name_tokens, b.given_name_tokens);
  EXPECT_EQ(a.family_name_tokens, b.family_name_tokens);
  EXPECT_EQ(a.full_name, b.full_name);
  EXPECT_EQ(a.date_of_birth, b.date_of_birth);
  EXPECT_EQ(a.date_of_birth_swapped, b.date_of_birth_swapped);
  EXPECT_EQ(a.dob_month_day, b.dob_month_day);
  EXPECT_EQ(a.dob_year_month, b.dob_year_month);
  EXPECT_EQ(a.dob_year_day, b.dob_year_day);
  EXPECT_EQ(a.personal_id, b.personal_id);
  EXPECT_EQ(a.phone, b.phone);
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.given_name_bloom, b.given_name_bloom);
  EXPECT_EQ(a.family_name_bloom, b.family_name_bloom);
  EXPECT_EQ(first.Encode(FakePerson()).family_name_bloom, b.family_name_bloom);
}

TEST(IdentifierEncoder, GivesUnrelatedEncodingsUnderAnotherKey) {
  IdentifierEncoder first(TestKey(1), {});
  IdentifierEncoder second(TestKey(2), {});
  const auto a = first.Encode(FakePerson());
  const auto b = second.Encode(FakePerson());
  EXPECT_NE(a.given_name_tokens[0], b.given_name_tokens[0]);
  EXPECT_NE(a.full_name, b.full_name);
  EXPECT_NE(a.date_of_birth, b.date_of_birth);
  EXPECT_NE(a.personal_id, b.personal_id);
  EXPECT_NE(a.phone, b.phone);
  EXPECT_NE(a.email, b.email);
  // Filters under different keys share only chance bits.
  EXPECT_LT(DiceCoefficient(a.given_name_bloom, b.given_name_bloom), 0.4);
  EXPECT_LT(DiceCoefficient(a.family_name_bloom, b.family_name_bloom), 0.4);
}

TEST(IdentifierEncoder, NormalisesBeforeHashing) {
  IdentifierEncoder encoder(TestKey(1), {});
  ClearIdentifiers plain;
  plain.given_name = "Ozil";
  plain.family_name = "Van der Berg";
  plain.personal_id = "123456AB";
  plain.phone = "+31612345678";
  plain.email = "nobody@example.invalid";
  ClearIdentifiers messy;
  messy.given_name = " ÖZIL ";
  messy.family_name = "van  der-Berg";
  messy.personal_id = "12.34.56-ab";
  messy.phone = "0031 6 1234 5678";
  messy.email = "  Nobody@Example.INVALID";
  const auto a = encoder.Encode(plain);
  const auto b = encoder.Encode(messy);
  EXPECT_EQ(a.given_name_tokens, b.given_name_tokens);
  EXPECT_EQ(a.family_name_tokens, b.family_name_tokens);
  EXPECT_EQ(a.full_name, b.full_name);
  EXPECT_EQ(a.personal_id, b.personal_id);
  EXPECT_EQ(a.phone, b.phone);
  EXPECT_EQ(a.email, b.email);
  EXPECT_EQ(a.given_name_bloom, b.given_name_bloom);
  EXPECT_EQ(a.family_name_bloom, b.family_name_bloom);
}

TEST(IdentifierEncoder, FullNameAgreesWhenGivenAndFamilyNamesAreSwapped) {
  IdentifierEncoder encoder(TestKey(1), {});
  ClearIdentifiers usual;
  usual.given_name = "Chidi Ngozi";
  usual.family_name = "Okafor";
  ClearIdentifiers swapped;
  swapped.given_name = "Okafor";
  swapped.family_name = "Ngozi Chidi";
  const auto a = encoder.Encode(usual);
  const auto b = encoder.Encode(swapped);
  ASSERT_TRUE(a.full_name.has_value());
  EXPECT_EQ(a.full_name, b.full_name);
  // Tokens share a key across the two fields, so the swap also shows token by token.
  EXPECT_EQ(a.family_name_tokens[0], b.given_name_tokens[0]);
  ClearIdentifiers other = usual;
  other.family_name = "Okafur";
  EXPECT_NE(encoder.Encode(other).full_name, a.full_name);
}

TEST(IdentifierEncoder, KeepsEachDistinctTokenOnceInOrder) {
  IdentifierEncoder encoder(TestKey(1), {});
  ClearIdentifiers clear;
  clear.given_name = "Maria Anna Maria";
  const auto e = encoder.Encode(clear);
  ASSERT_EQ(e.given_name_tokens.size(), 2u);
  EXPECT_EQ(e.given_name_tokens[0], encoder.KeyedHash(kPurposeNameToken, "maria"));
  EXPECT_EQ(e.given_name_tokens[1], encoder.KeyedHash(kPurposeNameToken, "anna"));
}

TEST(IdentifierEncoder, LeavesMissingIdentifiersEmpty) {
  IdentifierEncoder encoder(TestKey(1), {});
  const auto none = encoder.Encode(ClearIdentifiers{});
  EXPECT_TRUE(none.given_name_tokens.empty());
  EXPECT_TRUE(none.given_name_variants.empty());
  EXPECT_TRUE(none.family_name_tokens.empty());
  EXPECT_FALSE(none.full_name.has_value());
  EXPECT_FALSE(none.date_of_birth.has_value());
  EXPECT_FALSE(none.date_of_birth_swapped.has_value());
  EXPECT_FALSE(none.personal_id.has_value());
  EXPECT_FALSE(none.phone.has_value());
  EXPECT_FALSE(none.email.has_value());
  EXPECT_TRUE(none.given_name_bloom.empty());
  EXPECT_TRUE(none.family_name_bloom.empty());

  ClearIdentifiers blank;  // present but nothing left after normalisation
  blank.given_name = " - ";
  blank.family_name = "Jan\xff";
  blank.personal_id = "./-";
  blank.phone = "n/a";
  blank.email = "  ";
  const auto empty = encoder.Encode(blank);
  EXPECT_TRUE(empty.given_name_tokens.empty());
  EXPECT_FALSE(empty.full_name.has_value());
  EXPECT_FALSE(empty.personal_id.has_value());
  EXPECT_FALSE(empty.phone.has_value());
  EXPECT_FALSE(empty.email.has_value());
  EXPECT_TRUE(empty.family_name_bloom.empty());

  ClearIdentifiers family_only;
  family_only.family_name = "Placeholder";
  const auto one = encoder.Encode(family_only);
  EXPECT_EQ(one.full_name, encoder.KeyedHash(kPurposeFullName, "placeholder"));
  EXPECT_TRUE(one.given_name_bloom.empty());
  EXPECT_EQ(one.family_name_bloom.size(), 16u);
}

// ----- Name variants ----------------------------------------------------------------------

// The variant hashes of a given name, as Encode() makes them.
std::vector<Digest> VariantsOf(IdentifierEncoder& encoder, const std::string& given_name) {
  ClearIdentifiers clear;
  clear.given_name = given_name;
  return encoder.Encode(clear).given_name_variants;
}

bool ShareAny(const std::vector<Digest>& a, const std::vector<Digest>& b) {
  return std::any_of(a.begin(), a.end(),
                     [&](const Digest& d) { return std::find(b.begin(), b.end(), d) != b.end(); });
}

TEST(IdentifierEncoder, ANicknameAndItsFullNameShareAVariantHash) {
  IdentifierEncoder encoder(TestKey(1), {});
  EXPECT_TRUE(ShareAny(VariantsOf(encoder, "Kasia"), VariantsOf(encoder, "Katarzyna")));
  EXPECT_TRUE(ShareAny(VariantsOf(encoder, "Hans"), VariantsOf(encoder, "Johannes")));
  EXPECT_TRUE(ShareAny(VariantsOf(encoder, "Anna Kasia"), VariantsOf(encoder, "Katarzyna")));
  EXPECT_FALSE(ShareAny(VariantsOf(encoder, "Kasia"), VariantsOf(encoder, "Johannes")));
  EXPECT_FALSE(ShareAny(VariantsOf(encoder, "Hans"), VariantsOf(encoder, "Katarzyna")));
  // What the variants add: the names' tokens and filters see little likeness.
  EXPECT_LT(DiceCoefficient(encoder.NameBloom(NameField::kGiven, "kasia"),
                            encoder.NameBloom(NameField::kGiven, "katarzyna")),
            0.5);
}

TEST(IdentifierEncoder, VariantHashesAreKeyedHashesOfTheGroupIdsSortedAndDistinct) {
  IdentifierEncoder encoder(TestKey(1), {});
  // Both tokens are in the one group: its hash once.
  EXPECT_THAT(VariantsOf(encoder, "Kasia Katarzyna"),
              ElementsAre(encoder.KeyedHash(kPurposeNameVariant, "katarzyna")));
  // "Sam" is Samuel and Samantha: a hash for each of its groups, sorted.
  const auto sam = VariantsOf(encoder, "Sam");
  std::vector<Digest> expected;
  for (const std::string& id : NameVariants::Default().GroupsOf("sam")) {
    expected.push_back(encoder.KeyedHash(kPurposeNameVariant, id));
  }
  std::sort(expected.begin(), expected.end());
  EXPECT_EQ(sam, expected);
  EXPECT_THAT(sam, Contains(encoder.KeyedHash(kPurposeNameVariant, "samuel")));
  EXPECT_THAT(sam, Contains(encoder.KeyedHash(kPurposeNameVariant, "samantha")));
  // The order of the tokens does not matter.
  const auto two = VariantsOf(encoder, "Hans Kasia");
  EXPECT_EQ(two, VariantsOf(encoder, "Kasia Hans"));
  EXPECT_TRUE(std::is_sorted(two.begin(), two.end()));
  EXPECT_TRUE(std::adjacent_find(two.begin(), two.end()) == two.end());
}

TEST(IdentifierEncoder, VariantHashesFoldDiacritics) {
  IdentifierEncoder encoder(TestKey(1), {});
  const auto with = VariantsOf(encoder, "Małgorzata");
  ASSERT_FALSE(with.empty());
  EXPECT_EQ(VariantsOf(encoder, "Malgorzata"), with);
  EXPECT_EQ(VariantsOf(encoder, "MAŁGORZATA"), with);
  EXPECT_TRUE(ShareAny(VariantsOf(encoder, "Gosia"), with));
}

TEST(IdentifierEncoder, VariantHashesAreKeyed) {
  IdentifierEncoder first(TestKey(1), {});
  IdentifierEncoder second(TestKey(2), {});
  const auto a = VariantsOf(first, "Kasia");
  const auto b = VariantsOf(second, "Kasia");
  ASSERT_EQ(a.size(), 1u);
  ASSERT_EQ(b.size(), 1u);
  EXPECT_NE(a[0], b[0]);
  // Under a key of their own: not the token hash of the group's first name.
  EXPECT_NE(a[0], first.KeyedHash(kPurposeNameToken, "katarzyna"));
  EXPECT_EQ(a[0], Truncated(HmacSha256(TestKey(1).Derive("hmac/name_variant")).Mac("katarzyna")));
}

TEST(IdentifierEncoder, OnlyGivenNamesInTheLexiconGetVariantHashes) {
  IdentifierEncoder encoder(TestKey(1), {});
  EXPECT_TRUE(VariantsOf(encoder, "Testa Fakename").empty());
  EXPECT_TRUE(VariantsOf(encoder, " - ").empty());
  ClearIdentifiers family_only;
  family_only.given_name = "Testa";
  family_only.family_name = "Kasia";  // a family name is never looked up
  EXPECT_TRUE(encoder.Encode(family_only).given_name_variants.empty());
}

TEST(IdentifierEncoder, TakesAnotherLexicon) {
  const auto lexicon = NameVariants::Parse(R"(groups = ["Testa, Tessie"])", "test.toml");
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().message();
  IdentifierEncoder encoder(TestKey(1), {}, *lexicon);
  EXPECT_THAT(VariantsOf(encoder, "Tessie"),
              ElementsAre(encoder.KeyedHash(kPurposeNameVariant, "testa")));
  EXPECT_TRUE(VariantsOf(encoder, "Kasia").empty());  // not in this lexicon
}

// ----- Dates of birth --------------------------------------------------------------------

TEST(IdentifierEncoder, SwappedDateHashEqualsTheHashOfTheSwappedDate) {
  IdentifierEncoder encoder(TestKey(1), {});
  ClearIdentifiers march;
  march.date_of_birth = Date{1990, 3, 4};
  ClearIdentifiers april;
  april.date_of_birth = Date{1990, 4, 3};
  const auto a = encoder.Encode(march);
  const auto b = encoder.Encode(april);
  ASSERT_TRUE(a.date_of_birth_swapped.has_value());
  EXPECT_EQ(a.date_of_birth_swapped, encoder.KeyedHash(kPurposeDateOfBirth, "1990-04-03"));
  EXPECT_EQ(a.date_of_birth_swapped, b.date_of_birth);
  EXPECT_EQ(b.date_of_birth_swapped, a.date_of_birth);
}

TEST(IdentifierEncoder, SwapsOnlyWhenTheSwapIsAnotherValidDate) {
  IdentifierEncoder encoder(TestKey(1), {});
  ClearIdentifiers clear;
  clear.date_of_birth = Date{1990, 3, 3};  // the same date swapped
  EXPECT_FALSE(encoder.Encode(clear).date_of_birth_swapped.has_value());
  clear.date_of_birth = Date{1990, 3, 13};  // there is no month 13
  EXPECT_FALSE(encoder.Encode(clear).date_of_birth_swapped.has_value());
  clear.date_of_birth = Date{1991, 2, 12};  // 12 February -> 2 December
  EXPECT_EQ(encoder.Encode(clear).date_of_birth_swapped,
            encoder.KeyedHash(kPurposeDateOfBirth, "1991-12-02"));
}

// The three partial dates of birth (two of the three parts each) of a date.
struct PartialDates {
  std::optional<Digest> month_day, year_month, year_day;
};

PartialDates PartsOf(IdentifierEncoder& encoder, Date date) {
  ClearIdentifiers clear;
  clear.date_of_birth = date;
  const auto e = encoder.Encode(clear);
  return {e.dob_month_day, e.dob_year_month, e.dob_year_day};
}

TEST(IdentifierEncoder, DatesDifferingOnlyInTheYearShareOnlyTheMonthAndDay) {
  IdentifierEncoder encoder(TestKey(1), {});
  const auto a = PartsOf(encoder, Date{1990, 6, 17});
  const auto b = PartsOf(encoder, Date{1909, 6, 17});  // the year's digits swapped
  ASSERT_TRUE(a.month_day && a.year_month && a.year_day);
  EXPECT_EQ(a.month_day, b.month_day);
  EXPECT_NE(a.year_month, b.year_month);
  EXPECT_NE(a.year_day, b.year_day);
}

TEST(IdentifierEncoder, DatesDifferingOnlyInTheDayShareOnlyTheYearAndMonth) {
  IdentifierEncoder encoder(TestKey(1), {});
  const auto a = PartsOf(encoder, Date{1990, 6, 17});
  const auto b = PartsOf(encoder, Date{1990, 6, 11});
  EXPECT_NE(a.month_day, b.month_day);
  EXPECT_EQ(a.year_month, b.year_month);
  EXPECT_NE(a.year_day, b.year_day);
}

TEST(IdentifierEncoder, DatesDifferingOnlyInTheMonthShareOnlyTheYearAndDay) {
  IdentifierEncoder encoder(TestKey(1), {});
  const auto a = PartsOf(encoder, Date{1990, 6, 17});
  const auto b = PartsOf(encoder, Date{1990, 8, 17});
  EXPECT_NE(a.month_day, b.month_day);
  EXPECT_NE(a.year_month, b.year_month);
  EXPECT_EQ(a.year_day, b.year_day);
}

TEST(IdentifierEncoder, PartialDatesDifferFromTheFullDateAndFromEachOther) {
  IdentifierEncoder encoder(TestKey(1), {});
  // Among them a date whose parts, written without their marks, would read alike.
  for (const Date date : {Date{1990, 6, 17}, Date{2001, 1, 1}, Date{2010, 10, 10}}) {
    ClearIdentifiers clear;
    clear.date_of_birth = date;
    const auto e = encoder.Encode(clear);
    ASSERT_TRUE(e.date_of_birth && e.dob_month_day && e.dob_year_month && e.dob_year_day);
    const std::vector<Digest> all = {*e.date_of_birth, *e.dob_month_day, *e.dob_year_month,
                                     *e.dob_year_day};
    for (size_t i = 0; i < all.size(); ++i) {
      for (size_t j = i + 1; j < all.size(); ++j) {
        EXPECT_NE(all[i], all[j]) << date.ToIso() << ": encodings " << i << " and " << j;
      }
    }
    if (e.date_of_birth_swapped) {
      for (size_t i = 1; i < all.size(); ++i) EXPECT_NE(*e.date_of_birth_swapped, all[i]);
    }
  }
}

TEST(IdentifierEncoder, PartialDatesAreTheKeyedHashesOfTheirWrittenParts) {
  IdentifierEncoder encoder(TestKey(1), {});
  const auto parts = PartsOf(encoder, Date{1990, 6, 17});
  EXPECT_EQ(parts.month_day, encoder.KeyedHash(kPurposeDateOfBirth, "--06-17"));
  EXPECT_EQ(parts.year_month, encoder.KeyedHash(kPurposeDateOfBirth, "1990-06"));
  EXPECT_EQ(parts.year_day, encoder.KeyedHash(kPurposeDateOfBirth, "1990---17"));
  // Zero-padded in every part.
  const auto early = PartsOf(encoder, Date{1987, 2, 3});
  EXPECT_EQ(early.month_day, encoder.KeyedHash(kPurposeDateOfBirth, "--02-03"));
  EXPECT_EQ(early.year_month, encoder.KeyedHash(kPurposeDateOfBirth, "1987-02"));
  EXPECT_EQ(early.year_day, encoder.KeyedHash(kPurposeDateOfBirth, "1987---03"));
  // And under the date-of-birth key alone: another key gives other digests.
  IdentifierEncoder other(TestKey(2), {});
  EXPECT_NE(PartsOf(other, Date{1990, 6, 17}).month_day, parts.month_day);
  EXPECT_NE(parts.month_day, encoder.KeyedHash(kPurposeFullName, "--06-17"));
}

TEST(IdentifierEncoder, LeavesThePartialDatesEmptyWithoutADateOfBirth) {
  IdentifierEncoder encoder(TestKey(1), {});
  ClearIdentifiers clear = FakePerson();
  clear.date_of_birth.reset();
  const auto e = encoder.Encode(clear);
  EXPECT_FALSE(e.dob_month_day.has_value());
  EXPECT_FALSE(e.dob_year_month.has_value());
  EXPECT_FALSE(e.dob_year_day.has_value());
  const auto none = encoder.Encode(ClearIdentifiers{});
  EXPECT_FALSE(none.dob_month_day.has_value());
  EXPECT_FALSE(none.dob_year_month.has_value());
  EXPECT_FALSE(none.dob_year_day.has_value());
}

// ----- Bloom filters ---------------------------------------------------------------------

TEST(NameBloom, SetsAtMostKBitsPerDistinctBigram) {
  IdentifierEncoder encoder(TestKey(1), {});
  const BloomBits ana = encoder.NameBloom("ana");  // _a an na a_
  ASSERT_EQ(ana.size(), 16u);
  EXPECT_LE(Popcount(ana), 4 * 20);
  EXPECT_GE(Popcount(ana), 4 * 20 - 12);       // a few positions may coincide
  const BloomBits a = encoder.NameBloom("a");  // _a a_
  EXPECT_LE(Popcount(a), 2 * 20);
  // Every bit of a sub-bigram-set is a bit of the larger set.
  for (size_t i = 0; i < a.size(); ++i) EXPECT_EQ(a[i] & ana[i], a[i]);
  EXPECT_TRUE(encoder.NameBloom("").empty());
}

TEST(NameBloom, HonoursOtherLengthsAndHashCounts) {
  IdentifierEncoder encoder(TestKey(1), (BloomOptions{128, 3}));
  const BloomBits bits = encoder.NameBloom("ana");
  ASSERT_EQ(bits.size(), 2u);
  EXPECT_LE(Popcount(bits), 12);
  EXPECT_GE(Popcount(bits), 1);
}

TEST(NameBloom, GivenAndFamilyNamesUseDifferentKeys) {
  IdentifierEncoder encoder(TestKey(1), {});
  const auto given = encoder.NameBloom(NameField::kGiven, "jansen");
  const auto family = encoder.NameBloom(NameField::kFamily, "jansen");
  EXPECT_NE(given, family);
  EXPECT_LT(DiceCoefficient(given, family), 0.4);
}

TEST(NameBloom, IdenticalNamesHaveDiceOne) {
  IdentifierEncoder encoder(TestKey(1), {});
  EXPECT_DOUBLE_EQ(DiceCoefficient(encoder.NameBloom(NormaliseName("jansen")),
                                   encoder.NameBloom(NormaliseName("JANSEN"))),
                   1.0);
}

TEST(NameBloom, SpellingVariantsScoreHigh) {
  IdentifierEncoder encoder(TestKey(1), {});
  auto dice = [&](const char* a, const char* b) {
    return DiceCoefficient(encoder.NameBloom(NormaliseName(a)),
                           encoder.NameBloom(NormaliseName(b)));
  };
  EXPECT_GT(dice("jansen", "janssen"), 0.8);
  EXPECT_GT(dice("mohammed", "mohamed"), 0.8);
  EXPECT_GT(dice("muhammad", "muhammed"), 0.65);
  EXPECT_GT(dice("van der berg", "van den berg"), 0.8);
  EXPECT_GT(dice("Nguyen", "Nguyễn"), 0.99);
}

TEST(NameBloom, UnrelatedNamesScoreLow) {
  IdentifierEncoder encoder(TestKey(1), {});
  auto dice = [&](const char* a, const char* b) {
    return DiceCoefficient(encoder.NameBloom(NormaliseName(a)),
                           encoder.NameBloom(NormaliseName(b)));
  };
  EXPECT_LT(dice("jansen", "okafor"), 0.35);
  EXPECT_LT(dice("mohammed", "kowalski"), 0.35);
  EXPECT_LT(dice("li", "abramowitz"), 0.35);
}

// The Dice coefficient two filters of m bits and k independent uniform positions per bigram
// have in expectation, for s shared bigrams and a and b bigrams of their own: a bit is in
// both when a shared bigram set it, or when each side's own bigrams did.
double ExpectedBloomDice(size_t s, size_t a, size_t b, int m, int k) {
  const double q = 1.0 - 1.0 / m;
  const double not_a = std::pow(q, k * static_cast<double>(s + a));
  const double not_b = std::pow(q, k * static_cast<double>(s + b));
  const double neither = std::pow(q, k * static_cast<double>(s + a + b));
  return 2.0 * (1.0 - not_a - not_b + neither) / ((1.0 - not_a) + (1.0 - not_b));
}

TEST(NameBloom, DiceFollowsTheBigramSetsAsBloomTheoryPredicts) {
  // If the keyed positions were not uniform and independent, shared bits would stray from
  // this expectation. The tolerance is about three standard deviations of the chance
  // overlap for names of this length.
  IdentifierEncoder encoder(TestKey(3), {});
  const std::vector<std::pair<const char*, const char*>> pairs = {
      {"jansen", "janssen"}, {"mohammed", "muhammed"}, {"de vries", "de vriess"},
      {"peters", "pieters"}, {"bakker", "backer"},     {"smit", "smith"},
      {"visser", "fisher"},  {"meijer", "meyer"},      {"van dijk", "van dyk"},
      {"anna", "hannah"},    {"jansen", "peters"},     {"okafor", "okoro"},
  };
  for (const auto& [a, b] : pairs) {
    const auto set_a = Bigrams(a);
    const auto set_b = Bigrams(b);
    size_t shared = 0;
    for (const std::string& bigram : set_a) shared += set_b.count(bigram);
    const double expected =
        ExpectedBloomDice(shared, set_a.size() - shared, set_b.size() - shared, 1024, 20);
    const double bloom =
        DiceCoefficient(encoder.NameBloom(NormaliseName(a)), encoder.NameBloom(NormaliseName(b)));
    EXPECT_NEAR(bloom, expected, 0.05) << a << " / " << b;
    // And the filters rank pairs as the bigram sets do, within the chance floor.
    EXPECT_GE(bloom, SetDice(set_a, set_b) - 0.03) << a << " / " << b;
  }
}

// ----- The family name's filter without particles ----------------------------------------

BloomBits FamilyBloomOf(IdentifierEncoder& encoder, const std::string& family_name) {
  ClearIdentifiers clear;
  clear.family_name = family_name;
  return encoder.Encode(clear).family_name_bloom;
}

TEST(IdentifierEncoder, FamilyFilterLeavesOutParticles) {
  IdentifierEncoder encoder(TestKey(1), {});
  const BloomBits berg = FamilyBloomOf(encoder, "Berg");
  ASSERT_FALSE(berg.empty());
  EXPECT_EQ(berg, encoder.NameBloom("berg"));
  EXPECT_EQ(FamilyBloomOf(encoder, "van der Berg"), berg);
  EXPECT_EQ(FamilyBloomOf(encoder, "van den Berg"), berg);
  EXPECT_EQ(FamilyBloomOf(encoder, "Van 't Berg"), berg);
  EXPECT_EQ(FamilyBloomOf(encoder, "Berg, van der"), berg);
  // The keyed hashes keep every token, particles included.
  ClearIdentifiers clear;
  clear.family_name = "van der Berg";
  const auto e = encoder.Encode(clear);
  ASSERT_EQ(e.family_name_tokens.size(), 3u);
  EXPECT_EQ(e.family_name_tokens[0], encoder.KeyedHash(kPurposeNameToken, "van"));
  EXPECT_EQ(e.family_name_tokens[1], encoder.KeyedHash(kPurposeNameToken, "der"));
  EXPECT_EQ(e.full_name, encoder.KeyedHash(kPurposeFullName, "berg der van"));
}

TEST(IdentifierEncoder, FamilyNamesSharingOnlyAParticleGetNoDiceCreditForIt) {
  IdentifierEncoder encoder(TestKey(1), {});
  const BloomBits wit = FamilyBloomOf(encoder, "de Wit");
  const BloomBits jong = FamilyBloomOf(encoder, "de Jong");
  EXPECT_EQ(wit, encoder.NameBloom("wit"));
  EXPECT_EQ(jong, encoder.NameBloom("jong"));
  // With "de", every bit of "de" was shared; now one is shared only where the bigrams of
  // "wit" and of "jong" both happen to set it (expected about 0.5 of its ~60 bits).
  const BloomBits de = encoder.NameBloom("de");
  const BloomBits de_wit = encoder.NameBloom("de wit");
  const BloomBits de_jong = encoder.NameBloom("de jong");
  BloomBits shared_before(de.size()), shared_after(de.size());
  for (size_t i = 0; i < de.size(); ++i) {
    shared_before[i] = de[i] & de_wit[i] & de_jong[i];
    shared_after[i] = de[i] & wit[i] & jong[i];
  }
  EXPECT_EQ(Popcount(shared_before), Popcount(de));
  EXPECT_LE(Popcount(shared_after), 3);
  // The pair shared 3 of 7 and 8 bigrams (Dice 0.4); now none.
  const double before = DiceCoefficient(de_wit, de_jong);
  const double after = DiceCoefficient(wit, jong);
  EXPECT_GT(before, 0.35);
  EXPECT_LT(after, 0.2);
}

TEST(IdentifierEncoder, AFamilyNameOfParticlesOnlyKeepsItsFilter) {
  IdentifierEncoder encoder(TestKey(1), {});
  const BloomBits de = FamilyBloomOf(encoder, "De");
  ASSERT_FALSE(de.empty());
  EXPECT_EQ(de, encoder.NameBloom("de"));
  EXPECT_EQ(FamilyBloomOf(encoder, "van der"), encoder.NameBloom("van der"));
}

TEST(IdentifierEncoder, TheGivenNameFilterKeepsParticles) {
  IdentifierEncoder encoder(TestKey(1), {});
  ClearIdentifiers clear;
  clear.given_name = "Testa de Fakename";
  EXPECT_EQ(encoder.Encode(clear).given_name_bloom,
            encoder.NameBloom(NameField::kGiven, "testa de fakename"));
}

// ----- Dice -------------------------------------------------------------------------------

TEST(DiceCoefficient, CountsSharedBitsOverAllBits) {
  EXPECT_DOUBLE_EQ(DiceCoefficient({0b1011}, {0b0110}), 2.0 * 1 / (3 + 2));
  EXPECT_DOUBLE_EQ(DiceCoefficient({~0ull, 0}, {~0ull, 1}), 2.0 * 64 / (64 + 65));
  EXPECT_DOUBLE_EQ(DiceCoefficient({0b1, 0b1}, {0b1, 0b1}), 1.0);
}

TEST(DiceCoefficient, IsZeroForEmptyOrMismatchedFilters) {
  EXPECT_EQ(DiceCoefficient({}, {}), 0.0);
  EXPECT_EQ(DiceCoefficient({0, 0}, {0, 0}), 0.0);
  EXPECT_EQ(DiceCoefficient({0b1}, {}), 0.0);
  EXPECT_EQ(DiceCoefficient({0b1}, {0b1, 0}), 0.0);
}

// ----- Nothing in clear -----------------------------------------------------------------

std::vector<std::uint8_t> AllBytes(const IdentifierEncodings& e) {
  std::vector<std::uint8_t> out;
  auto add = [&out](const Digest& d) { out.insert(out.end(), d.begin(), d.end()); };
  for (const Digest& d : e.given_name_tokens) add(d);
  for (const Digest& d : e.given_name_variants) add(d);
  for (const Digest& d : e.family_name_tokens) add(d);
  for (const auto* d : {&e.full_name, &e.date_of_birth, &e.date_of_birth_swapped, &e.dob_month_day,
                        &e.dob_year_month, &e.dob_year_day, &e.personal_id, &e.phone, &e.email}) {
    if (d->has_value()) add(**d);
  }
  for (const BloomBits* bits : {&e.given_name_bloom, &e.family_name_bloom}) {
    for (std::uint64_t word : *bits) {
      std::uint8_t bytes[8];
      std::memcpy(bytes, &word, 8);
      out.insert(out.end(), bytes, bytes + 8);
    }
  }
  return out;
}

TEST(IdentifierEncoder, NoPieceOfTheClearInputAppearsInTheEncodings) {
  IdentifierEncoder encoder(TestKey(1), {});
  const ClearIdentifiers clear = FakePerson();
  const auto encoded = AllBytes(encoder.Encode(clear));
  ASSERT_GT(encoded.size(), 300u);
  const std::string haystack(encoded.begin(), encoded.end());
  const std::vector<std::string> values = {
      clear.given_name,
      clear.family_name,
      clear.date_of_birth->ToIso(),
      "--03-04",  // the partial dates as hashed
      "1990---04",
      clear.personal_id,
      clear.phone,
      clear.email,
      NormaliseName(clear.given_name),
      NormaliseName(clear.family_name),
      NormaliseIdNumber(clear.personal_id),
      NormalisePhone(clear.phone),
      NormaliseEmail(clear.email),
  };
  // Four bytes: a chance match of any window among a few hundred random bytes has odds
  // below one in a hundred thousand, while a leak of any value would show.
  constexpr size_t kWindow = 4;
  for (const std::string& value : values) {
    ASSERT_GE(value.size(), kWindow);
    for (size_t i = 0; i + kWindow <= value.size(); ++i) {
      EXPECT_EQ(haystack.find(value.substr(i, kWindow)), std::string::npos)
          << "a piece of a clear value at offset " << i;
    }
  }
}

}  // namespace
}  // namespace zicht::privacy
