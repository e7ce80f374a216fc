// UTF-8 well-formedness (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF, no truncated sequences. U+0000 (a NUL byte) is well-formed UTF-8; callers
// that must refuse it check for it themselves.
//
// Runs over every byte of every extract, so ASCII is checked 16 bytes at a time.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace zicht {

// True if `text` is well-formed UTF-8 (the empty string is).
bool IsValidUtf8(std::string_view text);

// The byte offset of the first ill-formed sequence (the offset of its first byte), or
// nullopt if there is none.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);

}  // namespace zicht
