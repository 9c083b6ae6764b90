// Workflows of the replay tests that reach what the examples do not,
// registered as sftest.replay_workflows.<Class>. replay_workflows_test.cpp
// runs them.
#include <map>
#include <stdexcept>
#include <string>

#include "simpleflow/simpleflow.hpp"

namespace sftest::replay_workflows {

using simpleflow::Json;

int plus_one(int x) { return x + 1; }
int add(int a, int b) { return a + b; }
int triple(int x) { return 3 * x; }  // idempotent: its id is the md5 of its arguments
int named(int x) { return x; }       // get_task_id: "item-<x>"
int long_id(int x) { return x; }     // get_task_id: 300 characters

// ---- Task ids ---------------------------------------------------------------

class IdempotentWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto a = submit(triple, 1), b = submit(triple, 1), c = submit(triple, 2);
    return a.result() + b.result() + c.result() + submit(named, 7).result();
  }
};

class TaggedChild : public simpleflow::Workflow {
 public:
  int run(int x) { return x; }
};

// A task id over 256 characters; a child with its own id, task list and the
// parent's tags.
class NamingWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(long_id, 1).result() + submit(simpleflow::child_workflow<TaggedChild>, 2).result(); }
};

// ---- Canvas, and tasks submitted in a later replay ---------------------------

class MaxParallelWorkflow : public simpleflow::Workflow {
 public:
  Json run(int n) {
    simpleflow::Group group({.max_parallel = 2});
    for (int i = 0; i < n; ++i) group.append(plus_one, i);
    auto all = submit(group);
    simpleflow::futures::wait(all);
    return all.raw_result();
  }
};

// b waits for a's result; c, submitted after b, is ready at once. The three
// are the same activity, numbered by one counter.
class DeferredThenReadyWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto a = submit(add, 1, 1);
    auto b = submit(add, a, 10);
    auto c = submit(add, 100, 100);
    return Json::array({b.result(), c.result()});
  }
};

// The group's second item goes once the first is done; c is ready at once.
class MaxParallelThenReadyWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    simpleflow::Group group({.max_parallel = 1});
    group.append(add, 1, 1).append(add, 2, 2);
    auto all = submit(group);
    auto c = submit(add, 100, 100);
    simpleflow::futures::wait(all);
    return Json::array({all.raw_result(), c.result()});
  }
};

// The same with a chain.
class ChainThenReadyWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    simpleflow::Chain chain;
    chain.append(add, 1, 1).append(add, 2, 2);
    auto all = submit(chain);
    auto c = submit(add, 100, 100);
    simpleflow::futures::wait(all);
    return Json::array({all.futures().back().raw_result(), c.result()});
  }
};

// ---- Failures ------------------------------------------------------------------

// Fails on the first two attempts of each execution (the simulator runs
// activities in this process).
int fails_twice(int x) {
  static std::map<std::string, int> attempts;
  const auto& context = simpleflow::activity_context();
  if (++attempts[context.workflow_id + " " + context.run_id] < 3) throw std::runtime_error("not yet");
  return x + 1;
}
int always_fails() { throw std::runtime_error("never"); }

class FailsWorkflow : public simpleflow::Workflow {
 public:
  void run(bool explicitly) {
    submit(plus_one, 1).result();
    if (explicitly) fail("bad things", "details");
    throw std::runtime_error("boom");
  }
};

class RetryLaterWorkflow : public simpleflow::Workflow {
 public:
  int run(int x) { return submit(fails_twice, x).result(); }
  void on_task_failure(simpleflow::TaskFailureContext& failure) override {
    if (failure.attempt_number() < 3) failure.decide_retry(60);
  }
};

class IgnoreFailureWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(always_fails).result(); }
  void on_task_failure(simpleflow::TaskFailureContext& failure) override { failure.decide_ignore(42); }
};

// ---- Children ------------------------------------------------------------------

class CountdownChild : public simpleflow::Workflow {
 public:
  int run(int i) {
    if (i <= 0) return 42;
    continue_as_new(i - 1);
  }
};

class CountdownParent : public simpleflow::Workflow {
 public:
  int run(int i) { return submit(simpleflow::child_workflow<CountdownChild>, i).result() + 1; }
};

class FailingChild : public simpleflow::Workflow {
 public:
  int run() {
    submit(plus_one, 1).result();
    throw std::runtime_error("child boom");
  }
};

// The child's failure fails the parent (raises_on_failure, a workflow's default).
class FailingChildParent : public simpleflow::Workflow {
 public:
  int run() { return submit(simpleflow::child_workflow<FailingChild>).result(); }
};

class WaitingChild : public simpleflow::Workflow {
 public:
  Json run() { return submit(wait_signal("go")).result(); }
};

// Cancels its child (which waits for a signal that never comes) once an
// activity is done.
class CancelingParent : public simpleflow::Workflow {
 public:
  int run() {
    auto child = submit(simpleflow::child_workflow<WaitingChild>);
    int x = submit(plus_one, 1).result();
    bool canceled = child.cancel();
    int y = submit(plus_one, x).result();  // later replays meet the child's cancel
    return submit(plus_one, y).result() + (canceled ? 100 : 0);
  }
};

// ---- Signals ---------------------------------------------------------------------

// Signals itself; the signal propagates to its child, which waits for it.
class PropagatingParent : public simpleflow::Workflow {
 public:
  Json run() {
    submit(signal("go", 1));
    return submit(simpleflow::child_workflow<WaitingChild>).result();
  }
};

