// The names of SWF's event attributes, as small ids. Replay looks up a few
// attributes of tens of thousands of events: comparing one byte per attribute
// instead of a string (that sits elsewhere in memory) is most of its speed.
#pragma once

#include <cstdint>
#include <string_view>

namespace simpleflow::internal {

// Every member of the <type>EventAttributes shapes of the SWF API, nested
// structures (activityType, workflowExecution...) included.
#define SIMPLEFLOW_ATTRIBUTE_NAMES(X)                                                                          \
  X(activityId) X(activityType) X(cause) X(childPolicy) X(continuedExecutionRunId) X(control)                 \
  X(decisionTaskCompletedEventId) X(details) X(executionContext) X(executionStartToCloseTimeout)              \
  X(externalInitiatedEventId) X(externalWorkflowExecution) X(heartbeatTimeout) X(id) X(identity)              \
  X(initiatedEventId) X(input) X(lambdaRole) X(latestCancelRequestedEventId) X(markerName) X(message) X(name) \
  X(newExecutionRunId) X(parentInitiatedEventId) X(parentWorkflowExecution) X(reason) X(result) X(runId)      \
  X(scheduleToCloseTimeout) X(scheduleToStartTimeout) X(scheduledEventId) X(signalName)                       \
  X(startToCloseTimeout) X(startToFireTimeout) X(startedEventId) X(tagList) X(taskList)                       \
  X(taskListScheduleToStartTimeout) X(taskPriority) X(taskStartToCloseTimeout) X(timeoutType) X(timerId)      \
  X(version) X(workflowExecution) X(workflowId) X(workflowType)

inline constexpr std::string_view kAttributeNames[] = {
#define SIMPLEFLOW_ATTRIBUTE_NAME_TEXT(name) #name,
    SIMPLEFLOW_ATTRIBUTE_NAMES(SIMPLEFLOW_ATTRIBUTE_NAME_TEXT)
#undef SIMPLEFLOW_ATTRIBUTE_NAME_TEXT
};

// One of kAttributeNames, or none (a key SWF does not define, which no
// lookup finds).
class AttributeName {
 public:
  static constexpr std::uint8_t kNone = sizeof(kAttributeNames) / sizeof(kAttributeNames[0]);

  // A name written in the code: `event.text("activityId")`. A name that SWF
  // does not define does not compile.
  consteval AttributeName(const char* name) : id_(index_of(name)) {  // NOLINT: reads as the name
    if (id_ == kNone) throw "not an attribute of an SWF history event";
  }
  // A name known at run time (a key read from a history); fast: hashed once.
  static AttributeName of(std::string_view name);
  // The name of an Attribute (its `name` field).
  static AttributeName of_id(std::uint8_t id) { return AttributeName(id < kNone ? id : kNone, 0); }

  std::uint8_t id() const { return id_; }
  bool known() const { return id_ != kNone; }
  std::string_view text() const { return known() ? kAttributeNames[id_] : std::string_view(); }
  // Unknown names are equal to none.
  friend bool operator==(AttributeName a, AttributeName b) { return a.id_ == b.id_ && a.known(); }

 private:
  constexpr explicit AttributeName(std::uint8_t id, int /*tag*/) : id_(id) {}
  static constexpr std::uint8_t index_of(std::string_view name) {
    for (std::uint8_t i = 0; i < kNone; ++i) {
      if (kAttributeNames[i] == name) return i;
    }
    return kNone;
  }

  std::uint8_t id_;
};

}  // namespace simpleflow::internal
