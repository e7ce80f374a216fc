// A thin RAII layer over SQLite's C API: a connection and prepared statements whose
// errors come back as Status values. Private to the store.
#pragma once

#include <sqlite3.h>

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "zicht/core/status.hpp"

namespace zicht::store::sqlite {

class Statement {
 public:
  Statement() = default;
  Statement(sqlite3* db, std::string_view sql);
  ~Statement();
  Statement(Statement&& other) noexcept;
  Statement& operator=(Statement&& other) noexcept;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  const Status& prepare_status() const { return prepare_status_; }

  // Parameters are 1-based, as in SQLite.
  void Bind(int index, std::int64_t value);
  void Bind(int index, std::string_view text);
  void BindBlob(int index, const void* data, size_t size);
  void BindNull(int index);
  void BindDouble(int index, double value);
  template <typename T>
  void Bind(int index, const std::optional<T>& value) {
    if (value) {
      Bind(index, static_cast<std::int64_t>(*value));
    } else {
      BindNull(index);
    }
  }

  // Steps once: true when a row is available, false when done.
  Result<bool> Step();
  // Steps to completion, expecting no rows.
  Status Run();
  void Reset();

  bool IsNull(int column) const;
  std::int64_t Int(int column) const;
  double Double(int column) const;
  std::string Text(int column) const;
  std::vector<std::uint8_t> Blob(int column) const;

 private:
  sqlite3* db_ = nullptr;
  sqlite3_stmt* stmt_ = nullptr;
  Status prepare_status_;
};

// The Status for SQLite's result `code`: Busy for a lock not let go in time, Damaged for a
// corrupted file, NotAStore for a file that is not SQLite, IoError for the rest.
Status ErrorStatus(int code, std::string message);

// Runs one or more statements without parameters.
Status Exec(sqlite3* db, std::string_view sql);

}  // namespace zicht::store::sqlite
