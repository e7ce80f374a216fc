#include "zicht/estimate/lists_config.hpp"

#include <fmt/format.h>
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace zicht::estimate {
namespace {

constexpr const char* kThreeLists = R"(
# lists.toml
[lists]
police = ["police", "border_police"]
care = ["care_provider", "shelter_reception"]
other = ["labour_inspectorate", "guardianship", "online_chat", "other"]
)";

// The message of a config that must fail, checked to name the file and the key.
std::string FailureOf(const std::string& text) {
  Result<ListsConfig> config = ParseListsConfig(text, "lists.toml");
  EXPECT_FALSE(config.ok()) << text;
  if (config.ok()) return "";
  EXPECT_EQ(config.status().code(), StatusCode::kConfigError);
  EXPECT_EQ(config.status().message().rfind("lists.toml", 0), 0u) << config.status().message();
  return config.status().message();
}

TEST(ListsConfig, ReadsListsInTheOrderOfTheFile) {
  Result<ListsConfig> config = ParseListsConfig(kThreeLists, "lists.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->names(), (std::vector<std::string>{"police", "care", "other"}));
  EXPECT_EQ(config->lists[0].sources, (std::vector<std::string>{"police", "border_police"}));
  EXPECT_EQ(config->ListOf("border_police"), 0);
  EXPECT_EQ(config->ListOf("shelter_reception"), 1);
  EXPECT_EQ(config->ListOf("online_chat"), 2);
  EXPECT_EQ(config->ListOf("nobody"), -1);
  EXPECT_TRUE(config->excluded.empty());
}

TEST(ListsConfig, ExcludedSourcesAreInNoList) {
  Result<ListsConfig> config = ParseListsConfig(
      "exclude = [\"online_chat\"]\n[lists]\nzeta = [\"a\"]\nalpha = [\"b\", \"c\"]\n", "l.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->names(), (std::vector<std::string>{"zeta", "alpha"}));
  EXPECT_TRUE(config->Excludes("online_chat"));
  EXPECT_EQ(config->ListOf("online_chat"), -1);
}

TEST(ListsConfig, ErrorsNameTheFileAndTheKey) {
  EXPECT_NE(FailureOf("[list]\na = [\"x\"]\n").find("list: is not a setting"), std::string::npos);
  EXPECT_NE(FailureOf("exclude = [\"x\"]\n").find("lists: the file needs a table [lists]"),
            std::string::npos);
  EXPECT_NE(
      FailureOf("[lists]\na = \"police\"\nb = [\"x\"]\n").find("lists.a: must be a non-empty"),
      std::string::npos);
  EXPECT_NE(FailureOf("[lists]\na = []\nb = [\"x\"]\n").find("lists.a: must be a non-empty"),
            std::string::npos);
  EXPECT_NE(FailureOf("[lists]\na = [1]\nb = [\"x\"]\n").find("lists.a: must be a non-empty"),
            std::string::npos);
  EXPECT_NE(FailureOf("[lists]\na = [\"x\", \"x\"]\nb = [\"y\"]\n").find("names source `x` twice"),
            std::string::npos);
  EXPECT_NE(FailureOf("[lists]\na = [\"x\"]\nb = [\"y\", \"x\"]\n")
                .find("lists.b: source `x` is already in list `a`"),
            std::string::npos);
  EXPECT_NE(FailureOf("exclude = [\"x\"]\n[lists]\na = [\"x\"]\nb = [\"y\"]\n")
                .find("lists.a: source `x` is also in `exclude`"),
            std::string::npos);
  EXPECT_NE(FailureOf("[lists]\n\"a:b\" = [\"x\"]\nc = [\"y\"]\n").find("lists.a:b: a list name"),
            std::string::npos);
  EXPECT_NE(FailureOf("[lists]\na = [\"x\"]\n").find("lists: multiple systems estimation needs 2"),
            std::string::npos);
  std::string seventeen = "[lists]\n";
  for (int i = 0; i < 17; ++i) seventeen += fmt::format("l{} = [\"s{}\"]\n", i, i);
  EXPECT_NE(FailureOf(seventeen).find("the file has 17"), std::string::npos);
}

TEST(ListsConfig, ATomlSyntaxErrorGivesLineAndColumn) {
  const std::string message = FailureOf("[lists]\npolice = [\"police\"\n");
  EXPECT_EQ(message.rfind("lists.toml:", 0), 0u);
  EXPECT_NE(message.find(":2:"), std::string::npos) << message;
}

TEST(ListsConfig, LoadsAFileAndSaysWhenItIsMissing) {
  zicht::testing::TempDir dir;
  zicht::testing::WriteFile(dir / "lists.toml", kThreeLists);
  Result<ListsConfig> config = LoadListsConfig((dir / "lists.toml").string());
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->lists.size(), 3u);
  Result<ListsConfig> missing = LoadListsConfig((dir / "nope.toml").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("nope.toml"), std::string::npos);
}

TEST(ListsConfig, SourcesInTheStoreThatNoListNamesAreAnErrorNamingThemAll) {
  Result<ListsConfig> config = ParseListsConfig(
      "exclude = [\"other\"]\n[lists]\npolice = [\"police\"]\ncare = [\"care_provider\"]\n",
      "lists.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  Result<std::vector<std::string>> checked = CheckListsAgainstSources(
      *config, {"care_provider", "guardianship", "online_chat", "other", "police"}, "lists.toml");
  ASSERT_FALSE(checked.ok());
  EXPECT_EQ(checked.status().code(), StatusCode::kConfigError);
  EXPECT_NE(checked.status().message().find("lists.toml: lists: the store holds records of 2 "
                                            "sources that no list names: guardianship, "
                                            "online_chat"),
            std::string::npos)
      << checked.status().message();
}

TEST(ListsConfig, ListedSourcesWithoutRecordsAreWarnings) {
  Result<ListsConfig> config = ParseListsConfig(kThreeLists, "lists.toml");
  ASSERT_TRUE(config.ok());
  Result<std::vector<std::string>> checked =
      CheckListsAgainstSources(*config,
                               {"police", "border_police", "care_provider", "shelter_reception",
                                "labour_inspectorate", "guardianship", "other"},
                               "lists.toml");
  ASSERT_TRUE(checked.ok()) << checked.status().message();
  EXPECT_EQ(*checked,
            (std::vector<std::string>{"list other: source `online_chat` has no records in the "
                                      "store"}));
}

TEST(ListsConfig, WithoutAFileEachSourceIsAList) {
  const ListsConfig config = OneListPerSource({"care_provider", "police"});
  EXPECT_EQ(config.names(), (std::vector<std::string>{"care_provider", "police"}));
  EXPECT_EQ(config.ListOf("police"), 1);
}

}  // namespace
}  // namespace zicht::estimate
