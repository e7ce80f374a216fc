// Normalisation of identifiers before they are encoded, so that spelling variants that
// mean the same person encode the same: Unicode NFKD, diacritics stripped, case-folded,
// punctuation removed, whitespace collapsed.
//
// Thread safety: pure functions.
#pragma once

#include <string>
#include <string_view>
#include <vector>

namespace zicht::privacy {

// "  Özil-van der  Berg " -> "ozil van der berg". Invalid UTF-8 yields "".
std::string NormaliseName(std::string_view name);

// The tokens of a normalised name: "van der berg" -> {"van", "der", "berg"}.
std::vector<std::string> NameTokens(std::string_view normalised_name);

// Whether a normalised token is a family-name particle: a preposition, article or
// patronymic word that stands with a family name ("van", "der", "'t" -> "t", "von", "de",
// "la", "della", "al", "el", "bin", "ben", "abu", ...; the documented list is in
// normalise.cpp).
bool IsNameParticle(std::string_view normalised_token);

// The tokens without the particles among them, when at least one other token remains;
// otherwise all of them ({"van", "der", "berg"} -> {"berg"}; {"de"} -> {"de"}). Order kept.
std::vector<std::string> WithoutNameParticles(const std::vector<std::string>& tokens);

// Personal numbers: letters and digits only, upper-case ("12.34.56-AB" -> "123456AB").
std::string NormaliseIdNumber(std::string_view id);

// Phones: digits only, a leading "00" or "+" country prefix kept as "+" ("+31 6-1234 5678"
// -> "+31612345678"; "06 1234 5678" -> "0612345678").
std::string NormalisePhone(std::string_view phone);

// E-mail addresses: trimmed and lower-cased.
std::string NormaliseEmail(std::string_view email);

}  // namespace zicht::privacy
