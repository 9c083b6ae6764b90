// The engine's lifecycle, the dispatch of calls, and group commit.
#include "server/engine.hpp"

#include <spdlog/spdlog.h>

#include <chrono>
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

const std::map<std::string_view, Engine::Operation>& Engine::operations() {
  // only_reads: served while the store refuses writes. Polls are, since
  // they wait then rather than start a task.
  static const std::map<std::string_view, Operation> table = {
      {"RegisterDomain", {&Engine::register_domain, false}},
      {"DescribeDomain", {&Engine::describe_domain, true}},
      {"ListDomains", {&Engine::list_domains, true}},
      {"DeprecateDomain", {&Engine::deprecate_domain, false}},
      {"UndeprecateDomain", {&Engine::undeprecate_domain, false}},
      {"RegisterWorkflowType", {&Engine::register_workflow_type, false}},
      {"RegisterActivityType", {&Engine::register_activity_type, false}},
      {"DescribeWorkflowType", {&Engine::describe_workflow_type, true}},
      {"DescribeActivityType", {&Engine::describe_activity_type, true}},
      {"ListWorkflowTypes", {&Engine::list_workflow_types, true}},
      {"ListActivityTypes", {&Engine::list_activity_types, true}},
      {"DeprecateWorkflowType", {&Engine::deprecate_workflow_type, false}},
      {"DeprecateActivityType", {&Engine::deprecate_activity_type, false}},
      {"UndeprecateWorkflowType", {&Engine::undeprecate_workflow_type, false}},
      {"UndeprecateActivityType", {&Engine::undeprecate_activity_type, false}},
      {"DeleteWorkflowType", {&Engine::delete_workflow_type, false}},
      {"DeleteActivityType", {&Engine::delete_activity_type, false}},
      {"TagResource", {&Engine::tag_resource, false}},
      {"UntagResource", {&Engine::untag_resource, false}},
      {"ListTagsForResource", {&Engine::list_tags_for_resource, true}},
      {"StartWorkflowExecution", {&Engine::start_workflow_execution, false}},
      {"SignalWorkflowExecution", {&Engine::signal_workflow_execution, false}},
      {"RequestCancelWorkflowExecution", {&Engine::request_cancel_workflow_execution, false}},
      {"TerminateWorkflowExecution", {&Engine::terminate_workflow_execution, false}},
      {"DescribeWorkflowExecution", {&Engine::describe_workflow_execution, true}},
      {"GetWorkflowExecutionHistory", {&Engine::get_workflow_execution_history, true}},
      {"ListOpenWorkflowExecutions", {&Engine::list_open_workflow_executions, true}},
      {"ListClosedWorkflowExecutions", {&Engine::list_closed_workflow_executions, true}},
      {"CountOpenWorkflowExecutions", {&Engine::count_open_workflow_executions, true}},
      {"CountClosedWorkflowExecutions", {&Engine::count_closed_workflow_executions, true}},
      {"CountPendingActivityTasks", {&Engine::count_pending_activity_tasks, true}},
      {"CountPendingDecisionTasks", {&Engine::count_pending_decision_tasks, true}},
      {"PollForDecisionTask", {&Engine::poll_for_decision_task, true}},
      {"PollForActivityTask", {&Engine::poll_for_activity_task, true}},
      {"RespondDecisionTaskCompleted", {&Engine::respond_decision_task_completed, false}},
      {"RespondActivityTaskCompleted", {&Engine::respond_activity_task_completed, false}},
      {"RespondActivityTaskFailed", {&Engine::respond_activity_task_failed, false}},
      {"RespondActivityTaskCanceled", {&Engine::respond_activity_task_canceled, false}},
      {"RecordActivityTaskHeartbeat", {&Engine::record_activity_task_heartbeat, false}},
  };
  return table;
}

Engine::Engine(std::unique_ptr<Store> store, std::unique_ptr<Store> reader, const Clock& clock, EngineOptions options)
    : store_(std::move(store)), reader_(std::move(reader)), clock_(clock), options_(std::move(options)) {}

