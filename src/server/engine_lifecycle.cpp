// Starting, closing, signaling and canceling runs; parents and children.
#include <algorithm>

#include "server/engine.hpp"

namespace simpleflow::server::internal {
namespace {

std::string execution_label(const std::string& workflow_id, const std::string& run_id) {
  return "WorkflowExecution=[workflowId=" + workflow_id + (run_id.empty() ? "" : ", runId=" + run_id) + "]";
}

}  // namespace

std::string Engine::resolve_start(StartSpec& spec) const {
  Json& a = spec.attributes;
  const Json& defaults = spec.type->defaults;
  auto take_default = [&](const char* member, const char* default_member) {
    if (!a.contains(member) && defaults.contains(default_member)) a[member] = defaults[default_member];
    return a.contains(member);
  };
  if (!take_default("executionStartToCloseTimeout", "defaultExecutionStartToCloseTimeout")) return "DEFAULT_EXECUTION_START_TO_CLOSE_TIMEOUT_UNDEFINED";
  if (!take_default("taskList", "defaultTaskList")) return "DEFAULT_TASK_LIST_UNDEFINED";
  if (!take_default("taskStartToCloseTimeout", "defaultTaskStartToCloseTimeout")) return "DEFAULT_TASK_START_TO_CLOSE_TIMEOUT_UNDEFINED";
  if (!take_default("childPolicy", "defaultChildPolicy")) return "DEFAULT_CHILD_POLICY_UNDEFINED";
  if (!take_default("taskPriority", "defaultTaskPriority")) a["taskPriority"] = "0";
  take_default("lambdaRole", "defaultLambdaRole");
  return "";
}

Execution& Engine::start_run(StartSpec spec) {
  auto run = std::make_unique<Execution>();
  Execution& e = *run;
  e.domain = spec.domain;
  e.workflow_id = spec.workflow_id;
  e.run_id = spec.run_id.empty() ? new_run_id() : spec.run_id;
  runs_[e.run_id] = std::move(run);
  open_runs_[{e.domain, e.workflow_id}] = e.run_id;
  spec.attributes["workflowType"] = {{"name", spec.type->name}, {"version", spec.type->version}};
  if (!spec.continued_from.empty()) spec.attributes["continuedExecutionRunId"] = spec.continued_from;
  add_event(e, "WorkflowExecutionStarted", std::move(spec.attributes));
  request_decision(e);
  return e;
}

Execution* Engine::open_run(const std::string& domain, const std::string& workflow_id, const std::string& run_id) {
  auto it = open_runs_.find({domain, workflow_id});
  if (it == open_runs_.end() || (!run_id.empty() && it->second != run_id)) return nullptr;
  return runs_.at(it->second).get();
}

Execution& Engine::run_of(const std::string& domain, const Json& execution) {
  std::string workflow_id = execution.at("workflowId"), run_id = execution.at("runId");
  auto it = runs_.find(run_id);
  if (it == runs_.end() || it->second->domain != domain || it->second->workflow_id != workflow_id) {
    unknown_resource("Unknown execution: " + execution_label(workflow_id, run_id));
  }
  return *it->second;
}

void Engine::close_run(Execution& e, const std::string& event_type, Json attributes) {
  add_event(e, event_type, std::move(attributes));
  open_runs_.erase({e.domain, e.workflow_id});
  closed_in_batch_.push_back(e.run_id);
  schedule_purge(e);
}

void Engine::schedule_purge(const Execution& e) {
  // The domain's retention at the close; NONE or 0 deletes the run at once.
  auto domain = domains_.find(e.domain);
  double keep_days = 0;
  if (domain != domains_.end() && domain->second.retention_days != "NONE") keep_days = std::stod(domain->second.retention_days);
  add_due(e.close_ts + keep_days * 86400, Due{DueKind::kPurge, e.run_id, 0, ""});
}

void Engine::notify_parent(Execution& child, const std::string& event_type, Json attributes) {
  if (!child.parent) return;
  Execution* parent = open_run(child.parent_domain.empty() ? child.domain : child.parent_domain,
                               child.parent->at("workflowId"), child.parent->at("runId"));
  if (!parent) return;
  auto known = std::find_if(parent->children.begin(), parent->children.end(), [&](const auto& entry) {
    return entry.second.workflow_id == child.workflow_id && entry.second.started_event_id != 0;
  });
  if (known == parent->children.end()) return;
  attributes["workflowExecution"] = {{"workflowId", child.workflow_id}, {"runId", child.run_id}};
  attributes["workflowType"] = child.workflow_type;
  attributes["initiatedEventId"] = known->second.initiated_event_id;
  if (event_type != "ChildWorkflowExecutionStarted") attributes["startedEventId"] = known->second.started_event_id;
  add_event(*parent, event_type, std::move(attributes));
  request_decision(*parent);
}

void Engine::apply_child_policy(Execution& parent, const std::string& policy, const std::map<int64_t, ChildState>& children) {
  if (policy == "ABANDON") return;
  for (const auto& [initiated_id, child] : children) {
    // The child's open run: the one started, or the one it continued as.
    Execution* run = open_run(parent.domain, child.workflow_id);
    if (!run || !run->parent || run->parent->value("runId", "") != parent.run_id) continue;
    if (policy == "TERMINATE") {
      terminate_run(*run, {{"childPolicy", run->child_policy}, {"cause", "CHILD_POLICY_APPLIED"}});
    } else if (policy == "REQUEST_CANCEL") {
      request_cancel_run(*run, {{"cause", "CHILD_POLICY_APPLIED"}});
    }
  }
}

void Engine::terminate_run(Execution& e, Json attributes) {
  std::string policy = attributes.value("childPolicy", e.child_policy);
  attributes["childPolicy"] = policy;
  auto children = e.children;
  close_run(e, "WorkflowExecutionTerminated", std::move(attributes));
  notify_parent(e, "ChildWorkflowExecutionTerminated", Json::object());
  apply_child_policy(e, policy, children);
}

void Engine::time_out_run(Execution& e) {
  auto children = e.children;
  close_run(e, "WorkflowExecutionTimedOut", {{"timeoutType", "START_TO_CLOSE"}, {"childPolicy", e.child_policy}});
  notify_parent(e, "ChildWorkflowExecutionTimedOut", {{"timeoutType", "START_TO_CLOSE"}});
  apply_child_policy(e, e.child_policy, children);
}

void Engine::request_cancel_run(Execution& e, Json attributes) {
  add_event(e, "WorkflowExecutionCancelRequested", std::move(attributes));
  request_decision(e);
}

void Engine::signal_run(Execution& e, Json attributes) {
  add_event(e, "WorkflowExecutionSignaled", std::move(attributes));
  request_decision(e);
}

}  // namespace simpleflow::server::internal
