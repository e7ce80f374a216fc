#include "zicht/core/utf8.hpp"

#include <cstdint>
#include <cstring>

namespace zicht {
namespace {

constexpr std::uint64_t kHighBits = 0x8080808080808080ULL;

bool IsContinuation(unsigned char c) {
  return (c & 0xC0) == 0x80;
}

}  // namespace

std::optional<std::size_t> FirstInvalidUtf8(std::string_view text) {
  const auto* p = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Extracts are mostly ASCII: skip 16 bytes at a time while no byte has its high bit
    // set. memcpy keeps the loads free of alignment and aliasing trouble and compiles to
    // plain 64-bit loads.
    while (i + 16 <= n) {
      std::uint64_t a;
      std::uint64_t b;
      std::memcpy(&a, p + i, 8);
      std::memcpy(&b, p + i + 8, 8);
      if (((a | b) & kHighBits) != 0) break;
      i += 16;
    }
    if (i >= n) break;
    const unsigned char c = p[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    // Well-formed sequences as in Table 3-7 of the Unicode Standard (RFC 3629, section 4):
    // the second byte's range is narrowed after E0, ED, F0 and F4 to exclude overlong
    // forms, surrogates and code points above U+10FFFF.
    std::size_t length;
    unsigned char low = 0x80;
    unsigned char high = 0xBF;
    if (c >= 0xC2 && c <= 0xDF) {
      length = 2;
    } else if (c >= 0xE0 && c <= 0xEF) {
      length = 3;
      if (c == 0xE0) low = 0xA0;
      if (c == 0xED) high = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      length = 4;
      if (c == 0xF0) low = 0x90;
      if (c == 0xF4) high = 0x8F;
    } else {
      return i;  // a stray continuation byte, C0/C1 (always overlong), or F5..FF
    }
    if (n - i < length) return i;
    const unsigned char second = p[i + 1];
    if (second < low || second > high) return i;
    for (std::size_t k = 2; k < length; ++k) {
      if (!IsContinuation(p[i + k])) return i;
    }
    i += length;
  }
  return std::nullopt;
}

bool IsValidUtf8(std::string_view text) {
  return !FirstInvalidUtf8(text).has_value();
}

}  // namespace zicht