Engine::~Engine() { stop(); }

double Engine::now() const { return std::round(clock_.now() * 1000) / 1000; }

Status Engine::start() {
  {
    Lock lock(mu_);
    if (Status loaded = load_state(); !loaded.ok()) return loaded;
  }
  spdlog::info("server store {}: {} domains, {} types, {} executions ({} open)", store_->path(), domains_.size(),
               types_.size(), runs_.size(), open_runs_.size());
  committer_ = std::thread([this] { commit_loop(); });
  expiry_thread_ = std::thread([this] { expiry_loop(); });
  if (options_.run_timer_thread) timer_thread_ = std::thread([this] { timer_loop(); });
  return OkStatus();
}

Status Engine::load_state() {
  StatusOr<LoadedState> loaded = store_->load();
  if (!loaded.ok()) return loaded.status();
  domains_.clear();
  types_.clear();
  runs_.clear();
  open_runs_.clear();
  due_.clear();
  // Parked polls stay where they are; their lists get the stored tasks.
  for (auto& [key, q] : queues_) q->entries.clear();
  woken_.clear();
  for (DomainRecord& d : loaded->domains) domains_[d.name] = std::move(d);
  for (TypeRecord& t : loaded->types) {
    types_[{t.domain, static_cast<int>(t.kind), t.name, t.version}] = std::move(t);
  }
  for (Execution& loaded_run : loaded->executions) {
    auto run = std::make_unique<Execution>(std::move(loaded_run));
    Execution& e = *run;
    if (e.open) {
      if (Status s = replay_stored_events(e); !s.ok()) return s;
      open_runs_[{e.domain, e.workflow_id}] = e.run_id;
    } else {
      schedule_purge(e);
    }
    runs_[e.run_id] = std::move(run);
  }
  return OkStatus();
}

Status Engine::replay_stored_events(Execution& e) {
  // The decision task list, which RespondDecisionTaskCompleted can move, is
  // the stored one, not the one the events start with.
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
      if (writes_refused_ && !wait_for_writable_store(lock)) return;
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
    if (!status.ok()) {
      if (status.code() == StatusCode::kUnavailable && roll_back(seq, status)) continue;
      fail_for_good(seq, status);
      return;
    }
    std::vector<Answer> ready;
    {
      std::lock_guard<std::mutex> lock(durable_mu_);
      durable_batch_ = seq;
      ready = take_durable_answers(/*all=*/false);  // of this batch and of earlier ones
    }
    for (Answer& a : ready) a.done(std::move(a.reply));
    Lock lock(mu_);
    ++counters_.commits;
    counters_.committed_events += batch.events.size();
    // A closed run's events are read from the store once they are in it.
    for (const std::string& run_id : closed) {
      auto it = runs_.find(run_id);
      if (it != runs_.end() && !it->second->open) std::vector<std::string>().swap(it->second->events);
    }
  }
}

bool Engine::roll_back(uint64_t failed, const Status& why) {
  std::vector<Answer> undone;
  bool reloaded;
  {
    Lock lock(mu_);
    {
      std::lock_guard<std::mutex> durable(durable_mu_);
      // Batches `failed` to next_batch_ (the one being gathered) are lost:
      // their answers are handed out now, as faults.
      lost_from_.push_back(failed);
      ++epoch_;
      last_write_failure_ = why.message();
      durable_batch_ = next_batch_++;
      undone = take_durable_answers(/*all=*/false);
    }
    pending_ = WriteBatch{};
    dirty_runs_.clear();
    closed_in_batch_.clear();
    Status loaded = load_state();
    reloaded = loaded.ok();
    if (!reloaded) {
      spdlog::critical("server store: after a failed write ({}), the store cannot be read back: {}", why.message(),
                       loaded.message());
      give_up_locked(why.message() + "; then " + loaded.message());  // what memory holds is not the store's
    } else {
      auto now = std::chrono::steady_clock::now();
      bool again_soon = last_recovery_ && now - *last_recovery_ < std::chrono::seconds(60);
      probe_interval_ = again_soon ? std::min(probe_interval_ * 2, 30.0) : 1.0;
      if (!writes_refused_) {
        spdlog::error("server store: a write failed ({}); the server is back to what it had written, and refuses the "
                      "calls that write until the store takes writes again",
                      why.message());
        writes_refused_since_ = clock_.now();
      }
      writes_refused_ = why.message();
    }
  }
  for (Answer& a : undone) a.done(std::move(a.reply));
  return reloaded;
}

