#include "zicht/privacy/key.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include <cstdio>
#include <cstdlib>
#include <optional>
#include <string>
#include <vector>

#include "support/test_support.hpp"

namespace zicht::privacy {
namespace {

namespace fs = std::filesystem;
using zicht::testing::ReadFile;
using zicht::testing::TempDir;
using zicht::testing::WriteFile;

std::vector<std::uint8_t> Bytes(std::string_view text) {
  return {text.begin(), text.end()};
}

std::vector<std::uint8_t> Repeat(std::uint8_t byte, size_t count) {
  return std::vector<std::uint8_t>(count, byte);
}

std::vector<std::uint8_t> Range(int first, int last) {
  std::vector<std::uint8_t> out;
  for (int b = first; b <= last; ++b) out.push_back(static_cast<std::uint8_t>(b));
  return out;
}

std::string Hex(std::span<const std::uint8_t> bytes) {
  std::string out;
  char buffer[3];
  for (std::uint8_t b : bytes) {
    std::snprintf(buffer, sizeof buffer, "%02x", b);
    out += buffer;
  }
  return out;
}

std::array<std::uint8_t, PseudonymKey::kBytes> Filled(std::uint8_t byte) {
  std::array<std::uint8_t, PseudonymKey::kBytes> bytes{};
  bytes.fill(byte);
  return bytes;
}

// Sets or clears an environment variable for one test and restores it afterwards.
class ScopedEnv {
 public:
  ScopedEnv(const char* name, const char* value) : name_(name) {
    if (const char* old = std::getenv(name)) old_ = old;
    if (value) {
      ::setenv(name, value, 1);
    } else {
      ::unsetenv(name);
    }
  }
  ~ScopedEnv() {
    if (old_) {
      ::setenv(name_, old_->c_str(), 1);
    } else {
      ::unsetenv(name_);
    }
  }

