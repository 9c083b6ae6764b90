// Running a command to its end without a shell: what program and subprocess
// activities share. The command's standard error is copied to ours as it
// comes (so that logs keep it) and its end is kept for error messages.
#pragma once

#include <sys/types.h>

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/status.hpp"

namespace simpleflow::internal {

struct ChildCommand {
  // argv[0] is a path (with a '/') or a name looked up in PATH.
  std::vector<std::string> argv;
  // Descriptors of this process that the command gets as 3, 4, 5... in this
  // order; nothing else above 2 crosses.
  std::vector<int> inherited_fds;
  // The command's whole environment; default: this process's.
  std::optional<std::map<std::string, std::string>> environment;
  // Whether its standard output is read into ChildOutcome::output (else it
  // is this process's).
  bool capture_output = false;
  // 0: no limit. At the limit the command gets SIGTERM, then SIGKILL after
  // `grace_seconds`.
  double timeout_seconds = 0;
  double grace_seconds = 3;
  // At the timeout, the processes it started are stopped with it.
  bool stop_descendants_on_timeout = false;
};

struct ChildOutcome {
  pid_t pid = 0;
  int wait_status = 0;  // as waitpid() gives it
  bool timed_out = false;
  std::string output;       // its standard output, when captured
  std::string error_tail;   // the last kilobytes of its standard error
};

// Starts the command and waits for it to end (reads end when it exits: a
// process it left behind cannot hold us up). kNotFound when the program does
// not exist, kFailedPrecondition when it cannot be run, kInternal when the
// process cannot be started.
StatusOr<ChildOutcome> run_child(const ChildCommand& command);

}  // namespace simpleflow::internal
