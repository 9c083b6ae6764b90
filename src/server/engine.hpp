// The server's state machine: SWF's operations on domains, types and
// executions, task lists with long polls, timers and timeouts. It keeps
// everything in memory under one mutex and writes every change to the Store
// through a committer thread that groups the changes of concurrent calls into
// one transaction; a call is answered only once what it changed, and what it
// read, is durable. No thread ever waits for a call: a long poll with no task
// is parked on its task list, and an answer waiting for its commit is handed
// out by the committer.
#pragma once

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <functional>
#include <list>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>
#include <unordered_map>
#include <unordered_set>

#include "core/swf_names.hpp"
#include "server/records.hpp"
#include "server/store.hpp"
#include "simpleflow/clock.hpp"
#include "simpleflow/server.hpp"

namespace simpleflow::server::internal {

// An SWF fault: `type` is the name after '#' in `__type`.
struct Fault {
  std::string type;
  std::string message;
  int http_status = 400;
};

struct Reply {
  Json body = Json::object();
  // History events, as JSON text, that go into the body's "events" member
  // without being parsed and printed again.
  std::vector<std::string> events;
  bool has_events = false;
  std::optional<Fault> fault;
};
// The reply's body as JSON text.
std::string reply_text(const Reply& reply);

// Thrown by handlers before they change anything; call() turns it into a Reply.
struct FaultError {
  Fault fault;
};

struct EngineOptions {
  double long_poll_seconds = 60;
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  bool run_timer_thread = true;  // false: the test calls fire_due()
  // SWF's per-execution limits; tests lower them.
  size_t max_open_activities = 1000;
  size_t max_open_timers = 1000;
  size_t max_open_children = 1000;
  size_t max_history_events = 25000;
  // Called once, on the committer thread, if the engine gives up (see
  // failure()). Must not call stop().
  std::function<void(const std::string& why)> on_failure;
};

// What the engine counts is what the server reports.
using EngineCounters = ServerCounters;

class Engine {
 public:
  // `reader` is a second Store on the same files, for closed histories.
  Engine(std::unique_ptr<Store> store, std::unique_ptr<Store> reader, const Clock& clock, EngineOptions options);
  ~Engine();
  Engine(const Engine&) = delete;
  Engine& operator=(const Engine&) = delete;

  // Loads the store and starts the committer (and timer) threads.
  Status start();
  // Why the engine gave up, once it did (its store cannot be read back after
  // a failed write); it then refuses every call. `on_failure` of the options
  // is called once, from the committer thread, when that happens.
  std::optional<std::string> failure();
  // Ends long polls with empty tasks, refuses new calls, lets the calls in
  // flight finish and writes what they changed. Idempotent.
  void stop();

  // Called once with the answer of a call, never under the engine's lock:
  // on the thread that submitted it, or later on one of the engine's threads
  // (the committer, the one that ends long polls, the timer) or on a thread
  // that submitted another call. It must not block.
  using Done = std::function<void(Reply)>;

  // Whether the client of a call still waits for its answer; thread-safe,
  // cheap. Empty: it does.
  using ClientProbe = std::function<bool()>;

  // Runs `operation` (already checked against the API's shapes) and hands
  // its answer to `done` once the changes the answer depends on are durable;
  // a long poll with no task waits for one without holding the thread, and
  // is given a task only while `client_waiting` says so (else it is dropped,
  // `done` uncalled). Returns the id of such a waiting poll, for abandon(),
  // or 0 when the call is answered or about to be. Thread-safe.
  uint64_t submit(std::string_view operation, Json request, Done done, ClientProbe client_waiting = {});

  // Drops the waiting poll `id` (from submit()), if it still waits: its
  // `done` is destroyed uncalled, its task list keeps its tasks. Thread-safe.
  void abandon(uint64_t id);

  // Applies every timer and timeout due at the clock's now(); returns how
  // many fired. Thread-safe.
  size_t fire_due();
  // The clock time of the next timer or timeout, if any. Thread-safe.
  std::optional<double> next_due();

