// The pseudonymisation key: 256 random bits in a file of its own (mode 0600), from which
// every keyed hash and Bloom-filter key is derived with HKDF-SHA256 (RFC 5869), one
// derived key per purpose, so that no two encodings share a key.
//
// Thread safety: a PseudonymKey is immutable after loading; share it freely.
#pragma once

#include <array>
#include <cstdint>
#include <filesystem>
#include <string_view>

#include "zicht/core/status.hpp"

namespace zicht::privacy {

class PseudonymKey {
 public:
  static constexpr size_t kBytes = 32;

  // Creates a fresh key from the operating system's randomness and writes it to `path`
  // with mode 0600, created exclusively. Errors: AlreadyExists if the file exists (a key
  // is never overwritten: it would orphan every encoding made with it), IoError.
  static Result<PseudonymKey> CreateFile(const std::filesystem::path& path);

  // Reads a key written by CreateFile. Errors: NotFound, IoError (unreadable), ConfigError
  // (not a key file, or readable by others than its owner).
  static Result<PseudonymKey> LoadFile(const std::filesystem::path& path);

  // A key from given bytes, for tests and benchmarks.
  static PseudonymKey FromBytes(const std::array<std::uint8_t, kBytes>& bytes);

  // HKDF-SHA256 of the master key with `purpose` as the info string.
  std::array<std::uint8_t, kBytes> Derive(std::string_view purpose) const;

  // A short non-secret fingerprint (first 8 bytes of a derived key, hex), stored with
  // the data so a run with the wrong key is caught instead of silently linking nothing.
  std::string Fingerprint() const;

 private:
  std::array<std::uint8_t, kBytes> bytes_{};
};

// The key file to use: `explicit_path` if given, else $ZICHT_KEY_FILE, else the database
// path with its extension replaced by ".key".
std::filesystem::path ResolveKeyFile(const std::filesystem::path& db_path,
                                     const std::filesystem::path& explicit_path);

}  // namespace zicht::privacy
