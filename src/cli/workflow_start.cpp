#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/commands.hpp"
#include "cli/input.hpp"
#include "simpleflow/local_executor.hpp"
#include "simpleflow/registry.hpp"

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

int workflow_start(const GlobalOptions&, const WorkflowStartOptions& options) {
  auto found = find_workflow(options.workflow);
  if (!found.ok()) return usage_error(found.status().message());
  const WorkflowDef* def = *found;
  if (!options.local) {
    return usage_error(
        "workflow.start without --local starts the workflow on SWF, which this build cannot reach yet; "
        "run it here with --local");
  }
  auto input = read_input(options.input, options.input_file);
  if (!input.ok()) return usage_error(input.status().message());

  LocalExecutor executor(*def);
  try {
    Json result = executor.run(*input);
    spdlog::info("workflow {} completed with result {}", def->class_name(), dumps(result));
    return kExitOk;
  } catch (const InvalidInput& e) {
    return usage_error(std::string("bad input: ") + e.what());
  } catch (const WorkflowFailed& e) {
    spdlog::error("workflow {} failed: {}", def->class_name(), e.reason());
    if (!e.details().empty()) spdlog::error("details: {}", e.details());
    return kExitFailed;
  }
}

}  // namespace simpleflow::cli
