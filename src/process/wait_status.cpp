#include "process/wait_status.hpp"

#include <sys/wait.h>

#include <cstring>

namespace simpleflow::internal {

std::string describe_wait_status(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "signal " + std::to_string(sig) + (name ? std::string(" (SIG") + name + ")" : std::string());
  }
  return "wait status " + std::to_string(status);
}

}  // namespace simpleflow::internal
