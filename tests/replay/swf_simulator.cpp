#include "replay/swf_simulator.hpp"

#include <algorithm>
#include <cctype>
#include <cstdio>
#include <deque>
#include <exception>
#include <map>
#include <optional>
#include <tuple>

#include "core/failure.hpp"

namespace sftest {
namespace {

using simpleflow::Json;
using simpleflow::WorkflowDef;
using Outcome = SimResult::Outcome;

constexpr const char* kIdentity = "swf-simulator";

std::string lower_first(std::string s) {
  if (!s.empty()) s[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(s[0])));
  return s;
}

// Copies the listed keys of `from` that are present into `to`.
void copy_keys(const Json& from, Json& to, std::initializer_list<const char*> keys) {
  for (const char* key : keys) {
    if (from.contains(key)) to[key] = from[key];
  }
}

// The workflow a decider runs for an execution: `__extra.class` of its input,
// else its type name.
const WorkflowDef* resolve_workflow(const Json& attributes) {
  const auto& registry = simpleflow::Registry::global();
  Json input = simpleflow::loads_or_raw(attributes.value("input", ""));
  if (input.is_object() && input.contains("__extra") && input["__extra"].is_object() &&
      input["__extra"].contains("class") && input["__extra"]["class"].is_string()) {
    if (const auto* def = registry.find_workflow(input["__extra"]["class"].get<std::string>())) return def;
  }
  return registry.find_workflow(attributes.value("workflowType", Json::object()).value("name", ""));
}

// One execution: a run of a workflow id.
struct Run {
  SimRun sim;
  std::string task_list;
  bool open = true;
  long long decision_scheduled_id = 0;  // the pending DecisionTaskScheduled, 0 if none
  std::map<std::string, long long> open_activities;  // activityId -> ActivityTaskScheduled id
  std::map<std::string, long long> open_timers;      // timerId -> TimerStarted id
  // As a child: its parent's run, and its events there.
  Run* parent = nullptr;
  long long initiated_event_id = 0, started_event_id = 0;
  Json reported_execution, reported_type;  // as ChildWorkflowExecutionStarted gave them
};

struct Timer {
  double fire_at;
  long long sequence;
  Run* run;
  std::string id;
  long long started_event_id;
};

class Simulator {
 public:
  explicit Simulator(SimOptions options) : options_(std::move(options)), now_(options_.start_time) {}

  SimResult run(const WorkflowDef& def, const Json& input) {
    Json wire = simpleflow::Arguments::from_input(input).to_input();
    wire["__extra"] = Json{{"class", def.class_name()}};
    Json started{{"input", simpleflow::dumps(wire)},
                 {"workflowType", Json{{"name", def.name()}, {"version", def.version()}}},
                 {"taskList", Json{{"name", def.task_list()}}},
                 {"childPolicy", def.child_policy().value_or("TERMINATE")},
                 {"taskStartToCloseTimeout", def.decision_tasks_timeout().value_or("300")}};
    if (def.execution_timeout()) started["executionStartToCloseTimeout"] = *def.execution_timeout();
    if (!def.tag_list().empty()) started["tagList"] = def.tag_list();
    start(&def, options_.workflow_id, next_run_id(), std::move(started), nullptr);

    for (std::size_t step = 0; !done_; ++step) {
      if (step == options_.max_steps) {
        finish(Outcome::kTooManySteps);
        break;
      }
      const std::size_t count = decisions_.size() + steps_.size();
      if (count == 0) {
        if (!fire_next_timer()) finish(Outcome::kStuck);
        continue;
      }
      const std::size_t pick = options_.choose ? options_.choose(count) % count : 0;
      if (pick < decisions_.size()) {
        Run* run = decisions_[pick];
        decisions_.erase(decisions_.begin() + static_cast<std::ptrdiff_t>(pick));
        decide(*run);
      } else {
        auto it = steps_.begin() + static_cast<std::ptrdiff_t>(pick - decisions_.size());
        auto apply = std::move(*it);
        steps_.erase(it);
        apply();
      }
    }
    for (const Run& run : runs_) result_.runs.push_back(run.sim);
    return std::move(result_);
  }

