// What a user knows of the sources: with `[sources] deduplicated`, a source that holds each
// person once never has two of its records in one person. The made-up extracts hold the
// same six people in sources a and b; a also holds a second, identical record of the first
// one (a copy under another record id), which the rule must keep apart from its twin while
// the default links all three (the truth here is the construction itself).
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fake_extract.hpp"
#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

namespace fs = std::filesystem;

class DeduplicatedSources : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = (dir_ / "m.db").string();
    ASSERT_EQ(RunZicht({"init", "--db", db_}).exit_code, 0);
    std::vector<FakePerson> people = MakeFakePeople(6, 41);
    std::vector<FakePerson> in_a = people;
    FakePerson copy = people.front();
    copy.record_id = "COPY-1";
    in_a.push_back(copy);
    std::vector<FakePerson> in_b = people;
    for (FakePerson& p : in_b) p.record_id = "B-" + p.record_id;
    for (const auto& [source, rows] : {std::pair{"a", in_a}, {"b", in_b}}) {
      const auto csv = WriteCanonicalCsv(dir_ / (std::string(source) + ".csv"), rows);
      ASSERT_EQ(RunZicht({"ingest", "--db", db_, "--source", source, csv.string()}).exit_code, 0);
    }
    first_ = people.front().record_id;
  }

  nlohmann::json Link(const std::vector<std::string>& extra) {
    std::vector<std::string> args = {"link", "--db", db_, "--json"};
    args.insert(args.end(), extra.begin(), extra.end());
    const auto run = RunZicht(args);
    EXPECT_EQ(run.exit_code, 0) << run.err;
    return run.exit_code == 0 ? nlohmann::json::parse(run.out) : nlohmann::json();
  }

  TempDir dir_;
  std::string db_;
  std::string first_;
};

TEST_F(DeduplicatedSources, ADeduplicatedSourceNeverGivesAPersonTwoOfItsRecords) {
  const nlohmann::json plain = Link({});
  ASSERT_FALSE(plain.is_null());
  EXPECT_EQ(plain["persons"], 6) << "without the rule the copy joins its twin";
  EXPECT_EQ(plain["guard"]["refused_deduplicated"], 0);

  WriteFile(dir_ / "link.toml", "[sources]\ndeduplicated = [\"a\", \"b\"]\n");
  const nlohmann::json ruled = Link({"--config", (dir_ / "link.toml").string()});
  ASSERT_FALSE(ruled.is_null());
  // The copy is kept apart from its twin, and b's record of that person stays alone too
  // (see below): 5 persons of two records and 3 of one.
  EXPECT_EQ(ruled["persons"], 8);
  EXPECT_GE(ruled["guard"]["refused_deduplicated"].get<int>(), 1);

  const auto explained = RunZicht({"link", "--db", db_, "--explain", "a:" + first_, "a:COPY-1"});
  ASSERT_EQ(explained.exit_code, 0) << explained.err;
  EXPECT_NE(explained.out.find("refused by [sources] deduplicated: records of a are never linked"),
            std::string::npos)
      << explained.out;
  EXPECT_NE(explained.out.find("not linked"), std::string::npos);
  // b's record of that person: across two deduplicated sources a record has one partner,
  // and its two candidates in a are alike, so each is at most an even chance (the
  // one-to-one posterior, docs/linkage.md) and neither is taken, rather than one at random.
  int linked = 0;
  for (const std::string& record : {"a:" + first_, std::string("a:COPY-1")}) {
    const auto across = RunZicht({"link", "--db", db_, "--explain", record, "b:B-" + first_});
    ASSERT_EQ(across.exit_code, 0) << across.err;
    linked += across.out.find("linked: the same person") != std::string::npos;
    EXPECT_NE(across.out.find("not linked"), std::string::npos) << across.out;
    EXPECT_NE(across.out.find("across two deduplicated sources: the linkage weighed this pair"),
              std::string::npos)
        << across.out;
  }
  EXPECT_EQ(linked, 0);
  // The other five people of b each have one candidate in a and are linked to it.
  EXPECT_EQ(ruled["cluster_sizes"]["2"], 5);
}

TEST_F(DeduplicatedSources, AMisspeltSourceIsNamedOnStderr) {
  WriteFile(dir_ / "link.toml", "[sources]\ndeduplicated = [\"a\", \"bee\"]\n");
  const auto run = RunZicht({"link", "--db", db_, "--config", (dir_ / "link.toml").string()});
  EXPECT_EQ(run.exit_code, 0) << run.err;
  EXPECT_NE(run.err.find("no record comes from a source of that name"), std::string::npos)
      << run.err;
  EXPECT_NE(run.err.find("bee"), std::string::npos);
}

}  // namespace
}  // namespace zicht::testing
