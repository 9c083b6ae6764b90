// The state of every task of one workflow execution, built from its history
// in one pass: what replay looks a submitted task up in. Records point to the
// events they came from (for results, reasons, inputs): the ParsedHistory
// holding them must outlive the state.
#pragma once

#include <map>
#include <memory>
#include <string>
#include <vector>

#include "history/events.hpp"
#include "history/record_table.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow::internal {

struct ActivityRecord {
  enum class State { kScheduled, kScheduleFailed, kStarted, kCompleted, kFailed, kTimedOut, kCanceled, kCancelRequested };
  std::string_view id, name;
  State state = State::kScheduled;
  const Event* scheduled = nullptr;  // the last ActivityTaskScheduled (null if it never was)
  const Event* last = nullptr;       // the event that set `state`
  std::string_view result;           // kCompleted: its result, as the history holds it
  int failures = 0;                  // failed and timed-out attempts
  bool cancel_requested = false;
  mutable bool reached = false;      // set by the replay when the code submits it

  // Python's retry counter: 0 at the first failure, +1 at each later one.
  int retry() const { return failures > 0 ? failures - 1 : 0; }
  // activityType.version, read from the history (rarely needed).
  std::string_view version() const {
    const Event* typed = state == State::kScheduleFailed ? last : scheduled;
    return typed ? typed->text_in("activityType", "version") : std::string_view();
  }
};

struct ChildRecord {
  enum class State { kStartInitiated, kStartFailed, kStarted, kCompleted, kFailed, kTimedOut, kCanceled, kTerminated };
  std::string_view id, name, version, run_id;
  State state = State::kStartInitiated;
  const Event* initiated = nullptr;  // the last StartChildWorkflowExecutionInitiated
  const Event* last = nullptr;
  std::string_view result;           // kCompleted: its result, as the history holds it
  int failures = 0;
  mutable bool reached = false;      // set by the replay when the code submits it
  int retry() const { return failures > 0 ? failures - 1 : 0; }
};

// A signal this execution received.
struct ReceivedSignal {
  std::string_view name;
  const Event* event = nullptr;  // WorkflowExecutionSignaled
  std::string_view sender_workflow_id, sender_run_id;
};

// A signal this execution sent (SignalExternalWorkflowExecution).
struct SentSignal {
  enum class State { kInitiated, kFailed, kSignaled };
  std::string_view name, workflow_id, run_id;  // run_id: as requested, then as delivered
  State state = State::kInitiated;
  const Event* initiated = nullptr;
  const Event* last = nullptr;
};

// A cancel request this execution sent (RequestCancelExternalWorkflowExecution).
struct SentCancel {
  enum class State { kInitiated, kFailed, kRequested };
  std::string_view workflow_id;
  State state = State::kInitiated;
};

struct MarkerRecord {
  std::string_view name;
  bool recorded = false;  // false: RecordMarkerFailed
  const Event* event = nullptr;
};

struct TimerRecord {
  enum class State { kNone, kStarted, kFired, kCanceled, kStartFailed };
  std::string_view id;
  State state = State::kNone;                // kNone: only a CancelTimerFailed names it
  const Event* started = nullptr;            // the last TimerStarted
  const Event* last = nullptr;               // the event that set `state`
  const Event* cancel_failed = nullptr;      // the last CancelTimerFailed
  long long decision_task_completed_event_id = 0;  // of the decision that started it
};

struct ExecutionState {
  const Event* started = nullptr;                 // WorkflowExecutionStarted
  const Event* cancel_requested = nullptr;        // the last WorkflowExecutionCancelRequested
  const Event* cancel_failed = nullptr;           // the last CancelWorkflowExecutionFailed
  const Event* last_completed_decision = nullptr; // the last DecisionTaskCompleted
  long long started_decision_id = 0;
  long long completed_decision_id = 0;

  // Records point to their events in the ParsedHistory; other strings point
  // into it too.
  RecordTable<ActivityRecord> activities;
  RecordTable<ChildRecord> children;
  std::map<std::string_view, ReceivedSignal> signals;  // the last one of each name
  std::vector<std::string_view> signal_names;          // in order of first arrival
  std::vector<SentSignal> sent_signals;                // in order of initiation
  std::map<std::string_view, SentCancel> sent_cancels; // by workflow id
  std::vector<MarkerRecord> markers;                   // in history order
  RecordTable<TimerRecord> timers;
};

// Builds the state of `events` (from read_events). Fails on an event that
// refers to one that is missing or of the wrong type, naming both.
StatusOr<ExecutionState> build_execution_state(const EventList& events);

class StateBuilder;

// The state of a history that grows: a decider adds each decision task's new
// events to the state of the previous one instead of building it again.
// Not thread-safe.
class ExecutionStateBuilder {
 public:
  // `events` must outlive the builder; events are only ever appended to it.
  explicit ExecutionStateBuilder(const EventList& events);
  ~ExecutionStateBuilder();

  // Adds the events appended since the last call (all of them the first
  // time). Errors as build_execution_state's; after one, the state is
  // incomplete and the builder must be dropped.
  Status add_new_events();
  const ExecutionState& state() const;
  std::size_t added() const;

 private:
  std::unique_ptr<StateBuilder> builder_;
};

}  // namespace simpleflow::internal
