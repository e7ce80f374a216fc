// Which reporting sources make up which list of a multiple systems estimate, as read from a
// lists.toml (see docs/methods.md, "From the linked database"):
//
//   exclude = ["online_chat"]        # optional: sources deliberately left out
//
//   [lists]
//   police = ["police", "border_police"]   # list name = sources, as given to zicht ingest
//   care = ["care_provider", "shelter_reception"]
//   other = ["labour_inspectorate", "guardianship", "other"]
//
// Lists keep the order of the file. A list name is what the estimate's models call it
// (`--model "police:care"`), so it is letters, digits, '_' and '-'.
//
// Thread safety: plain values; parsing is reentrant.
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::estimate {

struct ListDefinition {
  std::string name;
  std::vector<std::string> sources;  // non-empty
};

struct ListsConfig {
  std::vector<ListDefinition> lists;  // 2 to 16, in the order of the file
  std::vector<std::string> excluded;  // sources left out on purpose

  std::vector<std::string> names() const;
  // The index of the list holding `source`, or -1 (also for an excluded source).
  int ListOf(std::string_view source) const;
  bool Excludes(std::string_view source) const;
};

// Parses TOML text; `origin` names the file in errors ("origin: key: rule", or
// "origin:line:column: ..." for TOML syntax). Errors: ConfigError for a missing [lists]
// table, fewer than 2 or more than 16 lists, a bad list name, a list that is not a non-empty
// list of source names, a source in two lists (or in a list and in `exclude`), an unknown
// key.
Result<ListsConfig> ParseListsConfig(std::string_view toml_text, const std::string& origin);
// Errors: NotFound when the file cannot be read, and those of ParseListsConfig.
Result<ListsConfig> LoadListsConfig(const std::string& path);

// Without a lists file: every source is its own list, named after it, in the order given.
ListsConfig OneListPerSource(const std::vector<std::string>& sources);

// Checks a config against the sources that hold records. A source in no list and not
// excluded is an error (ConfigError, `origin` naming the file) that names every such
// source; returns warnings for listed sources that hold no records.
Result<std::vector<std::string>> CheckListsAgainstSources(const ListsConfig& config,
                                                          const std::vector<std::string>& sources,
                                                          const std::string& origin);

}  // namespace zicht::estimate
