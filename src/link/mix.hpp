// The 64-bit finaliser of splitmix64 (Steele, Lea and Flood 2014): spreads a value's bits
// so that keys built from keyed hashes, record ids or small integers hash evenly.
// Private to the link stage.
#pragma once

#include <cstdint>

namespace zicht::link {

inline std::uint64_t Mix(std::uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

}  // namespace zicht::link
