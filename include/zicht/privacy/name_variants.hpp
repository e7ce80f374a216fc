// The name-variant lexicon: groups of given names that are one name written differently
// (short forms and nicknames, spellings in other transliterations and scripts), read from
// config/name_variants.toml, which is compiled into the program as the default. The
// encoder hashes the groups a record's given-name tokens belong to, so that "Kasia" and
// "Katarzyna" agree on a variant hash although their token hashes and Bloom filters do not.
// docs/privacy.md says what the hashes reveal.
//
// Thread safety: immutable after parsing; share freely.
#pragma once

#include <cstddef>
#include <functional>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::privacy {

class NameVariants {
 public:
  // The lexicon compiled into the program (config/name_variants.toml at build time),
  // parsed on first use. A built-in file that does not parse is a build defect (the tests
  // parse it) and aborts with the parser's message.
  static const NameVariants& Default();

  // Parses TOML text: `groups = ["Elisabeth, Lisa, Els", ...]` and an optional
  // `version = 1`. Each member is normalised with NormaliseName; a group's id is its first
  // member normalised. Errors: ConfigError "<origin>:<line>:<column>: ..." for bad TOML, and
  // "<origin>: groups[<i>] \"<group as written>\": <rule>" when a member normalises to no
  // token or to several, two members normalise alike, the group has fewer than two members,
  // or its first member is the first member of an earlier group; "<origin>: <key>: <rule>"
  // for a missing `groups`, a `groups` entry that is not a string, an unknown key or another
  // version.
  static Result<NameVariants> Parse(std::string_view toml_text, const std::string& origin);
  // Parse() of a file's text; NotFound when it cannot be opened.
  static Result<NameVariants> LoadFile(const std::string& path);

  // The ids of the groups a normalised token belongs to, sorted and distinct; empty when it
  // is in no group. The token must be normalised (NormaliseName, one token of NameTokens).
  const std::vector<std::string>& GroupsOf(std::string_view normalised_token) const;

  // Each group's normalised members in the order written, its id first.
  const std::vector<std::vector<std::string>>& groups() const { return groups_; }
  std::size_t group_count() const { return groups_.size(); }
  // Members summed over the groups (a name in two groups counts twice).
  std::size_t member_count() const;

  // The SHA-256, in lower-case hex, of what the encoder reads from the lexicon: every name
  // with the ids of its groups (GroupsOf), in byte order of the names. Comments, layout and
  // the order of the groups and of the names after a group's id do not change it; adding or
  // removing a name, or another id for a group, does. A store records it with
  // kEncodingVersion (encoder.hpp), so that records encoded with another lexicon are not
  // mixed into it.
  std::string Sha256() const;

 private:
  std::vector<std::vector<std::string>> groups_;
  std::map<std::string, std::vector<std::string>, std::less<>> groups_of_;  // token -> ids
};

}  // namespace zicht::privacy
