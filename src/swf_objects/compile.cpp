// History::compile(): every entity of a history (an activity id, a timer, a
// child workflow, a decision task...) follows its family's state machine, as
// the SWF developer guide describes the lifecycles.
//
// Python simpleflow compiled runs of consecutive events of one family as one
// entity, which rejects any history with two activities scheduled together;
// here events are grouped by the entity they concern.
#include <map>
#include <set>
#include <string_view>
#include <unordered_map>

#include "simpleflow/swf/exceptions.hpp"
#include "simpleflow/swf/history.hpp"

namespace simpleflow::swf {
namespace {

struct Machine {
  std::set<std::string_view> initial;
  std::map<std::string_view, std::set<std::string_view>> next;
};

const std::map<std::string_view, Machine>& machines() {
  static const std::map<std::string_view, Machine> kMachines = [] {
    std::map<std::string_view, Machine> m;
    // A closed activity id may be scheduled again (simpleflow's retries).
    std::set<std::string_view> reschedule{"scheduled", "schedule_failed"};
    std::set<std::string_view> running{"completed", "failed", "timed_out", "canceled", "cancel_requested",
                                       "request_cancel_failed"};
    m["ActivityTask"] = {
        // A cancel request for an unknown id fails first (ACTIVITY_ID_UNKNOWN).
        {"scheduled", "schedule_failed", "request_cancel_failed"},
        {{"scheduled", {"started", "timed_out", "canceled", "cancel_requested", "request_cancel_failed"}},
         {"started", running},
         {"cancel_requested", {"started", "completed", "failed", "timed_out", "canceled", "request_cancel_failed"}},
         {"request_cancel_failed",
          {"started", "completed", "failed", "timed_out", "canceled", "cancel_requested", "scheduled",
           "schedule_failed"}},
         {"schedule_failed", reschedule},
         {"completed", reschedule},
         {"failed", reschedule},
         {"timed_out", reschedule},
         {"canceled", reschedule}}};
    m["DecisionTask"] = {{"scheduled"},
                         {{"scheduled", {"started", "timed_out"}}, {"started", {"completed", "timed_out"}}}};
    std::set<std::string_view> open_execution{"signaled",      "cancel_requested", "completed",
                                              "failed",        "timed_out",        "canceled",
                                              "terminated",    "continued_as_new", "complete_failed",
                                              "fail_failed",   "cancel_failed",    "continue_as_new_failed"};
    m["WorkflowExecution"] = {{"started"},
                              {{"started", open_execution},
                               {"signaled", open_execution},
                               {"cancel_requested", open_execution},
                               {"complete_failed", open_execution},
                               {"fail_failed", open_execution},
                               {"cancel_failed", open_execution},
                               {"continue_as_new_failed", open_execution}}};
    std::set<std::string_view> restart_timer{"started", "start_failed"};
    // Canceling an unknown timer fails first (TIMER_ID_UNKNOWN).
    m["Timer"] = {{"started", "start_failed", "cancel_failed"},
                  {{"started", {"fired", "canceled", "cancel_failed"}},
                   {"cancel_failed", {"fired", "canceled", "cancel_failed", "started", "start_failed"}},
                   {"start_failed", restart_timer},
                   {"fired", restart_timer},
                   {"canceled", restart_timer}}};
    m["Marker"] = {{"recorded", "record_failed"},
                   {{"recorded", {"recorded", "record_failed"}}, {"record_failed", {"recorded", "record_failed"}}}};
    std::set<std::string_view> restart_child{"start_initiated"};
    m["ChildWorkflowExecution"] = {
        {"start_initiated"},
        {{"start_initiated", {"started", "start_failed"}},
         {"started", {"completed", "failed", "timed_out", "canceled", "terminated"}},
         {"start_failed", restart_child},
         {"completed", restart_child},
         {"failed", restart_child},
         {"timed_out", restart_child},
         {"canceled", restart_child},
         {"terminated", restart_child}}};
    m["ExternalWorkflowExecution"] = {{"signal_initiated", "request_cancel_initiated"},
                                      {{"signal_initiated", {"signaled", "signal_failed"}},
                                       {"request_cancel_initiated", {"cancel_requested", "request_cancel_failed"}}}};
    m["LambdaFunction"] = {{"scheduled", "schedule_failed"},
                           {{"scheduled", {"started", "start_failed", "timed_out"}},
                            {"started", {"completed", "failed", "timed_out"}}}};
    return m;
  }();
  return kMachines;
}

std::string describe(const Event& event) { return "event " + std::to_string(event.id) + " (" + event.type + ")"; }

std::string attribute(const Event& event, const char* name) {
  auto it = event.attributes.find(name);
  if (it == event.attributes.end()) return {};
  if (it->is_string()) return it->get<std::string>();
  if (it->is_number_integer()) return std::to_string(it->get<std::int64_t>());
  return {};
}

class Compiler {
 public:
  std::vector<CompiledEvent> run(const std::vector<Event>& events) {
    for (const auto& event : events) step(event);
    return std::move(entities_);
  }

