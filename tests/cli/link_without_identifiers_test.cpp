// Records that carry no identifier the blocking rules use give no candidate pair, and then
// EM has nothing to learn from: `zicht link` says that every record stays its own person
// instead of printing the model's starting values as if they were fitted weights.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "support/fake_extract.hpp"
#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

TEST(LinkWithoutIdentifiers, SaysEveryRecordStaysItsOwnPerson) {
  TempDir dir;
  const std::string db = (dir / "m.db").string();
  ASSERT_EQ(RunZicht({"init", "--db", db}).exit_code, 0);
  WriteFile(dir / "a.csv",
            "source_record_id,registration_date,gender,nationality\n"
            "A1,2019-01-02,female,NL\nA2,2019-02-03,male,NG\nA3,2019-03-03,female,NL\n");
  ASSERT_EQ(
      RunZicht({"ingest", "--db", db, "--source", "police", (dir / "a.csv").string()}).exit_code,
      0);
  const auto text = RunZicht({"link", "--db", db});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  EXPECT_NE(text.out.find("every record stays its own person"), std::string::npos) << text.out;
  EXPECT_EQ(text.out.find("NOT converged"), std::string::npos) << text.out;
  EXPECT_NE(text.out.find("Linked 3 records into 3 persons"), std::string::npos) << text.out;

  const auto json = RunZicht({"link", "--db", db, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto out = nlohmann::json::parse(json.out);
  EXPECT_EQ(out["candidate_pairs"], 0);
  EXPECT_EQ(out["model_fitted"], false);
  EXPECT_EQ(out["persons"], 3);
}

// The made-up extract gives every record the same gender, nationality, form, sector and
// domestic value (fake_extract.cpp): agreeing on them says nothing about being one person.
TEST(LinkWithoutIdentifiers, AFieldOfOneValueWeighsNothingAndIsSaidSo) {
  TempDir dir;
  const std::string db = (dir / "m.db").string();
  ASSERT_EQ(RunZicht({"init", "--db", db}).exit_code, 0);
  std::vector<FakePerson> people = MakeFakePeople(40, 51);
  std::vector<FakePerson> again(people.begin(), people.begin() + 20);
  for (FakePerson& p : again) p.record_id = "B-" + p.record_id;
  const auto a = WriteCanonicalCsv(dir / "a.csv", people);
  const auto b = WriteCanonicalCsv(dir / "b.csv", again);
  ASSERT_EQ(RunZicht({"ingest", "--db", db, "--source", "a", a.string()}).exit_code, 0);
  ASSERT_EQ(RunZicht({"ingest", "--db", db, "--source", "b", b.string()}).exit_code, 0);
  const auto text = RunZicht({"link", "--db", db});
  ASSERT_EQ(text.exit_code, 0) << text.err;
  for (const char* field : {"gender", "nationality", "sector", "domestic"}) {
    EXPECT_NE(text.out.find(std::string(field) + " "), std::string::npos) << field;
  }
  EXPECT_NE(text.out.find("(one value in every record that has it: weighs nothing)"),
            std::string::npos)
      << text.out;
  const auto json = RunZicht({"link", "--db", db, "--json"});
  ASSERT_EQ(json.exit_code, 0) << json.err;
  const auto out = nlohmann::json::parse(json.out);
  int constant = 0;
  for (const auto& c : out["model"]["comparisons"]) {
    if (c["constant"] == true) {
      ++constant;
      for (const auto& level : c["levels"]) EXPECT_DOUBLE_EQ(level["weight"].get<double>(), 0.0);
    }
  }
  EXPECT_EQ(constant, 5) << "gender, nationality, exploitation_form, sector, domestic";
  EXPECT_EQ(out["persons"], 40) << "the 20 people in both files are linked";
}

}  // namespace
}  // namespace zicht::testing
