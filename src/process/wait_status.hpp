// Describing how a child process ended, for logs and failure reasons.
#pragma once

#include <string>

namespace simpleflow::internal {

// "exit code 3", "signal 9 (SIGKILL)", from a waitpid() status.
std::string describe_wait_status(int status);

}  // namespace simpleflow::internal
