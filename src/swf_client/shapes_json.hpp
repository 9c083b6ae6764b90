// The SWF API's JSON for the shapes of simpleflow/swf/shapes.hpp. Writers
// leave unset optional fields out; readers take missing fields as empty and
// throw nlohmann's exceptions on wrong types (the client turns them into
// kBadResponse).
#pragma once

#include "simpleflow/json.hpp"
#include "simpleflow/swf/shapes.hpp"

namespace simpleflow::swf::internal {

Json to_json(const WorkflowTypeRef& type);
Json to_json(const ActivityTypeRef& type);
Json to_json(const ExecutionRef& execution);
Json to_json(const RegisterDomainRequest& request);
Json to_json(const ListDomainsRequest& request);
Json to_json(const RegisterWorkflowTypeRequest& request);
Json to_json(const RegisterActivityTypeRequest& request);
Json to_json(const ListTypesRequest& request);
Json to_json(const StartWorkflowExecutionRequest& request);
Json to_json(const TerminateRequest& request);
Json to_json(const SignalRequest& request);
Json to_json(const RequestCancelRequest& request);
Json to_json(const GetHistoryRequest& request);
Json to_json(const ExecutionFilters& filters);
Json to_json(const ListExecutionsRequest& request);
Json to_json(const PollForDecisionTaskRequest& request);
Json to_json(const RespondDecisionTaskCompletedRequest& request);
Json to_json(const PollForActivityTaskRequest& request);
Json to_json(const RespondActivityTaskFailedRequest& request);

DomainInfo domain_info_from(const Json& j);
DomainDetail domain_detail_from(const Json& j);
DomainInfos domain_infos_from(const Json& j);
TypeInfo type_info_from(const Json& j, const char* type_key);  // "workflowType" or "activityType"
TypeInfos type_infos_from(const Json& j, const char* type_key);
WorkflowTypeDetail workflow_type_detail_from(const Json& j);
ActivityTypeDetail activity_type_detail_from(const Json& j);
ExecutionInfo execution_info_from(const Json& j);
ExecutionInfos execution_infos_from(const Json& j);
ExecutionDetail execution_detail_from(const Json& j);
HistoryPage history_page_from(Json&& j);
Count count_from(const Json& j);
DecisionTaskPage decision_task_page_from(Json&& j);
ActivityTask activity_task_from(const Json& j);

}  // namespace simpleflow::swf::internal
