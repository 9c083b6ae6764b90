// The data of the SWF API as C++ types: what SwfClient's typed operations
// take and return. Field names are the API's, in snake_case; optional fields
// are left out of a request when unset. Timestamps are seconds since the
// epoch; timeouts are SWF's strings of seconds, or "NONE".
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/json.hpp"

namespace simpleflow::swf {

// ---- Identifiers ----------------------------------------------------------

struct WorkflowTypeRef {
  std::string name;
  std::string version;
  bool operator==(const WorkflowTypeRef&) const = default;
};

struct ActivityTypeRef {
  std::string name;
  std::string version;
  bool operator==(const ActivityTypeRef&) const = default;
};

struct ExecutionRef {
  std::string workflow_id;
  std::string run_id;
  bool operator==(const ExecutionRef&) const = default;
};

// ---- Domains --------------------------------------------------------------

struct ResourceTag {
  std::string key;
  std::string value;
};

struct RegisterDomainRequest {
  std::string name;
  std::string retention_period_in_days = "30";  // workflowExecutionRetentionPeriodInDays
  std::optional<std::string> description;
  std::vector<ResourceTag> tags;
};

struct DomainInfo {
  std::string name;
  std::string status;  // REGISTERED or DEPRECATED
  std::string description;
  std::string arn;
};

struct DomainDetail {
  DomainInfo info;
  std::string retention_period_in_days;
};

// Pagination of the List* operations. An unset page size lets SWF choose
// (1,000 at most).
struct PageRequest {
  std::optional<std::string> next_page_token;
  std::optional<int> maximum_page_size;
  bool reverse_order = false;
};

struct ListDomainsRequest {
  std::string registration_status = "REGISTERED";
  PageRequest page;
};

struct DomainInfos {
  std::vector<DomainInfo> domains;
  std::string next_page_token;  // empty on the last page
};

// ---- Types ----------------------------------------------------------------

struct TypeInfo {
  std::string name;
  std::string version;
  std::string status;  // REGISTERED or DEPRECATED
  std::string description;
  double creation_date = 0;
  std::optional<double> deprecation_date;
};

// RegisterWorkflowType's defaults, and DescribeWorkflowType's configuration.
struct WorkflowTypeDefaults {
  std::optional<std::string> task_start_to_close_timeout;       // defaultTaskStartToCloseTimeout
  std::optional<std::string> execution_start_to_close_timeout;  // defaultExecutionStartToCloseTimeout
  std::optional<std::string> task_list;                         // defaultTaskList.name
  std::optional<std::string> task_priority;                     // defaultTaskPriority
  std::optional<std::string> child_policy;                      // TERMINATE, REQUEST_CANCEL or ABANDON
  std::optional<std::string> lambda_role;                       // defaultLambdaRole
};

struct RegisterWorkflowTypeRequest {
  std::string domain;
  WorkflowTypeRef type;
  std::optional<std::string> description;
  WorkflowTypeDefaults defaults;
};

struct WorkflowTypeDetail {
  TypeInfo info;
  WorkflowTypeDefaults configuration;
};

// RegisterActivityType's defaults, and DescribeActivityType's configuration.
struct ActivityTypeDefaults {
  std::optional<std::string> task_start_to_close_timeout;     // defaultTaskStartToCloseTimeout
  std::optional<std::string> task_heartbeat_timeout;          // defaultTaskHeartbeatTimeout
  std::optional<std::string> task_list;                       // defaultTaskList.name
  std::optional<std::string> task_priority;                   // defaultTaskPriority
  std::optional<std::string> task_schedule_to_start_timeout;  // defaultTaskScheduleToStartTimeout
  std::optional<std::string> task_schedule_to_close_timeout;  // defaultTaskScheduleToCloseTimeout
};

struct RegisterActivityTypeRequest {
  std::string domain;
  ActivityTypeRef type;
  std::optional<std::string> description;
  ActivityTypeDefaults defaults;
};

struct ActivityTypeDetail {
  TypeInfo info;
  ActivityTypeDefaults configuration;
};

struct ListTypesRequest {
  std::string domain;
  std::string registration_status = "REGISTERED";
  std::optional<std::string> name;
  PageRequest page;
};

struct TypeInfos {
  std::vector<TypeInfo> types;
  std::string next_page_token;
};

// ---- Executions -----------------------------------------------------------

struct StartWorkflowExecutionRequest {
  std::string domain;
  std::string workflow_id;
  WorkflowTypeRef type;
  std::optional<std::string> task_list;
  std::optional<std::string> task_priority;
  std::optional<std::string> input;
  std::optional<std::string> execution_start_to_close_timeout;
  std::vector<std::string> tag_list;
  std::optional<std::string> task_start_to_close_timeout;
  std::optional<std::string> child_policy;
  std::optional<std::string> lambda_role;
};

struct ExecutionInfo {
  ExecutionRef execution;
  WorkflowTypeRef type;
  double start_timestamp = 0;
  std::optional<double> close_timestamp;
  std::string execution_status;  // OPEN or CLOSED
  std::string close_status;      // COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT; empty when open
  std::optional<ExecutionRef> parent;
  std::vector<std::string> tag_list;
  bool cancel_requested = false;
};

struct ExecutionConfiguration {
  std::string task_start_to_close_timeout;
  std::string execution_start_to_close_timeout;
  std::string task_list;
  std::string task_priority;
  std::string child_policy;
  std::string lambda_role;
};

struct OpenCounts {
  int open_activity_tasks = 0;
  int open_decision_tasks = 0;
  int open_timers = 0;
  int open_child_workflow_executions = 0;
  int open_lambda_functions = 0;
};

struct ExecutionDetail {
  ExecutionInfo info;
  ExecutionConfiguration configuration;
  OpenCounts open_counts;
  std::optional<double> latest_activity_task_timestamp;
  std::optional<std::string> latest_execution_context;
};

struct TerminateRequest {
  std::string domain;
  std::string workflow_id;
  std::optional<std::string> run_id;
  std::optional<std::string> reason;
  std::optional<std::string> details;
  std::optional<std::string> child_policy;
};

struct SignalRequest {
  std::string domain;
  std::string workflow_id;
  std::optional<std::string> run_id;
  std::string signal_name;
  std::optional<std::string> input;
};

struct RequestCancelRequest {
  std::string domain;
  std::string workflow_id;
  std::optional<std::string> run_id;
};

struct GetHistoryRequest {
  std::string domain;
  ExecutionRef execution;
  PageRequest page;
};

// One SWF history event as the API sends it: {"eventId", "eventTimestamp",
// "eventType", "<eventType>EventAttributes" (with a lower-case first letter)}.
using EventJson = Json;

struct HistoryPage {
  std::vector<EventJson> events;
  std::string next_page_token;
};

// The filters of List/Count Open/ClosedWorkflowExecutions. SWF allows at most
// one of execution, type, tag and close status; closed executions are
// filtered by start time or close time (exactly one), open ones by start time.
struct TimeFilter {
  double oldest_date = 0;
  std::optional<double> latest_date;
};

struct ExecutionFilters {
  std::string domain;
  std::optional<TimeFilter> start_time;
  std::optional<TimeFilter> close_time;       // closed executions only
  std::optional<std::string> workflow_id;     // executionFilter
  std::optional<WorkflowTypeRef> type;        // typeFilter; an empty version matches every version
  std::optional<std::string> tag;             // tagFilter
  std::optional<std::string> close_status;    // closeStatusFilter; closed executions only
};

struct ListExecutionsRequest {
  ExecutionFilters filters;
  PageRequest page;
};

struct ExecutionInfos {
  std::vector<ExecutionInfo> executions;
  std::string next_page_token;
};

struct Count {
  int count = 0;
  bool truncated = false;
};

// ---- Decision tasks -------------------------------------------------------

struct PollForDecisionTaskRequest {
  std::string domain;
  std::string task_list;
  std::optional<std::string> identity;
  PageRequest page;
  bool start_at_previous_started_event = false;
};

// One page of a decision task. `task_token` is empty when the long poll ended
// with no task.
struct DecisionTaskPage {
  std::string task_token;
  std::int64_t started_event_id = 0;
  std::int64_t previous_started_event_id = 0;
  ExecutionRef execution;
  WorkflowTypeRef type;
  std::vector<EventJson> events;
  std::string next_page_token;

  bool empty() const { return task_token.empty(); }
};

struct RespondDecisionTaskCompletedRequest {
  std::string task_token;
  std::vector<Json> decisions;  // SWF Decision objects, as replay() makes them
  std::optional<std::string> execution_context;
  std::optional<std::string> task_list;                           // sticky task list
  std::optional<std::string> task_list_schedule_to_start_timeout;
};

// ---- Activity tasks -------------------------------------------------------

struct PollForActivityTaskRequest {
  std::string domain;
  std::string task_list;
  std::optional<std::string> identity;
};

// An activity task. `task_token` is empty when the long poll ended with no task.
struct ActivityTask {
  std::string task_token;
  std::string activity_id;
  std::int64_t started_event_id = 0;
  ExecutionRef execution;
  ActivityTypeRef type;
  std::optional<std::string> input;

  bool empty() const { return task_token.empty(); }
};

struct RespondActivityTaskFailedRequest {
  std::string task_token;
  std::optional<std::string> reason;
  std::optional<std::string> details;
};

struct HeartbeatResult {
  bool cancel_requested = false;
};

}  // namespace simpleflow::swf