 private:
  std::string next_run_id() {
    char id[40];
    std::snprintf(id, sizeof id, "00000000-0000-4000-8000-%012d", ++run_counter_);
    return id;
  }

  static Json execution_of(const Run& run) {
    return Json{{"workflowId", run.sim.workflow_id}, {"runId", run.sim.run_id}};
  }

  void anomaly(std::string what) { result_.anomalies.push_back(std::move(what)); }

  void finish(Outcome outcome) {
    if (done_) return;
    result_.outcome = outcome;
    done_ = true;
  }

  long long record(Run& run, const std::string& type, Json attributes) {
    const long long id = static_cast<long long>(run.sim.events.size()) + 1;
    run.sim.events.push_back(Json{{"eventId", id},
                                  {"eventTimestamp", now_},
                                  {"eventType", type},
                                  {lower_first(type) + "EventAttributes", std::move(attributes)}});
    return id;
  }

  // Something happened that the decider must see: schedule a decision task
  // unless one is already scheduled.
  void notify(Run& run) {
    if (!run.open || run.decision_scheduled_id) return;
    run.decision_scheduled_id = record(
        run, "DecisionTaskScheduled", Json{{"taskList", Json{{"name", run.task_list}}}, {"startToCloseTimeout", "300"}});
    decisions_.push_back(&run);
  }

  Run& start(const WorkflowDef* def, std::string workflow_id, std::string run_id, Json started, Run* parent,
             long long initiated_event_id = 0) {
    Run& run = runs_.emplace_back();
    run.sim.workflow_id = std::move(workflow_id);
    run.sim.run_id = std::move(run_id);
    run.sim.workflow_type = started["workflowType"];
    run.task_list = started["taskList"].value("name", "");
    run.sim.workflow = def;
    run.parent = parent;
    run.initiated_event_id = initiated_event_id;
    if (parent) {
      started["parentWorkflowExecution"] = execution_of(*parent);
      started["parentInitiatedEventId"] = initiated_event_id;
    } else {
      ++result_.executions;
    }
    record(run, "WorkflowExecutionStarted", std::move(started));
    notify(run);
    return run;
  }

  Run* find_open(const std::string& workflow_id, const std::string& run_id) {
    for (auto it = runs_.rbegin(); it != runs_.rend(); ++it) {
      if (it->open && it->sim.workflow_id == workflow_id && (run_id.empty() || it->sim.run_id == run_id)) return &*it;
    }
    return nullptr;
  }

  void fail_replay(const simpleflow::Status& status) {
    result_.error = status;
    finish(Outcome::kReplayError);
  }

  // ---- Decision tasks ------------------------------------------------------

  void decide(Run& run) {
    const long long scheduled = run.decision_scheduled_id;
    run.decision_scheduled_id = 0;
    if (!run.open) return;
    const long long started =
        record(run, "DecisionTaskStarted", Json{{"identity", kIdentity}, {"scheduledEventId", scheduled}});
    Json task = decision_task_json(run.sim, run.sim.events.size());
    if (!run.sim.workflow) return fail_replay(simpleflow::NotFoundError("no workflow for type " + run.sim.workflow_type.dump()));
    std::optional<simpleflow::Decisions> out;
    try {
      auto parsed = simpleflow::DecisionTask::parse(task.dump());  // what a decider receives: text
      if (!parsed.ok()) return fail_replay(parsed.status());
      auto replayed = simpleflow::replay(*run.sim.workflow, *parsed, options_.replay);
      if (!replayed.ok()) return fail_replay(replayed.status());
      out = std::move(*replayed);
    } catch (const std::exception& e) {
      return fail_replay(simpleflow::InternalError(std::string("replay threw: ") + e.what()));
    }
    result_.decisions.push_back({run.sim.workflow, std::move(task), out->to_json()});
    Json completed{{"scheduledEventId", scheduled}, {"startedEventId", started}};
    if (out->execution_context) completed["executionContext"] = *out->execution_context;
    const long long completed_id = record(run, "DecisionTaskCompleted", std::move(completed));
    for (const Json& decision : out->decisions) {
      if (!run.open) {
        anomaly("a decision after the one closing " + run.sim.workflow_id + ": " + decision.dump());
        continue;
      }
      apply(run, decision, completed_id);
    }
  }

