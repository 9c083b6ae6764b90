#include "simpleflow/swf/querysets.hpp"
#include "swf_objects/model_support.hpp"

namespace simpleflow::swf {

WorkflowExecution::WorkflowExecution(Domain domain, std::string workflow_id, std::string run_id, ExecutionFields fields)
    : domain_(std::move(domain)), workflow_id_(std::move(workflow_id)), run_id_(std::move(run_id)),
      fields_(std::move(fields)) {}

bool WorkflowExecution::exists() const {
  return internal::exists_from(
      domain_.client()->describe_workflow_execution(domain_.name(), {workflow_id_, run_id_}));
}

bool WorkflowExecution::is_synced() const { return internal::synced(*this); }

ModelDiff WorkflowExecution::changes() const {
  ExecutionDetail remote =
      value_or_throw(domain_.client()->describe_workflow_execution(domain_.name(), {workflow_id_, run_id_}));
  const auto& f = fields_;
  const auto& c = remote.configuration;
  auto set = [](const std::string& s) { return s.empty() ? std::nullopt : std::optional<std::string>(s); };
  ModelDiff diff;
  diff.add("workflow_id", workflow_id_, remote.info.execution.workflow_id);
  diff.add("run_id", run_id_, remote.info.execution.run_id);
  internal::compare_if_set(diff, "status", set(f.status), remote.info.execution_status);
  internal::compare_if_set(diff, "task_list", set(f.task_list), c.task_list);
  internal::compare_if_set(diff, "child_policy", set(f.child_policy), c.child_policy);
  internal::compare_if_set(diff, "execution_timeout", set(f.execution_timeout), c.execution_start_to_close_timeout);
  if (!f.tag_list.empty()) diff.add("tag_list", f.tag_list, remote.info.tag_list);
  internal::compare_if_set(diff, "decision_tasks_timeout", set(f.decision_tasks_timeout), c.task_start_to_close_timeout);
  return diff;
}

WorkflowExecution WorkflowExecution::upstream() const {
  return WorkflowExecutionQuerySet(domain_).get(workflow_id_, run_id_);
}

void WorkflowExecution::history_events(const std::function<void(const std::vector<Json>&)>& on_page,
                                       bool reverse_order, std::optional<int> page_size) const {
  GetHistoryRequest request{.domain = domain_.name(), .execution = {workflow_id_, run_id_}};
  request.page.reverse_order = reverse_order;
  request.page.maximum_page_size = page_size;
  for (;;) {
    HistoryPage page = value_or_throw(domain_.client()->get_workflow_execution_history(request));
    on_page(page.events);
    if (page.next_page_token.empty()) return;
    request.page.next_page_token = std::move(page.next_page_token);
  }
}

History WorkflowExecution::history(bool reverse_order) const {
  std::vector<Event> events;
  history_events(
      [&](const std::vector<Json>& page) {
        for (const auto& event : page) events.push_back(Event::from_json(event));
      },
      reverse_order);
  return History(std::move(events));
}

void WorkflowExecution::signal(const std::string& name, const std::optional<Json>& input) const {
  SignalRequest request{.domain = domain_.name(), .workflow_id = workflow_id_, .run_id = run_id_,
                        .signal_name = name};
  if (input) request.input = internal::encoded_input(*input, "the signal's input");
  value_or_throw(domain_.client()->signal_workflow_execution(request));
}

void WorkflowExecution::request_cancel() const {
  value_or_throw(domain_.client()->request_cancel_workflow_execution(
      {.domain = domain_.name(), .workflow_id = workflow_id_, .run_id = run_id_}));
}

void WorkflowExecution::terminate(const std::optional<std::string>& reason, const std::optional<std::string>& details,
                                  const std::optional<std::string>& child_policy) const {
  value_or_throw(domain_.client()->terminate_workflow_execution({.domain = domain_.name(),
                                                                 .workflow_id = workflow_id_,
                                                                 .run_id = run_id_,
                                                                 .reason = reason,
                                                                 .details = details,
                                                                 .child_policy = child_policy}));
}

}  // namespace simpleflow::swf
