#include "simpleflow/replay.hpp"

#include "history/events.hpp"
#include "history/execution_state.hpp"
#include "replay/replay_run.hpp"

namespace simpleflow {
namespace {

std::string string_field(const Json& object, const char* key) {
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : std::string();
}

Json types_json(const std::vector<TypeToRegister>& types) {
  Json out = Json::array();
  for (const auto& t : types) out.push_back(Json{{"name", t.name}, {"version", t.version}});
  return out;
}

}  // namespace

StatusOr<DecisionTask> DecisionTask::from_json(Json response) {
  DecisionTask task;
  Json events;
  if (response.is_array()) {
    events = std::move(response);
  } else if (response.is_object()) {
    auto it = response.find("events");
    if (it == response.end() || !it->is_array())
      return InvalidArgumentError("a history is a JSON array of events or an object with an \"events\" array");
    events = std::move(*it);
    if (auto ex = response.find("workflowExecution"); ex != response.end()) {
      if (!ex->is_object()) return InvalidArgumentError("\"workflowExecution\" must be an object");
      task.workflow_id = string_field(*ex, "workflowId");
      task.run_id = string_field(*ex, "runId");
    }
    if (auto type = response.find("workflowType"); type != response.end()) {
      if (!type->is_object()) return InvalidArgumentError("\"workflowType\" must be an object");
      task.workflow_type_name = string_field(*type, "name");
      task.workflow_type_version = string_field(*type, "version");
    }
  } else {
    return InvalidArgumentError("a history is a JSON array of events or an object with an \"events\" array");
  }
  // Moves the events: a long history is not copied.
  task.history = History(std::move(events.get_ref<Json::array_t&>()));
  auto checked = internal::read_events(task.history);
  if (!checked.ok()) return checked.status();
  if (checked->empty() || checked->front().type != internal::EventType::kWorkflowExecutionStarted)
    return InvalidArgumentError("a history starts with a WorkflowExecutionStarted event");
  const internal::Event& started = checked->front();
  if (task.workflow_type_name.empty()) {
    task.workflow_type_name = started.text_in("workflowType", "name");
    task.workflow_type_version = started.text_in("workflowType", "version");
  }
  return task;
}

Json Decisions::to_json() const {
  Json out{{"decisions", decisions}};
  if (execution_context) out["executionContext"] = *execution_context;
  if (!activity_types_to_register.empty()) out["activityTypesToRegister"] = types_json(activity_types_to_register);
  if (!workflow_types_to_register.empty()) out["workflowTypesToRegister"] = types_json(workflow_types_to_register);
  return out;
}

StatusOr<Decisions> replay(const WorkflowDef& workflow, const DecisionTask& task, const ReplayOptions& options) {
  auto events = internal::read_events(task.history);
  if (!events.ok()) return events.status();
  auto state = internal::build_execution_state(*events);
  if (!state.ok()) return state.status();
  internal::ReplayRun run(workflow, task, *state, options);
  return run.replay();
}

}  // namespace simpleflow
