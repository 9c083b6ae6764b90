// Executions from the outside: start, signal, cancel, terminate, and the
// visibility calls (describe, history, list, count).
#include "server/engine.hpp"
#include "server/page_token.hpp"

namespace simpleflow::server::internal {
namespace {

constexpr size_t kMaxOpenExecutionsPerDomain = 100000;

bool in_time_range(const Json& filter, double ts) {
  if (ts < filter.at("oldestDate").get<double>()) return false;
  return !filter.contains("latestDate") || ts <= filter["latestDate"].get<double>();
}

}  // namespace

Json Engine::start_workflow_execution(const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"), true);
  const TypeRecord& type = type_named(TypeKind::kWorkflow, domain.name, r.at("workflowType"));
  if (type.status == "DEPRECATED") fail("TypeDeprecatedFault", "WorkflowType=[name=" + type.name + ", version=" + type.version + "] is deprecated");
  std::string workflow_id = r.at("workflowId");
  if (open_run(domain.name, workflow_id)) {
    fail("WorkflowExecutionAlreadyStartedFault", "Workflow execution already started: " + workflow_id);
  }
  size_t open_in_domain = 0;
  for (auto it = open_runs_.lower_bound({domain.name, ""}); it != open_runs_.end() && it->first.first == domain.name; ++it) ++open_in_domain;
  if (open_in_domain >= kMaxOpenExecutionsPerDomain) fail("LimitExceededFault", "Too many open executions in domain " + domain.name);
  StartSpec spec{domain.name, workflow_id, &type, Json::object(), ""};
  for (const char* member : kRunStartMembers) {
    copy_if_present(r, spec.attributes, member);
  }
  std::string missing = resolve_start(spec);
  if (!missing.empty()) fail("DefaultUndefinedFault", missing);
  Execution& e = start_run(std::move(spec));
  return {{"runId", e.run_id}};
}

Json Engine::signal_workflow_execution(const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  Execution* e = open_run(domain.name, r.at("workflowId"), r.value("runId", ""));
  if (!e) unknown_resource("Unknown execution: " + r.at("workflowId").get<std::string>());
  Json attributes = {{"signalName", r.at("signalName")}};
  copy_if_present(r, attributes, "input");
  signal_run(*e, std::move(attributes));
  return Json::object();
}

Json Engine::request_cancel_workflow_execution(const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  Execution* e = open_run(domain.name, r.at("workflowId"), r.value("runId", ""));
  if (!e) unknown_resource("Unknown execution: " + r.at("workflowId").get<std::string>());
  request_cancel_run(*e, Json::object());
  return Json::object();
}

Json Engine::terminate_workflow_execution(const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  Execution* e = open_run(domain.name, r.at("workflowId"), r.value("runId", ""));
  if (!e) unknown_resource("Unknown execution: " + r.at("workflowId").get<std::string>());
  Json attributes = Json::object();
  for (const char* member : {"reason", "details", "childPolicy"}) copy_if_present(r, attributes, member);
  terminate_run(*e, std::move(attributes));
  return Json::object();
}

Json Engine::execution_info(const Execution& e) const {
  Json info = {{"execution", {{"workflowId", e.workflow_id}, {"runId", e.run_id}}},
               {"workflowType", e.workflow_type},
               {"startTimestamp", e.start_ts},
               {"executionStatus", e.open ? "OPEN" : "CLOSED"},
               {"cancelRequested", e.cancel_requested}};
  if (!e.open) {
    info["closeTimestamp"] = e.close_ts;
    info["closeStatus"] = e.close_status;
  }
  if (e.parent) info["parent"] = *e.parent;
  if (!e.tags.empty()) info["tagList"] = e.tags;
  return info;
}

Json Engine::describe_workflow_execution(const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  const Execution& e = run_of(domain.name, r.at("execution"));
  size_t open_children = 0;
  for (const auto& [id, child] : e.children) open_children += child.started_event_id != 0 ? 1 : 0;
  Json config = {{"taskStartToCloseTimeout", e.task_start_to_close},
                 {"executionStartToCloseTimeout", e.execution_start_to_close},
                 {"taskList", {{"name", e.task_list}}},
                 {"taskPriority", std::to_string(e.task_priority)},
                 {"childPolicy", e.child_policy}};
  if (!e.lambda_role.empty()) config["lambdaRole"] = e.lambda_role;
  Json reply = {{"executionInfo", execution_info(e)},
                {"executionConfiguration", config},
                {"openCounts",
                 {{"openActivityTasks", e.activities.size()},
                  {"openDecisionTasks", e.decision.scheduled_event_id != 0 ? 1 : 0},
                  {"openTimers", e.timers.size()},
                  {"openChildWorkflowExecutions", open_children},
                  {"openLambdaFunctions", 0}}}};
  if (e.latest_activity_task_ts) reply["latestActivityTaskTimestamp"] = *e.latest_activity_task_ts;
  if (e.latest_execution_context) reply["latestExecutionContext"] = *e.latest_execution_context;
  return reply;
}

Json Engine::get_workflow_execution_history(const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  const Execution& e = run_of(domain.name, r.at("execution"));
  bool reverse = r.value("reverseOrder", false);
  size_t size = page_size(r);
  int64_t next = reverse ? e.event_count : 1;
  if (r.contains("nextPageToken")) {
    Json token = decode_page_token(r["nextPageToken"]);
    if (!token.is_object() || token.value("r", "") != e.run_id || !token.contains("n") || !token["n"].is_number_integer()) {
      validation("Invalid nextPageToken");
    }
    next = token["n"];
  }
  int64_t first = reverse ? std::max<int64_t>(1, next - static_cast<int64_t>(size) + 1) : next;
  int64_t last = reverse ? next : std::min(e.event_count, next + static_cast<int64_t>(size) - 1);
  std::vector<std::string>& events = reply_events();
  events = events_of(e, first, last);
  if (reverse) std::reverse(events.begin(), events.end());
  reply_has_events() = true;
  Json reply = Json::object();
  if (reverse ? first > 1 : last < e.event_count) {
    reply["nextPageToken"] = encode_page_token({{"r", e.run_id}, {"n", reverse ? first - 1 : last + 1}});
  }
  return reply;
}

bool Engine::matches(const Execution& e, const Json& r, bool open) const {
  if (e.open != open) return false;
  if (r.contains("startTimeFilter") && !in_time_range(r["startTimeFilter"], e.start_ts)) return false;
  if (r.contains("closeTimeFilter") && !in_time_range(r["closeTimeFilter"], e.close_ts)) return false;
  if (r.contains("executionFilter") && r["executionFilter"].at("workflowId") != e.workflow_id) return false;
  if (r.contains("typeFilter")) {
    const Json& f = r["typeFilter"];
    if (f.at("name") != e.workflow_type.at("name")) return false;
    if (f.contains("version") && f["version"] != e.workflow_type.at("version")) return false;
  }
  if (r.contains("tagFilter")) {
    const std::string tag = r["tagFilter"].at("tag");
    if (std::find(e.tags.begin(), e.tags.end(), tag) == e.tags.end()) return false;
  }
  if (r.contains("closeStatusFilter") && r["closeStatusFilter"].at("status") != e.close_status) return false;
  return true;
}

namespace {

// SWF's rules on combining filters, checked before anything is read.
void check_filters(const Json& r, bool open) {
  int exclusive = 0;
  for (const char* f : {"executionFilter", "typeFilter", "tagFilter", "closeStatusFilter"}) exclusive += r.contains(f) ? 1 : 0;
  if (exclusive > 1) {
    validation("executionFilter, typeFilter, tagFilter and closeStatusFilter are mutually exclusive: specify at most one");
  }
  if (!open && r.contains("startTimeFilter") == r.contains("closeTimeFilter")) {
    validation("Specify either startTimeFilter or closeTimeFilter, not both and not neither");
  }
}

}  // namespace

Json Engine::list_executions(const Json& r, bool open) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  check_filters(r, open);
  bool by_close = r.contains("closeTimeFilter");
  std::vector<const Execution*> found;
  for (const auto& [run_id, run] : runs_) {
    if (run->domain == domain.name && matches(*run, r, open)) found.push_back(run.get());
  }
  // Newest first unless reverseOrder: the key orders ascending by negated time.
  auto key = [by_close](const Execution& e) { return Json::array({-(by_close ? e.close_ts : e.start_ts), e.run_id}); };
  std::sort(found.begin(), found.end(), [&](const Execution* a, const Execution* b) { return key(*a) < key(*b); });
  Json reply = Json::object();
  Json infos = Json::array();
  for (const Execution* e : page_of(found, key, r, reply)) infos.push_back(execution_info(*e));
  reply["executionInfos"] = std::move(infos);
  return reply;
}

size_t Engine::count_executions(const Json& r, bool open) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  check_filters(r, open);
  size_t count = 0;
  for (const auto& [run_id, run] : runs_) count += run->domain == domain.name && matches(*run, r, open) ? 1 : 0;
  return count;
}

Json Engine::list_open_workflow_executions(const Json& r) { return list_executions(r, true); }
Json Engine::list_closed_workflow_executions(const Json& r) { return list_executions(r, false); }
Json Engine::count_open_workflow_executions(const Json& r) {
  return {{"count", count_executions(r, true)}, {"truncated", false}};
}
Json Engine::count_closed_workflow_executions(const Json& r) {
  return {{"count", count_executions(r, false)}, {"truncated", false}};
}

}  // namespace simpleflow::server::internal
