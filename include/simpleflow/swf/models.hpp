// The object layer's models, as Python simpleflow's swf.models: a Domain,
// WorkflowType, ActivityType or WorkflowExecution is a local value that
// knows its SwfClient, and can be compared with what SWF holds.
//
//   auto client = swf::make_client(swf::resolve_config({}).value().client).value();
//   swf::Domain domain(client, "prod", {.retention_period = 7});
//   if (!domain.exists()) domain.save();
//   swf::WorkflowType type(domain, "etl.Nightly", "1", {.task_list = "etl"});
//   type.save();
//   swf::WorkflowExecution run = type.start_execution({.workflow_id = "nightly", .input = Json::object()});
//   run.signal("go", Json{{"speed", 2}});
//
// Calls throw the exceptions of exceptions.hpp (DoesNotExistError when SWF
// does not know the object). Models are plain values: copy them freely;
// several threads may use copies, since the client is thread-safe.
#pragma once

#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/json.hpp"
#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/exceptions.hpp"
#include "simpleflow/swf/history.hpp"

namespace simpleflow::swf {

inline constexpr const char* kRegistered = "REGISTERED";
inline constexpr const char* kDeprecated = "DEPRECATED";

// One field that differs between a local model and SWF's copy.
struct Difference {
  std::string field;
  Json local;
  Json remote;
  bool operator==(const Difference&) const = default;
};

// The fields that differ, in the model's field order.
class ModelDiff {
 public:
  // Records the field when `local` and `remote` differ.
  void add(const std::string& field, const Json& local, const Json& remote);
  bool empty() const { return differences_.empty(); }
  std::size_t size() const { return differences_.size(); }
  bool contains(const std::string& field) const;
  const std::vector<Difference>& differences() const { return differences_; }
  // The names of the differing fields.
  std::vector<std::string> differing_fields() const;

 private:
  std::vector<Difference> differences_;
};

class WorkflowType;
class ActivityType;

struct DomainOptions {
  std::string status = kRegistered;
  std::optional<std::string> description;
  int retention_period = 30;  // days that closed executions are kept
};

class Domain {
 public:
  Domain(std::shared_ptr<SwfClient> client, std::string name, DomainOptions options = {});

  const std::string& name() const { return name_; }
  const std::string& status() const { return options_.status; }
  const std::optional<std::string>& description() const { return options_.description; }
  int retention_period() const { return options_.retention_period; }
  const std::shared_ptr<SwfClient>& client() const { return client_; }

  // Whether SWF knows the domain (registered or deprecated).
  bool exists() const;
  // Whether SWF's copy has the same fields; false when it does not exist.
  bool is_synced() const;
  // The fields that differ from SWF's copy; DoesNotExistError when none.
  ModelDiff changes() const;
  // SWF's copy.
  Domain upstream() const;
  // Registers the domain; AlreadyExistsError when it is.
  void save() const;
  // Deprecates the domain (Python's delete(), a keyword in C++).
  void deprecate() const;
  // The domain's workflow and activity types of that status, every page.
  std::vector<WorkflowType> workflows(const std::string& status = kRegistered) const;
  std::vector<ActivityType> activities(const std::string& status = kRegistered) const;

 private:
  std::shared_ptr<SwfClient> client_;
  std::string name_;
  DomainOptions options_;
};

// The WorkflowType defaults of Python simpleflow's model. A type read from
// SWF leaves unset the defaults it was registered without.
struct WorkflowTypeOptions {
  std::string status = kRegistered;
  std::optional<std::string> task_list;
  std::optional<std::string> child_policy = "TERMINATE";  // TERMINATE, REQUEST_CANCEL or ABANDON
  std::optional<std::string> execution_timeout = "300";
  std::optional<std::string> decision_tasks_timeout = "300";
  std::optional<std::string> description;
  double creation_date = 0;
  std::optional<double> deprecation_date;
};

// WorkflowType::start_execution's options; unset ones take the type's (and
// SWF the registered defaults when the type has none either).
struct StartExecutionOptions {
  std::optional<std::string> workflow_id;  // default "<name>-<version>-<unix time>"
  std::optional<std::string> task_list;
  std::optional<std::string> child_policy;
  std::optional<std::string> execution_timeout;
  Json input = Json::object();              // sent as JSON in simpleflow's dialect
  std::vector<std::string> tag_list;        // at most 5
  std::optional<std::string> decision_tasks_timeout;
};

class WorkflowExecution;

class WorkflowType {
 public:
  // std::invalid_argument for a child policy SWF does not have.
  WorkflowType(Domain domain, std::string name, std::string version, WorkflowTypeOptions options = {});

