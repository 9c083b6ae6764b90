// History and Event of the object layer: reading events and the simple
// queries. compile() is in compile.cpp.
#include "simpleflow/swf/history.hpp"

#include <array>
#include <cctype>
#include <stdexcept>
#include <string_view>

#include "core/swf_names.hpp"
#include "simpleflow/errors.hpp"

namespace simpleflow::swf {
namespace {

// Longer names first: "ChildWorkflowExecution" also contains "WorkflowExecution".
constexpr std::array<std::string_view, 8> kFamilies{
    "ChildWorkflowExecution", "ExternalWorkflowExecution", "WorkflowExecution", "DecisionTask",
    "ActivityTask",           "LambdaFunction",            "Timer",             "Marker"};

std::string camel_to_underscore(std::string_view camel) {
  std::string out;
  for (char c : camel) {
    if (std::isupper(static_cast<unsigned char>(c))) {
      if (!out.empty()) out += '_';
      out += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    } else {
      out += c;
    }
  }
  return out;
}

std::string attributes_key(const std::string& type) { return internal::attributes_member(type, "EventAttributes"); }

}  // namespace

Event Event::from_json(const Json& event) {
  if (!event.is_object()) throw InvalidInput("an SWF event must be a JSON object, got " + dumps(event));
  auto id = event.find("eventId");
  auto type = event.find("eventType");
  auto timestamp = event.find("eventTimestamp");
  if (id == event.end() || !id->is_number_integer())
    throw InvalidInput("an SWF event has no integer eventId: " + dumps(event).substr(0, 200));
  if (type == event.end() || !type->is_string())
    throw InvalidInput("SWF event " + std::to_string(id->get<std::int64_t>()) + " has no eventType");
  if (timestamp == event.end() || !timestamp->is_number())
    throw InvalidInput("SWF event " + std::to_string(id->get<std::int64_t>()) + " has no numeric eventTimestamp");

  Event out;
  out.id = id->get<std::int64_t>();
  out.type = type->get<std::string>();
  out.timestamp = timestamp->get<double>();
  for (std::string_view family : kFamilies) {
    auto at = out.type.find(family);
    if (at == std::string::npos) continue;
    out.family = std::string(family);
    out.state = camel_to_underscore(out.type.substr(0, at) + out.type.substr(at + family.size()));
    break;
  }
  auto attributes = event.find(attributes_key(out.type));
  out.attributes = attributes != event.end() && attributes->is_object() ? *attributes : Json::object();
  return out;
}

Json Event::to_json() const {
  return {{"eventId", id}, {"eventType", type}, {"eventTimestamp", timestamp}, {attributes_key(type), attributes}};
}

History History::from_event_list(const std::vector<Json>& events) {
  std::vector<Event> out;
  out.reserve(events.size());
  for (const auto& event : events) out.push_back(Event::from_json(event));
  return History(std::move(out));
}

const Event& History::first() const {
  if (events_.empty()) throw std::out_of_range("the history is empty");
  return events_.front();
}

const Event& History::last() const {
  if (events_.empty()) throw std::out_of_range("the history is empty");
  return events_.back();
}

std::vector<Event> History::latest(std::size_t n) const {
  n = std::min(n, events_.size());
  return {events_.end() - static_cast<std::ptrdiff_t>(n), events_.end()};
}

std::vector<Event> History::reversed() const { return {events_.rbegin(), events_.rend()}; }

bool History::finished() const {
  if (events_.empty() || events_.back().family != "WorkflowExecution") return false;
  const std::string& state = events_.back().state;
  return state == "completed" || state == "failed" || state == "canceled" || state == "terminated" ||
         state == "timed_out" || state == "continued_as_new";
}

std::vector<Event> History::filter(const std::string& family, const std::string& state) const {
  std::vector<Event> out;
  for (const auto& event : events_)
    if ((family.empty() || event.family == family) && (state.empty() || event.state == state)) out.push_back(event);
  return out;
}

}  // namespace simpleflow::swf
