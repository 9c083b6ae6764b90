// SwfClient: the Amazon SWF API as C++ calls. Everything in simpleflow that
// talks to SWF (the object layer, deciders, workers, the CLI) goes through
// one of these; make_client() (config.hpp) builds the HTTP one.
//
//   auto client = swf::make_client(swf::resolve_config({}).value().client).value();
//   auto run = client->start_workflow_execution(
//       {.domain = "prod", .workflow_id = "nightly", .type = {"etl.Nightly", "1"}, .input = "{}"});
//   if (!run.ok()) std::cerr << run.error().describe() << "\n";
//
// Each typed operation serializes its request to the API's JSON, sends it
// with send(), and reads the answer; SWF faults and transport failures come
// back as a CallError, never as an exception. Implementations are
// thread-safe: one client serves every thread of a process.
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "simpleflow/json.hpp"
#include "simpleflow/swf/call_error.hpp"
#include "simpleflow/swf/shapes.hpp"

namespace simpleflow::swf {

class SwfClient {
 public:
  virtual ~SwfClient() = default;

  // The one seam: `operation` as the API names it ("ListDomains") with its
  // JSON input as text; returns the JSON output as text ("{}" for operations
  // that return nothing, and for a long poll that ended with no task).
  virtual Result<std::string> send(std::string_view operation, std::string_view request_json) = 0;
  // Where calls go, for messages: "https://swf.eu-west-1.amazonaws.com".
  virtual std::string endpoint() const = 0;

  // send() with parsed JSON; an empty reply is {}, and one that is not a JSON
  // object is a kBadResponse.
  Result<Json> call(std::string_view operation, const Json& request);

  // Domains.
  Result<void> register_domain(const RegisterDomainRequest& request);
  Result<DomainDetail> describe_domain(const std::string& name);
  Result<DomainInfos> list_domains(const ListDomainsRequest& request);
  Result<void> deprecate_domain(const std::string& name);

  // Workflow types.
  Result<void> register_workflow_type(const RegisterWorkflowTypeRequest& request);
  Result<WorkflowTypeDetail> describe_workflow_type(const std::string& domain, const WorkflowTypeRef& type);
  Result<TypeInfos> list_workflow_types(const ListTypesRequest& request);
  Result<void> deprecate_workflow_type(const std::string& domain, const WorkflowTypeRef& type);

  // Activity types.
  Result<void> register_activity_type(const RegisterActivityTypeRequest& request);
  Result<ActivityTypeDetail> describe_activity_type(const std::string& domain, const ActivityTypeRef& type);
  Result<TypeInfos> list_activity_types(const ListTypesRequest& request);
  Result<void> deprecate_activity_type(const std::string& domain, const ActivityTypeRef& type);

  // Executions. start_workflow_execution returns the run id.
  Result<std::string> start_workflow_execution(const StartWorkflowExecutionRequest& request);
  Result<ExecutionDetail> describe_workflow_execution(const std::string& domain, const ExecutionRef& execution);
  Result<void> terminate_workflow_execution(const TerminateRequest& request);
  Result<void> signal_workflow_execution(const SignalRequest& request);
  Result<void> request_cancel_workflow_execution(const RequestCancelRequest& request);
  // One page of an execution's history; follow next_page_token for the rest.
  Result<HistoryPage> get_workflow_execution_history(const GetHistoryRequest& request);

  // Visibility. Filters that the operation does not take (close filters on
  // open executions, or two exclusive filters) are a kValidation error
  // without a call.
  Result<ExecutionInfos> list_open_workflow_executions(const ListExecutionsRequest& request);
  Result<ExecutionInfos> list_closed_workflow_executions(const ListExecutionsRequest& request);
  Result<Count> count_open_workflow_executions(const ExecutionFilters& filters);
  Result<Count> count_closed_workflow_executions(const ExecutionFilters& filters);

  // Decision tasks. A long poll that ends without a task gives an empty page.
  Result<DecisionTaskPage> poll_for_decision_task(const PollForDecisionTaskRequest& request);
  Result<void> respond_decision_task_completed(const RespondDecisionTaskCompletedRequest& request);
  Result<Count> count_pending_decision_tasks(const std::string& domain, const std::string& task_list);

  // Activity tasks. A long poll that ends without a task gives an empty task.
  Result<ActivityTask> poll_for_activity_task(const PollForActivityTaskRequest& request);
  Result<void> respond_activity_task_completed(const std::string& task_token, const std::optional<std::string>& result);
  Result<void> respond_activity_task_failed(const RespondActivityTaskFailedRequest& request);
  Result<void> respond_activity_task_canceled(const std::string& task_token, const std::optional<std::string>& details);
  Result<HeartbeatResult> record_activity_task_heartbeat(const std::string& task_token,
                                                         const std::optional<std::string>& details);
  Result<Count> count_pending_activity_tasks(const std::string& domain, const std::string& task_list);
};

}  // namespace simpleflow::swf
