// Activities in a subprocess, the subprocess's side (the command line's
// `activity.execute`): run one activity in this process and hand its result
// or its error to the parent through file descriptors.
#pragma once

#include <optional>
#include <string>

namespace simpleflow::internal {

struct SubprocessRequest {
  std::string activity;                       // its registered name
  std::optional<std::string> arguments_json;  // {"args": [...], "kwargs": {...}}
  std::optional<int> arguments_fd;            // or read from this descriptor
  int result_fd = 1;                          // the result as compact JSON
  int error_fd = 2;                           // {"error", "message", "traceback"} on failure
  std::optional<std::string> context_json;    // the activity context
  bool kill_children = false;                 // stop the processes left behind at the end
};

// Runs the activity; returns the exit code: 0 with the result written, 1 with
// the error written (the activity failed, or the arguments, the context or
// the activity's name are wrong), 2 when the request itself cannot be
// served (a descriptor that is not open, no arguments); the reason is then
// on standard error.
int execute_activity_here(const SubprocessRequest& request);

}  // namespace simpleflow::internal
