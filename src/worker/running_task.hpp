// What a worker does while one of its activity tasks runs, in a child
// process or on a thread: forward the activity's heartbeats and send its own,
// watch SWF's answers (cancel requested, task gone), collect the outcome
// from the task's pipe, and answer SWF.
#pragma once

#include <sys/types.h>

#include <atomic>
#include <chrono>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "simpleflow/swf/client.hpp"
#include "simpleflow/worker.hpp"
#include "worker/run_activity.hpp"
#include "worker/task_channel.hpp"

namespace simpleflow::internal {

// Where the task runs: a child process (its pid), or a thread of this
// process (pid 0) that closes its end of the pipe when the activity is done
// and watches `cancel`.
struct TaskRunner {
  pid_t pid = 0;
  std::shared_ptr<std::atomic<bool>> cancel;
};

// "<workflow id> <run id> #<started event> <activity id> (<type>)", for logs.
std::string describe_task(const swf::ActivityTask& task);

class RunningTask {
 public:
  // Reads the task's messages from `out_fd` (the read end of its pipe, which
  // it owns from now on).
  RunningTask(swf::SwfClient& client, const ActivityPollerOptions& options, const swf::ActivityTask& task,
              TaskRunner runner, int out_fd);
  ~RunningTask();
  RunningTask(const RunningTask&) = delete;
  RunningTask& operator=(const RunningTask&) = delete;

  // Runs until the process is gone or the thread is done, then answers SWF
  // (completed, failed, or canceled). On a thread, returns only once the
  // activity has returned.
  void supervise();

 private:
  bool on_thread() const { return runner_.pid == 0; }
  int poll_timeout_ms(std::chrono::steady_clock::time_point next_heartbeat) const;
  bool child_exited(short pid_events);
  bool drain();
  bool handle_messages();
  bool send_heartbeat();
  // The last heartbeat's details as they fit a field of `max_length`. A
  // jumbo field is stored once per text, not at every heartbeat.
  std::optional<std::string> reported_details(std::size_t max_length);
  void stop();
  void wait_for_thread();
  void answer();

  swf::SwfClient& client_;
  const ActivityPollerOptions& options_;
  const swf::ActivityTask& task_;
  TaskRunner runner_;
  int out_fd_;
  int pid_fd_ = -1;
  int exit_status_ = 0;
  TaskMessageReader reader_;
  std::optional<std::string> last_details_;
  std::map<std::size_t, std::pair<std::string, std::string>> reported_;  // by field length: details, as sent
  std::optional<ActivityOutcome> outcome_;
};

}  // namespace simpleflow::internal
