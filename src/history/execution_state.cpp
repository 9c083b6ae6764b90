#include "history/execution_state.hpp"

namespace simpleflow::internal {

class StateBuilder {
 public:
  explicit StateBuilder(const EventList& events) : events_(events) {}

  // Adds the events after the ones added so far.
  Status add_new() {
    if (added_ == 0 && (events_.empty() || events_.front().type != EventType::kWorkflowExecutionStarted))
      return InvalidArgumentError("a history starts with a WorkflowExecutionStarted event");
    activity_at_.resize(events_.size() + 1, RecordTable<ActivityRecord>::kAbsent);
    for (; added_ < events_.size(); ++added_) {
      if (Status s = add(events_[added_]); !s.ok()) return s;
    }
    return OkStatus();
  }
  std::size_t added() const { return added_; }
  const ExecutionState& state() const { return state_; }
  ExecutionState take() { return std::move(state_); }

 private:
  // The event that `e`'s attribute `key` refers to, which must be of `type`.
  StatusOr<const Event*> referenced(const Event& e, AttributeName key, EventType type) const {
    const long long id = e.reference;  // the attribute `key`, read at parse
    if (id < 1 || id >= e.id) {
      return InvalidArgumentError(e.label() + ": " + std::string(key.text()) + " " + std::to_string(id) +
                                  " is not an earlier event");
    }
    const Event& target = events_[static_cast<std::size_t>(id - 1)];
    if (target.type != type) {
      return InvalidArgumentError(e.label() + ": " + std::string(key.text()) + " " + std::to_string(id) + " is " +
                                  target.label() +
                                  ", not " + std::string(to_string(type)));
    }
    return &target;
  }

  StatusOr<ActivityRecord*> activity_of(const Event& e) {
    // Only ActivityTaskScheduled events have a record: the common case reads
    // no other event.
    const long long id = e.reference;
    if (id >= 1 && id < e.id) {
      const std::uint32_t index = activity_at_[static_cast<std::size_t>(id)];
      if (index != RecordTable<ActivityRecord>::kAbsent) return &state_.activities.at_index(index);
    }
    auto scheduled = referenced(e, "scheduledEventId", EventType::kActivityTaskScheduled);
    if (!scheduled.ok()) return scheduled.status();
    return InternalError(e.label() + ": its activity was not recorded");
  }
  StatusOr<ChildRecord*> child_of(const Event& e) {
    auto initiated = referenced(e, "initiatedEventId", EventType::kStartChildWorkflowExecutionInitiated);
    if (!initiated.ok()) return initiated.status();
    return &state_.children[(*initiated)->subject];
  }
  StatusOr<SentSignal*> sent_signal_of(const Event& e) {
    auto initiated = referenced(e, "initiatedEventId", EventType::kSignalExternalWorkflowExecutionInitiated);
    if (!initiated.ok()) return initiated.status();
    for (auto& s : state_.sent_signals) {
      if (s.initiated == *initiated) return &s;
    }
    return InternalError(e.label() + ": its signal was not recorded");
  }
  StatusOr<TimerRecord*> started_timer_of(const Event& e) {
    auto started = referenced(e, "startedEventId", EventType::kTimerStarted);
    if (!started.ok()) return started.status();
    return &state_.timers[(*started)->subject];
  }

  Status add(const Event& e);
  Status add_activity(const Event& e);
  Status add_child(const Event& e);
  Status add_external(const Event& e);
  Status add_timer(const Event& e);

