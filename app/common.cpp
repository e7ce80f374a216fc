#include "common.hpp"

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

void AddVocabularyOption(CLI::App& command, std::string& path) {
  command
      .add_option("--vocabulary", path,
                  "Data dictionary to use instead of the built-in config/vocabulary.toml")
      ->check(CLI::ExistingFile);
}

}  // namespace zicht::app
