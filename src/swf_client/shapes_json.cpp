#include "swf_client/shapes_json.hpp"

#include <stdexcept>
#include <utility>

namespace simpleflow::swf::internal {
namespace {

void put(Json& j, const char* key, const std::optional<std::string>& value) {
  if (value) j[key] = *value;
}
void put(Json& j, const char* key, const std::vector<std::string>& values) {
  if (!values.empty()) j[key] = values;
}
void put_task_list(Json& j, const char* key, const std::optional<std::string>& name) {
  if (name) j[key] = {{"name", *name}};
}
void put(Json& j, const PageRequest& page) {
  put(j, "nextPageToken", page.next_page_token);
  if (page.maximum_page_size) j["maximumPageSize"] = *page.maximum_page_size;
  if (page.reverse_order) j["reverseOrder"] = true;
}
Json time_filter(const TimeFilter& filter) {
  Json j = {{"oldestDate", filter.oldest_date}};
  if (filter.latest_date) j["latestDate"] = *filter.latest_date;
  return j;
}

std::string str(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? std::string() : it->get<std::string>();
}
std::optional<std::string> opt_str(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<std::string>();
}
std::optional<std::string> opt_task_list(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return str(*it, "name");
}
std::string task_list_name(const Json& j, const char* key) { return opt_task_list(j, key).value_or(""); }
double number(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? 0 : it->get<double>();
}
std::optional<double> opt_number(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return std::nullopt;
  return it->get<double>();
}
std::int64_t integer(const Json& j, const char* key) {
  auto it = j.find(key);
  return it == j.end() || it->is_null() ? 0 : it->get<std::int64_t>();
}
// The member `key` of `j` if it is an object ({} when missing); throws when
// it is something else.
const Json& object(const Json& j, const char* key) {
  static const Json kEmpty = Json::object();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return kEmpty;
  if (!it->is_object()) throw std::runtime_error(std::string(key) + " is not an object");
  return *it;
}
// The member `key` of `j` if it is an array ([] when missing); throws when
// it is something else.
const Json& array(const Json& j, const char* key) {
  static const Json kEmpty = Json::array();
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return kEmpty;
  if (!it->is_array()) throw std::runtime_error(std::string(key) + " is not an array");
  return *it;
}
std::vector<std::string> strings(const Json& j, const char* key) {
  auto it = j.find(key);
  if (it == j.end() || it->is_null()) return {};
  return it->get<std::vector<std::string>>();
}
ExecutionRef execution_from(const Json& j) { return {str(j, "workflowId"), str(j, "runId")}; }
WorkflowTypeRef workflow_type_from(const Json& j) { return {str(j, "name"), str(j, "version")}; }

}  // namespace

Json to_json(const WorkflowTypeRef& type) { return {{"name", type.name}, {"version", type.version}}; }
Json to_json(const ActivityTypeRef& type) { return {{"name", type.name}, {"version", type.version}}; }
Json to_json(const ExecutionRef& execution) {
  Json j = {{"workflowId", execution.workflow_id}};
  if (!execution.run_id.empty()) j["runId"] = execution.run_id;
  return j;
}

Json to_json(const RegisterDomainRequest& r) {
  Json j = {{"name", r.name}, {"workflowExecutionRetentionPeriodInDays", r.retention_period_in_days}};
  put(j, "description", r.description);
  if (!r.tags.empty()) {
    Json tags = Json::array();
    for (const auto& tag : r.tags) tags.push_back({{"key", tag.key}, {"value", tag.value}});
    j["tags"] = std::move(tags);
  }
  return j;
}

Json to_json(const ListDomainsRequest& r) {
  Json j = {{"registrationStatus", r.registration_status}};
  put(j, r.page);
  return j;
}

Json to_json(const RegisterWorkflowTypeRequest& r) {
  Json j = {{"domain", r.domain}, {"name", r.type.name}, {"version", r.type.version}};
  put(j, "description", r.description);
  const auto& d = r.defaults;
  put(j, "defaultTaskStartToCloseTimeout", d.task_start_to_close_timeout);
  put(j, "defaultExecutionStartToCloseTimeout", d.execution_start_to_close_timeout);
  put_task_list(j, "defaultTaskList", d.task_list);
  put(j, "defaultTaskPriority", d.task_priority);
  put(j, "defaultChildPolicy", d.child_policy);
  put(j, "defaultLambdaRole", d.lambda_role);
  return j;
}

Json to_json(const RegisterActivityTypeRequest& r) {
  Json j = {{"domain", r.domain}, {"name", r.type.name}, {"version", r.type.version}};
  put(j, "description", r.description);
  const auto& d = r.defaults;
  put(j, "defaultTaskStartToCloseTimeout", d.task_start_to_close_timeout);
  put(j, "defaultTaskHeartbeatTimeout", d.task_heartbeat_timeout);
  put_task_list(j, "defaultTaskList", d.task_list);
  put(j, "defaultTaskPriority", d.task_priority);
  put(j, "defaultTaskScheduleToStartTimeout", d.task_schedule_to_start_timeout);
  put(j, "defaultTaskScheduleToCloseTimeout", d.task_schedule_to_close_timeout);
  return j;
}

Json to_json(const ListTypesRequest& r) {
  Json j = {{"domain", r.domain}, {"registrationStatus", r.registration_status}};
  put(j, "name", r.name);
  put(j, r.page);
  return j;
}

Json to_json(const StartWorkflowExecutionRequest& r) {
  Json j = {{"domain", r.domain}, {"workflowId", r.workflow_id}, {"workflowType", to_json(r.type)}};
  put_task_list(j, "taskList", r.task_list);
  put(j, "taskPriority", r.task_priority);
  put(j, "input", r.input);
  put(j, "executionStartToCloseTimeout", r.execution_start_to_close_timeout);
  put(j, "tagList", r.tag_list);
  put(j, "taskStartToCloseTimeout", r.task_start_to_close_timeout);
  put(j, "childPolicy", r.child_policy);
  put(j, "lambdaRole", r.lambda_role);
  return j;
}

Json to_json(const TerminateRequest& r) {
  Json j = {{"domain", r.domain}, {"workflowId", r.workflow_id}};
  put(j, "runId", r.run_id);
  put(j, "reason", r.reason);
  put(j, "details", r.details);
  put(j, "childPolicy", r.child_policy);
  return j;
}

Json to_json(const SignalRequest& r) {
  Json j = {{"domain", r.domain}, {"workflowId", r.workflow_id}, {"signalName", r.signal_name}};
  put(j, "runId", r.run_id);
  put(j, "input", r.input);
  return j;
}

Json to_json(const RequestCancelRequest& r) {
  Json j = {{"domain", r.domain}, {"workflowId", r.workflow_id}};
  put(j, "runId", r.run_id);
  return j;
}

Json to_json(const GetHistoryRequest& r) {
  Json j = {{"domain", r.domain}, {"execution", to_json(r.execution)}};
  put(j, r.page);
  return j;
}

Json to_json(const ExecutionFilters& f) {
  Json j = {{"domain", f.domain}};
  if (f.start_time) j["startTimeFilter"] = time_filter(*f.start_time);
  if (f.close_time) j["closeTimeFilter"] = time_filter(*f.close_time);
  if (f.workflow_id) j["executionFilter"] = {{"workflowId", *f.workflow_id}};
  if (f.type) {
    Json type = {{"name", f.type->name}};
    if (!f.type->version.empty()) type["version"] = f.type->version;
    j["typeFilter"] = std::move(type);
  }
  if (f.tag) j["tagFilter"] = {{"tag", *f.tag}};
  if (f.close_status) j["closeStatusFilter"] = {{"status", *f.close_status}};
  return j;
}

Json to_json(const ListExecutionsRequest& r) {
  Json j = to_json(r.filters);
  put(j, r.page);
  return j;
}

Json to_json(const PollForDecisionTaskRequest& r) {
  Json j = {{"domain", r.domain}, {"taskList", {{"name", r.task_list}}}};
  put(j, "identity", r.identity);
  put(j, r.page);
  if (r.start_at_previous_started_event) j["startAtPreviousStartedEvent"] = true;
  return j;
}

Json to_json(const RespondDecisionTaskCompletedRequest& r) {
  Json j = {{"taskToken", r.task_token}, {"decisions", r.decisions}};
  put(j, "executionContext", r.execution_context);
  put_task_list(j, "taskList", r.task_list);
  put(j, "taskListScheduleToStartTimeout", r.task_list_schedule_to_start_timeout);
  return j;
}

Json to_json(const PollForActivityTaskRequest& r) {
  Json j = {{"domain", r.domain}, {"taskList", {{"name", r.task_list}}}};
  put(j, "identity", r.identity);
  return j;
}

Json to_json(const RespondActivityTaskFailedRequest& r) {
  Json j = {{"taskToken", r.task_token}};
  put(j, "reason", r.reason);
  put(j, "details", r.details);
  return j;
}

DomainInfo domain_info_from(const Json& j) {
  return {str(j, "name"), str(j, "status"), str(j, "description"), str(j, "arn")};
}

DomainDetail domain_detail_from(const Json& j) {
  return {domain_info_from(object(j, "domainInfo")),
          str(object(j, "configuration"), "workflowExecutionRetentionPeriodInDays")};
}

DomainInfos domain_infos_from(const Json& j) {
  DomainInfos out;
  for (const auto& info : array(j, "domainInfos")) out.domains.push_back(domain_info_from(info));
  out.next_page_token = str(j, "nextPageToken");
  return out;
}

TypeInfo type_info_from(const Json& j, const char* type_key) {
  const Json& type = object(j, type_key);
  return {str(type, "name"),         str(type, "version"),         str(j, "status"),
          str(j, "description"),     number(j, "creationDate"),    opt_number(j, "deprecationDate")};
}

TypeInfos type_infos_from(const Json& j, const char* type_key) {
  TypeInfos out;
  for (const auto& info : array(j, "typeInfos")) out.types.push_back(type_info_from(info, type_key));
  out.next_page_token = str(j, "nextPageToken");
  return out;
}

WorkflowTypeDetail workflow_type_detail_from(const Json& j) {
  const Json& c = object(j, "configuration");
  WorkflowTypeDefaults d{opt_str(c, "defaultTaskStartToCloseTimeout"),
                         opt_str(c, "defaultExecutionStartToCloseTimeout"),
                         opt_task_list(c, "defaultTaskList"),
                         opt_str(c, "defaultTaskPriority"),
                         opt_str(c, "defaultChildPolicy"),
                         opt_str(c, "defaultLambdaRole")};
  return {type_info_from(object(j, "typeInfo"), "workflowType"), std::move(d)};
}

ActivityTypeDetail activity_type_detail_from(const Json& j) {
  const Json& c = object(j, "configuration");
  ActivityTypeDefaults d{opt_str(c, "defaultTaskStartToCloseTimeout"),
                         opt_str(c, "defaultTaskHeartbeatTimeout"),
                         opt_task_list(c, "defaultTaskList"),
                         opt_str(c, "defaultTaskPriority"),
                         opt_str(c, "defaultTaskScheduleToStartTimeout"),
                         opt_str(c, "defaultTaskScheduleToCloseTimeout")};
  return {type_info_from(object(j, "typeInfo"), "activityType"), std::move(d)};
}

ExecutionInfo execution_info_from(const Json& j) {
  ExecutionInfo info;
  info.execution = execution_from(object(j, "execution"));
  info.type = workflow_type_from(object(j, "workflowType"));
  info.start_timestamp = number(j, "startTimestamp");
  info.close_timestamp = opt_number(j, "closeTimestamp");
  info.execution_status = str(j, "executionStatus");
  info.close_status = str(j, "closeStatus");
  if (j.contains("parent") && !j["parent"].is_null()) info.parent = execution_from(j["parent"]);
  info.tag_list = strings(j, "tagList");
  info.cancel_requested = j.value("cancelRequested", false);
  return info;
}

ExecutionInfos execution_infos_from(const Json& j) {
  ExecutionInfos out;
  for (const auto& info : array(j, "executionInfos")) out.executions.push_back(execution_info_from(info));
  out.next_page_token = str(j, "nextPageToken");
  return out;
}

ExecutionDetail execution_detail_from(const Json& j) {
  ExecutionDetail out;
  out.info = execution_info_from(object(j, "executionInfo"));
  const Json& c = object(j, "executionConfiguration");
  out.configuration = {str(c, "taskStartToCloseTimeout"), str(c, "executionStartToCloseTimeout"),
                       task_list_name(c, "taskList"),      str(c, "taskPriority"),
                       str(c, "childPolicy"),              str(c, "lambdaRole")};
  const Json& counts = object(j, "openCounts");
  out.open_counts = {static_cast<int>(integer(counts, "openActivityTasks")),
                     static_cast<int>(integer(counts, "openDecisionTasks")),
                     static_cast<int>(integer(counts, "openTimers")),
                     static_cast<int>(integer(counts, "openChildWorkflowExecutions")),
                     static_cast<int>(integer(counts, "openLambdaFunctions"))};
  out.latest_activity_task_timestamp = opt_number(j, "latestActivityTaskTimestamp");
  out.latest_execution_context = opt_str(j, "latestExecutionContext");
  return out;
}

HistoryPage history_page_from(Json&& j) {
  HistoryPage out;
  out.next_page_token = str(j, "nextPageToken");
  auto it = j.find("events");
  if (it != j.end() && !it->is_null()) {
    if (!it->is_array()) throw std::runtime_error("events is not an array");
    out.events.reserve(it->size());
    for (auto& event : *it) {
      if (!event.is_object()) throw std::runtime_error("an event is not an object");
      out.events.push_back(std::move(event));
    }
  }
  return out;
}

Count count_from(const Json& j) {
  return {static_cast<int>(integer(j, "count")), j.value("truncated", false)};
}

DecisionTaskPage decision_task_page_from(Json&& j) {
  DecisionTaskPage out;
  out.task_token = str(j, "taskToken");
  out.started_event_id = integer(j, "startedEventId");
  out.previous_started_event_id = integer(j, "previousStartedEventId");
  out.execution = execution_from(object(j, "workflowExecution"));
  out.type = workflow_type_from(object(j, "workflowType"));
  HistoryPage page = history_page_from(std::move(j));
  out.events = std::move(page.events);
  out.next_page_token = std::move(page.next_page_token);
  return out;
}

ActivityTask activity_task_from(const Json& j) {
  ActivityTask out;
  out.task_token = str(j, "taskToken");
  out.activity_id = str(j, "activityId");
  out.started_event_id = integer(j, "startedEventId");
  out.execution = execution_from(object(j, "workflowExecution"));
  const Json& type = object(j, "activityType");
  out.type = {str(type, "name"), str(type, "version")};
  out.input = opt_str(j, "input");
  return out;
}

}  // namespace simpleflow::swf::internal
