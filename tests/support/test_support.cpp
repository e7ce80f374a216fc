#include "support/test_support.hpp"

#include <fcntl.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <csignal>
#include <cstdlib>
#include <fstream>
#include <random>
#include <sstream>
#include <stdexcept>

namespace zicht::testing {

namespace fs = std::filesystem;

TempDir::TempDir() {
  static std::atomic<int> counter{0};
  std::random_device random;
  path_ = fs::temp_directory_path() / ("zicht-test-" + std::to_string(::getpid()) + "-" +
                                       std::to_string(counter++) + "-" + std::to_string(random()));
  fs::create_directories(path_);
}

TempDir::~TempDir() {
  std::error_code ignored;
  fs::remove_all(path_, ignored);
}

fs::path SourceDir() {
  if (const char* dir = std::getenv("ZICHT_SOURCE_DIR"); dir != nullptr && *dir != '\0') return dir;
  return ZICHT_SOURCE_DIR;
}

fs::path SharedDataDir() {
  fs::path dir;
  if (const char* env = std::getenv("ZICHT_SHARED_DATA"); env != nullptr && *env != '\0') {
    dir = env;
  } else {
    dir = SourceDir().parent_path() / "shared" / "data";
  }
  return fs::is_directory(dir) ? dir : fs::path{};
}

bool SharedDataRequired() {
  const char* env = std::getenv("ZICHT_REQUIRE_SHARED_DATA");
  return env != nullptr && std::string(env) == "1";
}

std::string SharedDataMissing(const std::string& relative) {
  return "the shared data (../shared/data or $ZICHT_SHARED_DATA) is not present, so " + relative +
         " is not either";
}

namespace {

// One line per known-answer test that ran on shared data, appended atomically (ctest runs
// several test programs at once).
void RecordKnownAnswer(const std::string& relative) {
  const char* log = std::getenv("ZICHT_KNOWN_ANSWER_LOG");
  if (log == nullptr || *log == '\0') return;
  const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
  const std::string line =
      (info != nullptr ? std::string(info->test_suite_name()) + "." + info->name()
                       : std::string("?")) +
      " " + relative + "\n";
  const int fd = ::open(log, O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (fd < 0) return;
  const ssize_t written = ::write(fd, line.data(), line.size());
  (void)written;
  ::close(fd);
}

}  // namespace

fs::path SharedFile(const std::string& relative) {
  fs::path dir;
  if (const char* env = std::getenv("ZICHT_SHARED_DATA"); env != nullptr && *env != '\0') {
    dir = env;
  } else {
    dir = SourceDir().parent_path() / "shared" / "data";
  }
  std::error_code error;
  if (!fs::is_directory(dir, error)) {
    if (SharedDataRequired()) {
      ADD_FAILURE() << "known-answer data required (ZICHT_REQUIRE_SHARED_DATA=1) but the shared "
                       "data folder "
                    << dir << " is absent";
    }
    return {};
  }
  const fs::path path = dir / relative;
  std::ifstream in(path, std::ios::binary);
  if (!in || in.peek() == std::ifstream::traits_type::eof()) {
    ADD_FAILURE() << path
                  << " is missing, unreadable or empty although the shared data folder is "
                     "present: a known answer cannot be checked";
    return {};
  }
  RecordKnownAnswer(relative);
  return path;
}

void WriteFile(const fs::path& path, const std::string& content) {
  if (path.has_parent_path()) fs::create_directories(path.parent_path());
  std::ofstream out(path, std::ios::binary);
  out << content;
  if (!out) throw std::runtime_error("cannot write " + path.string());
}

std::string ReadFile(const fs::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

namespace {

// Runs zicht; `input`, when given, is written into a pipe that becomes its standard input.
CommandResult Run(const std::vector<std::string>& args, const std::string* input) {
  TempDir scratch;
  const fs::path out_path = scratch / "stdout";
  const fs::path err_path = scratch / "stderr";
  int pipe_ends[2] = {-1, -1};
  if (input != nullptr && ::pipe(pipe_ends) != 0) throw std::runtime_error("pipe failed");
  const pid_t pid = ::fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    std::vector<std::string> argv_storage;
    argv_storage.emplace_back(ZICHT_BINARY);
    argv_storage.insert(argv_storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& arg : argv_storage) argv.push_back(arg.data());
    argv.push_back(nullptr);
    if (input != nullptr) {
      ::close(pipe_ends[1]);
      if (::dup2(pipe_ends[0], STDIN_FILENO) < 0) ::_exit(127);
      ::close(pipe_ends[0]);
    }
    std::FILE* out = std::freopen(out_path.c_str(), "w", stdout);
    std::FILE* err = std::freopen(err_path.c_str(), "w", stderr);
    if (out == nullptr || err == nullptr) ::_exit(127);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  if (input != nullptr) {
    ::close(pipe_ends[0]);
    // The child's output goes to files, so writing all of the input cannot deadlock; a
    // child that stops reading early makes write fail with EPIPE, which ends the loop.
    std::signal(SIGPIPE, SIG_IGN);
    size_t written = 0;
    while (written < input->size()) {
      const ssize_t n = ::write(pipe_ends[1], input->data() + written, input->size() - written);
      if (n <= 0) break;
      written += static_cast<size_t>(n);
    }
    ::close(pipe_ends[1]);
  }
  int status = 0;
  ::waitpid(pid, &status, 0);
  CommandResult result;
  result.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  result.out = ReadFile(out_path);
  result.err = ReadFile(err_path);
  return result;
}

}  // namespace

CommandResult RunZicht(const std::vector<std::string>& args) {
  return Run(args, nullptr);
}

CommandResult RunZichtWithStdin(const std::vector<std::string>& args, const std::string& input) {
  return Run(args, &input);
}

std::vector<std::string> SplitCsv(const std::string& line, char delimiter) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (std::size_t i = 0; i < line.size(); ++i) {
    const char c = line[i];
    if (quoted) {
      if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
        fields.back() += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        fields.back() += c;
      }
    } else if (c == '"') {
      quoted = true;
    } else if (c == delimiter) {
      fields.emplace_back();
    } else if (c != '\r') {
      fields.back() += c;
    }
  }
  return fields;
}

}  // namespace zicht::testing
