// The engine's lifecycle, the dispatch of calls, and group commit.
#include "server/engine.hpp"

#include <spdlog/spdlog.h>

#include <cmath>
#include <random>

namespace simpleflow::server::internal {

Reply fault_reply(Fault fault) {
  Reply reply;
  reply.fault = std::move(fault);
  return reply;
}

void fail(std::string type, std::string message) { throw FaultError{Fault{std::move(type), std::move(message)}}; }
void unknown_resource(std::string message) { fail("UnknownResourceFault", std::move(message)); }
void validation(std::string message) { fail("ValidationException", std::move(message)); }

std::string new_run_id() {
  static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  thread_local std::mt19937_64 rng{std::random_device{}()};
  // 33 random bytes make 44 base64 characters without padding; SWF's run ids
  // are 44 characters too.
  std::string id;
  for (int group = 0; group < 11; ++group) {
    uint32_t bits = static_cast<uint32_t>(rng()) & 0xFFFFFF;
    for (int shift = 18; shift >= 0; shift -= 6) id += kAlphabet[(bits >> shift) & 63];
  }
  return id;
}

const std::map<std::string_view, Engine::Handler>& Engine::handlers() {
  static const std::map<std::string_view, Handler> table = {
      {"RegisterDomain", &Engine::register_domain},
      {"DescribeDomain", &Engine::describe_domain},
      {"ListDomains", &Engine::list_domains},
      {"DeprecateDomain", &Engine::deprecate_domain},
      {"UndeprecateDomain", &Engine::undeprecate_domain},
      {"RegisterWorkflowType", &Engine::register_workflow_type},
      {"RegisterActivityType", &Engine::register_activity_type},
      {"DescribeWorkflowType", &Engine::describe_workflow_type},
      {"DescribeActivityType", &Engine::describe_activity_type},
      {"ListWorkflowTypes", &Engine::list_workflow_types},
      {"ListActivityTypes", &Engine::list_activity_types},
      {"DeprecateWorkflowType", &Engine::deprecate_workflow_type},
      {"DeprecateActivityType", &Engine::deprecate_activity_type},
      {"UndeprecateWorkflowType", &Engine::undeprecate_workflow_type},
      {"UndeprecateActivityType", &Engine::undeprecate_activity_type},
      {"DeleteWorkflowType", &Engine::delete_workflow_type},
      {"DeleteActivityType", &Engine::delete_activity_type},
      {"TagResource", &Engine::tag_resource},
      {"UntagResource", &Engine::untag_resource},
      {"ListTagsForResource", &Engine::list_tags_for_resource},
      {"StartWorkflowExecution", &Engine::start_workflow_execution},
      {"SignalWorkflowExecution", &Engine::signal_workflow_execution},
      {"RequestCancelWorkflowExecution", &Engine::request_cancel_workflow_execution},
      {"TerminateWorkflowExecution", &Engine::terminate_workflow_execution},
      {"DescribeWorkflowExecution", &Engine::describe_workflow_execution},
      {"GetWorkflowExecutionHistory", &Engine::get_workflow_execution_history},
      {"ListOpenWorkflowExecutions", &Engine::list_open_workflow_executions},
      {"ListClosedWorkflowExecutions", &Engine::list_closed_workflow_executions},
      {"CountOpenWorkflowExecutions", &Engine::count_open_workflow_executions},
      {"CountClosedWorkflowExecutions", &Engine::count_closed_workflow_executions},
      {"CountPendingActivityTasks", &Engine::count_pending_activity_tasks},
      {"CountPendingDecisionTasks", &Engine::count_pending_decision_tasks},
      {"PollForDecisionTask", &Engine::poll_for_decision_task},
      {"PollForActivityTask", &Engine::poll_for_activity_task},
      {"RespondDecisionTaskCompleted", &Engine::respond_decision_task_completed},
      {"RespondActivityTaskCompleted", &Engine::respond_activity_task_completed},
      {"RespondActivityTaskFailed", &Engine::respond_activity_task_failed},
      {"RespondActivityTaskCanceled", &Engine::respond_activity_task_canceled},
      {"RecordActivityTaskHeartbeat", &Engine::record_activity_task_heartbeat},
  };
  return table;
}

Engine::Engine(std::unique_ptr<Store> store, std::unique_ptr<Store> reader, const Clock& clock, EngineOptions options)
    : store_(std::move(store)), reader_(std::move(reader)), clock_(clock), options_(std::move(options)) {}

Engine::~Engine() { stop(); }

double Engine::now() const { return std::round(clock_.now() * 1000) / 1000; }

Status Engine::start() {
  StatusOr<LoadedState> loaded = store_->load();
  if (!loaded.ok()) return loaded.status();
  {
    Lock lock(mu_);
    for (DomainRecord& d : loaded->domains) domains_[d.name] = std::move(d);
    for (TypeRecord& t : loaded->types) {
      types_[{t.domain, static_cast<int>(t.kind), t.name, t.version}] = std::move(t);
    }
    for (Execution& loaded_run : loaded->executions) {
      auto run = std::make_unique<Execution>(std::move(loaded_run));
      Execution& e = *run;
      if (e.open) {
        // The decision task list, which RespondDecisionTaskCompleted can move,
        // is the stored one, not the one the events start with.
        std::string task_list = e.task_list, before_override = e.task_list_before_override;
        std::string override_timeout = e.override_schedule_to_start;
        std::vector<std::string> events = std::move(e.events);
        e.events.clear();
        e.event_count = 0;
        try {
          for (std::string& text : events) {
            Json event = Json::parse(text);
            std::string type = event.at("eventType");
            int64_t id = event.at("eventId").get<int64_t>();
            if (id != e.event_count + 1) {
              return InternalError(store_->path() + ": run " + e.run_id + " misses event " + std::to_string(e.event_count + 1));
            }
            e.events.push_back(std::move(text));
            e.event_count = id;
            fold(e, type, event.at(event_member(type)), id, event.at("eventTimestamp"));
          }
        } catch (const std::exception& ex) {
          return InternalError(store_->path() + ": run " + e.run_id + " has a damaged event: " + ex.what());
        }
        e.task_list = task_list;
        e.task_list_before_override = before_override;
        e.override_schedule_to_start = override_timeout;
        open_runs_[{e.domain, e.workflow_id}] = e.run_id;
      } else {
        schedule_purge(e);
      }
      runs_[e.run_id] = std::move(run);
    }
  }
  spdlog::info("server store {}: {} domains, {} types, {} executions ({} open)", store_->path(), domains_.size(),
               types_.size(), runs_.size(), open_runs_.size());
  committer_ = std::thread([this] { commit_loop(); });
  expiry_thread_ = std::thread([this] { expiry_loop(); });
  if (options_.run_timer_thread) timer_thread_ = std::thread([this] { timer_loop(); });
  return OkStatus();
}

void Engine::stop() {
  std::lock_guard<std::mutex> once(stop_mu_);  // a second caller waits for the first
  std::vector<Answer> answers;
  {
    Lock lock(mu_);
    if (stopping_ && !committer_.joinable()) return;
    stopping_ = true;
    end_parked_polls(answers);
    due_changed_.notify_all();
    poll_deadline_changed_.notify_all();
    commit_wanted_.notify_all();
  }
  deliver(answers);
  if (timer_thread_.joinable()) timer_thread_.join();
  if (expiry_thread_.joinable()) expiry_thread_.join();
  if (committer_.joinable()) committer_.join();
  // The committer wrote everything before it ended; what it could not write
  // is answered with the store's failure.
  std::vector<Answer> left;
  {
    std::lock_guard<std::mutex> lock(durable_mu_);
    left = take_durable_answers(/*all=*/true);
  }
  for (Answer& a : left) a.done(std::move(a.reply));
}

void Engine::enforce_history_limit() {
  std::vector<Execution*> over;
  for (const std::string& run_id : dirty_runs_) {
    auto it = runs_.find(run_id);
    if (it != runs_.end() && it->second->open &&
        static_cast<size_t>(it->second->event_count) >= options_.max_history_events) {
      over.push_back(it->second.get());
    }
  }
  for (Execution* e : over) {
    if (e->open) terminate_run(*e, {{"cause", "EVENT_LIMIT_EXCEEDED"}});
  }
}

uint64_t Engine::visible_ticket() const {
  return pending_.empty() && dirty_runs_.empty() ? next_batch_ - 1 : next_batch_;
}

void Engine::commit_loop() {
  for (;;) {
    WriteBatch batch;
    std::vector<std::string> closed;
    uint64_t seq = 0;
    {
      Lock lock(mu_);
      commit_wanted_.wait(lock, [&] { return !pending_.empty() || !dirty_runs_.empty() || stopping_; });
      if (pending_.empty() && dirty_runs_.empty()) return;  // stopping, and everything is written
      for (const std::string& run_id : dirty_runs_) {
        auto it = runs_.find(run_id);
        if (it != runs_.end()) pending_.executions.push_back(execution_document(*it->second));
      }
      dirty_runs_.clear();
      std::swap(batch, pending_);
      std::swap(closed, closed_in_batch_);
      seq = next_batch_++;
    }
    Status status = store_->commit(batch);
    std::vector<Answer> ready;
    {
      std::lock_guard<std::mutex> lock(durable_mu_);
      if (!status.ok()) {
        spdlog::critical("server store failed, stopping all calls: {}", status.message());
        store_failure_ = status.message();
        failed_after_ = seq;
      }
      durable_batch_ = seq;
      // The answers of this batch and of earlier ones, and every answer
      // once the store failed.
      ready = take_durable_answers(/*all=*/false);
    }
    for (Answer& a : ready) a.done(std::move(a.reply));
    Lock lock(mu_);
    ++counters_.commits;
    counters_.committed_events += batch.events.size();
    if (!status.ok()) {
      stopping_ = true;
      std::vector<Answer> ended;
      end_parked_polls(ended);
      lock.unlock();
      deliver(ended);
      // Nothing more is written: a later batch would leave a gap in a history.
      return;
    }
    // A closed run's events are read from the store once they are in it.
    for (const std::string& run_id : closed) {
      auto it = runs_.find(run_id);
      if (it != runs_.end() && !it->second->open) std::vector<std::string>().swap(it->second->events);
    }
  }
}

EngineCounters Engine::counters() {
  Lock lock(mu_);
  EngineCounters c = counters_;
  c.open_executions = open_runs_.size();
  c.waiting_pollers = parked_.size();
  return c;
}

}  // namespace simpleflow::server::internal
