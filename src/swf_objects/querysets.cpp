#include "simpleflow/swf/querysets.hpp"

#include <ctime>
#include <type_traits>

#include "swf_objects/model_support.hpp"

namespace simpleflow::swf {
namespace {

// Calls `list` with each page token until the last page.
template <class Page, class List>
void every_page(List list, const std::function<void(Page&)>& each) {
  std::optional<std::string> token;
  do {
    Page page = value_or_throw(list(token));
    each(page);
    token = page.next_page_token.empty() ? std::nullopt : std::optional<std::string>(page.next_page_token);
  } while (token);
}

template <class Model, class Create, class Get>
Model get_or_create_race_safe(Get get, Create create) {
  try {
    return get();
  } catch (const DoesNotExistError&) {
  }
  try {
    return create();
  } catch (const AlreadyExistsError&) {
    return get();  // another process created it between our two calls
  }
}

// The types of `domain` listed by `list` (ListWorkflowTypes or
// ListActivityTypes), every page, as models with what the listing says.
template <class Model, class Options, class List>
std::vector<Model> list_types(const Domain& domain, const std::optional<std::string>& name, const std::string& status,
                              List list) {
  std::vector<Model> out;
  every_page<TypeInfos>(
      [&](const std::optional<std::string>& token) {
        ListTypesRequest request{.domain = domain.name(), .registration_status = status, .name = name};
        request.page.next_page_token = token;
        return list(request);
      },
      [&](TypeInfos& page) {
        for (auto& info : page.types) {
          Options o;
          o.status = info.status;
          if (!info.description.empty()) o.description = info.description;
          o.creation_date = info.creation_date;
          o.deprecation_date = info.deprecation_date;
          if constexpr (std::is_same_v<Options, WorkflowTypeOptions>) {
            // A listing does not say the type's defaults: leave them unknown.
            o.child_policy.reset();
            o.execution_timeout.reset();
            o.decision_tasks_timeout.reset();
          }
          out.emplace_back(domain, info.name, info.version, std::move(o));
        }
      });
  return out;
}

WorkflowType workflow_type_of(const Domain& domain, const WorkflowTypeDetail& d) {
  WorkflowTypeOptions o;
  o.status = d.info.status;
  o.task_list = d.configuration.task_list;
  o.child_policy = d.configuration.child_policy;
  o.execution_timeout = d.configuration.execution_start_to_close_timeout;
  o.decision_tasks_timeout = d.configuration.task_start_to_close_timeout;
  if (!d.info.description.empty()) o.description = d.info.description;
  o.creation_date = d.info.creation_date;
  o.deprecation_date = d.info.deprecation_date;
  return WorkflowType(domain, d.info.name, d.info.version, std::move(o));
}

ActivityType activity_type_of(const Domain& domain, const ActivityTypeDetail& d) {
  ActivityTypeOptions o;
  o.status = d.info.status;
  if (!d.info.description.empty()) o.description = d.info.description;
  o.creation_date = d.info.creation_date;
  o.deprecation_date = d.info.deprecation_date;
  o.task_list = d.configuration.task_list;
  o.task_heartbeat_timeout = d.configuration.task_heartbeat_timeout;
  o.task_schedule_to_close_timeout = d.configuration.task_schedule_to_close_timeout;
  o.task_schedule_to_start_timeout = d.configuration.task_schedule_to_start_timeout;
  o.task_start_to_close_timeout = d.configuration.task_start_to_close_timeout;
  return ActivityType(domain, d.info.name, d.info.version, std::move(o));
}

ExecutionFields fields_of(const ExecutionInfo& info) {
  ExecutionFields f;
  f.status = info.execution_status;
  f.close_status = info.close_status;
  f.workflow_type = info.type;
  f.tag_list = info.tag_list;
  f.start_timestamp = info.start_timestamp;
  f.close_timestamp = info.close_timestamp;
  f.cancel_requested = info.cancel_requested;
  f.parent = info.parent;
  return f;
}

double days_ago(int days) { return static_cast<double>(std::time(nullptr)) - days * 86400.0; }

}  // namespace

// ---- Domains --------------------------------------------------------------

DomainQuerySet::DomainQuerySet(std::shared_ptr<SwfClient> client) : client_(std::move(client)) {
  if (!client_) throw std::invalid_argument("a DomainQuerySet needs an SwfClient");
}

Domain DomainQuerySet::get(const std::string& name) const {
  DomainDetail d = value_or_throw(client_->describe_domain(name));
  DomainOptions o;
  o.status = d.info.status;
  if (!d.info.description.empty()) o.description = d.info.description;
  try {
    o.retention_period = std::stoi(d.retention_period_in_days);
  } catch (const std::exception&) {
    o.retention_period = 0;  // "NONE": no retention
  }
  return Domain(client_, d.info.name, std::move(o));
}

Domain DomainQuerySet::get_or_create(const std::string& name, const DomainOptions& options) const {
  return get_or_create_race_safe<Domain>([&] { return get(name); }, [&] { return create(name, options); });
}

std::vector<Domain> DomainQuerySet::all(const std::string& status) const {
  std::vector<Domain> out;
  every_page<DomainInfos>(
      [&](const std::optional<std::string>& token) {
        ListDomainsRequest request{.registration_status = status};
        request.page.next_page_token = token;
        return client_->list_domains(request);
      },
      [&](DomainInfos& page) {
        for (auto& info : page.domains) {
          DomainOptions o;
          o.status = info.status;
          if (!info.description.empty()) o.description = info.description;
          out.emplace_back(client_, info.name, std::move(o));
        }
      });
  return out;
}

Domain DomainQuerySet::create(const std::string& name, const DomainOptions& options) const {
  Domain domain(client_, name, options);
  domain.save();
  return domain;
}

// ---- Types ----------------------------------------------------------------

WorkflowTypeQuerySet::WorkflowTypeQuerySet(Domain domain) : domain_(std::move(domain)) {}

WorkflowType WorkflowTypeQuerySet::get(const std::string& name, const std::string& version) const {
  return workflow_type_of(domain_, value_or_throw(domain_.client()->describe_workflow_type(domain_.name(), {name, version})));
}

WorkflowType WorkflowTypeQuerySet::get_or_create(const std::string& name, const std::string& version,
                                                 const WorkflowTypeOptions& options) const {
  return get_or_create_race_safe<WorkflowType>([&] { return get(name, version); },
                                               [&] { return create(name, version, options); });
}

std::vector<WorkflowType> WorkflowTypeQuerySet::filter(const std::optional<std::string>& name,
                                                       const std::string& status) const {
  return list_types<WorkflowType, WorkflowTypeOptions>(
      domain_, name, status, [&](const ListTypesRequest& r) { return domain_.client()->list_workflow_types(r); });
}

std::vector<WorkflowType> WorkflowTypeQuerySet::all(const std::string& status) const {
  return filter(std::nullopt, status);
}

WorkflowType WorkflowTypeQuerySet::create(const std::string& name, const std::string& version,
                                          const WorkflowTypeOptions& options) const {
  WorkflowType type(domain_, name, version, options);
  type.save();
  return type;
}

ActivityTypeQuerySet::ActivityTypeQuerySet(Domain domain) : domain_(std::move(domain)) {}

ActivityType ActivityTypeQuerySet::get(const std::string& name, const std::string& version) const {
  return activity_type_of(domain_, value_or_throw(domain_.client()->describe_activity_type(domain_.name(), {name, version})));
}

ActivityType ActivityTypeQuerySet::get_or_create(const std::string& name, const std::string& version,
                                                 const ActivityTypeOptions& options) const {
  return get_or_create_race_safe<ActivityType>([&] { return get(name, version); },
                                               [&] { return create(name, version, options); });
}

std::vector<ActivityType> ActivityTypeQuerySet::filter(const std::optional<std::string>& name,
                                                       const std::string& status) const {
  return list_types<ActivityType, ActivityTypeOptions>(
      domain_, name, status, [&](const ListTypesRequest& r) { return domain_.client()->list_activity_types(r); });
}

std::vector<ActivityType> ActivityTypeQuerySet::all(const std::string& status) const {
  return filter(std::nullopt, status);
}

ActivityType ActivityTypeQuerySet::create(const std::string& name, const std::string& version,
                                          const ActivityTypeOptions& options) const {
  ActivityType type(domain_, name, version, options);
  type.save();
  return type;
}

// ---- Executions -----------------------------------------------------------

WorkflowExecutionQuerySet::WorkflowExecutionQuerySet(Domain domain) : domain_(std::move(domain)) {}

WorkflowExecution WorkflowExecutionQuerySet::get(const std::string& workflow_id, const std::string& run_id) const {
  ExecutionDetail d =
      value_or_throw(domain_.client()->describe_workflow_execution(domain_.name(), {workflow_id, run_id}));
  ExecutionFields f = fields_of(d.info);
  f.task_list = d.configuration.task_list;
  f.child_policy = d.configuration.child_policy;
  f.execution_timeout = d.configuration.execution_start_to_close_timeout;
  f.decision_tasks_timeout = d.configuration.task_start_to_close_timeout;
  f.latest_execution_context = d.latest_execution_context;
  f.latest_activity_task_timestamp = d.latest_activity_task_timestamp;
  f.open_counts = d.open_counts;
  return WorkflowExecution(domain_, d.info.execution.workflow_id, d.info.execution.run_id, std::move(f));
}

std::vector<WorkflowExecution> WorkflowExecutionQuerySet::filter(const ExecutionQuery& q) const {
  bool closed = q.status == kStatusClosed;
  if (!closed && q.status != kStatusOpen)
    throw std::invalid_argument("invalid execution status \"" + q.status + "\": use OPEN or CLOSED");
  bool close_dates = q.close_oldest_date || q.close_latest_date;
  if (!closed && (close_dates || q.close_status))
    throw std::invalid_argument("close dates and close status only filter CLOSED executions");
  if (close_dates && (q.start_oldest_date || q.start_latest_date))
    throw std::invalid_argument("filter closed executions by start dates or by close dates, not both");
  if (q.workflow_type_version && !q.workflow_type_name)
    throw std::invalid_argument("a workflow type version filter needs the type's name");
  int exclusive = (q.workflow_id ? 1 : 0) + (q.workflow_type_name ? 1 : 0) + (q.tag ? 1 : 0) + (q.close_status ? 1 : 0);
  if (exclusive > 1)
    throw std::invalid_argument("workflow id, workflow type, tag and close status filters are mutually exclusive");

  ListExecutionsRequest request;
  ExecutionFilters& f = request.filters;
  f.domain = domain_.name();
  if (close_dates) {
    f.close_time = TimeFilter{q.close_oldest_date.value_or(days_ago(kMaxWorkflowAgeDays)), q.close_latest_date};
  } else {
    f.start_time = TimeFilter{q.start_oldest_date.value_or(days_ago(kMaxWorkflowAgeDays)), q.start_latest_date};
  }
  f.workflow_id = q.workflow_id;
  if (q.workflow_type_name) f.type = WorkflowTypeRef{*q.workflow_type_name, q.workflow_type_version.value_or("")};
  f.tag = q.tag;
  f.close_status = q.close_status;
  request.page.maximum_page_size = q.maximum_page_size;

  std::vector<WorkflowExecution> out;
  every_page<ExecutionInfos>(
      [&](const std::optional<std::string>& token) {
        request.page.next_page_token = token;
        return closed ? domain_.client()->list_closed_workflow_executions(request)
                      : domain_.client()->list_open_workflow_executions(request);
      },
      [&](ExecutionInfos& page) {
        for (auto& info : page.executions)
          out.emplace_back(domain_, info.execution.workflow_id, info.execution.run_id, fields_of(info));
      });
  return out;
}

std::vector<WorkflowExecution> WorkflowExecutionQuerySet::all(const std::string& status, int start_oldest_days) const {
  return filter({.status = status, .start_oldest_date = days_ago(start_oldest_days)});
}

}  // namespace simpleflow::swf
