// Activities and workflows that the conformance cases (cases/*.json) replay.
// Each workflow says which cases use it. Names mirror Python simpleflow's test
// suite (tests/data/activities.py), so that ids such as
// activity-tests.data.activities.increment-1 are the ones Python computes.
#include <stdexcept>
#include <string>
#include <vector>

#include "simpleflow/simpleflow.hpp"

namespace tests::data::activities {

int increment(int x) { return x + 1; }
int double_(int x) { return x * 2; }  // `double` is a C++ keyword: renamed below
int triple(int x) { return x * 3; }
int increment_retry(int x) { return x + 1; }
void print_message(std::string message) { (void)message; }
void raise_on_failure() { throw std::runtime_error("error"); }
void raise_error() { throw std::runtime_error("error"); }
int prioritized(int x) { return x; }
std::string keyed(std::string key) { return key; }
simpleflow::Json echo(simpleflow::Json value) { return value; }
int configured(int x) { return x; }

struct Tetra {
  explicit Tetra(int x) : x(x) {}
  int execute() const { return x * 4; }
  int x;
};

}  // namespace tests::data::activities

namespace act = tests::data::activities;

SIMPLEFLOW_ACTIVITY(tests::data::activities::increment, {.version = "test"});
SIMPLEFLOW_ACTIVITY(tests::data::activities::double_, {.name = "tests.data.activities.double", .version = "test"});
SIMPLEFLOW_ACTIVITY(tests::data::activities::triple, {.version = "test", .idempotent = true, .params = {"x"}});
SIMPLEFLOW_ACTIVITY(tests::data::activities::increment_retry, {.version = "test", .retry = 1});
SIMPLEFLOW_ACTIVITY(tests::data::activities::print_message, {.version = "test"});
SIMPLEFLOW_ACTIVITY(tests::data::activities::raise_on_failure, {.version = "test", .raises_on_failure = true});
SIMPLEFLOW_ACTIVITY(tests::data::activities::raise_error, {.version = "test"});
SIMPLEFLOW_ACTIVITY(tests::data::activities::prioritized, {.version = "test", .task_priority = 10});
SIMPLEFLOW_ACTIVITY(tests::data::activities::keyed,
                    {.version = "test",
                     .get_task_id = [](const simpleflow::Arguments& a) { return a.args.at(0).get<std::string>(); }});
SIMPLEFLOW_ACTIVITY(tests::data::activities::echo, {.version = "test", .idempotent = true});
SIMPLEFLOW_ACTIVITY(tests::data::activities::configured,
                    {.version = "test", .task_list = "special", .start_to_close_timeout = 60,
                     .schedule_to_close_timeout = 120, .schedule_to_start_timeout = 30, .heartbeat_timeout = "NONE",
                     .meta = simpleflow::Json{{"owner", "tests"}}});
SIMPLEFLOW_ACTIVITY_CLASS(tests::data::activities::Tetra, (int), {.version = "test"});

namespace tests::conformance {

using simpleflow::Json;
using simpleflow::child_workflow;
namespace futures = simpleflow::futures;

// How a failed future failed, for workflows that return it.
std::string error_of(std::exception_ptr e) {
  try {
    std::rethrow_exception(e);
  } catch (const simpleflow::TaskFailed& f) {
    return f.reason();
  } catch (const simpleflow::TimeoutError& t) {
    return "TimeoutError(" + t.timeout_type() + ")";
  } catch (...) {
    return "other";
  }
}

// input_*; nondeterminism_type_changed, nondeterminism_missing_task.
class InputWorkflow : public simpleflow::Workflow {
 public:
  int run(int a) { return submit(act::increment, a).result(); }
};

// two_tasks_*, task_still_running, schedule_failed_type_missing, cancel_requested*,
// decision_task_timed_out, input_missing, malformed_*: double depends on increment.
class TwoTasksWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto a = submit(act::increment, 1);
    auto b = submit(act::double_, a);
    return b.result();
  }
};

// same_task_twice*: increment-1 then increment-2.
class SameTaskWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto a = submit(act::increment, 1);
    return submit(act::increment, a).result();
  }
};

