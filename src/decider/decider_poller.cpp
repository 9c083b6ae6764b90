#include "simpleflow/decider.hpp"

#include <algorithm>
#include <mutex>
#include <set>

#include <spdlog/spdlog.h>

#include "core/poll_loop.hpp"
#include "core/settings.hpp"
#include "decider/history_cache.hpp"
#include "replay/wire.hpp"
#include "simpleflow/registry.hpp"
#include "simpleflow/replay.hpp"

namespace simpleflow {
namespace {

std::string describe(const swf::DecisionTaskPage& task) {
  return task.execution.workflow_id + " " + task.execution.run_id + " #" + std::to_string(task.started_event_id);
}

std::int64_t event_id(const Json& event) { return event.value("eventId", std::int64_t{0}); }

bool closes_execution(const std::vector<Json>& decisions) {
  for (const Json& d : decisions) {
    const std::string type = d.value("decisionType", "");
    if (type == "CompleteWorkflowExecution" || type == "FailWorkflowExecution" ||
        type == "CancelWorkflowExecution" || type == "ContinueAsNewWorkflowExecution")
      return true;
  }
  return false;
}

}  // namespace

struct DeciderPoller::Impl {
  std::shared_ptr<swf::SwfClient> client;
  DeciderPollerOptions options;
  internal::HistoryCache cache;
  std::set<std::pair<std::string, std::string>> registered_activities, registered_workflows;
  mutable std::mutex stats_mu;
  DeciderStats stats;

  Impl(std::shared_ptr<swf::SwfClient> c, DeciderPollerOptions o)
      : client(std::move(c)), options(std::move(o)), cache(options.cached_executions) {}

  bool allowed(const WorkflowDef* def) const {
    return def && (options.workflows.empty() ||
                   std::find(options.workflows.begin(), options.workflows.end(), def) != options.workflows.end());
  }

  // The workflow to replay, found as Python simpleflow finds it: the class
  // that workflow.start wrote in the input's __extra.class, else the type
  // name as a workflow name (children are started under their class name)
  // or a class name.
  const WorkflowDef* workflow_for(const swf::WorkflowTypeRef& type, const std::vector<Json>& events) const {
    if (!events.empty()) {
      auto attributes = events.front().find("workflowExecutionStartedEventAttributes");
      if (attributes != events.front().end() && attributes->contains("input") && (*attributes)["input"].is_string()) {
        Json input = Json::parse((*attributes)["input"].get<std::string>(), nullptr, false);
        if (input.is_object() && input.contains("__extra") && input["__extra"].is_object() &&
            input["__extra"].contains("class") && input["__extra"]["class"].is_string()) {
          const WorkflowDef* def = Registry::global().find_workflow(input["__extra"]["class"].get<std::string>());
          if (allowed(def)) return def;
        }
      }
    }
    const std::vector<const WorkflowDef*> candidates =
        options.workflows.empty() ? Registry::global().workflows() : options.workflows;
    for (const WorkflowDef* def : candidates)
      if (def->name() == type.name && def->version() == type.version) return def;
    for (const WorkflowDef* def : candidates)
      if (def->class_name() == type.name) return def;
    for (const WorkflowDef* def : candidates)
      if (def->name() == type.name) return def;
    return nullptr;
  }

  // Every event of the task's execution: the cached ones before what the poll
  // brought, or the whole history read again.
  StatusOr<std::vector<Json>> history_of(swf::DecisionTaskPage& page) {
    std::vector<Json> events = std::move(page.events);
    while (!page.next_page_token.empty()) {
      auto next = client->poll_for_decision_task({.domain = options.domain,
                                                  .task_list = options.task_list,
                                                  .identity = options.identity,
                                                  .page = {.next_page_token = page.next_page_token}});
      if (!next.ok()) return UnavailableError(next.error().describe());
      for (auto& e : next->events) events.push_back(std::move(e));
      page.next_page_token = next->next_page_token;
    }
    {
      std::lock_guard<std::mutex> lock(stats_mu);
      stats.events_received += events.size();
    }
    std::int64_t first = events.empty() ? 1 : event_id(events.front());
    if (first == 1) return events;
    if (std::vector<Json>* cached = cache.find(page.execution.run_id);
        cached && static_cast<std::int64_t>(cached->size()) >= first - 1) {
      std::vector<Json> whole(cached->begin(), cached->begin() + (first - 1));
      whole.reserve(whole.size() + events.size());
      for (auto& e : events) whole.push_back(std::move(e));
      return whole;
    }
    return read_whole_history(page.execution);
  }

