// Tasks that are not activities or child workflows: signals, markers and
// timers. Build them with the Workflow methods of the same names and submit
// them, as in Python simpleflow:
//
//   submit(record_marker("checkpoint", {{"step", 1}}));
//   submit(start_timer("pause", 60));
//   auto go = submit(wait_signal("go"));
#pragma once

#include <string>
#include <vector>

#include "simpleflow/json.hpp"
#include "simpleflow/params.hpp"

namespace simpleflow {

// Sends signal `name` to a workflow execution: this one when `workflow_id` is
// empty. With `propagate` the receiver re-sends it to its parent and children.
// The future finishes with the sent input once the signal is delivered.
struct SignalTask {
  std::string name;
  Arguments input;
  std::string workflow_id;
  std::string run_id;
  bool propagate = true;

  // Targets another execution instead of the current one.
  SignalTask& to(std::string target_workflow_id, std::string target_run_id = {}) {
    workflow_id = std::move(target_workflow_id);
    run_id = std::move(target_run_id);
    return *this;
  }
  SignalTask& without_propagation() {
    propagate = false;
    return *this;
  }
  // The signal's input as simpleflow sends it:
  // {"__propagate": ..., "args": [...], "kwargs": {...}}.
  Json wire_input() const;
};

// Waits for signal `name`; the future finishes with the signal's input.
struct WaitForSignal {
  std::string name;
};

// Records marker `name` with optional details; the future finishes with the
// details.
struct MarkerTask {
  std::string name;
  Json details;
};

// A recorded marker, as list_markers() returns it.
struct Marker {
  std::string name;
  Json details;
  bool operator==(const Marker&) const = default;
};

// Starts timer `timer_id` that fires after `timeout_seconds`; the future
// finishes (with null) when it fires and is CANCELLED if the timer is canceled.
struct TimerTask {
  std::string timer_id;
  long long timeout_seconds = 0;
  Json control;
};

// Cancels timer `timer_id`. The future finishes once the timer is canceled, or
// fails (TaskFailed with reason TIMER_ID_UNKNOWN) if it is not running.
struct CancelTimerTask {
  std::string timer_id;
};

// Identifies the current run (Python's get_run_context()).
struct RunContext {
  std::string name;
  std::string version;
  std::string domain_name;
  std::string workflow_id;
  std::string run_id;
  std::vector<std::string> tag_list;
  std::string continued_execution_run_id;
  std::string parent_workflow_id;
  std::string parent_run_id;
};
void to_json(Json& j, const RunContext& c);

}  // namespace simpleflow
