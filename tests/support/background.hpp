// A CLI process left running while a test works: its output goes to a file
// (so that a chatty process never blocks on a full pipe), it has a process
// group of its own, and the group is killed when the object goes away.
#pragma once

#include <sys/types.h>

#include <optional>
#include <string>
#include <vector>

#include "support/command.hpp"

namespace simpleflow::testing {

class Background {
 public:
  // Runs the simpleflow CLI with `args`; stdout and stderr go to `log_path`.
  Background(const std::vector<std::string>& args, const CommandOptions& options, std::string log_path);
  ~Background();
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;

  pid_t pid() const { return pid_; }
  void signal(int sig) const;
  // Waits up to `seconds` for the process to exit; its wait status, or
  // nullopt when it still runs.
  std::optional<int> wait_for(double seconds);
  // What it printed so far.
  std::string log() const;

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  std::string log_path_;
};

// The CLI run with `args` for at most `seconds`, for tests of commands that
// must end by themselves: a command still running then is killed, with every
// process it started, so that a hang fails the test instead of blocking it.
struct BoundedRun {
  std::optional<int> exit_code;  // nullopt: still running at the deadline, or killed by a signal
  std::string output;            // standard output and error, interleaved
};
BoundedRun run_for(const std::vector<std::string>& args, const CommandOptions& options, const std::string& log_path,
                   double seconds);

// Waits up to `seconds` for `path` to exist, and returns its content.
std::optional<std::string> wait_for_file(const std::string& path, double seconds);

// The processes below `pid`, from /proc.
std::vector<pid_t> child_processes(pid_t pid);

// Whether `pid` is a live process (not gone, not a zombie).
bool process_alive(pid_t pid);

}  // namespace simpleflow::testing
