// How a task's exception is reported, in Python simpleflow workers' format:
// reason "<Error>: <message>" and details
// {"error": ..., "error_type": ..., "message": ..., "traceback": [...]}.
#pragma once

#include <exception>
#include <string>

namespace simpleflow::internal {

struct FailureReport {
  std::string reason;   // "<error>: <message>"
  std::string details;  // compact JSON
  std::string error;    // the exception's class name, e.g. "runtime_error"
  std::string message;  // what() of a std::exception, else empty
};

FailureReport report_failure(std::exception_ptr e);

}  // namespace simpleflow::internal