bool Engine::wait_for_writable_store(Lock& lock) {
  auto since = std::chrono::steady_clock::now();
  auto last_report = since;
  while (writes_refused_) {
    commit_wanted_.wait_for(lock, std::chrono::duration<double>(probe_interval_), [&] { return stopping_; });
    if (stopping_) return false;
    lock.unlock();
    Status probe = store_->probe();
    lock.lock();
    auto now = std::chrono::steady_clock::now();
    if (probe.ok()) {
      spdlog::warn("server store: writes succeed again after {:.0f} s; serving every call",
                   std::chrono::duration<double>(now - since).count());
      writes_refused_.reset();
      last_recovery_ = now;
      postpone_task_timeouts(writes_refused_since_, clock_.now());
      wake_all_queues();
      std::vector<Answer> answers;
      serve_waiters(answers);
      due_changed_.notify_all();
      lock.unlock();
      deliver(answers);
      lock.lock();
      return true;
    }
    if (now - last_report > std::chrono::seconds(60)) {
      last_report = now;
      spdlog::error("server store: writes still fail ({}), for {:.0f} s; calls that write are refused",
                    probe.message(), std::chrono::duration<double>(now - since).count());
    }
    writes_refused_ = probe.message();
  }
  return true;
}

void Engine::postpone_task_timeouts(double refused_from, double refused_until) {
  double delay = refused_until - refused_from;
  if (delay <= 0) return;
  std::multimap<double, Due> later;
  for (auto it = due_.begin(); it != due_.end();) {
    bool task = it->second.kind != DueKind::kTimer && it->second.kind != DueKind::kExecution &&
                it->second.kind != DueKind::kPurge;
    if (task && it->first >= refused_from) {
      later.emplace(it->first + delay, std::move(it->second));
      it = due_.erase(it);
    } else {
      ++it;
    }
  }
  due_.merge(later);
  heartbeats_count_from_ = refused_until;
}

void Engine::give_up_locked(const std::string& why) {
  gave_up_ = why;
  stopping_ = true;  // nothing more is written: a later batch would leave a gap in a history
}

void Engine::fail_for_good(uint64_t failed, const Status& why) {
  std::string reason = why.message();
  spdlog::critical("server store failed, refusing every call: {}", reason);
  std::vector<Answer> ready, ended;
  {
    Lock lock(mu_);
    if (!gave_up_) give_up_locked(reason);
    reason = *gave_up_;
    end_parked_polls(ended);
    due_changed_.notify_all();
    poll_deadline_changed_.notify_all();
    std::lock_guard<std::mutex> durable(durable_mu_);
    store_failure_ = reason;
    failed_after_ = std::min(failed_after_, failed);
    durable_batch_ = std::max(durable_batch_, failed);
    ready = take_durable_answers(/*all=*/true);  // every answer, now a fault
  }
  for (Answer& a : ready) a.done(std::move(a.reply));
  deliver(ended);
  if (options_.on_failure) options_.on_failure(reason);
}

std::optional<std::string> Engine::failure() {
  std::lock_guard<std::mutex> lock(durable_mu_);
  return store_failure_;
}


EngineCounters Engine::counters() {
  Lock lock(mu_);
  EngineCounters c = counters_;
  c.open_executions = open_runs_.size();
  c.waiting_pollers = parked_.size();
  return c;
}

}  // namespace simpleflow::server::internal
