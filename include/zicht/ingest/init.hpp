// Creating a store: the SQLite file with the current schema, and the pseudonymisation
// key in a file of its own.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>

#include "zicht/core/status.hpp"
#include "zicht/privacy/encoder.hpp"

namespace zicht::ingest {

struct InitOptions {
  std::filesystem::path db;
  std::filesystem::path key_file;  // resolved already (see privacy::ResolveKeyFile)
  bool reuse_key = false;          // use an existing key file instead of creating one
  // Set by `zicht demo` only: the key is derived from this seed (PseudonymKey::ForDemo),
  // not secret, and the store is marked as a demo store (kMetaKeyKind).
  std::optional<std::uint64_t> demo_seed;
  privacy::BloomOptions bloom;
  Status Validate() const;
};

struct InitSummary {
  std::filesystem::path db;
  std::filesystem::path key_file;
  bool key_created = false;
  std::string key_fingerprint;
};

// Creates the key (never overwriting one unless reuse_key) and the store, and records the
// key's fingerprint, the Bloom settings and the identifier encoding (RecordEncoding) in the
// store. On failure nothing is left behind.
Result<InitSummary> InitializeStore(const InitOptions& options);

}  // namespace zicht::ingest
