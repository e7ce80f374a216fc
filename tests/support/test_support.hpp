// Helpers shared by the test programs: temporary folders, the shared real data sets,
// and running the built `zicht` program.
#pragma once

#include <filesystem>
#include <string>
#include <vector>

namespace zicht::testing {

// A fresh empty folder under the system's temporary directory, removed on destruction.
class TempDir {
 public:
  TempDir();
  ~TempDir();
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
  const std::filesystem::path& path() const { return path_; }
  std::filesystem::path operator/(const std::string& name) const { return path_ / name; }

 private:
  std::filesystem::path path_;
};

// The folder of the real public data sets: $ZICHT_SHARED_DATA, else ../shared/data
// beside the source tree. Empty if it does not exist (tests then GTEST_SKIP with a reason).
std::filesystem::path SharedDataDir();

// Whether a known-answer test must fail rather than skip when the shared data is absent:
// $ZICHT_REQUIRE_SHARED_DATA=1, which CI sets (.ci/run).
bool SharedDataRequired();

// A file of the shared data for a known-answer test (`relative` under SharedDataDir, e.g.
// "mse/kosovo.csv"), or an empty path when the test is to skip. The data folder absent:
// empty, and a test failure when SharedDataRequired(). The folder present but the file
// missing or unreadable: a test failure (an error, never "absent"), and empty. Present
// and readable: the path, and the test is counted in $ZICHT_KNOWN_ANSWER_LOG (one line per
// test that ran on shared data; `make test` prints how many).
std::filesystem::path SharedFile(const std::string& relative);

// The reason a known-answer test skips.
std::string SharedDataMissing(const std::string& relative);

// In a test body: binds `var` to the shared file or skips the test.
#define ZICHT_SHARED_FILE_OR_SKIP(var, relative)                              \
  const ::std::filesystem::path var = ::zicht::testing::SharedFile(relative); \
  if (var.empty()) GTEST_SKIP() << ::zicht::testing::SharedDataMissing(relative)

// The project's source folder (for config/ and data/sample/).
std::filesystem::path SourceDir();

// Writes `content` to `path`, creating parent folders.
void WriteFile(const std::filesystem::path& path, const std::string& content);
std::string ReadFile(const std::filesystem::path& path);

struct CommandResult {
  int exit_code = -1;
  std::string out;
  std::string err;
};

// Runs the built `zicht` with `args` (no shell involved), capturing its output.
// Splits one CSV line on `delimiter`, honouring double quotes (doubled inside a quoted
// value) and dropping carriage returns outside quotes: the files the simulator and
// `zicht review --export` write, read back here independently of the program's readers.
std::vector<std::string> SplitCsv(const std::string& line, char delimiter = ',');

CommandResult RunZicht(const std::vector<std::string>& args);
// The same with `input` written into a pipe that is the program's standard input.
CommandResult RunZichtWithStdin(const std::vector<std::string>& args, const std::string& input);

}  // namespace zicht::testing