// shared_future*: two tasks wait for the same future.
class SharedFutureWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto a = submit(act::increment, 1);
    auto b = submit(act::double_, a);
    auto c = submit(act::increment, a);
    return Json::array({b.result(), c.result()});
  }
};

// deferral_*: submit(double_, a) with `a` unfinished schedules nothing and
// does not stop the replay.
class DeferralWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto a = submit(act::increment, 1);
    auto c = submit(act::increment, 10);
    auto b = submit(act::double_, a);
    futures::wait(b, c);
    return Json::array({b.result(), c.result()});
  }
};

// map*, schedule_failed_registers_once: map(increment, [0, 1, 2]).
class MapWorkflow : public simpleflow::Workflow {
 public:
  std::vector<int> run() { return futures::wait(map(act::increment, std::vector<int>{0, 1, 2})); }
};

// retry_*, timeout_retry: increment_retry has retry = 1.
class RetryWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto a = submit(act::increment_retry, 7);
    futures::wait(a);
    if (a.exception()) return nullptr;  // gave up: Python's result is None
    return a.result();
  }
};

// The child of the child_* cases (never replayed itself).
class ChildWorkflow : public simpleflow::Workflow {
 public:
  int run(int x) { return submit(act::increment, x).result(); }
};

// child_*: one child workflow, which raises on failure (the default).
class ParentWorkflow : public simpleflow::Workflow {
 public:
  int run(int x) { return submit(child_workflow<ChildWorkflow>, x).result(); }
};

// max_decisions_*, open_activity_limit_*: map(increment, range(n)).
class ManyTasksWorkflow : public simpleflow::Workflow {
 public:
  void run(int n) {
    std::vector<int> items;
    for (int i = 0; i < n; ++i) items.push_back(i);
    futures::wait(map(act::increment, items));
  }
};

// open_activity_limit_from_workflow: the class sets max_open_activity_count = 3.
class FewOpenActivitiesWorkflow : public simpleflow::Workflow {
 public:
  void run() { futures::wait(map(act::increment, std::vector<int>{0, 1, 2, 3, 4})); }
};

// request_size_*: two messages of `length` characters, which may not fit one
// response.
class BigMessagesWorkflow : public simpleflow::Workflow {
 public:
  void run(int length) {
    std::string message(length, '*');
    auto a = submit(act::print_message, message);
    auto b = submit(act::print_message, message);
    futures::wait(a, b);
  }
};

// failure_from_run: run() throws.
class RaisingWorkflow : public simpleflow::Workflow {
 public:
  int run() { throw std::runtime_error("boom"); }
};

// raises_on_failure, timeout_raises, void_activity_completed: the activity
// raises on failure.
class RaisesOnFailureWorkflow : public simpleflow::Workflow {
 public:
  void run() { submit(act::raise_on_failure).result(); }
};

// on_failure_fail: Workflow::fail after a failed activity (on_failure is overridden).
class FailWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    auto r = submit(act::raise_error);
    futures::wait(r);
    if (r.exception()) fail("error");
  }
  void on_failure(const simpleflow::History&, const std::string& reason, const std::string&) override {
    failed_reason = reason;
  }
  std::string failed_reason;
};

// timeout_no_retry, timeout_heartbeat: the future carries a TimeoutError with
// the scheduled timeout.
class TimeoutWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto a = submit(act::increment, 1);
    futures::wait(a);
    try {
      return a.result();
    } catch (const simpleflow::TimeoutError& e) {
      return Json{{"timeout_type", e.timeout_type()}, {"timeout_value", e.timeout_value()}};
    }
  }
};

// task_naming: counters, idempotent md5 ids (deduplicated), class activities.
class TaskNamingWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    auto a = submit(act::increment, 0);
    auto b = submit(act::increment, 0);
    auto c = submit(act::triple, 1);
    auto d = submit(act::triple, 2);
    auto e = submit(act::triple, 2);
    auto f = submit(simpleflow::activity_class<act::Tetra>, 1);
    futures::wait(a, b, c, d, e, f);
  }
};

