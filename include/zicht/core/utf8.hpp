// UTF-8 well-formedness (RFC 3629): no overlong forms, no surrogates, nothing above
// U+10FFFF.
//
// Thread safety: pure functions.
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>

namespace zicht {

bool IsValidUtf8(std::string_view text);

// The byte offset of the first ill-formed sequence, or nullopt if there is none.
std::optional<std::size_t> FirstInvalidUtf8(std::string_view text);

}  // namespace zicht