  void apply(Run& run, const Json& decision, long long completed_id) {
    const std::string type = decision.value("decisionType", "");
    const Json attributes = decision.value(lower_first(type) + "DecisionAttributes", Json::object());
    if (type == "ScheduleActivityTask") return schedule_activity(run, attributes, completed_id);
    if (type == "StartTimer") return start_timer(run, attributes, completed_id);
    if (type == "CancelTimer") return cancel_timer(run, attributes, completed_id);
    if (type == "SignalExternalWorkflowExecution") return signal(run, attributes, completed_id);
    if (type == "StartChildWorkflowExecution") return start_child(run, attributes, completed_id);
    if (type == "ContinueAsNewWorkflowExecution") return continue_as_new(run, attributes, completed_id);
    if (type == "RequestCancelActivityTask") return cancel_activity(run, attributes, completed_id);
    if (type == "RequestCancelExternalWorkflowExecution") return cancel_external(run, attributes, completed_id);
    if (type == "RecordMarker") {
      Json event{{"markerName", attributes.value("markerName", "")}, {"decisionTaskCompletedEventId", completed_id}};
      copy_keys(attributes, event, {"details"});
      record(run, "MarkerRecorded", std::move(event));  // no decision task follows
      return;
    }
    const std::map<std::string, std::pair<std::string, Outcome>> closing{
        {"CompleteWorkflowExecution", {"WorkflowExecutionCompleted", Outcome::kCompleted}},
        {"FailWorkflowExecution", {"WorkflowExecutionFailed", Outcome::kFailed}},
        {"CancelWorkflowExecution", {"WorkflowExecutionCanceled", Outcome::kCanceled}}};
    if (auto it = closing.find(type); it != closing.end()) {
      Json event{{"decisionTaskCompletedEventId", completed_id}};
      copy_keys(attributes, event, {"result", "reason", "details"});
      record(run, it->second.first, event);
      return close(run, it->second.second, event);
    }
    anomaly("a decision the simulator does not apply: " + decision.dump());
  }

  void close(Run& run, Outcome outcome, const Json& attributes) {
    run.open = false;
    if (run.parent) {
      Run* child = &run;
      steps_.push_back([this, child, outcome, attributes] { report_child(*child, outcome, attributes); });
      return;
    }
    result_.result = simpleflow::loads_or_raw(attributes.value("result", ""));
    result_.reason = attributes.value("reason", "");
    result_.details = attributes.value("details", "");
    finish(outcome);
  }

  // ---- Activities ----------------------------------------------------------

  void schedule_activity(Run& run, const Json& attributes, long long completed_id) {
    const std::string id = attributes.value("activityId", "");
    const Json type = attributes.value("activityType", Json::object());
    const auto* def = simpleflow::Registry::global().find_activity(type.value("name", ""));
    const char* cause = nullptr;
    if (!def || def->version() != type.value("version", "")) cause = "ACTIVITY_TYPE_DOES_NOT_EXIST";
    else if (run.open_activities.count(id)) cause = "ACTIVITY_ID_ALREADY_IN_USE";
    if (cause) {
      anomaly(std::string(cause) + ": " + id + " " + type.dump());
      record(run, "ScheduleActivityTaskFailed",
             Json{{"activityId", id}, {"activityType", type}, {"cause", cause}, {"decisionTaskCompletedEventId", completed_id}});
      return notify(run);
    }
    // SWF takes the type's defaults for what the decision leaves out.
    Json event{{"taskList", Json{{"name", def->task_list()}}},
               {"startToCloseTimeout", def->start_to_close_timeout()},
               {"scheduleToCloseTimeout", def->schedule_to_close_timeout()},
               {"scheduleToStartTimeout", def->schedule_to_start_timeout()},
               {"heartbeatTimeout", def->heartbeat_timeout()}};
    for (const auto& [key, value] : attributes.items()) event[key] = value;
    event["decisionTaskCompletedEventId"] = completed_id;
    const long long scheduled = record(run, "ActivityTaskScheduled", event);
    run.open_activities[id] = scheduled;
    Run* r = &run;
    steps_.push_back([this, r, def, id, scheduled, event] { run_activity(*r, *def, id, scheduled, event); });
  }

