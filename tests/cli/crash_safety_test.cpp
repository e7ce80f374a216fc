// An ingest killed with SIGKILL at any moment leaves the store holding either the whole
// file or none of it, and the store still works afterwards.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "support/fake_extract.hpp"
#include "support/test_support.hpp"

namespace zicht::testing {
namespace {

using Clock = std::chrono::steady_clock;

pid_t Spawn(const std::vector<std::string>& args) {
  const pid_t pid = ::fork();
  if (pid == 0) {
    std::vector<std::string> storage{ZICHT_BINARY};
    storage.insert(storage.end(), args.begin(), args.end());
    std::vector<char*> argv;
    for (auto& a : storage) argv.push_back(a.data());
    argv.push_back(nullptr);
    if (std::freopen("/dev/null", "w", stdout) == nullptr) ::_exit(127);
    if (std::freopen("/dev/null", "w", stderr) == nullptr) ::_exit(127);
    ::execv(argv[0], argv.data());
    ::_exit(127);
  }
  return pid;
}

std::int64_t RecordsIn(const std::string& db) {
  const auto status = RunZicht({"status", "--db", db, "--json"});
  EXPECT_EQ(status.exit_code, 0) << status.err;
  std::int64_t total = 0;
  for (size_t at = 0; (at = status.out.find("\"records\": ", at)) != std::string::npos;) {
    at += 11;
    if (std::isdigit(static_cast<unsigned char>(status.out[at]))) {
      total += std::stoll(status.out.substr(at));
    }
  }
  return total;
}

TEST(CrashSafety, KilledIngestLeavesAllOrNothing) {
  TempDir dir;
  constexpr int kRows = 20000;
  const auto csv = WriteCanonicalCsv(dir / "big.csv", MakeFakePeople(kRows, 7));

  // How long a whole ingest takes here, to kill the others at fractions of it.
  const auto reference_db = (dir / "ref.db").string();
  ASSERT_EQ(RunZicht({"init", "--db", reference_db}).exit_code, 0);
  const auto start = Clock::now();
  ASSERT_EQ(RunZicht({"ingest", "--db", reference_db, "--source", "p", csv.string()}).exit_code, 0);
  const auto full = Clock::now() - start;
  ASSERT_EQ(RecordsIn(reference_db), kRows);

  int killed_while_running = 0;
  for (const double fraction : {0.1, 0.25, 0.45, 0.65, 0.9}) {
    const auto db =
        (dir / ("k" + std::to_string(static_cast<int>(fraction * 100)) + ".db")).string();
    ASSERT_EQ(RunZicht({"init", "--db", db}).exit_code, 0);
    const pid_t pid = Spawn({"ingest", "--db", db, "--source", "p", csv.string()});
    std::this_thread::sleep_for(
        std::chrono::duration_cast<std::chrono::microseconds>(full * fraction));
    int status = 0;
    if (::waitpid(pid, &status, WNOHANG) == 0) {
      ::kill(pid, SIGKILL);
      ::waitpid(pid, &status, 0);
      ++killed_while_running;
    }
    const std::int64_t records = RecordsIn(db);
    EXPECT_TRUE(records == 0 || records == kRows)
        << "after a kill at " << fraction << " of the run the store holds " << records;
    // The store still works: the file loads (again, or for the first time) in full.
    const auto again = RunZicht({"ingest", "--db", db, "--source", "p", csv.string()});
    EXPECT_EQ(again.exit_code, 0) << again.err;
    EXPECT_EQ(RecordsIn(db), kRows);
  }
  EXPECT_GE(killed_while_running, 2) << "the ingest finished before most kills; the test did not "
                                        "exercise a crash";
}

}  // namespace
}  // namespace zicht::testing
