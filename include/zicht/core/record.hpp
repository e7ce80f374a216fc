// The canonical record as the store holds it: categories in clear for the statistics,
// identifiers only as their pseudonymised encodings (see zicht/privacy/).
//
// Thread safety: plain values.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "zicht/core/date.hpp"

namespace zicht {

// A keyed HMAC-SHA256, truncated to 128 bits: collision-free in practice for any register,
// and half the storage of the full digest.
using Digest = std::array<std::uint8_t, 16>;

// A field-level Bloom filter of name bigrams, as 64-bit words (bit i is word i/64, bit i%64).
using BloomBits = std::vector<std::uint64_t>;

// What is kept of a person's identifiers: nothing that can be read back.
struct IdentifierEncodings {
  std::vector<Digest> given_name_tokens;  // one keyed hash per normalised token
  // One keyed hash per name-variant group a given-name token is in (Kasia and Katarzyna
  // share one), sorted; empty when no token is in the lexicon.
  std::vector<Digest> given_name_variants;
  std::vector<Digest> family_name_tokens;
  std::optional<Digest> full_name;  // all tokens, sorted, joined
  std::optional<Digest> date_of_birth;
  std::optional<Digest> date_of_birth_swapped;  // day and month exchanged, for that typo
  // Two of the three parts, for a date wrong in one part (a year off by ten, a day typo).
  std::optional<Digest> dob_month_day;
  std::optional<Digest> dob_year_month;
  std::optional<Digest> dob_year_day;
  std::optional<Digest> personal_id;
  std::optional<Digest> phone;
  std::optional<Digest> email;
  BloomBits given_name_bloom;  // empty when the name is missing
  BloomBits family_name_bloom;
};

struct Record {
  std::int64_t record_id = 0;    // assigned by the store; 0 before the record is stored
  std::int64_t person_id = 0;    // the linked person; 0 until `zicht link` has run over it
  std::string source;            // the reporting organisation, as given to `zicht ingest --source`
  std::string source_record_id;  // the organisation's own id; not an identifier of the person
  Date registration_date;

  std::optional<int> birth_year;  // kept in clear for age statistics
  std::optional<int> age;         // completed years at registration
  std::optional<bool> minor;
  std::string gender;                           // vocabulary values; "unknown" when not given
  std::string nationality;                      // ISO 3166 alpha-2, or "unknown"
  std::vector<std::string> exploitation_forms;  // one or more; {"unknown"} when not given
  std::string sector;  // "unknown" when not given or not sexual exploitation
  std::string domestic;
  std::optional<bool> unaccompanied_minor;
  std::string municipality;
  std::string region;

  IdentifierEncodings identifiers;
};

}  // namespace zicht
