// Pseudonymisation at the door: turns a record's clear identifiers into keyed hashes
// (HMAC-SHA256, truncated to 128 bits) for exact comparison and field-level Bloom filters
// of name bigrams (Schnell, Bachteler and Reiher 2009) for approximate comparison.
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

namespace zicht::privacy {

struct BloomOptions {
  int bits = 1024;        // filter length; a multiple of 64
  int hash_functions = 20;  // positions set per bigram
  // Explains what is wrong, or Ok.
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

class IdentifierEncoder {
 public:
  IdentifierEncoder(const PseudonymKey& key, BloomOptions options);
  ~IdentifierEncoder();
  IdentifierEncoder(IdentifierEncoder&&) noexcept;
  IdentifierEncoder& operator=(IdentifierEncoder&&) noexcept;

  // Normalises and encodes. Missing (empty) identifiers give empty encodings.
  IdentifierEncodings Encode(const ClearIdentifiers& clear);

  // The keyed hash of one already-normalised value for a purpose ("name_token", "dob",
  // ...). Exposed for tests and for term-frequency tables.
  Digest KeyedHash(std::string_view purpose, std::string_view value) const;

  // The Bloom filter of a normalised name's bigrams (with padding: "_ana_").
  BloomBits NameBloom(std::string_view normalised_name);

  const BloomOptions& options() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// Dice coefficient 2|A and B| / (|A| + |B|) of two filters of equal length; 0 if both empty.
double DiceCoefficient(const BloomBits& a, const BloomBits& b);

}  // namespace zicht::privacy
