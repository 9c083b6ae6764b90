// The seam between workflow code and what runs it. Workflow::submit and
// friends call an Executor; the local executor runs tasks at once, the replay
// executor looks them up in the history and schedules what is missing.
#pragma once

#include <optional>
#include <string_view>
#include <vector>

#include "simpleflow/future.hpp"
#include "simpleflow/tasks.hpp"
#include "simpleflow/workflow.hpp"

namespace simpleflow::internal {

class Executor {
 public:
  virtual ~Executor() = default;

  virtual TaskStatusPtr submit_activity(const ActivityDef& def, TaskArguments arguments,
                                        const SubmitOptions& options) = 0;
  virtual TaskStatusPtr submit_workflow(const WorkflowDef& def, TaskArguments arguments,
                                        const SubmitOptions& options) = 0;
  virtual TaskStatusPtr submit_signal(const SignalTask& task) = 0;
  virtual TaskStatusPtr submit_wait_signal(const WaitForSignal& task) = 0;
  virtual TaskStatusPtr submit_marker(const MarkerTask& task) = 0;
  virtual TaskStatusPtr submit_timer(const TimerTask& task) = 0;
  virtual TaskStatusPtr submit_cancel_timer(const CancelTimerTask& task) = 0;

  // Takes the next number of `task_name`'s id counter for a task that will be
  // submitted later (its arguments are not ready): it keeps the place of the
  // task in submission order, so later tasks do not take its id.
  virtual std::string reserve_id_suffix(const std::string& task_name) = 0;

  virtual std::vector<Marker> list_markers(bool all) const = 0;
  virtual Json get_event_details(std::string_view event_type, std::string_view name) const = 0;
  virtual RunContext run_context() const = 0;
};

// Control flow thrown by Workflow::fail and Workflow::continue_as_new through
// run() to the executor. Not std::exceptions, like ExecutionBlocked.
struct FailWorkflow {
  std::string reason;
  std::string details;
};
struct ContinueAsNew {
  Arguments arguments;
};

// Lets executors attach themselves to workflow objects.
struct WorkflowAccess {
  static void attach(Workflow& workflow, Executor* executor, const WorkflowDef* def) {
    workflow.executor_ = executor;
    workflow.definition_ = def;
  }
  static Executor& executor(Workflow& workflow) { return workflow.executor(); }
};

// The reserved id suffix for a task of `def` that will be submitted later,
// or "" when its id does not end with a number (idempotent, custom id).
std::string reserve_id_suffix(Workflow& workflow, const ActivityDef& def);
std::string reserve_id_suffix(Workflow& workflow, const WorkflowDef& def);

}  // namespace simpleflow::internal
