// What several commands share: printing an error and ending with its exit status, the
// vocabulary and the key.
#pragma once

#include <cstddef>
#include <filesystem>
#include <string>

#include "commands.hpp"
#include "zicht/core/status.hpp"
#include "zicht/core/vocabulary.hpp"
#include "zicht/privacy/key.hpp"
#include "zicht/store/store.hpp"

namespace zicht::app {

// Prints "zicht: <message>" on stderr and ends the command with the status's exit code.
[[noreturn]] void Fail(const Status& status);

// The built-in vocabulary, or the file given with --vocabulary (validated).
const Vocabulary& LoadVocabulary(const std::string& path);

// The key for `db`: --key-file, else $ZICHT_KEY_FILE, else db with ".key"; ends the
// command with a clear message when it is missing or unreadable.
privacy::PseudonymKey LoadKey(const std::filesystem::path& db, const std::string& key_file);

// How a command opens its store: a writer (ingest, link) has the store's pages checked
// first. Both wait for another writer up to `wait_seconds` (--wait; < 0: unset), else
// $ZICHT_WAIT, else store::kDefaultWriterWait, and say on stderr that they wait.
store::OpenOptions StoreOptions(bool for_writing, double wait_seconds = -1);

// Adds --wait SECONDS to a command that writes to a store.
void AddWaitOption(CLI::App& command, double& wait_seconds);

// Adds the options every command that reads the vocabulary takes.
void AddVocabularyOption(CLI::App& command, std::string& path);

// Broken rules of an ingest (or rejects of a logged one) shown one by one before a count
// per rule takes over (ingest::ViolationDigest).
inline constexpr std::size_t kViolationLines = 20;

}  // namespace zicht::app
