// A small in-memory SWF for tests: it plays SWF and the workers around
// simpleflow::replay. It starts an execution, hands each decision task (as
// JSON text, to DecisionTask::parse) to replay(), applies the decisions as SWF
// would (recording the events SWF records), runs the scheduled activities with
// ActivityDef::invoke, runs child executions itself, delivers signals and
// cancel requests, and fires timers on a virtual clock.
//
//   auto sim = sftest::simulate(*Registry::global().find_workflow("examples.basic.BasicWorkflow"),
//                               Json::array({1, 0}));
//   EXPECT_EQ(sim.outcome, SimResult::Outcome::kCompleted);
//   EXPECT_EQ(sim.result, 4);
//
// Pending steps (a decision task to run, an activity to complete, a child to
// start or report, a signal to deliver, a timer of 0 seconds to fire) are
// taken one at a time; by default the oldest decision task first, then the
// oldest other step (0-second timers go first), so each completion is followed
// by its own decision task and many intermediate histories are replayed.
// `SimOptions::choose` picks another order. Time moves only when nothing else
// can happen: then the earliest timer fires. Everything is deterministic:
// fixed ids, fixed clock.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <vector>

#include "simpleflow/replay.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest {

struct SimOptions {
  std::string workflow_id = "sim";  // of the top-level execution
  double start_time = 1000;         // the virtual clock's start, in epoch seconds
  simpleflow::ReplayOptions replay;  // given to every replay()
  // Picks the next step among `count` pending ones (decision tasks first, then
  // the other steps, oldest first); returns an index below `count`. Unset:
  // always 0.
  std::function<std::size_t(std::size_t count)> choose;
  std::size_t max_steps = 5000;  // a safety net against executions that never end
};

// One decision task handed to the decider, and its answer.
struct DecisionRecord {
  const simpleflow::WorkflowDef* workflow;  // what the decider ran
  simpleflow::Json task;    // the PollForDecisionTask response given to DecisionTask::from_json
  simpleflow::Json answer;  // Decisions::to_json() of what replay() returned
};

// The events of one execution (one run of a workflow id).
struct SimRun {
  std::string workflow_id, run_id;
  simpleflow::Json workflow_type;  // {"name": ..., "version": ...}
  const simpleflow::WorkflowDef* workflow = nullptr;  // what the decider runs: __extra.class, else the type
  std::vector<simpleflow::Json> events;
};

struct SimResult {
  enum class Outcome { kCompleted, kFailed, kCanceled, kStuck, kReplayError, kTooManySteps };
  Outcome outcome = Outcome::kStuck;
  simpleflow::Json result;       // kCompleted: the decoded result of the last run
  std::string reason, details;   // kFailed, kCanceled (details)
  simpleflow::Status error;      // kReplayError: what from_json or replay() returned
  int executions = 0;            // runs of the top-level workflow id (1 + continue-as-new count)
  std::vector<DecisionRecord> decisions;  // every decision task, of every execution, in order
  std::vector<SimRun> runs;               // every execution, in start order
  // What SWF would have rejected or what should never happen: an id already
  // in use, a decision after the one closing the execution, an unknown type...
  std::vector<std::string> anomalies;

  // The events of the top-level execution's last run (runs.front() is its first).
  const std::vector<simpleflow::Json>& history() const;
};

const char* to_string(SimResult::Outcome outcome);

// Runs `workflow` with `input` (as LocalExecutor::run takes it) to its end.
// Throws InvalidInput when the input is not a workflow input.
SimResult simulate(const simpleflow::WorkflowDef& workflow, const simpleflow::Json& input, SimOptions options = {});

// A PollForDecisionTask response for the first `count` events of `run`.
simpleflow::Json decision_task_json(const SimRun& run, std::size_t count);

}  // namespace sftest