  const Domain& domain() const { return domain_; }
  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const WorkflowTypeOptions& options() const { return options_; }

  bool exists() const;
  bool is_synced() const;
  ModelDiff changes() const;
  WorkflowType upstream() const;
  // Registers the type with the options as its defaults.
  void save() const;
  void deprecate() const;

  // Starts an execution of this type. std::invalid_argument for a bad child
  // policy or more than 5 tags; WorkflowExecutionAlreadyStartedError when an
  // open execution has that id.
  WorkflowExecution start_execution(const StartExecutionOptions& options = {}) const;

 private:
  Domain domain_;
  std::string name_, version_;
  WorkflowTypeOptions options_;
};

// The ActivityType fields of Python simpleflow's model; unset timeouts are
// not registered as defaults.
struct ActivityTypeOptions {
  std::string status = kRegistered;
  std::optional<std::string> description;
  double creation_date = 0;
  std::optional<double> deprecation_date;
  std::optional<std::string> task_list;
  std::optional<std::string> task_heartbeat_timeout;
  std::optional<std::string> task_schedule_to_close_timeout;
  std::optional<std::string> task_schedule_to_start_timeout;
  std::optional<std::string> task_start_to_close_timeout;
};

class ActivityType {
 public:
  ActivityType(Domain domain, std::string name, std::string version, ActivityTypeOptions options = {});

  const Domain& domain() const { return domain_; }
  const std::string& name() const { return name_; }
  const std::string& version() const { return version_; }
  const ActivityTypeOptions& options() const { return options_; }

  bool exists() const;
  bool is_synced() const;
  ModelDiff changes() const;
  ActivityType upstream() const;
  void save() const;
  void deprecate() const;

 private:
  Domain domain_;
  std::string name_, version_;
  ActivityTypeOptions options_;
};

inline constexpr const char* kStatusOpen = "OPEN";
inline constexpr const char* kStatusClosed = "CLOSED";

// What SWF says of an execution (DescribeWorkflowExecution, or a list entry:
// then the configuration fields are empty).
struct ExecutionFields {
  std::string status;        // OPEN or CLOSED
  std::string close_status;  // COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT
  std::optional<WorkflowTypeRef> workflow_type;
  std::string task_list;
  std::string child_policy;
  std::string execution_timeout;
  std::string decision_tasks_timeout;
  std::vector<std::string> tag_list;
  double start_timestamp = 0;
  std::optional<double> close_timestamp;
  bool cancel_requested = false;
  std::optional<std::string> latest_execution_context;
  std::optional<double> latest_activity_task_timestamp;
  std::optional<OpenCounts> open_counts;
  std::optional<ExecutionRef> parent;
};

class WorkflowExecution {
 public:
  WorkflowExecution(Domain domain, std::string workflow_id, std::string run_id, ExecutionFields fields = {});

  const Domain& domain() const { return domain_; }
  const std::string& workflow_id() const { return workflow_id_; }
  const std::string& run_id() const { return run_id_; }
  const ExecutionFields& fields() const { return fields_; }

  bool exists() const;
  bool is_synced() const;
  ModelDiff changes() const;
  WorkflowExecution upstream() const;

  // Every event, following page tokens.
  History history(bool reverse_order = false) const;
  // Every event as the API's JSON, page by page: `on_page` is called with
  // each page's events as they arrive.
  void history_events(const std::function<void(const std::vector<Json>&)>& on_page, bool reverse_order = false,
                      std::optional<int> page_size = std::nullopt) const;
  // Sends a signal; `input` is sent as JSON in simpleflow's dialect when set.
  void signal(const std::string& name, const std::optional<Json>& input = std::nullopt) const;
  void request_cancel() const;
  void terminate(const std::optional<std::string>& reason = std::nullopt,
                 const std::optional<std::string>& details = std::nullopt,
                 const std::optional<std::string>& child_policy = std::nullopt) const;

 private:
  Domain domain_;
  std::string workflow_id_, run_id_;
  ExecutionFields fields_;
};

}  // namespace simpleflow::swf
