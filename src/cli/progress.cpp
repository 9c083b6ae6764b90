#include "cli/progress.hpp"

namespace simpleflow::cli {
namespace {

const Json& attributes_of(const Json& event) {
  static const Json empty = Json::object();
  std::string type = event.value("eventType", "");
  if (type.empty()) return empty;
  type[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(type[0])));
  auto it = event.find(type + "EventAttributes");
  return it == event.end() ? empty : *it;
}

std::string text(const Json& attributes, const char* key) {
  auto it = attributes.find(key);
  return it != attributes.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::string with_reason(std::string line, const Json& attributes) {
  std::string reason = text(attributes, "reason");
  if (reason.empty()) reason = text(attributes, "cause");
  return reason.empty() ? line : line + ": " + reason;
}

}  // namespace

std::vector<std::string> ProgressReport::lines_for(const std::vector<Json>& events) {
  std::vector<std::string> out;
  for (const Json& event : events) {
    std::int64_t id = event.value("eventId", std::int64_t{0});
    if (id <= last_event_id_) continue;
    last_event_id_ = id;
    if (auto line = line_for(event)) out.push_back(std::move(*line));
  }
  return out;
}

std::optional<std::string> ProgressReport::line_for(const Json& event) {
  const std::string type = event.value("eventType", "");
  const Json& a = attributes_of(event);
  auto activity = [&] {
    auto it = activity_ids_.find(a.value("scheduledEventId", std::int64_t{0}));
    return it == activity_ids_.end() ? std::string("activity") : it->second;
  };
  auto child = [&] { return a.contains("workflowExecution") ? text(a["workflowExecution"], "workflowId") : ""; };
  if (type == "ActivityTaskScheduled") {
    std::string id = text(a, "activityId");
    activity_ids_[event.value("eventId", std::int64_t{0})] = id;
    return id + " scheduled";
  }
  if (type == "ActivityTaskStarted") return activity() + " started";
  if (type == "ActivityTaskCompleted") return activity() + " completed";
  if (type == "ActivityTaskFailed") return with_reason(activity() + " failed", a);
  if (type == "ActivityTaskTimedOut") return activity() + " timed out (" + text(a, "timeoutType") + ")";
  if (type == "ActivityTaskCanceled") return activity() + " canceled";
  if (type == "ScheduleActivityTaskFailed") {
    // The decider registers a missing type and schedules again: not news.
    if (text(a, "cause") == "ACTIVITY_TYPE_DOES_NOT_EXIST") return std::nullopt;
    return with_reason(text(a, "activityId") + " could not be scheduled", a);
  }
  if (type == "StartChildWorkflowExecutionInitiated") return text(a, "workflowId") + " scheduled";
  if (type == "ChildWorkflowExecutionStarted") return child() + " started";
  if (type == "ChildWorkflowExecutionCompleted") return child() + " completed";
  if (type == "ChildWorkflowExecutionFailed") return with_reason(child() + " failed", a);
  if (type == "ChildWorkflowExecutionTimedOut") return child() + " timed out";
  if (type == "ChildWorkflowExecutionCanceled") return child() + " canceled";
  if (type == "ChildWorkflowExecutionTerminated") return child() + " terminated";
  if (type == "StartChildWorkflowExecutionFailed") {
    if (text(a, "cause") == "WORKFLOW_TYPE_DOES_NOT_EXIST") return std::nullopt;
    return with_reason(text(a, "workflowId") + " could not start", a);
  }
  if (type == "TimerStarted") return "timer " + text(a, "timerId") + " started";
  if (type == "TimerFired") return "timer " + text(a, "timerId") + " fired";
  if (type == "TimerCanceled") return "timer " + text(a, "timerId") + " canceled";
  if (type == "WorkflowExecutionSignaled") return "signal " + text(a, "signalName") + " received";
  if (type == "MarkerRecorded") return "marker " + text(a, "markerName") + " recorded";
  if (type == "WorkflowExecutionCancelRequested") return std::string("cancel requested");
  if (type == "WorkflowExecutionCompleted") return std::string("execution completed");
  if (type == "WorkflowExecutionFailed") return with_reason("execution failed", a);
  if (type == "WorkflowExecutionTimedOut") return std::string("execution timed out");
  if (type == "WorkflowExecutionCanceled") return std::string("execution canceled");
  if (type == "WorkflowExecutionTerminated") return with_reason("execution terminated", a);
  if (type == "WorkflowExecutionContinuedAsNew") return "execution continued as new run " + text(a, "newExecutionRunId");
  return std::nullopt;
}

}  // namespace simpleflow::cli