  void run_activity(Run& run, const simpleflow::ActivityDef& def, const std::string& id, long long scheduled,
                    const Json& event) {
    auto it = run.open_activities.find(id);
    if (!run.open || it == run.open_activities.end() || it->second != scheduled) return;
    const long long started =
        record(run, "ActivityTaskStarted", Json{{"identity", kIdentity}, {"scheduledEventId", scheduled}});
    const std::string input = event.value("input", "");
    simpleflow::ActivityContext context{def.name(),     def.version(), run.sim.workflow_id,
                                        run.sim.run_id, id,            input,
                                        "",             event["taskList"].value("name", "")};
    Json outcome{{"scheduledEventId", scheduled}, {"startedEventId", started}};
    try {
      Json result = def.invoke(simpleflow::Arguments::from_input(simpleflow::loads_or_raw(input)), context);
      outcome["result"] = simpleflow::dumps(result);
      record(run, "ActivityTaskCompleted", std::move(outcome));
    } catch (...) {
      auto report = simpleflow::internal::report_failure(std::current_exception());
      outcome["reason"] = report.reason;
      outcome["details"] = report.details;
      record(run, "ActivityTaskFailed", std::move(outcome));
    }
    run.open_activities.erase(id);
    notify(run);
  }

  // An activity not started yet is canceled right after the decision (those
  // of the simulator start and finish in one step).
  void cancel_activity(Run& run, const Json& attributes, long long completed_id) {
    const std::string id = attributes.value("activityId", "");
    if (!run.open_activities.count(id)) {
      record(run, "RequestCancelActivityTaskFailed",
             Json{{"activityId", id}, {"cause", "ACTIVITY_ID_UNKNOWN"}, {"decisionTaskCompletedEventId", completed_id}});
      return notify(run);
    }
    const long long requested = record(
        run, "ActivityTaskCancelRequested", Json{{"activityId", id}, {"decisionTaskCompletedEventId", completed_id}});
    Run* r = &run;
    steps_.push_front([this, r, id, requested] {
      auto it = r->open_activities.find(id);
      if (!r->open || it == r->open_activities.end()) return;
      record(*r, "ActivityTaskCanceled",
             Json{{"scheduledEventId", it->second}, {"startedEventId", 0}, {"latestCancelRequestedEventId", requested}});
      r->open_activities.erase(it);
      notify(*r);
    });
  }

  // ---- Timers --------------------------------------------------------------

  void start_timer(Run& run, const Json& attributes, long long completed_id) {
    const std::string id = attributes.value("timerId", "");
    double seconds = -1;
    try {
      seconds = std::stod(attributes.value("startToFireTimeout", ""));
    } catch (const std::exception&) {
    }
    if (run.open_timers.count(id) || seconds < 0) {
      // Python's wake-up timer may still be open when the next decision adds
      // it again: SWF refuses it, a legitimate race.
      if (id != "_simpleflow_wake_up_timer" || seconds < 0) anomaly("StartTimer refused: " + attributes.dump());
      record(run, "StartTimerFailed",
             Json{{"timerId", id},
                  {"cause", seconds < 0 ? "OPERATION_NOT_PERMITTED" : "TIMER_ID_ALREADY_IN_USE"},
                  {"decisionTaskCompletedEventId", completed_id}});
      return notify(run);
    }
    Json event = attributes;
    event["decisionTaskCompletedEventId"] = completed_id;
    const long long started = record(run, "TimerStarted", std::move(event));
    run.open_timers[id] = started;
    Timer timer{now_ + seconds, timer_sequence_++, &run, id, started};
    // A timer of 0 seconds fires at once, before the steps already pending;
    // the others when nothing else can happen (time moves then).
    if (seconds == 0) steps_.push_front([this, timer] { fire(timer); });
    else timers_.push_back(timer);
  }

