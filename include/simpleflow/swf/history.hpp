// An execution's history in the object layer: events with their family and
// state, as Python simpleflow's swf.models.History, and compile(), which
// checks every entity's life against SWF's state machines.
//
//   swf::History history = execution.history();
//   for (const auto& e : history.filter("ActivityTask", "completed")) ...
//   auto compiled = history.compile();   // throws TransitionError on a bad history
//
// (The replay engine reads histories through its own faster parser; this one
// is for tools and tests that look at events.)
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/json.hpp"

namespace simpleflow::swf {

// One event. `family` and `state` split the event type the way Python does:
// "ActivityTaskScheduled" is ("ActivityTask", "scheduled"),
// "ScheduleActivityTaskFailed" is ("ActivityTask", "schedule_failed"),
// "StartChildWorkflowExecutionInitiated" is ("ChildWorkflowExecution",
// "start_initiated"). Families: WorkflowExecution, DecisionTask, ActivityTask,
// ChildWorkflowExecution, ExternalWorkflowExecution, Timer, Marker,
// LambdaFunction; an event type of none of them has an empty family.
struct Event {
  std::int64_t id = 0;
  std::string type;  // eventType, e.g. "ActivityTaskCompleted"
  std::string family;
  std::string state;
  double timestamp = 0;  // seconds since the epoch
  Json attributes;       // the "<eventType>EventAttributes" object ({} when absent)

  // Reads one event of the API's JSON. Throws simpleflow::InvalidInput naming
  // the problem when eventId, eventType or eventTimestamp is missing.
  static Event from_json(const Json& event);
  Json to_json() const;
};

// The state of one entity (an activity id, a timer, a child workflow, one
// decision task, ...) after all its events: its latest event and the ids of
// the events that moved it.
struct CompiledEvent {
  std::string family;
  std::string key;    // activityId, timerId, markerName, child workflowId; a
                      // scheduled/initiated event id for decision tasks,
                      // lambdas and external requests; "" for the execution
  std::string state;  // the state after the latest event
  Event latest;
  std::vector<std::int64_t> event_ids;
};

class History {
 public:
  History() = default;
  explicit History(std::vector<Event> events) : events_(std::move(events)) {}
  // From the API's event objects (a history page's "events"); throws
  // simpleflow::InvalidInput on a malformed event.
  static History from_event_list(const std::vector<Json>& events);

  const std::vector<Event>& events() const { return events_; }
  std::size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }
  const Event& operator[](std::size_t i) const { return events_.at(i); }
  auto begin() const { return events_.begin(); }
  auto end() const { return events_.end(); }

  // The first and last events; std::out_of_range when empty.
  const Event& first() const;
  const Event& last() const;
  // The last `n` events (all when fewer), oldest first.
  std::vector<Event> latest(std::size_t n) const;
  // The events newest first.
  std::vector<Event> reversed() const;
  // Whether the execution is closed: the last event is a WorkflowExecution
  // completion, failure, cancellation, termination, time-out or continue-as-new.
  bool finished() const;
  // The events of `family` ("" for any) in `state` ("" for any).
  std::vector<Event> filter(const std::string& family, const std::string& state = {}) const;

  // One CompiledEvent per entity, in the order entities first appear. Throws
  // InconsistentStateError or TransitionError naming the event, its entity
  // and the states involved when the history breaks SWF's state machines.
  std::vector<CompiledEvent> compile() const;

 private:
  std::vector<Event> events_;
};

}  // namespace simpleflow::swf
