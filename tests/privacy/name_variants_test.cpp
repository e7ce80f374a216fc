#include "zicht/privacy/name_variants.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <set>
#include <string>
#include <vector>

#include "support/test_support.hpp"
#include "zicht/privacy/normalise.hpp"

namespace zicht::privacy {
namespace {

using ::testing::Contains;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;

// The ids of the groups of a name as a source writes it.
std::vector<std::string> GroupsOfName(const NameVariants& variants, const std::string& name) {
  const auto tokens = NameTokens(NormaliseName(name));
  EXPECT_EQ(tokens.size(), 1u) << name;
  return tokens.empty() ? std::vector<std::string>{} : variants.GroupsOf(tokens[0]);
}

bool ShareAGroup(const std::string& a, const std::string& b) {
  const auto& lexicon = NameVariants::Default();
  const auto of_a = GroupsOfName(lexicon, a);
  const auto of_b = GroupsOfName(lexicon, b);
  return std::any_of(of_a.begin(), of_a.end(), [&](const std::string& id) {
    return std::find(of_b.begin(), of_b.end(), id) != of_b.end();
  });
}

// ----- The built-in lexicon -------------------------------------------------------------

TEST(NameVariants, TheBuiltInLexiconIsTheConfigFileAndLarge) {
  const auto file =
      NameVariants::LoadFile((testing::SourceDir() / "config/name_variants.toml").string());
  ASSERT_TRUE(file.ok()) << file.status().message();
  const NameVariants& built_in = NameVariants::Default();
  EXPECT_EQ(built_in.groups(), file->groups());
  EXPECT_GE(built_in.group_count(), 300u);
  EXPECT_GE(built_in.member_count(), 1000u);
}

TEST(NameVariants, EveryBuiltInGroupHasTwoToEightNamesEachOneNormalisedToken) {
  std::set<std::string> ids;
  for (const auto& group : NameVariants::Default().groups()) {
    EXPECT_GE(group.size(), 2u) << group.front();
    EXPECT_LE(group.size(), 8u) << group.front();
    EXPECT_TRUE(ids.insert(group.front()).second) << group.front();
    for (const std::string& member : group) {
      // Stored normalised: normalising again changes nothing and gives one token.
      EXPECT_THAT(NameTokens(NormaliseName(member)), ElementsAre(member)) << group.front();
    }
  }
}

TEST(NameVariants, ANicknameSharesAGroupWithItsFullName) {
  EXPECT_TRUE(ShareAGroup("Kasia", "Katarzyna"));
  EXPECT_TRUE(ShareAGroup("Hans", "Johannes"));
  EXPECT_TRUE(ShareAGroup("Kees", "Cornelis"));
  EXPECT_TRUE(ShareAGroup("Gosia", "Małgorzata"));
  EXPECT_TRUE(ShareAGroup("Ola", "Aleksandra"));
  EXPECT_TRUE(ShareAGroup("Pista", "István"));
  EXPECT_TRUE(ShareAGroup("Laci", "László"));
  EXPECT_TRUE(ShareAGroup("Dima", "Dmytro"));
  EXPECT_TRUE(ShareAGroup("Emeka", "Chukwuemeka"));
  EXPECT_TRUE(ShareAGroup("Seun", "Oluwaseun"));
  EXPECT_TRUE(ShareAGroup("Funmi", "Funmilayo"));
  EXPECT_TRUE(ShareAGroup("Sasha", "Oleksandr"));
  EXPECT_TRUE(ShareAGroup("Sasha", "Oleksandra"));
}

TEST(NameVariants, SpellingsInOtherTransliterationsAndScriptsShareAGroup) {
  EXPECT_TRUE(ShareAGroup("Mohamed", "Muhammad"));
  EXPECT_TRUE(ShareAGroup("Mohammed", "محمد"));
  EXPECT_TRUE(ShareAGroup("Youssef", "Yusuf"));
  EXPECT_TRUE(ShareAGroup("Fatima", "Fatma"));
  EXPECT_TRUE(ShareAGroup("Yohannes", "Johannes"));
  EXPECT_TRUE(ShareAGroup("Oleksandr", "Олександр"));
  EXPECT_TRUE(ShareAGroup("Aleksandr", "Oleksandr"));
  EXPECT_TRUE(ShareAGroup("Tetiana", "Tatiana"));
}

TEST(NameVariants, UnrelatedNamesShareNoGroup) {
  EXPECT_FALSE(ShareAGroup("Kasia", "Johannes"));
  EXPECT_FALSE(ShareAGroup("Hans", "Katarzyna"));
  EXPECT_FALSE(ShareAGroup("Mohammed", "Fatima"));
  EXPECT_FALSE(ShareAGroup("Oleksandr", "Oleksii"));
  EXPECT_FALSE(ShareAGroup("Hans", "Ivan"));  // one name far back, but no group holds both
}

TEST(NameVariants, ANameInTwoGroupsHasBoth) {
  const auto& lexicon = NameVariants::Default();
  EXPECT_THAT(lexicon.GroupsOf("sam"), Contains("samuel"));
  EXPECT_THAT(lexicon.GroupsOf("sam"), Contains("samantha"));
  EXPECT_THAT(lexicon.GroupsOf("osas"), Contains("osasere"));
  EXPECT_THAT(lexicon.GroupsOf("osas"), Contains("osaretin"));
  EXPECT_FALSE(ShareAGroup("Samuel", "Samantha"));  // sharing a short form is not enough
}

TEST(NameVariants, FoldsDiacriticsAndCase) {
  const auto& lexicon = NameVariants::Default();
  const auto with = GroupsOfName(lexicon, "Małgorzata");
  EXPECT_THAT(with, Contains("malgorzata"));
  EXPECT_EQ(GroupsOfName(lexicon, "MALGORZATA"), with);
  EXPECT_EQ(GroupsOfName(lexicon, "Malgorzata"), with);
  EXPECT_EQ(GroupsOfName(lexicon, "István"), GroupsOfName(lexicon, "Istvan"));
}

TEST(NameVariants, ANameInNoGroupHasNone) {
  const auto& lexicon = NameVariants::Default();
  EXPECT_THAT(lexicon.GroupsOf("fakename"), IsEmpty());
  EXPECT_THAT(lexicon.GroupsOf(""), IsEmpty());
  EXPECT_THAT(lexicon.GroupsOf("Kasia"), IsEmpty());  // not normalised: no match
}

// ----- Parsing a lexicon ------------------------------------------------------------------

TEST(NameVariants, ParsesGroupsWithTheFirstNormalisedMemberAsId) {
  const auto parsed = NameVariants::Parse(
      "version = 1\n"
      "groups = [\n"
      "  \"Testa, Tessie, Tés\",\n"
      "  # a comment between groups\n"
      "  \"Fakename,Fake\",\n"
      "  \"Tessina, Tessie\",\n"
      "]\n",
      "test.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->group_count(), 3u);
  EXPECT_EQ(parsed->member_count(), 7u);
  EXPECT_THAT(parsed->groups()[0], ElementsAre("testa", "tessie", "tes"));
  EXPECT_THAT(parsed->GroupsOf("tes"), ElementsAre("testa"));
  EXPECT_THAT(parsed->GroupsOf("fake"), ElementsAre("fakename"));
  EXPECT_THAT(parsed->GroupsOf("tessie"), ElementsAre("tessina", "testa"));  // sorted
  EXPECT_THAT(parsed->GroupsOf("unknown"), IsEmpty());
}

TEST(NameVariants, AnEmptyListIsAnEmptyLexicon) {
  const auto parsed = NameVariants::Parse("groups = []", "test.toml");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  EXPECT_EQ(parsed->group_count(), 0u);
}

// Parses `text` and expects a ConfigError whose message names the file, the group and the rule.
void ExpectGroupError(const std::string& text, const std::string& group, const std::string& rule) {
  const auto parsed = NameVariants::Parse(text, "lexicon.toml");
  ASSERT_FALSE(parsed.ok()) << text;
  EXPECT_EQ(parsed.status().code(), StatusCode::kConfigError);
  EXPECT_THAT(parsed.status().message(), HasSubstr("lexicon.toml: " + group)) << text;
  EXPECT_THAT(parsed.status().message(), HasSubstr(rule)) << text;
}

TEST(NameVariants, ABadGroupIsAnErrorNamingTheFileAndTheGroup) {
  ExpectGroupError(R"(groups = ["Testa, Tessie", "Fakename, Fake Name"])",
                   R"(groups[1] "Fakename, Fake Name")", "\"Fake Name\" is 2 names");
  ExpectGroupError(R"(groups = ["Testa, Te-ssa"])", R"(groups[0] "Testa, Te-ssa")", "is 2 names");
  ExpectGroupError(R"(groups = ["Testa, ---"])", R"(groups[0] "Testa, ---")",
                   "no letters or digits");
  ExpectGroupError(R"(groups = ["Testa,, Tessie"])", R"(groups[0] "Testa,, Tessie")", "empty name");
  ExpectGroupError(R"(groups = ["Testa, Tessie,"])", R"(groups[0] "Testa, Tessie,")", "empty name");
  ExpectGroupError(R"(groups = ["Testa"])", R"(groups[0] "Testa")", "at least two");
  ExpectGroupError(R"(groups = ["Tésta, Testa"])", R"(groups[0] "Tésta, Testa")", "keep one");
  ExpectGroupError(R"(groups = ["Testa, Tessie", "TESTA, Tess"])", R"(groups[1] "TESTA, Tess")",
                   "first name of groups[0]");
}

TEST(NameVariants, AFileOfTheWrongShapeIsAnErrorNamingTheKey) {
  const auto error = [](const std::string& text) {
    const auto parsed = NameVariants::Parse(text, "lexicon.toml");
    EXPECT_FALSE(parsed.ok()) << text;
    EXPECT_EQ(parsed.status().code(), StatusCode::kConfigError) << text;
    return parsed.status().message();
  };
  EXPECT_THAT(error("version = 1"), HasSubstr("lexicon.toml: groups: is missing"));
  EXPECT_THAT(error("groups = \"Testa, Tessie\""), HasSubstr("lexicon.toml: groups: must be"));
  EXPECT_THAT(error("groups = [\"Testa, Tessie\", 3]"), HasSubstr("lexicon.toml: groups[1]"));
  EXPECT_THAT(error("group = [\"Testa, Tessie\"]"), HasSubstr("lexicon.toml: group: is not"));
  EXPECT_THAT(error("version = 2\ngroups = []"), HasSubstr("lexicon.toml: version: must be 1"));
  EXPECT_THAT(error("groups = [\"Testa, Tessie\""), HasSubstr("lexicon.toml:1:"));
}

// ----- The digest a store records ------------------------------------------------------

std::string Sha256Of(const std::string& text) {
  const auto parsed = NameVariants::Parse(text, "test.toml");
  EXPECT_TRUE(parsed.ok()) << parsed.status().message();
  return parsed.ok() ? parsed->Sha256() : "";
}

TEST(NameVariants, TheDigestChangesWithWhatTheEncoderReadsAndNotWithTheLayout) {
  const std::string digest = Sha256Of(R"(groups = ["Testa, Tessie, Tes", "Fakename, Fake"])");
  EXPECT_THAT(digest, ::testing::MatchesRegex("[0-9a-f]{64}"));
  // Another order of the groups and of the names after an id, a comment, other spellings
  // that normalise alike: the same groups for every name.
  EXPECT_EQ(Sha256Of("version = 1\n# a comment\ngroups = [\n  \"Fakename,Fake\",\n"
                     "  \"TESTA, Tés, Tessie\",\n]\n"),
            digest);
  // A name more, a name fewer, another id: another digest.
  EXPECT_NE(Sha256Of(R"(groups = ["Testa, Tessie, Tes, Tessa", "Fakename, Fake"])"), digest);
  EXPECT_NE(Sha256Of(R"(groups = ["Testa, Tessie", "Fakename, Fake"])"), digest);
  EXPECT_NE(Sha256Of(R"(groups = ["Tessie, Testa, Tes", "Fakename, Fake"])"), digest);
  EXPECT_THAT(NameVariants::Default().Sha256(), ::testing::MatchesRegex("[0-9a-f]{64}"));
  EXPECT_NE(NameVariants::Default().Sha256(), digest);
}

TEST(NameVariants, LoadFileSaysWhenTheFileIsMissing) {
  testing::TempDir dir;
  const auto missing = NameVariants::LoadFile((dir / "none.toml").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  testing::WriteFile(dir / "lexicon.toml", "groups = [\"Testa, Tessie\"]\n");
  const auto loaded = NameVariants::LoadFile((dir / "lexicon.toml").string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_THAT(loaded->GroupsOf("tessie"), ElementsAre("testa"));
}

}  // namespace
}  // namespace zicht::privacy
