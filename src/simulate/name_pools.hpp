// Name pools of the countries the simulated victims come from: given names (female,
// male) and family names, each drawn with a weight that follows its rough frequency in
// that country, so that common names are common and term-frequency adjustment in
// linkage has something to work with. Also the country's labels in the layouts (Dutch
// and English names, ISO alpha-3), nicknames, and transliteration variants.
//
// The lists are general knowledge of which names are frequent; no entry belongs to a
// particular person, and persons are combinations drawn at random.
//
// Thread safety: the pools are built once (thread-safe static) and immutable.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/simulate/distributions.hpp"

namespace zicht::simulate {

struct NameList {
  std::vector<std::string> names;
  Categorical draw;  // weights follow the rough frequency of each name
};

struct Country {
  std::string code;     // ISO 3166 alpha-2, e.g. "NG"
  std::string alpha3;   // e.g. "NGA"
  std::string name_nl;  // e.g. "Nigeria", "Polen"
  std::string name_en;
  NameList female;
  NameList male;
  NameList family;
  // How a family name changes for a woman: "" (unchanged), "slavic_ski" (-ski -> -ska),
  // "slavic_ov" (-ov/-ev/-in -> +a).
  std::string feminine_family_rule;
};

class NamePools {
 public:
  static const NamePools& Get();

  const std::vector<Country>& countries() const { return countries_; }
  // The index of the country with this ISO alpha-2 code, or nullopt.
  std::optional<std::size_t> IndexOf(std::string_view code) const;

  // The family name as the person carries it, given gender (Polish, Bulgarian and
  // Ukrainian surnames take a feminine form).
  std::string FamilyNameFor(std::size_t country, std::size_t family, bool female) const;

  // A common nickname or short form of a given name, or nullopt if none is known.
  std::optional<std::string> NicknameOf(std::string_view given, Rng& rng) const;

  // Another spelling of a name as it is written in a different transliteration or
  // without diacritics; nullopt if no variant applies.
  std::optional<std::string> TransliterationOf(std::string_view name, Rng& rng) const;

 private:
  NamePools();
  std::vector<Country> countries_;
};

// The name with diacritics folded to ASCII letters (e.g. "Wiśniewski" -> "Wisniewski").
std::string FoldDiacritics(std::string_view name);

// Splits UTF-8 text into its code points, each as its own byte string.
std::vector<std::string> SplitCodePoints(std::string_view text);

}  // namespace zicht::simulate
