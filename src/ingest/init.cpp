#include "zicht/ingest/init.hpp"

#include <fmt/format.h>

#include "zicht/ingest/ingest.hpp"
#include "zicht/store/store.hpp"

namespace zicht::ingest {

Status InitOptions::Validate() const {
  if (db.empty()) return Status::InvalidArgument("--db is required");
  if (key_file.empty()) return Status::InvalidArgument("no key file path");
  if (std::filesystem::absolute(db) == std::filesystem::absolute(key_file)) {
    return Status::InvalidArgument("the key file must not be the database file");
  }
  return bloom.Validate();
}

Result<InitSummary> InitializeStore(const InitOptions& options) {
  ZICHT_RETURN_IF_ERROR(options.Validate());
  std::error_code error;
  if (std::filesystem::exists(options.db, error)) {
    return Status::AlreadyExists(fmt::format(
        "{}: already exists; zicht init never overwrites a store", options.db.string()));
  }
  InitSummary summary{options.db, options.key_file, false, ""};
  Result<privacy::PseudonymKey> key = Status::Internal("unset");
  if (options.reuse_key && options.demo_seed) {
    return Status::InvalidArgument(
        "a demo store gets a demo key of its own, never an existing key");
  }
  if (options.reuse_key) {
    key = privacy::PseudonymKey::LoadFile(options.key_file);
  } else if (options.demo_seed) {
    key = privacy::PseudonymKey::CreateDemoFile(options.key_file, *options.demo_seed);
    summary.key_created = key.ok();
  } else {
    key = privacy::PseudonymKey::CreateFile(options.key_file);
    if (!key.ok() && key.status().code() == StatusCode::kAlreadyExists) {
      return Status::AlreadyExists(fmt::format(
          "{}: a key file already exists and is never overwritten (every encoding made with it "
          "would become unlinkable); to create a store that uses it, add --reuse-key",
          options.key_file.string()));
    }
    summary.key_created = key.ok();
  }
  if (!key.ok()) return key.status();
  summary.key_fingerprint = key->Fingerprint();

  // Removes only what this run created: the key if it made one, the store once it exists.
  bool store_created = false;
  const auto undo = [&](Status status) -> Result<InitSummary> {
    std::error_code ignored;
    if (store_created) {
      for (const char* suffix : {"", "-wal", "-shm"}) {
        std::filesystem::remove(options.db.string() + suffix, ignored);
      }
    }
    if (summary.key_created) std::filesystem::remove(options.key_file, ignored);
    return status;
  };
  // CreateSqliteStore removes what it made itself when it fails.
  auto store = store::CreateSqliteStore(options.db);
  if (!store.ok()) return undo(store.status());
  store_created = true;
  for (const auto& [meta_key, value] :
       {std::pair<const char*, std::string>{kMetaKeyFingerprint, summary.key_fingerprint},
        {kMetaBloomBits, std::to_string(options.bloom.bits)},
        {kMetaBloomHashes, std::to_string(options.bloom.hash_functions)}}) {
    if (Status s = (*store)->SetMeta(meta_key, value); !s.ok()) return undo(s);
  }
  if (options.demo_seed) {
    if (Status s = (*store)->SetMeta(kMetaKeyKind, kKeyKindDemo); !s.ok()) return undo(s);
  }
  if (Status s = RecordEncoding(**store); !s.ok()) return undo(s);
  return summary;
}

}  // namespace zicht::ingest
