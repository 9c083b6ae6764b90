// The outcome of one SWF call: a value, or a CallError that says which fault
// SWF answered (or which transport failure happened) and where.
//
//   auto detail = client.describe_domain({.name = "prod"});
//   if (!detail.ok() && detail.error().kind == swf::ErrorKind::kUnknownResource) ...
#pragma once

#include <optional>
#include <stdexcept>
#include <string>
#include <utility>
#include <variant>

namespace simpleflow::swf {

// What went wrong. The first group are SWF's modelled faults; the rest are
// the service's generic errors and the client's own.
enum class ErrorKind {
  kUnknownResource,                 // UnknownResourceFault
  kTypeAlreadyExists,               // TypeAlreadyExistsFault
  kDomainAlreadyExists,             // DomainAlreadyExistsFault
  kWorkflowExecutionAlreadyStarted, // WorkflowExecutionAlreadyStartedFault
  kLimitExceeded,                   // LimitExceededFault
  kOperationNotPermitted,           // OperationNotPermittedFault
  kTypeDeprecated,                  // TypeDeprecatedFault
  kDomainDeprecated,                // DomainDeprecatedFault
  kDefaultUndefined,                // DefaultUndefinedFault
  kTooManyTags,                     // TooManyTagsFault
  kThrottling,                      // ThrottlingException (retried)
  kValidation,                      // ValidationException, SerializationException, or refused by the client
  kAuthentication,                  // the credentials or the signature were refused
  kAccessDenied,                    // authenticated, but not allowed
  kService,                         // HTTP 5xx, InternalFailure, ServiceUnavailable (retried)
  kNetwork,                         // no connection, reset, timeout (retried)
  kBadResponse,                     // the answer is not what the API defines
  kOther,                           // any other error code
};

// Why one call failed. `code` is the error name as received (the part of
// `__type` after '#', e.g. "UnknownResourceFault"), or curl's error for
// transport failures.
struct CallError {
  ErrorKind kind = ErrorKind::kOther;
  std::string code;
  std::string message;
  std::string operation;  // e.g. "DescribeDomain"
  std::string endpoint;   // e.g. "https://swf.eu-west-1.amazonaws.com"
  int http_status = 0;    // 0 when no HTTP answer came
  int attempts = 1;       // calls made, retries included

  // "SWF DescribeDomain at <endpoint> failed: UnknownResourceFault: <message>",
  // plus how to fix credentials for authentication errors and the attempt
  // count when retries ran out.
  std::string describe() const;
  // Whether trying again later may succeed: throttling, 5xx, network.
  bool retryable() const;
};

// The ErrorKind of an SWF error name ("UnknownResourceFault") and HTTP status.
ErrorKind classify_error(const std::string& code, int http_status);

// A value or a CallError. Reading value() of an error throws
// std::logic_error naming the error: check ok() first.
template <class T>
class Result {
 public:
  Result(T value) : state_(std::move(value)) {}         // NOLINT: implicit by design
  Result(CallError error) : state_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return state_.index() == 0; }
  const CallError& error() const { return std::get<1>(state_); }

  T& value() & { check(); return std::get<0>(state_); }
  const T& value() const& { check(); return std::get<0>(state_); }
  T&& value() && { check(); return std::get<0>(std::move(state_)); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

 private:
  void check() const {
    if (!ok()) throw std::logic_error("SWF result read after an error: " + error().describe());
  }
  std::variant<T, CallError> state_;
};

// The result of an operation that returns nothing.
template <>
class Result<void> {
 public:
  Result() = default;
  Result(CallError error) : error_(std::move(error)) {}  // NOLINT: implicit by design

  bool ok() const { return !error_.has_value(); }
  const CallError& error() const { return *error_; }

 private:
  std::optional<CallError> error_;
};

}  // namespace simpleflow::swf
