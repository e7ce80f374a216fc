#include "zicht/estimate/lists_config.hpp"

#include <fmt/format.h>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <tuple>

#include "zicht/core/toml_file.hpp"

namespace zicht::estimate {
namespace {

constexpr std::size_t kMaxLists = 16;

Status KeyError(const std::string& origin, std::string_view key, std::string_view rule) {
  return Status::ConfigError(fmt::format("{}: {}: {}", origin, key, rule));
}

bool ValidListName(std::string_view name) {
  return !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
           c == '-';
  });
}

// Reads a non-empty array of non-empty strings.
Status ReadSources(const toml::node& node, const std::string& origin, const std::string& key,
                   std::vector<std::string>& out) {
  const toml::array* array = node.as_array();
  const std::string_view rule = "must be a non-empty list of source names, e.g. [\"police\"]";
  if (array == nullptr || array->empty()) return KeyError(origin, key, rule);
  for (const toml::node& element : *array) {
    const auto value = element.value<std::string>();
    if (!element.is_string() || !value || value->empty()) return KeyError(origin, key, rule);
    if (std::find(out.begin(), out.end(), *value) != out.end()) {
      return KeyError(origin, key, fmt::format("names source `{}` twice", *value));
    }
    out.push_back(*value);
  }
  return Status::Ok();
}

}  // namespace

std::vector<std::string> ListsConfig::names() const {
  std::vector<std::string> out;
  for (const ListDefinition& list : lists) out.push_back(list.name);
  return out;
}

int ListsConfig::ListOf(std::string_view source) const {
  for (std::size_t i = 0; i < lists.size(); ++i) {
    const auto& sources = lists[i].sources;
    if (std::find(sources.begin(), sources.end(), source) != sources.end()) {
      return static_cast<int>(i);
    }
  }
  return -1;
}

bool ListsConfig::Excludes(std::string_view source) const {
  return std::find(excluded.begin(), excluded.end(), source) != excluded.end();
}

Result<ListsConfig> ParseListsConfig(std::string_view toml_text, const std::string& origin) {
  auto parsed = ParseToml(toml_text, origin);
  if (!parsed.ok()) return parsed.status();
  const toml::table& root = *parsed;
  ListsConfig config;
  for (const auto& [key, node] : root) {
    const std::string name(key.str());
    if (name == "exclude") {
      ZICHT_RETURN_IF_ERROR(ReadSources(node, origin, name, config.excluded));
    } else if (name != "lists") {
      return KeyError(origin, name,
                      "is not a setting of a lists file (it has `exclude` and the table [lists])");
    }
  }
  const toml::table* lists = root["lists"].as_table();
  if (lists == nullptr) {
    return KeyError(origin, "lists",
                    "the file needs a table [lists] of `name = [\"source\", ...]`, one line per "
                    "list");
  }
  // toml++ keeps keys sorted; the file's order is the order the analyst chose.
  std::vector<std::tuple<toml::source_position, std::string, const toml::node*>> entries;
  for (const auto& [key, node] : *lists) {
    entries.emplace_back(node.source().begin, std::string(key.str()), &node);
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    const auto& pa = std::get<0>(a);
    const auto& pb = std::get<0>(b);
    return std::tie(pa.line, pa.column) < std::tie(pb.line, pb.column);
  });
  for (const auto& [position, name, node] : entries) {
    const std::string key = "lists." + name;
    if (!ValidListName(name)) {
      return KeyError(origin, key, "a list name is letters, digits, '_' and '-'");
    }
    ListDefinition list;
    list.name = name;
    ZICHT_RETURN_IF_ERROR(ReadSources(*node, origin, key, list.sources));
    for (const std::string& source : list.sources) {
      const int earlier = config.ListOf(source);
      if (earlier >= 0) {
        return KeyError(origin, key,
                        fmt::format("source `{}` is already in list `{}`; a source belongs to "
                                    "one list",
                                    source, config.lists[static_cast<std::size_t>(earlier)].name));
      }
      if (config.Excludes(source)) {
        return KeyError(origin, key, fmt::format("source `{}` is also in `exclude`", source));
      }
    }
    config.lists.push_back(std::move(list));
  }
  if (config.lists.size() < 2 || config.lists.size() > kMaxLists) {
    return KeyError(origin, "lists",
                    fmt::format("multiple systems estimation needs 2 to {} lists; the file has {}",
                                kMaxLists, config.lists.size()));
  }
  return config;
}

Result<ListsConfig> LoadListsConfig(const std::string& path) {
  auto text = ReadConfigText(path, "lists file");
  if (!text.ok()) return text.status();
  return ParseListsConfig(*text, path);
}

ListsConfig OneListPerSource(const std::vector<std::string>& sources) {
  ListsConfig config;
  for (const std::string& source : sources) config.lists.push_back({source, {source}});
  return config;
}

Result<std::vector<std::string>> CheckListsAgainstSources(const ListsConfig& config,
                                                          const std::vector<std::string>& sources,
                                                          const std::string& origin) {
  std::vector<std::string> unnamed;
  for (const std::string& source : sources) {
    if (config.ListOf(source) < 0 && !config.Excludes(source)) unnamed.push_back(source);
  }
  if (!unnamed.empty()) {
    return KeyError(
        origin, "lists",
        fmt::format("the store holds records of {} {} that no list names: {}; add {} to a "
                    "list, or to `exclude` to leave {} out",
                    unnamed.size(), unnamed.size() == 1 ? "source" : "sources",
                    fmt::join(unnamed, ", "), unnamed.size() == 1 ? "it" : "each",
                    unnamed.size() == 1 ? "it" : "them"));
  }
  std::vector<std::string> warnings;
  for (const ListDefinition& list : config.lists) {
    for (const std::string& source : list.sources) {
      if (std::find(sources.begin(), sources.end(), source) == sources.end()) {
        warnings.push_back(
            fmt::format("list {}: source `{}` has no records in the store", list.name, source));
      }
    }
  }
  return warnings;
}

}  // namespace zicht::estimate
