// Every input is read once: the hash is taken on the way to the reader. The expected digests
// are the SHA-256 examples of FIPS 180-2 (appendix B.1 "abc", and one million 'a', B.3) and
// the digest of the empty message, so nothing here depends on the program's own output.
#include "zicht/ingest/content_hash.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <fstream>
#include <iterator>
#include <string>
#include <thread>

#include "support/test_support.hpp"
#include "zicht/ingest/ingest.hpp"

namespace zicht::ingest {
namespace {

using zicht::testing::TempDir;
using zicht::testing::WriteFile;

constexpr const char* kAbc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr const char* kEmpty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr const char* kMillionA =
    "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";

std::string ReadAll(std::istream& in) {
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

TEST(HashedInput, HashesTheBytesItHandsOut) {
  TempDir dir;
  WriteFile(dir / "abc.csv", "abc");
  auto input = HashedInput::Open(dir / "abc.csv");
  ASSERT_TRUE(input.ok()) << input.status().message();
  EXPECT_EQ(ReadAll((*input)->stream()), "abc");
  EXPECT_EQ((*input)->FinishSha256().value(), kAbc);
  EXPECT_EQ((*input)->size(), 3u);
}

TEST(HashedInput, FinishingReadsWhatTheReaderLeft) {
  TempDir dir;
  WriteFile(dir / "a.csv", std::string(1'000'000, 'a'));
  auto input = HashedInput::Open(dir / "a.csv");
  ASSERT_TRUE(input.ok());
  char first[10];
  (*input)->stream().read(first, sizeof first);  // the rest is never asked for
  EXPECT_EQ((*input)->FinishSha256().value(), kMillionA);
}

TEST(HashedInput, AnEmptyFileHasTheEmptyMessagesDigest) {
  TempDir dir;
  WriteFile(dir / "empty.csv", "");
  EXPECT_EQ(Sha256OfFile(dir / "empty.csv").value(), kEmpty);
}

TEST(HashedInput, AFifoIsReadOnceAndHasNoSizeInAdvance) {
  TempDir dir;
  const auto fifo = dir / "fifo.csv";
  ASSERT_EQ(::mkfifo(fifo.c_str(), 0600), 0);
  // Opening a FIFO for reading blocks until a writer opens it: the writer runs beside.
  std::thread writer([&] {
    std::ofstream out(fifo, std::ios::binary);
    out << "abc";
  });
  auto input = HashedInput::Open(fifo);
  ASSERT_TRUE(input.ok());
  EXPECT_FALSE((*input)->size().has_value());
  EXPECT_EQ(ReadAll((*input)->stream()), "abc");
  EXPECT_EQ((*input)->FinishSha256().value(), kAbc);
  writer.join();
}

TEST(HashedInput, AMissingFileIsNamedButNothingElse) {
  TempDir dir;
  auto input = HashedInput::Open(dir / "missing.csv");
  ASSERT_FALSE(input.ok());
  EXPECT_EQ(input.status().code(), StatusCode::kNotFound);
  EXPECT_NE(input.status().message().find("missing.csv"), std::string::npos);
}

TEST(HashedInput, TheDashIsStandardInputByItsOwnName) {
  auto input = HashedInput::Open(kStandardInputArgument);
  ASSERT_TRUE(input.ok());
  EXPECT_EQ((*input)->name(), kStandardInputName);
}

}  // namespace
}  // namespace zicht::ingest
