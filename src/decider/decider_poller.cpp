#include "simpleflow/decider.hpp"

#include <algorithm>
#include <memory>
#include <mutex>
#include <optional>
#include <set>

#include <spdlog/spdlog.h>

#include "core/poll_loop.hpp"
#include "core/settings.hpp"
#include "core/recently_used.hpp"
#include "simpleflow/jumbo_fields.hpp"
#include "history/events.hpp"
#include "history/execution_state.hpp"
#include "replay/kept_state.hpp"
#include "replay/wire.hpp"
#include "simpleflow/registry.hpp"
#include "simpleflow/replay.hpp"
#include "simpleflow/swf/exceptions.hpp"
#include "simpleflow/swf/models.hpp"

namespace simpleflow {
namespace {

std::string describe(const swf::DecisionTaskPage& task) {
  return task.execution.workflow_id + " " + task.execution.run_id + " #" + std::to_string(task.started_event_id);
}

std::int64_t event_id(const Json& event) { return event.value("eventId", std::int64_t{0}); }

// The text of `events` as a JSON array, which ParsedHistory reads. Invalid
// UTF-8 in a string is replaced, as Python's decoder would.
std::string array_text(const std::vector<Json>& events) {
  std::string out = "[";
  for (const Json& e : events) {
    if (out.size() > 1) out += ',';
    out += e.dump(-1, ' ', false, Json::error_handler_t::replace);
  }
  out += ']';
  return out;
}

bool closes_execution(const std::vector<Json>& decisions) {
  for (const Json& d : decisions) {
    const std::string type = d.value("decisionType", "");
    if (type == "CompleteWorkflowExecution" || type == "FailWorkflowExecution" ||
        type == "CancelWorkflowExecution" || type == "ContinueAsNewWorkflowExecution")
      return true;
  }
  return false;
}

// What the decider keeps of an execution between its decision tasks: the
// events parsed so far and the state built from them, both extended with the
// new events of each task.
struct KeptRun {
  std::shared_ptr<internal::ParsedHistory> history;
  std::unique_ptr<internal::ExecutionStateBuilder> state;  // over history's events

