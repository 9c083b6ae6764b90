// Replay: SWF history in, decisions out. What a decider does on every
// decision task: run the workflow's run() from the start against the
// execution's history, and answer with the decisions that come next.
//
//   auto task = simpleflow::DecisionTask::from_json(poll_response);   // StatusOr
//   auto out = simpleflow::replay(*registry.find_workflow("basic"), *task);
//   if (out.ok()) respond(out->decisions, out->execution_context);
//
// Each submit() finds its task in the history by a deterministic id (Python
// simpleflow's scheme): a finished task gives a finished future, a missing one
// becomes a decision and a PENDING future; reading an unfinished future stops
// the replay. Ids, inputs, results, reasons and decisions are byte-compatible
// with Python simpleflow, so both can decide and work on one SWF domain.
//
// replay() is a pure function of its arguments (plus the workflow's own code):
// it makes no call to SWF. Types that must be registered before the decisions
// are sent are returned with them. Thread-safe: concurrent replays share
// nothing but the registry.
#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <string>
#include <vector>

#include "simpleflow/history.hpp"
#include "simpleflow/json.hpp"
#include "simpleflow/status.hpp"
#include "simpleflow/workflow.hpp"

namespace simpleflow {

namespace internal {
class ParsedHistory;
}

// The part of a decision task that replay reads.
struct DecisionTask {
  std::string domain;                 // for get_run_context(); may be empty
  std::string workflow_id;            // workflowExecution.workflowId
  std::string run_id;                 // workflowExecution.runId
  std::string workflow_type_name;     // workflowType.name
  std::string workflow_type_version;  // workflowType.version
  History history;                    // every event, oldest first, eventIds 1..n

  // Reads PollForDecisionTask's response, GetWorkflowExecutionHistory's
  // (`{"events": [...]}`, optionally with workflowExecution and workflowType)
  // or a bare array of events, as JSON text. The workflow type defaults to the
  // one in the WorkflowExecutionStarted event. Checks every event (known
  // eventType, ids in order, the attributes SWF always sends); an error names
  // the event. The fast way: events are decoded into a Json tree only if a
  // hook reads `history`.
  static StatusOr<DecisionTask> parse(std::string_view json_text);
  // The same from parsed JSON.
  static StatusOr<DecisionTask> from_json(const Json& response);

  // The checked events that replay reads; set by parse() and from_json().
  // When null (a DecisionTask built by hand), replay() reads `history`.
  std::shared_ptr<const internal::ParsedHistory> parsed;
};

struct ReplayOptions {
  // Python simpleflow's limits; SWF allows 100 decisions and 1 MB per
  // response. Blocking on them adds the `_simpleflow_wake_up_timer` timer.
  std::size_t max_decisions = 100;
  std::size_t max_request_size = 1000 * 1000;
  // Open activities at which the replay stops scheduling. Unset: the
  // workflow's max_open_activity_count, else SWF_MAX_OPEN_ACTIVITY_COUNT, else 1000.
  std::optional<int> max_open_activity_count;
  // When set, activities and child workflows are scheduled on this task list
  // instead of their own (as `standalone` does).
  std::optional<std::string> task_list;
};

// A type that the decider must register (RegisterActivityType or
// RegisterWorkflowType, tolerating TypeAlreadyExistsFault) because SWF said it
// does not exist.
struct TypeToRegister {
  std::string name;
  std::string version;
  bool operator==(const TypeToRegister&) const = default;
};

// The answer to a decision task.
struct Decisions {
  // SWF Decision objects: {"decisionType": ..., "<type>DecisionAttributes": {...}}.
  std::vector<Json> decisions;
  // Unset: leave the execution context as it is. "" clears it.
  std::optional<std::string> execution_context;
  std::vector<TypeToRegister> activity_types_to_register;
  std::vector<TypeToRegister> workflow_types_to_register;

  // {"decisions": [...]} plus "executionContext" when set, and the types to
  // register under "activityTypesToRegister" / "workflowTypesToRegister" when
  // there are some.
  Json to_json() const;
};

// Replays `workflow` against `task`'s history. Errors:
//   kInvalidArgument    the history does not hold a consistent execution (the
//                       message names the event);
//   kFailedPrecondition the workflow code is not deterministic against this
//                       history: a task id of the history is scheduled as
//                       another type, a completed task is never reached, or
//                       run() swallowed ExecutionBlocked. The message is the
//                       report, with the event id and what was expected.
// Failures of the workflow itself (an exception from run(), a failed task
// with raises_on_failure) are not errors: they give a FailWorkflowExecution.
StatusOr<Decisions> replay(const WorkflowDef& workflow, const DecisionTask& task, const ReplayOptions& options = {});

}  // namespace simpleflow
