// Replay for a decider that keeps each execution's parsed history and state
// from one decision task to the next, instead of parsing and building them
// again on every task.
#pragma once

#include <memory>

#include "history/events.hpp"
#include "history/execution_state.hpp"
#include "simpleflow/replay.hpp"

namespace simpleflow::internal {

// A DecisionTask over `history`, which must start with a
// WorkflowExecutionStarted event. Ids and type come from the history's
// response, the type else from the started event. Hooks that read the task's
// `history` get the events held when the task was made.
StatusOr<DecisionTask> decision_task_over(std::shared_ptr<const ParsedHistory> history);

// replay() with `state`, the state of all of `task.parsed`'s events.
StatusOr<Decisions> replay_with_state(const WorkflowDef& workflow, const DecisionTask& task,
                                      const ExecutionState& state, const ReplayOptions& options);

}  // namespace simpleflow::internal
