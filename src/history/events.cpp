#include "history/events.hpp"

#include <array>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <unordered_map>

namespace simpleflow::internal {
namespace {

enum Kind { kString, kId, kObject, kArray };

struct Field {
  const char* name;
  Kind kind;
};

struct TypeInfo {
  const char* name;
  std::vector<Field> required;  // from the SWF API model
};

// In EventType order.
const std::vector<TypeInfo>& type_infos() {
  static const std::vector<TypeInfo> infos = {
{"WorkflowExecutionStarted", {{"childPolicy", kString}, {"taskList", kObject}, {"workflowType", kObject}}},
    {"WorkflowExecutionCancelRequested", {}},
    {"WorkflowExecutionCompleted", {{"decisionTaskCompletedEventId", kId}}},
    {"CompleteWorkflowExecutionFailed", {{"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"WorkflowExecutionFailed", {{"decisionTaskCompletedEventId", kId}}},
    {"FailWorkflowExecutionFailed", {{"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"WorkflowExecutionTimedOut", {{"timeoutType", kString}, {"childPolicy", kString}}},
    {"WorkflowExecutionCanceled", {{"decisionTaskCompletedEventId", kId}}},
    {"CancelWorkflowExecutionFailed", {{"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"WorkflowExecutionContinuedAsNew", {{"decisionTaskCompletedEventId", kId}, {"newExecutionRunId", kString}, {"taskList", kObject}, {"childPolicy", kString}, {"workflowType", kObject}}},
    {"ContinueAsNewWorkflowExecutionFailed", {{"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"WorkflowExecutionTerminated", {{"childPolicy", kString}}},
    {"DecisionTaskScheduled", {{"taskList", kObject}}},
    {"DecisionTaskStarted", {{"scheduledEventId", kId}}},
    {"DecisionTaskCompleted", {{"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"DecisionTaskTimedOut", {{"timeoutType", kString}, {"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"ActivityTaskScheduled", {{"activityType", kObject}, {"activityId", kString}, {"taskList", kObject}, {"decisionTaskCompletedEventId", kId}}},
    {"ScheduleActivityTaskFailed", {{"activityType", kObject}, {"activityId", kString}, {"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"ActivityTaskStarted", {{"scheduledEventId", kId}}},
    {"ActivityTaskCompleted", {{"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"ActivityTaskFailed", {{"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"ActivityTaskTimedOut", {{"timeoutType", kString}, {"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"ActivityTaskCanceled", {{"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"ActivityTaskCancelRequested", {{"decisionTaskCompletedEventId", kId}, {"activityId", kString}}},
    {"RequestCancelActivityTaskFailed", {{"activityId", kString}, {"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"WorkflowExecutionSignaled", {{"signalName", kString}}},
    {"MarkerRecorded", {{"markerName", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"RecordMarkerFailed", {{"markerName", kString}, {"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"TimerStarted", {{"timerId", kString}, {"startToFireTimeout", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"StartTimerFailed", {{"timerId", kString}, {"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"TimerFired", {{"timerId", kString}, {"startedEventId", kId}}},
    {"TimerCanceled", {{"timerId", kString}, {"startedEventId", kId}, {"decisionTaskCompletedEventId", kId}}},
    {"CancelTimerFailed", {{"timerId", kString}, {"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"StartChildWorkflowExecutionInitiated", {{"workflowId", kString}, {"workflowType", kObject}, {"taskList", kObject}, {"decisionTaskCompletedEventId", kId}, {"childPolicy", kString}}},
    {"StartChildWorkflowExecutionFailed", {{"workflowType", kObject}, {"cause", kString}, {"workflowId", kString}, {"initiatedEventId", kId}, {"decisionTaskCompletedEventId", kId}}},
    {"ChildWorkflowExecutionStarted", {{"workflowExecution", kObject}, {"workflowType", kObject}, {"initiatedEventId", kId}}},
    {"ChildWorkflowExecutionCompleted", {{"workflowExecution", kObject}, {"workflowType", kObject}, {"initiatedEventId", kId}, {"startedEventId", kId}}},
    {"ChildWorkflowExecutionFailed", {{"workflowExecution", kObject}, {"workflowType", kObject}, {"initiatedEventId", kId}, {"startedEventId", kId}}},
    {"ChildWorkflowExecutionTimedOut", {{"workflowExecution", kObject}, {"workflowType", kObject}, {"timeoutType", kString}, {"initiatedEventId", kId}, {"startedEventId", kId}}},
    {"ChildWorkflowExecutionCanceled", {{"workflowExecution", kObject}, {"workflowType", kObject}, {"initiatedEventId", kId}, {"startedEventId", kId}}},
    {"ChildWorkflowExecutionTerminated", {{"workflowExecution", kObject}, {"workflowType", kObject}, {"initiatedEventId", kId}, {"startedEventId", kId}}},
    {"SignalExternalWorkflowExecutionInitiated", {{"workflowId", kString}, {"signalName", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"SignalExternalWorkflowExecutionFailed", {{"workflowId", kString}, {"cause", kString}, {"initiatedEventId", kId}, {"decisionTaskCompletedEventId", kId}}},
    {"ExternalWorkflowExecutionSignaled", {{"workflowExecution", kObject}, {"initiatedEventId", kId}}},
    {"RequestCancelExternalWorkflowExecutionInitiated", {{"workflowId", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"RequestCancelExternalWorkflowExecutionFailed", {{"workflowId", kString}, {"cause", kString}, {"initiatedEventId", kId}, {"decisionTaskCompletedEventId", kId}}},
    {"ExternalWorkflowExecutionCancelRequested", {{"workflowExecution", kObject}, {"initiatedEventId", kId}}},
    {"LambdaFunctionScheduled", {{"id", kString}, {"name", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"LambdaFunctionStarted", {{"scheduledEventId", kId}}},
    {"LambdaFunctionCompleted", {{"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"LambdaFunctionFailed", {{"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"LambdaFunctionTimedOut", {{"scheduledEventId", kId}, {"startedEventId", kId}}},
    {"ScheduleLambdaFunctionFailed", {{"id", kString}, {"name", kString}, {"cause", kString}, {"decisionTaskCompletedEventId", kId}}},
    {"StartLambdaFunctionFailed", {}},
  };
  return infos;
}

const char* kind_name(Kind kind) {
  switch (kind) {
    case kString: return "a string";
    case kId: return "an event id";
    case kObject: return "an object";
    case kArray: return "an array";
  }
  return "?";
}

bool has_kind(const Json& value, Kind kind) {
  switch (kind) {
    case kString: return value.is_string();
    case kId: return value.is_number_integer() && value.get<long long>() >= 0;
    case kObject: return value.is_object();
    case kArray: return value.is_array();
  }
  return false;
}

// "activityTaskScheduledEventAttributes" for "ActivityTaskScheduled".
std::string attributes_key(std::string_view type_name) {
  std::string key(type_name);
  key[0] = static_cast<char>(key[0] - 'A' + 'a');
  return key + "EventAttributes";
}

// An ISO 8601 time ("2025-11-27T19:00:00.5+00:00", "...Z") in epoch seconds:
// the AWS CLI writes eventTimestamp so unless told otherwise.
std::optional<double> iso8601_seconds(const std::string& text) {
  std::tm tm{};
  int consumed = 0;
  if (std::sscanf(text.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d%n", &tm.tm_year, &tm.tm_mon, &tm.tm_mday, &tm.tm_hour,
                  &tm.tm_min, &tm.tm_sec, &consumed) != 6 || consumed != 19) {
    return std::nullopt;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  double seconds = static_cast<double>(timegm(&tm));
  std::size_t i = 19;
  if (i < text.size() && text[i] == '.') {
    double scale = 0.1;
    for (++i; i < text.size() && std::isdigit(static_cast<unsigned char>(text[i])); ++i, scale /= 10)
      seconds += (text[i] - '0') * scale;
  }
  if (i == text.size() || (text[i] == 'Z' && i + 1 == text.size())) return seconds;
  int hours = 0, minutes = 0;
  if ((text[i] == '+' || text[i] == '-') && std::sscanf(text.c_str() + i + 1, "%2d:%2d%n", &hours, &minutes, &consumed) == 2 &&
      i + 1 + consumed == text.size()) {
    double offset = hours * 3600.0 + minutes * 60.0;
    return text[i] == '+' ? seconds - offset : seconds + offset;
  }
  return std::nullopt;
}

const std::string& empty_string() {
  static const std::string empty;
  return empty;
}

}  // namespace

std::string_view to_string(EventType type) { return type_infos()[static_cast<std::size_t>(type)].name; }

std::optional<EventType> event_type_from_string(std::string_view name) {
  static const auto index = [] {
    std::unordered_map<std::string_view, EventType> out;
    const auto& infos = type_infos();
    for (std::size_t i = 0; i < infos.size(); ++i) out.emplace(infos[i].name, static_cast<EventType>(i));
    return out;
  }();
  auto it = index.find(name);
  if (it == index.end()) return std::nullopt;
  return it->second;
}

const Json* Event::get(const char* key) const {
  auto it = attributes->find(key);
  return it == attributes->end() || it->is_null() ? nullptr : &*it;
}

const std::string& Event::text(const char* key) const {
  const Json* value = get(key);
  return value && value->is_string() ? value->get_ref<const std::string&>() : empty_string();
}

long long Event::event_id(const char* key) const {
  const Json* value = get(key);
  return value && value->is_number_integer() ? value->get<long long>() : 0;
}

const std::string& Event::text_in(const char* object, const char* field) const {
  const Json* outer = get(object);
  if (!outer || !outer->is_object()) return empty_string();
  auto it = outer->find(field);
  return it != outer->end() && it->is_string() ? it->get_ref<const std::string&>() : empty_string();
}

std::string Event::label() const {
  return "event " + std::to_string(id) + " (" + std::string(to_string(type)) + ")";
}

StatusOr<std::vector<Event>> read_events(const History& history) {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& info : type_infos()) out.push_back(attributes_key(info.name));
    return out;
  }();
  const std::vector<Json>& raw = history.events();
  std::vector<Event> events;
  events.reserve(raw.size());
  for (std::size_t i = 0; i < raw.size(); ++i) {
    const Json& json = raw[i];
    auto where = [i] { return "history event #" + std::to_string(i + 1); };
    if (!json.is_object()) return InvalidArgumentError(where() + " is not a JSON object");
    auto id = json.find("eventId");
    if (id == json.end() || !id->is_number_integer())
      return InvalidArgumentError(where() + " has no integer eventId");
    Event event;
    event.id = id->get<long long>();
    if (event.id != static_cast<long long>(i + 1)) {
      return InvalidArgumentError(where() + " has eventId " + std::to_string(event.id) +
                                  ": a history holds every event from 1, in order");
    }
    auto type = json.find("eventType");
    if (type == json.end() || !type->is_string())
      return InvalidArgumentError("event " + std::to_string(event.id) + " has no eventType");
    const auto& type_name = type->get_ref<const std::string&>();
    auto known = event_type_from_string(type_name);
    if (!known)
      return InvalidArgumentError("event " + std::to_string(event.id) + " has an unknown eventType \"" + type_name + "\"");
    event.type = *known;
    auto timestamp = json.find("eventTimestamp");
    std::optional<double> seconds;
    if (timestamp != json.end() && timestamp->is_number()) seconds = timestamp->get<double>();
    if (timestamp != json.end() && timestamp->is_string()) seconds = iso8601_seconds(timestamp->get_ref<const std::string&>());
    if (!seconds)
      return InvalidArgumentError(event.label() + " has no eventTimestamp (epoch seconds, or an ISO 8601 time)");
    event.timestamp = *seconds;
    const std::string& key = keys[static_cast<std::size_t>(event.type)];
    auto attributes = json.find(key);
    if (attributes == json.end() || !attributes->is_object())
      return InvalidArgumentError(event.label() + " has no " + key + " object");
    event.attributes = &*attributes;
    for (const Field& field : type_infos()[static_cast<std::size_t>(event.type)].required) {
      auto value = attributes->find(field.name);
      if (value == attributes->end())
        return InvalidArgumentError(event.label() + " lacks " + key + "." + field.name);
      if (!has_kind(*value, field.kind)) {
        return InvalidArgumentError(event.label() + ": " + key + "." + field.name + " must be " +
                                    kind_name(field.kind));
      }
    }
    events.push_back(event);
  }
  return events;
}

}  // namespace simpleflow::internal
