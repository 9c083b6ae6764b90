#include "simpleflow/activity.hpp"

#include <stdexcept>

#include "core/settings.hpp"
#include "workflow/attributes.hpp"

namespace simpleflow {
namespace {

thread_local const ActivityContext* current_context = nullptr;

class ContextScope {
 public:
  explicit ContextScope(const ActivityContext& c) : previous_(current_context) { current_context = &c; }
  ~ContextScope() { current_context = previous_; }

 private:
  const ActivityContext* previous_;
};

std::string timeout_or(const std::optional<Timeout>& t, const char* setting_name) {
  return t ? t->value : internal::setting(setting_name, internal::setting("ACTIVITY_DEFAULT_TIMEOUT", "300").c_str());
}

}  // namespace

void to_json(Json& j, const ActivityContext& c) {
  j = Json{{"name", c.name},         {"version", c.version},         {"workflow_id", c.workflow_id},
           {"run_id", c.run_id},     {"activity_id", c.activity_id}, {"input", c.input},
           {"domain_name", c.domain_name}, {"activity_task_list", c.task_list}};
}

const ActivityContext& activity_context() {
  if (!current_context) throw std::logic_error("activity_context() called outside of an activity");
  return *current_context;
}

ActivityDef::ActivityDef(std::string qualified_name, ActivityOptions options, Invoker invoke, std::size_t arity)
    : qualified_name_(std::move(qualified_name)),
      name_(options.name.value_or(qualified_name_)),
      version_(options.version.value_or(internal::setting("ACTIVITY_DEFAULT_VERSION", "default"))),
      task_list_(options.task_list.value_or(internal::setting("ACTIVITY_DEFAULT_TASK_LIST", "default"))),
      retry_(options.retry.value_or(0)),
      raises_on_failure_(options.raises_on_failure.value_or(false)),
      start_to_close_timeout_(timeout_or(options.start_to_close_timeout, "ACTIVITY_START_TO_CLOSE_TIMEOUT")),
      schedule_to_close_timeout_(timeout_or(options.schedule_to_close_timeout, "ACTIVITY_SCHEDULE_TO_CLOSE_TIMEOUT")),
      schedule_to_start_timeout_(timeout_or(options.schedule_to_start_timeout, "ACTIVITY_SCHEDULE_TO_START_TIMEOUT")),
      heartbeat_timeout_(timeout_or(options.heartbeat_timeout, "ACTIVITY_HEARTBEAT_TIMEOUT")),
      idempotent_(options.idempotent),
      task_priority_(options.task_priority),
      run_on_worker_thread_(options.run_on_worker_thread.value_or(false)),
      meta_(options.meta.value_or(Json::object())),
      params_(std::move(options.params)),
      arity_(arity),
      get_task_id_(std::move(options.get_task_id)),
      invoke_(std::move(invoke)) {}

Status ActivityDef::validate() const {
  const std::string who = "activity \"" + name_ + "\"";
  if (Status s = internal::check_type_attributes(who, name_, version_, task_list_, retry_); !s.ok()) return s;
  if (!meta_.is_object()) return InvalidArgumentError(who + ": meta must be a JSON object");
  return internal::check_params(params_, arity_, who);
}

Json ActivityDef::invoke(const Arguments& arguments, const ActivityContext& context) const {
  ContextScope scope(context);
  return invoke_(arguments);
}

}  // namespace simpleflow
