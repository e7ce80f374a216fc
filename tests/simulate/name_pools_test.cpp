#include "simulate/name_pools.hpp"

#include <gtest/gtest.h>

#include <map>

#include "zicht/core/utf8.hpp"
#include "zicht/core/vocabulary.hpp"

namespace zicht::simulate {
namespace {

TEST(NamePools, CoverTheNetherlandsAndTheMainCountriesOfOrigin) {
  const NamePools& pools = NamePools::Get();
  for (const char* code :
       {"NL", "NG", "UG", "PL", "RO", "BG", "HU", "ER", "SY", "MA", "VN", "CN"}) {
    const auto index = pools.IndexOf(code);
    ASSERT_TRUE(index.has_value()) << code;
    const Country& c = pools.countries()[*index];
    EXPECT_GE(c.female.names.size(), 15u) << code;
    EXPECT_GE(c.male.names.size(), 15u) << code;
    EXPECT_GE(c.family.names.size(), 15u) << code;
  }
}

TEST(NamePools, HoldOnlyWellFormedNamesOfRealCountries) {
  for (const Country& c : NamePools::Get().countries()) {
    EXPECT_TRUE(Vocabulary::Default().Contains(Field::kNationality, c.code)) << c.code;
    for (const NameList* list : {&c.female, &c.male, &c.family}) {
      EXPECT_EQ(list->names.size(), list->draw.size());
      for (const std::string& name : list->names) {
        EXPECT_TRUE(IsValidUtf8(name)) << c.code;
        EXPECT_FALSE(name.empty());
        EXPECT_NE(name.front(), ' ');
      }
    }
  }
}

TEST(NamePools, MakeCommonNamesCommon) {
  const NamePools& pools = NamePools::Get();
  const Country& vn = pools.countries()[*pools.IndexOf("VN")];
  // Nguyễn carries 38 of the 96.5 units of weight in the Vietnamese pool: 39%.
  Rng rng(1);
  std::map<std::size_t, int> counts;
  constexpr int kDraws = 20000;
  for (int i = 0; i < kDraws; ++i) ++counts[vn.family.draw.Sample(rng)];
  EXPECT_EQ(vn.family.names[0], "Nguyễn");
  EXPECT_NEAR(counts[0] / double(kDraws), 38.0 / 96.5, 0.02);
  // Zipf weights for pools without explicit ones: the first name beats the tenth.
  const Country& nl = pools.countries()[*pools.IndexOf("NL")];
  EXPECT_GT(nl.female.draw.Probability(0), 3 * nl.female.draw.Probability(9));
}

TEST(NamePools, GiveSlavicFamilyNamesTheirFeminineForm) {
  const NamePools& pools = NamePools::Get();
  const std::size_t pl = *pools.IndexOf("PL");
  const std::size_t bg = *pools.IndexOf("BG");
  const auto& pl_names = pools.countries()[pl].family.names;
  const auto kowalski = std::find(pl_names.begin(), pl_names.end(), "Kowalski") - pl_names.begin();
  EXPECT_EQ(pools.FamilyNameFor(pl, static_cast<std::size_t>(kowalski), true), "Kowalska");
  EXPECT_EQ(pools.FamilyNameFor(pl, static_cast<std::size_t>(kowalski), false), "Kowalski");
  EXPECT_EQ(pools.FamilyNameFor(pl, 0, true), "Nowak");
  EXPECT_EQ(pools.FamilyNameFor(bg, 0, true), "Ivanova");
}

TEST(FoldDiacritics, WritesLettersWithoutTheirMarks) {
  EXPECT_EQ(FoldDiacritics("Wiśniewski"), "Wisniewski");
  EXPECT_EQ(FoldDiacritics("Łukasz"), "Lukasz");
  EXPECT_EQ(FoldDiacritics("Nguyễn"), "Nguyen");
  EXPECT_EQ(FoldDiacritics("Ștefan Lazăr"), "Stefan Lazar");
  EXPECT_EQ(FoldDiacritics("de Jong"), "de Jong");
}

TEST(Transliteration, OffersAnotherSpellingOfTheSameName) {
  const NamePools& pools = NamePools::Get();
  Rng rng(2);
  std::set<std::string> variants;
  for (int i = 0; i < 100; ++i) variants.insert(*pools.TransliterationOf("Mohammed", rng));
  EXPECT_GE(variants.size(), 3u);
  EXPECT_FALSE(variants.contains("Mohammed"));
  EXPECT_EQ(*pools.TransliterationOf("Dąbrowski", rng), "Dabrowski");
  const auto changed = pools.TransliterationOf("Osayande", rng);
  ASSERT_TRUE(changed.has_value());  // the only rule that applies: y -> i
  EXPECT_EQ(*changed, "Osaiande");
}

TEST(Nicknames, AreShortFormsOfKnownNames) {
  const NamePools& pools = NamePools::Get();
  Rng rng(3);
  EXPECT_EQ(*pools.NicknameOf("Katarzyna", rng), "Kasia");
  EXPECT_FALSE(pools.NicknameOf("Blessing", rng).has_value());
}

}  // namespace
}  // namespace zicht::simulate