// child_naming_explicit_id: the child's id comes from get_workflow_id.
class ChildWithId : public simpleflow::Workflow {
 public:
  int run(std::string) { return 42; }
};
class ChildWithIdParentWorkflow : public simpleflow::Workflow {
 public:
  void run() { futures::wait(submit(child_workflow<ChildWithId>, "workflow-child-one-1")); }
};

// child_naming_idempotent: an idempotent child gets an md5 suffix.
class IdempotentChild : public simpleflow::Workflow {
 public:
  int run(int) { return 42; }
};
class IdempotentChildParentWorkflow : public simpleflow::Workflow {
 public:
  void run() { futures::wait(submit(child_workflow<IdempotentChild>, 1)); }
};

// run_context: returns get_run_context().
class RunContextWorkflow : public simpleflow::Workflow {
 public:
  Json run() { return get_run_context(); }
};

// markers_*: three markers, two with the same name; returns the last details
// and list_markers().
class MarkersWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto m1 = submit(record_marker("First marker"));
    auto m2 = submit(record_marker("First marker", "again"));
    auto m3 = submit(record_marker("Second marker", Json{{"what", "Details for second marker"}, {"date", "2018-01-01"}}));
    futures::wait(m1, m2, m3);
    return Json{{"m3", m3.result()}, {"last", pairs(list_markers())}, {"all", pairs(list_markers(true))}};
  }

 private:
  static Json pairs(const std::vector<simpleflow::Marker>& markers) {
    Json out = Json::array();
    for (const auto& m : markers) out.push_back(Json::array({m.name, m.details}));
    return out;
  }
};

// close_keeps_markers_and_signals: run() returns with a marker, a signal and
// an activity gathered: the schedule is dropped, the others precede the close.
class CloseKeepsWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    submit(act::increment, 1);
    submit(record_marker("done"));
    submit(signal("finished", 1).to("other-workflow", "other-run"));
    return 42;
  }
};

// fail_keeps_decisions: Workflow::fail keeps what was gathered (no wake-up
// timer after it, although a marker was recorded).
class FailKeepsWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    submit(act::increment, 1);
    submit(start_timer("later", 10));
    submit(record_marker("failing"));
    fail("stop", "some details");
  }
};

// timer_*: waits for a 60 s timer.
class TimerWorkflow : public simpleflow::Workflow {
 public:
  std::string run() {
    auto t = submit(start_timer("pause", 60));
    futures::wait(t);
    return simpleflow::to_string(t.state());
  }
};

// cancel_timer_*: starts a timer, cancels it once increment is done.
class CancelTimerWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto t = submit(start_timer("pause", 3600));
    submit(act::increment, 1).result();
    auto c = submit(cancel_timer("pause"));
    futures::wait(c);
    return Json{{"timer", simpleflow::to_string(t.state())}, {"cancel", simpleflow::to_string(c.state())}};
  }
};

// wait_signal_*, propagate_*: waits for "go" and "abort"; returns go's input.
class WaitSignalWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto go = submit(wait_signal("go"));
    submit(wait_signal("abort"));
    return go.result();
  }
};

// signal_clears_context, propagate_with_completed_task: after the signal, schedules an activity.
class SignalThenWorkWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    submit(wait_signal("go")).result();
    return submit(act::increment, 1).result();
  }
};

// signal_send_*: signals another execution and waits for the delivery.
class SendSignalWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto sent = submit(signal("ping", 1, 2).to("other-workflow", "other-run"));
    futures::wait(sent);
    try {
      return sent.result();
    } catch (const simpleflow::TaskFailed& e) {
      return "failed: " + e.reason();
    }
  }
};

// propagate_to_children, propagate_not_back_to_sender: a started child and a
// propagated signal.
class PropagatingParentWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto child = submit(child_workflow<ChildWorkflow>, 1);
    auto ping = submit(wait_signal("ping"));
    futures::wait(child, ping);
    return ping.result();
  }
};