  StatusOr<std::vector<Json>> read_whole_history(const swf::ExecutionRef& execution) {
    {
      std::lock_guard<std::mutex> lock(stats_mu);
      ++stats.full_histories;
    }
    std::vector<Json> events;
    swf::GetHistoryRequest request{.domain = options.domain, .execution = execution, .page = {.maximum_page_size = 1000}};
    do {
      auto page = client->get_workflow_execution_history(request);
      if (!page.ok()) return UnavailableError(page.error().describe());
      for (auto& e : page->events) events.push_back(std::move(e));
      request.page.next_page_token = page->next_page_token;
    } while (request.page.next_page_token && !request.page.next_page_token->empty());
    return events;
  }

  // Registers the types that SWF said do not exist, with the registered
  // definitions' defaults. Already registered is fine.
  void register_types(const Decisions& out) {
    for (const auto& t : out.activity_types_to_register) {
      if (registered_activities.count({t.name, t.version})) continue;
      swf::RegisterActivityTypeRequest request{.domain = options.domain, .type = {t.name, t.version}};
      if (const ActivityDef* def = Registry::global().find_activity(t.name); def && def->version() == t.version) {
        request.defaults = {.task_start_to_close_timeout = def->start_to_close_timeout(),
                            .task_heartbeat_timeout = def->heartbeat_timeout(),
                            .task_list = def->task_list(),
                            .task_schedule_to_start_timeout = def->schedule_to_start_timeout(),
                            .task_schedule_to_close_timeout = def->schedule_to_close_timeout()};
      }
      auto done = client->register_activity_type(request);
      if (done.ok() || done.error().kind == swf::ErrorKind::kTypeAlreadyExists) {
        registered_activities.insert({t.name, t.version});
        if (done.ok()) spdlog::info("registered activity type {} version {}", t.name, t.version);
      } else {
        spdlog::warn("cannot register activity type {} version {}: {}", t.name, t.version, done.error().describe());
      }
    }
    for (const auto& t : out.workflow_types_to_register) {
      if (registered_workflows.count({t.name, t.version})) continue;
      // The defaults that workflow.start gives a type it registers: a child
      // started without them would fail with DEFAULT_..._UNDEFINED.
      swf::RegisterWorkflowTypeRequest request{.domain = options.domain, .type = {t.name, t.version}};
      request.defaults = {
          .task_start_to_close_timeout = internal::setting("WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT", "300"),
          .execution_start_to_close_timeout = internal::setting("WORKFLOW_DEFAULT_EXECUTION_TIME", "3600"),
          .task_list = internal::setting("WORKFLOW_DEFAULT_TASK_LIST", "default"),
          .child_policy = "TERMINATE"};
      for (const WorkflowDef* def : Registry::global().workflows()) {
        if (def->name() != t.name || def->version() != t.version) continue;
        request.defaults.task_list = def->task_list();
        if (def->decision_tasks_timeout()) request.defaults.task_start_to_close_timeout = def->decision_tasks_timeout();
        if (def->execution_timeout()) request.defaults.execution_start_to_close_timeout = def->execution_timeout();
        if (def->child_policy()) request.defaults.child_policy = def->child_policy();
        break;
      }
      auto done = client->register_workflow_type(request);
      if (done.ok() || done.error().kind == swf::ErrorKind::kTypeAlreadyExists) {
        registered_workflows.insert({t.name, t.version});
        if (done.ok()) spdlog::info("registered workflow type {} version {}", t.name, t.version);
      } else {
        spdlog::warn("cannot register workflow type {} version {}: {}", t.name, t.version, done.error().describe());
      }
    }
  }

