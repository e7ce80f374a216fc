#include "simulate/csv_writer.hpp"

#include <fmt/format.h>

namespace zicht::simulate {

namespace {
constexpr std::size_t kFlushAt = 1 << 20;
}

CsvWriter::~CsvWriter() {
  if (file_ != nullptr) std::fclose(file_);
}

Status CsvWriter::Open(const std::filesystem::path& path, char delimiter) {
  path_ = path;
  delimiter_ = delimiter;
  file_ = std::fopen(path.c_str(), "wb");
  if (file_ == nullptr) return Status::IoError(fmt::format("cannot write {}", path.string()));
  buffer_.reserve(kFlushAt + 4096);
  return Status::Ok();
}

void CsvWriter::Row(const std::vector<std::string_view>& fields) {
  for (std::size_t i = 0; i < fields.size(); ++i) {
    if (i > 0) buffer_ += delimiter_;
    const std::string_view f = fields[i];
    bool plain = true;
    for (char ch : f) {
      if (ch == delimiter_ || ch == '"' || ch == '\n' || ch == '\r') {
        plain = false;
        break;
      }
    }
    if (plain) {
      buffer_ += f;
      continue;
    }
    buffer_ += '"';
    for (char ch : f) {
      if (ch == '"') buffer_ += '"';
      buffer_ += ch;
    }
    buffer_ += '"';
  }
  buffer_ += '\n';
  if (buffer_.size() >= kFlushAt) Flush();
}

void CsvWriter::Flush() {
  if (file_ == nullptr || buffer_.empty()) return;
  if (std::fwrite(buffer_.data(), 1, buffer_.size(), file_) != buffer_.size()) failed_ = true;
  buffer_.clear();
}

Status CsvWriter::Close() {
  if (file_ == nullptr) return Status::Ok();
  Flush();
  const bool closed = std::fclose(file_) == 0;
  file_ = nullptr;
  if (failed_ || !closed) return Status::IoError(fmt::format("cannot write {}", path_.string()));
  return Status::Ok();
}

}  // namespace zicht::simulate
