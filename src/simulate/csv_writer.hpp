// Streams CSV rows to a file through a large buffer. Fields that hold the delimiter, a
// quote or a line break are quoted (RFC 4180); lines end with LF.
//
// Thread safety: one writer per thread.
#pragma once

#include <cstdio>
#include <filesystem>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::simulate {

class CsvWriter {
 public:
  CsvWriter() = default;
  ~CsvWriter();
  CsvWriter(const CsvWriter&) = delete;
  CsvWriter& operator=(const CsvWriter&) = delete;

  Status Open(const std::filesystem::path& path, char delimiter);
  // Appends one row. Errors are kept and reported by Close.
  void Row(const std::vector<std::string_view>& fields);
  Status Close();

 private:
  void Flush();
  std::FILE* file_ = nullptr;
  std::filesystem::path path_;
  char delimiter_ = ',';
  std::string buffer_;
  bool failed_ = false;
};

}  // namespace zicht::simulate
