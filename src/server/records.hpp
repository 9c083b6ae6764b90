// What the server knows, in memory: domains, types and executions. The
// history of an execution is the truth; everything an execution holds besides
// its events (open activities, timers, children, the decision task) is derived
// from them by fold_event (history_fold.cpp), at run time and when the store
// is loaded again after a restart. Only heartbeats, which SWF records in no
// event, are kept beside the history.
#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

namespace simpleflow::server::internal {

using Json = nlohmann::json;

struct DomainRecord {
  std::string name;
  std::string description;  // "" when none
  std::string status = "REGISTERED";
  std::string retention_days;  // "0".."90" or "NONE"
  std::vector<std::pair<std::string, std::string>> tags;
};

enum class TypeKind { kWorkflow, kActivity };

struct TypeRecord {
  TypeKind kind = TypeKind::kWorkflow;
  std::string domain, name, version;
  std::string description;
  std::string status = "REGISTERED";
  double creation_date = 0;
  std::optional<double> deprecation_date;
  // The registered defaults, as the API's member names
  // ("defaultTaskList": {"name": ...}, "defaultTaskStartToCloseTimeout", ...).
  Json defaults = Json::object();
};

// A task handed to a poller or waiting for one.
struct ActivityState {
  std::string activity_id;
  int64_t scheduled_event_id = 0;
  int64_t started_event_id = 0;  // 0 while scheduled
  Json activity_type;            // {"name", "version"}
  std::string task_list;
  int priority = 0;
  std::string input;
  bool has_input = false;
  std::string schedule_to_start, schedule_to_close, start_to_close, heartbeat;  // seconds or "NONE"
  double scheduled_at = 0, started_at = 0;
  int64_t cancel_requested_event_id = 0;
};

struct TimerState {
  int64_t started_event_id = 0;
  double fire_at = 0;
};

struct ChildState {
  std::string workflow_id;
  std::string run_id;  // "" until started
  Json workflow_type;
  int64_t initiated_event_id = 0;
  int64_t started_event_id = 0;
};

struct DecisionState {
  int64_t scheduled_event_id = 0;  // 0: no decision task outstanding
  int64_t started_event_id = 0;    // 0 while scheduled
  double scheduled_at = 0, started_at = 0;
  std::string task_list;
  int priority = 0;
  std::string start_to_close;
  std::string schedule_to_start = "NONE";
  // An event that asks for a decision arrived while the task was started: a
  // new task follows its completion, and closing decisions of this one fail.
  bool unhandled_events = false;
};

struct Heartbeat {
  double at = 0;
  std::string details;
  bool has_details = false;
};

struct Execution {
  std::string domain, workflow_id, run_id;
  Json workflow_type;  // {"name", "version"}
  double start_ts = 0;
  bool open = true;
  std::string close_status;  // COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW, TIMED_OUT
  double close_ts = 0;
  std::vector<std::string> tags;
  std::optional<Json> parent;  // {"workflowId", "runId"}
  std::string parent_domain;
  int64_t parent_initiated_event_id = 0;
  // The configuration of the run, from its WorkflowExecutionStarted event.
  std::string task_list, task_start_to_close, execution_start_to_close, child_policy, lambda_role;
  int task_priority = 0;
  // A temporary task list override of decision tasks (RespondDecisionTask-
  // Completed's taskListScheduleToStartTimeout): the list to go back to.
  std::string task_list_before_override, override_schedule_to_start;
  bool cancel_requested = false;
  std::optional<double> latest_activity_task_ts;
  std::optional<std::string> latest_execution_context;

  // Events as SWF's JSON text, in order (event id = index + 1). Cleared once a
  // closed execution's events are durable; then they are read from the store.
  std::vector<std::string> events;
  int64_t event_count = 0;
  int64_t previous_started_event_id = 0;  // the DecisionTaskStarted before the latest one

  DecisionState decision;
  // Set while a decision task's decisions are applied: events they cause
  // then mark the decision instead of scheduling a new one at once.
  bool completing_decision = false;
  std::map<std::string, ActivityState> activities;  // open ones, by activity id
  std::map<std::string, TimerState> timers;         // open ones, by timer id
  std::map<int64_t, ChildState> children;           // open ones, by initiated event id
  std::map<int64_t, Heartbeat> heartbeats;          // by scheduled event id
};

// The open activity scheduled by that event, or nullptr.
ActivityState* find_activity(Execution& execution, int64_t scheduled_event_id);
const ActivityState* find_activity(const Execution& execution, int64_t scheduled_event_id);

// Copies `member` of `from` into `to` when it is there.
inline void copy_if_present(const Json& from, Json& to, const char* member) {
  if (from.contains(member)) to[member] = from[member];
}

// The members of StartWorkflowExecution, StartChildWorkflowExecution and
// ContinueAsNewWorkflowExecution that configure the new run.
inline constexpr const char* kRunStartMembers[] = {"input", "executionStartToCloseTimeout", "taskStartToCloseTimeout",
                                                   "taskList", "taskPriority", "childPolicy", "tagList", "lambdaRole"};

// The row the store keeps for an execution, besides its events.
Json execution_document(const Execution& execution);
// Restores what execution_document saved; the derived state comes from the events.
Execution execution_from_document(const Json& document);

Json domain_document(const DomainRecord& domain);
DomainRecord domain_from_document(const Json& document);
Json type_document(const TypeRecord& type);
TypeRecord type_from_document(const Json& document);

}  // namespace simpleflow::server::internal
