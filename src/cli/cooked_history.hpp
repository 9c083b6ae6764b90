// An execution's history as Python simpleflow's History.parse() sees it
// (simpleflow/history.py): one dict per activity, child workflow, timer,
// received or sent signal and marker, with Python's keys. workflow.history
// prints these dicts, and workflow.tasks, workflow.profile and task.info
// read their columns from them, so that their output matches Python's.
//
// Python's dicts hold datetimes; here a key ending in "timestamp" holds
// seconds since the epoch (a number) until to_json() writes it as Python's
// JSON encoder does.
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "simpleflow/json.hpp"
#include "simpleflow/swf/history.hpp"

namespace simpleflow::cli {

// Python's name for the kind of an event and its state in it, which the raw
// events print: ("ActivityTask", "scheduled") for ActivityTaskScheduled,
// ("ExternalWorkflowExecution", "signal_execution_initiated") for
// SignalExternalWorkflowExecutionInitiated. Event types of no known kind
// give ("", "").
std::pair<std::string, std::string> python_event_kind(const std::string& event_type);

// workflow.history --output-format raw: one object per event with its id,
// type, state, timestamp, decoded input and control, then its other
// attributes under snake_case names.
Json raw_event(const swf::Event& event);

// workflow.history --output-format events: the event as the SWF API sends
// it, with eventTimestamp as an ISO 8601 string (as boto3's datetimes print).
Json api_event(const Json& event);

class CookedHistory {
 public:
  // Parses `history`, oldest event first. Throws simpleflow::InvalidInput
  // naming the event when one refers to an event that is not in the history.
  static CookedHistory parse(const swf::History& history);

  // Activities, child workflows and received signals, in order of first
  // appearance (Python's History.tasks). A retried task is one entry.
  const std::vector<Json>& tasks() const { return tasks_; }
  // The activity of that id, or null.
  const Json* activity(const std::string& id) const;
  // Activities, then child workflows, each in order of first appearance.
  std::vector<std::pair<std::string, const Json*>> activities_and_children() const;

  // workflow.history --output-format cooked: {"workflow", "activities",
  // "child_workflows", "markers", "timers", "signals", "signal_lists",
  // "external_workflows_signaling", "signaled_workflows"}.
  Json to_json() const;

 private:
  Json workflow_ = Json::object();
  std::vector<Json> tasks_;
  std::vector<std::pair<std::string, std::size_t>> activities_;  // id -> index in tasks_
  std::vector<std::pair<std::string, std::size_t>> children_;    // workflow id -> index in tasks_
  Json markers_ = Json::object();                       // name -> [marker...]
  Json timers_ = Json::object();                        // timer id -> timer
  Json signals_ = Json::object();                       // name -> the last signal of that name
  Json signal_lists_ = Json::object();                  // name -> [signal...]
  std::vector<std::pair<std::int64_t, Json>> signaling_;  // initiated event id -> sent signal
  Json signaled_workflows_ = Json::object();            // signal name -> [sent signal...]

  friend class CookedHistoryBuilder;
};

// A copy of `dict` where the numbers under keys ending in "timestamp" are
// json_timestamp() strings. Only the top level: inputs keep their keys.
Json with_json_timestamps(const Json& dict);

}  // namespace simpleflow::cli
