#include "store/sqlite/statement.hpp"

#include <fmt/format.h>

#include <string>

namespace zicht::store::sqlite {

namespace {

Status SqliteError(sqlite3* db, std::string_view what) {
  // SQLite's messages name tables and constraints, never bound values.
  return ErrorStatus(sqlite3_errcode(db), fmt::format("store: {}: {}", what, sqlite3_errmsg(db)));
}

}  // namespace

Status ErrorStatus(int code, std::string message) {
  switch (code & 0xff) {  // the primary code, without the extended bits
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return Status::Busy(std::move(message));
    case SQLITE_CORRUPT:
      return Status::Damaged(std::move(message));
    case SQLITE_NOTADB:
      return Status::NotAStore(std::move(message));
    default:
      return Status::IoError(std::move(message));
  }
}

Statement::Statement(sqlite3* db, std::string_view sql) : db_(db) {
  if (sqlite3_prepare_v2(db, sql.data(), static_cast<int>(sql.size()), &stmt_, nullptr) !=
      SQLITE_OK) {
    prepare_status_ = SqliteError(db, "cannot prepare a statement");
    stmt_ = nullptr;
  }
}

Statement::~Statement() {
  sqlite3_finalize(stmt_);
}

Statement::Statement(Statement&& other) noexcept
    : db_(other.db_), stmt_(other.stmt_), prepare_status_(std::move(other.prepare_status_)) {
  other.stmt_ = nullptr;
}

Statement& Statement::operator=(Statement&& other) noexcept {
  if (this != &other) {
    sqlite3_finalize(stmt_);
    db_ = other.db_;
    stmt_ = other.stmt_;
    prepare_status_ = std::move(other.prepare_status_);
    other.stmt_ = nullptr;
  }
  return *this;
}

void Statement::BindDouble(int index, double value) {
  sqlite3_bind_double(stmt_, index, value);
}

void Statement::Bind(int index, std::int64_t value) {
  sqlite3_bind_int64(stmt_, index, value);
}

void Statement::Bind(int index, std::string_view text) {
  sqlite3_bind_text(stmt_, index, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
}

void Statement::BindBlob(int index, const void* data, size_t size) {
  if (size == 0) {
    sqlite3_bind_null(stmt_, index);
    return;
  }
  sqlite3_bind_blob(stmt_, index, data, static_cast<int>(size), SQLITE_TRANSIENT);
}

void Statement::BindNull(int index) {
  sqlite3_bind_null(stmt_, index);
}

Result<bool> Statement::Step() {
  if (stmt_ == nullptr) return prepare_status_;
  const int rc = sqlite3_step(stmt_);
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteError(db_, "statement failed");
}

Status Statement::Run() {
  auto stepped = Step();
  if (!stepped.ok()) {
    Reset();
    return stepped.status();
  }
  Reset();
  return Status::Ok();
}

void Statement::Reset() {
  if (stmt_ == nullptr) return;
  sqlite3_reset(stmt_);
  sqlite3_clear_bindings(stmt_);
}

bool Statement::IsNull(int column) const {
  return sqlite3_column_type(stmt_, column) == SQLITE_NULL;
}

double Statement::Double(int column) const {
  return sqlite3_column_double(stmt_, column);
}

std::int64_t Statement::Int(int column) const {
  return sqlite3_column_int64(stmt_, column);
}

std::string Statement::Text(int column) const {
  const auto* text = sqlite3_column_text(stmt_, column);
  return text == nullptr ? std::string{}
                         : std::string(reinterpret_cast<const char*>(text),
                                       static_cast<size_t>(sqlite3_column_bytes(stmt_, column)));
}

std::vector<std::uint8_t> Statement::Blob(int column) const {
  const auto* data = static_cast<const std::uint8_t*>(sqlite3_column_blob(stmt_, column));
  const int size = sqlite3_column_bytes(stmt_, column);
  return data == nullptr ? std::vector<std::uint8_t>{}
                         : std::vector<std::uint8_t>(data, data + size);
}

Status Exec(sqlite3* db, std::string_view sql) {
  char* error = nullptr;
  const std::string text(sql);
  if (const int code = sqlite3_exec(db, text.c_str(), nullptr, nullptr, &error);
      code != SQLITE_OK) {
    Status status =
        ErrorStatus(code, fmt::format("store: {}", error != nullptr ? error : "failed"));
    sqlite3_free(error);
    return status;
  }
  return Status::Ok();
}

}  // namespace zicht::store::sqlite