// propagate_not_to_parent: propagate_signals_to_parent = false.
class NoParentPropagationWorkflow : public simpleflow::Workflow {
 public:
  Json run() { return submit(wait_signal("ping")).result(); }
};

// cancel_requested_ignored: should_cancel() says no.
class IgnoreCancelWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(act::double_, submit(act::increment, 1)).result(); }
  bool should_cancel(const simpleflow::History&) override { return false; }
};

// continue_as_new: continues while the value is below 10, after a marker and
// an activity that is dropped.
class ContinueAsNewWorkflow : public simpleflow::Workflow {
 public:
  int run(int n) {
    int v = submit(act::increment, n).result();
    if (v < 10) {
      submit(act::triple, v);
      submit(record_marker("continuing", v));
      continue_as_new(v);
    }
    return v;
  }
};

// failure_after_marker: run() throws after gathering a marker and an activity.
class RaiseAfterMarkerWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    submit(act::increment, 1);
    submit(record_marker("before-failure"));
    throw std::runtime_error("late");
  }
};

// on_task_failure_*: the input picks what on_task_failure decides; run()
// returns the future's state and what the hook saw.
class OnTaskFailureWorkflow : public simpleflow::Workflow {
 public:
  Json run(std::string mode) {
    mode_ = mode;
    auto a = submit(act::increment, 1);
    futures::wait(a);
    Json out{{"state", simpleflow::to_string(a.state())}, {"seen", seen_}};
    if (a.finished()) {
      if (auto e = a.exception()) out["error"] = error_of(e);
      else out["result"] = a.raw_result();
    }
    return out;
  }

  void on_task_failure(simpleflow::TaskFailureContext& f) override {
    seen_ = Json{{"task_id", f.task_id},       {"task_name", f.task_name}, {"reason", f.reason},
                 {"task_error", f.task_error}, {"retry_count", f.retry_count}, {"attempt", f.attempt_number()}};
    if (mode_ == "abort") f.decide_abort();
    else if (mode_ == "ignore") f.decide_ignore(7);
    else if (mode_ == "cancel") f.decide_cancel();
    else if (mode_ == "retry_now") f.decide_retry();
    else if (mode_ == "retry_later") f.decide_retry(30);
  }

 private:
  std::string mode_;
  Json seen_;
};

// priorities: workflow 5 < activity 10 < submit option 20.
class PriorityWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    const auto& def = *simpleflow::Registry::global().find_activity("tests.data.activities.increment");
    auto a = submit(act::increment, 1);
    auto b = submit(act::prioritized, 2);
    auto c = submit(def, simpleflow::Arguments{Json::array({3})}, {.task_priority = 20});
    futures::wait(a, b, c);
  }
};

// activity_canceled: ActivityTaskCanceled makes the future CANCELLED.
class StateWorkflow : public simpleflow::Workflow {
 public:
  std::string run() {
    auto a = submit(act::increment, 1);
    futures::wait(a);
    return simpleflow::to_string(a.state());
  }
};

// cancel_running_activity: cancels the activity when the deadline fires.
class CancelActivityWorkflow : public simpleflow::Workflow {
 public:
  std::string run() {
    auto a = submit(act::increment, 1);
    futures::wait(submit(start_timer("deadline", 60)));
    if (!a.done()) a.cancel();
    return simpleflow::to_string(a.state());
  }
};

// cancel_running_child: cancels the child when the deadline fires.
class CancelChildWorkflow : public simpleflow::Workflow {
 public:
  std::string run() {
    auto c = submit(child_workflow<ChildWorkflow>, 1);
    futures::wait(submit(start_timer("deadline", 60)));
    if (!c.done()) c.cancel();
    return simpleflow::to_string(c.state());
  }
};

// nondeterminism_swallowed_blocked: a catch (...) that swallows ExecutionBlocked.
class SwallowBlockedWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    try {
      return submit(act::increment, 1).result();
    } catch (...) {
      return -1;
    }
  }
};