  EngineCounters counters();

 private:
  using Lock = std::unique_lock<std::mutex>;
  using Handler = Json (Engine::*)(const Json&);
  struct QueueEntry {
    int priority;
    uint64_t seq;
    std::string run_id;
    int64_t scheduled_event_id;
    bool operator<(const QueueEntry& o) const {
      return priority != o.priority ? priority > o.priority : seq < o.seq;
    }
  };
  using SteadyTime = std::chrono::steady_clock::time_point;
  using PollDeadlines = std::multimap<SteadyTime, uint64_t>;  // -> waiter id
  // A long poll that found no task.
  struct Waiter {
    uint64_t id;
    Handler handler;
    std::string operation;
    Json request;
    Done done;
    ClientProbe client_waiting;
    SteadyTime deadline;
    PollDeadlines::iterator expiry;
  };
  struct TaskQueue {
    std::set<QueueEntry> entries;  // may hold stale entries, dropped when met
    std::list<Waiter> waiters;     // first come, first served
  };
  // Thrown by take() when a poll must wait; nothing has changed yet.
  struct Parked {
    TaskQueue* queue;
  };
  // An answer, and the batch that must be durable before it is handed out.
  struct Answer {
    uint64_t ticket;
    uint64_t epoch;  // of the state it was made from (see lost_from_)
    Reply reply;
    Done done;
  };
  // How the handler being run may treat an empty task list.
  struct PollMode {
    bool may_park = true;
    // Set for a parked poll run again: it keeps its deadline, its place
    // and its id.
    std::optional<SteadyTime> deadline;
    uint64_t waiter_id = 0;
  };
  enum class DueKind { kActivityScheduleToStart, kActivityScheduleToClose, kActivityStartToClose, kActivityHeartbeat,
                       kDecisionStartToClose, kDecisionScheduleToStart, kTimer, kExecution, kPurge };
  struct Due {
    DueKind kind;
    std::string run_id;
    int64_t event_id;  // the entity's scheduled/started/timer-started event
    std::string name;  // the timer id
  };

  struct Operation {
    Handler handler;
    bool only_reads;
  };
  static const std::map<std::string_view, Operation>& operations();

  // Registration (engine_registration.cpp)
  Json register_domain(const Json&);
  Json describe_domain(const Json&);
  Json list_domains(const Json&);
  Json deprecate_domain(const Json&);
  Json undeprecate_domain(const Json&);
  Json register_workflow_type(const Json&);
  Json register_activity_type(const Json&);
  Json describe_workflow_type(const Json&);
  Json describe_activity_type(const Json&);
  Json list_workflow_types(const Json&);
  Json list_activity_types(const Json&);
  Json deprecate_workflow_type(const Json&);
  Json deprecate_activity_type(const Json&);
  Json undeprecate_workflow_type(const Json&);
  Json undeprecate_activity_type(const Json&);
  Json delete_workflow_type(const Json&);
  Json delete_activity_type(const Json&);
  Json tag_resource(const Json&);
  Json untag_resource(const Json&);
  Json list_tags_for_resource(const Json&);
  // The types of one kind in a domain, in name and version order.
  std::vector<const TypeRecord*> types_of(const std::string& domain, TypeKind kind) const;
  Json register_type(TypeKind kind, const Json& request);
  Json describe_type(TypeKind kind, const Json& request);
  Json list_types(TypeKind kind, const Json& request);
  Json set_type_status(TypeKind kind, const Json& request, bool deprecate);
  Json delete_type(TypeKind kind, const Json& request);
  Json set_domain_status(const Json& request, bool deprecate);
  DomainRecord& domain_named(const Json& name, bool for_write = false);
  TypeRecord& type_named(TypeKind kind, const std::string& domain, const Json& type);
  DomainRecord& domain_of_arn(const Json& arn);
  std::string domain_arn(const std::string& name) const;

