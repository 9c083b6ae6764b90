#include "cli/cooked_history.hpp"

#include <array>
#include <cctype>
#include <string_view>
#include <unordered_map>

#include "cli/timestamps.hpp"
#include "simpleflow/errors.hpp"

namespace simpleflow::cli {
namespace {

// Python's event kinds, in the order it tries them: "ExternalWorkflow" is
// tried before "WorkflowExecution", which it contains. LambdaFunction is not
// one of Python's (it fails on lambda events); it is here so that such
// events still get a kind.
struct Kind {
  std::string_view match;  // what the event type contains
  std::string_view name;   // the event's "type"
};
constexpr std::array<Kind, 8> kKinds{{{"ActivityTask", "ActivityTask"},
                                      {"DecisionTask", "DecisionTask"},
                                      {"ChildWorkflowExecution", "ChildWorkflowExecution"},
                                      {"Marker", "Marker"},
                                      {"Timer", "Timer"},
                                      {"ExternalWorkflow", "ExternalWorkflowExecution"},
                                      {"WorkflowExecution", "WorkflowExecution"},
                                      {"LambdaFunction", "LambdaFunction"}}};

// Python's camel_to_underscore: every capital but the first becomes "_" and
// its lower case ("decisionTaskCompletedEventId" -> "decision_task_completed_event_id").
std::string camel_to_underscore(std::string_view camel) {
  std::string out;
  for (std::size_t i = 0; i < camel.size(); ++i) {
    auto c = static_cast<unsigned char>(camel[i]);
    if (i != 0 && std::isupper(c)) out += '_';
    out += static_cast<char>(std::tolower(c));
  }
  return out;
}

// Python's Event.input: the decoded "input" attribute, {} when there is none.
Json decoded_input(const Json& attributes) {
  auto it = attributes.find("input");
  if (it == attributes.end()) return Json::object();
  return it->is_string() ? loads_or_raw(it->get<std::string>()) : *it;
}

// Python's Event.control: the decoded "control" attribute, null when none.
Json decoded_control(const Json& attributes) {
  auto it = attributes.find("control");
  if (it == attributes.end()) return nullptr;
  return it->is_string() ? loads_or_raw(it->get<std::string>()) : *it;
}

// attributes[key], or null (Python's getattr(event, key, None)).
Json get(const Json& attributes, const char* key) {
  auto it = attributes.find(key);
  return it == attributes.end() ? Json(nullptr) : *it;
}

// attributes[outer][inner] ("taskList", "name"), or null.
Json get(const Json& attributes, const char* outer, const char* inner) {
  auto it = attributes.find(outer);
  if (it == attributes.end() || !it->is_object()) return nullptr;
  return get(*it, inner);
}

std::string text(const Json& attributes, const char* key) {
  auto it = attributes.find(key);
  return it != attributes.end() && it->is_string() ? it->get<std::string>() : std::string();
}

std::int64_t integer(const Json& attributes, const char* key) {
  auto it = attributes.find(key);
  return it != attributes.end() && it->is_number_integer() ? it->get<std::int64_t>() : 0;
}

// Adds the keys of `update` to `dict`, replacing those it has: Python's
// dict.update().
void update(Json& dict, const Json& changes) {
  for (auto it = changes.begin(); it != changes.end(); ++it) dict[it.key()] = it.value();
}

// The "retry" counter of a failed or timed-out task: 0 at the first failure.
void count_retry(Json& task) { task["retry"] = task.contains("retry") ? task["retry"].get<int>() + 1 : 0; }

// Python's truth value of a decoded JSON value.
bool truthy(const Json& v) {
  if (v.is_null()) return false;
  if (v.is_boolean()) return v.get<bool>();
  if (v.is_number()) return v.get<double>() != 0;
  return !v.empty() && !(v.is_string() && v.get<std::string>().empty());
}

// "START_TO_CLOSE" -> "startToCloseTimeout": the attribute of the scheduling
// event that holds the timeout of that type.
std::string timeout_attribute(const std::string& timeout_type) {
  std::string out;
  bool upper = false;
  for (char c : timeout_type) {
    if (c == '_') {
      upper = true;
      continue;
    }
    auto u = static_cast<unsigned char>(c);
    out += static_cast<char>(upper ? std::toupper(u) : std::tolower(u));
    upper = false;
  }
  return out + "Timeout";
}

}  // namespace

std::pair<std::string, std::string> python_event_kind(const std::string& event_type) {
  for (const Kind& kind : kKinds) {
    auto at = event_type.find(kind.match);
    if (at == std::string::npos) continue;
    std::string rest = event_type.substr(0, at) + event_type.substr(at + kind.match.size());
    return {std::string(kind.name), camel_to_underscore(rest)};
  }
  return {"", ""};
}

Json raw_event(const swf::Event& event) {
  auto [type, state] = python_event_kind(event.type);
  Json out = Json::object();
  out["id"] = event.id;
  out["type"] = type.empty() ? Json(nullptr) : Json(type);
  out["state"] = state;
  out["timestamp"] = json_timestamp(event.timestamp);
  out["input"] = decoded_input(event.attributes);
  out["control"] = decoded_control(event.attributes);
  for (auto it = event.attributes.begin(); it != event.attributes.end(); ++it) {
    if (it.key() == "input" || it.key() == "control") continue;
    out[camel_to_underscore(it.key())] = it.value();
  }
  return out;
}

Json api_event(const Json& event) {
  Json out = event;
  auto it = out.find("eventTimestamp");
  if (it != out.end() && it->is_number()) *it = json_timestamp(it->get<double>());
  return out;
}

Json with_json_timestamps(const Json& dict) {
  if (!dict.is_object()) return dict;
  Json out = dict;
  for (auto it = out.begin(); it != out.end(); ++it) {
    const std::string& key = it.key();
    if (key.size() >= 9 && key.compare(key.size() - 9, 9, "timestamp") == 0 && it->is_number())
      *it = json_timestamp(it->get<double>());
  }
  return out;
}

// Python's History.parse(), one event at a time.
class CookedHistoryBuilder {
 public:
  explicit CookedHistoryBuilder(const swf::History& history) {
    for (const auto& event : history) by_id_[event.id] = &event;
  }