// child_retry: a child workflow with retry = 1.
class RetriedChild : public simpleflow::Workflow {
 public:
  int run(int x) { return x; }
};
class RetriedChildParentWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(child_workflow<RetriedChild>, 1).result(); }
};

// child_attributes: a child with its own task list, child policy and the
// parent's tags; the parent's priority does not apply to children (Python).
class ChildWithAttributes : public simpleflow::Workflow {
 public:
  int run(int x) { return x; }
};
class ChildAttributesParentWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(child_workflow<ChildWithAttributes>, 1).result(); }
};

// canvas_group_*: a Group of three tasks, two at a time.
class GroupWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    simpleflow::Group group({.max_parallel = 2});
    for (int i = 0; i < 3; ++i) group.append(act::increment, i);
    auto all = submit(group);
    futures::wait(all);
    return all.raw_result();
  }
};

// canvas_chain_*: increment(1), then double on its result.
class ChainWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    simpleflow::Chain chain({.send_result = true});
    chain.append(act::increment, 1).append(act::double_);
    auto all = submit(chain);
    futures::wait(all);
    return all.futures().back().raw_result();
  }
};

// idempotent_task_completed: an idempotent task found by its md5 id.
class IdempotentWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(act::triple, 1).result(); }
};

// idempotent_kwargs: keyword arguments are part of the md5 id.
class KwargsWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    const auto& triple = *simpleflow::Registry::global().find_activity("tests.data.activities.triple");
    futures::wait(submit(triple, simpleflow::Arguments{Json::array(), Json{{"x", 2}}}));
  }
};

// custom_task_id, long_task_id: ids from get_task_id (truncated past 256).
class KeyedWorkflow : public simpleflow::Workflow {
 public:
  void run(std::string key) { futures::wait(submit(act::keyed, key)); }
};

// json_dialect: non-ASCII text and floats in inputs and md5 ids.
class DialectWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    auto a = submit(act::echo, Json("caf\u00e9 \u2615 \U0001F600"));
    auto b = submit(act::echo, Json::array({1.0, 0.1, 1e16, 1e-7, -0.0, 123456789.125, 3}));
    futures::wait(a, b);
  }
};

// activity_options: task list, timeouts and meta of the activity.
class ConfiguredWorkflow : public simpleflow::Workflow {
 public:
  void run() { futures::wait(submit(act::configured, 1)); }
};

// signal_self: a signal without target goes to this execution.
class SignalSelfWorkflow : public simpleflow::Workflow {
 public:
  void run() { futures::wait(submit(signal("hello", 1))); }
};

}  // namespace tests::conformance

// Most workflows take the attributes of Python's BaseTestWorkflow.
#define CONFORMANCE_WORKFLOW(cls, ...)                                                                     \
  SIMPLEFLOW_WORKFLOW(tests::conformance::cls, {.name = "test_workflow", .version = "test_version",        \
                                                .task_list = "test_task_list", .execution_timeout = 3600, \
                                                .decision_tasks_timeout = 300 __VA_OPT__(, ) __VA_ARGS__})

CONFORMANCE_WORKFLOW(InputWorkflow, .params = {"a"});
CONFORMANCE_WORKFLOW(TwoTasksWorkflow);
CONFORMANCE_WORKFLOW(SameTaskWorkflow);
CONFORMANCE_WORKFLOW(SharedFutureWorkflow);
CONFORMANCE_WORKFLOW(DeferralWorkflow);
CONFORMANCE_WORKFLOW(MapWorkflow);
CONFORMANCE_WORKFLOW(RetryWorkflow);
SIMPLEFLOW_WORKFLOW(tests::conformance::ChildWorkflow, {.name = "test_child", .version = "test_version",
                                                        .task_list = "test_task_list", .execution_timeout = 3600});
