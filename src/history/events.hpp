// SWF history events, typed: the 54 event types of the SWF API, each event
// checked for the attributes that SWF always sends. A history is parsed once,
// with simdjson, into a compact form: events and their attributes in flat
// arrays, strings pointing into the parser's buffer. Replaying a long history
// then costs no JSON tree walk.
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "history/attribute_name.hpp"
#include "history/event_list.hpp"
#include "history/string_pool.hpp"
#include "simpleflow/history.hpp"
#include "simpleflow/json.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow::internal {

#define SIMPLEFLOW_EVENT_TYPES(X) \
  X(WorkflowExecutionStarted) \
  X(WorkflowExecutionCancelRequested) \
  X(WorkflowExecutionCompleted) \
  X(CompleteWorkflowExecutionFailed) \
  X(WorkflowExecutionFailed) \
  X(FailWorkflowExecutionFailed) \
  X(WorkflowExecutionTimedOut) \
  X(WorkflowExecutionCanceled) \
  X(CancelWorkflowExecutionFailed) \
  X(WorkflowExecutionContinuedAsNew) \
  X(ContinueAsNewWorkflowExecutionFailed) \
  X(WorkflowExecutionTerminated) \
  X(DecisionTaskScheduled) \
  X(DecisionTaskStarted) \
  X(DecisionTaskCompleted) \
  X(DecisionTaskTimedOut) \
  X(ActivityTaskScheduled) \
  X(ScheduleActivityTaskFailed) \
  X(ActivityTaskStarted) \
  X(ActivityTaskCompleted) \
  X(ActivityTaskFailed) \
  X(ActivityTaskTimedOut) \
  X(ActivityTaskCanceled) \
  X(ActivityTaskCancelRequested) \
  X(RequestCancelActivityTaskFailed) \
  X(WorkflowExecutionSignaled) \
  X(MarkerRecorded) \
  X(RecordMarkerFailed) \
  X(TimerStarted) \
  X(StartTimerFailed) \
  X(TimerFired) \
  X(TimerCanceled) \
  X(CancelTimerFailed) \
  X(StartChildWorkflowExecutionInitiated) \
  X(StartChildWorkflowExecutionFailed) \
  X(ChildWorkflowExecutionStarted) \
  X(ChildWorkflowExecutionCompleted) \
  X(ChildWorkflowExecutionFailed) \
  X(ChildWorkflowExecutionTimedOut) \
  X(ChildWorkflowExecutionCanceled) \
  X(ChildWorkflowExecutionTerminated) \
  X(SignalExternalWorkflowExecutionInitiated) \
  X(SignalExternalWorkflowExecutionFailed) \
  X(ExternalWorkflowExecutionSignaled) \
  X(RequestCancelExternalWorkflowExecutionInitiated) \
  X(RequestCancelExternalWorkflowExecutionFailed) \
  X(ExternalWorkflowExecutionCancelRequested) \
  X(LambdaFunctionScheduled) \
  X(LambdaFunctionStarted) \
  X(LambdaFunctionCompleted) \
  X(LambdaFunctionFailed) \
  X(LambdaFunctionTimedOut) \
  X(ScheduleLambdaFunctionFailed) \
  X(StartLambdaFunctionFailed)

enum class EventType : std::uint8_t {
#define SIMPLEFLOW_EVENT_ENUM(name) k##name,
  SIMPLEFLOW_EVENT_TYPES(SIMPLEFLOW_EVENT_ENUM)
#undef SIMPLEFLOW_EVENT_ENUM
};

// "ActivityTaskScheduled" for EventType::kActivityTaskScheduled.
std::string_view to_string(EventType type);
std::optional<EventType> event_type_from_string(std::string_view name);

// One attribute of an event. Objects (activityType, taskList...) and arrays
// (tagList) hold their items as children, which follow in the same arena
// (array items have no key); offsets are relative to the parent.
struct Attribute {
  enum class Kind : std::uint8_t { kString, kInteger, kNumber, kBool, kNull, kObject, kArray };
  Kind kind = Kind::kNull;
  std::uint8_t name = AttributeName::kNone;  // an AttributeName's id (kNone: an array item, or a key SWF lacks)
  std::string_view text;  // kString
  long long integer = 0;  // kInteger
  double number = 0;      // kInteger and kNumber
  std::uint32_t first_child = 0, end_child = 0;  // kObject and kArray
};

