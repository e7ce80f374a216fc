// Every command explains itself: `zicht <command> --help` exits 0 and shows an example.
#include <gtest/gtest.h>

#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

class CommandHelp : public ::testing::TestWithParam<const char*> {};

TEST_P(CommandHelp, ShowsUsageAndAnExample) {
  const auto result = RunZicht({GetParam(), "--help"});
  EXPECT_EQ(result.exit_code, 0) << result.err;
  EXPECT_NE(result.out.find("Usage: zicht"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find("Example"), std::string::npos) << result.out;
  EXPECT_NE(result.out.find(std::string("zicht ") + GetParam()), std::string::npos) << result.out;
}

INSTANTIATE_TEST_SUITE_P(EveryCommand, CommandHelp,
                         ::testing::Values("init", "ingest", "status", "simulate", "demo",
                                           "estimate", "link", "review", "monitor", "report",
                                           "run"));

TEST(ZichtHelp, ListsTheCommandsAndAnExample) {
  const auto result = RunZicht({"--help"});
  EXPECT_EQ(result.exit_code, 0);
  for (const char* command : {"init", "ingest", "status", "simulate", "demo", "estimate", "link",
                              "review", "monitor", "report", "run"}) {
    EXPECT_NE(result.out.find(command), std::string::npos) << command;
  }
  EXPECT_NE(result.out.find("Example:"), std::string::npos);
}

TEST(ZichtHelp, AnUnknownCommandIsAUsageError) {
  const auto result = RunZicht({"frobnicate"});
  EXPECT_EQ(result.exit_code, 64);
  EXPECT_FALSE(result.err.empty());
}

// Wrong flags end with 64 (EX_USAGE), as docs/data-dictionary.md says; CLI11 by itself
// would end with a number of its own for each kind of error (106, 107, 109).
TEST(ZichtHelp, WrongFlagsAreAUsageErrorWithStatus64) {
  for (const std::vector<std::string>& args :
       std::vector<std::vector<std::string>>{{"link", "--db", "x.db", "--no-such-flag"},
                                             {"link", "--db", "x.db", "--m-from-truth"},
                                             {"ingest", "--db"},
                                             {"review", "--db", "x.db", "--count", "5"},
                                             {"monitor"}}) {
    const auto result = RunZicht(args);
    EXPECT_EQ(result.exit_code, 64) << args[0] << " " << args.back() << ": " << result.err;
    EXPECT_FALSE(result.err.empty());
  }
}

}  // namespace
}  // namespace zicht::testing
