// Three builds of one kernel: baseline x86-64 (or any other CPU), the same loop with POPCNT,
// and AVX-512 VPOPCNTQ. The project compiles for the default -march, where std::popcount has
// no instruction of its own (GCC calls a library routine, Clang emits a dozen shifts and
// masks per word), so the faster builds are compiled per function with target attributes and
// one is chosen at run time, once per process.
#include "zicht/link/dice.hpp"

#include <bit>
#include <cassert>

#include "link/dice_kernels.hpp"

#if (defined(__x86_64__) || defined(__i386__)) && (defined(__GNUC__) || defined(__clang__))
#define ZICHT_DICE_X86 1
#if defined(__GNUC__) && !defined(__clang__)
// GCC 12's AVX-512 intrinsics start from self-initialised "undefined" registers, which its
// -Wuninitialized reports at every inlined use: a false alarm inside the compiler's header.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wuninitialized"
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
#include <immintrin.h>
#pragma GCC diagnostic pop
#else
#include <immintrin.h>
#endif
#endif

namespace zicht::link {
namespace internal {
namespace {

// The 1,024-bit filters of names: the one size worth a loop the compiler fully unrolls.
constexpr std::size_t kNameWords = 16;

// Scalar loops, forced inline so that each target-specific wrapper below gets its own copy
// compiled with that wrapper's instructions.
[[gnu::always_inline]] inline int ScalarPopCount(const std::uint64_t* filter, std::size_t words) {
  int count = 0;
  for (std::size_t i = 0; i < words; ++i) {
    count += std::popcount(filter[i]);
  }
  return count;
}

[[gnu::always_inline]] inline int ScalarIntersection(const std::uint64_t* a, const std::uint64_t* b,
                                                     std::size_t words) {
  int count = 0;
  for (std::size_t i = 0; i < words; ++i) {
    count += std::popcount(a[i] & b[i]);
  }
  return count;
}

[[gnu::always_inline]] inline void ScalarDiceMany(const std::uint64_t* query, int query_count,
                                                  const std::uint64_t* filters, const int* counts,
                                                  std::size_t words,
                                                  std::span<const std::uint32_t> candidates,
                                                  std::span<double> out) {
  // A constant trip count for the common size lets the compiler unroll the word loop.
  if (words == kNameWords) {
    for (std::size_t i = 0; i < candidates.size(); ++i) {
      const std::uint32_t row = candidates[i];
      const int both = ScalarIntersection(query, filters + row * kNameWords, kNameWords);
      out[i] = DiceFromCounts(both, query_count, counts[row]);
    }
    return;
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::uint32_t row = candidates[i];
    const int both = ScalarIntersection(query, filters + row * words, words);
    out[i] = DiceFromCounts(both, query_count, counts[row]);
  }
}

int PortablePopCount(const std::uint64_t* filter, std::size_t words) {
  return ScalarPopCount(filter, words);
}
int PortableIntersection(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  return ScalarIntersection(a, b, words);
}
void PortableDiceMany(const std::uint64_t* query, int query_count, const std::uint64_t* filters,
                      const int* counts, std::size_t words,
                      std::span<const std::uint32_t> candidates, std::span<double> out) {
  ScalarDiceMany(query, query_count, filters, counts, words, candidates, out);
}

#ifdef ZICHT_DICE_X86

#define ZICHT_TARGET_POPCNT __attribute__((target("popcnt")))

ZICHT_TARGET_POPCNT int PopcntPopCount(const std::uint64_t* filter, std::size_t words) {
  return ScalarPopCount(filter, words);
}
ZICHT_TARGET_POPCNT int PopcntIntersection(const std::uint64_t* a, const std::uint64_t* b,
                                           std::size_t words) {
  return ScalarIntersection(a, b, words);
}
ZICHT_TARGET_POPCNT void PopcntDiceMany(const std::uint64_t* query, int query_count,
                                        const std::uint64_t* filters, const int* counts,
                                        std::size_t words,
                                        std::span<const std::uint32_t> candidates,
                                        std::span<double> out) {
  ScalarDiceMany(query, query_count, filters, counts, words, candidates, out);
}

// Every function that uses a 512-bit intrinsic carries this attribute; a lambda would not
// inherit it from its enclosing function, so the helpers are named functions.
#define ZICHT_TARGET_AVX512 __attribute__((target("avx512f,avx512vpopcntdq,popcnt")))

constexpr std::size_t kLaneWords = 8;  // 64-bit words in a 512-bit register

// Per-lane counts of (a AND b) over `words` words; the caller sums the lanes. A masked load
// takes the last partial register without reading past the end of either filter.
ZICHT_TARGET_AVX512 inline __m512i LaneIntersection(const std::uint64_t* a, const std::uint64_t* b,
                                                    std::size_t words) {
  __m512i lanes = _mm512_setzero_si512();
  std::size_t i = 0;
  for (; i + kLaneWords <= words; i += kLaneWords) {
    const __m512i both = _mm512_and_si512(_mm512_loadu_si512(a + i), _mm512_loadu_si512(b + i));
    lanes = _mm512_add_epi64(lanes, _mm512_popcnt_epi64(both));
  }
  if (i < words) {
    const auto tail = static_cast<__mmask8>((1u << (words - i)) - 1);
    const __m512i both = _mm512_and_si512(_mm512_maskz_loadu_epi64(tail, a + i),
                                          _mm512_maskz_loadu_epi64(tail, b + i));
    lanes = _mm512_add_epi64(lanes, _mm512_popcnt_epi64(both));
  }
  return lanes;
}

ZICHT_TARGET_AVX512 int Avx512PopCount(const std::uint64_t* filter, std::size_t words) {
  __m512i lanes = _mm512_setzero_si512();
  std::size_t i = 0;
  for (; i + kLaneWords <= words; i += kLaneWords) {
    lanes = _mm512_add_epi64(lanes, _mm512_popcnt_epi64(_mm512_loadu_si512(filter + i)));
  }
  if (i < words) {
    const auto tail = static_cast<__mmask8>((1u << (words - i)) - 1);
    lanes =
        _mm512_add_epi64(lanes, _mm512_popcnt_epi64(_mm512_maskz_loadu_epi64(tail, filter + i)));
  }
  return static_cast<int>(_mm512_reduce_add_epi64(lanes));
}

ZICHT_TARGET_AVX512 int Avx512Intersection(const std::uint64_t* a, const std::uint64_t* b,
                                           std::size_t words) {
  return static_cast<int>(_mm512_reduce_add_epi64(LaneIntersection(a, b, words)));
}

// Per-lane counts of one 1,024-bit candidate against the query held in q0, q1. Each lane
// counts two words, so it is at most 128.
ZICHT_TARGET_AVX512 inline __m512i NameLanes(__m512i q0, __m512i q1, const std::uint64_t* row) {
  const __m512i low = _mm512_popcnt_epi64(_mm512_and_si512(q0, _mm512_loadu_si512(row)));
  const __m512i high =
      _mm512_popcnt_epi64(_mm512_and_si512(q1, _mm512_loadu_si512(row + kLaneWords)));
  return _mm512_add_epi64(low, high);
}

// Four candidates' lanes packed into 16-bit fields of each 64-bit lane. A lane holds at most
// 128 and eight lanes sum to at most 1,024, so a horizontal sum of the packed register yields
// all four intersections without carries crossing fields: the horizontal sum, which needs
// the same shuffle port as VPOPCNTQ, is paid once per four candidates instead of once each.
ZICHT_TARGET_AVX512 inline __m512i Packed(__m512i c0, __m512i c1, __m512i c2, __m512i c3) {
  return _mm512_or_si512(_mm512_or_si512(c0, _mm512_slli_epi64(c1, 16)),
                         _mm512_or_si512(_mm512_slli_epi64(c2, 32), _mm512_slli_epi64(c3, 48)));
}

// Horizontal sums of two registers, folded together: [sum(a), sum(b)] as two 64-bit lanes.
ZICHT_TARGET_AVX512 inline __m128i TwoSums(__m512i a, __m512i b) {
  const __m512i pairs = _mm512_add_epi64(_mm512_unpacklo_epi64(a, b), _mm512_unpackhi_epi64(a, b));
  const __m256i fours =
      _mm256_add_epi64(_mm512_castsi512_si256(pairs), _mm512_extracti64x4_epi64(pairs, 1));
  return _mm_add_epi64(_mm256_castsi256_si128(fours), _mm256_extracti128_si256(fours, 1));
}

// Candidates whose rows are fetched while the current eight are scored. Rows in ascending
// order gain little, since the hardware prefetcher already follows them, but rows in the
// scattered order that blocking produces, from a table larger than L2, were scored 10-25%
// faster with it on this project's test machine; 32 ahead did at least as well as 16.
constexpr std::size_t kAhead = 32;

ZICHT_TARGET_AVX512 void Avx512DiceManyNames(const std::uint64_t* query, int query_count,
                                             const std::uint64_t* filters, const int* counts,
                                             std::span<const std::uint32_t> candidates,
                                             std::span<double> out) {
  const __m512i q0 = _mm512_loadu_si512(query);
  const __m512i q1 = _mm512_loadu_si512(query + kLaneWords);
  const __m256i query_counts = _mm256_set1_epi32(query_count);
  const __m512d zero = _mm512_setzero_pd();
  const __m512d two = _mm512_set1_pd(2.0);
  const std::size_t n = candidates.size();
  const std::uint32_t* rows = candidates.data();
  std::size_t i = 0;
  // Eight candidates at a time, so that Dice's division runs on eight doubles at once too.
  for (; i + 8 <= n; i += 8) {
    const std::uint32_t* r = rows + i;
    if (i + kAhead + 8 <= n) {
      for (std::size_t j = 0; j < 8; ++j) {
        const char* ahead = reinterpret_cast<const char*>(filters + r[kAhead + j] * kNameWords);
        _mm_prefetch(ahead, _MM_HINT_T0);
        _mm_prefetch(ahead + 64, _MM_HINT_T0);
      }
    }
    const __m512i first_four = Packed(NameLanes(q0, q1, filters + r[0] * kNameWords),
                                      NameLanes(q0, q1, filters + r[1] * kNameWords),
                                      NameLanes(q0, q1, filters + r[2] * kNameWords),
                                      NameLanes(q0, q1, filters + r[3] * kNameWords));
    const __m512i last_four = Packed(NameLanes(q0, q1, filters + r[4] * kNameWords),
                                     NameLanes(q0, q1, filters + r[5] * kNameWords),
                                     NameLanes(q0, q1, filters + r[6] * kNameWords),
                                     NameLanes(q0, q1, filters + r[7] * kNameWords));
    const __m256i both = _mm256_cvtepu16_epi32(TwoSums(first_four, last_four));
    // The row numbers widened to 64 bits: a 32-bit gather index is signed, and rows past 2^31
    // would turn negative.
    const __m256i row_counts = _mm512_i64gather_epi32(
        _mm512_cvtepu32_epi64(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(r))), counts,
        sizeof(int));
    const __m512d numerator = _mm512_mul_pd(two, _mm512_cvtepi32_pd(both));
    const __m512d denominator = _mm512_cvtepi32_pd(_mm256_add_epi32(query_counts, row_counts));
    // Both filters empty: Dice is 0, and the masked lanes are never divided.
    const __mmask8 nonempty = _mm512_cmp_pd_mask(denominator, zero, _CMP_NEQ_OQ);
    _mm512_storeu_pd(out.data() + i, _mm512_maskz_div_pd(nonempty, numerator, denominator));
  }
  for (; i < n; ++i) {
    const std::uint32_t row = rows[i];
    const auto both =
        static_cast<int>(_mm512_reduce_add_epi64(NameLanes(q0, q1, filters + row * kNameWords)));
    out[i] = DiceFromCounts(both, query_count, counts[row]);
  }
}

ZICHT_TARGET_AVX512 void Avx512DiceMany(const std::uint64_t* query, int query_count,
                                        const std::uint64_t* filters, const int* counts,
                                        std::size_t words,
                                        std::span<const std::uint32_t> candidates,
                                        std::span<double> out) {
  if (words == kNameWords) {
    Avx512DiceManyNames(query, query_count, filters, counts, candidates, out);
    return;
  }
  for (std::size_t i = 0; i < candidates.size(); ++i) {
    const std::uint32_t row = candidates[i];
    const auto both = static_cast<int>(
        _mm512_reduce_add_epi64(LaneIntersection(query, filters + row * words, words)));
    out[i] = DiceFromCounts(both, query_count, counts[row]);
  }
}

// __builtin_cpu_supports reads flags that a constructor fills in; initialising first keeps the
// answer right even when the first comparison runs during another file's static
// initialisation. The AVX-512 flags are set only when the operating system saves the
// 512-bit registers.
bool CpuHasPopcnt() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("popcnt") != 0;
}

bool CpuHasAvx512Vpopcntdq() {
  __builtin_cpu_init();
  return __builtin_cpu_supports("avx512f") != 0 && __builtin_cpu_supports("avx512vpopcntdq") != 0;
}

#endif  // ZICHT_DICE_X86

}  // namespace