  void cancel_timer(Run& run, const Json& attributes, long long completed_id) {
    const std::string id = attributes.value("timerId", "");
    auto it = run.open_timers.find(id);
    if (it == run.open_timers.end()) {
      record(run, "CancelTimerFailed",
             Json{{"timerId", id}, {"cause", "TIMER_ID_UNKNOWN"}, {"decisionTaskCompletedEventId", completed_id}});
      return notify(run);
    }
    record(run, "TimerCanceled",
           Json{{"timerId", id}, {"startedEventId", it->second}, {"decisionTaskCompletedEventId", completed_id}});
    run.open_timers.erase(it);  // no decision task follows
  }

  // Fires the earliest open timer, moving the clock to it. False when none.
  bool fire_next_timer() {
    std::erase_if(timers_, [](const Timer& t) { return !open(t); });
    if (timers_.empty()) return false;
    auto next = std::min_element(timers_.begin(), timers_.end(), [](const Timer& a, const Timer& b) {
      return std::tie(a.fire_at, a.sequence) < std::tie(b.fire_at, b.sequence);
    });
    Timer timer = *next;
    timers_.erase(next);
    now_ = std::max(now_, timer.fire_at);
    fire(timer);
    return true;
  }

  // Whether the timer is still running (not canceled, its execution open).
  static bool open(const Timer& timer) {
    auto it = timer.run->open_timers.find(timer.id);
    return timer.run->open && it != timer.run->open_timers.end() && it->second == timer.started_event_id;
  }

  void fire(const Timer& timer) {
    if (!open(timer)) return;
    timer.run->open_timers.erase(timer.id);
    record(*timer.run, "TimerFired", Json{{"timerId", timer.id}, {"startedEventId", timer.started_event_id}});
    notify(*timer.run);
  }

  // ---- Signals -------------------------------------------------------------

  void signal(Run& run, const Json& attributes, long long completed_id) {
    Json event = attributes;
    event["decisionTaskCompletedEventId"] = completed_id;
    const long long initiated = record(run, "SignalExternalWorkflowExecutionInitiated", std::move(event));
    Run* sender = &run;
    steps_.push_back([this, sender, initiated, completed_id, attributes] {
      deliver_signal(*sender, initiated, completed_id, attributes);
    });
  }

