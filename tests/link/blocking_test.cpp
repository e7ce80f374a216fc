#include "zicht/link/blocking.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "link/link_fixtures.hpp"

namespace zicht::link {
namespace {

using fixtures::Build;
using fixtures::DigestOf;
using fixtures::EmptyRecord;
using fixtures::Rng;

using KeySet = std::set<std::uint64_t>;
using PairSet = std::set<std::uint64_t>;

// Sixty records drawn from small pools, so that every rule has blocks, some pairs share
// several keys, some values are missing, and one record carries the same token in both
// name fields. Names are token sets; their filters come from a pool of eight, each with a
// few random bits flipped, so that name LSH has near and far neighbours.
std::vector<Record> SmallRegister(std::uint64_t seed) {
  Rng rng{seed};
  std::vector<BloomBits> filters;
  for (int f = 0; f < 8; ++f) {
    BloomBits bits(16, 0);
    for (int k = 0; k < 60; ++k) {
      const int bit = rng.Below(1024);
      bits[static_cast<std::size_t>(bit / 64)] |= std::uint64_t{1} << (bit % 64);
    }
    filters.push_back(bits);
  }
  auto filter = [&] {
    BloomBits bits = filters[static_cast<std::size_t>(rng.Below(8))];
    for (int flip = rng.Below(4); flip > 0; --flip) {
      const int bit = rng.Below(1024);
      bits[static_cast<std::size_t>(bit / 64)] ^= std::uint64_t{1} << (bit % 64);
    }
    return bits;
  };
  auto maybe = [&](int pool, double present) -> std::optional<Digest> {
    if (!rng.Chance(present)) return std::nullopt;
    return DigestOf(1000 + static_cast<std::uint64_t>(rng.Below(pool)));
  };
  static const char* const kGenders[] = {"female", "male", "unknown"};
  std::vector<Record> records;
  for (int i = 0; i < 60; ++i) {
    Record r = EmptyRecord("s", std::to_string(i));
    IdentifierEncodings& e = r.identifiers;
    // Dates: 12 values; the swap of value v is value 2000 + v, so a record written with
    // the swap (dob 2000 + v, swapped v) meets the original by both keys.
    if (rng.Chance(0.85)) {
      const std::uint64_t v = 1 + static_cast<std::uint64_t>(rng.Below(12));
      const bool written_swapped = rng.Chance(0.2);
      e.date_of_birth = DigestOf(written_swapped ? 2000 + v : v);
      if (rng.Chance(0.7)) e.date_of_birth_swapped = DigestOf(written_swapped ? v : 2000 + v);
      r.birth_year = 1990 + rng.Below(3);
    } else if (rng.Chance(0.5)) {
      r.birth_year = 1990 + rng.Below(3);
    }
    e.personal_id = maybe(15, 0.4);
    e.phone = maybe(25, 0.5);
    e.email = maybe(20, 0.3);
    e.full_name = maybe(10, 0.8);
    if (rng.Chance(0.9)) {
      for (int t = 1 + rng.Below(2); t > 0; --t)
        e.given_name_tokens.push_back(DigestOf(rng.Below(20) + 1));
      e.given_name_bloom = filter();
    }
    if (rng.Chance(0.9)) {
      for (int t = 1 + rng.Below(2); t > 0; --t)
        e.family_name_tokens.push_back(DigestOf(rng.Below(20) + 1));
      e.family_name_bloom = filter();
    }
    r.gender = kGenders[rng.Below(3)];
    records.push_back(std::move(r));
  }
  // The same token in both fields must still count once per shared key.
  records[0].identifiers.given_name_tokens = {DigestOf(3)};
  records[0].identifiers.family_name_tokens = {DigestOf(3)};
  records[1].identifiers.given_name_tokens = {DigestOf(3)};
  records[1].identifiers.family_name_tokens = {DigestOf(4)};
  return records;
}

LinkConfig WithRules(std::initializer_list<BlockingRuleKind> kinds) {
  LinkConfig config = DefaultLinkConfig();
  config.blocking_rules.clear();
  for (BlockingRuleKind kind : kinds)
    config.blocking_rules.push_back({kind, std::string(NameOf(kind))});
  return config;
}

const std::vector<BlockingRuleKind> kAllRules = {BlockingRuleKind::kDateOfBirth,
                                                 BlockingRuleKind::kPersonalId,
                                                 BlockingRuleKind::kPhone,
                                                 BlockingRuleKind::kEmail,
                                                 BlockingRuleKind::kFullName,
                                                 BlockingRuleKind::kNameToken,
                                                 BlockingRuleKind::kBirthYearGenderToken,
                                                 BlockingRuleKind::kNameLsh};

// The keys of each record, as sets, for one rule as BlockingKeys gives them.
std::vector<KeySet> KeysPerRecord(const LinkRecords& records, const BlockingRule& rule,
                                  const LinkConfig& config) {
  std::vector<KeySet> keys(records.size);
  for (const auto& [key, record] : BlockingKeys(records, rule, config)) {
    EXPECT_LT(record, records.size);
    keys[record].insert(key);
  }
  return keys;
}

std::size_t Shared(const KeySet& a, const KeySet& b) {
  std::size_t n = 0;
  for (std::uint64_t key : a) n += b.count(key);
  return n;
}

// What a rule should count, by brute force over all pairs: a pair in k blocks together
// is k comparisons. Blocks: keys held by two or more records.
struct BruteForce {
  std::int64_t comparisons = 0;
  std::int64_t blocks = 0;
  std::int64_t largest_block = 0;
  PairSet pairs;
};

BruteForce CountByBruteForce(const std::vector<KeySet>& keys) {
  BruteForce out;
  for (std::uint32_t a = 0; a < keys.size(); ++a) {
    for (std::uint32_t b = a + 1; b < keys.size(); ++b) {
      const std::size_t shared = Shared(keys[a], keys[b]);
      out.comparisons += static_cast<std::int64_t>(shared);
      if (shared > 0) out.pairs.insert(PackPair(a, b));
    }
  }
  std::map<std::uint64_t, std::int64_t> holders;
  for (const KeySet& set : keys) {
    for (std::uint64_t key : set) ++holders[key];
  }
  for (const auto& [key, n] : holders) {
    if (n >= 2) {
      ++out.blocks;
      out.largest_block = std::max(out.largest_block, n);
    }
  }
  return out;
}

// The set of distinct name tokens (both fields) of record i.
std::set<std::uint64_t> Tokens(const LinkRecords& r, std::uint32_t i) {
  std::set<std::uint64_t> out;
  for (auto t = r.given_token_offset[i]; t < r.given_token_offset[i + 1]; ++t)
    out.insert(r.given_tokens[t]);
  for (auto t = r.family_token_offset[i]; t < r.family_token_offset[i + 1]; ++t)
    out.insert(r.family_tokens[t]);
  return out;
}

// Which pairs share a key, and in how many ways, from the record fields alone (no
// BlockingKeys): the definitions in link_config.hpp. name_lsh has no such definition and
// is left out here.
std::int64_t SharedByDefinition(const LinkRecords& r, BlockingRuleKind kind, std::uint32_t a,
                                std::uint32_t b) {
  auto exact = [](std::uint64_t x, std::uint64_t y) -> std::int64_t { return x != 0 && x == y; };
  switch (kind) {
    case BlockingRuleKind::kDateOfBirth: {
      std::set<std::uint64_t> da, db;
      for (std::uint64_t v : {r.date_of_birth[a], r.date_of_birth_swapped[a]})
        if (v != 0) da.insert(v);
      for (std::uint64_t v : {r.date_of_birth[b], r.date_of_birth_swapped[b]})
        if (v != 0) db.insert(v);
      std::int64_t n = 0;
      for (std::uint64_t v : da) n += static_cast<std::int64_t>(db.count(v));
      return n;
    }
    case BlockingRuleKind::kPersonalId:
      return exact(r.personal_id[a], r.personal_id[b]);
    case BlockingRuleKind::kPhone:
      return exact(r.phone[a], r.phone[b]);
    case BlockingRuleKind::kEmail:
      return exact(r.email[a], r.email[b]);
    case BlockingRuleKind::kFullName:
      return exact(r.full_name[a], r.full_name[b]);
    case BlockingRuleKind::kNameToken:
    case BlockingRuleKind::kBirthYearGenderToken: {
      std::int64_t n = 0;
      const auto tb = Tokens(r, b);
      for (std::uint64_t t : Tokens(r, a)) n += static_cast<std::int64_t>(tb.count(t));
      if (kind == BlockingRuleKind::kNameToken) return n;
      // A birth year from an age stands for that year and the one before; a record without
      // a gender for every gender the register has.
      auto years = [&](std::uint32_t i) {
        std::set<int> out;
        if (r.birth_year[i] == 0) return out;
        out.insert(r.birth_year[i]);
        if (r.birth_year_from_age[i] != 0) out.insert(r.birth_year[i] - 1);
        return out;
      };
      std::set<std::uint16_t> all;
      for (std::uint16_t g : r.gender)
        if (g != 0) all.insert(g);
      if (all.empty()) all.insert(0);
      auto genders = [&](std::uint32_t i) {
        return r.gender[i] != 0 ? std::set<std::uint16_t>{r.gender[i]} : all;
      };
      auto common = [](const auto& x, const auto& y) {
        std::int64_t k = 0;
        for (const auto& v : x) k += static_cast<std::int64_t>(y.count(v));
        return k;
      };
      return n * common(years(a), years(b)) * common(genders(a), genders(b));
    }
    case BlockingRuleKind::kNameLsh:
      break;
  }
  ADD_FAILURE() << "no definition for this rule";
  return 0;
}

TEST(Blocking, KeysShareExactlyWhatTheRuleDefinitionSays) {
  const LinkRecords records = Build(SmallRegister(1));
  for (BlockingRuleKind kind : kAllRules) {
    if (kind == BlockingRuleKind::kNameLsh) continue;
    const LinkConfig config = WithRules({kind});
    const auto keys = KeysPerRecord(records, config.blocking_rules[0], config);
    std::int64_t total = 0;
    for (std::uint32_t a = 0; a < records.size; ++a) {
      for (std::uint32_t b = a + 1; b < records.size; ++b) {
        const auto expected = SharedByDefinition(records, kind, a, b);
        total += expected;
        ASSERT_EQ(static_cast<std::int64_t>(Shared(keys[a], keys[b])), expected)
            << NameOf(kind) << " records " << a << ", " << b;
      }
    }
    EXPECT_GT(total, 0) << NameOf(kind) << ": the test data should make blocks";
  }
}

TEST(Blocking, CountsAgreeWithBruteForceForEveryRule) {
  for (std::uint64_t seed : {1, 2, 3}) {
    const LinkRecords records = Build(SmallRegister(seed));
    LinkConfig config = WithRules({});
    for (BlockingRuleKind kind : kAllRules)
      config.blocking_rules.push_back({kind, std::string(NameOf(kind))});
    const std::vector<RuleCount> counts = CountComparisons(records, config);
    ASSERT_EQ(counts.size(), kAllRules.size());
    for (std::size_t r = 0; r < kAllRules.size(); ++r) {
      const BlockingRule& rule = config.blocking_rules[r];
      const BruteForce truth = CountByBruteForce(KeysPerRecord(records, rule, config));
      EXPECT_EQ(counts[r].rule, rule.name);
      EXPECT_EQ(counts[r].comparisons, truth.comparisons) << rule.name << " seed " << seed;
      EXPECT_EQ(counts[r].blocks, truth.blocks) << rule.name << " seed " << seed;
      EXPECT_EQ(counts[r].largest_block, truth.largest_block) << rule.name << " seed " << seed;
      EXPECT_FALSE(counts[r].skipped);
      EXPECT_TRUE(counts[r].advice.empty());
      const auto pairs = RulePairs(records, rule, config);
      EXPECT_TRUE(std::is_sorted(pairs.begin(), pairs.end()));
      EXPECT_EQ(PairSet(pairs.begin(), pairs.end()), truth.pairs) << rule.name;
      EXPECT_EQ(pairs.size(), truth.pairs.size()) << rule.name << ": each pair once";
    }
  }
}

TEST(Blocking, CandidatePairsAreTheUnionOverTheRules) {
  for (std::uint64_t seed : {1, 2, 3}) {
    const LinkRecords records = Build(SmallRegister(seed));
    const LinkConfig config = DefaultLinkConfig();
    PairSet truth;
    for (const BlockingRule& rule : config.blocking_rules) {
      const auto rule_pairs = CountByBruteForce(KeysPerRecord(records, rule, config)).pairs;
      truth.insert(rule_pairs.begin(), rule_pairs.end());
    }
    const auto pairs = CandidatePairs(records, config, CountComparisons(records, config));
    EXPECT_TRUE(std::is_sorted(pairs.begin(), pairs.end()));
    EXPECT_EQ(pairs.size(), truth.size()) << "each pair once";
    EXPECT_EQ(PairSet(pairs.begin(), pairs.end()), truth);
    for (std::uint64_t pair : pairs) EXPECT_LT(FirstOf(pair), SecondOf(pair));
    // A plan counts the same and, keeping its sorted keys, makes the same pairs.
    BlockingPlan plan = PlanBlocking(records, config);
    const auto counts = CountComparisons(records, config);
    ASSERT_EQ(plan.counts.size(), counts.size());
    for (std::size_t r = 0; r < counts.size(); ++r) {
      EXPECT_EQ(plan.counts[r].comparisons, counts[r].comparisons);
      EXPECT_EQ(plan.counts[r].blocks, counts[r].blocks);
    }
    EXPECT_EQ(CandidatePairs(config, std::move(plan)), pairs);
  }
}

TEST(Blocking, ARuleAboveTheLimitIsSkippedWithAdviceAndItsPairsLeftOut) {
  const LinkRecords records = Build(SmallRegister(2));
  LinkConfig config = WithRules({BlockingRuleKind::kPhone, BlockingRuleKind::kNameToken});
  const auto phone = CountByBruteForce(KeysPerRecord(records, config.blocking_rules[0], config));
  const auto tokens = CountByBruteForce(KeysPerRecord(records, config.blocking_rules[1], config));
  ASSERT_LT(phone.comparisons, tokens.comparisons);

  // At the limit a rule still runs; one above, it is skipped.
  config.max_comparisons_per_rule = tokens.comparisons;
  auto counts = CountComparisons(records, config);
  EXPECT_FALSE(counts[1].skipped);
  config.max_comparisons_per_rule = tokens.comparisons - 1;
  counts = CountComparisons(records, config);
  ASSERT_EQ(counts.size(), 2u);
  EXPECT_FALSE(counts[0].skipped);
  EXPECT_TRUE(counts[0].advice.empty());
  EXPECT_TRUE(counts[1].skipped);
  EXPECT_EQ(counts[1].comparisons, tokens.comparisons) << "a skipped rule still reports its count";
  EXPECT_NE(counts[1].advice.find("name_token"), std::string::npos) << counts[1].advice;
  EXPECT_NE(counts[1].advice.find(std::to_string(config.max_comparisons_per_rule)),
            std::string::npos)
      << counts[1].advice;

  const auto pairs = CandidatePairs(records, config, counts);
  EXPECT_EQ(PairSet(pairs.begin(), pairs.end()), phone.pairs);
  bool token_only_pair_exists = false;
  for (std::uint64_t pair : tokens.pairs) token_only_pair_exists |= phone.pairs.count(pair) == 0;
  EXPECT_TRUE(token_only_pair_exists) << "the test must have pairs only the skipped rule makes";
}

// The online chat gives an age, not a date, and often no gender: such a record must still
// meet a record of the same name born in either year the age allows, of any gender.
TEST(Blocking, AnAgeMeetsBothPossibleBirthYearsAndAMissingGenderMeetsEveryGender) {
  auto named = [](const std::string& id, const std::string& gender) {
    Record r = EmptyRecord("s", id);
    r.identifiers.given_name_tokens = {DigestOf(7)};
    r.gender = gender;
    return r;
  };
  Record chat = named("chat", "unknown");
  chat.registration_date = {2019, 6, 1};
  chat.age = 15;  // born 2003 or 2004
  Record born_2003 = named("a", "female");
  born_2003.birth_year = 2003;
  Record born_2004 = named("b", "male");
  born_2004.birth_year = 2004;
  Record born_2002 = named("c", "female");
  born_2002.birth_year = 2002;
  const LinkRecords records = Build({chat, born_2003, born_2004, born_2002});
  const LinkConfig config = WithRules({BlockingRuleKind::kBirthYearGenderToken});
  const auto pairs = RulePairs(records, config.blocking_rules[0], config);
  EXPECT_EQ(PairSet(pairs.begin(), pairs.end()), (PairSet{PackPair(0, 1), PackPair(0, 2)}));
}

// A nickname and the full name meet through their shared variant group (under the same
// birth year and gender); a variant group's key never meets a name token with the same hash.
TEST(Blocking, ANicknameMeetsTheFullNameThroughItsVariantGroup) {
  auto named = [](const std::string& id, std::uint64_t token, std::vector<std::uint64_t> groups) {
    Record r = EmptyRecord("s", id);
    r.identifiers.given_name_tokens = {DigestOf(token)};
    for (std::uint64_t g : groups) r.identifiers.given_name_variants.push_back(DigestOf(g));
    r.gender = "female";
    r.birth_year = 2001;
    return r;
  };
  const LinkRecords records = Build({named("full", 1, {50, 51}), named("nickname", 2, {51}),
                                     named("other", 3, {52}), named("token", 51, {})});
  const LinkConfig config = WithRules({BlockingRuleKind::kBirthYearGenderToken});
  const auto pairs = RulePairs(records, config.blocking_rules[0], config);
  EXPECT_EQ(PairSet(pairs.begin(), pairs.end()), (PairSet{PackPair(0, 1)}));
}

TEST(Blocking, MissingValuesNeverBlock) {
  const LinkRecords records =
      Build({EmptyRecord("s", "a"), EmptyRecord("s", "b"), EmptyRecord("s", "c")});
  LinkConfig config = WithRules({});
  for (BlockingRuleKind kind : kAllRules)
    config.blocking_rules.push_back({kind, std::string(NameOf(kind))});
  for (const BlockingRule& rule : config.blocking_rules) {
    EXPECT_TRUE(BlockingKeys(records, rule, config).empty()) << rule.name;
  }
  for (const RuleCount& count : CountComparisons(records, config)) EXPECT_EQ(count.comparisons, 0);
  EXPECT_TRUE(CandidatePairs(records, config, CountComparisons(records, config)).empty());
}

// ----- Name LSH ---------------------------------------------------------------------------

// Two records' name filters: record 0 has `bits` random positions set; record 1 keeps each
// of them with the given chance and adds as many new ones as it dropped.
LinkRecords NamePair(Rng& rng, int bits, double keep) {
  std::set<int> a;
  while (static_cast<int>(a.size()) < bits) a.insert(rng.Below(2048));
  std::set<int> b;
  int dropped = 0;
  for (int bit : a) {
    if (rng.Chance(keep))
      b.insert(bit);
    else
      ++dropped;
  }
  while (dropped > 0) {
    const int bit = rng.Below(2048);
    if (a.count(bit) == 0 && b.insert(bit).second) --dropped;
  }
  auto record = [](const std::string& id, const std::set<int>& set) {
    Record r = EmptyRecord("s", id);
    r.identifiers.given_name_bloom.assign(16, 0);
    r.identifiers.family_name_bloom.assign(16, 0);
    for (int bit : set) {
      BloomBits& field =
          bit < 1024 ? r.identifiers.given_name_bloom : r.identifiers.family_name_bloom;
      const int at = bit % 1024;
      field[static_cast<std::size_t>(at / 64)] |= std::uint64_t{1} << (at % 64);
    }
    return r;
  };
  return Build({record("a", a), record("b", b)});
}

// The share of bands two records share.
double SharedBands(const LinkRecords& records, const LinkConfig& config) {
  const BlockingRule rule{BlockingRuleKind::kNameLsh, "name_lsh"};
  const auto keys = KeysPerRecord(records, rule, config);
  EXPECT_EQ(keys[0].size(), static_cast<std::size_t>(config.lsh_bands));
  return static_cast<double>(Shared(keys[0], keys[1])) / config.lsh_bands;
}

TEST(Blocking, NameLshGivesOneKeyPerBandAndIdenticalNamesShareAll) {
  Rng rng{5};
  const LinkConfig config = DefaultLinkConfig();
  const LinkRecords same = NamePair(rng, 80, 1.0);
  EXPECT_DOUBLE_EQ(SharedBands(same, config), 1.0);
  // Disjoint filters share no band: the minimum of a bin is a position only one of them has.
  const LinkRecords disjoint = NamePair(rng, 80, 0.0);
  EXPECT_DOUBLE_EQ(SharedBands(disjoint, config), 0.0);
}

// MinHash: each bin agrees with probability about the Jaccard similarity J of the two bit
// sets, so a band of r rows about J^r. Kept bits with chance k and as many new: J = k / (2 - k).
// Averaged over 300 pairs x 12 bands the share's standard error is under 0.01; the tolerance
// of 0.06 also covers the bias of one-permutation hashing with densification on sets of ~80
// bits in 48 bins.
TEST(Blocking, NameLshSharesBandsAboutAsOftenAsMinHashTheory) {
  Rng rng{11};
  const LinkConfig config = DefaultLinkConfig();  // 12 bands of 4 rows
  for (const double keep : {0.95, 0.8, 0.5}) {
    const double jaccard = keep / (2 - keep);
    double sum = 0;
    for (int trial = 0; trial < 300; ++trial) sum += SharedBands(NamePair(rng, 80, keep), config);
    EXPECT_NEAR(sum / 300, std::pow(jaccard, config.lsh_rows), 0.06) << "kept share " << keep;
  }
}

TEST(Blocking, PackedPairsPutTheSmallerIndexFirst) {
  EXPECT_EQ(PackPair(7, 3), PackPair(3, 7));
  EXPECT_EQ(FirstOf(PackPair(7, 3)), 3u);
  EXPECT_EQ(SecondOf(PackPair(7, 3)), 7u);
  EXPECT_EQ(FirstOf(PackPair(0xfffffffe, 0xffffffff)), 0xfffffffeu);
  EXPECT_LT(PackPair(1, 9), PackPair(2, 3));
}

}  // namespace
}  // namespace zicht::link
