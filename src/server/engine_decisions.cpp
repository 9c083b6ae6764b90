// A decision task's decisions, applied in order as SWF applies them: each
// either records its events or a ...Failed event with SWF's cause.
#include "server/engine.hpp"

namespace simpleflow::server::internal {
namespace {

bool is_close(const std::string& type) {
  return type == "CompleteWorkflowExecution" || type == "FailWorkflowExecution" || type == "CancelWorkflowExecution" ||
         type == "ContinueAsNewWorkflowExecution";
}

}  // namespace

void Engine::check_decisions(const Json& decisions) {
  static const std::set<std::string> kOptionalAttributes = {"CompleteWorkflowExecution", "FailWorkflowExecution",
                                                            "CancelWorkflowExecution", "ContinueAsNewWorkflowExecution"};
  for (size_t i = 0; i < decisions.size(); ++i) {
    std::string type = decisions[i].at("decisionType");
    std::string member = simpleflow::internal::attributes_member(type, "DecisionAttributes");
    if (!kOptionalAttributes.count(type) && !decisions[i].contains(member)) {
      validation("decisions." + std::to_string(i + 1) + ".member." + member + " is required for a " + type + " decision");
    }
  }
}

void Engine::decision_failed(DecisionContext& c, const std::string& type, Json attributes) {
  attributes["decisionTaskCompletedEventId"] = c.completed_id;
  add_event(c.e, type, std::move(attributes));
  request_decision(c.e);
}

void Engine::apply_decisions(DecisionContext& c, const Json& decisions) {
  for (size_t i = 0; i < decisions.size() && c.e.open; ++i) {
    const Json& d = decisions[i];
    std::string type = d.at("decisionType");
    std::string member = simpleflow::internal::attributes_member(type, "DecisionAttributes");
    const Json attributes = d.contains(member) ? d[member] : Json::object();
    if (type == "ScheduleActivityTask") {
      decide_schedule_activity(c, attributes);
    } else if (type == "RequestCancelActivityTask") {
      decide_request_cancel_activity(c, attributes);
    } else if (type == "RecordMarker") {
      Json marker = {{"markerName", attributes.at("markerName")}, {"decisionTaskCompletedEventId", c.completed_id}};
      copy_if_present(attributes, marker, "details");
      add_event(c.e, "MarkerRecorded", std::move(marker));
    } else if (type == "StartTimer") {
      decide_start_timer(c, attributes);
    } else if (type == "CancelTimer") {
      decide_cancel_timer(c, attributes);
    } else if (type == "StartChildWorkflowExecution") {
      decide_start_child(c, attributes);
    } else if (type == "SignalExternalWorkflowExecution") {
      decide_signal_external(c, attributes);
    } else if (type == "RequestCancelExternalWorkflowExecution") {
      decide_cancel_external(c, attributes);
    } else if (type == "ScheduleLambdaFunction") {
      decision_failed(c, "ScheduleLambdaFunctionFailed",
                      {{"id", attributes.at("id")}, {"name", attributes.at("name")}, {"cause", "LAMBDA_SERVICE_NOT_AVAILABLE_IN_REGION"}});
    } else if (is_close(type)) {
      // A close must be the last decision and must see every event that came
      // while the decider worked (events its own decisions cause do not count).
      if (c.unhandled || i + 1 < decisions.size()) {
        decision_failed(c, type + "Failed", {{"cause", "UNHANDLED_DECISION"}});
        continue;
      }
      if (type == "ContinueAsNewWorkflowExecution") {
        decide_continue_as_new(c, attributes);
        continue;
      }
      Json closed = {{"decisionTaskCompletedEventId", c.completed_id}};
      Json to_parent = Json::object();
      const char* event = nullptr;
      const char* parent_event = nullptr;
      if (type == "CompleteWorkflowExecution") {
        event = "WorkflowExecutionCompleted", parent_event = "ChildWorkflowExecutionCompleted";
        copy_if_present(attributes, closed, "result");
        copy_if_present(attributes, to_parent, "result");
      } else if (type == "FailWorkflowExecution") {
        event = "WorkflowExecutionFailed", parent_event = "ChildWorkflowExecutionFailed";
        for (const char* m : {"reason", "details"}) copy_if_present(attributes, closed, m), copy_if_present(attributes, to_parent, m);
      } else {
        event = "WorkflowExecutionCanceled", parent_event = "ChildWorkflowExecutionCanceled";
        copy_if_present(attributes, closed, "details");
        copy_if_present(attributes, to_parent, "details");
      }
      c.e.completing_decision = false;
      close_run(c.e, event, std::move(closed));
      notify_parent(c.e, parent_event, std::move(to_parent));
    }
  }
}

void Engine::decide_schedule_activity(DecisionContext& c, const Json& a) {
  const Json& activity_type = a.at("activityType");
  std::string activity_id = a.at("activityId");
  auto failed = [&](const char* cause) {
    decision_failed(c, "ScheduleActivityTaskFailed", {{"activityType", activity_type}, {"activityId", activity_id}, {"cause", cause}});
  };
  auto type = types_.find({c.e.domain, static_cast<int>(TypeKind::kActivity), activity_type.at("name"), activity_type.at("version")});
  if (type == types_.end()) return failed("ACTIVITY_TYPE_DOES_NOT_EXIST");
  if (type->second.status == "DEPRECATED") return failed("ACTIVITY_TYPE_DEPRECATED");
  if (c.e.activities.count(activity_id)) return failed("ACTIVITY_ID_ALREADY_IN_USE");
  if (c.e.activities.size() >= options_.max_open_activities) return failed("OPEN_ACTIVITIES_LIMIT_EXCEEDED");
  const Json& defaults = type->second.defaults;
  Json scheduled = {{"activityType", activity_type}, {"activityId", activity_id}, {"decisionTaskCompletedEventId", c.completed_id}};
  copy_if_present(a, scheduled, "input");
  copy_if_present(a, scheduled, "control");
  struct Resolved {
    const char* member;
    const char* default_member;
    const char* cause;  // nullptr: NONE when neither is given
  };
  static const Resolved kResolved[] = {
      {"taskList", "defaultTaskList", "DEFAULT_TASK_LIST_UNDEFINED"},
      {"scheduleToStartTimeout", "defaultTaskScheduleToStartTimeout", "DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED"},
      {"scheduleToCloseTimeout", "defaultTaskScheduleToCloseTimeout", "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED"},
      {"startToCloseTimeout", "defaultTaskStartToCloseTimeout", "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED"},
      {"heartbeatTimeout", "defaultTaskHeartbeatTimeout", nullptr},
  };
  for (const Resolved& r : kResolved) {
    if (a.contains(r.member)) {
      scheduled[r.member] = a[r.member];
    } else if (defaults.contains(r.default_member)) {
      scheduled[r.member] = defaults[r.default_member];
    } else if (r.cause) {
      return failed(r.cause);
    } else {
      scheduled[r.member] = "NONE";
    }
  }
  scheduled["taskPriority"] = a.contains("taskPriority") ? a["taskPriority"] : defaults.value("defaultTaskPriority", Json("0"));
  add_event(c.e, "ActivityTaskScheduled", std::move(scheduled));
}

void Engine::decide_request_cancel_activity(DecisionContext& c, const Json& a) {
  std::string activity_id = a.at("activityId");
  auto it = c.e.activities.find(activity_id);
  if (it == c.e.activities.end()) {
    return decision_failed(c, "RequestCancelActivityTaskFailed", {{"activityId", activity_id}, {"cause", "ACTIVITY_ID_UNKNOWN"}});
  }
  int64_t requested = add_event(c.e, "ActivityTaskCancelRequested", {{"activityId", activity_id}, {"decisionTaskCompletedEventId", c.completed_id}});
  ActivityState& activity = c.e.activities.at(activity_id);
  if (activity.started_event_id == 0) {
    // Nobody works on it yet: it is canceled at once.
    add_event(c.e, "ActivityTaskCanceled",
              {{"scheduledEventId", activity.scheduled_event_id}, {"startedEventId", 0}, {"latestCancelRequestedEventId", requested}});
    request_decision(c.e);
  }
}

void Engine::decide_start_timer(DecisionContext& c, const Json& a) {
  std::string timer_id = a.at("timerId");
  if (c.e.timers.count(timer_id)) {
    return decision_failed(c, "StartTimerFailed", {{"timerId", timer_id}, {"cause", "TIMER_ID_ALREADY_IN_USE"}});
  }
  if (c.e.timers.size() >= options_.max_open_timers) {
    return decision_failed(c, "StartTimerFailed", {{"timerId", timer_id}, {"cause", "OPEN_TIMERS_LIMIT_EXCEEDED"}});
  }
  Json started = {{"timerId", timer_id}, {"startToFireTimeout", a.at("startToFireTimeout")}, {"decisionTaskCompletedEventId", c.completed_id}};
  copy_if_present(a, started, "control");
  add_event(c.e, "TimerStarted", std::move(started));
}

void Engine::decide_cancel_timer(DecisionContext& c, const Json& a) {
  std::string timer_id = a.at("timerId");
  auto it = c.e.timers.find(timer_id);
  if (it == c.e.timers.end()) {
    return decision_failed(c, "CancelTimerFailed", {{"timerId", timer_id}, {"cause", "TIMER_ID_UNKNOWN"}});
  }
  add_event(c.e, "TimerCanceled",
            {{"timerId", timer_id}, {"startedEventId", it->second.started_event_id}, {"decisionTaskCompletedEventId", c.completed_id}});
}

void Engine::decide_start_child(DecisionContext& c, const Json& a) {
  std::string workflow_id = a.at("workflowId");
  const Json& workflow_type = a.at("workflowType");
  Json failure = {{"workflowType", workflow_type}, {"workflowId", workflow_id}, {"initiatedEventId", 0}};
  copy_if_present(a, failure, "control");
  auto failed = [&](const char* cause) {
    failure["cause"] = cause;
    decision_failed(c, "StartChildWorkflowExecutionFailed", failure);
  };
  auto type = types_.find({c.e.domain, static_cast<int>(TypeKind::kWorkflow), workflow_type.at("name"), workflow_type.at("version")});
  if (type == types_.end()) return failed("WORKFLOW_TYPE_DOES_NOT_EXIST");
  if (type->second.status == "DEPRECATED") return failed("WORKFLOW_TYPE_DEPRECATED");
  if (c.e.children.size() >= options_.max_open_children) return failed("OPEN_CHILDREN_LIMIT_EXCEEDED");
  StartSpec spec{c.e.domain, workflow_id, &type->second, Json::object(), "", ""};
  for (const char* m : kRunStartMembers) {
    copy_if_present(a, spec.attributes, m);
  }
  std::string missing = resolve_start(spec);
  if (!missing.empty()) return failed(missing.c_str());
  Json initiated = spec.attributes;
  initiated.erase("lambdaRole");
  if (spec.attributes.contains("lambdaRole")) initiated["lambdaRole"] = spec.attributes["lambdaRole"];
  initiated["workflowId"] = workflow_id;
  initiated["workflowType"] = workflow_type;
  initiated["decisionTaskCompletedEventId"] = c.completed_id;
  copy_if_present(a, initiated, "control");
  int64_t initiated_id = add_event(c.e, "StartChildWorkflowExecutionInitiated", std::move(initiated));
  if (open_run(c.e.domain, workflow_id)) {
    failure["initiatedEventId"] = initiated_id;
    return failed("WORKFLOW_ALREADY_RUNNING");
  }
  spec.attributes["parentWorkflowExecution"] = {{"workflowId", c.e.workflow_id}, {"runId", c.e.run_id}};
  spec.attributes["parentInitiatedEventId"] = initiated_id;
  Execution& child = start_run(std::move(spec));
  add_event(c.e, "ChildWorkflowExecutionStarted",
            {{"workflowExecution", {{"workflowId", child.workflow_id}, {"runId", child.run_id}}},
             {"workflowType", workflow_type},
             {"initiatedEventId", initiated_id}});
  request_decision(c.e);
}

void Engine::decide_signal_external(DecisionContext& c, const Json& a) {
  std::string workflow_id = a.at("workflowId"), run_id = a.value("runId", "");
  Json initiated = {{"workflowId", workflow_id}, {"signalName", a.at("signalName")}, {"decisionTaskCompletedEventId", c.completed_id}};
  for (const char* m : {"runId", "input", "control"}) copy_if_present(a, initiated, m);
  int64_t initiated_id = add_event(c.e, "SignalExternalWorkflowExecutionInitiated", std::move(initiated));
  Execution* target = open_run(c.e.domain, workflow_id, run_id);
  if (!target) {
    Json failure = {{"workflowId", workflow_id}, {"cause", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"}, {"initiatedEventId", initiated_id}};
    for (const char* m : {"runId", "control"}) copy_if_present(a, failure, m);
    return decision_failed(c, "SignalExternalWorkflowExecutionFailed", std::move(failure));
  }
  Json signal = {{"signalName", a.at("signalName")},
                 {"externalWorkflowExecution", {{"workflowId", c.e.workflow_id}, {"runId", c.e.run_id}}},
                 {"externalInitiatedEventId", initiated_id}};
  copy_if_present(a, signal, "input");
  Json target_execution = {{"workflowId", target->workflow_id}, {"runId", target->run_id}};
  signal_run(*target, std::move(signal));
  add_event(c.e, "ExternalWorkflowExecutionSignaled", {{"workflowExecution", target_execution}, {"initiatedEventId", initiated_id}});
  request_decision(c.e);
}

void Engine::decide_cancel_external(DecisionContext& c, const Json& a) {
  std::string workflow_id = a.at("workflowId"), run_id = a.value("runId", "");
  Json initiated = {{"workflowId", workflow_id}, {"decisionTaskCompletedEventId", c.completed_id}};
  for (const char* m : {"runId", "control"}) copy_if_present(a, initiated, m);
  int64_t initiated_id = add_event(c.e, "RequestCancelExternalWorkflowExecutionInitiated", std::move(initiated));
  Execution* target = open_run(c.e.domain, workflow_id, run_id);
  if (!target) {
    Json failure = {{"workflowId", workflow_id}, {"cause", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"}, {"initiatedEventId", initiated_id}};
    for (const char* m : {"runId", "control"}) copy_if_present(a, failure, m);
    return decision_failed(c, "RequestCancelExternalWorkflowExecutionFailed", std::move(failure));
  }
  Json target_execution = {{"workflowId", target->workflow_id}, {"runId", target->run_id}};
  request_cancel_run(*target, {{"externalWorkflowExecution", {{"workflowId", c.e.workflow_id}, {"runId", c.e.run_id}}},
                               {"externalInitiatedEventId", initiated_id}});
  add_event(c.e, "ExternalWorkflowExecutionCancelRequested", {{"workflowExecution", target_execution}, {"initiatedEventId", initiated_id}});
  request_decision(c.e);
}

void Engine::decide_continue_as_new(DecisionContext& c, const Json& a) {
  Execution& e = c.e;
  std::string version = a.value("workflowTypeVersion", e.workflow_type.at("version").get<std::string>());
  auto type = types_.find({e.domain, static_cast<int>(TypeKind::kWorkflow), e.workflow_type.at("name"), version});
  auto failed = [&](const char* cause) { decision_failed(c, "ContinueAsNewWorkflowExecutionFailed", {{"cause", cause}}); };
  if (type == types_.end()) return failed("WORKFLOW_TYPE_DOES_NOT_EXIST");
  if (type->second.status == "DEPRECATED") return failed("WORKFLOW_TYPE_DEPRECATED");
  StartSpec spec{e.domain, e.workflow_id, &type->second, Json::object(), e.run_id, new_run_id()};
  for (const char* m : kRunStartMembers) {
    copy_if_present(a, spec.attributes, m);
  }
  // What the decision leaves out comes from the type's defaults, then from the run that continues.
  std::string missing = resolve_start(spec);
  if (!missing.empty()) {
    Json& s = spec.attributes;
    if (!s.contains("executionStartToCloseTimeout")) s["executionStartToCloseTimeout"] = e.execution_start_to_close;
    if (!s.contains("taskList")) s["taskList"] = {{"name", e.task_list}};
    if (!s.contains("taskStartToCloseTimeout")) s["taskStartToCloseTimeout"] = e.task_start_to_close;
    if (!s.contains("childPolicy")) s["childPolicy"] = e.child_policy;
    resolve_start(spec);
  }
  if (e.parent) {
    spec.attributes["parentWorkflowExecution"] = *e.parent;
    spec.attributes["parentInitiatedEventId"] = e.parent_initiated_event_id;
  }
  Json continued = {{"decisionTaskCompletedEventId", c.completed_id},
                    {"newExecutionRunId", spec.run_id},
                    {"workflowType", {{"name", type->second.name}, {"version", type->second.version}}}};
  for (const char* m : kRunStartMembers) {
    copy_if_present(spec.attributes, continued, m);
  }
  e.completing_decision = false;
  close_run(e, "WorkflowExecutionContinuedAsNew", std::move(continued));
  start_run(std::move(spec));
}

}  // namespace simpleflow::server::internal
