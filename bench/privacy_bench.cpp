// Kernels of pseudonymisation at the door and of Bloom-filter comparison: how many records
// per second Encode turns into encodings, and how many filter pairs per second Dice scores.
#include <benchmark/benchmark.h>

#include <array>
#include <random>
#include <string>
#include <vector>

#include "zicht/privacy/encoder.hpp"
#include "zicht/privacy/key.hpp"
#include "zicht/privacy/normalise.hpp"

namespace zicht::privacy {
namespace {

PseudonymKey BenchKey() {
  std::array<std::uint8_t, PseudonymKey::kBytes> bytes{};
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<std::uint8_t>(17 * i + 5);
  return PseudonymKey::FromBytes(bytes);
}

// Synthetic names from syllables: register-like lengths and bigram variety, no real people.
std::string SyntheticName(std::mt19937& random, int syllables) {
  static const std::array<const char*, 24> kSyllables = {
      "an", "ba", "de", "el", "fo", "gu", "ha", "in", "jo", "ka", "li", "ma",
      "ne", "ok", "pa", "ri", "sa", "to", "un", "va", "we", "xi", "yo", "ze"};
  std::string name;
  for (int i = 0; i < syllables; ++i) name += kSyllables[random() % kSyllables.size()];
  name[0] = static_cast<char>(name[0] - 'a' + 'A');
  return name;
}

std::vector<ClearIdentifiers> SyntheticRecords(size_t count, bool latin) {
  std::mt19937 random(42);
  std::vector<ClearIdentifiers> records(count);
  for (ClearIdentifiers& clear : records) {
    clear.given_name = SyntheticName(random, 2 + static_cast<int>(random() % 2));
    // Appending, not `"literal" + std::string`, which GCC 12 at -O3 misreads (-Wrestrict).
    if (random() % 5 == 0) clear.family_name = "van der ";
    clear.family_name += SyntheticName(random, 3);
    if (!latin) clear.family_name += "\u00f6\u0142";  // forces the Unicode path
    clear.date_of_birth =
        Date{1960 + static_cast<int>(random() % 50), 1 + static_cast<int>(random() % 12),
             1 + static_cast<int>(random() % 28)};
    if (random() % 2 == 0)
      clear.personal_id = std::string("X").append(std::to_string(random() % 100000000));
    if (random() % 3 == 0)
      clear.phone = std::string("+00 555 ").append(std::to_string(random() % 10000));
    if (random() % 4 == 0)
      clear.email = "nobody" + std::to_string(random() % 1000) + "@example.invalid";
  }
  return records;
}

void EncodeRecords(benchmark::State& state, bool latin) {
  const auto records = SyntheticRecords(4096, latin);
  IdentifierEncoder encoder(BenchKey(), {});
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(encoder.Encode(records[i++ % records.size()]));
  }
  state.SetItemsProcessed(state.iterations());
}

void BM_EncodeRecordAscii(benchmark::State& state) {
  EncodeRecords(state, true);
}
BENCHMARK(BM_EncodeRecordAscii);

void BM_EncodeRecordUnicode(benchmark::State& state) {
  EncodeRecords(state, false);
}
BENCHMARK(BM_EncodeRecordUnicode);

void BM_NormaliseName(benchmark::State& state) {
  const std::string name = state.range(0) == 0 ? "Van der  Berg-Jansen" : "Łukasz Özil-Nguyễn";
  for (auto _ : state) benchmark::DoNotOptimize(NormaliseName(name));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_NormaliseName)->Arg(0)->Arg(1)->ArgName("unicode");

void BM_KeyedHash(benchmark::State& state) {
  IdentifierEncoder encoder(BenchKey(), {});
  for (auto _ : state)
    benchmark::DoNotOptimize(encoder.KeyedHash(kPurposeDateOfBirth, "1990-03-04"));
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_KeyedHash);

void BM_Dice1024(benchmark::State& state) {
  const auto records = SyntheticRecords(1024, true);
  IdentifierEncoder encoder(BenchKey(), {});
  std::vector<BloomBits> filters;
  for (const auto& clear : records) filters.push_back(encoder.Encode(clear).family_name_bloom);
  size_t i = 0;
  for (auto _ : state) {
    benchmark::DoNotOptimize(
        DiceCoefficient(filters[i % filters.size()], filters[(i * 7 + 3) % filters.size()]));
    ++i;
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Dice1024);

}  // namespace
}  // namespace zicht::privacy
