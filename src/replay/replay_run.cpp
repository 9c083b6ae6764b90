#include "replay/replay_run.hpp"

#include "core/failure.hpp"
#include "core/settings.hpp"
#include "replay/wire.hpp"

namespace simpleflow::internal {
namespace {

constexpr const char* kWakeUpTimer = "_simpleflow_wake_up_timer";
// Python keeps this much of the 1 MB for headers, the wake-up timer and the context.
constexpr std::size_t kRequestMargin = 5000 + 32000;

// A non-determinism report travelling through run(); not a std::exception,
// so that workflow code does not catch it by accident.
struct NonDeterminism {};

}  // namespace

bool ReplayRun::Submission::raises_on_failure() const {
  if (options.raises_on_failure) return *options.raises_on_failure;
  return activity ? activity->raises_on_failure() : workflow->raises_on_failure();
}

int ReplayRun::Submission::retry() const { return activity ? activity->retry() : workflow->retry(); }

ReplayRun::ReplayRun(const WorkflowDef& def, const DecisionTask& task, const ExecutionState& state,
                     const ReplayOptions& options)
    : def_(def), task_(task), state_(state), options_(options) {
  if (options.max_open_activity_count) {
    max_open_activities_ = *options.max_open_activity_count;
  } else if (def.max_open_activity_count()) {
    max_open_activities_ = *def.max_open_activity_count();
  } else if (test_environment()) {
    max_open_activities_ = 15;
  } else {
    max_open_activities_ = static_cast<int>(integer_setting("SWF_MAX_OPEN_ACTIVITY_COUNT", 1000));
  }
  // A decider keeps the state from one decision to the next: what the last
  // replay reached says nothing about this one.
  for (const ActivityRecord& a : state.activities) a.reached = false;
  for (const ChildRecord& c : state.children) c.reached = false;
}

ReplayRun::~ReplayRun() = default;

TaskStatusPtr ReplayRun::new_status(std::string description) {
  auto status = std::make_shared<TaskStatus>();
  status->description = std::move(description);
  return status;
}

void ReplayRun::blocked(const TaskStatus& status) {
  if (!blocked_on_) blocked_on_ = status.description;
}

void ReplayRun::non_deterministic(const std::string& report) {
  if (!non_determinism_) non_determinism_ = "non-deterministic replay of " + def_.class_name() + ": " + report;
  throw NonDeterminism{};
}

void ReplayRun::block_on_limit(const std::string& what) {
  stopped_early_ = true;
  if (!blocked_on_) blocked_on_ = what;
  throw ExecutionBlocked(what);
}

void ReplayRun::add_decision(Json decision, Kind kind, bool is_activity, bool need_wake_up) {
  if (is_activity) ++open_activities_;
  if (need_wake_up) append_timer_ = true;
  const std::size_t size = python_json_size(decision);
  const std::size_t separator = decisions_.empty() ? 0 : 2;
  const std::size_t limit = options_.max_request_size > kRequestMargin ? options_.max_request_size - kRequestMargin : 0;
  // A first decision always goes: each field fits SWF's limits, so one fits a request.
  if (!decisions_.empty() && 2 + decisions_size_ + separator + size > limit) {
    append_timer_ = true;
    block_on_limit("the size limit of a decision response");
  }
  decisions_size_ += separator + size;
  decisions_.emplace_back(std::move(decision), kind);
  if (decisions_.size() + 1 >= options_.max_decisions) {
    append_timer_ = true;
    block_on_limit("the decision count limit of a decision response");
  }
}

std::optional<std::string> ReplayRun::execution_context() const {
  if (!waiting_signals_.empty()) {
    return fitted(dumps(Json{{"waiting_signals", Json(waiting_signals_)}}));
  }
  // Clear what the previous decision set, as Python does.
  const Event* last = state_.last_completed_decision;
  if (last && !last->text("executionContext").empty()) return std::string();
  return std::nullopt;
}

Decisions ReplayRun::blocked_decisions() {
  Decisions out;
  for (auto& [decision, kind] : decisions_) out.decisions.push_back(std::move(decision));
  if (append_timer_) {
    out.decisions.push_back(make_decision("StartTimer", Json{{"timerId", kWakeUpTimer}, {"startToFireTimeout", "0"}}));
  }
  out.execution_context = execution_context();
  return out;
}

Decisions ReplayRun::close_with(Json decision) {
  Decisions out;
  for (auto& [d, kind] : decisions_) {
    if (kind == Kind::kKeptOnClose) out.decisions.push_back(std::move(d));
  }
  out.decisions.push_back(std::move(decision));
  return out;
}

Decisions ReplayRun::fail_with(const std::string& reason, const std::string& details) {
  if (workflow_) workflow_->on_failure(task_.history, truncated(reason, kMaxReasonLength), details);
  Decisions out = close_with(make_decision("FailWorkflowExecution",
                                           Json{{"reason", reported(reason, kMaxReasonLength)},
                                                {"details", reported(details, kMaxFieldLength)}}));
  if (workflow_) workflow_->after_closed(task_.history);
  return out;
}

Status ReplayRun::check_all_reached() const {
  const Event* first = nullptr;
  std::string what;
  std::size_t missing = 0;
  auto consider = [&](std::string_view id, const Event* completed, const char* type, std::string_view name) {
    ++missing;
    if (!first || completed->id < first->id) {
      first = completed;
      what = std::string("(") + type + ", " + std::string(id) + ", " + std::string(name) + ")";
    }
  };
  for (const ActivityRecord& a : state_.activities) {
    if (a.state == ActivityRecord::State::kCompleted && !a.reached) consider(a.id, a.last, "activity", a.name);
  }
  for (const ChildRecord& c : state_.children) {
    if (c.state == ChildRecord::State::kCompleted && !c.reached) consider(c.id, c.last, "child workflow", c.name);
  }
  if (!first) return OkStatus();
  std::string report = "non-deterministic replay of " + def_.class_name() + ": " + first->label() + " completed " +
                       what + ", which the code no longer submits";
  if (missing > 1) report += " (" + std::to_string(missing) + " completed tasks are not reached)";
  return Status(StatusCode::kFailedPrecondition, report);
}

Status ReplayRun::unreadable(const UnreadableField& f) {
  return Status(f.retry_later ? StatusCode::kUnavailable : StatusCode::kFailedPrecondition, f.message);
}

StatusOr<Decisions> ReplayRun::replay() {
  StatusOr<Decisions> out = Status(StatusCode::kInternal, "not replayed");
  try {
    out = run_workflow();
  } catch (const UnreadableField& f) {  // from a hook that ran outside run(), or a decision's field
    return unreadable(f);
  }
  if (out.ok()) {
    out->activity_types_to_register = activity_types_;
    out->workflow_types_to_register = workflow_types_;
  }
  return out;
}

StatusOr<Decisions> ReplayRun::run_workflow() {
  workflow_ = def_.create();
  WorkflowAccess::attach(*workflow_, this, &def_);
  WaitDriverScope driver(this);
  const History& history = task_.history;
  Json result;
  try {
    workflow_->before_replay(history);
    if (state_.cancel_requested && workflow_->should_cancel(history)) {
      if (state_.completed_decision_id < state_.cancel_requested->id) workflow_->on_canceled(history);
      Decisions out{{make_decision("CancelWorkflowExecution", Json::object())}};
      workflow_->after_replay(history);
      workflow_->after_closed(history);
      return out;
    }
    propagate_signals();
    Json input = decode_field(state_.started->text("input"));
    Arguments arguments = input.is_null() ? Arguments{} : Arguments::from_input(input);  // no input: no arguments
    result = def_.run(*workflow_, arguments);
  } catch (const ExecutionBlocked&) {
    if (non_determinism_) return Status(StatusCode::kFailedPrecondition, *non_determinism_);
    if (!stopped_early_) {
      if (Status s = check_all_reached(); !s.ok()) return s;
    }
    workflow_->after_replay(history);
    return blocked_decisions();
  } catch (const NonDeterminism&) {
    return Status(StatusCode::kFailedPrecondition, *non_determinism_);
  } catch (const UnreadableField& f) {
    return unreadable(f);
  } catch (const FailWorkflow& f) {
    if (non_determinism_) return Status(StatusCode::kFailedPrecondition, *non_determinism_);
    // As Python: every decision gathered so far, then the failure.
    const std::string reason = reported("Workflow execution failed: " + f.reason, kMaxReasonLength);
    workflow_->on_failure(history, f.reason, f.details);
    Decisions out;
    for (auto& [d, kind] : decisions_) out.decisions.push_back(std::move(d));
    out.decisions.push_back(make_decision(
        "FailWorkflowExecution", Json{{"reason", reason}, {"details", reported(f.details, kMaxFieldLength)}}));
    workflow_->after_replay(history);
    return out;
  } catch (ContinueAsNew& next) {
    if (non_determinism_) return Status(StatusCode::kFailedPrecondition, *non_determinism_);
    Json input = next.arguments.to_input();
    input["__extra"] = Json{{"class", def_.class_name()}};
    Json attributes{
        {"childPolicy", def_.child_policy().value_or("")},
        {"executionStartToCloseTimeout", def_.execution_timeout().value_or("")},
        {"taskStartToCloseTimeout",
         def_.decision_tasks_timeout().value_or(setting("WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT", "300"))},
        {"tagList", inherited_tags(def_.tag_list_for(next.arguments))},
        {"taskList", Json{{"name", options_.task_list.value_or(def_.task_list_for(next.arguments))}}},
        {"workflowTypeVersion", def_.version()}};
    try {
      attributes["input"] = fitted(dumps(input));
    } catch (const JumboTooLargeError& e) {
      return fail_with(std::string("Cannot replay the workflow: JumboTooLargeError(") + e.what() + ")", "");
    }
    workflow_->after_replay(history);
    Decisions out = close_with(make_decision("ContinueAsNewWorkflowExecution", attributes));
    workflow_->after_closed(history);
    return out;
  } catch (const TaskException& e) {
    if (non_determinism_) return Status(StatusCode::kFailedPrecondition, *non_determinism_);
    if (Status s = check_all_reached(); !s.ok()) return s;
    return fail_with(e.what(), e.details());
  } catch (...) {
    if (non_determinism_) return Status(StatusCode::kFailedPrecondition, *non_determinism_);
    if (Status s = check_all_reached(); !s.ok()) return s;
    FailureReport report = report_failure(std::current_exception());
    return fail_with("Cannot replay the workflow: " + report.error + "(" + report.message + ")", report.details);
  }
  if (non_determinism_) return Status(StatusCode::kFailedPrecondition, *non_determinism_);
  if (blocked_on_) {
    return Status(StatusCode::kFailedPrecondition,
                  "non-deterministic replay of " + def_.class_name() + ": run() returned after reading " +
                      *blocked_on_ + " threw ExecutionBlocked; run() must let it through (no catch (...))");
  }
  if (Status s = check_all_reached(); !s.ok()) return s;
  std::string encoded;
  try {
    encoded = fitted(dumps(result));
  } catch (const JumboTooLargeError& e) {
    return fail_with(std::string("Cannot replay the workflow: JumboTooLargeError(") + e.what() + ")", "");
  }
  workflow_->after_replay(history);
  Decisions out = close_with(make_decision("CompleteWorkflowExecution", Json{{"result", encoded}}));
  workflow_->on_completed(history);
  workflow_->after_closed(history);
  return out;
}

}  // namespace simpleflow::internal
