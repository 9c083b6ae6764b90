// Starting this program again as a child process: how `standalone` runs its
// decider and worker supervisors, each a fresh process (this one has the
// embedded server's threads, which a plain fork would not carry over).
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

#include "simpleflow/status.hpp"

namespace simpleflow::internal {

// The path of the running executable (/proc/self/exe, resolved).
StatusOr<std::string> self_executable();

// Starts `argv` (argv[0] is the program's path) in a process group of its
// own, with this process's environment. Returns its pid.
StatusOr<pid_t> spawn_in_new_group(const std::vector<std::string>& argv);

}  // namespace simpleflow::internal
