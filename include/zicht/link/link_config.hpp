// What `zicht link` does, as read from a link.toml (see docs/linkage.md): the blocking
// rules, the comparisons and their levels, the model's settings and the clustering
// threshold and guard. Every setting has a default, so no file is needed.
//
// Thread safety: plain values.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::link {

enum class BlockingRuleKind {
  kDateOfBirth,           // the keyed hash of the date of birth (and of it with day and month
                          // swapped, so that typo still meets)
  kPersonalId,            // the keyed hash of the personal id
  kPhone,                 // the keyed hash of the phone number
  kEmail,                 // the keyed hash of the email address
  kFullName,              // the keyed hash of all name tokens, sorted
  kNameToken,             // any name token (explodes on common names in large registers)
  kBirthYearGenderToken,  // birth year, gender and any one name token
  kNameLsh,               // MinHash bands over the set bits of the name Bloom filters
};

struct BlockingRule {
  BlockingRuleKind kind = BlockingRuleKind::kDateOfBirth;
  std::string name;  // as written in the config: "date_of_birth", ...
};

enum class ComparisonKind {
  kGivenName,
  kFamilyName,
  kDateOfBirth,
  kBirthYear,  // birth years where the two records do not both have a date (one has an age)
  kPersonalId,
  kPhone,
  kEmail,
  kGender,
  kNationality,
  kSector,            // the sector of sexual exploitation
  kExploitationForm,  // the forms of exploitation (a record may give several)
  kDomestic,          // domestic or cross-border
  kRegistrationDate,  // how far apart the two registrations are
};

struct ComparisonSpec {
  ComparisonKind kind = ComparisonKind::kGivenName;
  std::string name;
};

// Whether two different personal ids keep two records apart whatever else agrees.
enum class PersonalIdGuard {
  // As the fitted model says: on where the ids of one person rarely disagree (the fitted
  // m of "different" at most kIdsRarelyDisagree), off where they carry typos.
  kAuto,
  kOn,
  kOff,
};
// "Rarely": in at most one pair of records of one person in a hundred.
inline constexpr double kIdsRarelyDisagree = 0.01;

struct LinkConfig {
  // --- blocking ---
  std::vector<BlockingRule> blocking_rules;
  std::int64_t max_comparisons_per_rule = 200'000'000;  // a rule above it is skipped, with advice
  // A block larger than this (thousands of namesakes, a placeholder date) is left out of
  // its rule: its pairs would cost more than they tell, and other rules still meet them.
  std::int64_t max_block_size = 500;
  int lsh_bands = 12;  // MinHash bands of the name_lsh rule
  int lsh_rows = 4;    // MinHash values per band: more rows, fewer and closer candidates

  // --- comparisons ---
  std::vector<ComparisonSpec> comparisons;
  std::vector<double> name_dice_thresholds = {0.9, 0.8, 0.65};  // descending
  bool term_frequency = true;  // adjust exact name agreement by how common the name is

  // --- model ---
  std::int64_t u_sample_pairs = 2'000'000;  // random pairs for the u probabilities
  std::uint64_t seed = 20151231;
  int max_em_iterations = 200;
  double em_tolerance = 1e-7;  // largest change of any m or the prior

  // --- clustering ---
  // The match probability at which a pair links two records. The probability includes the
  // fitted prior, so 0.5 is the Bayes decision: link where a match is the likelier of the two.
  double threshold = 0.5;
  // Never join records with different personal ids: auto (by the fitted model), on, off.
  PersonalIdGuard guard_personal_id = PersonalIdGuard::kAuto;
  int max_cluster_size = 50;  // larger clusters are split at their weakest links
  // Two records whose own match weight is below this (bits) are never put into one person
  // through a chain of others; -100 turns the guard off.
  double conflict_weight = -10.0;
  // Two clusters are joined only if the pairs across them weigh at least this (bits) on
  // average: one ambiguous record (a given name and an age) that matches two persons does
  // not make them one; -100 turns the guard off.
  double min_mean_weight = 0.0;

  // --- what the user knows of the sources ---
  // Sources that hold each person at most once ([sources] deduplicated): their records are
  // never linked to each other, and a person holds at most one record of each.
  std::vector<std::string> deduplicated_sources;
  // Sources whose personal ids are validated at their desk or at ingest (a check digit,
  // as the Dutch citizen number's eleven-test: [sources] validated_personal_id). Two
  // different ids of such sources keep their records apart whatever the fitted model says,
  // since a validated id is not a typo.
  std::vector<std::string> validated_personal_id_sources;

  // --- stored pairs ---
  // Scored pairs kept for diagnostics, --explain and the estimate's linkage draws: down to
  // a match probability of 1 in 129 (2^-7 odds), so that a draw sees the uncertain pairs
  // below the threshold as well as above it.
  double keep_pairs_above_weight = -7.0;
};

// The default rules and comparisons: every comparison, and blocking on the date of birth,
// the personal id, the phone, the email, the full name, birth year with gender and a name
// token, and name LSH.
LinkConfig DefaultLinkConfig();

// Reads a link.toml; settings it does not give keep their defaults. Errors: NotFound,
// ConfigError naming the file and the key.
Result<LinkConfig> LoadLinkConfig(const std::string& path);
Result<LinkConfig> ParseLinkConfig(std::string_view toml_text, const std::string& origin);

// The names of the config, for messages and for storing alongside the model.
std::string_view NameOf(BlockingRuleKind kind);
std::string_view NameOf(ComparisonKind kind);

}  // namespace zicht::link
