#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/input.hpp"
#include "core/settings.hpp"
#include "simpleflow/local_executor.hpp"
#include "simpleflow/registry.hpp"
#include "simpleflow/swf/querysets.hpp"

namespace simpleflow::cli {
StatusOr<const WorkflowDef*> find_workflow(const std::string& name) {
  if (const WorkflowDef* def = Registry::global().find_workflow(name)) return def;
  std::string known;
  for (const auto* def : Registry::global().workflows()) known += (known.empty() ? "" : ", ") + def->class_name();
  if (known.empty())
    return NotFoundError("unknown workflow \"" + name +
                         "\": no workflow is registered (load one with --plugin or SIMPLEFLOW_PLUGINS)");
  return NotFoundError("unknown workflow \"" + name + "\"; registered workflows: " + known);
}

namespace {

int run_locally(const WorkflowDef& def, const Json& input) {
  LocalExecutor executor(def);
  try {
    Json result = executor.run(input);
    spdlog::info("workflow {} completed with result {}", def.class_name(), dumps(result));
    return kExitOk;
  } catch (const InvalidInput& e) {
    return usage_error(std::string("bad input: ") + e.what());
  } catch (const WorkflowFailed& e) {
    spdlog::error("workflow {} failed: {}", def.class_name(), e.reason());
    if (!e.details().empty()) spdlog::error("details: {}", e.details());
    return kExitFailed;
  }
}

std::vector<std::string> split_tags(const std::string& tags) {
  std::vector<std::string> out;
  std::size_t start = 0;
  while (start <= tags.size()) {
    auto comma = tags.find(',', start);
    std::string tag = tags.substr(start, comma == std::string::npos ? std::string::npos : comma - start);
    tag.erase(0, tag.find_first_not_of(' '));
    tag.erase(tag.find_last_not_of(' ') + 1);
    if (!tag.empty()) out.push_back(tag);
    if (comma == std::string::npos) break;
    start = comma + 1;
  }
  return out;
}

}  // namespace

StatusOr<PreparedExecution> prepare_execution(const WorkflowDef& def, const Json& input,
                                              const std::optional<std::string>& tags) {
  PreparedExecution out{.def = &def};
  try {
    out.arguments = Arguments::from_input(input);
    def.check_arguments(out.arguments);
  } catch (const InvalidInput& e) {
    return InvalidArgumentError(std::string("bad input: ") + e.what());
  }
  out.tags = tags ? split_tags(*tags) : def.tag_list_for(out.arguments);
  if (out.tags.size() > 5)
    return InvalidArgumentError("an execution has at most 5 tags, got " + std::to_string(out.tags.size()));
  return out;
}

StatusOr<swf::WorkflowExecution> start_execution(const PreparedExecution& prepared,
                                                 const std::shared_ptr<swf::SwfClient>& client,
                                                 const std::string& domain_name, const ExecutionSettings& settings) {
  const WorkflowDef& def = *prepared.def;
  const Arguments& arguments = prepared.arguments;
  try {
    swf::Domain domain(client, domain_name);
    swf::WorkflowTypeOptions defaults;
    defaults.task_list = def.task_list();
    defaults.child_policy = def.child_policy().value_or("TERMINATE");
    defaults.execution_timeout =
        def.execution_timeout().value_or(internal::setting("WORKFLOW_DEFAULT_EXECUTION_TIME", "3600"));
    defaults.decision_tasks_timeout =
        def.decision_tasks_timeout().value_or(internal::setting("WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT", "300"));
    swf::WorkflowType type = swf::WorkflowTypeQuerySet(domain).get_or_create(def.name(), def.version(), defaults);

    Json envelope = arguments.to_input();
    envelope["__extra"] = Json{{"class", def.class_name()}};
    swf::StartExecutionOptions start;
    start.workflow_id = settings.workflow_id;
    start.task_list = settings.task_list.value_or(def.task_list_for(arguments));
    start.execution_timeout = settings.execution_timeout ? settings.execution_timeout : def.execution_timeout();
    start.decision_tasks_timeout =
        settings.decision_tasks_timeout ? settings.decision_tasks_timeout : def.decision_tasks_timeout();
    start.input = std::move(envelope);
    start.tag_list = prepared.tags;
    return type.start_execution(start);
  } catch (const std::invalid_argument& e) {
    return InvalidArgumentError(e.what());
  } catch (const swf::SwfError& e) {
    return UnavailableError(e.what());
  } catch (const std::runtime_error& e) {  // the jumbo field store failed
    return UnavailableError(e.what());
  }
}

namespace {

// Starts `def` on SWF and prints "<workflow id> <run id>".
int start_on_swf(const WorkflowDef& def, const WorkflowStartOptions& options, const Json& input) {
  auto prepared = prepare_execution(def, input, options.tags);
  if (!prepared.ok()) return usage_error(prepared.status().message());
  if (Status s = prepare_jumbo_fields(options.swf); !s.ok()) return usage_error(s.message());
  auto connection = connect_to_swf(options.swf);
  if (!connection.ok())
    return usage_error(connection.status().message() + ". To run the workflow in this process instead, add --local");
  const auto& domain_name = connection->config.domain;
  if (!domain_name) return usage_error("workflow.start on SWF needs a domain: give --domain or set SWF_DOMAIN");
  auto execution = start_execution(*prepared, connection->client, *domain_name,
                                   {.workflow_id = options.workflow_id,
                                    .task_list = options.task_list,
                                    .execution_timeout = options.execution_timeout,
                                    .decision_tasks_timeout = options.decision_tasks_timeout});
  if (!execution.ok()) {
    if (execution.status().code() == StatusCode::kInvalidArgument) return usage_error(execution.status().message());
    std::cerr << "simpleflow: error: " << execution.status().message() << std::endl;
    return kExitFailed;
  }
  std::cout << execution->workflow_id() << " " << execution->run_id() << std::endl;
  return kExitOk;
}

}  // namespace

int workflow_start(const GlobalOptions&, const WorkflowStartOptions& options) {
  auto found = find_workflow(options.workflow);
  if (!found.ok()) return usage_error(found.status().message());
  auto input = read_input(options.input, options.input_file);
  if (!input.ok()) return usage_error(input.status().message());
  if (options.local) return run_locally(**found, *input);
  return start_on_swf(**found, options, *input);
}

}  // namespace simpleflow::cli
