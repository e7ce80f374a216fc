// The innermost loop of linkage: how many Bloom-filter comparisons per second one core
// scores (items_per_second), and which kernel scored them (the label).
//
// BM_DicePortable, BM_DicePopcnt and BM_DiceMany score one query against every row of the
// same table, with the portable build, the POPCNT build and the kernel this CPU selects;
// BM_DiceMany reports its speed-up over the first two as x_portable and x_popcnt. Tables of
// 10,000 rows fit in L2 and show the speed of scoring; 100,000 rows (12.8 MB) show the speed
// of reading rows from L3, which bounds one query against a large table. BM_DiceManySliced
// scores a batch of queries against the 100,000 rows one L2-sized slice at a time, as a
// caller with many queries would. BM_DiceManyShuffled reads the rows in random order.
// BM_DicePair scores one pair through the public functions.
//
// For scale: anonlink's C++ core was measured separately, not in this run, at 170-180
// million comparisons per second on one core of the machine these kernels were tuned on.
// Compare it with the 10,000-row figures: one query against 100,000 rows is bound by how
// fast one core reads 12.8 MB from L3, whatever the kernel.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <cstdint>
#include <ctime>
#include <map>
#include <numeric>
#include <random>
#include <string>
#include <vector>

#include "link/dice_kernels.hpp"
#include "zicht/link/dice.hpp"

