#include "simpleflow/swf/querysets.hpp"
#include "swf_objects/model_support.hpp"

namespace simpleflow::swf {

using internal::compare_if_set;
using internal::or_null;

ActivityType::ActivityType(Domain domain, std::string name, std::string version, ActivityTypeOptions options)
    : domain_(std::move(domain)), name_(std::move(name)), version_(std::move(version)), options_(std::move(options)) {}

bool ActivityType::exists() const {
  return internal::exists_from(domain_.client()->describe_activity_type(domain_.name(), {name_, version_}));
}

bool ActivityType::is_synced() const { return internal::synced(*this); }

ModelDiff ActivityType::changes() const {
  ActivityTypeDetail remote = value_or_throw(domain_.client()->describe_activity_type(domain_.name(), {name_, version_}));
  const auto& o = options_;
  const auto& c = remote.configuration;
  ModelDiff diff;
  diff.add("name", name_, remote.info.name);
  diff.add("version", version_, remote.info.version);
  diff.add("status", o.status, remote.info.status);
  compare_if_set(diff, "description", o.description, remote.info.description);
  if (o.creation_date != 0) diff.add("creation_date", o.creation_date, remote.info.creation_date);
  compare_if_set(diff, "deprecation_date", o.deprecation_date, or_null(remote.info.deprecation_date));
  compare_if_set(diff, "task_list", o.task_list, or_null(c.task_list));
  compare_if_set(diff, "task_heartbeat_timeout", o.task_heartbeat_timeout, or_null(c.task_heartbeat_timeout));
  compare_if_set(diff, "task_schedule_to_close_timeout", o.task_schedule_to_close_timeout,
                 or_null(c.task_schedule_to_close_timeout));
  compare_if_set(diff, "task_schedule_to_start_timeout", o.task_schedule_to_start_timeout,
                 or_null(c.task_schedule_to_start_timeout));
  compare_if_set(diff, "task_start_to_close_timeout", o.task_start_to_close_timeout,
                 or_null(c.task_start_to_close_timeout));
  return diff;
}

ActivityType ActivityType::upstream() const { return ActivityTypeQuerySet(domain_).get(name_, version_); }

void ActivityType::save() const {
  RegisterActivityTypeRequest request{.domain = domain_.name(), .type = {name_, version_},
                                      .description = options_.description};
  request.defaults.task_list = options_.task_list;
  request.defaults.task_heartbeat_timeout = options_.task_heartbeat_timeout;
  request.defaults.task_schedule_to_close_timeout = options_.task_schedule_to_close_timeout;
  request.defaults.task_schedule_to_start_timeout = options_.task_schedule_to_start_timeout;
  request.defaults.task_start_to_close_timeout = options_.task_start_to_close_timeout;
  value_or_throw(domain_.client()->register_activity_type(request));
}

void ActivityType::deprecate() const {
  value_or_throw(domain_.client()->deprecate_activity_type(domain_.name(), {name_, version_}));
}

}  // namespace simpleflow::swf
