// Records that carry no identifier the blocking rules use give no candidate pair, and then
// EM has nothing to learn from: `zicht link` says that every record stays its own person
// instead of printing the model's starting values as if they were fitted weights.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

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

}  // namespace
}  // namespace zicht::testing