namespace zicht::link {
namespace {

constexpr std::size_t kWords = 16;  // 1,024-bit name filters

// Random filters with 12.5% of bits set (the AND of three uniform words), about the density
// of name bigram filters, their population counts, and queries drawn the same way.
struct Table {
  std::vector<std::uint64_t> filters;
  std::vector<int> counts;
  std::vector<std::uint64_t> queries;
  std::vector<int> query_counts;
};

Table MakeTable(std::size_t rows, std::size_t queries) {
  std::mt19937_64 random(20240611);
  Table table;
  table.filters.resize(rows * kWords);
  for (std::uint64_t& word : table.filters) {
    word = random() & random() & random();
  }
  table.queries.resize(queries * kWords);
  for (std::uint64_t& word : table.queries) {
    word = random() & random() & random();
  }
  for (std::size_t i = 0; i < rows; ++i) {
    table.counts.push_back(PopCount(table.filters.data() + i * kWords, kWords));
  }
  for (std::size_t q = 0; q < queries; ++q) {
    table.query_counts.push_back(PopCount(table.queries.data() + q * kWords, kWords));
  }
  return table;
}

constexpr std::size_t kQueries = 16;

const Table& TableOf(std::size_t rows) {
  static std::map<std::size_t, Table> tables;
  auto it = tables.find(rows);
  if (it == tables.end()) {
    it = tables.emplace(rows, MakeTable(rows, kQueries)).first;
  }
  return it->second;
}

std::vector<std::uint32_t> AllRows(std::size_t rows) {
  std::vector<std::uint32_t> all(rows);
  std::iota(all.begin(), all.end(), 0u);
  return all;
}

// CPU time of this thread, the clock Google Benchmark's items_per_second uses, so that the
// ratios below agree with the rates printed beside them.
double ThreadSeconds() {
  timespec now{};
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &now);
  return static_cast<double>(now.tv_sec) + 1e-9 * static_cast<double>(now.tv_nsec);
}

// Comparisons per second of the slower kernels, by table size, for BM_DiceMany's ratios.
std::map<std::int64_t, double> portable_rate;
std::map<std::int64_t, double> popcnt_rate;

// One query against every row, per iteration; returns the comparisons per second.
double ScoreAllRows(benchmark::State& state, const internal::DiceKernel& kernel) {
  const auto rows = static_cast<std::size_t>(state.range(0));
  const Table& table = TableOf(rows);
  const std::vector<std::uint32_t> candidates = AllRows(rows);
  std::vector<double> out(rows);
  const double start = ThreadSeconds();
  for (auto _ : state) {
    kernel.dice_many(table.queries.data(), table.query_counts[0], table.filters.data(),
                     table.counts.data(), kWords, candidates, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  const double seconds = ThreadSeconds() - start;
  const double comparisons = static_cast<double>(state.iterations()) * static_cast<double>(rows);
  state.SetItemsProcessed(static_cast<std::int64_t>(comparisons));
  state.SetLabel(kernel.name);
  return comparisons / seconds;
}

void BM_DicePortable(benchmark::State& state) {
  portable_rate[state.range(0)] = ScoreAllRows(state, internal::PortableKernel());
}
BENCHMARK(BM_DicePortable)->Arg(10'000)->Arg(100'000);

void BM_DicePopcnt(benchmark::State& state) {
  const internal::DiceKernel* kernel = internal::PopcntKernel();
  if (kernel == nullptr) {
    state.SkipWithError("this CPU has no POPCNT");
    return;
  }
  popcnt_rate[state.range(0)] = ScoreAllRows(state, *kernel);
}
BENCHMARK(BM_DicePopcnt)->Arg(10'000)->Arg(100'000);

void BM_DiceMany(benchmark::State& state) {
  const double rate = ScoreAllRows(state, internal::ActiveKernel());
  if (const auto it = portable_rate.find(state.range(0)); it != portable_rate.end()) {
    state.counters["x_portable"] = rate / it->second;
  }
  if (const auto it = popcnt_rate.find(state.range(0)); it != popcnt_rate.end()) {
    state.counters["x_popcnt"] = rate / it->second;
  }
}
BENCHMARK(BM_DiceMany)->Arg(10'000)->Arg(100'000);

// Sixteen queries against 100,000 rows, slice by slice: each slice of 8,192 rows (1 MB) is
// read from L3 once and scored from L2 for every query.
void BM_DiceManySliced(benchmark::State& state) {
  constexpr std::size_t kRows = 100'000;
  constexpr std::size_t kSlice = 8'192;
  const Table& table = TableOf(kRows);
  const std::vector<std::uint32_t> candidates = AllRows(kRows);
  std::vector<double> out(kSlice);
  for (auto _ : state) {
    for (std::size_t first = 0; first < kRows; first += kSlice) {
      const std::span<const std::uint32_t> slice =
          std::span(candidates).subspan(first, std::min(kSlice, kRows - first));
      for (std::size_t q = 0; q < kQueries; ++q) {
        DiceMany(table.queries.data() + q * kWords, table.query_counts[q], table.filters.data(),
                 table.counts.data(), kWords, slice, out);
        benchmark::DoNotOptimize(out.data());
        benchmark::ClobberMemory();
      }
    }
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows * kQueries));
  state.SetLabel(std::string(DiceKernelName()));
}
BENCHMARK(BM_DiceManySliced);

// One query against 100,000 rows in random order: each row is a fresh trip to L3, the worst
// order a blocking step could hand over.
void BM_DiceManyShuffled(benchmark::State& state) {
  constexpr std::size_t kRows = 100'000;
  const Table& table = TableOf(kRows);
  std::vector<std::uint32_t> candidates = AllRows(kRows);
  std::shuffle(candidates.begin(), candidates.end(), std::mt19937_64(7));
  std::vector<double> out(kRows);
  for (auto _ : state) {
    DiceMany(table.queries.data(), table.query_counts[0], table.filters.data(), table.counts.data(),
             kWords, candidates, out);
    benchmark::DoNotOptimize(out.data());
    benchmark::ClobberMemory();
  }
  state.SetItemsProcessed(static_cast<std::int64_t>(state.iterations() * kRows));
  state.SetLabel(std::string(DiceKernelName()));
}
BENCHMARK(BM_DiceManyShuffled);

void BM_DicePair(benchmark::State& state) {
  const Table& table = TableOf(10'000);
  const std::uint64_t* a = table.queries.data();
  const std::uint64_t* b = table.filters.data();
  for (auto _ : state) {
    benchmark::DoNotOptimize(a);
    benchmark::DoNotOptimize(b);
    const double dice =
        DiceFromCounts(IntersectionCount(a, b, kWords), table.query_counts[0], table.counts[0]);
    benchmark::DoNotOptimize(dice);
  }
  state.SetItemsProcessed(state.iterations());
  state.SetLabel(std::string(DiceKernelName()));
}
BENCHMARK(BM_DicePair);

}  // namespace
}  // namespace zicht::link
