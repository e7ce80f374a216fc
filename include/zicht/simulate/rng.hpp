// The simulator's own random number generator: xoshiro256** seeded through SplitMix64.
// Its output is fixed by its seed on every machine and every standard library, which
// std::mt19937 with std:: distributions does not promise for the distributions.
//
// Independent streams: Rng::Stream(seed, {keys...}) derives a generator from a seed and
// a path of keys (year, person, source, ...), so that a piece of the world can be
// generated without drawing through every piece before it.
//
// Thread safety: a generator is a value; use one per thread.
#pragma once

#include <cstdint>
#include <initializer_list>

namespace zicht::simulate {

// One step of SplitMix64 (Steele, Lea & Flood 2014): advances `state` and returns a
// well-mixed 64-bit value.
std::uint64_t SplitMix64(std::uint64_t& state);

// Mixes two 64-bit values into one (for deriving stream seeds).
std::uint64_t MixKeys(std::uint64_t a, std::uint64_t b);

class Rng {
 public:
  // Seeds the four words of state from SplitMix64(seed), as the xoshiro authors advise.
  explicit Rng(std::uint64_t seed);

  // A generator for the stream named by `keys` under `seed`.
  static Rng Stream(std::uint64_t seed, std::initializer_list<std::uint64_t> keys);

  // The next 64 random bits (xoshiro256**, Blackman & Vigna 2018).
  std::uint64_t Next();

  // A double uniform on [0, 1) with 53 random bits.
  double Uniform();

  // An integer uniform on [0, n), without modulo bias; n must be > 0.
  std::uint64_t Below(std::uint64_t n);

  // An integer uniform on [low, high]; requires low <= high.
  int Between(int low, int high);

  // True with probability p (p <= 0 never, p >= 1 always).
  bool Bernoulli(double p);

 private:
  std::uint64_t s_[4];
};

}  // namespace zicht::simulate
