#include "simpleflow/errors.hpp"

#include <cxxabi.h>

#include <typeinfo>

#include "simpleflow/internal/convert.hpp"

namespace simpleflow {

TaskFailed::TaskFailed(std::string name, std::string reason, std::string details)
    : Error(name + " failed: " + reason),
      name_(std::move(name)),
      reason_(std::move(reason)),
      details_(std::move(details)) {}

TimeoutError::TimeoutError(std::string timeout_type, std::string timeout_value)
    : Error("TimeoutError(" + timeout_type + ", " + timeout_value + ")"),
      timeout_type_(std::move(timeout_type)),
      timeout_value_(std::move(timeout_value)) {}

TaskCanceled::TaskCanceled(std::string details)
    : Error(details.empty() ? "task canceled" : "task canceled: " + details), details_(std::move(details)) {}

namespace {
std::string inner_reason(std::exception_ptr inner, std::string& details) {
  try {
    if (inner) std::rethrow_exception(inner);
  } catch (const TaskFailed& e) {
    details = e.details();
    return e.reason();
  } catch (const TaskException& e) {
    details = e.details();
    return e.reason();
  } catch (const TimeoutError& e) {  // Python's reprs of these three
    return "TimeoutError(" + e.timeout_type() + ")";
  } catch (const TaskCanceled& e) {
    details = e.details();
    return e.details().empty() ? "TaskCanceled()" : "TaskCanceled(" + e.details() + ")";
  } catch (const TaskTerminated&) {
    return "TaskTerminated()";
  } catch (...) {
    return describe_exception(std::current_exception());
  }
  return {};
}

std::string task_exception_message(const std::string& task_name, std::exception_ptr inner) {
  std::string details;
  return "Workflow execution error in " + task_name + ": \"" + inner_reason(inner, details) + "\"";
}

std::string aggregate_message(const std::vector<std::exception_ptr>& exceptions) {
  std::string message = "AggregateException([";
  bool first = true;
  for (const auto& e : exceptions) {
    if (!first) message += ", ";
    first = false;
    message += e ? describe_exception(e) : "None";
  }
  return message + "])";
}
}  // namespace

TaskException::TaskException(std::string task_name, std::exception_ptr inner)
    : Error(task_exception_message(task_name, inner)), task_name_(std::move(task_name)), inner_(std::move(inner)) {
  reason_ = inner_reason(inner_, details_);
}

JumboTooLargeError::JumboTooLargeError(std::size_t length)
    : Error("Message too long (" + std::to_string(length) + " chars)") {}

WorkflowFailed::WorkflowFailed(std::string reason, std::string details)
    : Error(reason), reason_(std::move(reason)), details_(std::move(details)) {}

AggregateException::AggregateException(std::vector<std::exception_ptr> exceptions)
    : Error(aggregate_message(exceptions)), exceptions_(std::move(exceptions)) {}

void AggregateException::append(std::exception_ptr e) { exceptions_.push_back(std::move(e)); }

std::vector<std::exception_ptr> AggregateException::flatten() const {
  std::vector<std::exception_ptr> out;
  for (const auto& e : exceptions_) {
    if (!e) continue;
    try {
      std::rethrow_exception(e);
    } catch (const AggregateException& nested) {
      auto inner = nested.flatten();
      out.insert(out.end(), inner.begin(), inner.end());
    } catch (...) {
      out.push_back(e);
    }
  }
  return out;
}

std::string describe_exception(std::exception_ptr e) {
  if (!e) return "no exception";
  try {
    std::rethrow_exception(e);
  } catch (const TaskFailed& x) {
    return x.reason();
  } catch (const std::exception& x) {
    return internal::demangle(typeid(x).name()) + ": " + x.what();
  } catch (const ExecutionBlocked& x) {
    return "ExecutionBlocked: " + x.waiting_for();
  } catch (...) {
    auto* type = abi::__cxa_current_exception_type();
    return type ? internal::demangle(type->name()) : std::string("unknown exception");
  }
}

}  // namespace simpleflow
