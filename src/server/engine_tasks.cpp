// Task lists, long polls, and the answers of deciders and workers.
#include <algorithm>

#include "server/engine.hpp"
#include "server/page_token.hpp"

namespace simpleflow::server::internal {
namespace {

Json token_of(const Json& request) {
  Json token = decode_page_token(request.at("taskToken").get<std::string>());
  if (!token.is_object() || !token.contains("k") || !token.contains("r") || !token.contains("t")) {
    validation("Invalid taskToken");
  }
  return token;
}

}  // namespace

std::vector<std::string>& Engine::reply_events() {
  thread_local std::vector<std::string> events;
  return events;
}

bool& Engine::reply_has_events() {
  thread_local bool has = false;
  return has;
}

Engine::TaskQueue& Engine::queue(bool decision, const std::string& domain, const std::string& task_list) {
  auto& slot = queues_[{decision, domain, task_list}];
  if (!slot) slot = std::make_unique<TaskQueue>();
  return *slot;
}

void Engine::enqueue(bool decision, const std::string& domain, const std::string& task_list, int priority,
                     const std::string& run_id, int64_t scheduled_event_id) {
  TaskQueue& q = queue(decision, domain, task_list);
  q.entries.insert(QueueEntry{priority, ++queue_seq_, run_id, scheduled_event_id});
  if (!q.waiters.empty()) woken_.push_back(&q);
}

bool Engine::entry_valid(bool decision, const QueueEntry& entry) const {
  auto it = runs_.find(entry.run_id);
  if (it == runs_.end() || !it->second->open) return false;
  const Execution& e = *it->second;
  if (decision) return e.decision.scheduled_event_id == entry.scheduled_event_id && e.decision.started_event_id == 0;
  const ActivityState* a = find_activity(e, entry.scheduled_event_id);
  return a && a->started_event_id == 0;
}

Json Engine::decision_task_page(Execution& e, int64_t from, int64_t until, size_t size, bool reverse, const std::string& token) {
  int64_t first = reverse ? std::max(from, until - static_cast<int64_t>(size) + 1) : from;
  int64_t last = reverse ? until : std::min(until, from + static_cast<int64_t>(size) - 1);
  std::vector<std::string>& events = reply_events();
  events = events_of(e, first, last);
  if (reverse) std::reverse(events.begin(), events.end());
  reply_has_events() = true;
  Json reply = {{"taskToken", token},
                {"startedEventId", e.decision.started_event_id},
                {"workflowExecution", {{"workflowId", e.workflow_id}, {"runId", e.run_id}}},
                {"workflowType", e.workflow_type},
                {"previousStartedEventId", e.previous_started_event_id}};
  bool more = reverse ? first > from : last < until;
  if (more) {
    reply["nextPageToken"] = encode_page_token(
        {{"r", e.run_id}, {"t", e.decision.started_event_id}, {"from", reverse ? from : last + 1}, {"until", reverse ? first - 1 : until}});
  }
  return reply;
}

Json Engine::poll_for_decision_task(const Json& r) {
  const DomainRecord& domain = domain_named(r.at("domain"));
  std::string domain_name = domain.name;
  std::string task_list = r.at("taskList").at("name");
  size_t size = page_size(r);
  bool reverse = r.value("reverseOrder", false);
  if (r.contains("nextPageToken")) {
    // The next page of a decision task already handed out.
    Json page = decode_page_token(r["nextPageToken"]);
    if (!page.is_object() || !page.contains("r") || !page.contains("t") || !page.contains("from")) validation("Invalid nextPageToken");
    auto it = runs_.find(page["r"].get<std::string>());
    if (it == runs_.end() || it->second->decision.started_event_id != page["t"].get<int64_t>()) {
      unknown_resource("The decision task of this page token is no longer open");
    }
    Execution& e = *it->second;
    if (e.decision.started_event_id == 0 || !page["from"].is_number_integer() || !page["until"].is_number_integer()) {
      validation("Invalid nextPageToken");
    }
    int64_t from = std::clamp<int64_t>(page["from"], 1, e.event_count);
    int64_t until = std::clamp<int64_t>(page["until"], 1, e.event_count);
    std::string token = encode_page_token({{"k", "d"}, {"r", e.run_id}, {"t", e.decision.started_event_id}});
    return decision_task_page(e, from, until, size, reverse, token);
  }
  std::optional<QueueEntry> entry = take(true, domain_name, task_list);
  // An empty task is answered as Amazon SWF answers it: no taskToken at all.
  if (!entry) return {{"startedEventId", 0}, {"previousStartedEventId", 0}};
  Execution& e = *runs_.at(entry->run_id);
  Json started = {{"scheduledEventId", entry->scheduled_event_id}};
  if (r.contains("identity")) started["identity"] = r["identity"];
  add_event(e, "DecisionTaskStarted", std::move(started));
  ++counters_.decision_tasks_started;
  std::string token = encode_page_token({{"k", "d"}, {"r", e.run_id}, {"t", e.decision.started_event_id}});
  int64_t from = 1;
  if (r.value("startAtPreviousStartedEvent", false) && e.previous_started_event_id > 0) from = e.previous_started_event_id;
  return decision_task_page(e, from, e.event_count, size, reverse, token);
}

Json Engine::poll_for_activity_task(const Json& r) {
  std::string domain_name = domain_named(r.at("domain")).name;
  std::string task_list = r.at("taskList").at("name");
  std::optional<QueueEntry> entry = take(false, domain_name, task_list);
  if (!entry) return {{"startedEventId", 0}};
  Execution& e = *runs_.at(entry->run_id);
  Json started = {{"scheduledEventId", entry->scheduled_event_id}};
  if (r.contains("identity")) started["identity"] = r["identity"];
  int64_t started_id = add_event(e, "ActivityTaskStarted", std::move(started));
  ++counters_.activity_tasks_started;
  const ActivityState* a = find_activity(e, entry->scheduled_event_id);
  Json reply = {{"taskToken", encode_page_token({{"k", "a"}, {"r", e.run_id}, {"s", a->scheduled_event_id}, {"t", started_id}})},
                {"activityId", a->activity_id},
                {"startedEventId", started_id},
                {"workflowExecution", {{"workflowId", e.workflow_id}, {"runId", e.run_id}}},
                {"activityType", a->activity_type}};
  if (a->has_input) reply["input"] = a->input;
  return reply;
}

std::pair<Execution*, ActivityState*> Engine::activity_of_token(const Json& request) {
  Json token = token_of(request);
  if (token["k"] != "a" || !token.contains("s")) validation("Invalid taskToken: not an activity task's");
  auto it = runs_.find(token["r"].get<std::string>());
  if (it != runs_.end() && it->second->open) {
    ActivityState* a = find_activity(*it->second, token["s"].get<int64_t>());
    if (a && a->started_event_id > 0 && a->started_event_id == token["t"].get<int64_t>()) return {it->second.get(), a};
  }
  unknown_resource("Unknown activity task: it completed, timed out or was canceled, or its execution is closed");
}

void Engine::finish_activity(Execution& e, ActivityState& a, const char* event_type, Json attributes) {
  attributes["scheduledEventId"] = a.scheduled_event_id;
  attributes["startedEventId"] = a.started_event_id;
  add_event(e, event_type, std::move(attributes));
  request_decision(e);
}

Json Engine::respond_activity_task_completed(const Json& r) {
  auto [e, a] = activity_of_token(r);
  Json attributes = Json::object();
  if (r.contains("result")) attributes["result"] = r["result"];
  finish_activity(*e, *a, "ActivityTaskCompleted", std::move(attributes));
  return Json::object();
}

Json Engine::respond_activity_task_failed(const Json& r) {
  auto [e, a] = activity_of_token(r);
  Json attributes = Json::object();
  if (r.contains("reason")) attributes["reason"] = r["reason"];
  if (r.contains("details")) attributes["details"] = r["details"];
  finish_activity(*e, *a, "ActivityTaskFailed", std::move(attributes));
  return Json::object();
}

Json Engine::respond_activity_task_canceled(const Json& r) {
  auto [e, a] = activity_of_token(r);
  Json attributes = Json::object();
  if (r.contains("details")) attributes["details"] = r["details"];
  if (a->cancel_requested_event_id) attributes["latestCancelRequestedEventId"] = a->cancel_requested_event_id;
  finish_activity(*e, *a, "ActivityTaskCanceled", std::move(attributes));
  return Json::object();
}

Json Engine::record_activity_task_heartbeat(const Json& r) {
  auto [e, a] = activity_of_token(r);
  Heartbeat& beat = e->heartbeats[a->scheduled_event_id];
  beat.at = now();
  if (r.contains("details")) {
    beat.details = r["details"];
    beat.has_details = true;
  }
  mark_dirty(*e);
  return {{"cancelRequested", a->cancel_requested_event_id != 0}};
}

Json Engine::respond_decision_task_completed(const Json& r) {
  Json token = token_of(r);
  if (token["k"] != "d") validation("Invalid taskToken: not a decision task's");
  auto it = runs_.find(token["r"].get<std::string>());
  if (it == runs_.end() || !it->second->open || token["t"].get<int64_t>() <= 0 ||
      it->second->decision.started_event_id != token["t"].get<int64_t>()) {
    unknown_resource("Unknown decision task: it timed out or its execution is closed");
  }
  Execution& e = *it->second;
  const Json decisions = r.value("decisions", Json::array());
  check_decisions(decisions);
  std::optional<std::string> task_list;
  if (r.contains("taskList")) task_list = r["taskList"].at("name").get<std::string>();
  std::optional<std::string> override_timeout;
  if (r.contains("taskListScheduleToStartTimeout")) override_timeout = r["taskListScheduleToStartTimeout"].get<std::string>();
  DecisionContext context{e, 0, false};
  context.unhandled = e.decision.unhandled_events;
  Json completed = {{"scheduledEventId", e.decision.scheduled_event_id}, {"startedEventId", e.decision.started_event_id}};
  if (r.contains("executionContext")) completed["executionContext"] = r["executionContext"];
  context.completed_id = add_event(e, "DecisionTaskCompleted", std::move(completed));
  if (task_list) {
    if (override_timeout) {
      if (e.task_list_before_override.empty()) e.task_list_before_override = e.task_list;
      e.override_schedule_to_start = *override_timeout;
    } else {
      e.task_list_before_override.clear();
      e.override_schedule_to_start.clear();
    }
    e.task_list = *task_list;
  }
  struct Completing {  // reset however apply_decisions ends
    Execution& e;
    explicit Completing(Execution& run) : e(run) { e.completing_decision = true; }
    ~Completing() { e.completing_decision = false; }
  };
  {
    Completing completing(e);
    apply_decisions(context, decisions);
  }
  if (e.open && (context.unhandled || e.decision.unhandled_events)) request_decision(e);
  return Json::object();
}

Json Engine::count_pending(bool decision, const Json& r) {
  std::string domain_name = domain_named(r.at("domain")).name;
  const TaskQueue& q = queue(decision, domain_name, r.at("taskList").at("name"));
  size_t count = 0;
  for (const QueueEntry& entry : q.entries) count += entry_valid(decision, entry) ? 1 : 0;
  return {{"count", count}, {"truncated", false}};
}

Json Engine::count_pending_activity_tasks(const Json& r) { return count_pending(false, r); }
Json Engine::count_pending_decision_tasks(const Json& r) { return count_pending(true, r); }

}  // namespace simpleflow::server::internal
