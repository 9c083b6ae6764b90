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
};

// Forks `options.processes` children that each run `child_main(stop)` and
// exit with its result; forks a new child whenever one exits, until this
// process gets SIGTERM or SIGINT. Then it sends SIGTERM to the children
// (whose `stop` becomes true, so their task in progress finishes), waits for
// them and returns 0. A second SIGTERM or SIGINT kills the children at once.
// Call it from a process with one thread: it forks.
int run_supervisor(const SupervisorOptions& options, const std::function<int(const std::atomic<bool>& stop)>& child_main);

// For processes that run one poller without a supervisor: `stop` becomes
// true on SIGTERM or SIGINT.
const std::atomic<bool>& stop_on_termination_signals();

}  // namespace simpleflow::internal
