// Throughput of the latent-class Gibbs sampler (iterations per second) on a five-list
// table of the size of the UK 2013 data (2,744 persons, 18 of 31 histories observed),
// one chain and four chains in parallel, and on the four-list Kosovo table.
//
// The reference is LCMCR at 15 to 24 seconds for a million iterations of a five-list
// table (a figure taken as given, not measured here): 42,000 to 67,000 per second. The
// "ratio_to_lcmcr" counter divides our rate by the faster end of that range (67,000).
// Rates are per second of wall time; "iterations_per_cpu_second" is per second of CPU
// time of the process, the fairer figure on a machine that is busy with other work.
#include <benchmark/benchmark.h>

#include <cstdint>
#include <ctime>
#include <vector>

#include "zicht/estimate/latent_class.hpp"

namespace {

using zicht::estimate::CaptureTable;
using zicht::estimate::EstimateLatentClass;
using zicht::estimate::LatentClassOptions;

constexpr double kLcmcrIterationsPerSecond = 1e6 / 15.0;

// UK 2013, five lists (LA, NG, PFNCA, GO, GP): the SparseMSE data set UKdat_5, with
// bit j of the index for list j. Counts as in ../shared/data/mse/uk_2013_5.csv.
CaptureTable FiveListTable() {
  CaptureTable table;
  table.lists = {"LA", "NG", "PFNCA", "GO", "GP"};
  table.counts.assign(32, 0);
  const std::vector<std::pair<int, std::int64_t>> cells = {
      {0b00001, 54}, {0b00010, 463}, {0b00100, 995}, {0b01000, 695}, {0b10000, 316}, {0b00011, 15},
      {0b00101, 19}, {0b01001, 3},   {0b00110, 62},  {0b01010, 19},  {0b10010, 1},   {0b01100, 76},
      {0b10100, 11}, {0b11000, 8},   {0b00111, 1},   {0b01011, 1},   {0b01110, 4},   {0b01111, 1}};
  for (auto [h, c] : cells) table.counts[static_cast<std::size_t>(h)] = c;
  return table;
}

CaptureTable KosovoTable() {
  CaptureTable table;
  table.lists = {"EXH", "ABA", "OSCE", "HRW"};
  table.counts = {0, 1131, 845, 177, 936, 228, 217, 181, 306, 106, 31, 18, 123, 42, 32, 27};
  return table;
}

void Run(benchmark::State& state, const CaptureTable& table, int chains) {
  LatentClassOptions options;
  options.chains = chains;
  options.burn_in = 0;
  options.iterations = static_cast<int>(state.range(0));
  options.thinning = 100;
  std::int64_t iterations = 0;
  const std::clock_t cpu_start = std::clock();
  for (auto _ : state) {
    auto result = EstimateLatentClass(table, options);
    if (!result.ok()) {
      state.SkipWithError(result.status().message().c_str());
      return;
    }
    benchmark::DoNotOptimize(result->median);
    iterations += result->total_iterations;
  }
  // Wall-clock rates (the benchmarks run on real time), and the rate per second of CPU
  // time of the whole process, which a busy machine does not distort as much.
  const double cpu_seconds = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
  state.counters["iterations_per_second"] =
      benchmark::Counter(static_cast<double>(iterations), benchmark::Counter::kIsRate);
  state.counters["ratio_to_lcmcr"] = benchmark::Counter(
      static_cast<double>(iterations) / kLcmcrIterationsPerSecond, benchmark::Counter::kIsRate);
  state.counters["iterations_per_cpu_second"] = static_cast<double>(iterations) / cpu_seconds;
}

void BM_FiveListsOneChain(benchmark::State& state) {
  Run(state, FiveListTable(), 1);
}
void BM_FiveListsFourChains(benchmark::State& state) {
  Run(state, FiveListTable(), 4);
}
void BM_KosovoOneChain(benchmark::State& state) {
  Run(state, KosovoTable(), 1);
}

BENCHMARK(BM_FiveListsOneChain)
    ->Arg(1'000'000)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(BM_FiveListsFourChains)
    ->Arg(250'000)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime()
    ->MeasureProcessCPUTime();
BENCHMARK(BM_KosovoOneChain)
    ->Arg(200'000)
    ->Unit(benchmark::kSecond)
    ->Iterations(1)
    ->UseRealTime()
    ->MeasureProcessCPUTime();

}  // namespace
