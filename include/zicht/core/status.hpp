// Status and Result<T>: expected failures travel as values across module boundaries.
//
// A Status is either ok or carries a code and a message a user can act on. Messages
// never contain identifying values (names, dates of birth, personal numbers); callers
// that build them from input data mask those first.
//
// Thread safety: values; safe to copy and move between threads.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace zicht {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // bad flags or options
  kInvalidData,      // input data that breaks a rule (exit status 65)
  kNotFound,         // a file, key or table that is not there
  kAlreadyExists,    // refusing to overwrite
  kIoError,          // the operating system said no
  kConfigError,      // a config or mapping file is wrong
  kFailedPrecondition,
  kInternal,
  kBusy,       // another program holds the lock and did not let go in time (exit status 75)
  kNotAStore,  // a file that is not a zicht store, refused before anything is written (79)
  kDamaged,    // a store whose pages are corrupted, refused before anything is written (80)
};

class [[nodiscard]] Status {
 public:
  Status() = default;
  static Status Ok() { return {}; }
  static Status InvalidArgument(std::string m) {
    return {StatusCode::kInvalidArgument, std::move(m)};
  }
  static Status InvalidData(std::string m) { return {StatusCode::kInvalidData, std::move(m)}; }
  static Status NotFound(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
  static Status AlreadyExists(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
  static Status IoError(std::string m) { return {StatusCode::kIoError, std::move(m)}; }
  static Status ConfigError(std::string m) { return {StatusCode::kConfigError, std::move(m)}; }
  static Status FailedPrecondition(std::string m) {
    return {StatusCode::kFailedPrecondition, std::move(m)};
  }
  static Status Internal(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
  static Status Busy(std::string m) { return {StatusCode::kBusy, std::move(m)}; }
  static Status NotAStore(std::string m) { return {StatusCode::kNotAStore, std::move(m)}; }
  static Status Damaged(std::string m) { return {StatusCode::kDamaged, std::move(m)}; }

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

  // The exit status a command-line program should end with for this status: sysexits(3)
  // where one fits, 79 and 80 of zicht's own (docs/data-dictionary.md lists them all).
  int ExitCode() const;

 private:
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

// A value or the Status that explains why there is none.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : data_(std::move(value)) {}         // NOLINT(google-explicit-constructor)
  Result(Status status) : data_(std::move(status)) {}  // NOLINT(google-explicit-constructor)

  bool ok() const { return std::holds_alternative<T>(data_); }
  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(data_);
  }
  T& value() & { return std::get<T>(data_); }
  const T& value() const& { return std::get<T>(data_); }
  T&& value() && { return std::get<T>(std::move(data_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> data_;
};

}  // namespace zicht

// Returns early from the enclosing function when `expr` is not ok.
#define ZICHT_RETURN_IF_ERROR(expr)                \
  do {                                             \
    ::zicht::Status zicht_status_ = (expr);        \
    if (!zicht_status_.ok()) return zicht_status_; \
  } while (false)
