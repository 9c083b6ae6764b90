// SWF history events, typed: the 54 event types of the SWF API, each event
// checked for the attributes that SWF always sends, with O(1) access to them.
// Events point into the History they were read from, which must outlive them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

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

// One event of a history. Attribute accessors return "" / 0 / null for an
// attribute that is absent (SWF omits empty optional ones).
struct Event {
  long long id = 0;
  double timestamp = 0;
  EventType type{};
  const Json* attributes = nullptr;  // the <type>EventAttributes object

  const Json* get(const char* key) const;
  // A string attribute; "" when absent or null.
  const std::string& text(const char* key) const;
  // An event-id attribute; 0 when absent.
  long long event_id(const char* key) const;
  // `object.field` as a string, e.g. text_in("activityType", "name").
  const std::string& text_in(const char* object, const char* field) const;
  // "event 7 (ActivityTaskCompleted)", for messages.
  std::string label() const;
};

// Reads and checks every event of `history`: eventIds 1..n in order, a known
// eventType, an eventTimestamp (epoch seconds, as the SWF API sends it, or an
// ISO 8601 time, as the AWS CLI prints it), and the attributes SWF always sends with the
// JSON types it sends them with. The error names the event and the attribute.
StatusOr<std::vector<Event>> read_events(const History& history);

}  // namespace simpleflow::internal
