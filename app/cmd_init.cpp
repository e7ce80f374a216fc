#include <iostream>
#include <memory>

#include "common.hpp"
#include "zicht/ingest/init.hpp"

namespace zicht::app {

void RegisterInit(CLI::App& app) {
  struct Flags {
    std::string db;
    std::string key_file;
    bool reuse_key = false;
    privacy::BloomOptions bloom;
  };
  auto flags = std::make_shared<Flags>();
  CLI::App* command = app.add_subcommand(
      "init",
      "Create a store and a fresh 256-bit pseudonymisation key.\n\n"
      "The key goes to a file of its own (mode 0600), never inside the store: keep it secret\n"
      "and back it up, since records encoded with it can only be linked with it. An existing\n"
      "key is never overwritten.\n\n"
      "Example:\n  zicht init --db monitor.db            # creates monitor.db and monitor.key");
  command->add_option("--db", flags->db, "The store to create (SQLite file)")->required();
  command->add_option("--key-file", flags->key_file,
                      "Where to write the key (default: $ZICHT_KEY_FILE, else the --db path "
                      "with .key)");
  command->add_flag("--reuse-key", flags->reuse_key,
                    "Use the existing key file instead of creating one (stores that must link "
                    "with each other share a key)");
  command
      ->add_option("--bloom-bits", flags->bloom.bits,
                   "Length of the name Bloom filters in bits, a multiple of 64")
      ->capture_default_str();
  command
      ->add_option("--bloom-hashes", flags->bloom.hash_functions,
                   "Hash functions per name bigram in the Bloom filters")
      ->capture_default_str();
  command->callback([flags] {
    ingest::InitOptions options;
    options.db = flags->db;
    options.key_file = privacy::ResolveKeyFile(flags->db, flags->key_file);
    options.reuse_key = flags->reuse_key;
    options.bloom = flags->bloom;
    auto summary = ingest::InitializeStore(options);
    if (!summary.ok()) Fail(summary.status());
    std::cout << "created store " << summary->db.string() << "\n"
              << (summary->key_created ? "created key " : "using key ")
              << summary->key_file.string() << " (fingerprint " << summary->key_fingerprint
              << "); keep it secret and back it up\n";
  });
}

}  // namespace zicht::app
