#include <array>
#include <ctime>

#include "simpleflow/swf/querysets.hpp"
#include "swf_objects/model_support.hpp"

namespace simpleflow::swf {
namespace {

void check_child_policy(const std::string& policy) {
  for (const char* known : {"TERMINATE", "REQUEST_CANCEL", "ABANDON"})
    if (policy == known) return;
  throw std::invalid_argument("invalid child policy \"" + policy + "\": use TERMINATE, REQUEST_CANCEL or ABANDON");
}

}  // namespace

WorkflowType::WorkflowType(Domain domain, std::string name, std::string version, WorkflowTypeOptions options)
    : domain_(std::move(domain)), name_(std::move(name)), version_(std::move(version)), options_(std::move(options)) {
  if (options_.child_policy) check_child_policy(*options_.child_policy);
}

bool WorkflowType::exists() const {
  return internal::exists_from(domain_.client()->describe_workflow_type(domain_.name(), {name_, version_}));
}

bool WorkflowType::is_synced() const { return internal::synced(*this); }

ModelDiff WorkflowType::changes() const {
  WorkflowTypeDetail remote = value_or_throw(domain_.client()->describe_workflow_type(domain_.name(), {name_, version_}));
  const auto& o = options_;
  const auto& c = remote.configuration;
  ModelDiff diff;
  diff.add("name", name_, remote.info.name);
  diff.add("version", version_, remote.info.version);
  diff.add("status", o.status, remote.info.status);
  if (o.creation_date != 0) diff.add("creation_date", o.creation_date, remote.info.creation_date);
  internal::compare_if_set(diff, "deprecation_date", o.deprecation_date, internal::or_null(remote.info.deprecation_date));
  internal::compare_if_set(diff, "task_list", o.task_list, internal::or_null(c.task_list));
  internal::compare_if_set(diff, "child_policy", o.child_policy, internal::or_null(c.child_policy));
  internal::compare_if_set(diff, "execution_timeout", o.execution_timeout,
                           internal::or_null(c.execution_start_to_close_timeout));
  internal::compare_if_set(diff, "decision_tasks_timeout", o.decision_tasks_timeout,
                           internal::or_null(c.task_start_to_close_timeout));
  internal::compare_if_set(diff, "description", o.description, remote.info.description);
  return diff;
}

WorkflowType WorkflowType::upstream() const { return WorkflowTypeQuerySet(domain_).get(name_, version_); }

void WorkflowType::save() const {
  RegisterWorkflowTypeRequest request{.domain = domain_.name(), .type = {name_, version_},
                                      .description = options_.description};
  request.defaults.task_list = options_.task_list;
  request.defaults.child_policy = options_.child_policy;
  request.defaults.execution_start_to_close_timeout = options_.execution_timeout;
  request.defaults.task_start_to_close_timeout = options_.decision_tasks_timeout;
  value_or_throw(domain_.client()->register_workflow_type(request));
}

void WorkflowType::deprecate() const {
  value_or_throw(domain_.client()->deprecate_workflow_type(domain_.name(), {name_, version_}));
}

WorkflowExecution WorkflowType::start_execution(const StartExecutionOptions& options) const {
  std::optional<std::string> child_policy = options.child_policy ? options.child_policy : options_.child_policy;
  if (child_policy) check_child_policy(*child_policy);
  if (options.tag_list.size() > 5)
    throw std::invalid_argument("an execution has at most 5 tags, got " + std::to_string(options.tag_list.size()));
  std::string workflow_id =
      options.workflow_id.value_or(name_ + "-" + version_ + "-" + std::to_string(static_cast<long long>(std::time(nullptr))));
  StartWorkflowExecutionRequest request{.domain = domain_.name(), .workflow_id = workflow_id,
                                        .type = {name_, version_}};
  request.task_list = options.task_list ? options.task_list : options_.task_list;
  request.child_policy = child_policy;
  request.execution_start_to_close_timeout =
      options.execution_timeout ? options.execution_timeout : options_.execution_timeout;
  request.task_start_to_close_timeout =
      options.decision_tasks_timeout ? options.decision_tasks_timeout : options_.decision_tasks_timeout;
  request.input = internal::encoded_input(options.input, "the execution's input");
  request.tag_list = options.tag_list;
  std::string run_id = value_or_throw(domain_.client()->start_workflow_execution(request));
  ExecutionFields fields;
  fields.status = kStatusOpen;
  fields.workflow_type = WorkflowTypeRef{name_, version_};
  fields.task_list = request.task_list.value_or("");
  fields.child_policy = child_policy.value_or("");
  fields.execution_timeout = request.execution_start_to_close_timeout.value_or("");
  fields.decision_tasks_timeout = request.task_start_to_close_timeout.value_or("");
  fields.tag_list = options.tag_list;
  return WorkflowExecution(domain_, workflow_id, run_id, std::move(fields));
}

}  // namespace simpleflow::swf
