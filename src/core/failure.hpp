// How a task's exception is reported, in Python simpleflow workers' format:
// reason "<Error>: <message>" and details
// {"error": ..., "error_type": ..., "message": ..., "traceback": [...]}.
#pragma once

#include <exception>
#include <string>

namespace simpleflow::internal {

struct FailureReport {
  std::string reason;
  std::string details;  // compact JSON
};

FailureReport report_failure(std::exception_ptr e);

}  // namespace simpleflow::internal
