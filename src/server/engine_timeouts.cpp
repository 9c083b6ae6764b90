// Timers and timeouts: one ordered set of deadlines on the injected clock,
// checked lazily against the run's current state when they come due.
#include <chrono>

#include "server/engine.hpp"

namespace simpleflow::server::internal {

void Engine::add_due(double at, Due due) {
  bool earliest = due_.empty() || at < due_.begin()->first;
  due_.emplace(at, std::move(due));
  if (earliest) due_changed_.notify_one();
}

std::optional<double> Engine::next_due() {
  Lock lock(mu_);
  if (due_.empty()) return std::nullopt;
  return due_.begin()->first;
}

size_t Engine::fire_due() {
  size_t fired = 0;
  std::vector<Answer> answers;  // of polls given the tasks timeouts scheduled
  {
    Lock lock(mu_);
    if (stopping_) return 0;  // the committer may be gone
    if (writes_refused_) return 0;  // they fire once the store takes writes again
    double at = clock_.now();
    while (!due_.empty() && due_.begin()->first <= at) {
      Due due = std::move(due_.begin()->second);
      due_.erase(due_.begin());
      if (fire(due, at)) ++fired;
    }
    counters_.timeouts_fired += fired;
    enforce_history_limit();
    if (!pending_.empty() || !dirty_runs_.empty()) commit_wanted_.notify_one();
    serve_waiters(answers);
  }
  deliver(answers);
  return fired;
}

bool Engine::fire(const Due& due, double at) {
  auto it = runs_.find(due.run_id);
  if (it == runs_.end()) return false;
  Execution& e = *it->second;
  if (due.kind == DueKind::kPurge) {
    if (e.open) return false;
    pending_.deleted_runs.push_back(e.run_id);
    dirty_runs_.erase(e.run_id);
    runs_.erase(it);
    return true;
  }
  if (!e.open) return false;
  switch (due.kind) {
    case DueKind::kActivityScheduleToStart:
    case DueKind::kActivityScheduleToClose:
    case DueKind::kActivityStartToClose:
    case DueKind::kActivityHeartbeat: {
      ActivityState* a = find_activity(e, due.event_id);
      if (!a) return false;
      const char* timeout_type = "SCHEDULE_TO_CLOSE";
      if (due.kind == DueKind::kActivityScheduleToStart) {
        if (a->started_event_id != 0) return false;
        timeout_type = "SCHEDULE_TO_START";
      } else if (due.kind == DueKind::kActivityStartToClose) {
        if (a->started_event_id == 0) return false;
        timeout_type = "START_TO_CLOSE";
      } else if (due.kind == DueKind::kActivityHeartbeat) {
        if (a->started_event_id == 0) return false;
        double last = std::max(a->started_at, heartbeats_count_from_);
        auto beat = e.heartbeats.find(a->scheduled_event_id);
        if (beat != e.heartbeats.end()) last = std::max(last, beat->second.at);
        double deadline = last + duration_seconds(a->heartbeat).value_or(0);
        if (deadline > at) {
          add_due(deadline, due);
          return false;
        }
        timeout_type = "HEARTBEAT";
      }
      Json attributes = {{"timeoutType", timeout_type},
                         {"scheduledEventId", a->scheduled_event_id},
                         {"startedEventId", a->started_event_id}};
      auto beat = e.heartbeats.find(a->scheduled_event_id);
      if (beat != e.heartbeats.end() && beat->second.has_details) attributes["details"] = beat->second.details;
      add_event(e, "ActivityTaskTimedOut", std::move(attributes));
      request_decision(e);
      return true;
    }
    case DueKind::kDecisionStartToClose:
    case DueKind::kDecisionScheduleToStart: {
      bool start_to_close = due.kind == DueKind::kDecisionStartToClose;
      if (start_to_close ? e.decision.started_event_id != due.event_id
                         : e.decision.scheduled_event_id != due.event_id || e.decision.started_event_id != 0) {
        return false;
      }
      // A temporary override of the task list ends with its task's timeout.
      if (!e.task_list_before_override.empty()) {
        e.task_list = e.task_list_before_override;
        e.task_list_before_override.clear();
        e.override_schedule_to_start.clear();
      }
      add_event(e, "DecisionTaskTimedOut",
                {{"timeoutType", start_to_close ? "START_TO_CLOSE" : "SCHEDULE_TO_START"},
                 {"scheduledEventId", e.decision.scheduled_event_id},
                 {"startedEventId", e.decision.started_event_id}});
      request_decision(e);
      return true;
    }
    case DueKind::kTimer: {
      auto timer = e.timers.find(due.name);
      if (timer == e.timers.end() || timer->second.started_event_id != due.event_id) return false;
      add_event(e, "TimerFired", {{"timerId", due.name}, {"startedEventId", due.event_id}});
      request_decision(e);
      return true;
    }
    case DueKind::kExecution:
      time_out_run(e);
      return true;
    case DueKind::kPurge:
      break;
  }
  return false;
}

void Engine::timer_loop() {
  Lock lock(mu_);
  while (!stopping_) {
    if (due_.empty() || writes_refused_) {
      due_changed_.wait(lock);
      continue;
    }
    double wait = due_.begin()->first - clock_.now();
    if (wait > 0) {
      due_changed_.wait_for(lock, std::chrono::duration<double>(std::min(wait, 60.0)));
      continue;
    }
    lock.unlock();
    fire_due();
    lock.lock();
  }
}

}  // namespace simpleflow::server::internal