  void add(const swf::Event& event) {
    auto [kind, state] = python_event_kind(event.type);
    if (kind == "ActivityTask") activity(event, state);
    else if (kind == "ChildWorkflowExecution") child(event, state);
    else if (kind == "WorkflowExecution") workflow(event, state);
    else if (kind == "ExternalWorkflowExecution") external(event, state);
    else if (kind == "Marker") marker(event, state);
    else if (kind == "Timer") timer(event, state);
  }

  CookedHistory done() { return std::move(out_); }

 private:
  // The event that `event` names in attribute `key` (scheduledEventId...),
  // which must be of type `type`.
  const swf::Event& referenced(const swf::Event& event, const char* key, const char* type) {
    std::int64_t id = integer(event.attributes, key);
    auto it = by_id_.find(id);
    if (it == by_id_.end() || it->second->type != type)
      throw InvalidInput("event " + std::to_string(event.id) + " (" + event.type + ") refers to event " +
                         std::to_string(id) + ", which is not a " + type + " of this history");
    return *it->second;
  }

  // The entry of `id` in `index` (activities or children), or null.
  Json* find(std::vector<std::pair<std::string, std::size_t>>& index, const std::string& id) {
    for (auto& [key, at] : index)
      if (key == id) return &out_.tasks_[at];
    return nullptr;
  }

  // Adds `entry` under `id`, or merges it into the existing one.
  void add_or_update(std::vector<std::pair<std::string, std::size_t>>& index, const std::string& id, Json entry) {
    if (Json* existing = find(index, id)) {
      update(*existing, entry);
      return;
    }
    index.emplace_back(id, out_.tasks_.size());
    out_.tasks_.push_back(std::move(entry));
  }

  Json& existing(std::vector<std::pair<std::string, std::size_t>>& index, const std::string& id,
                 const swf::Event& event) {
    Json* found = find(index, id);
    if (!found) throw InvalidInput("event " + std::to_string(event.id) + " (" + event.type + ") is about \"" + id +
                                   "\", which was never scheduled or initiated");
    return *found;
  }

