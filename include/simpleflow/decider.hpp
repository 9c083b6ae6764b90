// Deciders: poll an SWF task list for decision tasks, replay the workflow
// each one names against its history, and send the decisions, as
// `simpleflow decider.start` does.
//
//   auto client = swf::make_client(config).value();
//   simpleflow::DeciderPoller decider(client, {.domain = "prod", .task_list = "etl"});
//   std::atomic<bool> stop{false};
//   decider.run(stop);  // until `stop` is set, e.g. by a SIGTERM handler
//
// The decider keeps the events of the executions it decided recently and
// polls with startAtPreviousStartedEvent, so that SWF sends only what is new;
// an execution it has not seen (another decider had it, or it was evicted)
// is read whole with GetWorkflowExecutionHistory. Types that SWF says do not
// exist are registered before the decisions are sent. A history the workflow
// cannot replay (code that changed in a non-deterministic way, a corrupt
// history) fails the execution with reason "workflow decision failed: ...",
// as Python simpleflow does.
#pragma once

#include <atomic>
#include <cstddef>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/status.hpp"
#include "simpleflow/swf/client.hpp"
#include "simpleflow/workflow.hpp"

namespace simpleflow {

struct DeciderPollerOptions {
  std::string domain;
  std::string task_list;
  std::string identity;  // sent with polls; see swf::swf_identity()
  // The workflows to decide for; empty: every registered workflow. A task
  // of another workflow type is left alone (it times out for another decider).
  std::vector<const WorkflowDef*> workflows;
  // When set, activities and child workflows are scheduled on this task list
  // instead of their own (what `standalone` does).
  std::optional<std::string> activity_task_list;
  // Executions whose events are kept between decisions; 0 disables the cache.
  std::size_t cached_executions = 1000;
};

// Counters, for tests and benchmarks.
struct DeciderStats {
  std::size_t decisions = 0;       // decision tasks answered
  std::size_t full_histories = 0;  // tasks for which the whole history was read
  std::size_t events_received = 0;
};

class DeciderPoller {
 public:
  // `client` is shared with the caller; the poller uses it from its thread.
  DeciderPoller(std::shared_ptr<swf::SwfClient> client, DeciderPollerOptions options);
  ~DeciderPoller();

  // Polls once (a long poll) and, when a task comes, decides it. Returns
  // whether a task came; an error when SWF could not be reached after the
  // client's retries.
  StatusOr<bool> poll_once();

  // Polls and decides until `stop` is true; `stop` is read between polls.
  // Errors are logged and polling goes on, with backoff.
  void run(const std::atomic<bool>& stop);

  DeciderStats stats() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace simpleflow
