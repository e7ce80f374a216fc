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
CommandResult RunZicht(const std::vector<std::string>& args);

}  // namespace zicht::testing
