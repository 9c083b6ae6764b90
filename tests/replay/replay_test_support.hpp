// Helpers of the replay tests: the examples plugin, the local executor's
// outcome to compare with, random schedules for the simulator.
#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <random>
#include <streambuf>
#include <string>
#include <vector>

#include "replay/swf_simulator.hpp"
#include "simpleflow/replay.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest {

using simpleflow::Json;

// The examples' workflows (examples/*.cpp), from the plugin loaded on first
// use; fails the test when `class_name` is not registered.
const simpleflow::WorkflowDef& example(const std::string& class_name);

// How a run ended, comparable between executors:
// {"outcome": "completed"|"failed"|..., "result": ..., "reason": ..., "details": ..., "executions": n}.
Json local_outcome(const simpleflow::WorkflowDef& workflow, const Json& input);
Json sim_outcome(const SimResult& sim);

// A SimOptions::choose that takes the pending steps in a random order drawn
// from `seed`; seed 0 keeps the default order.
std::function<std::size_t(std::size_t)> random_schedule(std::uint32_t seed);

// A workflow id unique to this process: some examples keep files named after it.
std::string unique_workflow_id(const std::string& prefix = "sim");

// Replays `task` (a decision task's JSON); the answer's to_json(), or
// {"error": {"code": n, "message": ...}} for an error status.
Json replay_json(const simpleflow::WorkflowDef& workflow, const Json& task,
                 const simpleflow::ReplayOptions& options = {});

// A decision task of `workflow` (version "default", started without
// arguments) whose one activity, `activity` (id "activity-<activity>-1",
// version "default", input `activity_input`), ended with `ending`
// ("ActivityTaskCompleted", "ActivityTaskFailed"...) and its `attributes`.
Json one_activity_task(const std::string& workflow, const std::string& activity, const std::string& activity_input,
                       const std::string& ending, Json attributes);

// The attributes that SWF always sends, by eventType (the SWF API model's
// required members; Lambda events left out).
const std::map<std::string, std::vector<std::string>>& swf_required_attributes();

// Replays again with `options` (those the simulation used), twice each, every
// decision task of `sim` (expecting the answer recorded then, also from a
// DecisionTask built by hand) and every prefix of every execution's history
// (expecting the same answer or error both times). Returns the mismatches.
std::vector<std::string> replay_mismatches(const SimResult& sim, const simpleflow::ReplayOptions& options = {});

// Events one a line (id, type, attributes), for failure messages.
std::string describe(const std::vector<Json>& events);

// Silences std::cout (the examples print) for the lifetime of the object.
class QuietStdout {
 public:
  QuietStdout();
  ~QuietStdout();
  QuietStdout(const QuietStdout&) = delete;
  QuietStdout& operator=(const QuietStdout&) = delete;

 private:
  std::streambuf* saved_;
};

}  // namespace sftest
