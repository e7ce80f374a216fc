// Kernels of multiple systems estimation on the published tables of ../shared/data/mse/:
// one log-linear fit, the exhaustive two-list model search at six lists (32,768 models),
// stepwise selection, the profile interval, and the BCa bootstrap with model re-selection
// (1,000 replicates at five lists). Items per second are models fitted or replicates run.
//
//   build/est-release/bench/estimate_bench [--benchmark_filter=Search]
#include <benchmark/benchmark.h>

#include <cstdlib>
#include <filesystem>
#include <map>
#include <string>

#include "zicht/estimate/bootstrap.hpp"
#include "zicht/estimate/capture_table.hpp"
#include "zicht/estimate/information_criteria.hpp"
#include "zicht/estimate/loglinear_fit.hpp"
#include "zicht/estimate/population.hpp"
#include "zicht/estimate/profile_interval.hpp"
#include "zicht/estimate/stepwise.hpp"

namespace {

using namespace zicht::estimate;

const CaptureTable* Table(benchmark::State& state, const std::string& name) {
  std::filesystem::path dir;
  if (const char* env = std::getenv("ZICHT_SHARED_DATA"); env != nullptr && *env != '\0') {
    dir = env;
  } else {
    dir = std::filesystem::path(__FILE__).parent_path().parent_path().parent_path() / "shared" /
          "data";
  }
  static std::map<std::string, CaptureTable> cache;
  auto found = cache.find(name);
  if (found == cache.end()) {
    zicht::Result<CaptureTable> table = ReadCaptureTableCsv((dir / "mse" / name).string());
    if (!table.ok()) {
      state.SkipWithError(("cannot read " + name + ": " + table.status().message()).c_str());
      return nullptr;
    }
    found = cache.emplace(name, std::move(table.value())).first;
  }
  return &found->second;
}

void BM_FitOneModelUk6(benchmark::State& state) {
  const CaptureTable* table = Table(state, "uk_2013.csv");
  if (table == nullptr) return;
  auto model = ParseModel("LA:NG, NG:PF, PF:GO, GO:GP, PF:NCA", table->lists);
  for (auto _ : state) benchmark::DoNotOptimize(FitLoglinear(*table, *model));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_FitOneModelUk6)->Unit(benchmark::kMicrosecond);

void BM_SearchAllTwoListModelsUk6(benchmark::State& state) {
  const CaptureTable* table = Table(state, "uk_2013.csv");
  if (table == nullptr) return;
  SearchOptions options;
  options.criterion = Criterion::kBic;
  options.parallel = state.range(0) != 0;
  for (auto _ : state) {
    auto ranking = RankModels(*table, options);
    if (!ranking.ok()) state.SkipWithError(ranking.status().message().c_str());
    benchmark::DoNotOptimize(ranking);
  }
  state.SetItemsProcessed(state.iterations() * 32768);
}
BENCHMARK(BM_SearchAllTwoListModelsUk6)
    ->Arg(1)
    ->Arg(0)
    ->Unit(benchmark::kMillisecond)
    ->UseRealTime();

void BM_StepwiseUk5(benchmark::State& state) {
  const CaptureTable* table = Table(state, "uk_2013_5.csv");
  if (table == nullptr) return;
  for (auto _ : state) benchmark::DoNotOptimize(SelectStepwise(*table));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_StepwiseUk5)->Unit(benchmark::kMicrosecond);

void BM_ProfileIntervalUk5(benchmark::State& state) {
  const CaptureTable* table = Table(state, "uk_2013_5.csv");
  if (table == nullptr) return;
  auto chosen = SelectStepwise(*table);
  for (auto _ : state) benchmark::DoNotOptimize(ComputeProfileInterval(*table, chosen->fit));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ProfileIntervalUk5)->Unit(benchmark::kMillisecond);

// 1,000 replicates with stepwise re-selection plus the jackknife, at five lists.
void BM_BootstrapStepwiseUk5(benchmark::State& state) {
  const CaptureTable* table = Table(state, "uk_2013_5.csv");
  if (table == nullptr) return;
  EstimateOptions options;
  options.method = Method::kStepwise;
  options.interval = IntervalKind::kBootstrap;
  options.bootstrap_replicates = 1000;
  for (auto _ : state) {
    auto result = EstimatePopulation(*table, options);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_BootstrapStepwiseUk5)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

// 1,000 replicates re-ranking the best 100 BIC models (Silverman, Chan and Vincent 2024).
void BM_BootstrapBicTop100Uk5(benchmark::State& state) {
  const CaptureTable* table = Table(state, "uk_2013_5.csv");
  if (table == nullptr) return;
  EstimateOptions options;
  options.method = Method::kBic;
  options.interval = IntervalKind::kBootstrap;
  options.bootstrap_replicates = 1000;
  for (auto _ : state) {
    auto result = EstimatePopulation(*table, options);
    if (!result.ok()) state.SkipWithError(result.status().message().c_str());
    benchmark::DoNotOptimize(result);
  }
  state.SetItemsProcessed(state.iterations() * 1000);
}
BENCHMARK(BM_BootstrapBicTop100Uk5)->Unit(benchmark::kSecond)->UseRealTime()->Iterations(1);

}  // namespace