// One event of a history. Attribute accessors return "" / 0 for an attribute
// that is absent (SWF omits empty optional ones) or of another JSON type.
struct Event {
  long long id = 0;
  double timestamp = 0;
  EventType type{};
  const Attribute* first = nullptr;  // the <type>EventAttributes, [first, end)
  const Attribute* end = nullptr;
  // Read when the history is parsed, while its attributes are in the cache,
  // and copied together (ParsedHistory's pool): building the state of a long
  // history then reads no attribute list, and ids and names in order.
  std::string_view subject;    // what it is about: activityId, workflowId (children, signals and cancels
                               // sent), timerId, markerName or signalName, by type; "" for other types
  std::string_view type_name;  // activityType.name or workflowType.name
  long long reference = 0;     // the event it follows up: scheduledEventId, else initiatedEventId, else
                               // startedEventId (timers); 0 if none

  const Attribute* find(AttributeName key) const;
  bool has(AttributeName key) const { return find(key) != nullptr; }
  std::string_view text(AttributeName key) const;
  std::string str(AttributeName key) const { return std::string(text(key)); }
  long long event_id(AttributeName key) const;
  // `object.field` as a string, e.g. text_in("activityType", "name").
  std::string_view text_in(AttributeName object, AttributeName field) const;
  // The strings of an array attribute (tagList).
  std::vector<std::string> strings(AttributeName key) const;
  // "event 7 (ActivityTaskCompleted)", for messages.
  std::string label() const;
};

// A history's events, in the order of their ids; they never move.
using EventList = StableList<Event>;

// A checked history: its events, and what they point into. Movable; the
// events stay where they are when it moves or grows.
class ParsedHistory {
 public:
  // Parses PollForDecisionTask's or GetWorkflowExecutionHistory's response
  // (an object with "events") or a bare array of events, and checks every
  // event: eventIds 1..n in order, a known eventType, an eventTimestamp (epoch
  // seconds, as the SWF API sends it, or an ISO 8601 time, as the AWS CLI
  // prints it), and the attributes SWF always sends with the JSON types it
  // sends them with. The error names the event and the attribute.
  static StatusOr<ParsedHistory> parse(std::string_view json);

  // Appends the events of a later page (the same shapes as parse()) with the
  // same checks. Events this history holds already are skipped (a poll with
  // startAtPreviousStartedEvent repeats the previous decision task's); the
  // others must follow on from size() + 1. On error nothing is appended.
  // Events held so far, and what they point to, stay where they are.
  Status append(std::string_view json);

  ParsedHistory(ParsedHistory&&) noexcept;
  ParsedHistory& operator=(ParsedHistory&&) noexcept;
  ~ParsedHistory();

  const EventList& events() const { return events_; }
  operator const EventList&() const { return events_; }  // NOLINT: reads as its events
  std::size_t size() const { return events_.size(); }
  bool empty() const { return events_.empty(); }
  const Event& operator[](std::size_t i) const { return events_[i]; }
  // From the first response, when it has them ("" otherwise).
  std::string workflow_id, run_id, workflow_type_name, workflow_type_version;
  // Event `index` (0-based) as JSON, for hooks that read the history.
  Json event_json(std::size_t index) const;

 private:
  // One parsed text: simdjson's parser (strings point into its buffers), the
  // events' elements and their attributes.
  struct Segment;
  struct SegmentPool;  // segments of histories that are gone, reused by the next ones
  static SegmentPool& segment_pool();
  ParsedHistory();
  // Reads `json`'s events after the ones held into `segment`, then adds them.
  Status read_segment(std::unique_ptr<Segment> segment, std::string_view json, bool first);

  std::vector<std::unique_ptr<Segment>> segments_;
  EventList events_;
  StringPool strings_;  // the events' subjects and type names
};

// Parses the events of `history` (a History's JSON, as from_json gets it).
StatusOr<ParsedHistory> read_events(const History& history);

}  // namespace simpleflow::internal
