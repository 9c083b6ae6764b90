// One workflow execution run by the local executor: the internal::Executor
// that workflow code talks to. Child workflows are LocalRuns nested on the C++
// stack; a World holds what they share (time, ids, who can be signaled).
#pragma once

#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/clock.hpp"
#include "simpleflow/history.hpp"
#include "simpleflow/internal/executor.hpp"
#include "simpleflow/workflow.hpp"

namespace simpleflow::internal {

class LocalRun;

// State shared by a top-level run and its children.
struct LocalWorld {
  explicit LocalWorld(const Clock& c) : clock(c) {}
  // Virtual time: the clock plus the time that timers skipped.
  double now() const { return clock.now() + skipped; }

  const Clock& clock;
  double skipped = 0;
  long long next_activity_id = 1;
  std::map<std::string, LocalRun*> open_runs;  // by workflow id
};

class LocalRun final : public Executor, public WaitDriver {
 public:
  LocalRun(LocalWorld& world, const WorkflowDef& def, std::string workflow_id, LocalRun* parent);
  ~LocalRun() override;

  // Runs the execution, and those it continues as, to the end. Returns the
  // result or throws WorkflowFailed; throws InvalidInput when the arguments do
  // not fit run() and `input_errors_are_failures` is false.
  Json execute(Arguments arguments, bool input_errors_are_failures);

  const History& history() const { return history_; }
  History take_history() { return std::move(history_); }
  int executions() const { return executions_; }

  // Executor
  TaskStatusPtr submit_activity(const ActivityDef& def, TaskArguments arguments, const SubmitOptions& options) override;
  TaskStatusPtr submit_workflow(const WorkflowDef& def, TaskArguments arguments, const SubmitOptions& options) override;
  TaskStatusPtr submit_signal(const SignalTask& task) override;
  TaskStatusPtr submit_wait_signal(const WaitForSignal& task) override;
  TaskStatusPtr submit_marker(const MarkerTask& task) override;
  TaskStatusPtr submit_timer(const TimerTask& task) override;
  TaskStatusPtr submit_cancel_timer(const CancelTimerTask& task) override;
  std::string reserve_id_suffix(const std::string& task_name) override;
  std::vector<Marker> list_markers(bool all) const override;
  Json get_event_details(std::string_view event_type, std::string_view name) const override;
  RunContext run_context() const override;

  // WaitDriver: fires the earliest started timer, moving virtual time to it.
  bool advance() override;
  void blocked(const TaskStatus& status) override;

 private:
  struct Timer {
    TaskStatusPtr status;
    double fire_at = 0;
    long long started_event_id = 0;
    std::string state;  // started, fired, canceled
  };
  struct RecordedMarker {
    Marker marker;
    long long event_id;
  };

  // One execution of run(); returns its result or throws what ends it.
  Json run_once(const Arguments& arguments);
  [[noreturn]] void fail(const std::string& reason, const std::string& details);
  void reset_for_new_execution();
  void receive_signal(const std::string& name, const Json& input, const LocalRun* sender);
  long long record(const std::string& event_type, Json attributes);
  std::string next_task_id(const std::string& task_name);
  TaskStatusPtr new_status(std::string description);
  TaskStatusPtr failed_status(std::string description, std::exception_ptr e);

  LocalWorld& world_;
  const WorkflowDef& def_;
  std::string workflow_id_;
  std::string run_id_;
  std::string continued_from_run_id_;
  LocalRun* parent_;
  std::unique_ptr<Workflow> workflow_;
  History history_;
  int executions_ = 0;
  std::map<std::string, int> task_counters_;
  std::vector<RecordedMarker> markers_;
  std::map<std::string, std::pair<Json, long long>> signals_;  // latest input and event id
  std::map<std::string, std::vector<TaskStatusPtr>> signal_waiters_;
  std::map<std::string, Timer> timers_;
  std::optional<std::string> blocked_on_;  // the first read that blocked in this execution
};

}  // namespace simpleflow::internal
