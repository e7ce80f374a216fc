#include "zicht/core/vocabulary.hpp"

#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace zicht {
namespace {

TEST(Vocabulary, BuiltInFileLoadsWithTheDesignCategories) {
  const Vocabulary& vocabulary = Vocabulary::Default();
  EXPECT_TRUE(vocabulary.Contains(Field::kExploitationForm, "sexual"));
  EXPECT_TRUE(vocabulary.Contains(Field::kExploitationForm, "organ_removal"));
  EXPECT_TRUE(vocabulary.Contains(Field::kGender, "unknown"));
  EXPECT_TRUE(vocabulary.Contains(Field::kDomestic, "cross_border"));
  EXPECT_TRUE(vocabulary.Contains(Field::kNationality, "NG"));
  EXPECT_FALSE(vocabulary.Contains(Field::kNationality, "ng"));
  EXPECT_EQ(vocabulary.VisibilityOf("window"), "visible");
  EXPECT_EQ(vocabulary.VisibilityOf("escort_hotel"), "less_visible");
  EXPECT_EQ(vocabulary.VisibilityOf("webcam_online"), "less_visible");
  EXPECT_EQ(vocabulary.age_of_majority(), 18);
  EXPECT_EQ(vocabulary.AgeGroupOf(14), "0-14");
  EXPECT_EQ(vocabulary.AgeGroupOf(17), "15-17");
  EXPECT_NE(vocabulary.FindSourceKind("online_chat"), nullptr);
}

TEST(Vocabulary, TheFileInConfigIsTheOneBuiltIn) {
  auto loaded =
      Vocabulary::LoadFile((testing::SourceDir() / "config" / "vocabulary.toml").string());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->CategoriesOf(Field::kSector).size(),
            Vocabulary::Default().CategoriesOf(Field::kSector).size());
}

TEST(Vocabulary, SectorWithoutVisibilityIsAnError) {
  std::string text = testing::ReadFile(testing::SourceDir() / "config" / "vocabulary.toml");
  const std::string window = "visibility = \"visible\", en = \"Window";
  text.replace(text.find(window), window.size(), "en = \"Window");
  auto parsed = Vocabulary::Parse(text, "bad.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("bad.toml: sector 'window'"), std::string::npos)
      << parsed.status().message();
}

TEST(Vocabulary, UnknownSectionIsNamed) {
  auto parsed = Vocabulary::Parse("version = 1\n[colour]\n", "v.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("v.toml: colour: is not a section"), std::string::npos);
}

TEST(Vocabulary, SyntaxErrorNamesLine) {
  auto parsed = Vocabulary::Parse("version = 1\n[gender\n", "v.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("v.toml:2:"), std::string::npos)
      << parsed.status().message();
}

TEST(Vocabulary, AgeGroupsMustCoverEveryAge) {
  std::string text = testing::ReadFile(testing::SourceDir() / "config" / "vocabulary.toml");
  const std::string group = "{ name = \"15-17\", min = 15";
  text.replace(text.find(group), group.size(), "{ name = \"16-17\", min = 16");
  auto parsed = Vocabulary::Parse(text, "v.toml");
  ASSERT_FALSE(parsed.ok());
  EXPECT_NE(parsed.status().message().find("ages.age_groups[1]"), std::string::npos)
      << parsed.status().message();
}

}  // namespace
}  // namespace zicht
