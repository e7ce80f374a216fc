// The whole job, as `zicht run` and `zicht demo` do it: ingest every extract, link, then
// the monitor, the estimate and the report, with progress on a terminal and a summary
// table at the end.
#pragma once

#include <cstdint>
#include <filesystem>
#include <optional>
#include <string>
#include <vector>

namespace zicht::app {

struct PipelineSource {
  std::string name;  // the reporting organisation, as `zicht ingest --source` takes it
  std::filesystem::path file;
  std::optional<std::filesystem::path> mapping;  // unset: the header has canonical names
};

struct PipelineOptions {
  std::filesystem::path db;        // created with its key when it does not exist
  std::filesystem::path key_file;  // "": --key-file's default (privacy::ResolveKeyFile)
  std::filesystem::path out;       // the report's folder
  std::vector<PipelineSource> sources;
  std::string lang = "en";
  std::string lists;         // a lists.toml for the estimate, or ""
  double wait_seconds = -1;  // --wait for another writer; < 0: $ZICHT_WAIT or the default
  // `zicht demo` only: a new store gets the key derived from this seed, marked as the demo's.
  std::optional<std::uint64_t> demo_seed;
};

// Ends the command with a clear message on the first error (nothing half-written: each
// ingest is all or nothing, the linkage is one transaction, the report is renamed into
// place).
void RunPipeline(const PipelineOptions& options);

}  // namespace zicht::app