 private:
  const char* name_;
  std::optional<std::string> old_;
};

// ----- HMAC-SHA256: RFC 4231, section 4 --------------------------------------------------

TEST(HmacSha256, MatchesRfc4231TestCase1) {
  HmacSha256 mac(Repeat(0x0b, 20));
  EXPECT_EQ(Hex(mac.Mac("Hi There")),
            "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7");
}

TEST(HmacSha256, MatchesRfc4231TestCase2WithAShortKey) {
  HmacSha256 mac(Bytes("Jefe"));
  EXPECT_EQ(Hex(mac.Mac("what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(HmacSha256, MatchesRfc4231TestCases3And4) {
  const auto data3 = Repeat(0xdd, 50);
  EXPECT_EQ(Hex(HmacSha256(Repeat(0xaa, 20))
                    .Mac(std::string_view(reinterpret_cast<const char*>(data3.data()), 50))),
            "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe");
  const auto data4 = Repeat(0xcd, 50);
  EXPECT_EQ(Hex(HmacSha256(Range(0x01, 0x19))
                    .Mac(std::string_view(reinterpret_cast<const char*>(data4.data()), 50))),
            "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b");
}

TEST(HmacSha256, MatchesRfc4231TestCase5TruncatedTo128Bits) {
  const auto mac = HmacSha256(Repeat(0x0c, 20)).Mac("Test With Truncation");
  EXPECT_EQ(Hex(std::span(mac).first(16)), "a3b6167473100ee06e0c796c2955552b");
}

TEST(HmacSha256, HashesKeysLongerThanABlockAsRfc4231TestCases6And7) {
  HmacSha256 mac(Repeat(0xaa, 131));
  EXPECT_EQ(Hex(mac.Mac("Test Using Larger Than Block-Size Key - Hash Key First")),
            "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54");
  EXPECT_EQ(Hex(mac.Mac("This is a test using a larger than block-size key and a larger than "
                        "block-size data. The key needs to be hashed before being used by the "
                        "HMAC algorithm.")),
            "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2");
}

TEST(HmacSha256, GivesTheSameMacWhenCalledAgainAndAfterAMove) {
  HmacSha256 mac(Bytes("Jefe"));
  const auto first = mac.Mac("what do ya want for nothing?");
  EXPECT_EQ(mac.Mac("what do ya want for nothing?"), first);
  HmacSha256 moved(std::move(mac));
  EXPECT_EQ(moved.Mac("what do ya want for nothing?"), first);
}

// ----- HKDF-SHA256: RFC 5869, appendix A -------------------------------------------------

TEST(HkdfSha256, MatchesRfc5869TestCase1) {
  auto okm = HkdfSha256(Repeat(0x0b, 22), Range(0x00, 0x0c), Range(0xf0, 0xf9), 42);
  ASSERT_TRUE(okm.ok()) << okm.status().message();
  EXPECT_EQ(Hex(*okm),
            "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
}

TEST(HkdfSha256, MatchesRfc5869TestCase3WithoutSaltAndInfo) {
  auto okm = HkdfSha256(Repeat(0x0b, 22), {}, {}, 42);
  ASSERT_TRUE(okm.ok()) << okm.status().message();
  EXPECT_EQ(Hex(*okm),
            "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

TEST(HkdfSha256, RefusesLengthsOutsideWhatRfc5869Allows) {
  EXPECT_EQ(HkdfSha256(Repeat(1, 32), {}, {}, 0).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(HkdfSha256(Repeat(1, 32), {}, {}, 255 * 32 + 1).status().code(),
            StatusCode::kInvalidArgument);
  EXPECT_TRUE(HkdfSha256(Repeat(1, 32), {}, {}, 255 * 32).ok());
}

// ----- Derivation -------------------------------------------------------------------------

TEST(PseudonymKey, DerivesWithHkdfUnderTheFixedSaltAndThePurposeAsInfo) {
  const auto master = Filled(0x42);
  const auto key = PseudonymKey::FromBytes(master);
  auto expected = HkdfSha256(master, Bytes("zicht-v1"), Bytes("hmac/dob"), 32);
  ASSERT_TRUE(expected.ok());
  const auto derived = key.Derive("hmac/dob");
  EXPECT_EQ(std::vector<std::uint8_t>(derived.begin(), derived.end()), *expected);
}

TEST(PseudonymKey, DerivesTheSameKeyForAPurposeAndIndependentKeysForOthers) {
  const auto key = PseudonymKey::FromBytes(Filled(7));
  EXPECT_EQ(key.Derive("hmac/dob"), key.Derive("hmac/dob"));
  EXPECT_NE(key.Derive("hmac/dob"), key.Derive("hmac/phone"));
  EXPECT_NE(key.Derive("bloom/given"), key.Derive("bloom/family"));
  EXPECT_NE(key.Derive("hmac/dob"), PseudonymKey::FromBytes(Filled(8)).Derive("hmac/dob"));
}

TEST(PseudonymKey, FingerprintIsTheStartOfADerivedKeyInHex) {
  const auto key = PseudonymKey::FromBytes(Filled(9));
  const auto derived = key.Derive("fingerprint");
  EXPECT_EQ(key.Fingerprint(), Hex(std::span(derived).first(8)));
  EXPECT_EQ(key.Fingerprint().size(), 16u);
  EXPECT_NE(key.Fingerprint(), PseudonymKey::FromBytes(Filled(10)).Fingerprint());
}

// The demo's key is public by design: HKDF (tested above against RFC 5869) under the
// all-zero key, with the seed in the info string.
TEST(PseudonymKey, TheDemoKeyIsHkdfOfTheSeedUnderTheZeroKey) {
  auto expected = HkdfSha256(Filled(0), Bytes("zicht-v1"),
                             Bytes("zicht demo key, not secret, seed 20151231"), 32);
  ASSERT_TRUE(expected.ok());
  const auto demo = PseudonymKey::ForDemo(20151231);
  EXPECT_EQ(demo.Fingerprint(), PseudonymKey::FromBytes([&] {
                                  std::array<std::uint8_t, PseudonymKey::kBytes> bytes{};
                                  std::copy(expected->begin(), expected->end(), bytes.begin());
                                  return bytes;
                                }())
                                    .Fingerprint());
  EXPECT_EQ(demo.Fingerprint(), PseudonymKey::ForDemo(20151231).Fingerprint());
  EXPECT_NE(demo.Fingerprint(), PseudonymKey::ForDemo(20151232).Fingerprint());
}

// ----- Key files --------------------------------------------------------------------------

TEST(PseudonymKeyFile, TheDemoKeyFileSaysItIsNotSecretAndLoadsAsTheDemoKey) {
  TempDir dir;
  auto created = PseudonymKey::CreateDemoFile(dir / "demo.key", 3);
  ASSERT_TRUE(created.ok()) << created.status().message();
  EXPECT_EQ(fs::status(dir / "demo.key").permissions() & fs::perms::all,
            fs::perms::owner_read | fs::perms::owner_write);
  EXPECT_NE(ReadFile(dir / "demo.key").find("NOT SECRET"), std::string::npos);
  auto loaded = PseudonymKey::LoadFile(dir / "demo.key");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->Fingerprint(), PseudonymKey::ForDemo(3).Fingerprint());
  EXPECT_EQ(PseudonymKey::CreateDemoFile(dir / "demo.key", 3).status().code(),
            StatusCode::kAlreadyExists);
}

TEST(PseudonymKeyFile, IsCreatedOwnerOnlyWithACommentAndSixtyFourHexDigits) {
  TempDir dir;
  const fs::path path = dir / "register.key";
  auto created = PseudonymKey::CreateFile(path);
  ASSERT_TRUE(created.ok()) << created.status().message();

  struct stat info {};
  ASSERT_EQ(::stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);

  const std::string text = ReadFile(path);
  const size_t newline = text.find('\n');
  ASSERT_NE(newline, std::string::npos);
  const std::string comment = text.substr(0, newline);
  EXPECT_EQ(comment.front(), '#');
  EXPECT_NE(comment.find("secret"), std::string::npos);
  EXPECT_NE(comment.find("back it up"), std::string::npos);
  const std::string hex = text.substr(newline + 1);
  ASSERT_EQ(hex.size(), 65u);
  EXPECT_EQ(hex.back(), '\n');
  EXPECT_EQ(hex.find_first_not_of("0123456789abcdef"), 64u);
}

TEST(PseudonymKeyFile, LoadsTheKeyThatWasCreated) {
  TempDir dir;
  auto created = PseudonymKey::CreateFile(dir / "a.key");
  ASSERT_TRUE(created.ok());
  auto loaded = PseudonymKey::LoadFile(dir / "a.key");
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->Derive("hmac/dob"), created->Derive("hmac/dob"));
  EXPECT_EQ(loaded->Fingerprint(), created->Fingerprint());
}

TEST(PseudonymKeyFile, GivesADifferentKeyEachTime) {
  TempDir dir;
  auto first = PseudonymKey::CreateFile(dir / "a.key");
  auto second = PseudonymKey::CreateFile(dir / "b.key");
  ASSERT_TRUE(first.ok() && second.ok());
  EXPECT_NE(first->Fingerprint(), second->Fingerprint());
  EXPECT_NE(ReadFile(dir / "a.key"), ReadFile(dir / "b.key"));
}

TEST(PseudonymKeyFile, RefusesToOverwriteAnExistingFile) {
  TempDir dir;
  const fs::path path = dir / "a.key";
  ASSERT_TRUE(PseudonymKey::CreateFile(path).ok());
  const std::string before = ReadFile(path);
  auto again = PseudonymKey::CreateFile(path);
  EXPECT_EQ(again.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(again.status().message().find(path.string()), std::string::npos);
  EXPECT_EQ(ReadFile(path), before);
}

TEST(PseudonymKeyFile, ReportsAMissingFileAsNotFound) {
  TempDir dir;
  auto loaded = PseudonymKey::LoadFile(dir / "absent.key");
  EXPECT_EQ(loaded.status().code(), StatusCode::kNotFound);
  EXPECT_NE(loaded.status().message().find("absent.key"), std::string::npos);
}

TEST(PseudonymKeyFile, RefusesAKeyOthersCanReadAndSaysHowToFixIt) {
  TempDir dir;
  const fs::path path = dir / "a.key";
  ASSERT_TRUE(PseudonymKey::CreateFile(path).ok());
  const std::string hex = ReadFile(path).substr(ReadFile(path).find('\n') + 1, 64);
  ASSERT_EQ(::chmod(path.c_str(), 0644), 0);
  auto loaded = PseudonymKey::LoadFile(path);
  EXPECT_EQ(loaded.status().code(), StatusCode::kConfigError);
  EXPECT_NE(loaded.status().message().find("chmod 600"), std::string::npos);
  EXPECT_EQ(loaded.status().message().find(hex), std::string::npos);

  ASSERT_EQ(::chmod(path.c_str(), 0620), 0);  // group-writable is as bad
  EXPECT_EQ(PseudonymKey::LoadFile(path).status().code(), StatusCode::kConfigError);
  ASSERT_EQ(::chmod(path.c_str(), 0400), 0);  // read-only for the owner is fine
  EXPECT_TRUE(PseudonymKey::LoadFile(path).ok());
}

TEST(PseudonymKeyFile, RefusesMalformedFilesWithoutQuotingThem) {
  TempDir dir;
  const std::string not_hex(64, 'z');
  const std::vector<std::string> bad = {
      "",
      "# only a comment\n",
      "# short\n0123456789abcdef\n",
      "# not hex\n" + not_hex + "\n",
      "# two keys\n" + std::string(64, 'a') + "\n" + std::string(64, 'b') + "\n",
      "# too long\n" + std::string(66, 'a') + "\n",
  };
  for (size_t i = 0; i < bad.size(); ++i) {
    const fs::path path = dir / ("bad" + std::to_string(i) + ".key");
    WriteFile(path, bad[i]);
    ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
    auto loaded = PseudonymKey::LoadFile(path);
    EXPECT_EQ(loaded.status().code(), StatusCode::kConfigError) << "case " << i;
    EXPECT_EQ(loaded.status().message().find(not_hex), std::string::npos);
  }
}

TEST(PseudonymKeyFile, AcceptsAHandWrittenKeyWithUpperCaseHexAndCrLf) {
  TempDir dir;
  const fs::path path = dir / "a.key";
  WriteFile(path, "# a comment\r\n\r\n" + std::string(64, 'A') + "\r\n");
  ASSERT_EQ(::chmod(path.c_str(), 0600), 0);
  auto loaded = PseudonymKey::LoadFile(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->Fingerprint(), PseudonymKey::FromBytes(Filled(0xaa)).Fingerprint());
}

TEST(PseudonymKeyFile, ReportsAnUnreadablePathAsIoError) {
  TempDir dir;
  WriteFile(dir / "plain", "not a folder");
  // A file used as a folder cannot be opened, whoever runs the test.
  auto loaded = PseudonymKey::LoadFile(dir / "plain" / "a.key");
  EXPECT_EQ(loaded.status().code(), StatusCode::kIoError);
  auto created = PseudonymKey::CreateFile(dir / "plain" / "a.key");
  EXPECT_EQ(created.status().code(), StatusCode::kIoError);
}

TEST(PseudonymKeyFile, RefusesAFolderInPlaceOfTheKey) {
  TempDir dir;
  fs::create_directories(dir / "folder.key");
  ASSERT_EQ(::chmod((dir / "folder.key").c_str(), 0700), 0);
  EXPECT_EQ(PseudonymKey::LoadFile(dir / "folder.key").status().code(), StatusCode::kConfigError);
}

// ----- Which file ---------------------------------------------------------------------------

TEST(ResolveKeyFile, PrefersTheExplicitPath) {
  ScopedEnv env("ZICHT_KEY_FILE", "/elsewhere/env.key");
  EXPECT_EQ(ResolveKeyFile("/data/zicht.db", "/keys/given.key"), fs::path("/keys/given.key"));
}

TEST(ResolveKeyFile, ThenTheEnvironment) {
  ScopedEnv env("ZICHT_KEY_FILE", "/elsewhere/env.key");
  EXPECT_EQ(ResolveKeyFile("/data/zicht.db", ""), fs::path("/elsewhere/env.key"));
}

TEST(ResolveKeyFile, ThenTheDatabasePathWithTheKeyExtension) {
  ScopedEnv env("ZICHT_KEY_FILE", nullptr);
  EXPECT_EQ(ResolveKeyFile("/data/zicht.db", ""), fs::path("/data/zicht.key"));
  EXPECT_EQ(ResolveKeyFile("/data/monitor.sqlite3", ""), fs::path("/data/monitor.key"));
  EXPECT_EQ(ResolveKeyFile("monitor", ""), fs::path("monitor.key"));
  EXPECT_EQ(ResolveKeyFile("/data/odd.key", ""), fs::path("/data/odd.key.key"));
}

TEST(ResolveKeyFile, IgnoresAnEmptyEnvironmentVariable) {
  ScopedEnv env("ZICHT_KEY_FILE", "");
  EXPECT_EQ(ResolveKeyFile("/data/zicht.db", ""), fs::path("/data/zicht.key"));
}

}  // namespace
}  // namespace zicht::privacy
