#include "common.hpp"

#include <fmt/format.h>

#include <chrono>
#include <cmath>
#include <cstdlib>
#include <iostream>
#include <memory>

namespace zicht::app {

void Fail(const Status& status) {
  std::cerr << "zicht: " << status.message() << "\n";
  throw CommandExit{status.ExitCode()};
}

const Vocabulary& LoadVocabulary(const std::string& path) {
  if (path.empty()) return Vocabulary::Default();
  static std::unique_ptr<Vocabulary> loaded;
  auto vocabulary = Vocabulary::LoadFile(path);
  if (!vocabulary.ok()) Fail(vocabulary.status());
  loaded = std::make_unique<Vocabulary>(std::move(vocabulary).value());
  return *loaded;
}

privacy::PseudonymKey LoadKey(const std::filesystem::path& db, const std::string& key_file) {
  const auto path = privacy::ResolveKeyFile(db, key_file);
  auto key = privacy::PseudonymKey::LoadFile(path);
  if (!key.ok()) {
    Fail(Status::FailedPrecondition(
        key.status().message() +
        " (the key is found from --key-file, else $ZICHT_KEY_FILE, else the database path with "
        ".key; zicht init creates it)"));
  }
  return std::move(key).value();
}

store::OpenOptions StoreOptions(bool for_writing, double wait_seconds) {
  store::OpenOptions options;
  options.for_writing = for_writing;
  if (wait_seconds < 0) {
    if (const char* env = std::getenv("ZICHT_WAIT"); env != nullptr && *env != '\0') {
      char* end = nullptr;
      wait_seconds = std::strtod(env, &end);
      if (*end != '\0' || !std::isfinite(wait_seconds) || wait_seconds < 0) {
        Fail(Status::InvalidArgument(
            "$ZICHT_WAIT: give the seconds to wait for another writer, e.g. 60"));
      }
    }
  }
  if (wait_seconds >= 0) {
    // A day is as good as for ever here, and keeps the milliseconds in range.
    options.wait = std::chrono::milliseconds(std::llround(std::min(wait_seconds, 86400.0) * 1000));
  }
  options.on_wait = [](const std::string& message) { std::cerr << "zicht: " << message << "\n"; };
  return options;
}

void AddWaitOption(CLI::App& command, double& wait_seconds) {
  command
      .add_option("--wait", wait_seconds,
                  fmt::format("Seconds to wait for another program writing to the store, then "
                              "give up with exit status 75 (default: $ZICHT_WAIT, else {})",
                              store::kDefaultWriterWait.count()))
      ->check(CLI::NonNegativeNumber);
}

void AddVocabularyOption(CLI::App& command, std::string& path) {
  command
      .add_option("--vocabulary", path,
                  "Data dictionary to use instead of the built-in config/vocabulary.toml")
      ->check(CLI::ExistingFile);
}

}  // namespace zicht::app
