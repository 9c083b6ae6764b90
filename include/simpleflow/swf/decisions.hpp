// Decisions for RespondDecisionTaskCompleted, as typed builders: what the
// seed's object layer calls Decisions. Each returns SWF's Decision object,
// {"decisionType": ..., "<type>DecisionAttributes": {...}}, leaving unset
// fields out. (The replay engine makes its own decisions; these are for code
// that decides by hand, such as tools and tests.)
//
//   decider.complete(task.token, {swf::decisions::schedule_activity_task(
//       {.activity_id = "a-1", .type = {"etl.extract", "1"}, .task_list = "etl", .input = "{}"})});
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "simpleflow/json.hpp"
#include "simpleflow/swf/shapes.hpp"

namespace simpleflow::swf::decisions {

struct ScheduleActivityTask {
  std::string activity_id;
  ActivityTypeRef type;
  std::optional<std::string> task_list;
  std::optional<std::string> input;
  std::optional<std::string> control;
  std::optional<std::string> task_priority;
  std::optional<std::string> schedule_to_close_timeout;
  std::optional<std::string> schedule_to_start_timeout;
  std::optional<std::string> start_to_close_timeout;
  std::optional<std::string> heartbeat_timeout;
};
Json schedule_activity_task(const ScheduleActivityTask& d);
Json request_cancel_activity_task(const std::string& activity_id);

Json complete_workflow_execution(const std::optional<std::string>& result = std::nullopt);
Json fail_workflow_execution(const std::optional<std::string>& reason = std::nullopt,
                             const std::optional<std::string>& details = std::nullopt);
Json cancel_workflow_execution(const std::optional<std::string>& details = std::nullopt);

struct ContinueAsNew {
  std::optional<std::string> input;
  std::optional<std::string> execution_start_to_close_timeout;
  std::optional<std::string> task_list;
  std::optional<std::string> task_priority;
  std::optional<std::string> task_start_to_close_timeout;
  std::optional<std::string> child_policy;
  std::vector<std::string> tag_list;
  std::optional<std::string> workflow_type_version;
};
Json continue_as_new_workflow_execution(const ContinueAsNew& d);

Json record_marker(const std::string& name, const std::optional<std::string>& details = std::nullopt);
Json start_timer(const std::string& timer_id, const std::string& start_to_fire_timeout,
                 const std::optional<std::string>& control = std::nullopt);
Json cancel_timer(const std::string& timer_id);

struct SignalExternal {
  std::string workflow_id;
  std::optional<std::string> run_id;
  std::string signal_name;
  std::optional<std::string> input;
  std::optional<std::string> control;
};
Json signal_external_workflow_execution(const SignalExternal& d);
Json request_cancel_external_workflow_execution(const std::string& workflow_id,
                                                const std::optional<std::string>& run_id = std::nullopt,
                                                const std::optional<std::string>& control = std::nullopt);

struct StartChildWorkflow {
  std::string workflow_id;
  WorkflowTypeRef type;
  std::optional<std::string> input;
  std::optional<std::string> control;
  std::optional<std::string> task_list;
  std::optional<std::string> task_priority;
  std::optional<std::string> execution_start_to_close_timeout;
  std::optional<std::string> task_start_to_close_timeout;
  std::optional<std::string> child_policy;
  std::vector<std::string> tag_list;
};
Json start_child_workflow_execution(const StartChildWorkflow& d);

}  // namespace simpleflow::swf::decisions
