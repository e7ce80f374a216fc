// The Dice kernels behind include/zicht/link/dice.hpp, one per instruction set, so that
// tests and benchmarks can run each against the others on the same data. Library code
// calls the public functions, which pick one of these once per process.
#pragma once

#include <cstddef>
#include <cstdint>
#include <span>

namespace zicht::link::internal {

struct DiceKernel {
  const char* name;
  int (*pop_count)(const std::uint64_t* filter, std::size_t words);
  int (*intersection_count)(const std::uint64_t* a, const std::uint64_t* b, std::size_t words);
  void (*dice_many)(const std::uint64_t* query, int query_count, const std::uint64_t* filters,
                    const int* counts, std::size_t words, std::span<const std::uint32_t> candidates,
                    std::span<double> out);
};

// std::popcount at the project's default -march: runs on any CPU.
const DiceKernel& PortableKernel();

// The same loop compiled for POPCNT; nullptr when this CPU lacks it.
const DiceKernel* PopcntKernel();

// 512 bits at a time with VPOPCNTQ; nullptr when this CPU lacks AVX-512 VPOPCNTDQ.
const DiceKernel* Avx512Kernel();

// The fastest of the above that this CPU runs, chosen on first use.
const DiceKernel& ActiveKernel();

}  // namespace zicht::link::internal
