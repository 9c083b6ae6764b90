// Events: appending them, and deriving a run's state from them.
#include <algorithm>

#include "server/engine.hpp"

namespace simpleflow::server::internal {
namespace {

std::string str(const Json& attributes, const char* key, std::string fallback = "") {
  auto it = attributes.find(key);
  return it != attributes.end() && it->is_string() ? it->get<std::string>() : fallback;
}

int64_t num(const Json& attributes, const char* key) {
  auto it = attributes.find(key);
  return it != attributes.end() && it->is_number() ? it->get<int64_t>() : 0;
}

int priority_of(const Json& attributes) {
  std::string p = str(attributes, "taskPriority", "0");
  return p.empty() ? 0 : std::stoi(p);
}

}  // namespace

std::optional<double> duration_seconds(const std::string& value) {
  if (value.empty() || value == "NONE") return std::nullopt;
  return std::stod(value);
}

bool Engine::asks_for_decision(std::string_view type) {
  static const std::set<std::string_view> kTypes = {
      "WorkflowExecutionStarted", "WorkflowExecutionSignaled", "WorkflowExecutionCancelRequested",
      "ActivityTaskCompleted", "ActivityTaskFailed", "ActivityTaskTimedOut", "ActivityTaskCanceled",
      "ScheduleActivityTaskFailed", "RequestCancelActivityTaskFailed", "TimerFired", "StartTimerFailed",
      "CancelTimerFailed", "RecordMarkerFailed", "StartChildWorkflowExecutionFailed",
      "ChildWorkflowExecutionStarted", "ChildWorkflowExecutionCompleted", "ChildWorkflowExecutionFailed",
      "ChildWorkflowExecutionCanceled", "ChildWorkflowExecutionTimedOut", "ChildWorkflowExecutionTerminated",
      "SignalExternalWorkflowExecutionFailed", "ExternalWorkflowExecutionSignaled",
      "RequestCancelExternalWorkflowExecutionFailed", "ExternalWorkflowExecutionCancelRequested",
      "DecisionTaskTimedOut", "CompleteWorkflowExecutionFailed", "FailWorkflowExecutionFailed",
      "CancelWorkflowExecutionFailed", "ContinueAsNewWorkflowExecutionFailed", "ScheduleLambdaFunctionFailed"};
  return kTypes.count(type) > 0;
}

int64_t Engine::add_event(Execution& e, const std::string& type, Json attributes) {
  int64_t id = e.event_count + 1;
  double timestamp = now();
  std::string member = event_member(type);
  Json event = {{"eventId", id}, {"eventTimestamp", timestamp}, {"eventType", type}, {member, std::move(attributes)}};
  std::string text = event.dump();
  e.events.push_back(text);
  e.event_count = id;
  pending_.events.push_back(WriteBatch::Event{e.run_id, id, std::move(text)});
  mark_dirty(e);
  fold(e, type, event[member], id, timestamp);
  return id;
}

void Engine::request_decision(Execution& e) {
  if (!e.open) return;
  if (e.completing_decision) {
    e.decision.unhandled_events = true;
    return;
  }
  if (e.decision.scheduled_event_id != 0) return;  // fold marked a started one
  Json attributes = {{"taskList", {{"name", e.task_list}}},
                     {"startToCloseTimeout", e.task_start_to_close},
                     {"taskPriority", std::to_string(e.task_priority)}};
  if (!e.override_schedule_to_start.empty()) attributes["scheduleToStartTimeout"] = e.override_schedule_to_start;
  add_event(e, "DecisionTaskScheduled", std::move(attributes));
}

void Engine::fold(Execution& e, const std::string& type, const Json& a, int64_t id, double ts) {
  // An event that asks for a decision while one is being made: the decider
  // has not seen it. Derived here, so that a restart derives it too.
  if (e.decision.started_event_id != 0 && asks_for_decision(type)) e.decision.unhandled_events = true;
  auto close = [&](const char* status) {
    e.open = false;
    e.close_status = status;
    e.close_ts = ts;
    e.decision = DecisionState{};
    e.activities.clear();
    e.timers.clear();
    e.children.clear();
    e.heartbeats.clear();
  };

  if (type == "WorkflowExecutionStarted") {
    e.workflow_type = a.at("workflowType");
    e.start_ts = ts;
    e.task_list = a.at("taskList").at("name");
    e.task_priority = priority_of(a);
    e.task_start_to_close = str(a, "taskStartToCloseTimeout", "NONE");
    e.execution_start_to_close = str(a, "executionStartToCloseTimeout", "NONE");
    e.child_policy = str(a, "childPolicy", "TERMINATE");
    e.lambda_role = str(a, "lambdaRole");
    e.tags = a.value("tagList", std::vector<std::string>{});
    if (a.contains("parentWorkflowExecution")) {
      e.parent = a["parentWorkflowExecution"];
      e.parent_initiated_event_id = num(a, "parentInitiatedEventId");
    }
    if (auto limit = duration_seconds(e.execution_start_to_close)) add_due(ts + *limit, Due{DueKind::kExecution, e.run_id, id, ""});
  } else if (type == "DecisionTaskScheduled") {
    e.decision = DecisionState{};
    e.decision.scheduled_event_id = id;
    e.decision.scheduled_at = ts;
    e.decision.task_list = a.at("taskList").at("name");
    e.decision.priority = priority_of(a);
    e.decision.start_to_close = str(a, "startToCloseTimeout", "NONE");
    e.decision.schedule_to_start = str(a, "scheduleToStartTimeout", "NONE");
    enqueue(true, e.domain, e.decision.task_list, e.decision.priority, e.run_id, id);
    if (auto limit = duration_seconds(e.decision.schedule_to_start)) {
      add_due(ts + *limit, Due{DueKind::kDecisionScheduleToStart, e.run_id, id, ""});
    }
  } else if (type == "DecisionTaskStarted") {
    e.decision.started_event_id = id;
    e.decision.started_at = ts;
    if (auto limit = duration_seconds(e.decision.start_to_close)) {
      add_due(ts + *limit, Due{DueKind::kDecisionStartToClose, e.run_id, id, ""});
    }
  } else if (type == "DecisionTaskCompleted") {
    e.previous_started_event_id = num(a, "startedEventId");
    e.decision = DecisionState{};
    if (a.contains("executionContext")) e.latest_execution_context = a["executionContext"].get<std::string>();
  } else if (type == "DecisionTaskTimedOut") {
    e.decision = DecisionState{};
  } else if (type == "ActivityTaskScheduled") {
    ActivityState s;
    s.activity_id = a.at("activityId");
    s.scheduled_event_id = id;
    s.activity_type = a.at("activityType");
    s.task_list = a.at("taskList").at("name");
    s.priority = priority_of(a);
    s.has_input = a.contains("input");
    s.input = str(a, "input");
    s.schedule_to_start = str(a, "scheduleToStartTimeout", "NONE");
    s.schedule_to_close = str(a, "scheduleToCloseTimeout", "NONE");
    s.start_to_close = str(a, "startToCloseTimeout", "NONE");
    s.heartbeat = str(a, "heartbeatTimeout", "NONE");
    s.scheduled_at = ts;
    e.latest_activity_task_ts = ts;
    if (auto limit = duration_seconds(s.schedule_to_start)) add_due(ts + *limit, Due{DueKind::kActivityScheduleToStart, e.run_id, id, ""});
    if (auto limit = duration_seconds(s.schedule_to_close)) add_due(ts + *limit, Due{DueKind::kActivityScheduleToClose, e.run_id, id, ""});
    enqueue(false, e.domain, s.task_list, s.priority, e.run_id, id);
    e.activities[s.activity_id] = std::move(s);
  } else if (type == "ActivityTaskStarted") {
    if (ActivityState* s = find_activity(e, num(a, "scheduledEventId"))) {
      s->started_event_id = id;
      s->started_at = ts;
      if (auto limit = duration_seconds(s->start_to_close)) add_due(ts + *limit, Due{DueKind::kActivityStartToClose, e.run_id, s->scheduled_event_id, ""});
      if (auto limit = duration_seconds(s->heartbeat)) add_due(ts + *limit, Due{DueKind::kActivityHeartbeat, e.run_id, s->scheduled_event_id, ""});
    }
  } else if (type == "ActivityTaskCompleted" || type == "ActivityTaskFailed" || type == "ActivityTaskTimedOut" ||
             type == "ActivityTaskCanceled") {
    int64_t scheduled = num(a, "scheduledEventId");
    if (ActivityState* s = find_activity(e, scheduled)) e.activities.erase(s->activity_id);
    e.heartbeats.erase(scheduled);
  } else if (type == "ActivityTaskCancelRequested") {
    auto it = e.activities.find(str(a, "activityId"));
    if (it != e.activities.end()) it->second.cancel_requested_event_id = id;
  } else if (type == "TimerStarted") {
    double fire_at = ts + duration_seconds(str(a, "startToFireTimeout", "0")).value_or(0);
    e.timers[a.at("timerId")] = TimerState{id, fire_at};
    add_due(fire_at, Due{DueKind::kTimer, e.run_id, id, a.at("timerId")});
  } else if (type == "TimerFired" || type == "TimerCanceled") {
    e.timers.erase(str(a, "timerId"));
  } else if (type == "StartChildWorkflowExecutionInitiated") {
    ChildState c;
    c.workflow_id = a.at("workflowId");
    c.workflow_type = a.at("workflowType");
    c.initiated_event_id = id;
    e.children[id] = std::move(c);
  } else if (type == "ChildWorkflowExecutionStarted") {
    auto it = e.children.find(num(a, "initiatedEventId"));
    if (it != e.children.end()) {
      it->second.run_id = a["workflowExecution"].at("runId");
      it->second.started_event_id = id;
    }
  } else if (type == "StartChildWorkflowExecutionFailed") {
    e.children.erase(num(a, "initiatedEventId"));
  } else if (type == "ChildWorkflowExecutionCompleted" || type == "ChildWorkflowExecutionFailed" ||
             type == "ChildWorkflowExecutionCanceled" || type == "ChildWorkflowExecutionTimedOut" ||
             type == "ChildWorkflowExecutionTerminated") {
    e.children.erase(num(a, "initiatedEventId"));
  } else if (type == "WorkflowExecutionCancelRequested") {
    e.cancel_requested = true;
  } else if (type == "WorkflowExecutionCompleted") {
    close("COMPLETED");
  } else if (type == "WorkflowExecutionFailed") {
    close("FAILED");
  } else if (type == "WorkflowExecutionCanceled") {
    close("CANCELED");
  } else if (type == "WorkflowExecutionTerminated") {
    close("TERMINATED");
  } else if (type == "WorkflowExecutionTimedOut") {
    close("TIMED_OUT");
  } else if (type == "WorkflowExecutionContinuedAsNew") {
    close("CONTINUED_AS_NEW");
  }
}

std::vector<std::string> Engine::events_of(const Execution& e, int64_t first, int64_t last) {
  first = std::max<int64_t>(first, 1);
  last = std::min(last, e.event_count);
  if (first > last) return {};
  if (!e.events.empty()) return {e.events.begin() + (first - 1), e.events.begin() + last};
  std::lock_guard<std::mutex> lock(reader_mu_);
  StatusOr<std::vector<std::string>> stored = reader_->events(e.run_id, first, last);
  if (!stored.ok()) throw FaultError{Fault{"InternalFailure", stored.status().message(), 500}};
  return std::move(stored).value();
}

}  // namespace simpleflow::server::internal
