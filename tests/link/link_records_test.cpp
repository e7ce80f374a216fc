#include "zicht/link/link_records.hpp"

#include <gtest/gtest.h>

#include <bit>
#include <string>
#include <vector>

#include "link/link_fixtures.hpp"
#include "support/test_support.hpp"

namespace zicht::link {
namespace {

using fixtures::BitsOf;
using fixtures::Build;
using fixtures::DigestOf;
using fixtures::EmptyRecord;

TEST(ShortHash, IsTheFirst64BitsAndNeverZero) {
  Digest digest{};
  for (std::size_t i = 0; i < digest.size(); ++i) digest[i] = static_cast<std::uint8_t>(i + 1);
  std::uint64_t expected = 0;
  for (int i = 7; i >= 0; --i) expected = (expected << 8) | static_cast<std::uint64_t>(i + 1);
  EXPECT_EQ(ShortHash(digest), expected);  // little-endian read of bytes 0..7
  Digest zero{};
  zero[12] = 9;  // only bytes past the first eight
  EXPECT_EQ(ShortHash(zero), 1u) << "0 means missing, so a zero prefix becomes 1";
}

TEST(LinkRecordsBuilder, HoldsEachRecordsEncodingsAndZeroForMissing) {
  Record a = EmptyRecord("police", "A1");
  a.record_id = 11;
  a.person_id = 4;
  a.identifiers.given_name_tokens = {DigestOf(5), DigestOf(6)};
  a.identifiers.family_name_tokens = {DigestOf(7)};
  a.identifiers.full_name = DigestOf(8);
  a.identifiers.date_of_birth = DigestOf(9);
  a.identifiers.date_of_birth_swapped = DigestOf(10);
  a.identifiers.personal_id = DigestOf(11);
  a.identifiers.phone = DigestOf(12);
  a.identifiers.email = DigestOf(13);
  a.identifiers.given_name_bloom = BitsOf({0, 63, 64, 1023});
  a.identifiers.family_name_bloom = BitsOf({5});
  a.birth_year = 1990;
  a.gender = "female";
  a.nationality = "NG";
  Record b = EmptyRecord("ngo", "B1");
  b.record_id = 12;
  b.gender = "male";
  b.nationality = "female";  // the same text in another field is another code
  Record c = EmptyRecord("ngo", "C1");
  c.gender = "female";
  c.nationality = "";
  const LinkRecords r = Build({a, b, c});
  ASSERT_EQ(r.size, 3u);
  EXPECT_EQ(r.bloom_words, 16u);
  EXPECT_EQ(r.record_id, (std::vector<std::int64_t>{11, 12, 0}));
  EXPECT_EQ(r.person_id, (std::vector<std::int64_t>{4, 0, 0}));
  EXPECT_EQ(r.source, (std::vector<std::string>{"police", "ngo", "ngo"}));
  EXPECT_EQ(r.source_record_id[1], "B1");
  EXPECT_EQ(r.given_tokens, (std::vector<std::uint64_t>{5, 6}));
  EXPECT_EQ(r.given_token_offset, (std::vector<std::uint32_t>{0, 2, 2, 2}));
  EXPECT_EQ(r.family_token_offset, (std::vector<std::uint32_t>{0, 1, 1, 1}));
  EXPECT_EQ(r.full_name, (std::vector<std::uint64_t>{8, 0, 0}));
  EXPECT_EQ(r.date_of_birth, (std::vector<std::uint64_t>{9, 0, 0}));
  EXPECT_EQ(r.date_of_birth_swapped, (std::vector<std::uint64_t>{10, 0, 0}));
  EXPECT_EQ(r.personal_id, (std::vector<std::uint64_t>{11, 0, 0}));
  EXPECT_EQ(r.phone, (std::vector<std::uint64_t>{12, 0, 0}));
  EXPECT_EQ(r.email, (std::vector<std::uint64_t>{13, 0, 0}));
  EXPECT_EQ(r.given_bits, (std::vector<int>{4, 0, 0}));
  EXPECT_EQ(r.family_bits, (std::vector<int>{1, 0, 0}));
  ASSERT_EQ(r.given_bloom.size(), 3u * 16);
  EXPECT_EQ(r.GivenBloom(0)[0], (std::uint64_t{1} << 63) | 1);
  EXPECT_EQ(r.GivenBloom(0)[15], std::uint64_t{1} << 63);
  for (std::size_t w = 0; w < 16; ++w) EXPECT_EQ(r.GivenBloom(1)[w], 0u);
  EXPECT_NE(r.given_key[0], 0u);
  EXPECT_EQ(r.given_key[1], 0u);
  EXPECT_EQ(r.family_key[2], 0u);
  EXPECT_EQ(r.birth_year, (std::vector<std::int16_t>{1990, 0, 0}));
  EXPECT_EQ(r.birth_year_from_age, (std::vector<std::uint8_t>{0, 0, 0}));
  // Codes: unknown and empty are 0; the same value is the same code.
  EXPECT_NE(r.gender[0], 0);
  EXPECT_NE(r.gender[1], 0);
  EXPECT_NE(r.gender[0], r.gender[1]);
  EXPECT_EQ(r.gender[2], r.gender[0]);
  EXPECT_NE(r.nationality[0], 0);
  EXPECT_NE(r.nationality[1], r.gender[0]);
  EXPECT_EQ(r.nationality[2], 0);
}

TEST(LinkRecordsBuilder, ANamesKeyIsItsTokenSetInAnyOrder) {
  auto named = [](std::vector<std::uint64_t> tokens) {
    Record r = EmptyRecord("s", "x");
    for (std::uint64_t t : tokens) r.identifiers.given_name_tokens.push_back(DigestOf(t));
    r.identifiers.given_name_bloom = BitsOf({1});
    return r;
  };
  const LinkRecords r = Build({named({1, 2}), named({2, 1}), named({1, 3}), named({1})});
  EXPECT_EQ(r.given_key[0], r.given_key[1]);
  EXPECT_NE(r.given_key[0], r.given_key[2]);
  EXPECT_NE(r.given_key[0], r.given_key[3]);
}

TEST(LinkRecordsBuilder, StartsAfreshAfterFinish) {
  LinkRecordsBuilder builder;
  builder.Add(EmptyRecord("s", "1"));
  const LinkRecords first = builder.Finish();
  EXPECT_EQ(first.size, 1u);
  const LinkRecords empty = builder.Finish();
  EXPECT_EQ(empty.size, 0u);
  EXPECT_EQ(empty.given_token_offset, (std::vector<std::uint32_t>{0}));
  EXPECT_EQ(empty.bloom_words, 16u);
}

TEST(LoadLinkRecords, ReadsTheStoresRecordsInItsOrder) {
  testing::TempDir dir;
  auto created = store::CreateSqliteStore(dir / "r.db");
  ASSERT_TRUE(created.ok());
  fixtures::PopulationOptions options;
  options.people = 30;
  const auto population = fixtures::SimulatePopulation(options);
  ASSERT_TRUE(fixtures::StoreRecords(**created, population.records).ok());
  std::vector<Record> in_store;
  ASSERT_TRUE((*created)
                  ->ForEachRecord([&](const Record& r) {
                    in_store.push_back(r);
                    return Status::Ok();
                  })
                  .ok());
  auto loaded = LoadLinkRecords(**created);
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  const LinkRecords expected = Build(in_store);
  EXPECT_EQ(loaded->size, population.records.size());
  EXPECT_EQ(loaded->record_id, expected.record_id);
  EXPECT_EQ(loaded->given_bloom, expected.given_bloom);
  EXPECT_EQ(loaded->family_tokens, expected.family_tokens);
  EXPECT_EQ(loaded->date_of_birth, expected.date_of_birth);
  EXPECT_EQ(loaded->gender, expected.gender);
  for (std::int64_t id : loaded->record_id) EXPECT_GT(id, 0);
}

}  // namespace
}  // namespace zicht::link
