// The object layer's exceptions, as Python simpleflow's swf package raises
// them. The object layer is where SWF's typed results (call_error.hpp)
// become exceptions, once.
#pragma once

#include <string>

#include "simpleflow/errors.hpp"
#include "simpleflow/swf/call_error.hpp"

namespace simpleflow::swf {

// An SWF call failed; error() says how.
class SwfError : public simpleflow::Error {
 public:
  explicit SwfError(CallError error) : Error(error.describe()), error_(std::move(error)) {}
  const CallError& error() const { return error_; }

 private:
  CallError error_;
};

// The domain, type or execution does not exist (UnknownResourceFault).
class DoesNotExistError : public SwfError {
 public:
  using SwfError::SwfError;
};

// The domain or type is already registered.
class AlreadyExistsError : public SwfError {
 public:
  using SwfError::SwfError;
};

// An open execution already has this workflow id.
class WorkflowExecutionAlreadyStartedError : public AlreadyExistsError {
 public:
  using AlreadyExistsError::AlreadyExistsError;
};

// A limit of the account or of the execution was reached (LimitExceededFault).
class RateLimitExceededError : public SwfError {
 public:
  using SwfError::SwfError;
};

// Any other failure: SWF's other faults, authentication, the network.
class ResponseError : public SwfError {
 public:
  using SwfError::SwfError;
};

// Throws the exception above that matches `error`.
[[noreturn]] void throw_error(const CallError& error);

// The value of `result`, or throw_error() of its error.
template <class T>
T value_or_throw(Result<T>&& result) {
  if (!result.ok()) throw_error(result.error());
  return std::move(result).value();
}
inline void value_or_throw(Result<void>&& result) {
  if (!result.ok()) throw_error(result.error());
}

// A history that does not follow SWF's rules, found by History::compile().
class HistoryError : public simpleflow::Error {
 public:
  using Error::Error;
};

// An entity's first event is not one that can start it (an ActivityTaskStarted
// without its ActivityTaskScheduled), or an event refers to an unknown event.
class InconsistentStateError : public HistoryError {
 public:
  using HistoryError::HistoryError;
};

// An event moves its entity to a state that cannot follow the current one
// (an ActivityTaskCompleted after ActivityTaskCompleted).
class TransitionError : public HistoryError {
 public:
  using HistoryError::HistoryError;
};

}  // namespace simpleflow::swf