// A grandchild signals its parent; the signal propagates up to the grandparent.
class SignalingGrandchild : public simpleflow::Workflow {
 public:
  void run() {
    auto context = get_run_context();
    simpleflow::futures::wait(submit(signal("up", 7).to(context.parent_workflow_id, context.parent_run_id)));
  }
};

class MiddleChild : public simpleflow::Workflow {
 public:
  void run() { simpleflow::futures::wait(submit(simpleflow::child_workflow<SignalingGrandchild>)); }
};

class Grandparent : public simpleflow::Workflow {
 public:
  Json run() {
    auto up = submit(wait_signal("up"));
    simpleflow::futures::wait(submit(simpleflow::child_workflow<MiddleChild>));
    return up.result();
  }
};

// Waits for a signal that it sends itself, then for an activity.
class SignalThenWorkWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto go = submit(wait_signal("go"));
    submit(signal("go"));
    go.result();
    return submit(plus_one, 1).result();
  }
};

// ---- Canceling an activity, changed code, text ---------------------------------------

class CancelWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto a = submit(plus_one, 1);
    auto b = submit(plus_one, 10);
    int r = a.result();
    bool canceled = b.cancel();
    int s = submit(plus_one, r).result();  // later replays meet b's cancel in the history
    return s + (canceled ? 100 : 0) + (b.cancelled() ? 1000 : 0);
  }
};

// A first version, and a second one that no longer submits the first's tasks.
class VersionOne : public simpleflow::Workflow {
 public:
  int run() { return submit(plus_one, submit(plus_one, 1)).result(); }
};

class VersionTwo : public simpleflow::Workflow {
 public:
  int run() { return submit(triple, 1).result(); }
};

std::string greet(const std::string& who, double x) { return "h\u00e9llo " + who + " " + std::to_string(x); }

// Non-ASCII text and floats through inputs and results.
class UnicodeWorkflow : public simpleflow::Workflow {
 public:
  Json run(const std::string& who) {
    auto text = submit(greet, who, 0.1);
    return Json{{"text", text.result()}, {"again", submit(greet, text, 1e-7).result()}};
  }
};

// Registered from inside the namespace: the names are the full dotted ones all the same.
SIMPLEFLOW_ACTIVITY(plus_one);
SIMPLEFLOW_ACTIVITY(add);
SIMPLEFLOW_ACTIVITY(triple, {.idempotent = true});
SIMPLEFLOW_ACTIVITY(named, {.get_task_id = [](const simpleflow::Arguments& a) { return "item-" + a.args.at(0).dump(); }});
SIMPLEFLOW_ACTIVITY(long_id, {.get_task_id = [](const simpleflow::Arguments&) { return std::string(300, 'x'); }});
SIMPLEFLOW_ACTIVITY(fails_twice);
SIMPLEFLOW_ACTIVITY(always_fails);
SIMPLEFLOW_ACTIVITY(greet);

SIMPLEFLOW_WORKFLOW(IdempotentWorkflow);
SIMPLEFLOW_WORKFLOW(TaggedChild,
                    {.tag_list = {simpleflow::kInheritTagList},
                     .params = {"x"},
                     .get_workflow_id = [](const simpleflow::Arguments& a) { return "child-" + a.args.at(0).dump(); },
                     .get_task_list = [](const simpleflow::Arguments&) { return std::string("children"); }});
SIMPLEFLOW_WORKFLOW(NamingWorkflow, {.tag_list = {"a", "b"}});
SIMPLEFLOW_WORKFLOW(MaxParallelWorkflow, {.params = {"n"}});
SIMPLEFLOW_WORKFLOW(DeferredThenReadyWorkflow);
SIMPLEFLOW_WORKFLOW(MaxParallelThenReadyWorkflow);
SIMPLEFLOW_WORKFLOW(ChainThenReadyWorkflow);
SIMPLEFLOW_WORKFLOW(FailsWorkflow, {.params = {"explicitly"}});
SIMPLEFLOW_WORKFLOW(RetryLaterWorkflow, {.params = {"x"}});
SIMPLEFLOW_WORKFLOW(IgnoreFailureWorkflow);
SIMPLEFLOW_WORKFLOW(CountdownChild, {.params = {"i"}});
SIMPLEFLOW_WORKFLOW(CountdownParent, {.params = {"i"}});
SIMPLEFLOW_WORKFLOW(FailingChild);
SIMPLEFLOW_WORKFLOW(FailingChildParent);
SIMPLEFLOW_WORKFLOW(WaitingChild);
SIMPLEFLOW_WORKFLOW(CancelingParent);
SIMPLEFLOW_WORKFLOW(PropagatingParent);
SIMPLEFLOW_WORKFLOW(SignalingGrandchild);
SIMPLEFLOW_WORKFLOW(MiddleChild);
SIMPLEFLOW_WORKFLOW(Grandparent);
SIMPLEFLOW_WORKFLOW(SignalThenWorkWorkflow);
SIMPLEFLOW_WORKFLOW(CancelWorkflow);
SIMPLEFLOW_WORKFLOW(VersionOne);
SIMPLEFLOW_WORKFLOW(VersionTwo);
SIMPLEFLOW_WORKFLOW(UnicodeWorkflow, {.params = {"who"}});

}  // namespace sftest::replay_workflows