CONFORMANCE_WORKFLOW(ParentWorkflow);
CONFORMANCE_WORKFLOW(ManyTasksWorkflow);
CONFORMANCE_WORKFLOW(FewOpenActivitiesWorkflow, .max_open_activity_count = 3);
CONFORMANCE_WORKFLOW(BigMessagesWorkflow);
CONFORMANCE_WORKFLOW(RaisingWorkflow);
CONFORMANCE_WORKFLOW(RaisesOnFailureWorkflow);
CONFORMANCE_WORKFLOW(FailWorkflow);
CONFORMANCE_WORKFLOW(TimeoutWorkflow);
CONFORMANCE_WORKFLOW(TaskNamingWorkflow);
SIMPLEFLOW_WORKFLOW(tests::conformance::ChildWithId,
                    {.name = "test_child_with_id", .version = "test_version", .task_list = "test_task_list",
                     .execution_timeout = 3600,
                     .get_workflow_id = [](const simpleflow::Arguments& a) { return a.args.at(0).get<std::string>(); }});
CONFORMANCE_WORKFLOW(ChildWithIdParentWorkflow);
SIMPLEFLOW_WORKFLOW(tests::conformance::IdempotentChild,
                    {.name = "test_idempotent_child", .version = "test_version", .task_list = "test_task_list",
                     .execution_timeout = 3600, .idempotent = true});
CONFORMANCE_WORKFLOW(IdempotentChildParentWorkflow);
CONFORMANCE_WORKFLOW(RunContextWorkflow);
CONFORMANCE_WORKFLOW(MarkersWorkflow);
CONFORMANCE_WORKFLOW(CloseKeepsWorkflow);
CONFORMANCE_WORKFLOW(FailKeepsWorkflow);
CONFORMANCE_WORKFLOW(TimerWorkflow);
CONFORMANCE_WORKFLOW(CancelTimerWorkflow);
CONFORMANCE_WORKFLOW(WaitSignalWorkflow);
CONFORMANCE_WORKFLOW(SignalThenWorkWorkflow);
CONFORMANCE_WORKFLOW(SendSignalWorkflow);
CONFORMANCE_WORKFLOW(PropagatingParentWorkflow);
CONFORMANCE_WORKFLOW(NoParentPropagationWorkflow, .propagate_signals_to_parent = false);
CONFORMANCE_WORKFLOW(IgnoreCancelWorkflow);
CONFORMANCE_WORKFLOW(ContinueAsNewWorkflow, .child_policy = "TERMINATE", .tag_list = {"tag1"}, .params = {"n"});
CONFORMANCE_WORKFLOW(RaiseAfterMarkerWorkflow);
CONFORMANCE_WORKFLOW(OnTaskFailureWorkflow, .params = {"mode"});
CONFORMANCE_WORKFLOW(PriorityWorkflow, .task_priority = 5);
CONFORMANCE_WORKFLOW(StateWorkflow);
CONFORMANCE_WORKFLOW(CancelActivityWorkflow);
CONFORMANCE_WORKFLOW(CancelChildWorkflow);
CONFORMANCE_WORKFLOW(SwallowBlockedWorkflow);
SIMPLEFLOW_WORKFLOW(tests::conformance::RetriedChild, {.name = "test_retried_child", .version = "test_version",
                                                       .task_list = "test_task_list", .execution_timeout = 3600,
                                                       .retry = 1});
CONFORMANCE_WORKFLOW(RetriedChildParentWorkflow);
SIMPLEFLOW_WORKFLOW(tests::conformance::ChildWithAttributes,
                    {.name = "test_child_attributes", .version = "test_version", .task_list = "child_list",
                     .child_policy = "ABANDON", .tag_list = {simpleflow::kInheritTagList}});
CONFORMANCE_WORKFLOW(ChildAttributesParentWorkflow, .task_priority = 5);
CONFORMANCE_WORKFLOW(GroupWorkflow);
CONFORMANCE_WORKFLOW(ChainWorkflow);
CONFORMANCE_WORKFLOW(IdempotentWorkflow);
CONFORMANCE_WORKFLOW(KeyedWorkflow);
CONFORMANCE_WORKFLOW(KwargsWorkflow);
CONFORMANCE_WORKFLOW(DialectWorkflow);
CONFORMANCE_WORKFLOW(ConfiguredWorkflow);
CONFORMANCE_WORKFLOW(SignalSelfWorkflow);
