#include "zicht/ingest/init.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>

#include "support/test_support.hpp"
#include "zicht/ingest/ingest.hpp"

namespace zicht::ingest {
namespace {

using testing::TempDir;

InitOptions Options(const TempDir& dir) {
  InitOptions options;
  options.db = dir / "m.db";
  options.key_file = dir / "m.key";
  return options;
}

TEST(InitializeStore, CreatesStoreAndPrivateKeyAndRecordsTheFingerprint) {
  TempDir dir;
  auto summary = InitializeStore(Options(dir));
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_TRUE(summary->key_created);
  struct stat info {};
  ASSERT_EQ(::stat((dir / "m.key").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600u);
  auto store = store::OpenSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  auto key = privacy::PseudonymKey::LoadFile(dir / "m.key");
  ASSERT_TRUE(key.ok());
  EXPECT_TRUE(CheckKeyMatchesStore(**store, *key).ok());
  auto bloom = StoredBloomOptions(**store);
  ASSERT_TRUE(bloom.ok());
  EXPECT_EQ(bloom->bits, privacy::BloomOptions{}.bits);
}

TEST(InitializeStore, RecordsTheIdentifierEncoding) {
  TempDir dir;
  ASSERT_TRUE(InitializeStore(Options(dir)).ok());
  auto store = store::OpenSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  EXPECT_EQ((*store)->GetMeta(kMetaEncodingVersion).value(),
            std::to_string(privacy::kEncodingVersion));
  EXPECT_EQ((*store)->GetMeta(kMetaNameVariantsSha256).value(),
            privacy::NameVariants::Default().Sha256());
  EXPECT_TRUE(CheckEncodingMatchesStore(**store).ok());
}

TEST(InitializeStore, ADemoStoreGetsTheSeedsKeyAndIsMarkedAsSuch) {
  TempDir dir;
  InitOptions options = Options(dir);
  options.demo_seed = 5;
  auto summary = InitializeStore(options);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_EQ(summary->key_fingerprint, privacy::PseudonymKey::ForDemo(5).Fingerprint());
  auto store = store::OpenSqliteStore(dir / "m.db");
  ASSERT_TRUE(store.ok());
  EXPECT_TRUE(HasDemoKey(**store).value());

  TempDir own;
  ASSERT_TRUE(InitializeStore(Options(own)).ok());
  auto own_store = store::OpenSqliteStore(own / "m.db");
  ASSERT_TRUE(own_store.ok());
  EXPECT_FALSE(HasDemoKey(**own_store).value());
}

TEST(InitializeStore, ADemoStoreNeverTakesAnExistingKey) {
  TempDir dir;
  InitOptions options = Options(dir);
  options.demo_seed = 5;
  options.reuse_key = true;
  EXPECT_EQ(InitializeStore(options).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(dir / "m.db"));
}

TEST(InitializeStore, NeverOverwritesAKeyAndLeavesNoStoreBehind) {
  TempDir dir;
  testing::WriteFile(dir / "m.key", "an earlier key");
  auto summary = InitializeStore(Options(dir));
  ASSERT_FALSE(summary.ok());
  EXPECT_EQ(summary.status().code(), StatusCode::kAlreadyExists);
  EXPECT_NE(summary.status().message().find("--reuse-key"), std::string::npos);
  EXPECT_EQ(testing::ReadFile(dir / "m.key"), "an earlier key");
  EXPECT_FALSE(std::filesystem::exists(dir / "m.db"));
}

TEST(InitializeStore, ReusesAKeyWhenAsked) {
  TempDir dir;
  ASSERT_TRUE(InitializeStore(Options(dir)).ok());
  InitOptions second = Options(dir);
  second.db = dir / "second.db";
  second.reuse_key = true;
  auto summary = InitializeStore(second);
  ASSERT_TRUE(summary.ok()) << summary.status().message();
  EXPECT_FALSE(summary->key_created);
}

TEST(InitializeStore, RefusesAnExistingStoreAndKeepsItsKey) {
  TempDir dir;
  ASSERT_TRUE(InitializeStore(Options(dir)).ok());
  const std::string key = testing::ReadFile(dir / "m.key");
  InitOptions again = Options(dir);
  again.key_file = dir / "other.key";
  EXPECT_EQ(InitializeStore(again).status().code(), StatusCode::kAlreadyExists);
  EXPECT_FALSE(std::filesystem::exists(dir / "other.key"));
  EXPECT_EQ(testing::ReadFile(dir / "m.key"), key);
}

TEST(InitializeStore, RejectsBadBloomSettings) {
  TempDir dir;
  InitOptions options = Options(dir);
  options.bloom.bits = 1000;  // not a multiple of 64
  EXPECT_EQ(InitializeStore(options).status().code(), StatusCode::kInvalidArgument);
  EXPECT_FALSE(std::filesystem::exists(dir / "m.key"));
}

TEST(ZichtIngest, SaysClearlyWhenTheKeyIsMissing) {
  TempDir dir;
  ASSERT_EQ(testing::RunZicht({"init", "--db", (dir / "m.db").string()}).exit_code, 0);
  std::filesystem::remove(dir / "m.key");
  testing::WriteFile(dir / "a.csv", "source_record_id,registration_date\nA,2019-01-01\n");
  auto result = testing::RunZicht(
      {"ingest", "--db", (dir / "m.db").string(), "--source", "p", (dir / "a.csv").string()});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.err.find("m.key"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("--key-file"), std::string::npos) << result.err;
}

TEST(ZichtIngest, TakesTheKeyFromTheEnvironment) {
  TempDir dir;
  ASSERT_EQ(testing::RunZicht({"init", "--db", (dir / "m.db").string(), "--key-file",
                               (dir / "elsewhere.key").string()})
                .exit_code,
            0);
  testing::WriteFile(dir / "a.csv", "source_record_id,registration_date\nA,2019-01-01\n");
  setenv("ZICHT_KEY_FILE", (dir / "elsewhere.key").c_str(), 1);
  auto result = testing::RunZicht(
      {"ingest", "--db", (dir / "m.db").string(), "--source", "p", (dir / "a.csv").string()});
  unsetenv("ZICHT_KEY_FILE");
  EXPECT_EQ(result.exit_code, 0) << result.err;
}

TEST(ZichtIngest, RefusesAStoreOfAnotherEncodingWithStatus69AndWritesNothing) {
  TempDir dir;
  const std::string db = (dir / "m.db").string();
  ASSERT_EQ(testing::RunZicht({"init", "--db", db}).exit_code, 0);
  {
    auto store = store::OpenSqliteStore(dir / "m.db");
    ASSERT_TRUE(store.ok());
    ASSERT_TRUE((*store)->SetMeta(kMetaEncodingVersion, "1").ok());
  }
  testing::WriteFile(dir / "a.csv",
                     "source_record_id,registration_date,given_name\nA,2019-01-01,Zyvoq\n");
  const std::string before = testing::RunZicht({"status", "--db", db, "--json"}).out;
  auto result =
      testing::RunZicht({"ingest", "--db", db, "--source", "p", (dir / "a.csv").string()});
  EXPECT_EQ(result.exit_code, 69) << result.err;
  EXPECT_NE(result.err.find("identifier encoding 1"), std::string::npos) << result.err;
  EXPECT_NE(result.err.find("zicht init"), std::string::npos) << result.err;
  EXPECT_EQ(result.err.find("Zyvoq"), std::string::npos) << result.err;
  EXPECT_EQ(testing::RunZicht({"status", "--db", db, "--json"}).out, before);
}

}  // namespace
}  // namespace zicht::ingest
