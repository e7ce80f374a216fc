#include "zicht/link/dice.hpp"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <initializer_list>
#include <random>
#include <string>
#include <vector>

#include "link/dice_kernels.hpp"

namespace zicht::link {
namespace {

using Words = std::vector<std::uint64_t>;

// A filter of `words` words with the given bits set, in a vector of exactly that size so that
// the sanitizers catch any read past its end.
Words WithBits(std::size_t words, std::initializer_list<std::size_t> bits) {
  Words filter(words, 0);
  for (std::size_t bit : bits) {
    filter[bit / 64] |= std::uint64_t{1} << (bit % 64);
  }
  return filter;
}

// Counting bit by bit: slow, but shares nothing with the kernels under test.
int ReferenceIntersection(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  int count = 0;
  for (std::size_t w = 0; w < words; ++w) {
    for (int bit = 0; bit < 64; ++bit) {
      count += static_cast<int>(((a[w] & b[w]) >> bit) & 1);
    }
  }
  return count;
}

// Rows of random filters with about 12.5% of bits set (the AND of three uniform words), like
// the bigram filters of names, and their population counts.
struct Rows {
  std::size_t words;
  Words filters;
  std::vector<int> counts;
  const std::uint64_t* Row(std::uint32_t i) const { return filters.data() + i * words; }
};

Rows RandomRows(std::mt19937_64& random, std::size_t rows, std::size_t words) {
  Rows result{words, Words(rows * words), std::vector<int>(rows)};
  for (std::uint64_t& word : result.filters) {
    word = random() & random() & random();
  }
  for (std::uint32_t i = 0; i < rows; ++i) {
    result.counts[i] = ReferenceIntersection(result.Row(i), result.Row(i), words);
  }
  return result;
}

// Candidates in random order with repeats, as blocking produces them.
std::vector<std::uint32_t> RandomCandidates(std::mt19937_64& random, std::size_t count,
                                            std::size_t rows) {
  std::vector<std::uint32_t> candidates(count);
  for (std::uint32_t& c : candidates) {
    c = static_cast<std::uint32_t>(random() % rows);
  }
  return candidates;
}

std::vector<const internal::DiceKernel*> AvailableKernels() {
  std::vector<const internal::DiceKernel*> kernels = {&internal::PortableKernel()};
  if (const internal::DiceKernel* popcnt = internal::PopcntKernel()) {
    kernels.push_back(popcnt);
  }
  if (const internal::DiceKernel* avx512 = internal::Avx512Kernel()) {
    kernels.push_back(avx512);
  }
  return kernels;
}

// Sizes around the 8-word register and the 16-word name filter, where tails go wrong.
constexpr std::size_t kWordCounts[] = {1, 2, 3, 7, 8, 9, 15, 16, 17, 24, 31, 32, 33};

TEST(Dice, CountsAHandComputedPair) {
  const Words a = WithBits(1, {0, 1, 2, 3});
  const Words b = WithBits(1, {2, 3, 4});
  EXPECT_EQ(PopCount(a.data(), 1), 4);
  EXPECT_EQ(PopCount(b.data(), 1), 3);
  EXPECT_EQ(IntersectionCount(a.data(), b.data(), 1), 2);
  EXPECT_DOUBLE_EQ(DiceFromCounts(2, 4, 3), 4.0 / 7.0);
}

TEST(Dice, CountsBitsInEveryWordOfANameFilter) {
  // Bits in the first and last word of each 512-bit half, including both ends of the filter.
  const Words a = WithBits(16, {0, 63, 64, 511, 512, 700, 1023});
  const Words b = WithBits(16, {0, 64, 100, 511, 513, 1023});
  EXPECT_EQ(PopCount(a.data(), 16), 7);
  EXPECT_EQ(PopCount(b.data(), 16), 6);
  EXPECT_EQ(IntersectionCount(a.data(), b.data(), 16), 4);

  const std::vector<int> counts = {6};
  const std::vector<std::uint32_t> candidates = {0};
  std::vector<double> out(1);
  DiceMany(a.data(), 7, b.data(), counts.data(), 16, candidates, out);
  EXPECT_DOUBLE_EQ(out[0], 8.0 / 13.0);
}

TEST(Dice, BothEmptyScoresZero) {
  EXPECT_EQ(DiceFromCounts(0, 0, 0), 0.0);
  const Words empty(16, 0);
  EXPECT_EQ(PopCount(empty.data(), 16), 0);
  EXPECT_EQ(IntersectionCount(empty.data(), empty.data(), 16), 0);

  // Nine candidates: a full batch of eight and a tail of one, all empty.
  const Words rows(std::size_t{9} * 16, 0);
  const std::vector<int> counts(9, 0);
  const std::vector<std::uint32_t> candidates = {0, 1, 2, 3, 4, 5, 6, 7, 8};
  std::vector<double> out(9, -1.0);
  DiceMany(empty.data(), 0, rows.data(), counts.data(), 16, candidates, out);
  for (double dice : out) {
    EXPECT_EQ(dice, 0.0);
  }
}

TEST(Dice, OneEmptyScoresZeroAndIdenticalScoresOne) {
  std::mt19937_64 random(7);
  const Rows rows = RandomRows(random, 2, 16);
  Words both = rows.filters;
  std::fill(both.begin() + 16, both.end(), 0);  // row 1 empty
  const std::vector<int> counts = {rows.counts[0], 0};
  const std::vector<std::uint32_t> candidates = {0, 1};
  std::vector<double> out(2);
  DiceMany(both.data(), rows.counts[0], both.data(), counts.data(), 16, candidates, out);
  EXPECT_EQ(out[0], 1.0);
  EXPECT_EQ(out[1], 0.0);
}

TEST(Dice, FullFiltersReachTheLargestCounts) {
  // Every bit set: 1,024 shared bits is the most a name filter can hold, and alternating full
  // and empty rows in one batch of eight would show any carry between packed counts.
  const Words full(16, ~std::uint64_t{0});
  Words rows(std::size_t{8} * 16, 0);
  std::vector<int> counts(8, 0);
  for (std::size_t r = 0; r < 8; r += 2) {
    std::fill(rows.begin() + r * 16, rows.begin() + (r + 1) * 16, ~std::uint64_t{0});
    counts[r] = 1024;
  }
  EXPECT_EQ(PopCount(full.data(), 16), 1024);
  const std::vector<std::uint32_t> candidates = {0, 1, 2, 3, 4, 5, 6, 7};
  std::vector<double> out(8);
  DiceMany(full.data(), 1024, rows.data(), counts.data(), 16, candidates, out);
  for (std::size_t r = 0; r < 8; ++r) {
    EXPECT_EQ(out[r], r % 2 == 0 ? 1.0 : 0.0) << "row " << r;
  }
}

TEST(Dice, CountsTheTailWords) {
  for (std::size_t words : {std::size_t{3}, std::size_t{17}}) {
    SCOPED_TRACE("words = " + std::to_string(words));
    const std::size_t last = 64 * words - 1;
    const Words a = WithBits(words, {0, 64 * (words - 1), last});
    const Words b = WithBits(words, {1, 64 * (words - 1), last});
    EXPECT_EQ(PopCount(a.data(), words), 3);
    EXPECT_EQ(IntersectionCount(a.data(), b.data(), words), 2);

    const std::vector<int> counts = {3};
    const std::vector<std::uint32_t> candidates = {0};
    std::vector<double> out(1);
    DiceMany(a.data(), 3, b.data(), counts.data(), words, candidates, out);
    EXPECT_DOUBLE_EQ(out[0], 4.0 / 6.0);
  }
}

TEST(Dice, CountsMatchABitByBitReference) {
  std::mt19937_64 random(20240611);
  for (std::size_t words : kWordCounts) {
    SCOPED_TRACE("words = " + std::to_string(words));
    const Rows rows = RandomRows(random, 20, words);
    for (std::uint32_t i = 0; i < 20; ++i) {
      EXPECT_EQ(PopCount(rows.Row(i), words), rows.counts[i]);
      const std::uint32_t j = (i * 7 + 3) % 20;
      EXPECT_EQ(IntersectionCount(rows.Row(i), rows.Row(j), words),
                ReferenceIntersection(rows.Row(i), rows.Row(j), words));
    }
  }
}

TEST(Dice, ManyEqualsPairwiseScores) {
  std::mt19937_64 random(42);
  for (std::size_t words : kWordCounts) {
    const Rows rows = RandomRows(random, 61, words);
    const Words query_row = RandomRows(random, 1, words).filters;
    const int query_count = PopCount(query_row.data(), words);
    // Counts below, at and above a batch of eight, and enough for many batches.
    for (std::size_t n : {0, 1, 7, 8, 9, 16, 23, 200}) {
      SCOPED_TRACE("words = " + std::to_string(words) + ", candidates = " + std::to_string(n));
      const std::vector<std::uint32_t> candidates = RandomCandidates(random, n, 61);
      std::vector<double> out(n, -1.0);
      DiceMany(query_row.data(), query_count, rows.filters.data(), rows.counts.data(), words,
               candidates, out);
      for (std::size_t i = 0; i < n; ++i) {
        const std::uint64_t* row = rows.Row(candidates[i]);
        const int both = ReferenceIntersection(query_row.data(), row, words);
        // Same integers and the same single division, so equal to the last bit.
        EXPECT_EQ(out[i], DiceFromCounts(both, query_count, rows.counts[candidates[i]]))
            << "candidate " << i;
        EXPECT_EQ(out[i], DiceFromCounts(IntersectionCount(query_row.data(), row, words),
                                         query_count, rows.counts[candidates[i]]));
      }
    }
  }
}

TEST(Dice, ManyLeavesOutputBeyondTheCandidatesUntouched) {
  std::mt19937_64 random(3);
  const Rows rows = RandomRows(random, 10, 16);
  const std::vector<std::uint32_t> candidates = {9, 0, 4, 4, 2, 1, 8, 3, 5};
  std::vector<double> out(12, -1.0);
  DiceMany(rows.Row(0), rows.counts[0], rows.filters.data(), rows.counts.data(), 16, candidates,
           out);
  EXPECT_EQ(out[1], 1.0);
  for (std::size_t i = candidates.size(); i < out.size(); ++i) {
    EXPECT_EQ(out[i], -1.0);
  }
}

TEST(Dice, EveryKernelOnThisCpuAgreesWithThePortableOne) {
  const internal::DiceKernel& portable = internal::PortableKernel();
  std::mt19937_64 random(99);
  for (std::size_t words : kWordCounts) {
    const Rows rows = RandomRows(random, 40, words);
    const std::vector<std::uint32_t> candidates = RandomCandidates(random, 101, 40);
    std::vector<double> expected(candidates.size());
    portable.dice_many(rows.Row(0), rows.counts[0], rows.filters.data(), rows.counts.data(), words,
                       candidates, expected);
    for (const internal::DiceKernel* kernel : AvailableKernels()) {
      SCOPED_TRACE(std::string(kernel->name) + ", words = " + std::to_string(words));
      for (std::uint32_t i = 0; i < 40; ++i) {
        EXPECT_EQ(kernel->pop_count(rows.Row(i), words), portable.pop_count(rows.Row(i), words));
        EXPECT_EQ(kernel->intersection_count(rows.Row(0), rows.Row(i), words),
                  portable.intersection_count(rows.Row(0), rows.Row(i), words));
      }
      std::vector<double> out(candidates.size(), -1.0);
      kernel->dice_many(rows.Row(0), rows.counts[0], rows.filters.data(), rows.counts.data(), words,
                        candidates, out);
      EXPECT_EQ(out, expected);
    }
  }
}

TEST(Dice, NamesTheFastestKernelThisCpuRuns) {
  const std::string_view name = DiceKernelName();
  EXPECT_EQ(name, internal::ActiveKernel().name);
  if (internal::Avx512Kernel() != nullptr) {
    EXPECT_EQ(name, "avx512-vpopcntdq");
  } else if (internal::PopcntKernel() != nullptr) {
    EXPECT_EQ(name, "popcnt");
  } else {
    EXPECT_EQ(name, "portable");
  }
}

}  // namespace
}  // namespace zicht::link
