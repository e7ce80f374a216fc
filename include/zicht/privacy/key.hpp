// The pseudonymisation key: 256 random bits in a file of its own (mode 0600), from which
// every keyed hash and Bloom-filter key is derived with HKDF-SHA256 (RFC 5869), one
// derived key per purpose, so that no two encodings share a key.
//
// Also the two primitives every encoding rests on, exposed so that they can be checked
// against their published test vectors: HMAC-SHA256 (RFC 2104, vectors in RFC 4231) and
// HKDF-SHA256 (RFC 5869).
//
// Thread safety: a PseudonymKey is immutable after loading; share it freely. An
// HmacSha256 is immutable after construction and Mac() may be called from several threads.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::privacy {

class PseudonymKey {
 public:
  static constexpr size_t kBytes = 32;

  // Creates a fresh key from the operating system's randomness and writes it to `path`
  // with mode 0600, created exclusively and flushed to disk. The file holds a comment line
  // (what it is, to keep it secret and backed up) and the key as 64 hexadecimal digits.
  // Errors: AlreadyExists if the file exists (a key is never overwritten: it would orphan
  // every encoding made with it), IoError.
  static Result<PseudonymKey> CreateFile(const std::filesystem::path& path);

  // Reads a key written by CreateFile. Errors: NotFound, IoError (unreadable), ConfigError
  // (not a key file, or readable or writable by others than its owner). Messages name the
  // file and the fix, never the key's bytes.
  static Result<PseudonymKey> LoadFile(const std::filesystem::path& path);

  // The demo's key: derived from the demo's seed alone, so that `zicht demo` gives the same
  // figures on every run. Anyone can compute it; it is NOT SECRET, and a store made with it
  // is marked as a demo store (kMetaKeyKind) so that an ingest into it warns.
  static PseudonymKey ForDemo(std::uint64_t seed);
  // Writes ForDemo(seed) like CreateFile does, with a comment that says it is not secret.
  // Errors: as CreateFile.
  static Result<PseudonymKey> CreateDemoFile(const std::filesystem::path& path, std::uint64_t seed);

  // A key from given bytes, for tests and benchmarks.
  static PseudonymKey FromBytes(const std::array<std::uint8_t, kBytes>& bytes);

  // HKDF-SHA256 of the master key with the fixed salt "zicht-v1" and `purpose` as the
  // info string. Different purposes give independent keys; the same purpose always the
  // same key.
  std::array<std::uint8_t, kBytes> Derive(std::string_view purpose) const;

  // A short non-secret fingerprint (first 8 bytes of the key derived for "fingerprint",
  // as 16 lower-case hex digits), stored with the data so a run with the wrong key is
  // caught instead of silently linking nothing.
  std::string Fingerprint() const;

 private:
  std::array<std::uint8_t, kBytes> bytes_{};
};

// The key file to use: `explicit_path` if given, else $ZICHT_KEY_FILE, else the database
// path with its extension replaced by ".key" (a database already named *.key gets
// ".key" appended, so that the key never takes the database's place).
std::filesystem::path ResolveKeyFile(const std::filesystem::path& db_path,
                                     const std::filesystem::path& explicit_path);

// HMAC-SHA256 under one key, with the key's inner and outer pads hashed once at
// construction, so that each message costs two short SHA-256 computations and no
// re-keying.
class HmacSha256 {
 public:
  static constexpr size_t kDigestBytes = 32;
  using Mac256 = std::array<std::uint8_t, kDigestBytes>;

  // Any key length (keys longer than the 64-byte block are hashed first, as RFC 2104 says).
  explicit HmacSha256(std::span<const std::uint8_t> key);
  ~HmacSha256();
  HmacSha256(HmacSha256&&) noexcept;
  HmacSha256& operator=(HmacSha256&&) noexcept;

  // The full 32-byte HMAC of `message`.
  Mac256 Mac(std::string_view message) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// HKDF-SHA256 (RFC 5869): extract with `salt`, expand with `info` to `length` bytes.
// Errors: InvalidArgument when `length` is 0 or above 255 * 32 bytes.
Result<std::vector<std::uint8_t>> HkdfSha256(std::span<const std::uint8_t> input_key,
                                             std::span<const std::uint8_t> salt,
                                             std::span<const std::uint8_t> info, size_t length);

}  // namespace zicht::privacy
