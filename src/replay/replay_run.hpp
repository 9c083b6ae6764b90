// One replay of a workflow against its history: the internal::Executor that
// workflow code talks to during a decision. Built, run once, dropped.
#pragma once

#include <absl/container/flat_hash_map.h>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include "history/execution_state.hpp"
#include "replay/task_ids.hpp"
#include "replay/wire.hpp"
#include "simpleflow/internal/executor.hpp"
#include "simpleflow/replay.hpp"

namespace simpleflow::internal {

class ReplayRun final : public Executor, public WaitDriver {
 public:
  ReplayRun(const WorkflowDef& def, const DecisionTask& task, const ExecutionState& state,
            const ReplayOptions& options);
  ~ReplayRun() override;

  // Runs the workflow from the start. kFailedPrecondition on non-determinism.
  StatusOr<Decisions> replay();

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

  // WaitDriver: nothing happens during a replay; a blocked read is noted.
  bool advance() override { return false; }
  void blocked(const TaskStatus& status) override;

 private:
  // An activity or a child workflow as submitted by the code.
  struct Submission {
    const ActivityDef* activity = nullptr;
    const WorkflowDef* workflow = nullptr;
    std::string id;         // the task id
    std::string_view task_name;  // "activity-<name>" or "workflow-<name>" (in task_names_)
    TaskArguments arguments;
    SubmitOptions options;
    std::string_view last_heartbeat_details;  // of the attempt that timed out, for its retry
    bool raises_on_failure() const;
    int retry() const;
  };
  // Whether a decision is still sent when the replay closes the execution:
  // markers, signals and cancel requests are; tasks nobody will wait for are not.
  enum class Kind { kTask, kKeptOnClose };

  // ---- decisions (replay_run.cpp) ----
  StatusOr<Decisions> run_workflow();
  // Appends a decision, or blocks the replay (ExecutionBlocked) when it would
  // pass a limit. Markers and timer cancels `need_wake_up`: they bring no new
  // decision task by themselves.
  void add_decision(Json decision, Kind kind, bool is_activity = false, bool need_wake_up = false);
  [[noreturn]] void block_on_limit(const std::string& what);
  std::optional<std::string> execution_context() const;
  Decisions blocked_decisions();
  Decisions close_with(Json decision);
  Decisions fail_with(const std::string& reason, const std::string& details);
  Status check_all_reached() const;
  // kUnavailable when the store may answer later (the decision is not
  // answered, and comes again), else kFailedPrecondition.
  static Status unreadable(const UnreadableField& f);
  [[noreturn]] void non_deterministic(const std::string& report);

  // ---- activities and children (replay_tasks.cpp) ----
  TaskStatusPtr submit_task(Submission s);
  TaskStatusPtr resume_activity(const ActivityRecord& record, Submission& s);
  TaskStatusPtr resume_child(const ChildRecord& record, Submission& s);
  // The future of a failed task (raising TaskException when it gives up and
  // raises), or null when it must be scheduled again, with `s.arguments`
  // updated when a retry timer carried them. `attempt` is the failed attempt's
  // ActivityTaskScheduled or StartChildWorkflowExecutionInitiated event.
  TaskStatusPtr handle_failure(Submission& s, const Event& attempt, std::exception_ptr exception, int retry_count);
  TaskStatusPtr decide_failure(Submission& s, const Event& attempt, std::exception_ptr exception, int retry_count);
  TaskStatusPtr schedule(const Submission& s);
  Json activity_decision(const Submission& s) const;
  Json child_decision(const Submission& s) const;
  std::optional<int> priority(const Submission& s) const;
  // Lets the code cancel task `id`: an activity, or the child run `child_run_id`.
  void allow_cancel(TaskStatus& status, std::string id, std::optional<std::string> child_run_id = std::nullopt);

  // ---- signals, markers, timers (replay_signals.cpp) ----
  void propagate_signals();
  // Schedules `decision` unless `key` was scheduled already in this replay.
  void schedule_once(const std::string& key, Json decision, Kind kind, bool need_wake_up = false);
  std::vector<std::string> inherited_tags(std::vector<std::string> tags) const;

  static TaskStatusPtr new_status(std::string description);
  // "<kind>-<name>" for the definition `def`, built once per replay.
  const std::string& task_name_of(const void* def, const char* kind, const std::string& name);

  const WorkflowDef& def_;
  const DecisionTask& task_;
  const ExecutionState& state_;
  const ReplayOptions& options_;
  std::unique_ptr<Workflow> workflow_;

  TaskIds ids_;
  absl::flat_hash_map<const void*, std::string> task_names_;
  std::vector<std::pair<Json, Kind>> decisions_;
  std::size_t decisions_size_ = 0;  // Python's json.dumps length of the decisions, without brackets
  bool append_timer_ = false;
  // The replay stopped before run() could reach every task (a limit, signal
  // propagation): tasks it did not reach say nothing about determinism.
  bool stopped_early_ = false;
  int open_activities_ = 0;
  std::size_t next_activity_ = 0;  // the record after the last one found (RecordTable::find_next)
  int max_open_activities_ = 1000;
  std::set<std::string> submitted_;        // tasks scheduled in this replay, by kind:id
  std::set<std::string> waiting_signals_;
  // Failures already handled in this replay, by attempt event: the future, or
  // null with the arguments to schedule again.
  std::map<long long, std::pair<TaskStatusPtr, TaskArguments>> handled_failures_;
  std::vector<TypeToRegister> activity_types_, workflow_types_;
  std::optional<std::string> blocked_on_;      // the first read that blocked
  std::optional<std::string> non_determinism_;  // the first report
};

}  // namespace simpleflow::internal
