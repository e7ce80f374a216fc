#include "zicht/link/link_config.hpp"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace zicht::link {
namespace {

std::vector<std::string> RuleNames(const LinkConfig& config) {
  std::vector<std::string> out;
  for (const BlockingRule& rule : config.blocking_rules) {
    EXPECT_EQ(rule.name, NameOf(rule.kind));
    out.push_back(rule.name);
  }
  return out;
}

std::vector<std::string> ComparisonNames(const LinkConfig& config) {
  std::vector<std::string> out;
  for (const ComparisonSpec& spec : config.comparisons) {
    EXPECT_EQ(spec.name, NameOf(spec.kind));
    out.push_back(spec.name);
  }
  return out;
}

// The error of parsing `text` as "x.toml"; fails the test if it parses.
Status ParseError(const std::string& text) {
  auto config = ParseLinkConfig(text, "x.toml");
  EXPECT_FALSE(config.ok()) << "should not parse:\n" << text;
  return config.ok() ? Status::Ok() : config.status();
}

// Whether the message starts with "x.toml: <key>: ".
::testing::AssertionResult NamesFileAndKey(const Status& status, const std::string& key) {
  const std::string prefix = "x.toml: " + key + ": ";
  if (status.code() != StatusCode::kConfigError) {
    return ::testing::AssertionFailure() << "not a ConfigError: " << status.message();
  }
  if (status.message().rfind(prefix, 0) != 0) {
    return ::testing::AssertionFailure()
           << "'" << status.message() << "' does not start with '" << prefix << "'";
  }
  return ::testing::AssertionSuccess();
}

TEST(LinkConfig, DefaultsAreThoseTheHeaderDocuments) {
  const LinkConfig config = DefaultLinkConfig();
  EXPECT_EQ(RuleNames(config),
            (std::vector<std::string>{"date_of_birth", "personal_id", "phone", "email", "full_name",
                                      "birth_year_gender_token", "name_lsh"}));
  EXPECT_EQ(
      ComparisonNames(config),
      (std::vector<std::string>{"given_name", "family_name", "date_of_birth", "birth_year",
                                "personal_id", "phone", "email", "gender", "nationality", "sector",
                                "exploitation_form", "domestic", "registration_date"}));
  EXPECT_EQ(config.max_comparisons_per_rule, 200'000'000);
  EXPECT_EQ(config.lsh_bands, 12);
  EXPECT_EQ(config.lsh_rows, 4);
  EXPECT_EQ(config.name_dice_thresholds, (std::vector<double>{0.9, 0.8, 0.65}));
  EXPECT_TRUE(config.term_frequency);
  EXPECT_EQ(config.u_sample_pairs, 2'000'000);
  EXPECT_EQ(config.seed, 20151231u);
  EXPECT_EQ(config.max_em_iterations, 200);
  EXPECT_DOUBLE_EQ(config.em_tolerance, 1e-7);
  EXPECT_DOUBLE_EQ(config.threshold, 0.5);
  EXPECT_EQ(config.guard_personal_id, PersonalIdGuard::kAuto);
  EXPECT_EQ(config.max_cluster_size, 50);
  EXPECT_DOUBLE_EQ(config.conflict_weight, -10.0);
  EXPECT_DOUBLE_EQ(config.min_mean_weight, 0.0);
  EXPECT_DOUBLE_EQ(config.keep_pairs_above_weight, -7.0);
}

TEST(LinkConfig, AnEmptyFileGivesTheDefaults) {
  auto config = ParseLinkConfig("# nothing here\n", "x.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const LinkConfig defaults = DefaultLinkConfig();
  EXPECT_EQ(RuleNames(*config), RuleNames(defaults));
  EXPECT_EQ(ComparisonNames(*config), ComparisonNames(defaults));
  EXPECT_DOUBLE_EQ(config->threshold, defaults.threshold);
}

TEST(LinkConfig, ReadsEverySetting) {
  auto config = ParseLinkConfig(R"(
[blocking]
rules = ["name_token", "phone", "name_lsh"]
max_comparisons_per_rule = 1234567
lsh_bands = 20
lsh_rows = 3

[comparisons]
use = ["family_name", "date_of_birth", "gender"]
name_dice_thresholds = [0.95, 0.7]
term_frequency = false

[model]
u_sample_pairs = 5000
seed = 42
max_em_iterations = 77
em_tolerance = 1e-9

[clusters]
threshold = 0.99
guard_personal_id = false
max_cluster_size = 12
keep_pairs_above_weight = -2.5
conflict_weight = -7.5
min_mean_weight = 1.5
)",
                                "x.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(RuleNames(*config), (std::vector<std::string>{"name_token", "phone", "name_lsh"}));
  EXPECT_EQ(config->blocking_rules[0].kind, BlockingRuleKind::kNameToken);
  EXPECT_EQ(config->max_comparisons_per_rule, 1234567);
  EXPECT_EQ(config->lsh_bands, 20);
  EXPECT_EQ(config->lsh_rows, 3);
  EXPECT_EQ(ComparisonNames(*config),
            (std::vector<std::string>{"family_name", "date_of_birth", "gender"}));
  EXPECT_EQ(config->comparisons[2].kind, ComparisonKind::kGender);
  EXPECT_EQ(config->name_dice_thresholds, (std::vector<double>{0.95, 0.7}));
  EXPECT_FALSE(config->term_frequency);
  EXPECT_EQ(config->u_sample_pairs, 5000);
  EXPECT_EQ(config->seed, 42u);
  EXPECT_EQ(config->max_em_iterations, 77);
  EXPECT_DOUBLE_EQ(config->em_tolerance, 1e-9);
  EXPECT_DOUBLE_EQ(config->threshold, 0.99);
  EXPECT_EQ(config->guard_personal_id, PersonalIdGuard::kOff);
  EXPECT_EQ(config->max_cluster_size, 12);
  EXPECT_DOUBLE_EQ(config->keep_pairs_above_weight, -2.5);
  EXPECT_DOUBLE_EQ(config->conflict_weight, -7.5);
  EXPECT_DOUBLE_EQ(config->min_mean_weight, 1.5);
}

TEST(LinkConfig, EveryRuleAndComparisonNameIsAccepted) {
  auto config = ParseLinkConfig(R"(
[blocking]
rules = ["date_of_birth", "personal_id", "phone", "email", "full_name", "name_token",
         "birth_year_gender_token", "name_lsh"]
[comparisons]
use = ["given_name", "family_name", "date_of_birth", "personal_id", "phone", "email", "gender",
       "nationality"]
)",
                                "x.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->blocking_rules.size(), 8u);
  EXPECT_EQ(config->comparisons.size(), 8u);
  EXPECT_EQ(config->blocking_rules[5].kind, BlockingRuleKind::kNameToken);
  EXPECT_EQ(config->blocking_rules[6].kind, BlockingRuleKind::kBirthYearGenderToken);
  EXPECT_EQ(config->comparisons[7].kind, ComparisonKind::kNationality);
}

TEST(LinkConfig, ThePersonalIdGuardIsAutoOnOrOff) {
  EXPECT_EQ(
      ParseLinkConfig("[clusters]\nguard_personal_id = \"auto\"\n", "x.toml")->guard_personal_id,
      PersonalIdGuard::kAuto);
  EXPECT_EQ(ParseLinkConfig("[clusters]\nguard_personal_id = true\n", "x.toml")->guard_personal_id,
            PersonalIdGuard::kOn);
  EXPECT_EQ(ParseLinkConfig("[clusters]\nguard_personal_id = false\n", "x.toml")->guard_personal_id,
            PersonalIdGuard::kOff);
}

TEST(LinkConfig, ReadsTheSourcesThatHoldEachPersonOnce) {
  auto config = ParseLinkConfig("[sources]\ndeduplicated = [\"febrl4a\", \"febrl4b\"]\n", "x.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->deduplicated_sources, (std::vector<std::string>{"febrl4a", "febrl4b"}));
  EXPECT_TRUE(DefaultLinkConfig().deduplicated_sources.empty());
}

TEST(LinkConfig, ReadsTheSourcesWhosePersonalIdsAreValidated) {
  auto config = ParseLinkConfig("[sources]\nvalidated_personal_id = [\"gemeente\"]\n", "x.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->validated_personal_id_sources, (std::vector<std::string>{"gemeente"}));
  EXPECT_TRUE(config->deduplicated_sources.empty());
  EXPECT_TRUE(DefaultLinkConfig().validated_personal_id_sources.empty());
  const auto twice =
      ParseLinkConfig("[sources]\nvalidated_personal_id = [\"a\", \"a\"]\n", "x.toml");
  ASSERT_FALSE(twice.ok());
  EXPECT_NE(twice.status().message().find("sources.validated_personal_id"), std::string::npos);
}

TEST(LinkConfig, ErrorsNameTheFileAndTheKey) {
  struct Case {
    std::string text;
    std::string key;
  };
  const std::vector<Case> cases = {
      {"[blocking]\nrules = [\"soundex\"]\n", "blocking.rules"},
      {"[blocking]\nrules = []\n", "blocking.rules"},
      {"[blocking]\nrules = \"phone\"\n", "blocking.rules"},
      {"[blocking]\nrules = [1]\n", "blocking.rules"},
      {"[blocking]\nmax_comparisons_per_rule = 0\n", "blocking.max_comparisons_per_rule"},
      {"[blocking]\nlsh_bands = 0\n", "blocking.lsh_bands"},
      {"[blocking]\nlsh_bands = 65\n", "blocking.lsh_bands"},
      {"[blocking]\nlsh_rows = 17\n", "blocking.lsh_rows"},
      {"[blocking]\nlsh_rows = \"4\"\n", "blocking.lsh_rows"},
      {"[blocking]\nrule = [\"phone\"]\n", "blocking.rule"},
      {"[comparisons]\nuse = [\"shoe_size\"]\n", "comparisons.use"},
      {"[comparisons]\nuse = []\n", "comparisons.use"},
      {"[comparisons]\nname_dice_thresholds = [0.8, 0.9]\n", "comparisons.name_dice_thresholds"},
      {"[comparisons]\nname_dice_thresholds = [0.9, 0.9]\n", "comparisons.name_dice_thresholds"},
      {"[comparisons]\nname_dice_thresholds = [1.5]\n", "comparisons.name_dice_thresholds"},
      {"[comparisons]\nname_dice_thresholds = [0]\n", "comparisons.name_dice_thresholds"},
      {"[comparisons]\nname_dice_thresholds = []\n", "comparisons.name_dice_thresholds"},
      {"[comparisons]\nname_dice_thresholds = [0.9, 0.8, 0.7, 0.6, 0.5, 0.4, 0.3]\n",
       "comparisons.name_dice_thresholds"},
      {"[comparisons]\nterm_frequency = \"no\"\n", "comparisons.term_frequency"},
      {"[comparisons]\nthresholds = [0.9]\n", "comparisons.thresholds"},
      {"[model]\nu_sample_pairs = 10\n", "model.u_sample_pairs"},
      {"[model]\nseed = -1\n", "model.seed"},
      {"[model]\nmax_em_iterations = 0\n", "model.max_em_iterations"},
      {"[model]\nem_tolerance = 0.5\n", "model.em_tolerance"},
      {"[model]\nem_tolerance = 0\n", "model.em_tolerance"},
      {"[model]\nlearning_rate = 0.1\n", "model.learning_rate"},
      {"[clusters]\nthreshold = 0\n", "clusters.threshold"},
      {"[sources]\ndeduplicated = \"police\"\n", "sources.deduplicated"},
      {"[sources]\ndeduplicated = [\"a\", \"a\"]\n", "sources.deduplicated"},
      {"[sources]\ndeduplicated = [1]\n", "sources.deduplicated"},
      {"[sources]\nunique = [\"a\"]\n", "sources.unique"},
      {"[clusters]\nthreshold = 1\n", "clusters.threshold"},
      {"[clusters]\nthreshold = 1.5\n", "clusters.threshold"},
      {"[clusters]\nthreshold = -0.2\n", "clusters.threshold"},
      {"[clusters]\nthreshold = \"high\"\n", "clusters.threshold"},
      {"[clusters]\nguard_personal_id = \"yes\"\n", "clusters.guard_personal_id"},
      {"[clusters]\nmax_cluster_size = 1\n", "clusters.max_cluster_size"},
      {"[clusters]\nkeep_pairs_above_weight = 1000\n", "clusters.keep_pairs_above_weight"},
      {"[clusters]\nmin_weight = 3\n", "clusters.min_weight"},
      {"[clusters]\nconflict_weight = 3\n", "clusters.conflict_weight"},
      {"[clusters]\nmin_mean_weight = 101\n", "clusters.min_mean_weight"},
      {"[clustering]\nthreshold = 0.9\n", "clustering"},
      {"threshold = 0.9\n", "threshold"},
  };
  for (const Case& c : cases) {
    EXPECT_TRUE(NamesFileAndKey(ParseError(c.text), c.key)) << c.text;
  }
}

TEST(LinkConfig, UnknownNamesAreAnsweredWithTheKnownOnes) {
  const Status status = ParseError("[blocking]\nrules = [\"soundex\"]\n");
  for (const char* name : {"date_of_birth", "name_token", "birth_year_gender_token", "name_lsh"}) {
    EXPECT_NE(status.message().find(name), std::string::npos) << status.message();
  }
  EXPECT_NE(ParseError("[comparisons]\nuse = [\"x\"]\n").message().find("nationality"),
            std::string::npos);
  EXPECT_NE(ParseError("[nope]\n").message().find("clusters"), std::string::npos);
}

TEST(LinkConfig, AThresholdErrorSaysTheRange) {
  const Status status = ParseError("[clusters]\nthreshold = 1.5\n");
  EXPECT_TRUE(NamesFileAndKey(status, "clusters.threshold"));
  EXPECT_NE(status.message().find("must be a number from"), std::string::npos) << status.message();
}

TEST(LinkConfig, ThresholdsJustInsideTheirRangesAreAccepted) {
  auto config = ParseLinkConfig(
      "[clusters]\nthreshold = 0.5\nmax_cluster_size = 2\nkeep_pairs_above_weight = -100\n"
      "[comparisons]\nname_dice_thresholds = [1.0]\n[blocking]\nlsh_bands = 64\nlsh_rows = 1\n",
      "x.toml");
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_DOUBLE_EQ(config->threshold, 0.5);
  EXPECT_EQ(config->max_cluster_size, 2);
  EXPECT_EQ(config->lsh_bands, 64);
  EXPECT_EQ(config->name_dice_thresholds, (std::vector<double>{1.0}));
}

// A number past the range of the setting's type must be refused, not wrapped into range.
TEST(LinkConfig, RefusesIntegersThatWouldWrapIntoRange) {
  for (const std::string key : {"lsh_bands", "lsh_rows"}) {
    // 2^32 + 4 would be 4 as a 32-bit int.
    auto config = ParseLinkConfig("[blocking]\n" + key + " = 4294967300\n", "x.toml");
    if (config.ok()) {
      ADD_FAILURE() << "fixed bug came back: src/link/link_config.cpp:84 (ReadNumber) casts the "
                       "64-bit value to the "
                       "setting's type (int) before the range check, so "
                    << key << " = 4294967300 is read as "
                    << (key == "lsh_bands" ? config->lsh_bands : config->lsh_rows);
    }
    EXPECT_TRUE(NamesFileAndKey(config.status(), "blocking." + key));
  }
  auto config = ParseLinkConfig("[model]\nmax_em_iterations = 4294967396\n", "x.toml");
  EXPECT_FALSE(config.ok());
}

// Each comparison adds its evidence once: a comparison listed twice would count it twice
// (and more than eight overflow the 64-bit comparison vector, comparison.hpp).
TEST(LinkConfig, RefusesAComparisonListedTwice) {
  auto config = ParseLinkConfig("[comparisons]\nuse = [\"gender\", \"gender\"]\n", "x.toml");
  if (config.ok()) {
    ADD_FAILURE()
        << "fixed bug came back: src/link/link_config.cpp:53-76 (ReadNames) accepts repeated "
           "comparisons, which double their weight; nine or more entries make "
           "Comparator::Compare shift by 64 bits (src/link/comparison.cpp:173), "
           "undefined behaviour";
  }
  EXPECT_TRUE(NamesFileAndKey(config.status(), "comparisons.use"));
}

TEST(LinkConfig, SyntaxErrorsGiveFileLineAndColumn) {
  const Status status = ParseError("[blocking]\nrules = [\"phone\"\n");
  EXPECT_EQ(status.code(), StatusCode::kConfigError);
  EXPECT_EQ(status.message().rfind("x.toml:", 0), 0u) << status.message();
  EXPECT_NE(status.message().find("x.toml:2:"), std::string::npos) << status.message();
}

TEST(LinkConfig, LoadsAFileAndNamesAMissingOne) {
  testing::TempDir dir;
  testing::WriteFile(dir / "link.toml", "[clusters]\nthreshold = 0.9\n");
  auto config = LoadLinkConfig((dir / "link.toml").string());
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_DOUBLE_EQ(config->threshold, 0.9);

  testing::WriteFile(dir / "bad.toml", "[clusters]\nthreshold = 2\n");
  auto bad = LoadLinkConfig((dir / "bad.toml").string());
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().message().rfind((dir / "bad.toml").string() + ": clusters.threshold: ", 0),
            0u)
      << bad.status().message();

  auto missing = LoadLinkConfig((dir / "none.toml").string());
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("none.toml"), std::string::npos);
}

// docs/linkage.md shows every setting with its default value.
TEST(LinkConfig, TheDocumentedExampleIsTheDefaults) {
  const std::string doc = testing::ReadFile(testing::SourceDir() / "docs" / "linkage.md");
  const auto section = doc.find("## Settings");
  ASSERT_NE(section, std::string::npos);
  const auto begin = doc.find("```toml\n", section);
  ASSERT_NE(begin, std::string::npos);
  const auto end = doc.find("```", begin + 8);
  auto config = ParseLinkConfig(doc.substr(begin + 8, end - begin - 8), "linkage.md");
  ASSERT_TRUE(config.ok()) << config.status().message();
  const LinkConfig defaults = DefaultLinkConfig();
  EXPECT_EQ(RuleNames(*config), RuleNames(defaults));
  EXPECT_EQ(ComparisonNames(*config), ComparisonNames(defaults));
  EXPECT_EQ(config->max_comparisons_per_rule, defaults.max_comparisons_per_rule);
  EXPECT_EQ(config->lsh_bands, defaults.lsh_bands);
  EXPECT_EQ(config->lsh_rows, defaults.lsh_rows);
  EXPECT_EQ(config->name_dice_thresholds, defaults.name_dice_thresholds);
  EXPECT_EQ(config->term_frequency, defaults.term_frequency);
  EXPECT_EQ(config->u_sample_pairs, defaults.u_sample_pairs);
  EXPECT_EQ(config->seed, defaults.seed);
  EXPECT_EQ(config->max_em_iterations, defaults.max_em_iterations);
  EXPECT_EQ(config->em_tolerance, defaults.em_tolerance);
  EXPECT_EQ(config->threshold, defaults.threshold);
  EXPECT_EQ(config->guard_personal_id, defaults.guard_personal_id);
  EXPECT_EQ(config->max_cluster_size, defaults.max_cluster_size);
  EXPECT_EQ(config->conflict_weight, defaults.conflict_weight);
  EXPECT_EQ(config->min_mean_weight, defaults.min_mean_weight);
  EXPECT_EQ(config->keep_pairs_above_weight, defaults.keep_pairs_above_weight);
}

TEST(LinkConfig, TheBenchmarkSettingsParse) {
  auto config =
      LoadLinkConfig((testing::SourceDir() / "bench" / "linkage" / "febrl4.link.toml").string());
  ASSERT_TRUE(config.ok()) << config.status().message();
  EXPECT_EQ(config->guard_personal_id, PersonalIdGuard::kOff);
  EXPECT_EQ(config->max_cluster_size, 2);
  EXPECT_DOUBLE_EQ(config->threshold, 0.001);
  EXPECT_DOUBLE_EQ(config->min_mean_weight, -100.0);
  auto fake =
      LoadLinkConfig((testing::SourceDir() / "bench" / "linkage" / "fake_1000.link.toml").string());
  ASSERT_TRUE(fake.ok()) << fake.status().message();
  EXPECT_FALSE(fake->term_frequency);
  EXPECT_DOUBLE_EQ(fake->threshold, 0.2);
  EXPECT_DOUBLE_EQ(fake->min_mean_weight, -100.0);
}

TEST(LinkConfig, NamesOfKindsRoundTrip) {
  EXPECT_EQ(NameOf(BlockingRuleKind::kBirthYearGenderToken), "birth_year_gender_token");
  EXPECT_EQ(NameOf(BlockingRuleKind::kNameLsh), "name_lsh");
  EXPECT_EQ(NameOf(ComparisonKind::kEmail), "email");
  EXPECT_EQ(NameOf(ComparisonKind::kGivenName), "given_name");
}

}  // namespace
}  // namespace zicht::link
