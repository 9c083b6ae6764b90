// `simpleflow workflow.replay`: what a decider would answer to a history.
// Users run it in CI to check that new code still replays old histories.
#include <iostream>
#include <sstream>

#include "cli/commands.hpp"
#include "cli/input.hpp"
#include "simpleflow/replay.hpp"

namespace simpleflow::cli {
namespace {

// The first events of a new execution of `def` with `input`.
Json new_execution(const WorkflowDef& def, Json input) {
  input["__extra"] = Json{{"class", def.class_name()}};
  Json task_list{{"name", def.task_list()}};
  Json started{{"input", dumps(input)},
               {"childPolicy", def.child_policy().value_or("TERMINATE")},
               {"taskList", task_list},
               {"workflowType", Json{{"name", def.name()}, {"version", def.version()}}},
               {"tagList", def.tag_list()}};
  return Json::array({
      {{"eventId", 1}, {"eventTimestamp", 0}, {"eventType", "WorkflowExecutionStarted"},
       {"workflowExecutionStartedEventAttributes", started}},
      {{"eventId", 2}, {"eventTimestamp", 0}, {"eventType", "DecisionTaskScheduled"},
       {"decisionTaskScheduledEventAttributes", Json{{"taskList", task_list}}}},
      {{"eventId", 3}, {"eventTimestamp", 0}, {"eventType", "DecisionTaskStarted"},
       {"decisionTaskStartedEventAttributes", Json{{"scheduledEventId", 2}}}},
  });
}

// Sets the input of the WorkflowExecutionStarted event of `history`.
Status replace_input(Json& history, const Json& input) {
  Json* events = &history;
  if (history.is_object()) {
    auto it = history.find("events");
    if (it == history.end()) return OkStatus();  // DecisionTask::from_json says what is wrong
    events = &*it;
  }
  if (!events->is_array()) return OkStatus();
  if (events->empty() || !(*events)[0].is_object() ||
      !(*events)[0].contains("workflowExecutionStartedEventAttributes")) {
    return InvalidArgumentError("--input: the history does not start with a WorkflowExecutionStarted event");
  }
  (*events)[0]["workflowExecutionStartedEventAttributes"]["input"] = dumps(input);
  return OkStatus();
}

Json decision_id(const Json& decision) {
  for (const auto& [key, attributes] : decision.items()) {
    if (!attributes.is_object()) continue;
    for (const char* field : {"activityId", "workflowId", "timerId", "markerName", "signalName"}) {
      if (attributes.contains(field)) return attributes[field];
    }
  }
  return "";
}

void print(const GlobalOptions& global, const Decisions& decisions) {
  if (global.format == Format::kJson || global.format == Format::kPrettyJson) {
    std::cout << decisions.to_json().dump(global.format == Format::kPrettyJson ? 2 : -1) << "\n";
    return;
  }
  Table table{{"decision", "id", "attributes"}, {}};
  for (const auto& d : decisions.decisions) {
    const std::string type = d.value("decisionType", "");
    std::string key = type;
    key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
    table.rows.push_back({type, decision_id(d), dumps(d.value(key + "DecisionAttributes", Json::object()))});
  }
  if (decisions.execution_context) table.rows.push_back({"executionContext", "", *decisions.execution_context});
  for (const auto& t : decisions.activity_types_to_register)
    table.rows.push_back({"RegisterActivityType", t.name, t.version});
  for (const auto& t : decisions.workflow_types_to_register)
    table.rows.push_back({"RegisterWorkflowType", t.name, t.version});
  std::cout << render(table, global.format, global.header);
}

}  // namespace

int workflow_replay(const GlobalOptions& global, const WorkflowReplayOptions& options) {
  auto found = find_workflow(options.workflow);
  if (!found.ok()) return usage_error(found.status().message());
  const WorkflowDef& def = **found;

  Json history;
  if (options.history_file) {
    auto read = read_json_file(*options.history_file, "--history");
    if (!read.ok()) return usage_error(read.status().message());
    history = std::move(*read);
  }
  if (options.input || !options.history_file) {
    auto input = read_input(options.input, std::nullopt);
    if (!input.ok()) return usage_error(input.status().message());
    Json envelope;
    try {
      Arguments arguments = Arguments::from_input(*input);
      def.check_arguments(arguments);
      envelope = arguments.to_input();
    } catch (const InvalidInput& e) {
      return usage_error(std::string("bad input: ") + e.what());
    }
    if (!options.history_file) {
      history = new_execution(def, envelope);
    } else if (Status s = replace_input(history, envelope); !s.ok()) {
      return usage_error(s.message());
    }
  }

  auto task = DecisionTask::from_json(std::move(history));
  if (!task.ok()) return usage_error("bad history: " + task.status().message());
  if (options.workflow_id) task->workflow_id = *options.workflow_id;
  if (options.run_id) task->run_id = *options.run_id;
  // What the workflow prints goes to stderr: stdout carries the decisions.
  std::ostringstream printed;
  std::streambuf* stdout_buffer = std::cout.rdbuf(printed.rdbuf());
  auto decisions = replay(def, *task);
  std::cout.rdbuf(stdout_buffer);
  std::cerr << printed.str();
  if (!decisions.ok()) {
    const bool bad_history = decisions.status().code() == StatusCode::kInvalidArgument;
    return usage_error((bad_history ? "bad history: " : "") + decisions.status().message());
  }
  print(global, *decisions);
  return kExitOk;
}

}  // namespace simpleflow::cli
