// Status and StatusOr<T>: results at boundaries where failure is ordinary
// (parsing, loading files, I/O). Code that runs inside a workflow uses
// exceptions instead (see errors.hpp); conversion happens once, at the edge.
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace simpleflow {

enum class StatusCode {
  kOk = 0,
  kInvalidArgument,  // the caller's input is wrong (bad JSON, bad parameter)
  kNotFound,         // a named thing (file, workflow, activity) does not exist
  kAlreadyExists,    // a name was registered twice
  kFailedPrecondition,
  kInternal,
  kUnavailable,  // a service did not answer, or failed; trying later may work
  kOutOfRange,   // a value is larger than allowed (a field too long even for a jumbo field)
};

class Status {
 public:
  Status() = default;  // OK
  Status(StatusCode code, std::string message) : code_(code), message_(std::move(message)) {}

  bool ok() const { return code_ == StatusCode::kOk; }
  StatusCode code() const { return code_; }
  const std::string& message() const { return message_; }

 private:
  StatusCode code_ = StatusCode::kOk;
  std::string message_;
};

inline Status OkStatus() { return Status(); }
inline Status InvalidArgumentError(std::string m) { return {StatusCode::kInvalidArgument, std::move(m)}; }
inline Status NotFoundError(std::string m) { return {StatusCode::kNotFound, std::move(m)}; }
inline Status AlreadyExistsError(std::string m) { return {StatusCode::kAlreadyExists, std::move(m)}; }
inline Status InternalError(std::string m) { return {StatusCode::kInternal, std::move(m)}; }
inline Status UnavailableError(std::string m) { return {StatusCode::kUnavailable, std::move(m)}; }
inline Status OutOfRangeError(std::string m) { return {StatusCode::kOutOfRange, std::move(m)}; }

// Holds either a value or a non-OK status. Reading value() of an error throws
// std::logic_error: check ok() first.
template <class T>
class StatusOr {
 public:
  StatusOr(T value) : value_(std::move(value)) {}                 // NOLINT: implicit by design
  StatusOr(Status status) : status_(std::move(status)) {          // NOLINT: implicit by design
    if (status_.ok()) throw std::logic_error("StatusOr built from an OK status without a value");
  }

  bool ok() const { return value_.has_value(); }
  const Status& status() const { return status_; }

  T& value() & { check(); return *value_; }
  const T& value() const& { check(); return *value_; }
  T&& value() && { check(); return std::move(*value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void check() const {
    if (!value_) throw std::logic_error("StatusOr has no value: " + status_.message());
  }
  Status status_;
  std::optional<T> value_;
};

}  // namespace simpleflow
