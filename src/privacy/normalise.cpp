#include "zicht/privacy/normalise.hpp"

#include <utf8proc.h>

#include <algorithm>
#include <cstdlib>
#include <iterator>
#include <memory>
#include <optional>

namespace zicht::privacy {
namespace {

struct FreeDeleter {
  void operator()(utf8proc_uint8_t* p) const { std::free(p); }
};

bool IsAscii(std::string_view text) {
  for (unsigned char c : text) {
    if (c >= 0x80) return false;
  }
  return true;
}

bool IsAsciiAlnum(unsigned char c) {
  return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

char AsciiLower(unsigned char c) {
  return static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
}

char AsciiUpper(unsigned char c) {
  return static_cast<char>(c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c);
}

// Runs utf8proc's mapping; nullopt when the text is not well-formed UTF-8.
std::optional<std::string> Map(std::string_view text, int options) {
  utf8proc_uint8_t* out = nullptr;
  const utf8proc_ssize_t length = utf8proc_map(
      reinterpret_cast<const utf8proc_uint8_t*>(text.data()),
      static_cast<utf8proc_ssize_t>(text.size()), &out, static_cast<utf8proc_option_t>(options));
  std::unique_ptr<utf8proc_uint8_t, FreeDeleter> owned(out);
  if (length < 0) return std::nullopt;
  return std::string(reinterpret_cast<const char*>(out), static_cast<size_t>(length));
}

// Calls `visit` with each code point of well-formed UTF-8 `text`.
template <typename Visit>
void ForEachCodePoint(std::string_view text, Visit&& visit) {
  const auto* p = reinterpret_cast<const utf8proc_uint8_t*>(text.data());
  utf8proc_ssize_t left = static_cast<utf8proc_ssize_t>(text.size());
  while (left > 0) {
    utf8proc_int32_t cp = 0;
    const utf8proc_ssize_t n = utf8proc_iterate(p, left, &cp);
    if (n <= 0) return;  // cannot happen on utf8proc's own output
    visit(cp);
    p += n;
    left -= n;
  }
}

void AppendUtf8(std::string& out, utf8proc_int32_t cp) {
  utf8proc_uint8_t buffer[4];
  const utf8proc_ssize_t n = utf8proc_encode_char(cp, buffer);
  out.append(reinterpret_cast<const char*>(buffer), static_cast<size_t>(n));
}

// Latin letters that Unicode does not decompose into a base letter and a mark, spelled as
// the letters they are commonly written with when the keyboard lacks them. Applied after
// case folding, so only lower-case forms are needed.
const char* LatinFallback(utf8proc_int32_t cp) {
  switch (cp) {
    case 0x00DF:
      return "ss";  // ß (case folding already does this)
    case 0x00E6:
      return "ae";  // æ
    case 0x00F0:
      return "d";  // ð
    case 0x00F8:
      return "o";  // ø
    case 0x00FE:
      return "th";  // þ
    case 0x0111:
      return "d";  // đ
    case 0x0127:
      return "h";  // ħ
    case 0x0131:
      return "i";  // ı (dotless i)
    case 0x0142:
      return "l";  // ł
    case 0x0153:
      return "oe";  // œ
    case 0x0167:
      return "t";  // ŧ
    default:
      return nullptr;
  }
}

enum class Kind { kKeep, kSeparator, kDrop };

Kind Classify(utf8proc_int32_t cp) {
  switch (utf8proc_category(cp)) {
    case UTF8PROC_CATEGORY_LU:
    case UTF8PROC_CATEGORY_LL:
    case UTF8PROC_CATEGORY_LT:
    case UTF8PROC_CATEGORY_LM:
    case UTF8PROC_CATEGORY_LO:
    case UTF8PROC_CATEGORY_ND:
    case UTF8PROC_CATEGORY_NL:
    case UTF8PROC_CATEGORY_NO:
      return Kind::kKeep;
    case UTF8PROC_CATEGORY_PC:
    case UTF8PROC_CATEGORY_PD:
    case UTF8PROC_CATEGORY_PS:
    case UTF8PROC_CATEGORY_PE:
    case UTF8PROC_CATEGORY_PI:
    case UTF8PROC_CATEGORY_PF:
    case UTF8PROC_CATEGORY_PO:
    case UTF8PROC_CATEGORY_SM:
    case UTF8PROC_CATEGORY_SC:
    case UTF8PROC_CATEGORY_SK:
    case UTF8PROC_CATEGORY_SO:
    case UTF8PROC_CATEGORY_ZS:
    case UTF8PROC_CATEGORY_ZL:
    case UTF8PROC_CATEGORY_ZP:
    case UTF8PROC_CATEGORY_CC:
      return Kind::kSeparator;
    default:  // marks left over, format characters, surrogates, private use, unassigned
      return Kind::kDrop;
  }
}

// Appends a separator unless the text is empty or already ends in one, so that runs of
// separators collapse and none leads.
void AppendSeparator(std::string& out) {
  if (!out.empty() && out.back() != ' ') out.push_back(' ');
}

void TrimTrailingSeparator(std::string& out) {
  if (!out.empty() && out.back() == ' ') out.pop_back();
}

std::string NormaliseAsciiName(std::string_view name) {
  std::string out;
  out.reserve(name.size());
  for (unsigned char c : name) {
    if (IsAsciiAlnum(c)) {
      out.push_back(AsciiLower(c));
    } else {
      AppendSeparator(out);  // every other ASCII character is punctuation, symbol, space
    }                        // or control
  }
  TrimTrailingSeparator(out);
  return out;
}

}  // namespace

std::string NormaliseName(std::string_view name) {
  // Most names in a European register are plain ASCII; they take a path that gives the
  // same result without the Unicode tables (the tests hold the two paths equal).
  if (IsAscii(name)) return NormaliseAsciiName(name);
  const auto mapped = Map(name, UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK |
                                    UTF8PROC_CASEFOLD | UTF8PROC_IGNORE | UTF8PROC_STRIPNA);
  if (!mapped) return {};
  std::string out;
  out.reserve(mapped->size());
  ForEachCodePoint(*mapped, [&out](utf8proc_int32_t cp) {
    if (const char* latin = LatinFallback(cp)) {
      out += latin;
      return;
    }
    switch (Classify(cp)) {
      case Kind::kKeep:
        AppendUtf8(out, cp);
        break;
      case Kind::kSeparator:
        AppendSeparator(out);
        break;
      case Kind::kDrop:
        break;
    }
  });
  TrimTrailingSeparator(out);
  return out;
}

std::vector<std::string> NameTokens(std::string_view normalised_name) {
  std::vector<std::string> tokens;
  size_t start = 0;
  while (start < normalised_name.size()) {
    size_t end = normalised_name.find(' ', start);
    if (end == std::string_view::npos) end = normalised_name.size();
    if (end > start) tokens.emplace_back(normalised_name.substr(start, end - start));
    start = end + 1;
  }
  return tokens;
}

namespace {

// Particles of family names in the register's languages, as NormaliseName leaves them
// ("'t" -> "t", "d'" -> "d"): Dutch and Flemish (van, de, der, den, het, 't, 's, ten, ter,
// te, op, in, aan, bij, uit, onder, over, voor, tot, and vande/vanden/vander/v/vd written
// together or abbreviated), German (von, vom, zu, zum, zur, am, im, und), French (de, du,
// des, la, le, les, d', l'), Spanish and Portuguese (de, del, la, las, los, da, das, do,
// dos, y, e), Italian (di, da, del, della, delle, dello, dei, degli), Scandinavian (af, av),
// and the article and patronymic words of Arabic and Berber names (al, el, bin, ben, ibn,
// bint, abu, abou, ould, ait). They are the most frequent family-name tokens and say little
// about which family is meant, so the family-name Bloom filter leaves them out (see
// docs/privacy.md). The Italian "li" and "lo" are not in the list, being rare as particles
// and common as Chinese family names; "le" and "do" are, although they are also Vietnamese
// family names (Lê, Đỗ): a family name of particles only keeps them all. Sorted, for binary
// search.
constexpr std::string_view kNameParticles[] = {
    "aan",   "abou",  "abu",   "af",   "ait",  "al",   "am",    "av",    "ben",    "bij",
    "bin",   "bint",  "d",     "da",   "das",  "de",   "degli", "dei",   "del",    "dela",
    "della", "delle", "dello", "den",  "der",  "des",  "di",    "do",    "dos",    "du",
    "e",     "el",    "het",   "ibn",  "im",   "in",   "l",     "la",    "las",    "le",
    "les",   "los",   "onder", "op",   "ould", "over", "s",     "t",     "te",     "ten",
    "ter",   "tot",   "uijt",  "uit",  "und",  "v",    "van",   "vande", "vanden", "vander",
    "vd",    "vom",   "von",   "voor", "y",    "zu",   "zum",   "zur",
};
static_assert(std::is_sorted(std::begin(kNameParticles), std::end(kNameParticles)));

}  // namespace

bool IsNameParticle(std::string_view normalised_token) {
  return std::binary_search(std::begin(kNameParticles), std::end(kNameParticles), normalised_token);
}

std::vector<std::string> WithoutNameParticles(const std::vector<std::string>& tokens) {
  std::vector<std::string> kept;
  for (const std::string& token : tokens) {
    if (!IsNameParticle(token)) kept.push_back(token);
  }
  return kept.empty() ? tokens : kept;
}

std::string NormaliseIdNumber(std::string_view id) {
  std::string out;
  if (IsAscii(id)) {
    for (unsigned char c : id) {
      if (IsAsciiAlnum(c)) out.push_back(AsciiUpper(c));
    }
    return out;
  }
  const auto mapped =
      Map(id, UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE | UTF8PROC_STRIPMARK | UTF8PROC_IGNORE);
  if (!mapped) return {};
  ForEachCodePoint(*mapped, [&out](utf8proc_int32_t cp) {
    if (Classify(cp) == Kind::kKeep) AppendUtf8(out, utf8proc_toupper(cp));
  });
  return out;
}

std::string NormalisePhone(std::string_view phone) {
  std::string text;
  if (IsAscii(phone)) {
    text = phone;
  } else {
    // Compatibility mapping turns full-width digits and plus signs into ASCII ones.
    auto mapped = Map(phone, UTF8PROC_COMPAT | UTF8PROC_DECOMPOSE);
    if (!mapped) return {};
    text = std::move(*mapped);
  }
  std::string digits;
  bool plus = false;
  for (unsigned char c : text) {
    if (c >= '0' && c <= '9') {
      digits.push_back(static_cast<char>(c));
    } else if (c == '+' && digits.empty()) {
      plus = true;
    }
  }
  if (digits.empty()) return {};
  if (!plus && digits.size() > 2 && digits[0] == '0' && digits[1] == '0') {
    plus = true;  // the international call prefix 00 means the same as +
    digits.erase(0, 2);
  }
  return plus ? "+" + digits : digits;
}

std::string NormaliseEmail(std::string_view email) {
  constexpr std::string_view kSpace = " \t\r\n\v\f";
  const size_t first = email.find_first_not_of(kSpace);
  if (first == std::string_view::npos) return {};
  const size_t last = email.find_last_not_of(kSpace);
  email = email.substr(first, last - first + 1);
  std::string out;
  out.reserve(email.size());
  if (IsAscii(email)) {
    for (unsigned char c : email) out.push_back(AsciiLower(c));
    return out;
  }
  // Composed form first, so that the same address typed on different systems agrees.
  const auto mapped = Map(email, UTF8PROC_COMPOSE | UTF8PROC_STABLE);
  if (!mapped) return {};
  ForEachCodePoint(*mapped, [&out](utf8proc_int32_t cp) { AppendUtf8(out, utf8proc_tolower(cp)); });
  return out;
}

}  // namespace zicht::privacy
