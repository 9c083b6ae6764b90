// Runs a workflow in this process, synchronously, tasks in submission order:
// the way to check a workflow before running it on SWF.
//
//   simpleflow::LocalExecutor executor(*simpleflow::Registry::global().find_workflow(
//       "examples.basic.BasicWorkflow"));
//   simpleflow::Json result = executor.run(simpleflow::Json::parse("[1, 5]"));
//
// Each submitted activity runs at once, in this thread, with its arguments and
// result passed through JSON as on SWF; a failure becomes a TaskFailed with the
// reason and details a worker would report, and is retried `retry` times.
// Child workflows run inline; timers fire when the workflow waits for them,
// moving a virtual clock instead of sleeping; markers, signals (sent before or
// after wait_signal) and continue_as_new work as on SWF. The history of the
// run is recorded with SWF's event shapes.
//
// A LocalExecutor runs one workflow at a time; it is not thread-safe.
#pragma once

#include <memory>
#include <string>

#include "simpleflow/clock.hpp"
#include "simpleflow/history.hpp"
#include "simpleflow/json.hpp"
#include "simpleflow/workflow.hpp"

namespace simpleflow {

struct LocalOptions {
  // Where time comes from; the virtual clock starts at its now(). Not owned;
  // null means the system clock.
  const Clock* clock = nullptr;
  // The workflow id of the top-level run.
  std::string workflow_id = "local";
};

class LocalExecutor {
 public:
  explicit LocalExecutor(const WorkflowDef& workflow, LocalOptions options = {});
  ~LocalExecutor();
  LocalExecutor(const LocalExecutor&) = delete;
  LocalExecutor& operator=(const LocalExecutor&) = delete;

  // Runs the workflow with `input` (a JSON array of arguments, an object with
  // "args" and "kwargs", or a single value) and returns its result.
  // Throws InvalidInput when the input does not fit run()'s parameters, and
  // WorkflowFailed when the execution fails.
  Json run(const Json& input);

  // The events of the last run (after continue_as_new: of the last execution).
  const History& history() const;
  // How many executions the last run() made (1 + continue_as_new count).
  int executions() const;
  // The virtual time at the end of the last run, in epoch seconds.
  double now() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace simpleflow
