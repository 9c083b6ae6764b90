#include "cli/activity_rerun.hpp"

#include <iostream>
#include <set>

#include <spdlog/spdlog.h>

#include "cli/workflow_common.hpp"
#include "core/failure.hpp"
#include "replay/wire.hpp"
#include "simpleflow/errors.hpp"
#include "simpleflow/params.hpp"
#include "simpleflow/registry.hpp"

namespace simpleflow::cli {
namespace {

constexpr const char* kScheduled = "ActivityTaskScheduled";

// A string member of a JSON object; "" when absent or not a string, so that
// an odd event makes a clear message rather than a JSON exception.
std::string text_at(const Json& object, const char* key) {
  if (!object.is_object()) return "";
  auto it = object.find(key);
  return it != object.end() && it->is_string() ? it->get<std::string>() : "";
}

const Json& object_at(const Json& object, const char* key) {
  static const Json kEmpty = Json::object();
  if (!object.is_object()) return kEmpty;
  auto it = object.find(key);
  return it != object.end() && it->is_object() ? *it : kEmpty;
}

// "(its activities: a, b)", so that a mistyped id is easy to correct.
std::string scheduled_activity_ids(const swf::History& history) {
  std::set<std::string> ids;
  for (const auto& event : history)
    if (event.type == kScheduled) ids.insert(text_at(event.attributes, "activityId"));
  if (ids.empty()) return "(it scheduled no activity)";
  std::string out = "(its activities: ";
  std::size_t shown = 0;
  for (const auto& id : ids) {
    if (shown == 10) return out + ", ...)";
    out += (shown++ ? ", " : "") + id;
  }
  return out + ")";
}

// The execution, or exit 2: a workflow id or run id that names nothing is a
// bad argument of this command.
swf::WorkflowExecution find_rerun_execution(const ActivityRerunOptions& options) {
  swf::Domain domain = connect_domain(options.swf, std::nullopt);
  std::optional<std::string> run_id;
  if (options.run_id) run_id = decode_run_id(*options.run_id);
  try {
    return find_execution(domain, options.workflow_id, run_id);
  } catch (const CommandError& e) {
    throw CommandError(kExitUsage, e.what());
  }
}

const ActivityDef& registered_activity(const std::string& name, const std::string& activity_id) {
  const ActivityDef* def = Registry::global().find_activity(name);
  if (!def)
    throw CommandError(kExitUsage, "activity \"" + name + "\" (" + activity_id +
                                       ") is not registered here: load the plugin that defines it "
                                       "(--plugin PATH or SIMPLEFLOW_PLUGINS)");
  return *def;
}

// The recorded input, decoded as a worker decodes it.
Json recorded_input(const std::string& text) {
  try {
    Json input = internal::decode_field(text);
    return input.is_null() ? Json::object() : input;
  } catch (const internal::UnreadableField& e) {
    throw CommandError(kExitFailed, "cannot read the recorded input: " + e.message);
  }
}

// Checks that `input` fits the activity's parameters before running it, so
// that a bad --input is a usage error rather than a failure of the activity.
Arguments bound_arguments(const ActivityDef& def, const Json& input, bool overridden) {
  try {
    Arguments arguments = Arguments::from_input(input);
    internal::bind_arguments(arguments, def.params(), def.arity(), def.name());
    return arguments;
  } catch (const InvalidInput& e) {
    if (overridden) throw CommandError(kExitUsage, std::string("--input does not fit the activity: ") + e.what());
    throw CommandError(kExitFailed, std::string("the recorded input does not fit the activity: ") + e.what());
  }
}

}  // namespace

CLI::App* add_activity_rerun_command(CLI::App& app, ActivityRerunOptions& options) {
  CLI::App* command = app.add_subcommand(
      "activity.rerun", "Run an activity of an execution again, in this process, and print its result as JSON");
  command->add_option("--workflow-id", options.workflow_id, "Workflow id of the execution")->required();
  command->add_option("--run-id", options.run_id,
                      "Run id (default: the latest open execution, else the latest closed one); may be URL-encoded");
  command->add_option("-i,--input", options.input, "JSON input replacing the recorded one");
  command->add_option("--scheduled-id", options.scheduled_id,
                      "Id of the activity's ActivityTaskScheduled event");
  command->add_option("--activity-id", options.activity_id,
                      "Activity id (\"activity-<name>-<n>\"): its latest scheduling");
  add_swf_options(*command, options.swf);
  return command;
}

const swf::Event& find_scheduled_activity(const swf::History& history, const std::optional<std::int64_t>& scheduled_id,
                                          const std::optional<std::string>& activity_id) {
  if (scheduled_id) {
    for (const auto& event : history) {
      if (event.id != *scheduled_id) continue;
      if (event.type == kScheduled) return event;
      throw CommandError(kExitUsage, "--scheduled-id " + std::to_string(*scheduled_id) + ": event " +
                                         std::to_string(event.id) + " is " + event.type + ", not " + kScheduled +
                                         " " + scheduled_activity_ids(history));
    }
    throw CommandError(kExitUsage, "--scheduled-id " + std::to_string(*scheduled_id) + ": the history has no event " +
                                       std::to_string(*scheduled_id) + " (it has " + std::to_string(history.size()) +
                                       " events)");
  }
  const swf::Event* latest = nullptr;
  for (const auto& event : history)
    if (event.type == kScheduled && text_at(event.attributes, "activityId") == *activity_id) latest = &event;
  if (!latest)
    throw CommandError(kExitUsage, "--activity-id: no activity \"" + *activity_id + "\" in this execution " +
                                       scheduled_activity_ids(history));
  return *latest;
}

ActivityContext rerun_context(const swf::WorkflowExecution& execution, const swf::Event& scheduled,
                              const std::string& input) {
  const Json& type = object_at(scheduled.attributes, "activityType");
  return ActivityContext{.name = text_at(type, "name"),
                         .version = text_at(type, "version"),
                         .workflow_id = execution.workflow_id(),
                         .run_id = execution.run_id(),
                         .activity_id = text_at(scheduled.attributes, "activityId"),
                         .input = input,
                         .domain_name = execution.domain().name(),
                         .task_list = text_at(object_at(scheduled.attributes, "taskList"), "name"),
                         // Nobody listens: the activity runs outside any task.
                         .on_heartbeat = [](const std::string& details) { spdlog::info("heartbeat: {}", details); }};
}

int activity_rerun(const GlobalOptions& global, const ActivityRerunOptions& options) {
  if (options.scheduled_id && options.activity_id)
    return usage_error("activity.rerun: give --scheduled-id or --activity-id, not both");
  if (!options.scheduled_id && !options.activity_id)
    return usage_error("activity.rerun: say which activity to run with --scheduled-id N or --activity-id ID");
  std::optional<Json> input_override;
  if (options.input) {
    auto parsed = parse_json(*options.input);
    if (!parsed.ok()) return usage_error("--input: " + parsed.status().message());
    input_override = std::move(parsed).value();
  }

  return run_guarded([&] {
    swf::WorkflowExecution execution = find_rerun_execution(options);
    spdlog::info("found execution: workflowId={} runId={}", execution.workflow_id(), execution.run_id());
    swf::History history = execution.history();
    const swf::Event& scheduled = find_scheduled_activity(history, options.scheduled_id, options.activity_id);
    ActivityContext context =
        rerun_context(execution, scheduled, input_override ? *options.input : text_at(scheduled.attributes, "input"));
    const ActivityDef& def = registered_activity(context.name, context.activity_id);
    if (def.version() != context.version)
      spdlog::warn("{} was scheduled as version {}; the registered one is version {}", def.name(), context.version,
                   def.version());

    Json input = input_override ? *input_override : recorded_input(context.input);
    Arguments arguments = bound_arguments(def, input, input_override.has_value());
    spdlog::info("rerunning {} ({}, scheduled in event {}) with input {}{}", context.activity_id, def.name(),
                 scheduled.id, dumps(input), input_override ? " (from --input)" : "");
    Json result;
    try {
      result = def.invoke(arguments, context);
    } catch (const InvalidInput& e) {
      // Arguments of the wrong type: with --input, the user's mistake; with
      // the recorded input, a failure as a worker would report it.
      if (input_override) throw CommandError(kExitUsage, std::string("--input does not fit the activity: ") + e.what());
      throw CommandError(kExitFailed, "activity " + def.name() + " failed: InvalidInput: " + e.what());
    } catch (...) {
      internal::FailureReport report = internal::report_failure(std::current_exception());
      spdlog::info("failure details: {}", report.details);
      throw CommandError(kExitFailed, "activity " + def.name() + " failed: " + report.reason);
    }
    std::cout << (global.format == Format::kPrettyJson ? result.dump(4) : dumps(result)) << std::endl;
    return kExitOk;
  });
}

}  // namespace simpleflow::cli
