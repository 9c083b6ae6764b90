#include "simpleflow/swf/querysets.hpp"
#include "swf_objects/model_support.hpp"

namespace simpleflow::swf {

using internal::or_null;

Domain::Domain(std::shared_ptr<SwfClient> client, std::string name, DomainOptions options)
    : client_(std::move(client)), name_(std::move(name)), options_(std::move(options)) {
  if (!client_) throw std::invalid_argument("a Domain needs an SwfClient");
}

bool Domain::exists() const { return internal::exists_from(client_->describe_domain(name_)); }

bool Domain::is_synced() const { return internal::synced(*this); }

ModelDiff Domain::changes() const {
  DomainDetail remote = value_or_throw(client_->describe_domain(name_));
  ModelDiff diff;
  diff.add("name", name_, remote.info.name);
  diff.add("status", options_.status, remote.info.status);
  internal::compare_if_set(diff, "description", options_.description, remote.info.description);
  // SWF keeps no history for "0" or "NONE" days alike.
  std::string remote_days = remote.retention_period_in_days == "NONE" ? "0" : remote.retention_period_in_days;
  diff.add("retention_period", std::to_string(options_.retention_period), remote_days);
  return diff;
}

Domain Domain::upstream() const { return DomainQuerySet(client_).get(name_); }

void Domain::save() const {
  value_or_throw(client_->register_domain(
      {.name = name_, .retention_period_in_days = std::to_string(options_.retention_period),
       .description = options_.description}));
}

void Domain::deprecate() const { value_or_throw(client_->deprecate_domain(name_)); }

std::vector<WorkflowType> Domain::workflows(const std::string& status) const {
  return WorkflowTypeQuerySet(*this).all(status);
}

std::vector<ActivityType> Domain::activities(const std::string& status) const {
  return ActivityTypeQuerySet(*this).all(status);
}

}  // namespace simpleflow::swf
