#include "simpleflow/swf/decisions.hpp"

#include "core/swf_names.hpp"

namespace simpleflow::swf::decisions {
namespace {

// Builds one decision's attributes, leaving unset fields out.
class Attributes {
 public:
  Attributes& set(const char* key, const std::string& value) {
    json_[key] = value;
    return *this;
  }
  Attributes& set(const char* key, const std::optional<std::string>& value) {
    if (value) json_[key] = *value;
    return *this;
  }
  Attributes& task_list(const char* key, const std::optional<std::string>& name) {
    if (name) json_[key] = {{"name", *name}};
    return *this;
  }
  Attributes& tags(const std::vector<std::string>& tags) {
    if (!tags.empty()) json_["tagList"] = tags;
    return *this;
  }
  Attributes& set(const char* key, Json value) {
    json_[key] = std::move(value);
    return *this;
  }
  Json decision(const std::string& type) {
    return {{"decisionType", type}, {internal::attributes_member(type, "DecisionAttributes"), std::move(json_)}};
  }

 private:
  Json json_ = Json::object();
};

}  // namespace

Json schedule_activity_task(const ScheduleActivityTask& d) {
  return Attributes()
      .set("activityId", d.activity_id)
      .set("activityType", Json{{"name", d.type.name}, {"version", d.type.version}})
      .task_list("taskList", d.task_list)
      .set("input", d.input)
      .set("control", d.control)
      .set("taskPriority", d.task_priority)
      .set("scheduleToCloseTimeout", d.schedule_to_close_timeout)
      .set("scheduleToStartTimeout", d.schedule_to_start_timeout)
      .set("startToCloseTimeout", d.start_to_close_timeout)
      .set("heartbeatTimeout", d.heartbeat_timeout)
      .decision("ScheduleActivityTask");
}

Json request_cancel_activity_task(const std::string& activity_id) {
  return Attributes().set("activityId", activity_id).decision("RequestCancelActivityTask");
}

Json complete_workflow_execution(const std::optional<std::string>& result) {
  return Attributes().set("result", result).decision("CompleteWorkflowExecution");
}

Json fail_workflow_execution(const std::optional<std::string>& reason, const std::optional<std::string>& details) {
  return Attributes().set("reason", reason).set("details", details).decision("FailWorkflowExecution");
}

Json cancel_workflow_execution(const std::optional<std::string>& details) {
  return Attributes().set("details", details).decision("CancelWorkflowExecution");
}

Json continue_as_new_workflow_execution(const ContinueAsNew& d) {
  return Attributes()
      .set("input", d.input)
      .set("executionStartToCloseTimeout", d.execution_start_to_close_timeout)
      .task_list("taskList", d.task_list)
      .set("taskPriority", d.task_priority)
      .set("taskStartToCloseTimeout", d.task_start_to_close_timeout)
      .set("childPolicy", d.child_policy)
      .tags(d.tag_list)
      .set("workflowTypeVersion", d.workflow_type_version)
      .decision("ContinueAsNewWorkflowExecution");
}

Json record_marker(const std::string& name, const std::optional<std::string>& details) {
  return Attributes().set("markerName", name).set("details", details).decision("RecordMarker");
}

Json start_timer(const std::string& timer_id, const std::string& start_to_fire_timeout,
                 const std::optional<std::string>& control) {
  return Attributes()
      .set("timerId", timer_id)
      .set("startToFireTimeout", start_to_fire_timeout)
      .set("control", control)
      .decision("StartTimer");
}

Json cancel_timer(const std::string& timer_id) { return Attributes().set("timerId", timer_id).decision("CancelTimer"); }

Json signal_external_workflow_execution(const SignalExternal& d) {
  return Attributes()
      .set("workflowId", d.workflow_id)
      .set("runId", d.run_id)
      .set("signalName", d.signal_name)
      .set("input", d.input)
      .set("control", d.control)
      .decision("SignalExternalWorkflowExecution");
}

Json request_cancel_external_workflow_execution(const std::string& workflow_id,
                                                const std::optional<std::string>& run_id,
                                                const std::optional<std::string>& control) {
  return Attributes()
      .set("workflowId", workflow_id)
      .set("runId", run_id)
      .set("control", control)
      .decision("RequestCancelExternalWorkflowExecution");
}

Json start_child_workflow_execution(const StartChildWorkflow& d) {
  return Attributes()
      .set("workflowId", d.workflow_id)
      .set("workflowType", Json{{"name", d.type.name}, {"version", d.type.version}})
      .set("input", d.input)
      .set("control", d.control)
      .task_list("taskList", d.task_list)
      .set("taskPriority", d.task_priority)
      .set("executionStartToCloseTimeout", d.execution_start_to_close_timeout)
      .set("taskStartToCloseTimeout", d.task_start_to_close_timeout)
      .set("childPolicy", d.child_policy)
      .tags(d.tag_list)
      .decision("StartChildWorkflowExecution");
}

}  // namespace simpleflow::swf::decisions
