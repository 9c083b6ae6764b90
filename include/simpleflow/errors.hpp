// Exceptions that workflow code sees, as in Python simpleflow.
//
// A task's failure travels to the point where its future is read: `result()`
// of a failed future rethrows the TaskFailed (or TimeoutError, TaskCanceled...)
// that the executor stored. `ExecutionBlocked` is control flow, not an error,
// and deliberately does not derive from std::exception so that
// `catch (const std::exception&)` in workflow code lets it through.
#pragma once

#include <exception>
#include <stdexcept>
#include <string>
#include <vector>

#include "simpleflow/json.hpp"

namespace simpleflow {

// Thrown by reading an unfinished future. It unwinds `run()`; the executor then
// sends what was gathered so far (on SWF) or reports what the run waits for
// (locally). Workflow code must not swallow it: never `catch (...)` in run().
class ExecutionBlocked {
 public:
  explicit ExecutionBlocked(std::string waiting_for = {}) : waiting_for_(std::move(waiting_for)) {}
  // What the run was waiting for, e.g. "activity-examples.basic.double-1".
  const std::string& waiting_for() const { return waiting_for_; }

 private:
  std::string waiting_for_;
};

// Base of simpleflow's error exceptions.
class Error : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// A workflow input, an activity argument or a result does not match the
// parameters or type that the code expects. The message names the parameter.
class InvalidInput : public Error {
 public:
  using Error::Error;
};

// A task (activity or child workflow) failed. `reason` and `details` are the
// strings the worker reported (details is usually JSON with error, error_type,
// message and traceback, as Python simpleflow's workers write it).
class TaskFailed : public Error {
 public:
  TaskFailed(std::string name, std::string reason, std::string details = {});
  const std::string& name() const { return name_; }
  const std::string& reason() const { return reason_; }
  const std::string& details() const { return details_; }
  // The details decoded as JSON, or as a JSON string when they are not JSON.
  Json details_json() const { return loads_or_raw(details_); }

 private:
  std::string name_, reason_, details_;
};

// A task timed out. `timeout_type` is SWF's (START_TO_CLOSE, HEARTBEAT, ...);
// `timeout_value` the configured timeout in seconds, when known.
class TimeoutError : public Error {
 public:
  TimeoutError(std::string timeout_type, std::string timeout_value);
  const std::string& timeout_type() const { return timeout_type_; }
  const std::string& timeout_value() const { return timeout_value_; }

 private:
  std::string timeout_type_, timeout_value_;
};

// A task was canceled; reading its future's result throws this.
class TaskCanceled : public Error {
 public:
  explicit TaskCanceled(std::string details = {});
  const std::string& details() const { return details_; }

 private:
  std::string details_;
};

// A child workflow was terminated.
class TaskTerminated : public Error {
 public:
  TaskTerminated() : Error("task terminated") {}
};

// A task whose `raises_on_failure` is set gave up: the failure escapes run()
// and fails the whole workflow. `task_name` is `activity-<name>` or
// `workflow-<name>`; `reason()` and `details()` come from the inner failure.
class TaskException : public Error {
 public:
  TaskException(std::string task_name, std::exception_ptr inner);
  const std::string& task_name() const { return task_name_; }
  std::exception_ptr inner() const { return inner_; }
  // The inner failure's reason (TaskFailed), else a description of it.
  const std::string& reason() const { return reason_; }
  const std::string& details() const { return details_; }

 private:
  std::string task_name_;
  std::exception_ptr inner_;
  std::string reason_, details_;
};

// A field (input, result, control, details...) is longer than SWF accepts
// (32,768 characters) and cannot be a jumbo field: jumbo fields are off, or
// it is longer than their 5 MiB. what(): "Message too long (<n> chars)".
class JumboTooLargeError : public Error {
 public:
  explicit JumboTooLargeError(std::size_t length);
  explicit JumboTooLargeError(std::string message) : Error(std::move(message)) {}
};

// A workflow execution ended in failure (Workflow::fail, a task that raises
// on failure, an exception from run()). Reason and details as SWF records them.
class WorkflowFailed : public Error {
 public:
  WorkflowFailed(std::string reason, std::string details);
  const std::string& reason() const { return reason_; }
  const std::string& details() const { return details_; }

 private:
  std::string reason_, details_;
};

// Several failures from one canvas (Group, Chain). A null entry stands for a
// task that did not fail, so positions match the canvas' futures.
class AggregateException : public Error {
 public:
  explicit AggregateException(std::vector<std::exception_ptr> exceptions = {});
  const std::vector<std::exception_ptr>& exceptions() const { return exceptions_; }
  void append(std::exception_ptr e);
  // Calls `handler` on each failure; those for which it returns false are
  // rethrown together as a new AggregateException. Returns if all were handled.
  template <class Handler>
  void handle(Handler&& handler) const {
    std::vector<std::exception_ptr> unhandled;
    for (const auto& e : exceptions_) {
      if (e && !handler(e)) unhandled.push_back(e);
    }
    if (!unhandled.empty()) throw AggregateException(std::move(unhandled));
  }
  // All failures, nested aggregates expanded, null entries dropped.
  std::vector<std::exception_ptr> flatten() const;

 private:
  std::vector<std::exception_ptr> exceptions_;
};

// The one-line description of any exception: "<type>: <message>".
std::string describe_exception(std::exception_ptr e);

}  // namespace simpleflow
