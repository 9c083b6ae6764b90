#include "simpleflow/replay.hpp"

#include "history/events.hpp"
#include "history/execution_state.hpp"
#include "replay/kept_state.hpp"
#include "replay/replay_run.hpp"

namespace simpleflow {
namespace {

Json types_json(const std::vector<TypeToRegister>& types) {
  Json out = Json::array();
  for (const auto& t : types) out.push_back(Json{{"name", t.name}, {"version", t.version}});
  return out;
}

}  // namespace

StatusOr<DecisionTask> DecisionTask::parse(std::string_view json_text) {
  auto parsed = internal::ParsedHistory::parse(json_text);
  if (!parsed.ok()) return parsed.status();
  return internal::decision_task_over(std::make_shared<const internal::ParsedHistory>(std::move(*parsed)));
}

StatusOr<DecisionTask> DecisionTask::from_json(const Json& response) {
  if (!response.is_array() && !response.is_object())
    return InvalidArgumentError("a history is a JSON array of events or an object with an \"events\" array");
  // Invalid UTF-8 in a string is replaced, as Python's decoder would.
  return parse(response.dump(-1, ' ', false, Json::error_handler_t::replace));
}

Json Decisions::to_json() const {
  Json out{{"decisions", decisions}};
  if (execution_context) out["executionContext"] = *execution_context;
  if (!activity_types_to_register.empty()) out["activityTypesToRegister"] = types_json(activity_types_to_register);
  if (!workflow_types_to_register.empty()) out["workflowTypesToRegister"] = types_json(workflow_types_to_register);
  return out;
}

StatusOr<Decisions> replay(const WorkflowDef& workflow, const DecisionTask& task, const ReplayOptions& options) {
  std::optional<internal::ParsedHistory> own;
  const internal::ParsedHistory* parsed = task.parsed.get();
  if (!parsed) {
    auto read = internal::read_events(task.history);
    if (!read.ok()) return read.status();
    own.emplace(std::move(*read));
    parsed = &*own;
  }
  auto state = internal::build_execution_state(parsed->events());
  if (!state.ok()) return state.status();
  return internal::replay_with_state(workflow, task, *state, options);
}

namespace internal {

StatusOr<DecisionTask> decision_task_over(std::shared_ptr<const ParsedHistory> history) {
  const auto& events = history->events();
  if (events.empty() || events.front().type != EventType::kWorkflowExecutionStarted)
    return InvalidArgumentError("a history starts with a WorkflowExecutionStarted event");
  DecisionTask task;
  task.workflow_id = history->workflow_id;
  task.run_id = history->run_id;
  task.workflow_type_name = history->workflow_type_name;
  task.workflow_type_version = history->workflow_type_version;
  if (task.workflow_type_name.empty()) {
    task.workflow_type_name = events.front().text_in("workflowType", "name");
    task.workflow_type_version = events.front().text_in("workflowType", "version");
  }
  // Hooks that read the history get JSON, decoded on their first read.
  task.history = History(events.size(), [history, size = events.size()] {
    std::vector<Json> out;
    out.reserve(size);
    for (std::size_t i = 0; i < size; ++i) out.push_back(history->event_json(i));
    return out;
  });
  task.parsed = std::move(history);
  return task;
}

StatusOr<Decisions> replay_with_state(const WorkflowDef& workflow, const DecisionTask& task,
                                      const ExecutionState& state, const ReplayOptions& options) {
  ReplayRun run(workflow, task, state, options);
  return run.replay();
}

}  // namespace internal
}  // namespace simpleflow
