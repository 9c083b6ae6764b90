// Keeping N poller processes alive, as Python simpleflow's Supervisor does:
// `decider.start` and `worker.start` run one of these.
#pragma once

#include <atomic>
#include <functional>
#include <string>

namespace simpleflow::internal {

struct SupervisorOptions {
  int processes = 1;
  std::string name;  // for logs, e.g. "worker"
  // A child that dies sooner than this after its start is forked again only
  // after this delay, so that a poller that cannot start does not spin.
  double min_restart_seconds = 1;
  // When this many children in a row die that soon, and in the same way (the
  // same exit code, or the same signal), their next one would too: the
  // supervisor gives up.
  int max_failed_starts = 5;
};

// Forks `options.processes` children that each run `child_main(stop)` and
// exit with its result; forks a new child whenever one exits, until this
// process gets SIGTERM or SIGINT. Then it sends SIGTERM to the children
// (whose `stop` becomes true, so their task in progress finishes), waits for
// them and returns 0. A second SIGTERM or SIGINT kills the children at once.
// When children keep failing at start (see max_failed_starts), it logs how
// they ended, stops the others the same way, and returns their exit code (1
// when it was 0, or when a signal killed them).
// Call it from a process with one thread: it forks.
int run_supervisor(const SupervisorOptions& options, const std::function<int(const std::atomic<bool>& stop)>& child_main);

// For processes that run one poller without a supervisor: `stop` becomes
// true on SIGTERM or SIGINT.
const std::atomic<bool>& stop_on_termination_signals();

}  // namespace simpleflow::internal