  void activity(const swf::Event& event, const std::string& state) {
    const Json& a = event.attributes;
    double t = event.timestamp;
    if (state == "scheduled") {
      add_or_update(out_.activities_, text(a, "activityId"),
                    {{"type", "activity"},
                     {"id", get(a, "activityId")},
                     {"name", get(a, "activityType", "name")},
                     {"version", get(a, "activityType", "version")},
                     {"state", state},
                     {"scheduled_id", event.id},
                     {"scheduled_timestamp", t},
                     {"input", decoded_input(a)},
                     {"task_list", get(a, "taskList", "name")},
                     {"control", decoded_control(a)},
                     {"decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")}});
    } else if (state == "schedule_failed") {
      add_or_update(out_.activities_, text(a, "activityId"),
                    {{"type", "activity"},
                     {"state", state},
                     {"cause", get(a, "cause")},
                     {"activity_type", get(a, "activityType")},
                     {"schedule_failed_timestamp", t}});
    } else if (state == "cancel_requested") {
      add_or_update(out_.activities_, text(a, "activityId"),
                    {{"type", "activity"},
                     {"id", get(a, "activityId")},
                     {"state", state},
                     {"cancel_requested_timestamp", t},
                     {"cancel_decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")}});
    } else if (state == "started" || state == "completed" || state == "failed" || state == "timed_out" ||
               state == "canceled") {
      const swf::Event& scheduled = referenced(event, "scheduledEventId", "ActivityTaskScheduled");
      Json& task = existing(out_.activities_, text(scheduled.attributes, "activityId"), event);
      if (state == "started") {
        update(task, {{"state", state}, {"identity", get(a, "identity")}, {"started_id", event.id},
                      {"started_timestamp", t}});
      } else if (state == "completed") {
        update(task, {{"state", state}, {"result", get(a, "result")}, {"completed_id", event.id},
                      {"completed_timestamp", t}});
      } else if (state == "failed") {
        update(task, {{"state", state}, {"reason", a.value("reason", "")}, {"details", a.value("details", "")},
                      {"failed_id", event.id}, {"failed_timestamp", t}});
        count_retry(task);
      } else if (state == "timed_out") {
        std::string timeout_type = text(a, "timeoutType");
        update(task, {{"state", state},
                      {"timeout_type", timeout_type},
                      {"timeout_value", get(scheduled.attributes, timeout_attribute(timeout_type).c_str())},
                      {"timed_out_id", event.id},
                      {"timed_out_timestamp", t}});
        count_retry(task);
      } else {
        // Python tests for "cancelled" and so never records cancellations;
        // the state is "canceled", as its other timestamps are named.
        update(task, {{"state", state}, {"details", a.value("details", "")}, {"canceled_id", event.id},
                      {"canceled_timestamp", t}});
      }
    }
  }

  void child(const swf::Event& event, const std::string& state) {
    const Json& a = event.attributes;
    double t = event.timestamp;
    if (state == "start_initiated") {
      add_or_update(out_.children_, text(a, "workflowId"),
                    {{"type", "child_workflow"},
                     {"id", get(a, "workflowId")},
                     {"name", get(a, "workflowType", "name")},
                     {"version", get(a, "workflowType", "version")},
                     {"state", state},
                     {"initiated_event_id", event.id},
                     {"raw_input", nullptr},  // Python reads it where it never is
                     {"input", decoded_input(a)},
                     {"child_policy", get(a, "childPolicy")},
                     {"control", decoded_control(a)},
                     {"tag_list", get(a, "tagList")},
                     {"task_list", get(a, "taskList", "name")},
                     {"initiated_event_timestamp", t},
                     {"decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")}});
      return;
    }
    if (state == "start_failed") {
      add_or_update(out_.children_, text(a, "workflowId"),
                    {{"type", "child_workflow"},
                     {"id", get(a, "workflowId")},
                     {"state", state},
                     {"cause", get(a, "cause")},
                     {"name", get(a, "workflowType", "name")},
                     {"version", get(a, "workflowType", "version")},
                     {"control", decoded_control(a)},
                     {"start_failed_id", event.id},
                     {"start_failed_timestamp", t},
                     {"decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")}});
      return;
    }
    if (state != "started" && state != "completed" && state != "failed" && state != "timed_out" &&
        state != "canceled" && state != "terminated")
      return;
    const swf::Event& initiated = referenced(event, "initiatedEventId", "StartChildWorkflowExecutionInitiated");
    Json& task = existing(out_.children_, text(initiated.attributes, "workflowId"), event);
    if (state == "started") {
      update(task, {{"state", state},
                    {"run_id", get(a, "workflowExecution", "runId")},
                    {"workflow_id", get(a, "workflowExecution", "workflowId")},
                    {"started_id", event.id},
                    {"started_timestamp", t}});
    } else if (state == "completed") {
      update(task, {{"state", state}, {"result", get(a, "result")}, {"completed_id", event.id},
                    {"completed_timestamp", t}});
    } else if (state == "failed") {
      update(task, {{"state", state}, {"reason", get(a, "reason")}, {"details", get(a, "details")},
                    {"failed_id", event.id}, {"failed_timestamp", t}});
      count_retry(task);
    } else if (state == "timed_out") {
      std::string timeout_type = text(a, "timeoutType");
      update(task, {{"state", state},
                    {"timeout_type", timeout_type},
                    {"timeout_value", get(initiated.attributes, timeout_attribute(timeout_type).c_str())},
                    {"timed_out_id", event.id},
                    {"timed_out_timestamp", t}});
      count_retry(task);
    } else if (state == "canceled") {
      update(task, {{"state", state}, {"details", get(a, "details")}, {"canceled_id", event.id},
                    {"canceled_timestamp", t}});
    } else {
      update(task, {{"state", state}, {"terminated_id", event.id}, {"terminated_timestamp", t}});
    }
  }

  void workflow(const swf::Event& event, const std::string& state) {
    const Json& a = event.attributes;
    Json& w = out_.workflow_;
    auto common = [&] {
      update(w, {{"state", state}, {state + "_id", event.id}, {state + "_timestamp", event.timestamp}});
    };
    if (state == "started") {
      common();
      update(w, {{"child_policy", get(a, "childPolicy")},
                 {"task_list", get(a, "taskList", "name")},
                 {"workflow_type", get(a, "workflowType")},
                 {"continued_execution_run_id", get(a, "continuedExecutionRunId")},
                 {"execution_start_to_close_timeout", get(a, "executionStartToCloseTimeout")},
                 {"input", decoded_input(a)},
                 {"lambda_role", get(a, "lambdaRole")},
                 {"parent_initiated_event_id", get(a, "parentInitiatedEventId")},
                 {"parent_workflow_execution", get(a, "parentWorkflowExecution")},
                 {"tag_list", get(a, "tagList")},
                 {"task_priority", get(a, "taskPriority")},
                 {"task_start_to_close_timeout", get(a, "taskStartToCloseTimeout")}});
    } else if (state == "continued_as_new") {
      common();
      update(w, {{state + "_decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")},
                 {"new_execution_run_id", get(a, "newExecutionRunId")},
                 {"task_list", get(a, "taskList", "name")},
                 {"workflow_type", get(a, "workflowType")},
                 {"execution_start_to_close_timeout", get(a, "executionStartToCloseTimeout")},
                 {"input", decoded_input(a)},
                 {"lambda_role", get(a, "lambdaRole")},
                 {"tag_list", get(a, "tagList")},
                 {"task_priority", get(a, "taskPriority")},
                 {"task_start_to_close_timeout", get(a, "taskStartToCloseTimeout")}});
    } else if (state == "completed") {
      common();
      update(w, {{"initiated_event_id", get(a, "initiatedEventId")}, {"result", get(a, "result")}});
    } else if (state == "canceled") {
      // Python tests for "cancelled" here too; recorded as the other closes are.
      common();
      update(w, {{"initiated_event_id", get(a, "initiatedEventId")},
                 {"decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")},
                 {"details", get(a, "details")}});
    } else if (state == "failed") {
      common();
      update(w, {{"initiated_event_id", get(a, "initiatedEventId")},
                 {"decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")},
                 {"reason", get(a, "reason")},
                 {"details", get(a, "details")}});
    } else if (state == "terminated") {
      // "reason" is not in Python's dict; it is how workflow.restart shows.
      common();
      update(w, {{"initiated_event_id", get(a, "initiatedEventId")},
                 {"cause", get(a, "cause")},
                 {"reason", get(a, "reason")},
                 {"details", get(a, "details")}});
    } else if (state == "timed_out") {
      common();
      update(w, {{"initiated_event_id", get(a, "initiatedEventId")}, {"timeout_type", get(a, "timeoutType")}});
    } else if (state == "signaled") {
      std::string name = text(a, "signalName");
      Json signal = {{"type", "signal"},
                     {"name", name},
                     {"state", state},
                     {"external_initiated_event_id", get(a, "externalInitiatedEventId")},
                     {"external_run_id", get(a, "externalWorkflowExecution", "runId")},
                     {"external_workflow_id", get(a, "externalWorkflowExecution", "workflowId")},
                     {"input", decoded_input(a)},
                     {"event_id", event.id},
                     {"timestamp", event.timestamp}};
      out_.signals_[name] = signal;
      out_.signal_lists_[name].push_back(signal);
      out_.tasks_.push_back(std::move(signal));
    }
  }

  Json& sent_signal(const swf::Event& event) {
    std::int64_t id = integer(event.attributes, "initiatedEventId");
    for (auto& [initiated, signal] : out_.signaling_)
      if (initiated == id) return signal;
    throw InvalidInput("event " + std::to_string(event.id) + " (" + event.type + ") refers to event " +
                       std::to_string(id) + ", which is not a SignalExternalWorkflowExecutionInitiated");
  }

  // Sent signals; cancel requests sent to other executions are parsed by
  // Python but never shown, so they are left out.
  void external(const swf::Event& event, const std::string& state) {
    const Json& a = event.attributes;
    if (state == "signal_execution_initiated") {
      out_.signaling_.emplace_back(event.id, Json{{"type", "external_workflow"},
                                                  {"id", get(a, "workflowId")},
                                                  {"run_id", get(a, "runId")},
                                                  {"signal_name", get(a, "signalName")},
                                                  {"state", state},
                                                  {"initiated_event_id", event.id},
                                                  {"input", decoded_input(a)},
                                                  {"control", decoded_control(a)},
                                                  {"initiated_event_timestamp", event.timestamp}});
    } else if (state == "signal_execution_failed") {
      Json& signal = sent_signal(event);
      update(signal, {{"state", state}, {"cause", get(a, "cause")}, {"signal_failed_timestamp", event.timestamp}});
      if (Json control = decoded_control(a); truthy(control)) signal["control"] = std::move(control);
    } else if (state == "execution_signaled") {
      Json& signal = sent_signal(event);
      update(signal, {{"state", state},
                      {"run_id", get(a, "workflowExecution", "runId")},
                      {"workflow_id", get(a, "workflowExecution", "workflowId")},
                      {"signaled_event_id", event.id},
                      {"signaled_timestamp", event.timestamp}});
      out_.signaled_workflows_[signal.value("signal_name", "")].push_back(signal);
    }
  }

  void marker(const swf::Event& event, const std::string& state) {
    const Json& a = event.attributes;
    std::string name = text(a, "markerName");
    if (state == "recorded") {
      out_.markers_[name].push_back({{"type", "marker"},
                                     {"name", name},
                                     {"state", state},
                                     {"details", get(a, "details")},
                                     {"event_id", event.id},
                                     {"timestamp", event.timestamp}});
    } else if (state == "record_failed") {
      out_.markers_[name].push_back({{"type", "marker"},
                                     {"name", name},
                                     {"state", state},
                                     {"cause", get(a, "cause")},
                                     {"record_failed_event_id", event.id},
                                     {"record_failed_event_timestamp", event.timestamp}});
    }
  }

  void timer(const swf::Event& event, const std::string& state) {
    const Json& a = event.attributes;
    std::string id = text(a, "timerId");
    double t = event.timestamp;
    Json& timer = out_.timers_[id];  // created on first sight, as Python's get-or-create branches do
    if (timer.is_null()) timer = {{"type", "timer"}, {"id", id}};
    if (state == "started") {
      Json timeout = get(a, "startToFireTimeout");
      if (timeout.is_string()) {
        try {
          timeout = std::stoll(timeout.get<std::string>());
        } catch (const std::exception&) {
        }
      }
      timer = {{"type", "timer"},
               {"id", id},
               {"state", state},
               {"start_to_fire_timeout", timeout},
               {"control", decoded_control(a)},
               {"started_event_id", event.id},
               {"started_event_timestamp", t},
               {"decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")}};
    } else if (state == "fired") {
      update(timer, {{"state", state}, {"fired_event_id", event.id}, {"fired_event_timestamp", t}});
    } else if (state == "start_failed") {
      if (!timer.contains("decision_task_completed_event_id"))
        timer["decision_task_completed_event_id"] = get(a, "decisionTaskCompletedEventId");
      update(timer, {{"state", state}, {"cause", get(a, "cause")}, {"start_failed_event_id", event.id},
                     {"start_failed_event_timestamp", t}});
    } else if (state == "canceled") {
      update(timer, {{"state", state},
                     {"canceled_event_id", event.id},
                     {"canceled_event_timestamp", t},
                     {"cancel_decision_task_completed_event_id", get(a, "decisionTaskCompletedEventId")}});
    } else if (state == "cancel_failed") {
      if (!timer.contains("cancel_decision_task_completed_event_id"))
        timer["cancel_decision_task_completed_event_id"] = get(a, "decisionTaskCompletedEventId");
      update(timer, {{"state", state}, {"cancel_failed_event_id", event.id}, {"cancel_failed_event_timestamp", t}});
    }
  }

  std::unordered_map<std::int64_t, const swf::Event*> by_id_;
  CookedHistory out_;
};

