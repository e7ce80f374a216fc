// Reading the TOML files zicht is configured with (vocabulary, mappings, link settings,
// lists), with errors that name the file and, for a syntax error, its line and column.
// Header-only, so that only the stages that read TOML take on toml++.
//
// Thread safety: pure functions.
#pragma once

#include <fmt/format.h>
#include <toml++/toml.h>

#include <fstream>
#include <sstream>
#include <string>
#include <string_view>

#include "zicht/core/status.hpp"

namespace zicht {

// The whole file as text. Errors: NotFound "<path>: cannot open the <what>".
inline Result<std::string> ReadConfigText(const std::string& path, std::string_view what) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return Status::NotFound(fmt::format("{}: cannot open the {}", path, what));
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

// Parses TOML text. Errors: ConfigError "<origin>:<line>:<column>: <description>".
inline Result<toml::table> ParseToml(std::string_view text, const std::string& origin) {
  try {
    return toml::parse(text, origin);
  } catch (const toml::parse_error& error) {
    return Status::ConfigError(fmt::format("{}:{}:{}: {}", origin, error.source().begin.line,
                                           error.source().begin.column, error.description()));
  }
}

}  // namespace zicht