  void deliver_signal(Run& sender, long long initiated, long long completed_id, const Json& attributes) {
    Run* target = find_open(attributes.value("workflowId", ""), attributes.value("runId", ""));
    if (!target) {
      if (!sender.open) return;
      Json failed{{"workflowId", attributes.value("workflowId", "")},
                  {"cause", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"},
                  {"initiatedEventId", initiated},
                  {"decisionTaskCompletedEventId", completed_id}};
      copy_keys(attributes, failed, {"runId", "control"});
      record(sender, "SignalExternalWorkflowExecutionFailed", std::move(failed));
      return notify(sender);
    }
    Json signaled{{"signalName", attributes.value("signalName", "")},
                  {"externalWorkflowExecution", execution_of(sender)},
                  {"externalInitiatedEventId", initiated}};
    copy_keys(attributes, signaled, {"input"});
    record(*target, "WorkflowExecutionSignaled", std::move(signaled));
    notify(*target);
    if (!sender.open) return;
    record(sender, "ExternalWorkflowExecutionSignaled",
           Json{{"workflowExecution", execution_of(*target)}, {"initiatedEventId", initiated}});
    notify(sender);
  }

  void cancel_external(Run& run, const Json& attributes, long long completed_id) {
    Json event = attributes;
    event["decisionTaskCompletedEventId"] = completed_id;
    const long long initiated = record(run, "RequestCancelExternalWorkflowExecutionInitiated", std::move(event));
    Run* sender = &run;
    steps_.push_back([this, sender, initiated, completed_id, attributes] {
      Run* target = find_open(attributes.value("workflowId", ""), attributes.value("runId", ""));
      if (!sender->open) return;
      if (!target) {
        Json failed{{"workflowId", attributes.value("workflowId", "")},
                    {"cause", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"},
                    {"initiatedEventId", initiated},
                    {"decisionTaskCompletedEventId", completed_id}};
        copy_keys(attributes, failed, {"runId", "control"});
        record(*sender, "RequestCancelExternalWorkflowExecutionFailed", std::move(failed));
        return notify(*sender);
      }
      record(*target, "WorkflowExecutionCancelRequested",
             Json{{"externalWorkflowExecution", execution_of(*sender)}, {"externalInitiatedEventId", initiated}});
      notify(*target);
      record(*sender, "ExternalWorkflowExecutionCancelRequested",
             Json{{"workflowExecution", execution_of(*target)}, {"initiatedEventId", initiated}});
      notify(*sender);
    });
  }

  // ---- Child workflows and continue-as-new ----------------------------------

  void start_child(Run& parent, const Json& attributes, long long completed_id) {
    const WorkflowDef* def = resolve_workflow(attributes);
    Json event = attributes;
    if (!event.contains("taskList") && def) event["taskList"] = Json{{"name", def->task_list()}};
    if (!event.contains("childPolicy")) event["childPolicy"] = def ? def->child_policy().value_or("TERMINATE") : "TERMINATE";
    event["decisionTaskCompletedEventId"] = completed_id;
    const long long initiated = record(parent, "StartChildWorkflowExecutionInitiated", event);
    Run* p = &parent;
    steps_.push_back([this, p, def, initiated, completed_id, event] { launch_child(*p, def, initiated, completed_id, event); });
  }

  void launch_child(Run& parent, const WorkflowDef* def, long long initiated, long long completed_id,
                    const Json& initiated_attributes) {
    if (!parent.open) return;
    const std::string workflow_id = initiated_attributes.value("workflowId", "");
    const Json type = initiated_attributes.value("workflowType", Json::object());
    const char* cause = !def ? "WORKFLOW_TYPE_DOES_NOT_EXIST" : find_open(workflow_id, "") ? "WORKFLOW_ALREADY_RUNNING" : nullptr;
    if (cause) {
      anomaly(std::string(cause) + ": " + initiated_attributes.dump());
      record(parent, "StartChildWorkflowExecutionFailed",
             Json{{"workflowType", type}, {"cause", cause}, {"workflowId", workflow_id},
                  {"initiatedEventId", initiated}, {"decisionTaskCompletedEventId", completed_id}});
      return notify(parent);
    }
    Json started{{"workflowType", type}};
    copy_keys(initiated_attributes, started,
              {"input", "taskList", "childPolicy", "tagList", "executionStartToCloseTimeout", "taskStartToCloseTimeout",
               "taskPriority"});
    Run& child = start(def, workflow_id, next_run_id(), std::move(started), &parent, initiated);
    child.reported_execution = execution_of(child);
    child.reported_type = type;
    child.started_event_id = record(
        parent, "ChildWorkflowExecutionStarted",
        Json{{"workflowExecution", child.reported_execution}, {"workflowType", type}, {"initiatedEventId", initiated}});
    notify(parent);
  }

  void report_child(Run& child, Outcome outcome, const Json& attributes) {
    Run& parent = *child.parent;
    if (!parent.open) return;
    Json event{{"workflowExecution", child.reported_execution},
               {"workflowType", child.reported_type},
               {"initiatedEventId", child.initiated_event_id},
               {"startedEventId", child.started_event_id}};
    copy_keys(attributes, event, {"result", "reason", "details"});
    const char* type = outcome == Outcome::kCompleted ? "ChildWorkflowExecutionCompleted"
                       : outcome == Outcome::kFailed  ? "ChildWorkflowExecutionFailed"
                                                      : "ChildWorkflowExecutionCanceled";
    record(parent, type, std::move(event));
    notify(parent);
  }

  void continue_as_new(Run& run, const Json& attributes, long long completed_id) {
    Json type{{"name", run.sim.workflow_type.value("name", "")},
              {"version", attributes.value("workflowTypeVersion", run.sim.workflow_type.value("version", ""))}};
    Json started{{"workflowType", type},
                 {"taskList", attributes.value("taskList", Json{{"name", run.task_list}})},
                 {"childPolicy", attributes.value("childPolicy", "TERMINATE")},
                 {"continuedExecutionRunId", run.sim.run_id}};
    copy_keys(attributes, started, {"input", "tagList", "executionStartToCloseTimeout", "taskStartToCloseTimeout", "taskPriority"});
    std::string new_run_id = next_run_id();
    Json event = started;
    event.erase("continuedExecutionRunId");
    event["decisionTaskCompletedEventId"] = completed_id;
    event["newExecutionRunId"] = new_run_id;
    record(run, "WorkflowExecutionContinuedAsNew", std::move(event));
    run.open = false;
    const WorkflowDef* def = resolve_workflow(started);
    Run& next = start(def, run.sim.workflow_id, std::move(new_run_id), std::move(started), run.parent,
                      run.initiated_event_id);
    next.started_event_id = run.started_event_id;
    next.reported_execution = run.reported_execution;
    next.reported_type = run.reported_type;
  }

  SimOptions options_;
  double now_;
  int run_counter_ = 0;
  long long timer_sequence_ = 0;
  std::deque<Run> runs_;  // a deque: references stay valid as runs are added
  std::deque<Run*> decisions_;                 // runs with a decision task scheduled, oldest first
  std::deque<std::function<void()>> steps_;   // completions and deliveries, oldest first
  std::vector<Timer> timers_;
  SimResult result_;
  bool done_ = false;
};

}  // namespace

const std::vector<Json>& SimResult::history() const {
  static const std::vector<Json> none;
  if (runs.empty()) return none;
  for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
    if (it->workflow_id == runs.front().workflow_id) return it->events;
  }
  return none;
}

const char* to_string(SimResult::Outcome outcome) {
  switch (outcome) {
    case Outcome::kCompleted: return "completed";
    case Outcome::kFailed: return "failed";
    case Outcome::kCanceled: return "canceled";
    case Outcome::kStuck: return "stuck";
    case Outcome::kReplayError: return "replay error";
    case Outcome::kTooManySteps: return "too many steps";
  }
  return "?";
}

SimResult simulate(const WorkflowDef& workflow, const Json& input, SimOptions options) {
  return Simulator(std::move(options)).run(workflow, input);
}

Json decision_task_json(const SimRun& run, std::size_t count) {
  Json events = Json::array();
  long long started = 0, previous = 0;
  for (std::size_t i = 0; i < count && i < run.events.size(); ++i) {
    const Json& event = run.events[i];
    if (event.value("eventType", "") == "DecisionTaskStarted") {
      previous = started;
      started = event.value("eventId", 0LL);
    }
    events.push_back(event);
  }
  return Json{{"taskToken", "simulated-task-token"},
              {"startedEventId", started},
              {"previousStartedEventId", previous},
              {"workflowExecution", Json{{"workflowId", run.workflow_id}, {"runId", run.run_id}}},
              {"workflowType", run.workflow_type},
              {"events", std::move(events)}};
}

}  // namespace sftest
