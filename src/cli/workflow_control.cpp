// workflow.terminate, workflow.restart, workflow.signal, workflow.cancel.
#include <iostream>

#include <spdlog/spdlog.h>

#include "cli/workflow_actions.hpp"
#include "cli/workflow_common.hpp"

namespace simpleflow::cli {
namespace {

// The execution, which must be open for `action` ("terminated").
swf::WorkflowExecution find_open(const ExecutionArgs& args, const std::string& action) {
  swf::WorkflowExecution execution = find_execution(args);
  if (execution.fields().status != swf::kStatusOpen)
    throw CommandError(kExitFailed, "execution " + describe(execution) + " is closed (" +
                                        execution.fields().close_status + "): it cannot be " + action);
  return execution;
}

}  // namespace

int workflow_terminate(const ExecutionArgs& args) {
  return run_guarded([&] {
    swf::WorkflowExecution execution = find_open(args, "terminated");
    execution.terminate();
    spdlog::info("terminated {}", describe(execution));
    return kExitOk;
  });
}

int workflow_restart(const ExecutionArgs& args) {
  return run_guarded([&] {
    swf::WorkflowExecution execution = find_execution(args);
    const swf::ExecutionFields& f = execution.fields();
    // The input exactly as it was sent, not decoded and encoded again.
    swf::Event started = first_event(execution);
    std::optional<std::string> input;
    if (auto it = started.attributes.find("input"); it != started.attributes.end() && it->is_string())
      input = it->get<std::string>();

    // A closed execution is started again as it is: Python fails on it, but
    // running a failed execution again is what one restarts it for.
    if (f.status == swf::kStatusOpen) {
      execution.terminate("workflow.restart");
      spdlog::info("terminated {}", describe(execution));
    }

    swf::StartWorkflowExecutionRequest request;
    request.domain = execution.domain().name();
    request.workflow_id = execution.workflow_id();
    if (f.workflow_type) request.type = *f.workflow_type;
    if (!f.task_list.empty()) request.task_list = f.task_list;
    request.input = input;
    if (!f.execution_timeout.empty()) request.execution_start_to_close_timeout = f.execution_timeout;
    request.tag_list = f.tag_list;
    if (!f.decision_tasks_timeout.empty()) request.task_start_to_close_timeout = f.decision_tasks_timeout;
    if (!f.child_policy.empty()) request.child_policy = f.child_policy;
    auto run_id = execution.domain().client()->start_workflow_execution(request);
    if (!run_id.ok()) {
      throw CommandError(kExitFailed, (f.status == swf::kStatusOpen ? "terminated " + describe(execution) + " but " : "") +
                                          "could not start it again: " + run_id.error().describe());
    }
    std::cout << execution.workflow_id() << " " << *run_id << std::endl;
    return kExitOk;
  });
}

int workflow_signal(const SignalArgs& args) {
  std::optional<Json> input;
  if (args.input) {
    auto parsed = parse_json(*args.input);
    if (!parsed.ok()) return usage_error("--input: " + parsed.status().message());
    input = std::move(parsed).value();
  }
  return run_guarded([&] {
    swf::WorkflowExecution execution = find_open(args.execution, "signaled");
    execution.signal(args.signal_name, input);
    spdlog::info("sent signal {} to {}", args.signal_name, describe(execution));
    return kExitOk;
  });
}

int workflow_cancel(const ExecutionArgs& args) {
  return run_guarded([&] {
    swf::WorkflowExecution execution = find_open(args, "canceled");
    execution.request_cancel();
    spdlog::info("requested the cancellation of {}", describe(execution));
    return kExitOk;
  });
}

}  // namespace simpleflow::cli
