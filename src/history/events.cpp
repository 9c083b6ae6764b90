#include "history/events.hpp"

#include <simdjson.h>

#include <algorithm>
#include <array>
#include <iterator>
#include <stdexcept>
#include <cctype>
#include <cstdio>
#include <ctime>
#include <mutex>
#include <unordered_map>

#include "core/swf_names.hpp"

namespace simpleflow::internal {
namespace {

enum Kind { kString, kId, kObject, kArray };

struct Field {
  AttributeName name;
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

bool has_kind(const Attribute& value, Kind kind) {
  switch (kind) {
    case kString: return value.kind == Attribute::Kind::kString;
    case kId: return value.kind == Attribute::Kind::kInteger && value.integer >= 0;
    case kObject: return value.kind == Attribute::Kind::kObject;
    case kArray: return value.kind == Attribute::Kind::kArray;
  }
  return false;
}

// "activityTaskScheduledEventAttributes" for "ActivityTaskScheduled".
std::string attributes_key(std::string_view type_name) { return attributes_member(type_name, "EventAttributes"); }

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

const std::vector<std::string>& attribute_keys() {
  static const std::vector<std::string> keys = [] {
    std::vector<std::string> out;
    for (const auto& info : type_infos()) out.push_back(attributes_key(info.name));
    return out;
  }();
  return keys;
}

Status invalid(std::size_t index, const std::string& message) {
  return InvalidArgumentError("history event #" + std::to_string(index + 1) + " " + message);
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

namespace {

const Attribute* find_in(const Attribute* first, const Attribute* end, AttributeName key) {
  if (!key.known()) return nullptr;
  for (const Attribute* a = first; a != end; ++a) {
    if (a->name == key.id()) return a->kind == Attribute::Kind::kNull ? nullptr : a;
  }
  return nullptr;
}

}  // namespace

const Attribute* Event::find(AttributeName key) const { return find_in(first, end, key); }

std::string_view Event::text(AttributeName key) const {
  const Attribute* a = find(key);
  return a && a->kind == Attribute::Kind::kString ? a->text : std::string_view();
}

long long Event::event_id(AttributeName key) const {
  const Attribute* a = find(key);
  return a && a->kind == Attribute::Kind::kInteger ? a->integer : 0;
}

std::string_view Event::text_in(AttributeName object, AttributeName field) const {
  const Attribute* outer = find(object);
  if (!outer || outer->kind != Attribute::Kind::kObject) return {};
  const Attribute* a = find_in(outer + outer->first_child, outer + outer->end_child, field);
  return a && a->kind == Attribute::Kind::kString ? a->text : std::string_view();
}

std::vector<std::string> Event::strings(AttributeName key) const {
  std::vector<std::string> out;
  const Attribute* a = find(key);
  if (!a || a->kind != Attribute::Kind::kArray) return out;
  for (const Attribute* item = a + a->first_child; item != a + a->end_child; ++item) {
    if (item->kind == Attribute::Kind::kString) out.emplace_back(item->text);
  }
  return out;
}

std::string Event::label() const {
  return "event " + std::to_string(id) + " (" + std::string(to_string(type)) + ")";
}

namespace {

// An attribute from a JSON value; objects get their children later.
Attribute make_attribute(std::string_view key, simdjson::dom::element value) {
  Attribute a;
  a.name = key.empty() ? AttributeName::kNone : AttributeName::of(key).id();
  switch (value.type()) {
    case simdjson::dom::element_type::STRING:
      a.kind = Attribute::Kind::kString;
      a.text = value.get_string().value_unsafe();
      break;
    case simdjson::dom::element_type::INT64:
      a.kind = Attribute::Kind::kInteger;
      a.integer = value.get_int64().value_unsafe();
      a.number = static_cast<double>(a.integer);
      break;
    case simdjson::dom::element_type::UINT64:
      a.kind = Attribute::Kind::kNumber;  // beyond an event id's range
      a.number = static_cast<double>(value.get_uint64().value_unsafe());
      break;
    case simdjson::dom::element_type::DOUBLE:
      a.kind = Attribute::Kind::kNumber;
      a.number = value.get_double().value_unsafe();
      break;
    case simdjson::dom::element_type::BOOL: a.kind = Attribute::Kind::kBool; break;
    case simdjson::dom::element_type::NULL_VALUE: a.kind = Attribute::Kind::kNull; break;
    case simdjson::dom::element_type::ARRAY: a.kind = Attribute::Kind::kArray; break;
    case simdjson::dom::element_type::OBJECT: a.kind = Attribute::Kind::kObject; break;
  }
  return a;
}

}  // namespace

struct ParsedHistory::Segment {
  simdjson::dom::parser parser;
  std::size_t first_event = 0;                   // the index of its first event in the history
  std::vector<simdjson::dom::element> elements;  // each event, for event_json()
  std::vector<Attribute> arena;
  std::vector<Event> read;  // scratch: its events until their attributes stop moving
};

// The buffers of a long history are allocated, and their pages faulted in,
// once rather than on every decision task that parses a whole history. A
// decider parses one history at a time per thread.
struct ParsedHistory::SegmentPool {
  static constexpr std::size_t kKept = 2;
  std::mutex mutex;
  std::vector<std::unique_ptr<Segment>> free;

  std::unique_ptr<Segment> take() {
    std::lock_guard<std::mutex> lock(mutex);
    if (free.empty()) return std::make_unique<Segment>();
    auto segment = std::move(free.back());
    free.pop_back();
    return segment;
  }
  void put(std::unique_ptr<Segment> segment) {
    segment->elements.clear();
    segment->arena.clear();
    segment->read.clear();
    std::lock_guard<std::mutex> lock(mutex);
    if (free.size() < kKept) free.push_back(std::move(segment));
  }
};

ParsedHistory::SegmentPool& ParsedHistory::segment_pool() {
  static auto* pool = new SegmentPool;  // never destroyed: histories may outlive static destruction
  return *pool;
}

ParsedHistory::ParsedHistory() = default;
ParsedHistory::ParsedHistory(ParsedHistory&&) noexcept = default;
ParsedHistory& ParsedHistory::operator=(ParsedHistory&&) noexcept = default;
ParsedHistory::~ParsedHistory() {
  // Only the first segment, which a whole history filled, is worth keeping.
  if (!segments_.empty()) segment_pool().put(std::move(segments_.front()));
}

namespace {

// Appends the attributes of `object` to `arena`, then the items of those that
// are objects or arrays (one level: SWF's attributes go no deeper).
std::uint32_t add_attributes(std::vector<Attribute>& arena, simdjson::dom::object object) {
  const auto first = static_cast<std::uint32_t>(arena.size());
  for (auto field : object) arena.push_back(make_attribute(field.key, field.value));
  std::size_t i = first;
  for (auto field : object) {
    const auto type = field.value.type();
    if (type == simdjson::dom::element_type::OBJECT || type == simdjson::dom::element_type::ARRAY) {
      const auto child_first = static_cast<std::uint32_t>(arena.size());
      if (type == simdjson::dom::element_type::OBJECT) {
        for (auto child : simdjson::dom::object(field.value)) arena.push_back(make_attribute(child.key, child.value));
      } else {
        for (auto item : simdjson::dom::array(field.value)) arena.push_back(make_attribute({}, item));
      }
      arena[i].first_child = child_first - static_cast<std::uint32_t>(i);
      arena[i].end_child = static_cast<std::uint32_t>(arena.size() - i);
    }
    ++i;
  }
  return first;
}

// The attribute that names what an event of `type` is about.
std::optional<AttributeName> subject_name(EventType type) {
  switch (type) {
    case EventType::kActivityTaskScheduled:
    case EventType::kScheduleActivityTaskFailed:
    case EventType::kActivityTaskCancelRequested:
    case EventType::kRequestCancelActivityTaskFailed:
      return AttributeName("activityId");
    case EventType::kStartChildWorkflowExecutionInitiated:
    case EventType::kStartChildWorkflowExecutionFailed:
    case EventType::kSignalExternalWorkflowExecutionInitiated:
    case EventType::kSignalExternalWorkflowExecutionFailed:
    case EventType::kRequestCancelExternalWorkflowExecutionInitiated:
    case EventType::kRequestCancelExternalWorkflowExecutionFailed:
      return AttributeName("workflowId");
    case EventType::kTimerStarted:
    case EventType::kStartTimerFailed:
    case EventType::kTimerFired:
    case EventType::kTimerCanceled:
    case EventType::kCancelTimerFailed:
      return AttributeName("timerId");
    case EventType::kMarkerRecorded:
    case EventType::kRecordMarkerFailed:
      return AttributeName("markerName");
    case EventType::kWorkflowExecutionSignaled:
      return AttributeName("signalName");
    default:
      return std::nullopt;
  }
}

// Results up to this size are copied next to the ids: a replay reads them in
// order, from packed memory rather than from all over the parser's buffer.
constexpr std::size_t kPackedResultSize = 64;

// Fills the event's subject, type_name and reference from its attributes.
void link(Event& event, Attribute* first, Attribute* end, StringPool& strings) {
  const auto subject = subject_name(event.type);
  long long scheduled = 0, initiated = 0, started = 0;
  for (Attribute* a = first; a != end; ++a) {
    const AttributeName name = AttributeName::of_id(a->name);
    if (subject && name == *subject && a->kind == Attribute::Kind::kString) event.subject = strings.copy(a->text);
    if (name == "result" && a->kind == Attribute::Kind::kString && a->text.size() <= kPackedResultSize)
      a->text = strings.copy(a->text);
    if (a->kind == Attribute::Kind::kInteger) {
      if (name == "scheduledEventId") scheduled = a->integer;
      else if (name == "initiatedEventId") initiated = a->integer;
      else if (name == "startedEventId") started = a->integer;
    }
    if ((name == "activityType" || name == "workflowType") && a->kind == Attribute::Kind::kObject) {
      for (const Attribute* c = a + a->first_child; c != a + a->end_child; ++c) {
        if (AttributeName::of_id(c->name) == "name" && c->kind == Attribute::Kind::kString)
          event.type_name = strings.intern(c->text);
      }
    }
  }
  event.reference = scheduled ? scheduled : initiated ? initiated : started;
}

// Reads event `index` into `events`, its attributes into `arena`.
Status read_event(simdjson::dom::element element, std::size_t index, std::vector<Attribute>& arena,
                  std::vector<Event>& events, StringPool& strings) {
  simdjson::dom::object object;
  if (element.get_object().get(object)) return invalid(index, "is not a JSON object");
  // One pass over the event's keys (simdjson's lookups would scan it once per key).
  using Found = simdjson::simdjson_result<simdjson::dom::element>;  // NO_SUCH_FIELD until seen
  Found id_value(simdjson::NO_SUCH_FIELD), type_value(simdjson::NO_SUCH_FIELD), timestamp(simdjson::NO_SUCH_FIELD),
      attributes_value(simdjson::NO_SUCH_FIELD);
  std::string_view attributes_key;
  for (auto field : object) {
    Found value{simdjson::dom::element(field.value)};
    if (field.key == "eventId") id_value = value;
    else if (field.key == "eventType") type_value = value;
    else if (field.key == "eventTimestamp") timestamp = value;
    else if (field.key.ends_with("EventAttributes")) attributes_key = field.key, attributes_value = value;
  }
  Event event;
  std::int64_t id = 0;
  if (id_value.get_int64().get(id)) return invalid(index, "has no integer eventId");
  event.id = id;
  if (event.id != static_cast<long long>(index + 1)) {
    return invalid(index, "has eventId " + std::to_string(event.id) + ": a history holds every event from 1, in order");
  }
  std::string_view type_name;
  if (type_value.get_string().get(type_name))
    return InvalidArgumentError("event " + std::to_string(event.id) + " has no eventType");
  auto known = event_type_from_string(type_name);
  if (!known) {
    return InvalidArgumentError("event " + std::to_string(event.id) + " has an unknown eventType \"" +
                                std::string(type_name) + "\"");
  }
  event.type = *known;
  std::optional<double> seconds;
  double number;
  std::string_view text;
  if (!timestamp.get_double().get(number)) seconds = number;  // integers convert too
  else if (!timestamp.get_string().get(text)) seconds = iso8601_seconds(std::string(text));
  if (!seconds) return InvalidArgumentError(event.label() + " has no eventTimestamp (epoch seconds, or an ISO 8601 time)");
  event.timestamp = *seconds;
  const std::string& key = attribute_keys()[static_cast<std::size_t>(event.type)];
  // SWF sends one <type>EventAttributes; another one beside it is ignored.
  if (attributes_key != key) attributes_value = object[key];
  simdjson::dom::object attributes;
  if (attributes_value.get_object().get(attributes))
    return InvalidArgumentError(event.label() + " has no " + key + " object");
  const std::uint32_t first = add_attributes(arena, attributes);
  const std::uint32_t count = static_cast<std::uint32_t>(attributes.size());
  for (const Field& field : type_infos()[static_cast<std::size_t>(event.type)].required) {
    const Attribute* value = nullptr;
    for (std::uint32_t i = first; i < first + count; ++i) {
      if (arena[i].name == field.name.id()) value = &arena[i];
    }
    const std::string name(field.name.text());
    if (!value) return InvalidArgumentError(event.label() + " lacks " + key + "." + name);
    if (!has_kind(*value, field.kind))
      return InvalidArgumentError(event.label() + ": " + key + "." + name + " must be " + kind_name(field.kind));
  }
  link(event, arena.data() + first, arena.data() + first + count, strings);
  // Pointers are set once the arena stops growing.
  event.first = reinterpret_cast<const Attribute*>(static_cast<std::uintptr_t>(first));
  event.end = reinterpret_cast<const Attribute*>(static_cast<std::uintptr_t>(first + count));
  events.push_back(event);
  return OkStatus();
}

}  // namespace

StatusOr<ParsedHistory> ParsedHistory::parse(std::string_view json) {
  ParsedHistory out;
  if (Status s = out.read_segment(segment_pool().take(), json, true); !s.ok()) return s;
  return out;
}

Status ParsedHistory::append(std::string_view json) {
  return read_segment(std::make_unique<Segment>(), json, false);
}

Status ParsedHistory::read_segment(std::unique_ptr<Segment> segment, std::string_view json, bool first) {
  simdjson::dom::element root;
  if (auto error = segment->parser.parse(json.data(), json.size()).get(root)) {
    return InvalidArgumentError(std::string("a history must be JSON: ") + simdjson::error_message(error));
  }
  simdjson::dom::array events;
  if (root.get_array().get(events)) {
    simdjson::dom::object response;
    if (root.get_object().get(response) || response["events"].get_array().get(events))
      return InvalidArgumentError("a history is a JSON array of events or an object with an \"events\" array");
    std::string_view text;
    if (first) {
      if (!response["workflowExecution"]["workflowId"].get_string().get(text)) workflow_id = text;
      if (!response["workflowExecution"]["runId"].get_string().get(text)) run_id = text;
      if (!response["workflowType"]["name"].get_string().get(text)) workflow_type_name = text;
      if (!response["workflowType"]["version"].get_string().get(text)) workflow_type_version = text;
    }
  }
  segment->first_event = events_.size();
  segment->read.reserve(events.size());
  segment->arena.reserve(events.size() * 6);  // SWF events have 2 to 12 attributes: one allocation, mostly
  segment->elements.reserve(events.size());
  std::size_t index = events_.size();
  for (simdjson::dom::element element : events) {
    std::int64_t id = 0;
    if (!first && !element["eventId"].get_int64().get(id) && id >= 1 && static_cast<std::size_t>(id) <= events_.size())
      continue;  // held already
    if (Status s = read_event(element, index++, segment->arena, segment->read, strings_); !s.ok()) return s;
    segment->elements.push_back(element);
  }
  if (segment->read.empty() && !first) return OkStatus();  // nothing new
  for (Event& e : segment->read) {
    e.first = segment->arena.data() + reinterpret_cast<std::uintptr_t>(e.first);
    e.end = segment->arena.data() + reinterpret_cast<std::uintptr_t>(e.end);
    events_.push_back(e);
  }
  segment->read.clear();
  segments_.push_back(std::move(segment));
  return OkStatus();
}

Json ParsedHistory::event_json(std::size_t index) const {
  if (index >= events_.size()) throw std::out_of_range("no event #" + std::to_string(index + 1));
  // The last segment that starts at or before `index`.
  auto it = std::upper_bound(segments_.begin(), segments_.end(), index,
                             [](std::size_t i, const std::unique_ptr<Segment>& s) { return i < s->first_event; });
  const Segment& segment = **std::prev(it);
  return Json::parse(simdjson::to_string(segment.elements.at(index - segment.first_event)));
}

StatusOr<ParsedHistory> read_events(const History& history) {
  Json events = Json::array();
  for (const Json& e : history.events()) events.push_back(e);
  return ParsedHistory::parse(events.dump());
}

}  // namespace simpleflow::internal
