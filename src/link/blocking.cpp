#include "zicht/link/blocking.hpp"

#include <fmt/format.h>
#include <tbb/blocked_range.h>
#include <tbb/enumerable_thread_specific.h>
#include <tbb/parallel_for.h>
#include <tbb/parallel_sort.h>

#include <algorithm>
#include <bit>
#include <numeric>
#include <random>

#include "link/mix.hpp"

namespace zicht::link {

namespace {

using Keys = std::vector<std::pair<std::uint64_t, std::uint32_t>>;

void AddIfPresent(Keys& keys, std::uint64_t key, std::uint32_t i) {
  if (key != 0) keys.emplace_back(key, i);
}

// MinHash over the set bits of both name filters by one-permutation hashing (Li, Owen and
// Zhang 2012): one random permutation of the bit positions, cut into bands * rows bins,
// the smallest permuted position in each bin; an empty bin borrows from the next non-empty
// one (rotation densification, Shrivastava and Li 2014). One pass over the set bits gives
// every band's values, where a hash function per value would cost bands * rows passes.
void NameLshKeys(const LinkRecords& records, const LinkConfig& config, Keys& keys) {
  const std::size_t words = records.bloom_words;
  const std::uint32_t positions = static_cast<std::uint32_t>(2 * words * 64);
  const std::uint32_t bins = static_cast<std::uint32_t>(config.lsh_bands * config.lsh_rows);
  std::vector<std::uint32_t> permutation(positions);
  std::iota(permutation.begin(), permutation.end(), 0U);
  std::mt19937_64 random(config.seed ^ 0x6c7368ULL);
  std::shuffle(permutation.begin(), permutation.end(), random);
  const std::uint32_t bin_width = (positions + bins - 1) / bins;
  constexpr std::uint32_t kEmpty = UINT32_MAX;
  std::vector<std::uint32_t> minimum(bins);
  for (std::uint32_t i = 0; i < records.size; ++i) {
    if (records.given_bits[i] == 0 && records.family_bits[i] == 0) continue;
    std::fill(minimum.begin(), minimum.end(), kEmpty);
    for (int field = 0; field < 2; ++field) {
      const std::uint64_t* filter = field == 0 ? records.GivenBloom(i) : records.FamilyBloom(i);
      for (std::size_t w = 0; w < words; ++w) {
        std::uint64_t bits = filter[w];
        while (bits != 0) {
          const auto bit = static_cast<std::uint32_t>(std::countr_zero(bits));
          bits &= bits - 1;
          const std::uint32_t permuted =
              permutation[static_cast<std::size_t>(field) * words * 64 + w * 64 + bit];
          const std::uint32_t bin = permuted / bin_width;
          minimum[bin] = std::min(minimum[bin], permuted % bin_width);
        }
      }
    }
    for (std::uint32_t b = 0; b < bins; ++b) {
      if (minimum[b] != kEmpty) continue;
      for (std::uint32_t step = 1; step < bins; ++step) {
        const std::uint32_t from = (b + step) % bins;
        if (minimum[from] != kEmpty && minimum[from] < bin_width) {
          minimum[b] = minimum[from] + step * bin_width;  // marks it borrowed, and from where
          break;
        }
      }
    }
    for (int band = 0; band < config.lsh_bands; ++band) {
      std::uint64_t key = Mix(static_cast<std::uint64_t>(band) + 0x100);
      for (int row = 0; row < config.lsh_rows; ++row) {
        key = Mix(key ^ minimum[static_cast<std::size_t>(band * config.lsh_rows + row)]);
      }
      keys.emplace_back(key == 0 ? 1 : key, i);
    }
  }
}

// Keeps a variant group's keys apart from a token's, whatever their hashes.
constexpr std::uint64_t kVariantSalt = 0x76617269616e7473ULL;

void TokenKeys(const LinkRecords& r, std::uint32_t i, std::uint64_t salt, Keys& keys) {
  for (std::uint32_t t = r.given_token_offset[i]; t < r.given_token_offset[i + 1]; ++t) {
    keys.emplace_back(Mix(r.given_tokens[t] ^ salt), i);
  }
  for (std::uint32_t t = r.family_token_offset[i]; t < r.family_token_offset[i + 1]; ++t) {
    keys.emplace_back(Mix(r.family_tokens[t] ^ salt), i);
  }
  // A given name's variant groups too, so that a nickname meets the full name.
  if (r.given_variant_offset.size() > i + 1) {
    for (std::uint32_t t = r.given_variant_offset[i]; t < r.given_variant_offset[i + 1]; ++t) {
      keys.emplace_back(Mix(r.given_variants[t] ^ salt ^ kVariantSalt), i);
    }
  }
}

// Sorts the keys and calls visit(begin, end) for every block of two or more records and at
// most max_block_size; oversized(begin, end) for the larger ones. Duplicate (key, record)
// entries (a record with the same token twice) count once.
template <typename Visit, typename Oversized>
void ForEachBlock(Keys& keys, std::int64_t max_block_size, Visit visit, Oversized oversized) {
  tbb::parallel_sort(keys.begin(), keys.end());
  keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
  std::size_t start = 0;
  while (start < keys.size()) {
    std::size_t end = start + 1;
    while (end < keys.size() && keys[end].first == keys[start].first) ++end;
    if (static_cast<std::int64_t>(end - start) > max_block_size) {
      oversized(start, end);
    } else if (end - start >= 2) {
      visit(start, end);
    }
    start = end;
  }
}

void Ignore(std::size_t, std::size_t) {}

}  // namespace

Keys BlockingKeys(const LinkRecords& r, const BlockingRule& rule, const LinkConfig& config) {
  Keys keys;
  const auto n = static_cast<std::uint32_t>(r.size);
  switch (rule.kind) {
    case BlockingRuleKind::kDateOfBirth:
      for (std::uint32_t i = 0; i < n; ++i) {
        AddIfPresent(keys, r.date_of_birth[i], i);
        AddIfPresent(keys, r.date_of_birth_swapped[i], i);
      }
      break;
    case BlockingRuleKind::kPersonalId:
      for (std::uint32_t i = 0; i < n; ++i) AddIfPresent(keys, r.personal_id[i], i);
      break;
    case BlockingRuleKind::kPhone:
      for (std::uint32_t i = 0; i < n; ++i) AddIfPresent(keys, r.phone[i], i);
      break;
    case BlockingRuleKind::kEmail:
      for (std::uint32_t i = 0; i < n; ++i) AddIfPresent(keys, r.email[i], i);
      break;
    case BlockingRuleKind::kFullName:
      for (std::uint32_t i = 0; i < n; ++i) AddIfPresent(keys, r.full_name[i], i);
      break;
    case BlockingRuleKind::kNameToken:
      for (std::uint32_t i = 0; i < n; ++i) TokenKeys(r, i, 0, keys);
      break;
    case BlockingRuleKind::kBirthYearGenderToken: {
      // A record without a gender goes into the blocks of every gender, and a birth year
      // worked out from an age into those of both years it may be: otherwise the online
      // chat's records, with an age and often no gender, would rarely meet anyone.
      std::vector<std::uint16_t> genders;
      for (std::uint32_t i = 0; i < n; ++i) {
        if (r.gender[i] != 0 &&
            std::find(genders.begin(), genders.end(), r.gender[i]) == genders.end()) {
          genders.push_back(r.gender[i]);
        }
      }
      if (genders.empty()) genders.push_back(0);
      for (std::uint32_t i = 0; i < n; ++i) {
        if (r.birth_year[i] == 0) continue;
        const int years = r.birth_year_from_age[i] != 0 ? 2 : 1;
        for (int back = 0; back < years; ++back) {
          const auto year = static_cast<std::uint16_t>(r.birth_year[i] - back);
          auto key = [&](std::uint16_t gender) {
            TokenKeys(r, i, Mix((static_cast<std::uint64_t>(year) << 16) | gender), keys);
          };
          if (r.gender[i] != 0) {
            key(r.gender[i]);
          } else {
            for (std::uint16_t gender : genders) key(gender);
          }
        }
      }
      break;
    }
    case BlockingRuleKind::kNameLsh:
      NameLshKeys(r, config, keys);
      break;
  }
  return keys;
}

namespace {

// Sorts the rule's keys and counts its blocks; marks the rule skipped if it makes too many.
RuleCount CountRule(const BlockingRule& rule, const LinkConfig& config, Keys& keys) {
  RuleCount count;
  count.rule = rule.name;
  ForEachBlock(
      keys, config.max_block_size,
      [&](std::size_t begin, std::size_t end) {
        const auto size = static_cast<std::int64_t>(end - begin);
        count.comparisons += size * (size - 1) / 2;
        ++count.blocks;
        count.largest_block = std::max(count.largest_block, size);
      },
      [&](std::size_t begin, std::size_t end) {
        ++count.oversized_blocks;
        count.oversized_records += static_cast<std::int64_t>(end - begin);
      });
  if (count.comparisons > config.max_comparisons_per_rule) {
    count.skipped = true;
    std::string stricter;
    switch (rule.kind) {
      case BlockingRuleKind::kNameToken:
        stricter = "use birth_year_gender_token instead";
        break;
      case BlockingRuleKind::kNameLsh:
        stricter = "raise lsh_rows (each row makes a band's blocks about ten times smaller)";
        break;
      default:
        stricter = "lower max_block_size, which leaves out its largest blocks";
        break;
    }
    count.advice = fmt::format(
        "rule {} would make {} comparisons (largest block {} records), more than "
        "max_comparisons_per_rule = {}; it is skipped. To keep it, {}, or raise the limit "
        "in [blocking] if the memory allows (8 bytes a pair)",
        rule.name, count.comparisons, count.largest_block, config.max_comparisons_per_rule,
        stricter);
  }
  return count;
}

}  // namespace

BlockingPlan PlanBlocking(const LinkRecords& records, const LinkConfig& config) {
  BlockingPlan plan;
  plan.records = records.size;
  for (const BlockingRule& rule : config.blocking_rules) {
    Keys keys = BlockingKeys(records, rule, config);
    plan.counts.push_back(CountRule(rule, config, keys));
    if (plan.counts.back().skipped) Keys().swap(keys);
    plan.keys.push_back(std::move(keys));
  }
  return plan;
}

std::vector<RuleCount> CountComparisons(const LinkRecords& records, const LinkConfig& config) {
  std::vector<RuleCount> counts;
  for (const BlockingRule& rule : config.blocking_rules) {
    Keys keys = BlockingKeys(records, rule, config);
    counts.push_back(CountRule(rule, config, keys));
  }
  return counts;
}

std::vector<std::uint64_t> RulePairs(const LinkRecords& records, const BlockingRule& rule,
                                     const LinkConfig& config, double keep_share,
                                     std::uint64_t seed) {
  std::vector<std::uint64_t> pairs;
  const bool thin = keep_share < 1.0;
  const auto cutoff =
      static_cast<std::uint64_t>(std::clamp(keep_share, 0.0, 1.0) * 0x1p64 * 0.999999);
  Keys keys = BlockingKeys(records, rule, config);
  ForEachBlock(
      keys, config.max_block_size,
      [&](std::size_t begin, std::size_t end) {
        for (std::size_t a = begin; a < end; ++a) {
          for (std::size_t b = a + 1; b < end; ++b) {
            if (keys[a].second == keys[b].second) continue;
            const std::uint64_t pair = PackPair(keys[a].second, keys[b].second);
            if (!thin || Mix(pair ^ seed) < cutoff) pairs.push_back(pair);
          }
        }
      },
      Ignore);
  tbb::parallel_sort(pairs.begin(), pairs.end());
  pairs.erase(std::unique(pairs.begin(), pairs.end()), pairs.end());
  return pairs;
}

std::vector<std::uint64_t> CandidatePairs(const LinkRecords& records, const LinkConfig& config,
                                          const std::vector<RuleCount>& counts) {
  BlockingPlan plan;
  plan.records = records.size;
  plan.counts = counts;
  for (std::size_t r = 0; r < config.blocking_rules.size(); ++r) {
    Keys keys;
    if (r >= counts.size() || !counts[r].skipped) {
      keys = BlockingKeys(records, config.blocking_rules[r], config);
      tbb::parallel_sort(keys.begin(), keys.end());
      keys.erase(std::unique(keys.begin(), keys.end()), keys.end());
    }
    plan.keys.push_back(std::move(keys));
  }
  return CandidatePairs(config, std::move(plan));
}

// Pairs are made record by record: for each record a, the records after it in any of its
// blocks, sorted and each once. They come out in order, so the union needs no sort of all
// pairs (which took as long as making them), and no pair is held twice.
std::vector<std::uint64_t> CandidatePairs(const LinkConfig& config, BlockingPlan plan) {
  const std::size_t n = plan.records;
  using Entry = std::pair<std::uint64_t, std::uint32_t>;
  struct Block {
    const Entry* begin;
    const Entry* end;
  };
  // The blocks that make pairs, and for each record the blocks it is in (compressed rows).
  std::vector<Block> blocks;
  std::vector<std::uint32_t> row_start(n + 1, 0);
  auto for_each_block = [&](auto visit) {
    for (std::size_t r = 0; r < plan.keys.size(); ++r) {
      if (r < plan.counts.size() && plan.counts[r].skipped) continue;
      const Keys& keys = plan.keys[r];
      std::size_t start = 0;
      while (start < keys.size()) {
        std::size_t end = start + 1;
        while (end < keys.size() && keys[end].first == keys[start].first) ++end;
        if (end - start >= 2 && static_cast<std::int64_t>(end - start) <= config.max_block_size) {
          visit(keys.data() + start, keys.data() + end);
        }
        start = end;
      }
    }
  };
  for_each_block([&](const Entry* begin, const Entry* end) {
    blocks.push_back({begin, end});
    for (const Entry* e = begin; e != end; ++e) ++row_start[e->second + 1];
  });
  for (std::size_t i = 0; i < n; ++i) row_start[i + 1] += row_start[i];
  std::vector<std::uint32_t> block_of(row_start[n]);
  {
    std::vector<std::uint32_t> next(row_start.begin(), row_start.end() - 1);
    for (std::size_t b = 0; b < blocks.size(); ++b) {
      for (const Entry* e = blocks[b].begin; e != blocks[b].end; ++e) {
        block_of[next[e->second]++] = static_cast<std::uint32_t>(b);
      }
    }
  }

  // Twice over the records: first each one's count of partners, then the partners
  // themselves, each record's written at its place. Holding them once in pieces and then
  // once joined would need twice the memory of the pairs (freed pieces stay with malloc).
  // A record meets the same partner under several rules and keys; `seen` (per thread,
  // the last record each partner was taken for) keeps one of each without sorting them
  // all, and only the second pass sorts, the distinct ones.
  auto partners_of = [&](std::size_t a, std::vector<std::uint32_t>& seen,
                         std::vector<std::uint32_t>& partners) {
    partners.clear();
    if (seen.empty()) seen.assign(n, UINT32_MAX);
    const auto self = static_cast<std::uint32_t>(a);
    for (std::uint32_t k = row_start[a]; k < row_start[a + 1]; ++k) {
      const Block& block = blocks[block_of[k]];
      // A block's entries are sorted by record: its partners after a are a suffix.
      const Entry* e = std::upper_bound(
          block.begin, block.end, self,
          [](std::uint32_t value, const Entry& entry) { return value < entry.second; });
      for (; e != block.end; ++e) {
        if (seen[e->second] == self) continue;
        seen[e->second] = self;
        partners.push_back(e->second);
      }
    }
  };
  // Runs visit(a, partners) for every record, on oneTBB's threads, each pass with marks
  // of its own (a mark left by the other pass would hide a partner).
  auto each_record = [&](auto visit) {
    constexpr std::size_t kGrain = 4096;
    tbb::enumerable_thread_specific<std::vector<std::uint32_t>> seen;
    tbb::parallel_for(tbb::blocked_range<std::size_t>(0, n, kGrain),
                      [&](const tbb::blocked_range<std::size_t>& range) {
                        std::vector<std::uint32_t> partners;
                        auto& mine = seen.local();
                        for (std::size_t a = range.begin(); a < range.end(); ++a) {
                          partners_of(a, mine, partners);
                          visit(a, partners);
                        }
                      });
  };
  std::vector<std::size_t> offset(n + 1, 0);
  each_record([&](std::size_t a, std::vector<std::uint32_t>& partners) {
    offset[a + 1] = partners.size();
  });
  for (std::size_t i = 0; i < n; ++i) offset[i + 1] += offset[i];
  std::vector<std::uint64_t> pairs(offset[n]);
  each_record([&](std::size_t a, std::vector<std::uint32_t>& partners) {
    std::sort(partners.begin(), partners.end());
    std::uint64_t* out = pairs.data() + offset[a];
    for (std::uint32_t b : partners) *out++ = (static_cast<std::uint64_t>(a) << 32) | b;
  });
  return pairs;
}

}  // namespace zicht::link
