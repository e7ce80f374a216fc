// The data dictionary's categories, loaded from config/vocabulary.toml: exploitation
// forms; sectors and their visibility; gender; domestic or cross-border; nationalities;
// kinds of reporting source; age groups and the age of majority. A country changes the
// file, not the code. The default file is compiled into the program.
//
// Thread safety: immutable after loading; share freely.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/fields.hpp"
#include "zicht/core/status.hpp"

namespace zicht {

struct Category {
  std::string name;      // the canonical value, e.g. "escort_hotel"
  std::string label_en;  // for reports
  std::string label_nl;
  std::string visibility;  // sectors only: "visible" or "less_visible"
};

struct AgeGroup {
  std::string name;  // e.g. "15-17"
  int min_age = 0;   // inclusive
  int max_age = 0;   // inclusive
};

class Vocabulary {
 public:
  // The vocabulary compiled into the program (config/vocabulary.toml at build time).
  static const Vocabulary& Default();

  // Parses TOML text; `origin` names the file in errors ("origin: key: rule").
  static Result<Vocabulary> Parse(std::string_view toml_text, std::string origin);
  static Result<Vocabulary> LoadFile(const std::string& path);

  // The categories of a category field (gender, nationality, exploitation_form, sector,
  // domestic); empty for other fields.
  const std::vector<Category>& CategoriesOf(Field field) const;
  const Category* Find(Field field, std::string_view value) const;
  bool Contains(Field field, std::string_view value) const { return Find(field, value) != nullptr; }

  const std::vector<Category>& source_kinds() const { return source_kinds_; }
  const Category* FindSourceKind(std::string_view name) const;
  const std::vector<Category>& visibilities() const { return visibilities_; }
  const std::vector<AgeGroup>& age_groups() const { return age_groups_; }
  // "visible", "less_visible", or "" for a sector that is not in the vocabulary.
  std::string VisibilityOf(std::string_view sector) const;
  // The age group containing `age`, or "" if none does.
  std::string AgeGroupOf(int age) const;

  int age_of_majority() const { return age_of_majority_; }      // minor: age below this
  int young_minor_below() const { return young_minor_below_; }  // "under-15s": below this
  int max_plausible_age() const { return max_plausible_age_; }
  // The value that means "not known" in every category field.
  static constexpr std::string_view kUnknown = "unknown";

 private:
  std::map<Field, std::vector<Category>> categories_;
  std::vector<Category> source_kinds_;
  std::vector<Category> visibilities_;
  std::vector<AgeGroup> age_groups_;
  int age_of_majority_ = 18;
  int young_minor_below_ = 15;
  int max_plausible_age_ = 100;
};

}  // namespace zicht
