// Pseudonymisation at the door: turns a record's clear identifiers into keyed hashes
// (HMAC-SHA256, truncated to 128 bits) for exact comparison and field-level Bloom filters
// of name bigrams (Schnell, Bachteler and Reiher 2009) for approximate comparison. Every
// encoding has a key of its own, derived from the PseudonymKey; docs/privacy.md says what
// is encoded how and what the encodings reveal.
//
// Thread safety: an IdentifierEncoder caches bigram hash positions; use one per thread.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "zicht/core/date.hpp"
#include "zicht/core/record.hpp"
#include "zicht/core/status.hpp"
#include "zicht/privacy/key.hpp"
#include "zicht/privacy/name_variants.hpp"

namespace zicht::privacy {

struct BloomOptions {
  int bits = 1024;          // filter length; a multiple of 64 (16 words by default)
  int hash_functions = 20;  // positions set per bigram; see docs/privacy.md for the choice
  // Explains what is wrong, or Ok: bits in 64..65536 and a multiple of 64, hash functions
  // in 1..256.
  Status Validate() const;
};

// The identifiers of one record in clear. They live only in memory, inside ingest.
struct ClearIdentifiers {
  std::string given_name;
  std::string family_name;
  std::optional<Date> date_of_birth;
  std::string personal_id;
  std::string phone;
  std::string email;
};

// The version of the identifier encoding: what IdentifierEncoder::Encode writes for given
// clear identifiers, key and BloomOptions. It must be raised whenever that changes
// (normalisation, tokens, purposes and their keys, what goes into a filter and how its
// positions are drawn): records can only be linked with records encoded alike, and the
// clear identifiers are not kept to encode a store's records again. A store records it,
// with the name-variant lexicon's NameVariants::Sha256(), and ingest refuses to add records
// of another encoding (docs/privacy.md, "One encoding per store").
//   1: the first release (no version was recorded).
//   2: family-name filters without particles; keyed hashes of given-name variant groups.
inline constexpr int kEncodingVersion = 2;

// Which name a Bloom filter encodes; each has its own key, so filters of different fields
// cannot be compared with each other.
enum class NameField { kGiven, kFamily };

// The purposes of the keyed hashes (each hashed under Derive("hmac/" + purpose)).
inline constexpr std::string_view kPurposeNameToken = "name_token";      // given and family tokens
inline constexpr std::string_view kPurposeNameVariant = "name_variant";  // variant group ids
inline constexpr std::string_view kPurposeFullName = "full_name";
inline constexpr std::string_view kPurposeDateOfBirth = "dob";  // also the swapped date
inline constexpr std::string_view kPurposePersonalId = "personal_id";
inline constexpr std::string_view kPurposePhone = "phone";
inline constexpr std::string_view kPurposeEmail = "email";

class IdentifierEncoder {
 public:
  // `options` must Validate(); an invalid one is a programmer error and throws
  // std::invalid_argument with Validate()'s message. `variants` is the lexicon of given-name
  // variants, by default the built-in one; the encoder keeps a reference, so another
  // lexicon must outlive it.
  IdentifierEncoder(const PseudonymKey& key, BloomOptions options,
                    const NameVariants& variants = NameVariants::Default());
  ~IdentifierEncoder();
  IdentifierEncoder(IdentifierEncoder&&) noexcept;
  IdentifierEncoder& operator=(IdentifierEncoder&&) noexcept;

  // Normalises and encodes. Missing (empty) identifiers give empty encodings:
  //  - given/family_name_tokens: the keyed hash ("name_token") of each distinct token, in
  //    order of first appearance; given and family tokens share the key, so a token can be
  //    matched across the two fields when a source swapped them;
  //  - given_name_variants: the keyed hash ("name_variant") of the id of each distinct
  //    variant group (NameVariants::GroupsOf) that any given-name token belongs to, sorted
  //    by value; empty when no token is in the lexicon;
  //  - full_name: all tokens of both names, sorted and joined by one space, so that swapped
  //    given and family names still agree; set when either name has a token;
  //  - date_of_birth: the ISO date ("dob"); date_of_birth_swapped: the ISO date with day and
  //    month exchanged, under the same key, set only when that is a valid, different date;
  //    dob_month_day, dob_year_month, dob_year_day: two of the three parts ("--MM-DD",
  //    "YYYY-MM", "YYYY---DD") under the same key, for a date wrong in one part;
  //  - personal_id, phone, email: after NormaliseIdNumber/NormalisePhone/NormaliseEmail;
  //  - given/family_name_bloom: NameBloom of each name; empty when the name has no token.
  //    The family name's filter leaves out its particles ("van", "de", "al", ...: see
  //    WithoutNameParticles) when another token remains, so that "van der berg", "van den
  //    berg" and "berg" share a filter and "de wit" / "de jong" get no credit for "de".
  IdentifierEncodings Encode(const ClearIdentifiers& clear);

  // The keyed hash of one already-normalised value for a purpose (kPurposeNameToken, ...):
  // HMAC-SHA256 under Derive("hmac/" + purpose), truncated to 16 bytes. Exposed for tests
  // and for term-frequency tables. Purposes other than the kPurpose* ones work too, but
  // derive their key on every call.
  Digest KeyedHash(std::string_view purpose, std::string_view value) const;

  // The Bloom filter of a normalised name's padded bigrams ("ana" -> "_a", "an", "na",
  // "a_"; each token of "van der berg" padded on its own), with the positions of each
  // bigram drawn by HMAC under Derive("bloom/given") or Derive("bloom/family"). Empty when
  // the name has no token. Every token counts: Encode() takes the particles out of a family
  // name before it builds the filter, this function does not.
  BloomBits NameBloom(NameField field, std::string_view normalised_name);
  // NameBloom(NameField::kFamily, normalised_name).
  BloomBits NameBloom(std::string_view normalised_name);

  const BloomOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Dice coefficient 2|A and B| / (|A| + |B|) of two filters of equal length, by 64-bit
// population counts; 0 if both are empty (all zero) or their lengths differ (as when one
// name is missing).
double DiceCoefficient(const BloomBits& a, const BloomBits& b);

}  // namespace zicht::privacy
