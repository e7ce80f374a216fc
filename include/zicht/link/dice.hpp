// The Dice coefficient of name Bloom filters held contiguously, the innermost loop of
// linkage: 2|A and B| / (|A| + |B|) by 64-bit population counts. Filters are stored as
// rows of `words` 64-bit words in one array, with their population counts precomputed,
// so a comparison costs only the AND and its count. On CPUs with AVX-512 VPOPCNTDQ the
// count runs 512 bits at a time; on other x86 CPUs it is a loop of POPCNT instructions, and
// elsewhere a portable loop over std::popcount. The kernel is chosen on first use, once per
// process, and every kernel gives identical results.
//
// Thread safety: pure functions, safe to call from any number of threads.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>
#include <string_view>

namespace zicht::link {

// Population count of one filter of `words` words (any count, including 0).
int PopCount(const std::uint64_t* filter, std::size_t words);

// |A and B| of two filters of `words` words.
int IntersectionCount(const std::uint64_t* a, const std::uint64_t* b, std::size_t words);

// Dice from an intersection and the two population counts; 0 when both are empty.
inline double DiceFromCounts(int intersection, int count_a, int count_b) {
  const int total = count_a + count_b;
  return total == 0 ? 0.0 : 2.0 * intersection / total;
}

// One filter against many: for each i < candidates.size(), out[i] = Dice(query, row
// candidates[i] of `filters`), where `filters` holds rows of `words` words, `counts` their
// population counts and `query_count` = PopCount(query, words). Needs every candidate to
// name a row and out.size() >= candidates.size(); entries of `out` past the candidates are
// left alone. Each result equals DiceFromCounts(IntersectionCount(...), ...) exactly.
//
// The batch form lets the kernel keep the query in registers; with 16 words (1,024-bit
// filters) it scores eight candidates at a time. Rows outside the core's L2 cache (1-2 MB on
// current server CPUs, room for 8,000-16,000 name filters) cost more to read than to score,
// so callers with many queries go fastest by scoring all of them against one slice of the
// candidates before moving to the next; candidates in ascending row order stream fastest.
void DiceMany(const std::uint64_t* query, int query_count, const std::uint64_t* filters,
              const int* counts, std::size_t words, std::span<const std::uint32_t> candidates,
              std::span<double> out);

// Which kernel runs on this CPU: "avx512-vpopcntdq", "popcnt" or "portable".
std::string_view DiceKernelName();

}  // namespace zicht::link