const DiceKernel& PortableKernel() {
  static constexpr DiceKernel kKernel{"portable", PortablePopCount, PortableIntersection,
                                      PortableDiceMany};
  return kKernel;
}

const DiceKernel* PopcntKernel() {
#ifdef ZICHT_DICE_X86
  static constexpr DiceKernel kKernel{"popcnt", PopcntPopCount, PopcntIntersection, PopcntDiceMany};
  static const bool supported = CpuHasPopcnt();
  return supported ? &kKernel : nullptr;
#else
  return nullptr;
#endif
}

const DiceKernel* Avx512Kernel() {
#ifdef ZICHT_DICE_X86
  static constexpr DiceKernel kKernel{"avx512-vpopcntdq", Avx512PopCount, Avx512Intersection,
                                      Avx512DiceMany};
  static const bool supported = CpuHasAvx512Vpopcntdq();
  return supported ? &kKernel : nullptr;
#else
  return nullptr;
#endif
}

const DiceKernel& ActiveKernel() {
  static const DiceKernel& kernel = []() -> const DiceKernel& {
    if (const DiceKernel* fastest = Avx512Kernel()) {
      return *fastest;
    }
    if (const DiceKernel* popcnt = PopcntKernel()) {
      return *popcnt;
    }
    return PortableKernel();
  }();
  return kernel;
}

}  // namespace internal

int PopCount(const std::uint64_t* filter, std::size_t words) {
  return internal::ActiveKernel().pop_count(filter, words);
}

int IntersectionCount(const std::uint64_t* a, const std::uint64_t* b, std::size_t words) {
  return internal::ActiveKernel().intersection_count(a, b, words);
}

void DiceMany(const std::uint64_t* query, int query_count, const std::uint64_t* filters,
              const int* counts, std::size_t words, std::span<const std::uint32_t> candidates,
              std::span<double> out) {
  assert(out.size() >= candidates.size() && "DiceMany needs one output per candidate");
  internal::ActiveKernel().dice_many(query, query_count, filters, counts, words, candidates, out);
}

std::string_view DiceKernelName() {
  return internal::ActiveKernel().name;
}

}  // namespace zicht::link
