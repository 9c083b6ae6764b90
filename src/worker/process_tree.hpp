// Stopping a process with everything it started, as a worker does when SWF
// says that the task it runs was canceled or is gone.
#pragma once

#include <sys/types.h>

#include <optional>
#include <vector>

namespace simpleflow::internal {

// The processes below `root` (children, their children, ...), read from
// /proc; empty when `root` has none or is gone.
std::vector<pid_t> process_descendants(pid_t root);

// Waits up to `seconds` for the child `pid` to exit and reaps it. Returns its
// wait status; nullopt when it still runs at the deadline; 0 when it is not a
// child of this process.
std::optional<int> wait_child_for(pid_t pid, double seconds);

// Sends SIGTERM to `root` (a child of this process, leader of its own process
// group), its group and its descendants; waits up to `grace_seconds` for
// `root` to exit, then SIGKILLs whatever of them is left. Reaps `root` and
// returns its wait status.
int stop_process_tree(pid_t root, double grace_seconds);

// Makes this process the reaper of orphaned descendants (so that a task's
// grandchildren stay in reach after their parent died), and reaps any that
// have exited. Harmless to call again.
void become_subreaper();
void reap_exited_orphans();

}  // namespace simpleflow::internal