CookedHistory CookedHistory::parse(const swf::History& history) {
  CookedHistoryBuilder builder(history);
  for (const auto& event : history) builder.add(event);
  return builder.done();
}

const Json* CookedHistory::activity(const std::string& id) const {
  for (const auto& [key, at] : activities_)
    if (key == id) return &tasks_[at];
  return nullptr;
}

std::vector<std::pair<std::string, const Json*>> CookedHistory::activities_and_children() const {
  std::vector<std::pair<std::string, const Json*>> out;
  for (const auto& [key, at] : activities_) out.emplace_back(key, &tasks_[at]);
  for (const auto& [key, at] : children_) out.emplace_back(key, &tasks_[at]);
  return out;
}

Json CookedHistory::to_json() const {
  auto each = [](const Json& lists) {
    Json out = Json::object();
    for (auto it = lists.begin(); it != lists.end(); ++it) {
      Json converted = Json::array();
      for (const Json& dict : it.value()) converted.push_back(with_json_timestamps(dict));
      out[it.key()] = std::move(converted);
    }
    return out;
  };
  auto by_key = [](const Json& dicts) {
    Json out = Json::object();
    for (auto it = dicts.begin(); it != dicts.end(); ++it) out[it.key()] = with_json_timestamps(it.value());
    return out;
  };
  Json activities = Json::object(), children = Json::object(), signaling = Json::object();
  for (const auto& [key, at] : activities_) activities[key] = with_json_timestamps(tasks_[at]);
  for (const auto& [key, at] : children_) children[key] = with_json_timestamps(tasks_[at]);
  for (const auto& [id, signal] : signaling_) signaling[std::to_string(id)] = with_json_timestamps(signal);
  return {{"workflow", with_json_timestamps(workflow_)},
          {"activities", std::move(activities)},
          {"child_workflows", std::move(children)},
          {"markers", each(markers_)},
          {"timers", by_key(timers_)},
          {"signals", by_key(signals_)},
          {"signal_lists", each(signal_lists_)},
          {"external_workflows_signaling", std::move(signaling)},
          {"signaled_workflows", each(signaled_workflows_)}};
}

}  // namespace simpleflow::cli
