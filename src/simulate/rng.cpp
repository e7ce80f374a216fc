#include "zicht/simulate/rng.hpp"

namespace zicht::simulate {

namespace {

__extension__ typedef unsigned __int128 Uint128;

constexpr std::uint64_t RotateLeft(std::uint64_t x, int k) {
  return (x << k) | (x >> (64 - k));
}

}  // namespace

std::uint64_t SplitMix64(std::uint64_t& state) {
  std::uint64_t z = (state += 0x9e3779b97f4a7c15ULL);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
  return z ^ (z >> 31);
}

std::uint64_t MixKeys(std::uint64_t a, std::uint64_t b) {
  std::uint64_t state = a ^ RotateLeft(b * 0xd1342543de82ef95ULL, 17);
  SplitMix64(state);
  return SplitMix64(state) ^ b;
}

Rng::Rng(std::uint64_t seed) {
  std::uint64_t state = seed;
  for (auto& word : s_) word = SplitMix64(state);
}

Rng Rng::Stream(std::uint64_t seed, std::initializer_list<std::uint64_t> keys) {
  std::uint64_t derived = MixKeys(seed, 0x7a69636874ULL);  // "zicht"
  for (std::uint64_t key : keys) derived = MixKeys(derived, key);
  return Rng(derived);
}

std::uint64_t Rng::Next() {
  const std::uint64_t result = RotateLeft(s_[1] * 5, 7) * 9;
  const std::uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = RotateLeft(s_[3], 45);
  return result;
}

double Rng::Uniform() {
  return static_cast<double>(Next() >> 11) * 0x1.0p-53;
}

std::uint64_t Rng::Below(std::uint64_t n) {
  // Lemire's multiply-and-reject method (2019), with 128-bit products.
  Uint128 product = static_cast<Uint128>(Next()) * n;
  auto low = static_cast<std::uint64_t>(product);
  if (low < n) {
    const std::uint64_t threshold = (0 - n) % n;
    while (low < threshold) {
      product = static_cast<Uint128>(Next()) * n;
      low = static_cast<std::uint64_t>(product);
    }
  }
  return static_cast<std::uint64_t>(product >> 64);
}

int Rng::Between(int low, int high) {
  const auto span = static_cast<std::uint64_t>(static_cast<std::int64_t>(high) - low + 1);
  return static_cast<int>(low + static_cast<std::int64_t>(Below(span)));
}

bool Rng::Bernoulli(double p) {
  if (p <= 0.0) return false;
  if (p >= 1.0) return true;
  return Uniform() < p;
}

}  // namespace zicht::simulate
