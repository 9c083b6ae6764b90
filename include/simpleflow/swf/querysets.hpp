// Querysets: finding and creating models, as Python simpleflow's
// swf.querysets.
//
//   swf::DomainQuerySet domains(client);
//   swf::Domain domain = domains.get_or_create("prod", {.retention_period = 7});
//   swf::WorkflowTypeQuerySet types(domain);
//   for (const auto& t : types.all()) std::cout << t.name() << " " << t.version() << "\n";
//   swf::WorkflowExecutionQuerySet runs(domain);
//   auto open = runs.filter({.status = swf::kStatusOpen, .tag = "nightly"});
//
// get() throws DoesNotExistError; get_or_create() is safe when processes race
// to create the same object (the loser reads the winner's). Listings follow
// every page. Thread-safe as the models are.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/swf/models.hpp"

namespace simpleflow::swf {

class DomainQuerySet {
 public:
  explicit DomainQuerySet(std::shared_ptr<SwfClient> client);

  Domain get(const std::string& name) const;
  Domain get_or_create(const std::string& name, const DomainOptions& options = {}) const;
  // Every domain of that registration status.
  std::vector<Domain> all(const std::string& status = kRegistered) const;
  // Registers the domain and returns it; AlreadyExistsError when it exists.
  Domain create(const std::string& name, const DomainOptions& options = {}) const;

 private:
  std::shared_ptr<SwfClient> client_;
};

class WorkflowTypeQuerySet {
 public:
  explicit WorkflowTypeQuerySet(Domain domain);

  WorkflowType get(const std::string& name, const std::string& version) const;
  WorkflowType get_or_create(const std::string& name, const std::string& version,
                             const WorkflowTypeOptions& options = {}) const;
  // The types of that status, of one name when `name` is set.
  std::vector<WorkflowType> filter(const std::optional<std::string>& name = std::nullopt,
                                   const std::string& status = kRegistered) const;
  std::vector<WorkflowType> all(const std::string& status = kRegistered) const;
  WorkflowType create(const std::string& name, const std::string& version,
                      const WorkflowTypeOptions& options = {}) const;

 private:
  Domain domain_;
};

class ActivityTypeQuerySet {
 public:
  explicit ActivityTypeQuerySet(Domain domain);

  ActivityType get(const std::string& name, const std::string& version) const;
  ActivityType get_or_create(const std::string& name, const std::string& version,
                             const ActivityTypeOptions& options = {}) const;
  std::vector<ActivityType> filter(const std::optional<std::string>& name = std::nullopt,
                                   const std::string& status = kRegistered) const;
  std::vector<ActivityType> all(const std::string& status = kRegistered) const;
  ActivityType create(const std::string& name, const std::string& version,
                      const ActivityTypeOptions& options = {}) const;

 private:
  Domain domain_;
};

// Python's MAX_WORKFLOW_AGE: how far back listings look by default, in days.
inline constexpr int kMaxWorkflowAgeDays = 457;

// WorkflowExecutionQuerySet::filter's criteria. SWF takes at most one of
// workflow_id, workflow_type_name (with its version), tag and close_status.
// Dates are seconds since the epoch; start_oldest_date defaults to
// kMaxWorkflowAgeDays ago. Close dates and close_status need status CLOSED.
struct ExecutionQuery {
  std::string status = kStatusOpen;
  std::optional<std::string> tag;
  std::optional<std::string> workflow_id;
  std::optional<std::string> workflow_type_name;
  std::optional<std::string> workflow_type_version;
  std::optional<double> start_oldest_date;
  std::optional<double> start_latest_date;
  std::optional<double> close_oldest_date;
  std::optional<double> close_latest_date;
  std::optional<std::string> close_status;
  std::optional<int> maximum_page_size;  // per call; every page is read
};

class WorkflowExecutionQuerySet {
 public:
  explicit WorkflowExecutionQuerySet(Domain domain);

  // DescribeWorkflowExecution.
  WorkflowExecution get(const std::string& workflow_id, const std::string& run_id) const;
  // Std::invalid_argument for criteria that do not fit the status (a close
  // date on open executions, two exclusive filters, an unknown status).
  std::vector<WorkflowExecution> filter(const ExecutionQuery& query) const;
  // Every execution of that status started within `start_oldest_days` days.
  std::vector<WorkflowExecution> all(const std::string& status = kStatusOpen,
                                     int start_oldest_days = kMaxWorkflowAgeDays) const;

 private:
  Domain domain_;
};

}  // namespace simpleflow::swf
