// The demo runs the whole pipeline that exists on a simulated world: every simulated
// source's extract must ingest with its own mapping and without a single reject.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

TEST(ZichtDemo, IngestsEverySimulatedSourceWithoutRejects) {
  TempDir dir;
  const auto result =
      RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.2", "--seed", "3"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  for (const char* source : {"police", "border_police", "labour_inspectorate", "care_provider",
                             "shelter_reception", "guardianship", "online_chat", "other"}) {
    EXPECT_NE(result.out.find(source), std::string::npos) << source;
  }
  const auto status = RunZicht({"status", "--db", (dir / "zicht.db").string(), "--json"});
  ASSERT_EQ(status.exit_code, 0) << status.err;
  EXPECT_EQ(status.out.find("\"rows_rejected\": 1"), std::string::npos);
  EXPECT_NE(status.out.find("\"rows_rejected\": 0"), std::string::npos);
  // A second run in the same folder never deletes the first one's store or key: it is
  // refused (status 73, docs/data-dictionary.md), and the store is still there.
  const std::string key = ReadFile(dir / "zicht.key");
  EXPECT_EQ(RunZicht({"demo", "--out", dir.path().string(), "--scale", "0.2"}).exit_code, 73);
  EXPECT_EQ(ReadFile(dir / "zicht.key"), key);
  EXPECT_EQ(RunZicht({"status", "--db", (dir / "zicht.db").string()}).exit_code, 0);
}

}  // namespace
}  // namespace zicht::testing
