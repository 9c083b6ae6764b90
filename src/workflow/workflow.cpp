#include "simpleflow/workflow.hpp"

#include <stdexcept>

#include "core/settings.hpp"
#include "workflow/attributes.hpp"
#include "simpleflow/internal/executor.hpp"

namespace simpleflow {

WorkflowDef::WorkflowDef(std::string class_name, WorkflowOptions options, Factory factory, Runner run,
                         Checker check, std::size_t arity)
    : class_name_(std::move(class_name)),
      name_(options.name.value_or(class_name_)),
      version_(options.version.value_or(internal::setting("WORKFLOW_DEFAULT_VERSION", "default"))),
      task_list_(options.task_list.value_or(internal::setting("WORKFLOW_DEFAULT_TASK_LIST", "default"))),
      tag_list_(std::move(options.tag_list)),
      retry_(options.retry.value_or(0)),
      raises_on_failure_(options.raises_on_failure.value_or(true)),
      idempotent_(options.idempotent.value_or(false)),
      max_open_activity_count_(options.max_open_activity_count),
      task_priority_(options.task_priority),
      params_(std::move(options.params)),
      arity_(arity),
      propagate_signals_to_parent_(options.propagate_signals_to_parent),
      get_workflow_id_(std::move(options.get_workflow_id)),
      get_task_list_(std::move(options.get_task_list)),
      get_tag_list_(std::move(options.get_tag_list)),
      factory_(std::move(factory)),
      run_(std::move(run)),
      check_(std::move(check)) {
  if (options.execution_timeout) execution_timeout_ = options.execution_timeout->value;
  if (options.decision_tasks_timeout) decision_tasks_timeout_ = options.decision_tasks_timeout->value;
  child_policy_ = std::move(options.child_policy);
}

Status WorkflowDef::validate() const {
  const std::string who = "workflow \"" + class_name_ + "\"";
  if (Status s = internal::check_type_attributes(who, name_, version_, task_list_, retry_); !s.ok()) return s;
  if (child_policy_ && *child_policy_ != "TERMINATE" && *child_policy_ != "REQUEST_CANCEL" &&
      *child_policy_ != "ABANDON") {
    return InvalidArgumentError(who + ": child_policy must be TERMINATE, REQUEST_CANCEL or ABANDON, not \"" +
                                *child_policy_ + "\"");
  }
  if (tag_list_.size() > 5) return InvalidArgumentError(who + ": at most 5 tags");
  if (max_open_activity_count_ && *max_open_activity_count_ <= 0)
    return InvalidArgumentError(who + ": max_open_activity_count must be positive");
  return internal::check_params(params_, arity_, who);
}

std::string WorkflowDef::workflow_id_for(const Arguments& arguments) const {
  return get_workflow_id_ ? get_workflow_id_(arguments) : std::string();
}

std::string WorkflowDef::task_list_for(const Arguments& arguments) const {
  return get_task_list_ ? get_task_list_(arguments) : task_list_;
}

std::vector<std::string> WorkflowDef::tag_list_for(const Arguments& arguments) const {
  return get_tag_list_ ? get_tag_list_(arguments) : tag_list_;
}

Workflow::~Workflow() = default;

namespace internal {

TaskArguments TaskArguments::from_sources(std::vector<ArgumentSource> sources) {
  TaskArguments out;
  out.sources_ = std::move(sources);
  return out;
}

const Arguments& TaskArguments::get() const {
  if (!built_) {
    Arguments built;
    auto& args = built.args.get_ref<Json::array_t&>();
    args.reserve(sources_.size());
    for (const auto& source : sources_) args.push_back(source.future ? source.future->value() : source.value);
    built_ = std::move(built);
  }
  return *built_;
}

std::string reserve_id_suffix(Workflow& workflow, const ActivityDef& def) {
  if (def.idempotent().value_or(false) || def.has_custom_task_id()) return {};
  return WorkflowAccess::executor(workflow).reserve_id_suffix("activity-" + def.name());
}

std::string reserve_id_suffix(Workflow& workflow, const WorkflowDef& def) {
  if (def.idempotent() || def.has_custom_workflow_id()) return {};
  return WorkflowAccess::executor(workflow).reserve_id_suffix("workflow-" + def.name());
}

}  // namespace internal

namespace {

// Whether every future among `sources` is finished, rethrowing the failure of
// the first failed one met before an unfinished one.
bool arguments_ready(const std::vector<internal::ArgumentSource>& sources) {
  for (const auto& source : sources) {
    if (!source.future) continue;
    if (!source.future->done()) return false;
    if (source.future->exception) std::rethrow_exception(source.future->exception);
  }
  return true;
}

}  // namespace

const WorkflowDef& Workflow::definition() const {
  if (!definition_) throw std::logic_error("this workflow object is not attached to a run");
  return *definition_;
}

internal::Executor& Workflow::executor() const {
  if (!executor_) throw std::logic_error("this workflow object is not attached to a run: run it with an executor");
  return *executor_;
}

void Workflow::before_replay(const History&) {}
void Workflow::after_replay(const History&) {}
void Workflow::after_closed(const History&) {}
void Workflow::on_failure(const History&, const std::string&, const std::string&) {}
void Workflow::on_completed(const History&) {}
void Workflow::on_canceled(const History&) {}
bool Workflow::should_cancel(const History&) { return true; }
void Workflow::on_task_failure(TaskFailureContext&) {}

internal::TaskStatusPtr Workflow::submit_when_ready(Target target, std::vector<internal::ArgumentSource> arguments) {
  if (arguments_ready(arguments)) {
    auto ready = internal::TaskArguments::from_sources(std::move(arguments));
    return target.activity ? submit_activity(*target.activity, std::move(ready), {})
                           : submit_workflow(*target.workflow, std::move(ready), {});
  }
  // A numbered id is reserved now: the task keeps its place in submission
  // order, and a task of the same name submitted after it in the code cannot
  // take its id (and its result) in a later replay. (Python simpleflow numbers
  // the task only when it is submitted, which mixes them up.)
  SubmitOptions options;
  options.reserved_id_suffix = target.activity ? internal::reserve_id_suffix(*this, *target.activity)
                                               : internal::reserve_id_suffix(*this, *target.workflow);
  auto submit_now = [this, target, options](internal::TaskArguments ready) {
    return target.activity ? submit_activity(*target.activity, std::move(ready), options)
                           : submit_workflow(*target.workflow, std::move(ready), options);
  };

  auto status = std::make_shared<internal::TaskStatus>();
  status->description = (target.activity ? "activity-" + target.activity->name()
                                         : "workflow-" + target.workflow->name()) +
                        " (not scheduled: waiting for its arguments)";
  status->settle = [submit_now, arguments = std::move(arguments),
                    submitted = internal::TaskStatusPtr()](internal::TaskStatus& self) mutable {
    if (!submitted) {
      for (const auto& a : arguments) {
        if (a.future) a.future->refresh();
      }
      if (!arguments_ready(arguments)) return;
      submitted = submit_now(internal::TaskArguments::from_sources(std::move(arguments)));
    }
    submitted->refresh();
    // This future now mirrors the submitted task's.
    self.state = submitted->state;
    self.result = submitted->result;
    self.fetch_result = submitted->fetch_result ? [submitted] { return submitted->value(); } : std::function<Json()>();
    self.exception = submitted->exception;
    self.description = submitted->description;
    self.children = submitted->children;
  };
  return status;
}

internal::TaskStatusPtr Workflow::submit_activity(const ActivityDef& def, internal::TaskArguments arguments,
                                                  const SubmitOptions& options) {
  return executor().submit_activity(def, std::move(arguments), options);
}

internal::TaskStatusPtr Workflow::submit_workflow(const WorkflowDef& def, internal::TaskArguments arguments,
                                                  const SubmitOptions& options) {
  return executor().submit_workflow(def, std::move(arguments), options);
}

Future<Json> Workflow::submit(const ActivityDef& activity, Arguments arguments, const SubmitOptions& options) {
  return Future<Json>(submit_activity(activity, std::move(arguments), options));
}

Future<Json> Workflow::submit(const WorkflowDef& workflow, Arguments arguments, const SubmitOptions& options) {
  return Future<Json>(submit_workflow(workflow, std::move(arguments), options));
}

Future<Json> Workflow::submit(const SignalTask& task) { return Future<Json>(executor().submit_signal(task)); }
Future<Json> Workflow::submit(const WaitForSignal& task) { return Future<Json>(executor().submit_wait_signal(task)); }
Future<Json> Workflow::submit(const MarkerTask& task) { return Future<Json>(executor().submit_marker(task)); }
Future<void> Workflow::submit(const TimerTask& task) { return Future<void>(executor().submit_timer(task)); }
Future<void> Workflow::submit(const CancelTimerTask& task) {
  return Future<void>(executor().submit_cancel_timer(task));
}

std::vector<Marker> Workflow::list_markers(bool all) const { return executor().list_markers(all); }

Json Workflow::get_event_details(std::string_view event_type, std::string_view name) const {
  if (event_type != "signal" && event_type != "marker" && event_type != "timer") {
    throw std::invalid_argument("get_event_details: unknown event type \"" + std::string(event_type) +
                                "\" (signal, marker or timer)");
  }
  return executor().get_event_details(event_type, name);
}

RunContext Workflow::get_run_context() const { return executor().run_context(); }

void Workflow::fail(const std::string& reason, const std::string& details) {
  throw internal::FailWorkflow{reason, details};
}

void Workflow::continue_as_new_with(Arguments arguments) { throw internal::ContinueAsNew{std::move(arguments)}; }

}  // namespace simpleflow