  // Executions (engine_executions.cpp)
  Json start_workflow_execution(const Json&);
  Json signal_workflow_execution(const Json&);
  Json request_cancel_workflow_execution(const Json&);
  Json terminate_workflow_execution(const Json&);
  Json describe_workflow_execution(const Json&);
  Json get_workflow_execution_history(const Json&);
  Json list_open_workflow_executions(const Json&);
  Json list_closed_workflow_executions(const Json&);
  Json count_open_workflow_executions(const Json&);
  Json count_closed_workflow_executions(const Json&);
  Json count_pending_activity_tasks(const Json&);
  Json count_pending_decision_tasks(const Json&);
  Json list_executions(const Json& request, bool open);
  size_t count_executions(const Json& request, bool open);
  bool matches(const Execution& e, const Json& request, bool open) const;
  Json execution_info(const Execution& e) const;

  // Starting and closing runs (engine_lifecycle.cpp)
  struct StartSpec {
    std::string domain, workflow_id;
    const TypeRecord* type = nullptr;
    Json attributes;  // WorkflowExecutionStarted's, without resolved defaults
    std::string continued_from;
    std::string run_id;  // "" for a new one
  };
  // Resolves defaults; returns the failure cause (DEFAULT_..._UNDEFINED) or "".
  std::string resolve_start(StartSpec& spec) const;
  Execution& start_run(StartSpec spec);
  // Records the closing event (its type sets the close status), frees the
  // workflow id and schedules the purge.
  void close_run(Execution& e, const std::string& event_type, Json attributes);
  // `children`: the parent's open children before it closed.
  void apply_child_policy(Execution& parent, const std::string& policy, const std::map<int64_t, ChildState>& children);
  void time_out_run(Execution& e);
  void schedule_purge(const Execution& e);
  void notify_parent(Execution& child, const std::string& event_type, Json attributes);
  void terminate_run(Execution& e, Json attributes);
  void request_cancel_run(Execution& e, Json attributes);
  void signal_run(Execution& e, Json attributes);
  Execution* open_run(const std::string& domain, const std::string& workflow_id, const std::string& run_id = "");
  Execution& run_of(const std::string& domain, const Json& execution);

  // Tasks (engine_tasks.cpp)
  Json poll_for_decision_task(const Json&);
  Json poll_for_activity_task(const Json&);
  Json respond_decision_task_completed(const Json&);
  Json respond_activity_task_completed(const Json&);
  Json respond_activity_task_failed(const Json&);
  Json respond_activity_task_canceled(const Json&);
  Json record_activity_task_heartbeat(const Json&);
  TaskQueue& queue(bool decision, const std::string& domain, const std::string& task_list);
  // Adds a scheduled task to its list; serve_waiters() hands it to a parked poll.
  void enqueue(bool decision, const std::string& domain, const std::string& task_list, int priority,
               const std::string& run_id, int64_t scheduled_event_id);
  Json count_pending(bool decision, const Json& request);
  // A valid entry of the queue; throws Parked when the poll may wait for
  // one (see poll_mode_), else nullopt.
  std::optional<QueueEntry> take(bool decision, const std::string& domain, const std::string& task_list);
  // Calls (engine_calls.cpp). run() runs a handler under the lock; its
  // answer goes to `answers`, or the poll parks and run() returns its id.
  uint64_t run(Handler handler, std::string_view operation, Json request, Done done, ClientProbe client_waiting,
           PollMode mode, std::vector<Answer>& answers);
  // Returns the waiter's id, kept when it parks again.
  uint64_t park(TaskQueue& q, Waiter waiter, bool front);
  Waiter unpark(uint64_t waiter_id);
  // Runs a parked poll again: to serve it a task, or (may_park false) to
  // end it with none.
  void resume(Waiter waiter, bool may_park, std::vector<Answer>& answers);
  // Hands the tasks enqueued since the last call to parked polls.
  void serve_waiters(std::vector<Answer>& answers);
  // After writes are taken again: parked polls get the tasks that wait.
  void wake_all_queues();
  // Ends the parked polls past their deadline, with no task.
  void expiry_loop();
  // Ends every parked poll, with no task (stopping).
  void end_parked_polls(std::vector<Answer>& answers);
  // Outside the lock: hands out the answers whose batch is durable and
  // keeps the others for the committer.
  void deliver(std::vector<Answer>& answers);
  Json decision_task_page(Execution& e, int64_t from_event, int64_t until_event, size_t page_size, bool reverse,
                          const std::string& task_token);
  std::pair<Execution*, ActivityState*> activity_of_token(const Json& request);
  bool entry_valid(bool decision, const QueueEntry& entry) const;
  void finish_activity(Execution& e, ActivityState& a, const char* event_type, Json attributes);