  const EventList& events_;
  std::size_t added_ = 0;
  // The record of each ActivityTaskScheduled event, by event id: later events
  // of an attempt find it without hashing its id.
  std::vector<std::uint32_t> activity_at_;
  ExecutionState state_;
};

Status StateBuilder::add_activity(const Event& e) {
  using S = ActivityRecord::State;
  switch (e.type) {
    case EventType::kActivityTaskScheduled:
    case EventType::kScheduleActivityTaskFailed: {
      const std::uint32_t index = state_.activities.add(e.subject);
      ActivityRecord& a = state_.activities.at_index(index);
      a.name = e.type_name;
      a.last = &e;
      if (e.type == EventType::kScheduleActivityTaskFailed) {
        a.state = S::kScheduleFailed;
        return OkStatus();
      }
      a.state = S::kScheduled;
      a.scheduled = &e;
      a.cancel_requested = false;
      activity_at_[static_cast<std::size_t>(e.id)] = index;
      return OkStatus();
    }
    case EventType::kActivityTaskCancelRequested: {
      state_.activities[e.subject].cancel_requested = true;
      return OkStatus();
    }
    case EventType::kRequestCancelActivityTaskFailed:
      return OkStatus();  // the activity had closed already: its own events tell how
    default:
      break;
  }
  auto found = activity_of(e);
  if (!found.ok()) return found.status();
  ActivityRecord& a = **found;
  a.last = &e;
  switch (e.type) {
    case EventType::kActivityTaskStarted: a.state = S::kStarted; break;
    case EventType::kActivityTaskCompleted:
      a.state = S::kCompleted;
      a.result = e.text("result");  // read now, with the events in order
      break;
    case EventType::kActivityTaskFailed: a.state = S::kFailed; ++a.failures; break;
    case EventType::kActivityTaskTimedOut: a.state = S::kTimedOut; ++a.failures; break;
    // Python's parser never matched this event ("cancelled"): we do.
    case EventType::kActivityTaskCanceled: a.state = S::kCanceled; break;
    default: break;
  }
  return OkStatus();
}

Status StateBuilder::add_child(const Event& e) {
  using S = ChildRecord::State;
  if (e.type == EventType::kStartChildWorkflowExecutionInitiated ||
      e.type == EventType::kStartChildWorkflowExecutionFailed) {
    ChildRecord& c = state_.children[e.subject];
    c.name = e.type_name;
    c.version = e.text_in("workflowType", "version");
    c.last = &e;
    if (e.type == EventType::kStartChildWorkflowExecutionInitiated) {
      c.state = S::kStartInitiated;
      c.initiated = &e;
    } else {
      c.state = S::kStartFailed;
    }
    return OkStatus();
  }
  auto found = child_of(e);
  if (!found.ok()) return found.status();
  ChildRecord& c = **found;
  c.last = &e;
  switch (e.type) {
    case EventType::kChildWorkflowExecutionStarted:
      c.state = S::kStarted;
      c.run_id = e.text_in("workflowExecution", "runId");
      break;
    case EventType::kChildWorkflowExecutionCompleted:
      c.state = S::kCompleted;
      c.result = e.text("result");
      break;
    case EventType::kChildWorkflowExecutionFailed: c.state = S::kFailed; ++c.failures; break;
    case EventType::kChildWorkflowExecutionTimedOut: c.state = S::kTimedOut; ++c.failures; break;
    case EventType::kChildWorkflowExecutionCanceled: c.state = S::kCanceled; break;
    case EventType::kChildWorkflowExecutionTerminated: c.state = S::kTerminated; break;
    default: break;
  }
  return OkStatus();
}

Status StateBuilder::add_external(const Event& e) {
  switch (e.type) {
    case EventType::kSignalExternalWorkflowExecutionInitiated:
      state_.sent_signals.push_back(
          {e.text("signalName"), e.subject, e.text("runId"), SentSignal::State::kInitiated, &e, &e});
      return OkStatus();
    case EventType::kSignalExternalWorkflowExecutionFailed:
    case EventType::kExternalWorkflowExecutionSignaled: {
      auto found = sent_signal_of(e);
      if (!found.ok()) return found.status();
      SentSignal& s = **found;
      s.last = &e;
      if (e.type == EventType::kSignalExternalWorkflowExecutionFailed) {
        s.state = SentSignal::State::kFailed;
      } else {
        s.state = SentSignal::State::kSignaled;
        s.workflow_id = e.text_in("workflowExecution", "workflowId");
        s.run_id = e.text_in("workflowExecution", "runId");
      }
      return OkStatus();
    }
    case EventType::kRequestCancelExternalWorkflowExecutionInitiated:
      state_.sent_cancels[e.subject] = {e.subject, SentCancel::State::kInitiated};
      return OkStatus();
    case EventType::kRequestCancelExternalWorkflowExecutionFailed:
    case EventType::kExternalWorkflowExecutionCancelRequested: {
      auto initiated = referenced(e, "initiatedEventId", EventType::kRequestCancelExternalWorkflowExecutionInitiated);
      if (!initiated.ok()) return initiated.status();
      state_.sent_cancels[(*initiated)->subject].state =
          e.type == EventType::kExternalWorkflowExecutionCancelRequested ? SentCancel::State::kRequested
                                                                         : SentCancel::State::kFailed;
      return OkStatus();
    }
    default:
      return OkStatus();
  }
}

Status StateBuilder::add_timer(const Event& e) {
  using S = TimerRecord::State;
  if (e.type == EventType::kTimerStarted || e.type == EventType::kStartTimerFailed ||
      e.type == EventType::kCancelTimerFailed) {
    TimerRecord& t = state_.timers[e.subject];
    if (e.type == EventType::kCancelTimerFailed) {
      t.cancel_failed = &e;
      return OkStatus();
    }
    t.state = e.type == EventType::kTimerStarted ? S::kStarted : S::kStartFailed;
    t.last = &e;
    t.cancel_failed = nullptr;
    t.decision_task_completed_event_id = e.event_id("decisionTaskCompletedEventId");
    if (e.type == EventType::kTimerStarted) t.started = &e;
    return OkStatus();
  }
  auto found = started_timer_of(e);
  if (!found.ok()) return found.status();
  TimerRecord& t = **found;
  t.last = &e;
  t.state = e.type == EventType::kTimerFired ? S::kFired : S::kCanceled;
  return OkStatus();
}

Status StateBuilder::add(const Event& e) {
  switch (e.type) {
    case EventType::kActivityTaskScheduled:
    case EventType::kScheduleActivityTaskFailed:
    case EventType::kActivityTaskStarted:
    case EventType::kActivityTaskCompleted:
    case EventType::kActivityTaskFailed:
    case EventType::kActivityTaskTimedOut:
    case EventType::kActivityTaskCanceled:
    case EventType::kActivityTaskCancelRequested:
    case EventType::kRequestCancelActivityTaskFailed:
      return add_activity(e);
    case EventType::kStartChildWorkflowExecutionInitiated:
    case EventType::kStartChildWorkflowExecutionFailed:
    case EventType::kChildWorkflowExecutionStarted:
    case EventType::kChildWorkflowExecutionCompleted:
    case EventType::kChildWorkflowExecutionFailed:
    case EventType::kChildWorkflowExecutionTimedOut:
    case EventType::kChildWorkflowExecutionCanceled:
    case EventType::kChildWorkflowExecutionTerminated:
      return add_child(e);
    case EventType::kSignalExternalWorkflowExecutionInitiated:
    case EventType::kSignalExternalWorkflowExecutionFailed:
    case EventType::kExternalWorkflowExecutionSignaled:
    case EventType::kRequestCancelExternalWorkflowExecutionInitiated:
    case EventType::kRequestCancelExternalWorkflowExecutionFailed:
    case EventType::kExternalWorkflowExecutionCancelRequested:
      return add_external(e);
    case EventType::kTimerStarted:
    case EventType::kStartTimerFailed:
    case EventType::kTimerFired:
    case EventType::kTimerCanceled:
    case EventType::kCancelTimerFailed:
      return add_timer(e);
    case EventType::kMarkerRecorded:
    case EventType::kRecordMarkerFailed:
      state_.markers.push_back({e.subject, e.type == EventType::kMarkerRecorded, &e});
      return OkStatus();
    case EventType::kWorkflowExecutionSignaled:
      if (!state_.signals.count(e.subject)) state_.signal_names.push_back(e.subject);
      state_.signals[e.subject] = {e.subject, &e,
                                              e.text_in("externalWorkflowExecution", "workflowId"),
                                              e.text_in("externalWorkflowExecution", "runId")};
      return OkStatus();
    case EventType::kWorkflowExecutionStarted:
      if (state_.started) return InvalidArgumentError(e.label() + ": the execution had started already");
      state_.started = &e;
      return OkStatus();
    case EventType::kWorkflowExecutionCancelRequested: state_.cancel_requested = &e; return OkStatus();
    case EventType::kCancelWorkflowExecutionFailed: state_.cancel_failed = &e; return OkStatus();
    case EventType::kDecisionTaskStarted: state_.started_decision_id = e.id; return OkStatus();
    case EventType::kDecisionTaskCompleted:
      state_.completed_decision_id = e.id;
      state_.last_completed_decision = &e;
      return OkStatus();
    default:
      return OkStatus();  // nothing that replay reads (decision scheduling, closing, Lambda)
  }
}


StatusOr<ExecutionState> build_execution_state(const EventList& events) {
  StateBuilder builder(events);
  if (Status s = builder.add_new(); !s.ok()) return s;
  return builder.take();
}

ExecutionStateBuilder::ExecutionStateBuilder(const EventList& events)
    : builder_(std::make_unique<StateBuilder>(events)) {}
ExecutionStateBuilder::~ExecutionStateBuilder() = default;

Status ExecutionStateBuilder::add_new_events() { return builder_->add_new(); }

const ExecutionState& ExecutionStateBuilder::state() const { return builder_->state(); }
std::size_t ExecutionStateBuilder::added() const { return builder_->added(); }

}  // namespace simpleflow::internal