 private:
  // The entity key of `event`: its own id or name, or the key of the event it refers to.
  std::string key_of(const Event& event) {
    const std::string& f = event.family;
    if (f == "WorkflowExecution") return "";
    if (f == "Timer") return required(event, "timerId");
    if (f == "Marker") return required(event, "markerName");
    if (f == "ChildWorkflowExecution") {
      std::string id = attribute(event, "workflowId");
      if (id.empty()) {
        auto it = event.attributes.find("workflowExecution");
        if (it != event.attributes.end() && it->is_object()) id = it->value("workflowId", "");
      }
      if (id.empty()) throw InconsistentStateError(describe(event) + " names no child workflow id");
      return id;
    }
    if (f == "ActivityTask" || f == "LambdaFunction") {
      std::string id = attribute(event, f == "ActivityTask" ? "activityId" : "id");
      if (!id.empty()) return id;
      return referenced(event, "scheduledEventId");
    }
    bool starts = event.state == "scheduled" || event.state == "signal_initiated" ||
                  event.state == "request_cancel_initiated";
    if (starts) return std::to_string(event.id);
    return referenced(event, f == "DecisionTask" ? "scheduledEventId" : "initiatedEventId");
  }

  std::string required(const Event& event, const char* name) {
    std::string value = attribute(event, name);
    if (value.empty()) throw InconsistentStateError(describe(event) + " has no " + name);
    return value;
  }

  std::string referenced(const Event& event, const char* name) {
    std::string id = attribute(event, name);
    auto it = key_by_event_.end();
    if (!id.empty() && id.find_first_not_of("0123456789") == std::string::npos && id.size() < 19)
      it = key_by_event_.find(std::stoll(id));
    if (it == key_by_event_.end() || it->second.first != event.family)
      throw InconsistentStateError(describe(event) + " refers to " + (id.empty() ? "no event" : "event " + id) +
                                   " through " + name + ", which is not an earlier " + event.family + " event");
    return it->second.second;
  }

  // A decision that SWF refused because its id is taken or unknown
  // (ScheduleActivityTaskFailed with ACTIVITY_ID_ALREADY_IN_USE, a
  // CancelTimerFailed after the timer fired...) says nothing of the entity
  // that holds the id.
  static bool refused_for_its_id(const Event& event) {
    std::string cause = attribute(event, "cause");
    auto ends_with = [&](std::string_view suffix) {
      return cause.size() >= suffix.size() && cause.compare(cause.size() - suffix.size(), suffix.size(), suffix) == 0;
    };
    return ends_with("_ALREADY_IN_USE") || ends_with("_UNKNOWN") || cause == "WORKFLOW_ALREADY_RUNNING";
  }

  void step(const Event& event) {
    auto machine = machines().find(event.family);
    if (machine == machines().end())
      throw InconsistentStateError(describe(event) + " is not an SWF event type");
    std::string key = key_of(event);
    key_by_event_[event.id] = {event.family, key};
    auto [slot, added] = index_.try_emplace(event.family + '\0' + key, entities_.size());
    if (added) {
      if (!machine->second.initial.count(event.state))
        throw InconsistentStateError(describe(event) + " cannot start " + event.family + " \"" + key +
                                     "\": its first event must be one of " + list(machine->second.initial));
      entities_.push_back({event.family, key, event.state, event, {event.id}});
      return;
    }
    CompiledEvent& entity = entities_[slot->second];
    auto allowed = machine->second.next.find(entity.state);
    bool moves = allowed != machine->second.next.end() && allowed->second.count(event.state);
    if (!moves && refused_for_its_id(event)) {
      entity.event_ids.push_back(event.id);
      return;
    }
    if (!moves)
      throw TransitionError(describe(event) + ": " + event.family + " \"" + key + "\" cannot go from " +
                            entity.state + " to " + event.state + " (after event " +
                            std::to_string(entity.latest.id) + ")");
    entity.state = event.state;
    entity.latest = event;
    entity.event_ids.push_back(event.id);
  }

  static std::string list(const std::set<std::string_view>& states) {
    std::string out;
    for (auto s : states) out += (out.empty() ? "" : ", ") + std::string(s);
    return out;
  }

  std::vector<CompiledEvent> entities_;
  std::unordered_map<std::string, std::size_t> index_;
  std::unordered_map<std::int64_t, std::pair<std::string, std::string>> key_by_event_;  // family, key
};

}  // namespace

std::vector<CompiledEvent> History::compile() const { return Compiler().run(events_); }

}  // namespace simpleflow::swf
