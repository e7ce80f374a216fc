#include "zicht/privacy/name_variants.hpp"

#include <fmt/format.h>
#include <openssl/evp.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <utility>

#include "zicht/core/toml_file.hpp"
#include "zicht/privacy/normalise.hpp"

namespace zicht::privacy {
namespace {

// config/name_variants.toml as it was at build time.
constexpr std::string_view kDefaultText =
#include "name_variants_default.inc"
    ;

constexpr std::string_view kGroupsRule =
    "must be a list of strings, each a group of names separated by commas, such as "
    "\"Elisabeth, Lisa, Els\"";

Status KeyError(const std::string& origin, std::string_view key, std::string_view rule) {
  return Status::ConfigError(fmt::format("{}: {}: {}", origin, key, rule));
}

std::string_view Trim(std::string_view text) {
  const auto first = text.find_first_not_of(" \t\r\n");
  if (first == std::string_view::npos) return {};
  const auto last = text.find_last_not_of(" \t\r\n");
  return text.substr(first, last - first + 1);
}

std::vector<std::string_view> SplitMembers(std::string_view group) {
  std::vector<std::string_view> out;
  std::size_t start = 0;
  while (true) {
    const std::size_t comma = group.find(',', start);
    out.push_back(Trim(group.substr(start, comma - start)));
    if (comma == std::string_view::npos) return out;
    start = comma + 1;
  }
}

// The group's members normalised, in the order written; or a ConfigError whose message is
// the rule the group breaks.
Result<std::vector<std::string>> NormaliseGroup(std::string_view group) {
  std::vector<std::string> members;
  for (std::string_view name : SplitMembers(group)) {
    if (name.empty()) {
      return Status::ConfigError("has an empty name (two commas in a row, or one at an end)");
    }
    const auto tokens = NameTokens(NormaliseName(name));
    if (tokens.empty()) {
      return Status::ConfigError(fmt::format("\"{}\" has no letters or digits", name));
    }
    if (tokens.size() > 1) {
      return Status::ConfigError(
          fmt::format("\"{}\" is {} names after normalisation; a member is one name (write it "
                      "without spaces, hyphens or apostrophes)",
                      name, tokens.size()));
    }
    if (std::find(members.begin(), members.end(), tokens[0]) != members.end()) {
      return Status::ConfigError(
          fmt::format("\"{}\" normalises to \"{}\" as an earlier name of the group does; keep one",
                      name, tokens[0]));
    }
    members.push_back(tokens[0]);
  }
  if (members.size() < 2) {
    return Status::ConfigError("has one name; a group needs at least two");
  }
  return members;
}

Status CheckVersion(const toml::node& node, const std::string& origin) {
  if (node.value<std::int64_t>() != 1) {
    return KeyError(origin, "version", "must be 1 (the only version this program reads)");
  }
  return Status::Ok();
}

}  // namespace

Result<NameVariants> NameVariants::Parse(std::string_view toml_text, const std::string& origin) {
  auto root = ParseToml(toml_text, origin);
  if (!root.ok()) return root.status();
  const toml::array* list = nullptr;
  for (const auto& [key, node] : *root) {
    if (key.str() == "version") {
      ZICHT_RETURN_IF_ERROR(CheckVersion(node, origin));
    } else if (key.str() == "groups") {
      list = node.as_array();
      if (list == nullptr) return KeyError(origin, "groups", kGroupsRule);
    } else {
      return KeyError(origin, key.str(),
                      "is not a setting of a name variant file (version, groups)");
    }
  }
  if (list == nullptr) {
    return KeyError(origin, "groups", fmt::format("is missing; it {}", kGroupsRule));
  }

  NameVariants variants;
  std::map<std::string, std::size_t, std::less<>> first_of;  // id -> group index
  for (std::size_t i = 0; i < list->size(); ++i) {
    const auto text = (*list)[i].value<std::string>();
    if (!text) return KeyError(origin, fmt::format("groups[{}]", i), kGroupsRule);
    auto members = NormaliseGroup(*text);
    const auto fail = [&](std::string_view rule) {
      return Status::ConfigError(fmt::format("{}: groups[{}] \"{}\": {}", origin, i, *text, rule));
    };
    if (!members.ok()) return fail(members.status().message());
    const auto [earlier, fresh] = first_of.emplace(members->front(), i);
    if (!fresh) {
      return fail(fmt::format(
          "its first name \"{}\" is also the first name of groups[{}]; a group's first name is "
          "its id and must be its own",
          members->front(), earlier->second));
    }
    variants.groups_.push_back(std::move(members).value());
  }
  for (const auto& group : variants.groups_) {
    for (const std::string& member : group) variants.groups_of_[member].push_back(group.front());
  }
  for (auto& [token, ids] : variants.groups_of_) {
    std::sort(ids.begin(), ids.end());
    ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  }
  return variants;
}

Result<NameVariants> NameVariants::LoadFile(const std::string& path) {
  auto text = ReadConfigText(path, "name variant file");
  if (!text.ok()) return text.status();
  return Parse(*text, path);
}

const NameVariants& NameVariants::Default() {
  static const NameVariants variants = [] {
    auto parsed = Parse(kDefaultText, "config/name_variants.toml (built in)");
    if (!parsed.ok()) {
      // The file is checked by the tests; a broken built-in default is a build defect.
      std::cerr << "zicht: " << parsed.status().message() << "\n";
      std::abort();
    }
    return std::move(parsed).value();
  }();
  return variants;
}

const std::vector<std::string>& NameVariants::GroupsOf(std::string_view normalised_token) const {
  static const std::vector<std::string> kNone;
  const auto found = groups_of_.find(normalised_token);
  return found == groups_of_.end() ? kNone : found->second;
}

std::string NameVariants::Sha256() const {
  // Names and ids are single normalised tokens, which hold no space or line break, so this
  // text stands for the lexicon unambiguously.
  std::string text;
  for (const auto& [name, ids] : groups_of_) {
    text += name;
    for (const std::string& id : ids) text += ' ' + id;
    text += '\n';
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  if (EVP_Digest(text.data(), text.size(), digest, &length, EVP_sha256(), nullptr) != 1) {
    // As in key.cpp: OpenSSL failing on valid arguments is a broken installation.
    std::cerr << "zicht: OpenSSL failed in SHA-256; check the OpenSSL 3 installation\n";
    std::abort();
  }
  std::string hex;
  hex.reserve(2 * length);
  for (unsigned int i = 0; i < length; ++i) hex += fmt::format("{:02x}", digest[i]);
  return hex;
}

std::size_t NameVariants::member_count() const {
  std::size_t count = 0;
  for (const auto& group : groups_) count += group.size();
  return count;
}

}  // namespace zicht::privacy
