// Every input is read once: its bytes pass through SHA-256 on their way to the CSV reader,
// so that a pipe, a FIFO or standard input, which can be read only once, is ingested like a
// file, and the content hash that recognises a file loaded before costs no second read.
//
// Thread safety: one HashedInput per thread.
#pragma once

#include <cstdint>
#include <filesystem>
#include <istream>
#include <memory>
#include <optional>
#include <string>

#include "zicht/core/status.hpp"

namespace zicht::ingest {

// The name that stands for standard input on the command line and in Ingest's file list.
inline constexpr const char* kStandardInputArgument = "-";
// How messages and the ingest log name standard input.
inline constexpr const char* kStandardInputName = "stdin";

class HashedInput {
 public:
  // Opens `path` for reading, or standard input for "-". Errors: NotFound when the file
  // cannot be opened (the message names the path only).
  static Result<std::unique_ptr<HashedInput>> Open(const std::filesystem::path& path);
  ~HashedInput();
  HashedInput(const HashedInput&) = delete;
  HashedInput& operator=(const HashedInput&) = delete;

  // The bytes, hashed as they are read.
  std::istream& stream();
  // The path as given, or kStandardInputName.
  const std::string& name() const;
  // The size in bytes of a regular file; unset for pipes, FIFOs and terminals.
  std::optional<std::uint64_t> size() const;
  // Reads whatever the reader left unread, to the end, and returns the hex SHA-256 of every
  // byte of the input. Errors: IoError when the input fails while being read.
  Result<std::string> FinishSha256();

 private:
  HashedInput();
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace zicht::ingest