  // Decisions (engine_decisions.cpp)
  struct DecisionContext {
    Execution& e;
    int64_t completed_id = 0;  // the DecisionTaskCompleted event
    bool unhandled = false;    // events came while the decider worked
  };
  // Refuses, before anything changes, decisions without their attributes.
  static void check_decisions(const Json& decisions);
  void apply_decisions(DecisionContext& c, const Json& decisions);
  void decide_schedule_activity(DecisionContext& c, const Json& attributes);
  void decide_request_cancel_activity(DecisionContext& c, const Json& attributes);
  void decide_start_timer(DecisionContext& c, const Json& attributes);
  void decide_cancel_timer(DecisionContext& c, const Json& attributes);
  void decide_start_child(DecisionContext& c, const Json& attributes);
  void decide_signal_external(DecisionContext& c, const Json& attributes);
  void decide_cancel_external(DecisionContext& c, const Json& attributes);
  void decide_continue_as_new(DecisionContext& c, const Json& attributes);
  // A decision's failure event, which asks for a new decision.
  void decision_failed(DecisionContext& c, const std::string& type, Json attributes);

  // History (history_fold.cpp): appends an event, folds it into the run's
  // state and queues it for the store.
  int64_t add_event(Execution& e, const std::string& type, Json attributes);
  void fold(Execution& e, const std::string& type, const Json& attributes, int64_t id, double timestamp);
  static bool asks_for_decision(std::string_view event_type);
  // Schedules a decision task unless one is outstanding; marks a started one
  // as having unhandled events.
  void request_decision(Execution& e);
  std::vector<std::string> events_of(const Execution& e, int64_t first, int64_t last);
  // The events of the reply of the call the current thread is handling.
  static std::vector<std::string>& reply_events();
  static bool& reply_has_events();

  // Timers and timeouts (engine_timeouts.cpp)
  void add_due(double at, Due due);
  bool fire(const Due& due, double now);
  void timer_loop();

  // Terminates the runs changed by the current call that reached the history
  // size limit, as SWF does (engine.cpp).
  void enforce_history_limit();

  // Durability (engine.cpp)
  // Replaces the state in memory by the store's; under mu_.
  Status load_state();
  // Folds an open run's stored events into its state.
  Status replay_stored_events(Execution& e);
  // After batch `failed` could not be written: the state goes back to the
  // store's, the answers that depend on what was lost get a retryable
  // fault, and calls that write are refused until the store takes writes
  // again. False when the engine cannot go on (the store cannot be read).
  bool roll_back(uint64_t failed, const Status& why);
  // While writes are refused: probes the store every second; true once it
  // takes writes again, false when stopping. Under mu_ (`lock`).
  bool wait_for_writable_store(Lock& lock);
  // Gives up: answers every call in flight and every later one with an
  // InternalFailure that says `why`.
  void fail_for_good(uint64_t failed, const Status& why);
  // Marks the engine as given up, under mu_: no call runs from now on.
  void give_up_locked(const std::string& why);
  // Task timeouts (activities', decisions') that came due while writes were
  // refused move later by as long: workers and deciders could not report.
  // Timers and execution timeouts keep their time. Under mu_.
  void postpone_task_timeouts(double refused_from, double refused_until);
  void mark_dirty(const Execution& e) { dirty_runs_.insert(e.run_id); }
  uint64_t visible_ticket() const;
  // The answer to hand out once batch `ticket` is durable, or the store's
  // failure when it never will be. Under durable_mu_.
  Reply durable_reply(Answer& answer) const;
  // Takes out of awaiting_durable_ the answers whose batch is durable (all
  // of them when `all`), their replies final. Under durable_mu_.
  std::vector<Answer> take_durable_answers(bool all);
  void commit_loop();
  double now() const;

