// Running calls without holding threads: a handler runs under the lock on
// the submitting thread; a poll that finds no task parks on its task list
// until a task comes or its deadline passes; an answer is handed out once
// the batch it depends on is durable.
#include <spdlog/spdlog.h>

#include <algorithm>

#include "server/engine.hpp"

namespace simpleflow::server::internal {
namespace {

constexpr size_t kMaxPollersPerTaskList = 1000;

// Retryable (HTTP 503): the server serves again once its store takes writes.
Fault writes_refused(const std::string& why) {
  return Fault{"ServiceUnavailableException", "The server cannot write its store (" + why + "); retry later", 503};
}

// Not retryable: the server will not serve again until it is restarted.
Fault gave_up(const std::string& why) {
  return Fault{"InternalFailure", "The server's store failed and the server gave up (" + why + "); restart it", 500};
}

}  // namespace

uint64_t Engine::submit(std::string_view operation, Json request, Done done, ClientProbe client_waiting) {
  auto handler = operations().find(operation);
  if (handler == operations().end()) {
    done(fault_reply(Fault{"UnknownOperationException", "unknown operation " + std::string(operation)}));
    return 0;
  }
  std::vector<Answer> answers;
  uint64_t parked = 0;
  {
    Lock lock(mu_);
    if (stopping_ || (writes_refused_ && !handler->second.only_reads)) {
      Fault fault = gave_up_    ? gave_up(*gave_up_)
                    : stopping_ ? Fault{"ServiceUnavailableException", "the server is stopping", 503}
                                : writes_refused(*writes_refused_);
      lock.unlock();
      done(fault_reply(std::move(fault)));
      return 0;
    }
    parked = run(handler->second.handler, operation, std::move(request), std::move(done), std::move(client_waiting),
                 PollMode{}, answers);
    serve_waiters(answers);
  }
  deliver(answers);
  return parked;
}

void Engine::abandon(uint64_t id) {
  Waiter dropped;
  {
    Lock lock(mu_);
    if (!parked_.count(id)) return;
    dropped = unpark(id);
    ++counters_.abandoned_polls;
  }
  // `dropped` goes here, outside the lock: its `done` may close a connection.
}

uint64_t Engine::run(Handler handler, std::string_view operation, Json request, Done done, ClientProbe client_waiting,
                     PollMode mode, std::vector<Answer>& answers) {
  ++counters_.calls;
  reply_events().clear();
  reply_has_events() = false;
  poll_mode_ = mode;
  Reply reply;
  try {
    reply.body = (this->*handler)(request);
    reply.has_events = reply_has_events();
    if (reply.has_events) reply.events = std::move(reply_events());
  } catch (const Parked& parked) {
    --counters_.calls;  // counted when it is answered
    SteadyTime deadline = mode.deadline.value_or(
        std::chrono::steady_clock::now() + std::chrono::duration_cast<std::chrono::steady_clock::duration>(
                                               std::chrono::duration<double>(options_.long_poll_seconds)));
    return park(*parked.queue,
                Waiter{mode.waiter_id, handler, std::string(operation), std::move(request), std::move(done),
                       std::move(client_waiting), deadline, {}},
                /*front=*/mode.deadline.has_value());
  } catch (const FaultError& f) {
    reply.fault = f.fault;
  } catch (const Json::exception& e) {
    // The request passed the shape check, so this is a value the shapes
    // allow but a handler cannot read; handlers read before they write.
    reply.fault = Fault{"ValidationException", std::string("invalid request: ") + e.what()};
  } catch (const std::exception& e) {
    spdlog::error("{} failed: {}", operation, e.what());
    reply.fault = Fault{"InternalFailure", std::string("internal error: ") + e.what(), 500};
  }
  if (reply.fault) ++counters_.faults;
  enforce_history_limit();
  uint64_t ticket = visible_ticket();
  if (ticket == next_batch_) commit_wanted_.notify_one();
  answers.push_back(Answer{ticket, epoch_, std::move(reply), std::move(done)});
  return 0;
}

std::optional<Engine::QueueEntry> Engine::take(bool decision, const std::string& domain, const std::string& task_list) {
  TaskQueue& q = queue(decision, domain, task_list);
  // Starting a task is a write: while writes are refused, polls wait.
  while (!writes_refused_ && !q.entries.empty()) {
    QueueEntry entry = *q.entries.begin();
    q.entries.erase(q.entries.begin());
    if (entry_valid(decision, entry)) return entry;
  }
  if (stopping_ || !poll_mode_.may_park) return std::nullopt;
  if (!poll_mode_.deadline && q.waiters.size() >= kMaxPollersPerTaskList) {
    fail("LimitExceededFault", "Too many pollers on task list " + task_list);
  }
  throw Parked{&q};
}

uint64_t Engine::park(TaskQueue& q, Waiter waiter, bool front) {
  if (waiter.id == 0) waiter.id = ++waiter_seq_;
  bool earliest = poll_deadlines_.empty() || waiter.deadline < poll_deadlines_.begin()->first;
  waiter.expiry = poll_deadlines_.emplace(waiter.deadline, waiter.id);
  uint64_t id = waiter.id;
  auto it = front ? q.waiters.insert(q.waiters.begin(), std::move(waiter)) : q.waiters.insert(q.waiters.end(), std::move(waiter));
  parked_[id] = {&q, it};
  if (earliest) poll_deadline_changed_.notify_one();
  return id;
}

Engine::Waiter Engine::unpark(uint64_t waiter_id) {
  auto found = parked_.find(waiter_id);
  auto [q, it] = found->second;
  parked_.erase(found);
  Waiter waiter = std::move(*it);
  q->waiters.erase(it);
  poll_deadlines_.erase(waiter.expiry);
  return waiter;
}

void Engine::serve_waiters(std::vector<Answer>& answers) {
  if (writes_refused_) return;  // wake_all_queues() serves them later
  while (!woken_.empty()) {
    TaskQueue* q = woken_.back();
    woken_.pop_back();
    while (!q->waiters.empty() && !q->entries.empty()) {
      Waiter waiter = unpark(q->waiters.front().id);
      // A poll whose client left (killed, say) would lose the task until
      // its timeout: it is dropped, and the next poll gets the task.
      if (waiter.client_waiting && !waiter.client_waiting()) {
        ++counters_.abandoned_polls;
        continue;
      }
      resume(std::move(waiter), /*may_park=*/true, answers);
    }
  }
}

void Engine::expiry_loop() {
  Lock lock(mu_);
  while (!stopping_) {
    if (poll_deadlines_.empty()) {
      poll_deadline_changed_.wait(lock);
      continue;
    }
    auto now = std::chrono::steady_clock::now();
    if (poll_deadlines_.begin()->first > now) {
      poll_deadline_changed_.wait_until(lock, poll_deadlines_.begin()->first);
      continue;
    }
    std::vector<Answer> answers;
    while (!poll_deadlines_.empty() && poll_deadlines_.begin()->first <= now) {
      resume(unpark(poll_deadlines_.begin()->second), /*may_park=*/false, answers);
    }
    serve_waiters(answers);
    lock.unlock();
    deliver(answers);
    lock.lock();
  }
}

void Engine::wake_all_queues() {
  for (auto& [key, q] : queues_) {
    if (!q->waiters.empty() && !q->entries.empty()) woken_.push_back(q.get());
  }
}

void Engine::end_parked_polls(std::vector<Answer>& answers) {
  while (!parked_.empty()) resume(unpark(parked_.begin()->first), /*may_park=*/false, answers);
}

void Engine::resume(Waiter w, bool may_park, std::vector<Answer>& answers) {
  run(w.handler, w.operation, std::move(w.request), std::move(w.done), std::move(w.client_waiting),
      PollMode{may_park, w.deadline, w.id}, answers);
}

void Engine::deliver(std::vector<Answer>& answers) {
  std::vector<Answer> ready;
  {
    std::lock_guard<std::mutex> lock(durable_mu_);
    for (Answer& a : answers) {
      if (durable_batch_ >= a.ticket || store_failure_) {
        a.reply = durable_reply(a);
        ready.push_back(std::move(a));
      } else {
        awaiting_durable_.push_back(std::move(a));
      }
    }
  }
  answers.clear();
  for (Answer& a : ready) a.done(std::move(a.reply));
}

std::vector<Engine::Answer> Engine::take_durable_answers(bool all) {
  auto waiting = std::partition(awaiting_durable_.begin(), awaiting_durable_.end(), [&](const Answer& a) {
    return !all && a.ticket > durable_batch_ && !store_failure_;
  });
  std::vector<Answer> ready;
  for (auto it = waiting; it != awaiting_durable_.end(); ++it) {
    it->reply = durable_reply(*it);
    ready.push_back(std::move(*it));
  }
  awaiting_durable_.erase(waiting, awaiting_durable_.end());
  return ready;
}

Reply Engine::durable_reply(Answer& answer) const {
  if (answer.epoch < lost_from_.size() && answer.ticket >= lost_from_[answer.epoch]) {
    return fault_reply(Fault{"ServiceUnavailableException",
                             "The server could not write its store (" + last_write_failure_ +
                                 "): what this call did may not have been saved; retry later",
                             503});
  }
  if (durable_batch_ >= answer.ticket && answer.ticket < failed_after_) return std::move(answer.reply);
  if (store_failure_) return fault_reply(gave_up(*store_failure_));
  return fault_reply(Fault{"ServiceUnavailableException", "the server stopped before this call's changes were written", 503});
}

}  // namespace simpleflow::server::internal
