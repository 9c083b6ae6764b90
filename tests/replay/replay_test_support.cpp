#include "replay/replay_test_support.hpp"

#include <dlfcn.h>
#include <unistd.h>

#include <cctype>
#include <iostream>
#include <memory>
#include <sstream>
#include <stdexcept>

#include "support/command.hpp"

namespace sftest {
namespace {

void load_examples_once() {
  static const bool loaded = [] {
    const std::string path = simpleflow::testing::examples_plugin();
    if (!dlopen(path.c_str(), RTLD_NOW | RTLD_GLOBAL)) throw std::runtime_error("cannot load " + path + ": " + dlerror());
    return true;
  }();
  (void)loaded;
}

class NullBuffer : public std::streambuf {
 protected:
  int overflow(int c) override { return traits_type::not_eof(c); }
  std::streamsize xsputn(const char*, std::streamsize n) override { return n; }
};

}  // namespace

const simpleflow::WorkflowDef& example(const std::string& class_name) {
  load_examples_once();
  const auto* def = simpleflow::Registry::global().find_workflow(class_name);
  if (!def) throw std::runtime_error("no workflow " + class_name + " in the examples plugin");
  return *def;
}

Json local_outcome(const simpleflow::WorkflowDef& workflow, const Json& input) {
  simpleflow::ManualClock clock(1000);
  simpleflow::LocalExecutor executor(workflow, {.clock = &clock, .workflow_id = unique_workflow_id("local")});
  Json out{{"result", nullptr}, {"reason", ""}, {"details", ""}};
  try {
    out["result"] = executor.run(input);
    out["outcome"] = "completed";
  } catch (const simpleflow::WorkflowFailed& e) {
    out["outcome"] = "failed";
    out["reason"] = e.reason();
    out["details"] = e.details();
  }
  out["executions"] = executor.executions();
  return out;
}

Json sim_outcome(const SimResult& sim) {
  return Json{{"outcome", to_string(sim.outcome)},
              {"result", sim.result},
              {"reason", sim.reason},
              {"details", sim.details},
              {"executions", sim.executions}};
}

std::function<std::size_t(std::size_t)> random_schedule(std::uint32_t seed) {
  if (seed == 0) return {};
  auto engine = std::make_shared<std::mt19937>(seed);
  return [engine](std::size_t count) { return std::uniform_int_distribution<std::size_t>(0, count - 1)(*engine); };
}

std::string unique_workflow_id(const std::string& prefix) { return prefix + "-" + std::to_string(::getpid()); }

Json replay_json(const simpleflow::WorkflowDef& workflow, const Json& task, const simpleflow::ReplayOptions& options) {
  auto error = [](const simpleflow::Status& s) {
    return Json{{"error", Json{{"code", static_cast<int>(s.code())}, {"message", s.message()}}}};
  };
  auto parsed = simpleflow::DecisionTask::from_json(task);
  if (!parsed.ok()) return error(parsed.status());
  auto out = simpleflow::replay(workflow, *parsed, options);
  if (!out.ok()) return error(out.status());
  return out->to_json();
}

Json one_activity_task(const std::string& workflow, const std::string& activity, const std::string& activity_input,
                       const std::string& ending, Json attributes) {
  Json events = Json::array();
  auto add = [&](const std::string& type, Json a) {
    std::string key = type + "EventAttributes";
    key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
    events.push_back({{"eventId", events.size() + 1}, {"eventTimestamp", 1.0}, {"eventType", type}, {key, a}});
  };
  add("WorkflowExecutionStarted", {{"childPolicy", "TERMINATE"}, {"taskList", {{"name", "t"}}},
                                   {"input", "{\"args\":[],\"kwargs\":{}}"},
                                   {"workflowType", {{"name", workflow}, {"version", "default"}}}});
  add("DecisionTaskScheduled", {{"taskList", {{"name", "t"}}}});
  add("DecisionTaskStarted", {{"scheduledEventId", 2}});
  add("DecisionTaskCompleted", {{"scheduledEventId", 2}, {"startedEventId", 3}});
  add("ActivityTaskScheduled", {{"activityId", "activity-" + activity + "-1"},
                                {"activityType", {{"name", activity}, {"version", "default"}}},
                                {"taskList", {{"name", "t"}}}, {"decisionTaskCompletedEventId", 4},
                                {"input", activity_input}});
  add("ActivityTaskStarted", {{"scheduledEventId", 5}});
  attributes["scheduledEventId"] = 5;
  attributes["startedEventId"] = 6;
  add(ending, attributes);
  add("DecisionTaskScheduled", {{"taskList", {{"name", "t"}}}});
  add("DecisionTaskStarted", {{"scheduledEventId", 8}});
  return Json{{"events", events}};
}

const std::map<std::string, std::vector<std::string>>& swf_required_attributes() {
  static const std::map<std::string, std::vector<std::string>> required{
      {"WorkflowExecutionStarted", {"childPolicy", "taskList", "workflowType"}},
      {"WorkflowExecutionCompleted", {"decisionTaskCompletedEventId"}},
      {"CompleteWorkflowExecutionFailed", {"cause", "decisionTaskCompletedEventId"}},
      {"WorkflowExecutionFailed", {"decisionTaskCompletedEventId"}},
      {"FailWorkflowExecutionFailed", {"cause", "decisionTaskCompletedEventId"}},
      {"WorkflowExecutionTimedOut", {"timeoutType", "childPolicy"}},
      {"WorkflowExecutionCanceled", {"decisionTaskCompletedEventId"}},
      {"CancelWorkflowExecutionFailed", {"cause", "decisionTaskCompletedEventId"}},
      {"WorkflowExecutionContinuedAsNew", {"decisionTaskCompletedEventId", "newExecutionRunId", "taskList", "childPolicy", "workflowType"}},
      {"ContinueAsNewWorkflowExecutionFailed", {"cause", "decisionTaskCompletedEventId"}},
      {"WorkflowExecutionTerminated", {"childPolicy"}},
      {"WorkflowExecutionCancelRequested", {}},
      {"DecisionTaskScheduled", {"taskList"}},
      {"DecisionTaskStarted", {"scheduledEventId"}},
      {"DecisionTaskCompleted", {"scheduledEventId", "startedEventId"}},
      {"DecisionTaskTimedOut", {"timeoutType", "scheduledEventId", "startedEventId"}},
      {"ActivityTaskScheduled", {"activityType", "activityId", "taskList", "decisionTaskCompletedEventId"}},
      {"ActivityTaskStarted", {"scheduledEventId"}},
      {"ActivityTaskCompleted", {"scheduledEventId", "startedEventId"}},
      {"ActivityTaskFailed", {"scheduledEventId", "startedEventId"}},
      {"ActivityTaskTimedOut", {"timeoutType", "scheduledEventId", "startedEventId"}},
      {"ActivityTaskCanceled", {"scheduledEventId", "startedEventId"}},
      {"ActivityTaskCancelRequested", {"decisionTaskCompletedEventId", "activityId"}},
      {"WorkflowExecutionSignaled", {"signalName"}},
      {"MarkerRecorded", {"markerName", "decisionTaskCompletedEventId"}},
      {"RecordMarkerFailed", {"markerName", "cause", "decisionTaskCompletedEventId"}},
      {"TimerStarted", {"timerId", "startToFireTimeout", "decisionTaskCompletedEventId"}},
      {"TimerFired", {"timerId", "startedEventId"}},
      {"TimerCanceled", {"timerId", "startedEventId", "decisionTaskCompletedEventId"}},
      {"StartChildWorkflowExecutionInitiated", {"workflowId", "workflowType", "taskList", "decisionTaskCompletedEventId", "childPolicy"}},
      {"ChildWorkflowExecutionStarted", {"workflowExecution", "workflowType", "initiatedEventId"}},
      {"ChildWorkflowExecutionCompleted", {"workflowExecution", "workflowType", "initiatedEventId", "startedEventId"}},
      {"ChildWorkflowExecutionFailed", {"workflowExecution", "workflowType", "initiatedEventId", "startedEventId"}},
      {"ChildWorkflowExecutionTimedOut", {"workflowExecution", "workflowType", "timeoutType", "initiatedEventId", "startedEventId"}},
      {"ChildWorkflowExecutionCanceled", {"workflowExecution", "workflowType", "initiatedEventId", "startedEventId"}},
      {"ChildWorkflowExecutionTerminated", {"workflowExecution", "workflowType", "initiatedEventId", "startedEventId"}},
      {"SignalExternalWorkflowExecutionInitiated", {"workflowId", "signalName", "decisionTaskCompletedEventId"}},
      {"ExternalWorkflowExecutionSignaled", {"workflowExecution", "initiatedEventId"}},
      {"SignalExternalWorkflowExecutionFailed", {"workflowId", "cause", "initiatedEventId", "decisionTaskCompletedEventId"}},
      {"ExternalWorkflowExecutionCancelRequested", {"workflowExecution", "initiatedEventId"}},
      {"RequestCancelExternalWorkflowExecutionInitiated", {"workflowId", "decisionTaskCompletedEventId"}},
      {"RequestCancelExternalWorkflowExecutionFailed", {"workflowId", "cause", "initiatedEventId", "decisionTaskCompletedEventId"}},
      {"ScheduleActivityTaskFailed", {"activityType", "activityId", "cause", "decisionTaskCompletedEventId"}},
      {"RequestCancelActivityTaskFailed", {"activityId", "cause", "decisionTaskCompletedEventId"}},
      {"StartTimerFailed", {"timerId", "cause", "decisionTaskCompletedEventId"}},
      {"CancelTimerFailed", {"timerId", "cause", "decisionTaskCompletedEventId"}},
      {"StartChildWorkflowExecutionFailed", {"workflowType", "cause", "workflowId", "initiatedEventId", "decisionTaskCompletedEventId"}},
  };
  return required;
}

// A DecisionTask built by hand, without DecisionTask::parse: replay() reads
// its `history` then.
Json replay_by_hand_json(const simpleflow::WorkflowDef& workflow, const Json& json,
                         const simpleflow::ReplayOptions& options) {
  simpleflow::DecisionTask task;
  task.workflow_id = json["workflowExecution"]["workflowId"];
  task.run_id = json["workflowExecution"]["runId"];
  task.workflow_type_name = json["workflowType"]["name"];
  task.workflow_type_version = json["workflowType"]["version"];
  task.history = simpleflow::History(json["events"].get<std::vector<Json>>());
  auto out = simpleflow::replay(workflow, task, options);
  if (!out.ok()) return Json{{"error", Json{{"code", static_cast<int>(out.status().code())}, {"message", out.status().message()}}}};
  return out->to_json();
}

std::vector<std::string> replay_mismatches(const SimResult& sim, const simpleflow::ReplayOptions& options) {
  QuietStdout quiet;
  std::vector<std::string> out;
  for (std::size_t i = 0; i < sim.decisions.size(); ++i) {
    const DecisionRecord& record = sim.decisions[i];
    for (int again = 0; again < 2; ++again) {
      Json answer = replay_json(*record.workflow, record.task, options);
      if (answer != record.answer) {
        out.push_back("decision task " + std::to_string(i) + " now gets " + answer.dump() + " instead of " +
                      record.answer.dump());
      }
    }
    Json by_hand = replay_by_hand_json(*record.workflow, record.task, options);
    if (by_hand != record.answer) {
      out.push_back("decision task " + std::to_string(i) + " built by hand gets " + by_hand.dump() + " instead of " +
                    record.answer.dump());
    }
  }
  for (const SimRun& run : sim.runs) {
    for (std::size_t n = 1; n <= run.events.size(); ++n) {
      const Json task = decision_task_json(run, n);
      const Json first = replay_json(*run.workflow, task, options), second = replay_json(*run.workflow, task, options);
      if (first != second) {
        out.push_back(std::to_string(n) + " events of " + run.workflow_id + ": " + first.dump() + " then " + second.dump());
      }
    }
  }
  return out;
}

std::string describe(const std::vector<Json>& events) {
  std::ostringstream out;
  for (const auto& event : events) {
    std::string type = event.value("eventType", "?"), key = type + "EventAttributes";
    key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
    out << "  " << event.value("eventId", 0) << " " << type << " " << event.value(key, Json()).dump() << "\n";
  }
  return out.str();
}

QuietStdout::QuietStdout() {
  static NullBuffer null;
  saved_ = std::cout.rdbuf(&null);
}

QuietStdout::~QuietStdout() { std::cout.rdbuf(saved_); }

}  // namespace sftest