  std::unique_ptr<Store> store_, reader_;
  const Clock& clock_;
  EngineOptions options_;

  std::mutex mu_;  // guards all below but the durable_* members
  bool stopping_ = false;
  std::map<std::string, DomainRecord> domains_;
  std::map<std::tuple<std::string, int, std::string, std::string>, TypeRecord> types_;
  std::unordered_map<std::string, std::unique_ptr<Execution>> runs_;
  std::map<std::pair<std::string, std::string>, std::string> open_runs_;  // (domain, workflow id) -> run id
  std::map<std::tuple<bool, std::string, std::string>, std::unique_ptr<TaskQueue>> queues_;
  std::multimap<double, Due> due_;
  std::condition_variable due_changed_;
  uint64_t queue_seq_ = 0;
  // Parked polls: where each one waits, and when each one ends.
  std::unordered_map<uint64_t, std::pair<TaskQueue*, std::list<Waiter>::iterator>> parked_;
  PollDeadlines poll_deadlines_;
  std::condition_variable poll_deadline_changed_;
  uint64_t waiter_seq_ = 0;
  std::vector<TaskQueue*> woken_;  // queues given a task while polls wait on them
  PollMode poll_mode_;
  EngineCounters counters_;

  WriteBatch pending_;
  std::unordered_set<std::string> dirty_runs_;
  std::vector<std::string> closed_in_batch_;
  uint64_t next_batch_ = 1;    // the sequence number of pending_
  std::condition_variable commit_wanted_;

  // Set while the store refuses writes (a full disk, say): calls that
  // write are refused, polls get no task, timers wait.
  std::optional<std::string> writes_refused_;
  double writes_refused_since_ = 0;  // clock time
  // A heartbeat timeout counts from here at the earliest (the end of the
  // last refusal of writes).
  double heartbeats_count_from_ = 0;
  // Seconds between probes of a store that refuses writes: doubled (up to
  // 30) when writes fail again soon after they came back, so that a nearly
  // full disk is not reloaded every second.
  double probe_interval_ = 1;
  std::optional<std::chrono::steady_clock::time_point> last_recovery_;
  std::optional<std::string> gave_up_;  // why the engine gave up, if it did
  uint64_t epoch_ = 0;  // the number of roll_back()s; also under durable_mu_

  std::mutex durable_mu_;
  std::vector<Answer> awaiting_durable_;
  uint64_t durable_batch_ = 0;
  // lost_from_[e]: answers made in epoch e with tickets from it on saw a
  // state that was rolled back.
  std::vector<uint64_t> lost_from_;
  std::string last_write_failure_;
  std::optional<std::string> store_failure_;  // set when the engine gave up
  uint64_t failed_after_ = UINT64_MAX;  // batches from this one on are lost

  std::mutex reader_mu_;
  std::mutex stop_mu_;
  std::thread committer_, timer_thread_, expiry_thread_;
};

// "activityTaskScheduledEventAttributes" for "ActivityTaskScheduled".
inline std::string event_member(std::string_view type) {
  return simpleflow::internal::attributes_member(type, "EventAttributes");
}
// Seconds from an API duration ("30"); nullopt for "NONE".
std::optional<double> duration_seconds(const std::string& value);

// Run ids: 44 characters of base64, as SWF's.
std::string new_run_id();
// Fault helpers.
Reply fault_reply(Fault fault);
[[noreturn]] void fail(std::string type, std::string message);
[[noreturn]] void unknown_resource(std::string message);
[[noreturn]] void validation(std::string message);

}  // namespace simpleflow::server::internal