  explicit KeptRun(internal::ParsedHistory parsed)
      : history(std::make_shared<internal::ParsedHistory>(std::move(parsed))),
        state(std::make_unique<internal::ExecutionStateBuilder>(history->events())) {}
};

}  // namespace

struct DeciderPoller::Impl {
  std::shared_ptr<swf::SwfClient> client;
  DeciderPollerOptions options;
  internal::RecentlyUsed<KeptRun> cache;
  std::unique_ptr<KeptRun> unkept;  // the current task's, when nothing is kept
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
  const WorkflowDef* workflow_for(const swf::WorkflowTypeRef& type, const internal::ParsedHistory* history) const {
    if (history && !history->empty()) {
      // A jumbo input is fetched: the replay that follows reads it from the cache.
      auto text = decode_field((*history)[0].text("input"));
      Json input = text.ok() ? Json::parse(*text, nullptr, false) : Json();
      if (input.is_object() && input.contains("__extra") && input["__extra"].is_object() &&
          input["__extra"].contains("class") && input["__extra"]["class"].is_string()) {
        const WorkflowDef* def = Registry::global().find_workflow(input["__extra"]["class"].get<std::string>());
        if (allowed(def)) return def;
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

  // The events of the task: its first page and the next ones.
  StatusOr<std::vector<Json>> task_events(swf::DecisionTaskPage& page) {
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
    std::lock_guard<std::mutex> lock(stats_mu);
    stats.events_received += events.size();
    return events;
  }

  // The run's kept history and state brought up to date with the task's
  // events; else, when nothing is kept for the run or what is kept ends
  // before them, a new one, from the task's events when they start at the
  // first event, else from the whole history read again. kInvalidArgument for
  // a history that is not consistent, kUnavailable when it cannot be read.
  // Makes the task's run the most recently kept one.
  StatusOr<KeptRun*> kept_run_for(const swf::DecisionTaskPage& page, const std::vector<Json>& events) {
    const std::int64_t first = events.empty() ? 1 : event_id(events.front());
    KeptRun* kept = first == 1 ? nullptr : cache.find(page.execution.run_id);
    if (kept && static_cast<std::int64_t>(kept->history->size()) + 1 >= first) {
      Status appended = kept->history->append(array_text(events));
      if (appended.ok()) appended = kept->state->add_new_events();
      if (appended.ok()) return kept;
      cache.erase(page.execution.run_id);
      return appended;
    }
    StatusOr<internal::ParsedHistory> parsed =
        first == 1 ? internal::ParsedHistory::parse(array_text(events)) : read_whole_history(page.execution);
    if (!parsed.ok()) return parsed.status();
    if (options.cached_executions > 0) {
      cache.put(page.execution.run_id, KeptRun(std::move(*parsed)));
      kept = cache.find(page.execution.run_id);
    } else {
      unkept = std::make_unique<KeptRun>(std::move(*parsed));
      kept = unkept.get();
    }
    if (Status s = kept->state->add_new_events(); !s.ok()) {
      cache.erase(page.execution.run_id);
      return s;
    }
    return kept;
  }

  StatusOr<internal::ParsedHistory> read_whole_history(const swf::ExecutionRef& execution) {
    {
      std::lock_guard<std::mutex> lock(stats_mu);
      ++stats.full_histories;
    }
    std::optional<internal::ParsedHistory> history;
    Status status;
    try {
      swf::WorkflowExecution(swf::Domain(client, options.domain), execution.workflow_id, execution.run_id)
          .history_events(
              [&](const std::vector<Json>& page) {
                if (!status.ok()) return;
                if (!history) {
                  auto parsed = internal::ParsedHistory::parse(array_text(page));
                  if (parsed.ok()) history.emplace(std::move(*parsed));
                  else status = parsed.status();
                } else {
                  status = history->append(array_text(page));
                }
              },
              false, 1000);
    } catch (const swf::SwfError& e) {
      return UnavailableError(e.what());
    }
    if (!status.ok()) return status;
    if (!history) return InvalidArgumentError("the execution's history is empty");
    return std::move(*history);
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
  // cannot be replayed; nullopt when a store of jumbo fields did not answer
  // (the task is left to time out and comes again).
  std::optional<Decisions> decide(const WorkflowDef& def, const swf::DecisionTaskPage& page, const StatusOr<KeptRun*>& kept) {
    Status error = kept.status();
    if (kept.ok()) {
      auto task = internal::decision_task_over((*kept)->history);
      if (task.ok()) {
        task->domain = options.domain;
        task->workflow_id = page.execution.workflow_id;
        task->run_id = page.execution.run_id;
        task->workflow_type_name = page.type.name;
        task->workflow_type_version = page.type.version;
        ReplayOptions replay_options;
        replay_options.task_list = options.activity_task_list;
        if (internal::test_environment()) {
          replay_options.max_decisions = 10;
          replay_options.max_request_size = 82 * 1000;
        }
        auto out = internal::replay_with_state(def, *task, (*kept)->state->state(), replay_options);
        if (out.ok()) return std::move(out).value();
        error = out.status();
      } else {
        error = task.status();
      }
    }
    if (error.code() == StatusCode::kUnavailable) {
      spdlog::error("decision task {}: {}; the task is left to time out", describe(page), error.message());
      return std::nullopt;
    }
    std::string reason = "workflow decision failed: " + error.message();
    spdlog::error("decision task {}: {}", describe(page), error.message());
    Decisions failed;
    failed.decisions.push_back(internal::make_decision(
        "FailWorkflowExecution", Json{{"reason", internal::reported(reason, internal::kMaxReasonLength)},
                                      {"details", internal::reported(error.message(), internal::kMaxFieldLength)}}));
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
    auto events = task_events(page);
    StatusOr<KeptRun*> kept = events.ok() ? kept_run_for(page, *events) : StatusOr<KeptRun*>(events.status());
    if (!kept.ok() && kept.status().code() == StatusCode::kUnavailable) {
      spdlog::error("decision task {}: cannot read the history: {}", describe(page), kept.status().message());
      return true;
    }
    const WorkflowDef* def = workflow_for(page.type, kept.ok() ? (*kept)->history.get() : nullptr);
    if (!def) {
      spdlog::error("decision task {}: this decider has no workflow named \"{}\"; the task is left to time out",
                    describe(page), page.type.name);
      return true;
    }
    if (kept.ok()) {
      spdlog::debug("decision task {} for {}: {} events, {} new", describe(page), def->class_name(),
                    (*kept)->history->size(), events->size());
    }
    std::optional<Decisions> decided = decide(*def, page, kept);
    if (!decided) {
      unkept.reset();
      cache.erase(page.execution.run_id);  // the next task reads the history whole
      return true;
    }
    Decisions& out = *decided;
    register_types(out);
    auto sent = client->respond_decision_task_completed(
        {.task_token = page.task_token, .decisions = out.decisions, .execution_context = out.execution_context});
    unkept.reset();
    if (!sent.ok()) {
      spdlog::error("decision task {}: {}", describe(page), sent.error().describe());
      cache.erase(page.execution.run_id);
      return true;
    }
    spdlog::info("decision task {}: {} decision(s)", describe(page), out.decisions.size());
    if (closes_execution(out.decisions)) cache.erase(page.execution.run_id);
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
