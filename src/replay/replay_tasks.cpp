// Activities and child workflows during a replay: lookup by id, futures from
// their history, failure handling (retries, on_task_failure, retry timers),
// and the decisions that schedule them.
#include <algorithm>
#include <cctype>

#include "core/input_keys.hpp"
#include "replay/replay_run.hpp"
#include "replay/wire.hpp"

namespace simpleflow::internal {
namespace {

constexpr const char* kTypeMissing[] = {"ACTIVITY_TYPE_DOES_NOT_EXIST", "WORKFLOW_TYPE_DOES_NOT_EXIST"};

std::string retry_timer_id(const std::string& task_id) { return "__simpleflow_task_" + task_id; }

// A timeout value as the scheduled event recorded it: START_TO_CLOSE reads
// startToCloseTimeout.
std::string timeout_value(const Event& scheduled, const std::string& timeout_type) {
  std::string key;
  bool upper = false;
  for (char c : timeout_type) {
    if (c == '_') {
      upper = true;
    } else {
      key += upper ? c : static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
      upper = false;
    }
  }
  return scheduled.str(AttributeName::of(key + "Timeout"));
}

std::string not_zero(const std::string& timeout) { return timeout == "0" ? std::string() : timeout; }

}  // namespace

const std::string& ReplayRun::task_name_of(const void* def, const char* kind, const std::string& name) {
  auto [it, added] = task_names_.try_emplace(def);
  if (added) it->second = std::string(kind) + "-" + name;
  return it->second;
}

TaskStatusPtr ReplayRun::submit_activity(const ActivityDef& def, TaskArguments arguments, const SubmitOptions& options) {
  Submission s{&def, nullptr, {}, task_name_of(&def, "activity", def.name()), std::move(arguments), options};
  const std::string suffix = !options.reserved_id_suffix.empty()
                                 ? options.reserved_id_suffix
                                 : ids_.suffix(s.task_name, def.idempotent().value_or(false), s.arguments,
                                               def.has_custom_task_id() ? def.task_id_for(s.arguments.get()) : "");
  s.id.reserve(s.task_name.size() + 1 + suffix.size());
  s.id.append(s.task_name).append("-").append(suffix);
  s.id = limit_task_id(std::move(s.id));
  return submit_task(std::move(s));
}

TaskStatusPtr ReplayRun::submit_workflow(const WorkflowDef& def, TaskArguments arguments, const SubmitOptions& options) {
  Submission s{nullptr, &def, {}, task_name_of(&def, "workflow", def.name()), std::move(arguments), options};
  s.id = def.has_custom_workflow_id() ? def.workflow_id_for(s.arguments.get()) : "";
  if (s.id.empty()) {
    // Children of different executions must not collide: the parent's ids go in.
    const std::string suffix = !options.reserved_id_suffix.empty() ? options.reserved_id_suffix
                                                                   : ids_.suffix(s.task_name, def.idempotent(), s.arguments);
    s.id = limit_task_id(std::string(s.task_name) + "-" + task_.workflow_id + "--" + adler32_hex(task_.run_id) + "--" +
                         suffix);
  }
  return submit_task(std::move(s));
}

std::string ReplayRun::reserve_id_suffix(const std::string& task_name) { return ids_.reserve(task_name); }

TaskStatusPtr ReplayRun::submit_task(Submission s) {
  TaskStatusPtr future;
  if (s.activity) {
    const ActivityRecord* record = state_.activities.find_next(s.id, next_activity_);
    if (record) record->reached = true;
    if (record && record->scheduled) {
      if (record->name != s.activity->name()) {
        non_deterministic(record->scheduled->label() + " holds (activity, " + s.id + ", " + std::string(record->name) +
                          "); the code now submits (activity, " + s.id + ", " + s.activity->name() + ")");
      }
      future = resume_activity(*record, s);
    } else if (record && record->state == ActivityRecord::State::kScheduleFailed) {
      future = resume_activity(*record, s);
    }
  } else if (const ChildRecord* found = state_.children.find(s.id)) {
    const ChildRecord& record = *found;
    record.reached = true;
    if (record.name != s.workflow->class_name()) {
      non_deterministic(record.last->label() + " holds (child workflow, " + s.id + ", " + std::string(record.name) +
                        "); the code now submits (child workflow, " + s.id + ", " + s.workflow->class_name() + ")");
    }
    future = resume_child(record, s);
  }
  if (!future) future = schedule(s);
  if (open_activities_ >= max_open_activities_) {
    block_on_limit("the limit of " + std::to_string(max_open_activities_) + " open activities");
  }
  return future;
}

TaskStatusPtr ReplayRun::resume_activity(const ActivityRecord& record, Submission& s) {
  using S = ActivityRecord::State;
  if (record.state == S::kCompleted) {
    // Most tasks of a long history: nothing reads the submission's id after
    // this, so the future takes it rather than a copy.
    auto future = new_status(std::move(s.id));
    set_field_result(*future, record.result);
    return future;
  }
  auto future = new_status(s.id);
  switch (record.state) {
    case S::kScheduleFailed: {
      const std::string& cause = record.last->str("cause");
      TypeToRegister type{std::string(record.name), std::string(record.version())};
      if (cause == kTypeMissing[0] && std::find(activity_types_.begin(), activity_types_.end(), type) ==
                                          activity_types_.end()) {
        activity_types_.push_back(type);
      }
      return nullptr;  // scheduled again
    }
    case S::kScheduled:
    case S::kCancelRequested:
      ++open_activities_;
      break;
    case S::kStarted:
      ++open_activities_;
      future->set_running();
      break;
    case S::kCompleted:
      break;  // above
    case S::kCanceled:
      future->set_cancelled(field_text(record.last->str("details")));
      return future;
    case S::kFailed:
      return handle_failure(s, *record.scheduled,
                            std::make_exception_ptr(TaskFailed(s.id, field_text(record.last->str("reason")),
                                                               field_text(record.last->str("details")))),
                            record.retry());
    case S::kTimedOut: {
      const std::string& type = record.last->str("timeoutType");
      s.last_heartbeat_details = record.last->text("details");
      return handle_failure(s, *record.scheduled,
                            std::make_exception_ptr(TimeoutError(type, timeout_value(*record.scheduled, type))),
                            record.retry());
    }
  }
  if (!record.cancel_requested) {
    allow_cancel(*future, s.id);
  }
  return future;
}

TaskStatusPtr ReplayRun::resume_child(const ChildRecord& record, Submission& s) {
  using S = ChildRecord::State;
  auto future = new_status(s.id);
  // A start that failed at once has no initiated event: its failure event stands for the attempt.
  const Event& attempt = record.initiated ? *record.initiated : *record.last;
  auto failed = [&](std::exception_ptr e) { return handle_failure(s, attempt, std::move(e), record.retry()); };
  switch (record.state) {
    case S::kStartFailed: {
      const std::string& cause = record.last->str("cause");
      if (cause == kTypeMissing[1]) {
        TypeToRegister type{std::string(record.name), std::string(record.version)};
        if (std::find(workflow_types_.begin(), workflow_types_.end(), type) == workflow_types_.end())
          workflow_types_.push_back(type);
        return nullptr;
      }
      return failed(std::make_exception_ptr(TaskFailed(s.id, cause)));
    }
    case S::kStartInitiated:
      break;
    case S::kStarted:
      future->set_running();
      break;
    case S::kCompleted:
      set_field_result(*future, record.result);
      return future;
    case S::kFailed:
      return failed(std::make_exception_ptr(TaskFailed(s.id, field_text(record.last->str("reason")),
                                                   field_text(record.last->str("details")))));
    case S::kTimedOut:
      return failed(std::make_exception_ptr(TimeoutError(record.last->str("timeoutType"), "")));
    case S::kCanceled:
      if (state_.sent_cancels.count(s.id)) {  // this workflow asked for it
        future->set_cancelled(field_text(record.last->str("details")));
        return future;
      }
      return failed(std::make_exception_ptr(TaskCanceled(field_text(record.last->str("details")))));
    case S::kTerminated:
      return failed(std::make_exception_ptr(TaskTerminated()));
  }
  if (!state_.sent_cancels.count(s.id)) {
    allow_cancel(*future, s.id, std::string(record.run_id));
  }
  return future;
}

void ReplayRun::allow_cancel(TaskStatus& status, std::string id, std::optional<std::string> child_run_id) {
  // Every open task of a long history gets one: the decision is built only
  // if the code cancels.
  status.request_cancel = [this, id = std::move(id), child_run_id = std::move(child_run_id)] {
    Json decision = child_run_id ? make_decision("RequestCancelExternalWorkflowExecution",
                                                 Json{{"workflowId", id}, {"runId", *child_run_id}})
                                 : make_decision("RequestCancelActivityTask", Json{{"activityId", id}});
    schedule_once("cancel:" + id, std::move(decision), Kind::kKeptOnClose);
  };
}

TaskStatusPtr ReplayRun::handle_failure(Submission& s, const Event& attempt, std::exception_ptr exception,
                                        int retry_count) {
  if (auto it = handled_failures_.find(attempt.id); it != handled_failures_.end()) {
    if (!it->second.first) s.arguments = it->second.second;
    return it->second.first;
  }
  TaskStatusPtr future = decide_failure(s, attempt, std::move(exception), retry_count);
  handled_failures_[attempt.id] = {future, s.arguments};
  return future;
}

TaskStatusPtr ReplayRun::decide_failure(Submission& s, const Event& attempt, std::exception_ptr exception,
                                        int retry_count) {
  // A retry timer started after this attempt decides first.
  if (const TimerRecord* t = state_.timers.find(retry_timer_id(s.id));
      t && t->decision_task_completed_event_id > attempt.event_id("decisionTaskCompletedEventId")) {
    const TimerRecord& timer = *t;
    switch (timer.state) {
      case TimerRecord::State::kStarted:
        return new_status(s.id + " (waiting for its retry timer)");
      case TimerRecord::State::kFired:
      case TimerRecord::State::kCanceled: {
        Json control = decode_field(timer.started->text("control"));
        s.arguments = control.is_object() ? Arguments::from_input(control) : Arguments{};
        return nullptr;
      }
      case TimerRecord::State::kStartFailed:
        throw TaskFailed("timer", std::string(timer.id), timer.last->str("cause"));
      case TimerRecord::State::kNone:
        break;
    }
  }

  auto future = new_status(s.id);
  future->set_exception(exception);
  TaskFailureContext context;
  context.task_id = s.id;
  context.task_name = s.activity ? s.activity->name() : s.workflow->name();
  context.is_child_workflow = s.workflow != nullptr;
  context.exception = exception;
  try {
    std::rethrow_exception(exception);
  } catch (const TaskFailed& e) {
    context.reason = e.reason();
    context.details = e.details().empty() ? Json() : decode_field(e.details());
  } catch (const std::exception& e) {
    context.reason = e.what();
  }
  if (context.details.is_object()) {
    auto field = [&](const char* key) {
      auto it = context.details.find(key);
      return it != context.details.end() && it->is_string() ? it->get<std::string>() : std::string();
    };
    context.task_error = field("error");
    context.task_message = field("message");
    context.task_error_type = field("error_type");
  }
  context.retry_count = retry_count;
  context.event_id = attempt.id;
  context.current_started_decision_id = state_.started_decision_id;
  context.last_completed_decision_id = state_.completed_decision_id;
  context.history = &task_.history;
  workflow_->on_task_failure(context);

  using D = TaskFailureContext::Decision;
  switch (context.decision) {
    case D::kAbort:
      if (s.raises_on_failure()) throw TaskException(std::string(s.task_name), exception);
      return future;
    case D::kIgnore:
      future->set_finished(context.result);
      return future;
    case D::kCancel:
      future->set_cancelled();
      return future;
    case D::kRetryNow:
      return nullptr;
    case D::kRetryLater: {
      Json attributes{{"timerId", retry_timer_id(s.id)},
                      {"startToFireTimeout", std::to_string(context.retry_wait_timeout)},
                      {"control", fitted(dumps(s.arguments.get().to_input()))}};
      schedule_once("timer:" + retry_timer_id(s.id), make_decision("StartTimer", attributes), Kind::kTask);
      return new_status(s.id + " (waiting for its retry timer)");
    }
    case D::kNone:
      break;
  }
  // Python's rule: `>=`, so that lowering `retry` never retries forever.
  if (retry_count >= s.retry()) {
    if (s.raises_on_failure()) throw TaskException(std::string(s.task_name), exception);
    return future;
  }
  return nullptr;
}

std::optional<int> ReplayRun::priority(const Submission& s) const {
  if (s.options.task_priority) return s.options.task_priority;
  if (s.activity && s.activity->task_priority()) return s.activity->task_priority();
  return def_.task_priority();
}

Json ReplayRun::activity_decision(const Submission& s) const {
  const ActivityDef& a = *s.activity;
  Json input = s.arguments.get().to_input();
  if (!a.meta().empty()) input["meta"] = a.meta();
  std::string text = dumps(input);
  if (!s.last_heartbeat_details.empty()) {
    // The retry of an attempt that timed out resumes from its last heartbeat
    // (ActivityContext::last_heartbeat_details); Python workers ignore the
    // key. Left out when the input would no longer fit.
    input[kLastHeartbeatDetailsKey] = s.last_heartbeat_details;
    if (std::string with_details = dumps(input); utf8_length(with_details) <= kMaxFieldLength)
      text = std::move(with_details);
  }
  auto p = priority(s);
  return make_decision("ScheduleActivityTask",
                       Json{{"activityId", s.id},
                            {"activityType", Json{{"name", a.name()}, {"version", a.version()}}},
                            {"heartbeatTimeout", not_zero(a.heartbeat_timeout())},
                            {"input", fitted(std::move(text))},
                            {"scheduleToCloseTimeout", not_zero(a.schedule_to_close_timeout())},
                            {"scheduleToStartTimeout", not_zero(a.schedule_to_start_timeout())},
                            {"startToCloseTimeout", not_zero(a.start_to_close_timeout())},
                            {"taskList", Json{{"name", options_.task_list.value_or(a.task_list())}}},
                            {"taskPriority", p ? std::to_string(*p) : std::string()}});
}

Json ReplayRun::child_decision(const Submission& s) const {
  const WorkflowDef& w = *s.workflow;
  return make_decision(
      "StartChildWorkflowExecution",
      Json{{"childPolicy", w.child_policy().value_or("")},
           {"executionStartToCloseTimeout", w.execution_timeout().value_or("")},
           {"taskStartToCloseTimeout", w.decision_tasks_timeout().value_or("300")},
           {"input", fitted(dumps(s.arguments.get().to_input()))},
           {"tagList", inherited_tags(w.tag_list_for(s.arguments.get()))},
           {"taskList", Json{{"name", options_.task_list.value_or(w.task_list_for(s.arguments.get()))}}},
           {"workflowId", s.id},
           {"workflowType", Json{{"name", w.class_name()}, {"version", w.version()}}}});
}

TaskStatusPtr ReplayRun::schedule(const Submission& s) {
  const bool idempotent = s.activity ? s.activity->idempotent().value_or(false) : s.workflow->idempotent();
  const std::string key = (s.activity ? "activity:" : "workflow:") + s.id;
  if (!(idempotent && submitted_.count(key))) {
    submitted_.insert(key);
    if (s.activity) add_decision(activity_decision(s), Kind::kTask, /*is_activity=*/true);
    else add_decision(child_decision(s), Kind::kTask);
  }
  auto future = new_status(s.id);
  if (s.activity) {
    allow_cancel(*future, s.id);
  }
  return future;
}

}  // namespace simpleflow::internal