  // The decisions for `page`'s task, or the failure of the execution when it
  // cannot be replayed.
  Decisions decide(const WorkflowDef& def, const swf::DecisionTaskPage& page, const std::vector<Json>& events) {
    Json response{{"events", events},
                  {"workflowExecution", {{"workflowId", page.execution.workflow_id}, {"runId", page.execution.run_id}}},
                  {"workflowType", {{"name", page.type.name}, {"version", page.type.version}}}};
    auto task = DecisionTask::from_json(response);
    Status error = task.status();
    if (task.ok()) {
      task->domain = options.domain;
      ReplayOptions replay_options;
      replay_options.task_list = options.activity_task_list;
      if (internal::test_environment()) {
        replay_options.max_decisions = 10;
        replay_options.max_request_size = 82 * 1000;
      }
      auto out = replay(def, *task, replay_options);
      if (out.ok()) return std::move(out).value();
      error = out.status();
    }
    std::string reason = "workflow decision failed: " + error.message();
    spdlog::error("decision task {}: {}", describe(page), error.message());
    Decisions failed;
    failed.decisions.push_back(internal::make_decision(
        "FailWorkflowExecution", Json{{"reason", internal::truncated(reason, internal::kMaxReasonLength)},
                                      {"details", internal::truncated(error.message(), internal::kMaxFieldLength)}}));
    return failed;
  }

  StatusOr<bool> poll_once() {
    auto polled = client->poll_for_decision_task({.domain = options.domain,
                                                  .task_list = options.task_list,
                                                  .identity = options.identity,
                                                  .start_at_previous_started_event = options.cached_executions > 0});
    if (!polled.ok()) return UnavailableError(polled.error().describe());
    swf::DecisionTaskPage& page = *polled;
    if (page.empty()) return false;
    auto events = history_of(page);
    if (!events.ok()) {
      spdlog::error("decision task {}: cannot read the history: {}", describe(page), events.status().message());
      return true;
    }
    const WorkflowDef* def = workflow_for(page.type, *events);
    if (!def) {
      spdlog::error("decision task {}: this decider has no workflow named \"{}\"; the task is left to time out",
                    describe(page), page.type.name);
      return true;
    }
    spdlog::debug("decision task {} for {}: {} events", describe(page), def->class_name(), events->size());
    Decisions out = decide(*def, page, *events);
    register_types(out);
    auto sent = client->respond_decision_task_completed(
        {.task_token = page.task_token, .decisions = out.decisions, .execution_context = out.execution_context});
    if (!sent.ok()) {
      spdlog::error("decision task {}: {}", describe(page), sent.error().describe());
      cache.erase(page.execution.run_id);
      return true;
    }
    spdlog::info("decision task {}: {} decision(s)", describe(page), out.decisions.size());
    if (closes_execution(out.decisions)) cache.erase(page.execution.run_id);
    else cache.put(page.execution.run_id, std::move(events).value());
    std::lock_guard<std::mutex> lock(stats_mu);
    ++stats.decisions;
    return true;
  }
};

DeciderPoller::DeciderPoller(std::shared_ptr<swf::SwfClient> client, DeciderPollerOptions options)
    : impl_(std::make_unique<Impl>(std::move(client), std::move(options))) {}
DeciderPoller::~DeciderPoller() = default;

StatusOr<bool> DeciderPoller::poll_once() { return impl_->poll_once(); }

void DeciderPoller::run(const std::atomic<bool>& stop) {
  internal::poll_until_stopped(stop, impl_->options.task_list, [this] { return poll_once(); });
}

DeciderStats DeciderPoller::stats() const {
  std::lock_guard<std::mutex> lock(impl_->stats_mu);
  return impl_->stats;
}

}  // namespace simpleflow
