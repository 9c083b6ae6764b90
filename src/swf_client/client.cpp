// SwfClient's typed operations: request to JSON, send(), JSON to result.
#include "simpleflow/swf/client.hpp"

#include <exception>
#include <utility>

#include "swf_client/shapes_json.hpp"

namespace simpleflow::swf {
namespace {

using namespace internal;

CallError bad_response(SwfClient& client, std::string_view operation, const std::string& why) {
  CallError error;
  error.kind = ErrorKind::kBadResponse;
  error.code = "BadResponse";
  error.message = why;
  error.operation = std::string(operation);
  error.endpoint = client.endpoint();
  return error;
}

CallError refused(SwfClient& client, std::string_view operation, const std::string& why) {
  CallError error;
  error.kind = ErrorKind::kValidation;
  error.code = "ValidationException";
  error.message = why;
  error.operation = std::string(operation);
  error.endpoint = client.endpoint();
  error.attempts = 0;
  return error;
}

// Calls `operation` and converts its answer with `read`; a reply of the wrong
// shape is a kBadResponse that names the operation.
template <class Read>
auto call_and_read(SwfClient& client, std::string_view operation, const Json& request, Read read)
    -> Result<decltype(read(std::declval<Json&&>()))> {
  auto reply = client.call(operation, request);
  if (!reply.ok()) return reply.error();
  try {
    return read(std::move(reply).value());
  } catch (const std::exception& e) {
    return bad_response(client, operation, std::string("unexpected reply: ") + e.what());
  }
}

Result<void> call_void(SwfClient& client, std::string_view operation, const Json& request) {
  auto reply = client.call(operation, request);
  if (!reply.ok()) return reply.error();
  return {};
}

Json type_request(const std::string& domain, const char* key, Json type) {
  return {{"domain", domain}, {key, std::move(type)}};
}

Json task_list_request(const std::string& domain, const std::string& task_list) {
  return {{"domain", domain}, {"taskList", {{"name", task_list}}}};
}

// SWF takes at most one of these filters; closed-only ones are refused on
// open executions.
std::string filter_problem(const ExecutionFilters& f, bool closed) {
  int exclusive = (f.workflow_id ? 1 : 0) + (f.type ? 1 : 0) + (f.tag ? 1 : 0) + (f.close_status ? 1 : 0);
  if (exclusive > 1) return "workflow id, type, tag and close status filters are mutually exclusive; give one";
  if (!closed) {
    if (f.close_time) return "open executions have no close time to filter on";
    if (f.close_status) return "open executions have no close status to filter on";
    if (!f.start_time) return "open executions need a start time filter";
  } else if (f.start_time.has_value() == f.close_time.has_value()) {
    return "closed executions need exactly one of a start time filter and a close time filter";
  }
  return {};
}

}  // namespace

Result<Json> SwfClient::call(std::string_view operation, const Json& request) {
  auto reply = send(operation, dumps(request));
  if (!reply.ok()) return reply.error();
  // Operations with no output may answer with an empty body.
  if (reply->find_first_not_of(" \t\r\n") == std::string::npos) return Json::object();
  auto parsed = parse_json(*reply);  // simdjson's parser where it can: histories are large
  if (!parsed.ok() || !parsed->is_object())
    return bad_response(*this, operation, "the reply is not a JSON object: " + reply->substr(0, 200));
  return std::move(parsed).value();
}

Result<void> SwfClient::register_domain(const RegisterDomainRequest& r) {
  return call_void(*this, "RegisterDomain", to_json(r));
}
Result<DomainDetail> SwfClient::describe_domain(const std::string& name) {
  return call_and_read(*this, "DescribeDomain", {{"name", name}}, [](Json&& j) { return domain_detail_from(j); });
}
Result<DomainInfos> SwfClient::list_domains(const ListDomainsRequest& r) {
  return call_and_read(*this, "ListDomains", to_json(r), [](Json&& j) { return domain_infos_from(j); });
}
Result<void> SwfClient::deprecate_domain(const std::string& name) {
  return call_void(*this, "DeprecateDomain", {{"name", name}});
}

Result<void> SwfClient::register_workflow_type(const RegisterWorkflowTypeRequest& r) {
  return call_void(*this, "RegisterWorkflowType", to_json(r));
}
Result<WorkflowTypeDetail> SwfClient::describe_workflow_type(const std::string& domain, const WorkflowTypeRef& type) {
  return call_and_read(*this, "DescribeWorkflowType", type_request(domain, "workflowType", to_json(type)),
                       [](Json&& j) { return workflow_type_detail_from(j); });
}
Result<TypeInfos> SwfClient::list_workflow_types(const ListTypesRequest& r) {
  return call_and_read(*this, "ListWorkflowTypes", to_json(r),
                       [](Json&& j) { return type_infos_from(j, "workflowType"); });
}
Result<void> SwfClient::deprecate_workflow_type(const std::string& domain, const WorkflowTypeRef& type) {
  return call_void(*this, "DeprecateWorkflowType", type_request(domain, "workflowType", to_json(type)));
}

Result<void> SwfClient::register_activity_type(const RegisterActivityTypeRequest& r) {
  return call_void(*this, "RegisterActivityType", to_json(r));
}
Result<ActivityTypeDetail> SwfClient::describe_activity_type(const std::string& domain, const ActivityTypeRef& type) {
  return call_and_read(*this, "DescribeActivityType", type_request(domain, "activityType", to_json(type)),
                       [](Json&& j) { return activity_type_detail_from(j); });
}
Result<TypeInfos> SwfClient::list_activity_types(const ListTypesRequest& r) {
  return call_and_read(*this, "ListActivityTypes", to_json(r),
                       [](Json&& j) { return type_infos_from(j, "activityType"); });
}
Result<void> SwfClient::deprecate_activity_type(const std::string& domain, const ActivityTypeRef& type) {
  return call_void(*this, "DeprecateActivityType", type_request(domain, "activityType", to_json(type)));
}

Result<std::string> SwfClient::start_workflow_execution(const StartWorkflowExecutionRequest& r) {
  return call_and_read(*this, "StartWorkflowExecution", to_json(r), [](Json&& j) {
    std::string run_id = j.at("runId").get<std::string>();
    if (run_id.empty()) throw std::runtime_error("empty runId");
    return run_id;
  });
}
Result<ExecutionDetail> SwfClient::describe_workflow_execution(const std::string& domain, const ExecutionRef& e) {
  return call_and_read(*this, "DescribeWorkflowExecution", {{"domain", domain}, {"execution", to_json(e)}},
                       [](Json&& j) { return execution_detail_from(j); });
}
Result<void> SwfClient::terminate_workflow_execution(const TerminateRequest& r) {
  return call_void(*this, "TerminateWorkflowExecution", to_json(r));
}
Result<void> SwfClient::signal_workflow_execution(const SignalRequest& r) {
  return call_void(*this, "SignalWorkflowExecution", to_json(r));
}
Result<void> SwfClient::request_cancel_workflow_execution(const RequestCancelRequest& r) {
  return call_void(*this, "RequestCancelWorkflowExecution", to_json(r));
}
Result<HistoryPage> SwfClient::get_workflow_execution_history(const GetHistoryRequest& r) {
  return call_and_read(*this, "GetWorkflowExecutionHistory", to_json(r),
                       [](Json&& j) { return history_page_from(std::move(j)); });
}

Result<ExecutionInfos> SwfClient::list_open_workflow_executions(const ListExecutionsRequest& r) {
  if (auto problem = filter_problem(r.filters, false); !problem.empty())
    return refused(*this, "ListOpenWorkflowExecutions", problem);
  return call_and_read(*this, "ListOpenWorkflowExecutions", to_json(r),
                       [](Json&& j) { return execution_infos_from(j); });
}
Result<ExecutionInfos> SwfClient::list_closed_workflow_executions(const ListExecutionsRequest& r) {
  if (auto problem = filter_problem(r.filters, true); !problem.empty())
    return refused(*this, "ListClosedWorkflowExecutions", problem);
  return call_and_read(*this, "ListClosedWorkflowExecutions", to_json(r),
                       [](Json&& j) { return execution_infos_from(j); });
}
Result<Count> SwfClient::count_open_workflow_executions(const ExecutionFilters& f) {
  if (auto problem = filter_problem(f, false); !problem.empty())
    return refused(*this, "CountOpenWorkflowExecutions", problem);
  return call_and_read(*this, "CountOpenWorkflowExecutions", to_json(f), [](Json&& j) { return count_from(j); });
}
Result<Count> SwfClient::count_closed_workflow_executions(const ExecutionFilters& f) {
  if (auto problem = filter_problem(f, true); !problem.empty())
    return refused(*this, "CountClosedWorkflowExecutions", problem);
  return call_and_read(*this, "CountClosedWorkflowExecutions", to_json(f), [](Json&& j) { return count_from(j); });
}

Result<DecisionTaskPage> SwfClient::poll_for_decision_task(const PollForDecisionTaskRequest& r) {
  return call_and_read(*this, "PollForDecisionTask", to_json(r),
                       [](Json&& j) { return decision_task_page_from(std::move(j)); });
}
Result<void> SwfClient::respond_decision_task_completed(const RespondDecisionTaskCompletedRequest& r) {
  return call_void(*this, "RespondDecisionTaskCompleted", to_json(r));
}
Result<Count> SwfClient::count_pending_decision_tasks(const std::string& domain, const std::string& task_list) {
  return call_and_read(*this, "CountPendingDecisionTasks", task_list_request(domain, task_list),
                       [](Json&& j) { return count_from(j); });
}

Result<ActivityTask> SwfClient::poll_for_activity_task(const PollForActivityTaskRequest& r) {
  return call_and_read(*this, "PollForActivityTask", to_json(r), [](Json&& j) { return activity_task_from(j); });
}
Result<void> SwfClient::respond_activity_task_completed(const std::string& task_token,
                                                        const std::optional<std::string>& result) {
  Json j = {{"taskToken", task_token}};
  if (result) j["result"] = *result;
  return call_void(*this, "RespondActivityTaskCompleted", j);
}
Result<void> SwfClient::respond_activity_task_failed(const RespondActivityTaskFailedRequest& r) {
  return call_void(*this, "RespondActivityTaskFailed", to_json(r));
}
Result<void> SwfClient::respond_activity_task_canceled(const std::string& task_token,
                                                       const std::optional<std::string>& details) {
  Json j = {{"taskToken", task_token}};
  if (details) j["details"] = *details;
  return call_void(*this, "RespondActivityTaskCanceled", j);
}
Result<HeartbeatResult> SwfClient::record_activity_task_heartbeat(const std::string& task_token,
                                                                  const std::optional<std::string>& details) {
  Json j = {{"taskToken", task_token}};
  if (details) j["details"] = *details;
  return call_and_read(*this, "RecordActivityTaskHeartbeat", j,
                       [](Json&& r) { return HeartbeatResult{r.value("cancelRequested", false)}; });
}
Result<Count> SwfClient::count_pending_activity_tasks(const std::string& domain, const std::string& task_list) {
  return call_and_read(*this, "CountPendingActivityTasks", task_list_request(domain, task_list),
                       [](Json&& j) { return count_from(j); });
}

}  // namespace simpleflow::swf
