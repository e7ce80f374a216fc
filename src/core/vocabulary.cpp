#include "zicht/core/vocabulary.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <cctype>
#include <fstream>
#include <set>
#include <sstream>

#include "zicht/core/toml_file.hpp"

namespace zicht {

namespace {

// The default vocabulary, config/vocabulary.toml as it was at build time.
constexpr std::string_view kDefaultVocabulary =
#include "vocabulary_default.inc"
    ;

constexpr std::string_view kCategoryTables[] = {"gender",     "domestic", "exploitation_form",
                                                "visibility", "sector",   "source_kind"};

Status KeyError(const std::string& origin, std::string_view key, std::string_view rule) {
  return Status::ConfigError(fmt::format("{}: {}: {}", origin, key, rule));
}

Result<std::vector<Category>> ReadCategories(const toml::table& root, std::string_view table_name,
                                             const std::string& origin) {
  const toml::array* list = root[table_name]["categories"].as_array();
  const std::string key = fmt::format("{}.categories", table_name);
  if (list == nullptr || list->empty()) {
    return KeyError(origin, key, "is missing or empty; it must be a list of categories");
  }
  std::vector<Category> categories;
  std::set<std::string> seen;
  for (size_t i = 0; i < list->size(); ++i) {
    const toml::table* entry = list->get(i)->as_table();
    const std::string where = fmt::format("{}[{}]", key, i);
    if (entry == nullptr) return KeyError(origin, where, "must be a table with a name");
    Category category;
    category.name = entry->get("name") ? entry->get("name")->value_or(std::string{}) : "";
    if (category.name.empty()) return KeyError(origin, where, "has no name");
    for (const char c : category.name) {
      if (!(std::islower(static_cast<unsigned char>(c)) ||
            std::isdigit(static_cast<unsigned char>(c)) || c == '_')) {
        return KeyError(
            origin, where,
            fmt::format("name '{}' must use lower-case letters, digits and _ only", category.name));
      }
    }
    if (!seen.insert(category.name).second) {
      return KeyError(origin, where, fmt::format("name '{}' appears twice", category.name));
    }
    category.label_en = (*entry)["en"].value_or(category.name);
    category.label_nl = (*entry)["nl"].value_or(category.label_en);
    category.visibility = (*entry)["visibility"].value_or(std::string{});
    categories.push_back(std::move(category));
  }
  return categories;
}

}  // namespace

const Vocabulary& Vocabulary::Default() {
  static const Vocabulary kDefault = [] {
    auto parsed = Parse(kDefaultVocabulary, "config/vocabulary.toml (built in)");
    if (!parsed.ok()) {
      // The built-in file is checked by the tests; reaching this is a build defect.
      throw std::logic_error(parsed.status().message());
    }
    return std::move(parsed).value();
  }();
  return kDefault;
}

Result<Vocabulary> Vocabulary::LoadFile(const std::string& path) {
  auto text = ReadConfigText(path, "vocabulary file");
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

Result<Vocabulary> Vocabulary::Parse(std::string_view toml_text, std::string origin) {
  auto parsed = ParseToml(toml_text, origin);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  if (root["version"].value_or(0) != 1) {
    return KeyError(origin, "version", "must be 1 (the only version this program reads)");
  }
  for (const auto& [key, value] : root) {
    const std::string_view name = key.str();
    const bool known = name == "version" || name == "ages" || name == "nationality" ||
                       std::find(std::begin(kCategoryTables), std::end(kCategoryTables), name) !=
                           std::end(kCategoryTables);
    if (!known) return KeyError(origin, name, "is not a section of the vocabulary");
  }

  Vocabulary vocabulary;
  const std::pair<std::string_view, Field> kFieldTables[] = {
      {"gender", Field::kGender},
      {"domestic", Field::kDomestic},
      {"exploitation_form", Field::kExploitationForm},
      {"sector", Field::kSector}};
  for (const auto& [table, field] : kFieldTables) {
    auto categories = ReadCategories(root, table, origin);
    if (!categories.ok()) return categories.status();
    if (std::none_of(categories->begin(), categories->end(),
                     [](const Category& c) { return c.name == kUnknown; })) {
      categories->push_back(Category{std::string(kUnknown), "Unknown", "Onbekend", ""});
    }
    vocabulary.categories_[field] = std::move(categories).value();
  }
  auto visibilities = ReadCategories(root, "visibility", origin);
  if (!visibilities.ok()) return visibilities.status();
  vocabulary.visibilities_ = std::move(visibilities).value();
  auto kinds = ReadCategories(root, "source_kind", origin);
  if (!kinds.ok()) return kinds.status();
  vocabulary.source_kinds_ = std::move(kinds).value();

  // Every sector but "unknown" must name a visibility that exists.
  for (const Category& sector : vocabulary.categories_[Field::kSector]) {
    if (sector.name == kUnknown) continue;
    const bool exists =
        std::any_of(vocabulary.visibilities_.begin(), vocabulary.visibilities_.end(),
                    [&](const Category& v) { return v.name == sector.visibility; });
    if (!exists) {
      return KeyError(origin, fmt::format("sector '{}'", sector.name),
                      "needs a visibility from [visibility]");
    }
  }

  // Nationalities: ISO 3166-1 alpha-2 codes separated by white space.
  const std::string codes = root["nationality"]["codes"].value_or(std::string{});
  std::istringstream code_stream(codes);
  std::vector<Category>& nationalities = vocabulary.categories_[Field::kNationality];
  for (std::string code; code_stream >> code;) {
    if (code.size() != 2 || !std::isupper(static_cast<unsigned char>(code[0])) ||
        !std::isupper(static_cast<unsigned char>(code[1]))) {
      return KeyError(origin, "nationality.codes",
                      fmt::format("'{}' is not a two-letter upper-case country code", code));
    }
    nationalities.push_back(Category{code, code, code, ""});
  }
  if (nationalities.empty()) return KeyError(origin, "nationality.codes", "is missing or empty");
  nationalities.push_back(Category{std::string(kUnknown), "Unknown", "Onbekend", ""});

  const toml::node_view ages = root["ages"];
  vocabulary.age_of_majority_ = ages["age_of_majority"].value_or(18);
  vocabulary.young_minor_below_ = ages["young_minor_below"].value_or(15);
  vocabulary.max_plausible_age_ = ages["max_plausible_age"].value_or(100);
  if (vocabulary.young_minor_below_ > vocabulary.age_of_majority_ ||
      vocabulary.age_of_majority_ > vocabulary.max_plausible_age_) {
    return KeyError(origin, "ages",
                    "needs young_minor_below <= age_of_majority <= max_plausible_age");
  }
  if (const toml::array* groups = ages["age_groups"].as_array()) {
    int expected_min = 0;
    for (size_t i = 0; i < groups->size(); ++i) {
      const toml::node_view group{groups->get(i)};
      AgeGroup age_group{group["name"].value_or(std::string{}), group["min"].value_or(-1),
                         group["max"].value_or(-1)};
      const std::string where = fmt::format("ages.age_groups[{}]", i);
      if (age_group.name.empty()) return KeyError(origin, where, "has no name");
      if (age_group.min_age != expected_min || age_group.max_age < age_group.min_age) {
        return KeyError(origin, where,
                        fmt::format("must start at age {} and end at or after its start, so that "
                                    "the groups cover every age without gaps",
                                    expected_min));
      }
      expected_min = age_group.max_age + 1;
      vocabulary.age_groups_.push_back(std::move(age_group));
    }
    if (expected_min <= vocabulary.max_plausible_age_) {
      return KeyError(origin, "ages.age_groups",
                      fmt::format("end at {}; they must reach max_plausible_age ({})",
                                  expected_min - 1, vocabulary.max_plausible_age_));
    }
  } else {
    return KeyError(origin, "ages.age_groups", "is missing");
  }
  return vocabulary;
}

const std::vector<Category>& Vocabulary::CategoriesOf(Field field) const {
  static const std::vector<Category> kNone;
  const auto it = categories_.find(field);
  return it == categories_.end() ? kNone : it->second;
}

const Category* Vocabulary::Find(Field field, std::string_view value) const {
  for (const Category& category : CategoriesOf(field)) {
    if (category.name == value) return &category;
  }
  return nullptr;
}

const Category* Vocabulary::FindSourceKind(std::string_view name) const {
  for (const Category& kind : source_kinds_) {
    if (kind.name == name) return &kind;
  }
  return nullptr;
}

std::string Vocabulary::VisibilityOf(std::string_view sector) const {
  const Category* category = Find(Field::kSector, sector);
  return category == nullptr ? std::string{} : category->visibility;
}

std::string Vocabulary::AgeGroupOf(int age) const {
  for (const AgeGroup& group : age_groups_) {
    if (age >= group.min_age && age <= group.max_age) return group.name;
  }
  return {};
}

}  // namespace zicht
