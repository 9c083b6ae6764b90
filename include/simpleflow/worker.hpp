// Activity workers: poll an SWF task list for activity tasks and run each
// registered activity they name, as `simpleflow worker.start` does.
//
//   auto client = swf::make_client(config).value();
//   simpleflow::ActivityPoller poller(client, {.domain = "prod", .task_list = "etl"});
//   std::atomic<bool> stop{false};
//   poller.run(stop);  // until `stop` is set, e.g. by a SIGTERM handler
//
// Each task runs in a child process forked for it, so that a crash or a leak
// in activity code costs only that task. The poller process meanwhile
// forwards the activity's heartbeats and sends its own every
// `heartbeat_seconds`. When SWF answers a heartbeat with a cancel request,
// the task's process tree is stopped (SIGTERM, then SIGKILL after
// `sigterm_wait_seconds`) and RespondActivityTaskCanceled is sent; when SWF
// no longer knows the task, the tree is stopped and nothing is sent. A child
// that dies without an outcome fails the task with
// "process <pid> died: exit code <n>" or "... died: signal <n> (<NAME>)".
//
// An activity registered with `run_on_worker_thread` runs on a thread of the
// poller's process instead, with the same heartbeats. A thread cannot be
// stopped: on a cancel request (or a task SWF no longer knows) the poller
// sets ActivityContext::cancel_requested(), waits for the activity to
// return, drops its outcome, and sends RespondActivityTaskCanceled (nothing
// for a task that is gone).
#pragma once

#include <atomic>
#include <memory>
#include <string>

#include "simpleflow/status.hpp"
#include "simpleflow/swf/client.hpp"

namespace simpleflow {

struct ActivityPollerOptions {
  std::string domain;
  std::string task_list;
  std::string identity;              // sent with polls; see swf::swf_identity()
  double heartbeat_seconds = 60;     // 0: send no heartbeat of our own
  double sigterm_wait_seconds = 3;   // ACTIVITY_SIGTERM_WAIT_SEC
};

class ActivityPoller {
 public:
  // `client` is shared with the caller; the poller uses it from its thread.
  ActivityPoller(std::shared_ptr<swf::SwfClient> client, ActivityPollerOptions options);

  // Polls once (a long poll) and, when a task comes, processes it. Returns
  // whether a task came; an error when the poll failed after the client's
  // retries.
  StatusOr<bool> poll_once();

  // Processes a task already polled (e.g. from `worker.start --poll-data`):
  // runs it and answers SWF. Never throws; problems are logged.
  void process(const swf::ActivityTask& task);

  // Polls and processes tasks until `stop` is true; `stop` is read between
  // polls, so the task in progress finishes first. Poll errors are logged and
  // retried with backoff.
  void run(const std::atomic<bool>& stop);

 private:
  std::shared_ptr<swf::SwfClient> client_;
  ActivityPollerOptions options_;
};

}  // namespace simpleflow
