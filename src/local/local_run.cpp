#include "local/local_run.hpp"

#include <algorithm>
#include <stdexcept>

#include "core/failure.hpp"
#include "core/uuid.hpp"
#include "simpleflow/internal/convert.hpp"

namespace simpleflow::internal {
namespace {

Json type_json(const std::string& name, const std::string& version) {
  return Json{{"name", name}, {"version", version}};
}

}  // namespace

LocalRun::LocalRun(LocalWorld& world, const WorkflowDef& def, std::string workflow_id, LocalRun* parent)
    : world_(world), def_(def), workflow_id_(std::move(workflow_id)), run_id_(uuid4()), parent_(parent) {
  world_.open_runs[workflow_id_] = this;
}

LocalRun::~LocalRun() {
  auto it = world_.open_runs.find(workflow_id_);
  if (it != world_.open_runs.end() && it->second == this) world_.open_runs.erase(it);
}

long long LocalRun::record(const std::string& event_type, Json attributes) {
  history_.append(event_type, world_.now(), attributes);
  return static_cast<long long>(history_.size());
}

std::string LocalRun::reserve_id_suffix(const std::string& task_name) {
  return std::to_string(++task_counters_[task_name]);
}

std::string LocalRun::next_task_id(const std::string& task_name) {
  return task_name + "-" + std::to_string(++task_counters_[task_name]);
}

TaskStatusPtr LocalRun::new_status(std::string description) {
  auto status = std::make_shared<TaskStatus>();
  status->description = std::move(description);
  return status;
}

TaskStatusPtr LocalRun::failed_status(std::string description, std::exception_ptr e) {
  auto status = new_status(std::move(description));
  status->set_exception(std::move(e));
  return status;
}

void LocalRun::reset_for_new_execution() {
  history_ = History();
  task_counters_.clear();
  markers_.clear();
  signals_.clear();
  signal_waiters_.clear();
  timers_.clear();
  blocked_on_.reset();
  workflow_.reset();  // the previous execution's object gets no more hooks
}

Json LocalRun::execute(Arguments arguments, bool input_errors_are_failures) {
  while (true) {
    ++executions_;
    try {
      def_.check_arguments(arguments);
    } catch (const InvalidInput& e) {
      // Only the caller's own input is an input error: continue_as_new
      // arguments that do not fit fail the execution.
      if (!input_errors_are_failures && executions_ == 1) throw;
      record("WorkflowExecutionStarted", Json{{"input", dumps(arguments.to_input())}});
      fail("Cannot replay the workflow: InvalidInput(" + std::string(e.what()) + ")", "");
    }
    try {
      return run_once(arguments);
    } catch (ContinueAsNew& next) {
      record("WorkflowExecutionContinuedAsNew",
             Json{{"input", dumps(next.arguments.to_input())},
                  {"workflowType", type_json(def_.name(), def_.version())},
                  {"taskList", Json{{"name", def_.task_list()}}}});
      continued_from_run_id_ = run_id_;
      run_id_ = uuid4();
      arguments = std::move(next.arguments);
      reset_for_new_execution();
    }
  }
}

Json LocalRun::run_once(const Arguments& arguments) {
  Json started{{"input", dumps(arguments.to_input())},
               {"workflowType", type_json(def_.name(), def_.version())},
               {"taskList", Json{{"name", def_.task_list()}}},
               {"tagList", def_.tag_list()}};
  if (!continued_from_run_id_.empty()) started["continuedExecutionRunId"] = continued_from_run_id_;
  if (parent_) started["parentWorkflowExecution"] = Json{{"workflowId", parent_->workflow_id_}, {"runId", parent_->run_id_}};
  record("WorkflowExecutionStarted", std::move(started));

  workflow_ = def_.create();
  WorkflowAccess::attach(*workflow_, this, &def_);
  WaitDriverScope driver(this);  // waiting for a future fires this run's timers
  workflow_->before_replay(history_);
  Json result;
  try {
    result = def_.run(*workflow_, arguments);
  } catch (ContinueAsNew&) {
    workflow_->after_replay(history_);
    throw;
  } catch (const FailWorkflow& f) {
    fail("Workflow execution failed: " + f.reason, f.details);
  } catch (const TaskException& e) {
    fail(e.what(), e.details());
  } catch (const ExecutionBlocked& b) {
    fail("Workflow execution blocked: it waits for " + b.waiting_for() +
             ", which nothing in this local run can finish",
         "");
  } catch (const WorkflowFailed&) {
    throw;
  } catch (...) {
    // As Python words it: "Cannot replay the workflow: <Error>(<message>)".
    FailureReport report = report_failure(std::current_exception());
    fail("Cannot replay the workflow: " + report.error + "(" + report.message + ")", report.details);
  }
  if (blocked_on_) {
    // run() went on after a read threw ExecutionBlocked: it caught it.
    fail("Workflow execution blocked: run() caught the ExecutionBlocked thrown while it waited for " + *blocked_on_ +
             " (do not catch (...) in run())",
         "");
  }
  record("WorkflowExecutionCompleted", Json{{"result", dumps(result)}});
  workflow_->after_replay(history_);
  workflow_->on_completed(history_);
  workflow_->after_closed(history_);
  return result;
}

void LocalRun::fail(const std::string& reason, const std::string& details) {
  record("WorkflowExecutionFailed", Json{{"reason", reason}, {"details", details}});
  if (workflow_) {
    workflow_->on_failure(history_, reason, details);
    workflow_->after_replay(history_);
    workflow_->after_closed(history_);
  }
  throw WorkflowFailed(reason, details);
}

TaskStatusPtr LocalRun::submit_activity(const ActivityDef& def, TaskArguments task_arguments,
                                        const SubmitOptions& options) {
  Arguments arguments = task_arguments.take();
  const std::string task_name = "activity-" + def.name();
  const std::string activity_id = options.reserved_id_suffix.empty() ? next_task_id(task_name)
                                                                    : task_name + "-" + options.reserved_id_suffix;
  Json input = arguments.to_input();
  if (!def.meta().empty()) input["meta"] = def.meta();
  const std::string input_text = dumps(input);
  Json scheduled{{"activityId", activity_id},
                 {"activityType", type_json(def.name(), def.version())},
                 {"input", input_text},
                 {"taskList", Json{{"name", def.task_list()}}},
                 {"startToCloseTimeout", def.start_to_close_timeout()},
                 {"scheduleToCloseTimeout", def.schedule_to_close_timeout()},
                 {"scheduleToStartTimeout", def.schedule_to_start_timeout()},
                 {"heartbeatTimeout", def.heartbeat_timeout()}};
  auto status = new_status(activity_id);
  FailureReport last_failure;
  for (int attempt = 0; attempt <= def.retry(); ++attempt) {
    long long scheduled_id = record("ActivityTaskScheduled", attempt == def.retry() ? std::move(scheduled) : scheduled);
    long long started_id = record("ActivityTaskStarted", Json{{"identity", "local"}, {"scheduledEventId", scheduled_id}});
    ActivityContext context{def.name(),  def.version(), workflow_id_,     run_id_,
                            std::to_string(world_.next_activity_id++), input_text, "", def.task_list()};
    try {
      Json result = def.invoke(arguments, context);
      record("ActivityTaskCompleted",
             Json{{"result", dumps(result)}, {"scheduledEventId", scheduled_id}, {"startedEventId", started_id}});
      status->set_finished(std::move(result));
      return status;
    } catch (...) {
      last_failure = report_failure(std::current_exception());
      record("ActivityTaskFailed", Json{{"reason", last_failure.reason},
                                        {"details", last_failure.details},
                                        {"scheduledEventId", scheduled_id},
                                        {"startedEventId", started_id}});
    }
  }
  status->set_exception(std::make_exception_ptr(TaskFailed(activity_id, last_failure.reason, last_failure.details)));
  if (options.raises_on_failure.value_or(def.raises_on_failure())) throw TaskException(task_name, status->exception);
  return status;
}

TaskStatusPtr LocalRun::submit_workflow(const WorkflowDef& def, TaskArguments task_arguments,
                                        const SubmitOptions& options) {
  Arguments arguments = task_arguments.take();
  const std::string task_name = "workflow-" + def.name();
  const std::string child_id = options.reserved_id_suffix.empty() ? next_task_id(task_name)
                                                                 : task_name + "-" + options.reserved_id_suffix;
  auto status = new_status(child_id);
  for (int attempt = 0; attempt <= def.retry(); ++attempt) {
    long long initiated_id = record("StartChildWorkflowExecutionInitiated",
                                    Json{{"workflowId", child_id},
                                         {"workflowType", type_json(def.class_name(), def.version())},
                                         {"input", dumps(arguments.to_input())},
                                         {"taskList", Json{{"name", def.task_list()}}}});
    LocalRun child(world_, def, child_id, this);
    Json execution{{"workflowId", child_id}, {"runId", child.run_id_}};
    record("ChildWorkflowExecutionStarted", Json{{"workflowExecution", execution}, {"initiatedEventId", initiated_id}});
    try {
      Json result = child.execute(arguments, /*input_errors_are_failures=*/true);
      record("ChildWorkflowExecutionCompleted",
             Json{{"workflowExecution", execution}, {"result", dumps(result)}, {"initiatedEventId", initiated_id}});
      status->set_finished(std::move(result));
      return status;
    } catch (const WorkflowFailed& f) {
      record("ChildWorkflowExecutionFailed", Json{{"workflowExecution", execution},
                                                  {"reason", f.reason()},
                                                  {"details", f.details()},
                                                  {"initiatedEventId", initiated_id}});
      status->set_exception(std::make_exception_ptr(TaskFailed(child_id, f.reason(), f.details())));
    }
  }
  if (options.raises_on_failure.value_or(def.raises_on_failure())) throw TaskException(task_name, status->exception);
  return status;
}

TaskStatusPtr LocalRun::submit_signal(const SignalTask& task) {
  const std::string description = "signal '" + task.name + "'";
  LocalRun* target = this;
  if (!task.workflow_id.empty()) {
    auto it = world_.open_runs.find(task.workflow_id);
    target = it == world_.open_runs.end() ? nullptr : it->second;
    if (target && !task.run_id.empty() && target->run_id_ != task.run_id) target = nullptr;
  }
  Json wire = task.wire_input();
  long long initiated_id = record("SignalExternalWorkflowExecutionInitiated",
                                  Json{{"signalName", task.name},
                                       {"workflowId", task.workflow_id.empty() ? workflow_id_ : task.workflow_id},
                                       {"input", dumps(wire)}});
  if (!target) {
    record("SignalExternalWorkflowExecutionFailed", Json{{"cause", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"},
                                                         {"workflowId", task.workflow_id},
                                                         {"initiatedEventId", initiated_id}});
    return failed_status(description, std::make_exception_ptr(TaskFailed(
                                          task.name, "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION",
                                          "no open execution \"" + task.workflow_id + "\" in this local run")));
  }
  target->receive_signal(task.name, wire, this);
  if (task.propagate) {
    // The receiver passes it on to its ancestors (its children have all
    // closed by now: they run inline), not back to the sender.
    for (LocalRun* up = target->parent_; up; up = up->parent_) {
      if (up != this) up->receive_signal(task.name, wire, target);
    }
  }
  record("ExternalWorkflowExecutionSignaled",
         Json{{"workflowExecution", Json{{"workflowId", target->workflow_id_}, {"runId", target->run_id_}}},
              {"initiatedEventId", initiated_id}});
  auto status = new_status(description);
  status->set_finished(task.input.to_input());
  return status;
}

void LocalRun::receive_signal(const std::string& name, const Json& input, const LocalRun* sender) {
  long long event_id = record("WorkflowExecutionSignaled",
                              Json{{"signalName", name},
                                   {"input", dumps(input)},
                                   {"externalWorkflowExecution",
                                    Json{{"workflowId", sender->workflow_id_}, {"runId", sender->run_id_}}}});
  signals_[name] = {input, event_id};
  auto waiters = signal_waiters_.find(name);
  if (waiters == signal_waiters_.end()) return;
  for (auto& status : waiters->second) status->set_finished(input);
  signal_waiters_.erase(waiters);
}

TaskStatusPtr LocalRun::submit_wait_signal(const WaitForSignal& task) {
  auto status = new_status("signal '" + task.name + "'");
  if (auto it = signals_.find(task.name); it != signals_.end()) {
    status->set_finished(it->second.first);
  } else {
    signal_waiters_[task.name].push_back(status);
  }
  return status;
}

TaskStatusPtr LocalRun::submit_marker(const MarkerTask& task) {
  Json attributes{{"markerName", task.name}};
  if (!task.details.is_null()) attributes["details"] = dumps(task.details);
  long long event_id = record("MarkerRecorded", std::move(attributes));
  markers_.push_back({Marker{task.name, task.details}, event_id});
  auto status = new_status("marker '" + task.name + "'");
  status->set_finished(task.details);
  return status;
}

std::vector<Marker> LocalRun::list_markers(bool all) const {
  std::vector<Marker> out;
  for (const auto& m : markers_) {
    if (all) {
      out.push_back(m.marker);
      continue;
    }
    auto same = std::find_if(out.begin(), out.end(), [&](const Marker& x) { return x.name == m.marker.name; });
    if (same == out.end()) out.push_back(m.marker);
    else *same = m.marker;
  }
  return out;
}

TaskStatusPtr LocalRun::submit_timer(const TimerTask& task) {
  const std::string description = "timer '" + task.timer_id + "'";
  auto existing = timers_.find(task.timer_id);
  if (existing != timers_.end() && existing->second.state == "started") {
    record("StartTimerFailed", Json{{"timerId", task.timer_id}, {"cause", "TIMER_ID_ALREADY_IN_USE"}});
    return failed_status(description, std::make_exception_ptr(TaskFailed(task.timer_id, "TIMER_ID_ALREADY_IN_USE")));
  }
  if (task.timeout_seconds < 0) throw std::invalid_argument(description + ": a timeout must not be negative");
  Json attributes{{"timerId", task.timer_id}, {"startToFireTimeout", std::to_string(task.timeout_seconds)}};
  if (!task.control.is_null()) attributes["control"] = dumps(task.control);
  Timer timer;
  timer.status = new_status(description);
  timer.status->set_running();
  timer.fire_at = world_.now() + static_cast<double>(task.timeout_seconds);
  timer.started_event_id = record("TimerStarted", std::move(attributes));
  timer.state = "started";
  auto status = timer.status;
  timers_[task.timer_id] = std::move(timer);
  return status;
}

void LocalRun::blocked(const TaskStatus& status) {
  if (!blocked_on_) blocked_on_ = status.description;
}

bool LocalRun::advance() {
  Timer* next = nullptr;
  std::string next_id;
  for (auto& [id, timer] : timers_) {
    if (timer.state == "started" && (!next || timer.fire_at < next->fire_at)) {
      next = &timer;
      next_id = id;
    }
  }
  if (!next) return false;
  if (next->fire_at > world_.now()) world_.skipped += next->fire_at - world_.now();
  next->state = "fired";
  record("TimerFired", Json{{"timerId", next_id}, {"startedEventId", next->started_event_id}});
  // A future the workflow canceled itself (Future::cancel) stays CANCELLED.
  if (!next->status->done()) next->status->set_finished(nullptr);
  return true;
}

TaskStatusPtr LocalRun::submit_cancel_timer(const CancelTimerTask& task) {
  const std::string description = "cancel of timer '" + task.timer_id + "'";
  auto it = timers_.find(task.timer_id);
  if (it == timers_.end() || it->second.state != "started") {
    record("CancelTimerFailed", Json{{"timerId", task.timer_id}, {"cause", "TIMER_ID_UNKNOWN"}});
    return failed_status(description, std::make_exception_ptr(TaskFailed(task.timer_id, "TIMER_ID_UNKNOWN")));
  }
  it->second.state = "canceled";
  it->second.status->set_cancelled();
  record("TimerCanceled", Json{{"timerId", task.timer_id}, {"startedEventId", it->second.started_event_id}});
  auto status = new_status(description);
  status->set_finished(nullptr);
  return status;
}

Json LocalRun::get_event_details(std::string_view event_type, std::string_view name) const {
  const std::string key(name);
  if (event_type == "signal") {
    auto it = signals_.find(key);
    if (it == signals_.end()) return nullptr;
    return Json{{"name", key}, {"input", it->second.first}, {"event_id", it->second.second}};
  }
  if (event_type == "marker") {
    for (auto m = markers_.rbegin(); m != markers_.rend(); ++m) {
      if (m->marker.name == key) return Json{{"name", key}, {"details", m->marker.details}, {"event_id", m->event_id}};
    }
    return nullptr;
  }
  auto it = timers_.find(key);
  if (it == timers_.end()) return nullptr;
  return Json{{"id", key}, {"state", it->second.state}, {"started_event_id", it->second.started_event_id}};
}

RunContext LocalRun::run_context() const {
  RunContext c;
  c.name = def_.name();
  c.version = def_.version();
  c.workflow_id = workflow_id_;
  c.run_id = run_id_;
  c.tag_list = def_.tag_list();
  c.continued_execution_run_id = continued_from_run_id_;
  if (parent_) {
    c.parent_workflow_id = parent_->workflow_id_;
    c.parent_run_id = parent_->run_id_;
  }
  return c;
}

}  // namespace simpleflow::internal
