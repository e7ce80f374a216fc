#include "zicht/link/link_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <array>
#include <fstream>
#include <sstream>
#include <utility>

#include "zicht/core/toml_file.hpp"

namespace zicht::link {

namespace {

constexpr std::array<std::pair<BlockingRuleKind, std::string_view>, 8> kRuleNames = {{
    {BlockingRuleKind::kDateOfBirth, "date_of_birth"},
    {BlockingRuleKind::kPersonalId, "personal_id"},
    {BlockingRuleKind::kPhone, "phone"},
    {BlockingRuleKind::kEmail, "email"},
    {BlockingRuleKind::kFullName, "full_name"},
    {BlockingRuleKind::kNameToken, "name_token"},
    {BlockingRuleKind::kBirthYearGenderToken, "birth_year_gender_token"},
    {BlockingRuleKind::kNameLsh, "name_lsh"},
}};

constexpr std::array<std::pair<ComparisonKind, std::string_view>, 13> kComparisonNames = {{
    {ComparisonKind::kGivenName, "given_name"},
    {ComparisonKind::kFamilyName, "family_name"},
    {ComparisonKind::kDateOfBirth, "date_of_birth"},
    {ComparisonKind::kBirthYear, "birth_year"},
    {ComparisonKind::kPersonalId, "personal_id"},
    {ComparisonKind::kPhone, "phone"},
    {ComparisonKind::kEmail, "email"},
    {ComparisonKind::kGender, "gender"},
    {ComparisonKind::kNationality, "nationality"},
    {ComparisonKind::kSector, "sector"},
    {ComparisonKind::kExploitationForm, "exploitation_form"},
    {ComparisonKind::kDomestic, "domestic"},
    {ComparisonKind::kRegistrationDate, "registration_date"},
}};

template <typename Kind, std::size_t N>
std::string Choices(const std::array<std::pair<Kind, std::string_view>, N>& names) {
  std::string out;
  for (const auto& [kind, name] : names) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

Status KeyError(const std::string& origin, const std::string& key, std::string_view rule) {
  return Status::ConfigError(fmt::format("{}: {}: {}", origin, key, rule));
}

// Reads a list of names into kinds; an unknown name is an error listing the known ones.
template <typename Kind, std::size_t N, typename Item>
Status ReadNames(const toml::node& node, const std::string& origin, const std::string& key,
                 const std::array<std::pair<Kind, std::string_view>, N>& names,
                 std::vector<Item>& out) {
  const toml::array* list = node.as_array();
  if (list == nullptr || list->empty()) {
    return KeyError(origin, key, fmt::format("must be a non-empty list of: {}", Choices(names)));
  }
  out.clear();
  for (const auto& element : *list) {
    const auto value = element.value<std::string>();
    for (const Item& earlier : out) {
      if (value && earlier.name == *value) {
        return KeyError(origin, key, fmt::format("lists {} twice", *value));
      }
    }
    bool found = false;
    for (const auto& [kind, name] : names) {
      if (value && *value == name) {
        out.push_back(Item{kind, std::string(name)});
        found = true;
      }
    }
    if (!found) {
      return KeyError(origin, key, fmt::format("each entry must be one of: {}", Choices(names)));
    }
  }
  return Status::Ok();
}

template <typename T>
Status ReadNumber(const toml::node& node, const std::string& origin, const std::string& key, T low,
                  T high, T& out) {
  // Checked in the type TOML gives, before narrowing, so a huge value cannot wrap into range.
  bool in_range = false;
  if constexpr (std::is_floating_point_v<T>) {
    if (auto d = node.value<double>(); d && !node.is_boolean()) {
      in_range = *d >= static_cast<double>(low) && *d <= static_cast<double>(high);
      if (in_range) out = static_cast<T>(*d);
    }
  } else {
    if (auto i = node.value<std::int64_t>(); i && node.is_integer()) {
      in_range = *i >= static_cast<std::int64_t>(low) && *i <= static_cast<std::int64_t>(high);
      if (in_range) out = static_cast<T>(*i);
    }
  }
  if (!in_range) {
    return KeyError(origin, key, fmt::format("must be a number from {} to {}", low, high));
  }
  return Status::Ok();
}

Status ReadBool(const toml::node& node, const std::string& origin, const std::string& key,
                bool& out) {
  const auto value = node.value<bool>();
  if (!value || !node.is_boolean()) return KeyError(origin, key, "must be true or false");
  out = *value;
  return Status::Ok();
}

Status ReadBlocking(const toml::table& table, const std::string& origin, LinkConfig& config) {
  for (const auto& [k, node] : table) {
    const std::string key = "blocking." + std::string(k.str());
    if (k == "rules") {
      ZICHT_RETURN_IF_ERROR(ReadNames(node, origin, key, kRuleNames, config.blocking_rules));
    } else if (k == "max_comparisons_per_rule") {
      ZICHT_RETURN_IF_ERROR(ReadNumber<std::int64_t>(node, origin, key, 1, INT64_MAX,
                                                     config.max_comparisons_per_rule));
    } else if (k == "max_block_size") {
      ZICHT_RETURN_IF_ERROR(
          ReadNumber<std::int64_t>(node, origin, key, 2, INT64_MAX, config.max_block_size));
    } else if (k == "lsh_bands") {
      ZICHT_RETURN_IF_ERROR(ReadNumber(node, origin, key, 1, 64, config.lsh_bands));
    } else if (k == "lsh_rows") {
      ZICHT_RETURN_IF_ERROR(ReadNumber(node, origin, key, 1, 16, config.lsh_rows));
    } else {
      return KeyError(origin, key, "is not a setting of [blocking]");
    }
  }
  return Status::Ok();
}

Status ReadComparisons(const toml::table& table, const std::string& origin, LinkConfig& config) {
  for (const auto& [k, node] : table) {
    const std::string key = "comparisons." + std::string(k.str());
    if (k == "use") {
      ZICHT_RETURN_IF_ERROR(ReadNames(node, origin, key, kComparisonNames, config.comparisons));
    } else if (k == "name_dice_thresholds") {
      const toml::array* list = node.as_array();
      const std::string rule = "must be a non-empty list of descending numbers in (0, 1]";
      if (list == nullptr || list->empty() || list->size() > 6) return KeyError(origin, key, rule);
      config.name_dice_thresholds.clear();
      for (const auto& element : *list) {
        const auto value = element.value<double>();
        if (!value || *value <= 0 || *value > 1 ||
            (!config.name_dice_thresholds.empty() &&
             *value >= config.name_dice_thresholds.back())) {
          return KeyError(origin, key, rule);
        }
        config.name_dice_thresholds.push_back(*value);
      }
    } else if (k == "term_frequency") {
      ZICHT_RETURN_IF_ERROR(ReadBool(node, origin, key, config.term_frequency));
    } else {
      return KeyError(origin, key, "is not a setting of [comparisons]");
    }
  }
  return Status::Ok();
}

Status ReadModel(const toml::table& table, const std::string& origin, LinkConfig& config) {
  for (const auto& [k, node] : table) {
    const std::string key = "model." + std::string(k.str());
    if (k == "u_sample_pairs") {
      ZICHT_RETURN_IF_ERROR(
          ReadNumber<std::int64_t>(node, origin, key, 1000, 1'000'000'000, config.u_sample_pairs));
    } else if (k == "seed") {
      std::int64_t seed = 0;
      ZICHT_RETURN_IF_ERROR(ReadNumber<std::int64_t>(node, origin, key, 0, INT64_MAX, seed));
      config.seed = static_cast<std::uint64_t>(seed);
    } else if (k == "max_em_iterations") {
      ZICHT_RETURN_IF_ERROR(ReadNumber(node, origin, key, 1, 100000, config.max_em_iterations));
    } else if (k == "em_tolerance") {
      ZICHT_RETURN_IF_ERROR(ReadNumber(node, origin, key, 1e-15, 0.1, config.em_tolerance));
    } else {
      return KeyError(origin, key, "is not a setting of [model]");
    }
  }
  return Status::Ok();
}

Status ReadClusters(const toml::table& table, const std::string& origin, LinkConfig& config) {
  for (const auto& [k, node] : table) {
    const std::string key = "clusters." + std::string(k.str());
    if (k == "threshold") {
      ZICHT_RETURN_IF_ERROR(ReadNumber(node, origin, key, 1e-9, 1.0 - 1e-12, config.threshold));
    } else if (k == "guard_personal_id") {
      if (node.is_string() && node.value<std::string>() == "auto") {
        config.guard_personal_id = PersonalIdGuard::kAuto;
      } else if (node.is_boolean()) {
        config.guard_personal_id =
            *node.value<bool>() ? PersonalIdGuard::kOn : PersonalIdGuard::kOff;
      } else {
        return KeyError(origin, key, "must be true, false or \"auto\"");
      }
    } else if (k == "max_cluster_size") {
      ZICHT_RETURN_IF_ERROR(ReadNumber(node, origin, key, 2, 1'000'000, config.max_cluster_size));
    } else if (k == "conflict_weight") {
      ZICHT_RETURN_IF_ERROR(ReadNumber(node, origin, key, -100.0, 0.0, config.conflict_weight));
    } else if (k == "min_mean_weight") {
      ZICHT_RETURN_IF_ERROR(ReadNumber(node, origin, key, -100.0, 100.0, config.min_mean_weight));
    } else if (k == "keep_pairs_above_weight") {
      ZICHT_RETURN_IF_ERROR(
          ReadNumber(node, origin, key, -100.0, 100.0, config.keep_pairs_above_weight));
    } else {
      return KeyError(origin, key, "is not a setting of [clusters]");
    }
  }
  return Status::Ok();
}

Status ReadSources(const toml::table& table, const std::string& origin, LinkConfig& config) {
  for (const auto& [k, node] : table) {
    const std::string key = "sources." + std::string(k.str());
    std::vector<std::string>* names = nullptr;
    if (k == "deduplicated") names = &config.deduplicated_sources;
    if (k == "validated_personal_id") names = &config.validated_personal_id_sources;
    if (names == nullptr) return KeyError(origin, key, "is not a setting of [sources]");
    const toml::array* list = node.as_array();
    const std::string rule = "must be a list of at most 64 different source names";
    if (list == nullptr || list->size() > 64) return KeyError(origin, key, rule);
    names->clear();
    for (const auto& element : *list) {
      const auto name = element.value<std::string>();
      if (!name || name->empty() ||
          std::find(names->begin(), names->end(), *name) != names->end()) {
        return KeyError(origin, key, rule);
      }
      names->push_back(*name);
    }
  }
  return Status::Ok();
}

}  // namespace

std::string_view NameOf(BlockingRuleKind kind) {
  for (const auto& [k, name] : kRuleNames) {
    if (k == kind) return name;
  }
  return "?";
}

std::string_view NameOf(ComparisonKind kind) {
  for (const auto& [k, name] : kComparisonNames) {
    if (k == kind) return name;
  }
  return "?";
}

LinkConfig DefaultLinkConfig() {
  LinkConfig config;
  for (BlockingRuleKind kind :
       {BlockingRuleKind::kDateOfBirth, BlockingRuleKind::kPersonalId, BlockingRuleKind::kPhone,
        BlockingRuleKind::kEmail, BlockingRuleKind::kFullName,
        BlockingRuleKind::kBirthYearGenderToken, BlockingRuleKind::kNameLsh}) {
    config.blocking_rules.push_back({kind, std::string(NameOf(kind))});
  }
  for (const auto& [kind, name] : kComparisonNames) {
    config.comparisons.push_back({kind, std::string(name)});
  }
  return config;
}

Result<LinkConfig> ParseLinkConfig(std::string_view toml_text, const std::string& origin) {
  auto parsed = ParseToml(toml_text, origin);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  LinkConfig config = DefaultLinkConfig();
  for (const auto& [k, node] : root) {
    const std::string key(k.str());
    const toml::table* table = node.as_table();
    if (table == nullptr) return KeyError(origin, key, "must be a [section]");
    if (key == "blocking") {
      ZICHT_RETURN_IF_ERROR(ReadBlocking(*table, origin, config));
    } else if (key == "comparisons") {
      ZICHT_RETURN_IF_ERROR(ReadComparisons(*table, origin, config));
    } else if (key == "model") {
      ZICHT_RETURN_IF_ERROR(ReadModel(*table, origin, config));
    } else if (key == "clusters") {
      ZICHT_RETURN_IF_ERROR(ReadClusters(*table, origin, config));
    } else if (key == "sources") {
      ZICHT_RETURN_IF_ERROR(ReadSources(*table, origin, config));
    } else {
      return KeyError(origin, key,
                      "is not a section of a link config (blocking, comparisons, model, clusters)");
    }
  }
  return config;
}

Result<LinkConfig> LoadLinkConfig(const std::string& path) {
  auto text = ReadConfigText(path, "link config");
  if (!text.ok()) return text.status();
  return ParseLinkConfig(*text, path);
}

}  // namespace zicht::link
