// Dataflow deferral in the local executor: a task whose argument future is not
// finished waits, and is submitted when read once the argument is ready; a
// run() that swallows ExecutionBlocked is caught.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::local_deferral {

using simpleflow::Json;
using ::testing::HasSubstr;

int g_echo_calls = 0;

// Echoes the first argument of a signal's input.
std::string echo(Json signal_input) {
  ++g_echo_calls;
  return "echo " + signal_input.at("args").at(0).get<std::string>();
}

// The signal's input goes to an activity before the signal is sent.
class DeferredUntilSignaled : public simpleflow::Workflow {
 public:
  Json run() {
    auto go = submit(wait_signal("go"));
    auto echoed = submit(echo, go);
    Json out{{"pending_before", echoed.pending()}, {"calls_before", g_echo_calls}};
    submit(signal("go", "now").without_propagation());
    out["result"] = echoed.result();
    out["calls_after"] = g_echo_calls;
    return out;
  }
};

// A deferred child workflow whose argument comes from a signal.
class Child : public simpleflow::Workflow {
 public:
  std::string run(Json signal_input) { return submit(echo, signal_input).result(); }
};

class DeferredChild : public simpleflow::Workflow {
 public:
  std::string run() {
    auto go = submit(wait_signal("go"));
    auto child = submit(simpleflow::child_workflow<Child>, go);
    submit(signal("go", "child"));
    return child.result();
  }
};

// Never do this: catching everything hides that the run had to wait.
class SwallowsBlocked : public simpleflow::Workflow {
 public:
  int run() {
    auto never = submit(wait_signal("never"));
    try {
      never.result();
    } catch (...) {
    }
    return 1;
  }
};

class LocalDeferralTest : public LocalTest {
 protected:
  void SetUp() override { g_echo_calls = 0; }
};

TEST_F(LocalDeferralTest, DeferredTaskRunsOnceItsArgumentIsReady) {
  Json out = Run<DeferredUntilSignaled>();
  EXPECT_EQ(out["pending_before"], true);
  EXPECT_EQ(out["calls_before"], 0);
  EXPECT_EQ(out["result"], "echo now");
  EXPECT_EQ(out["calls_after"], 1);
  EXPECT_EQ(count_events(history(), "ActivityTaskCompleted"), 1u);
}

TEST_F(LocalDeferralTest, DeferredChildWorkflowStartsWhenRead) {
  EXPECT_EQ(Run<DeferredChild>(), "echo child");
  EXPECT_EQ(count_events(history(), "ChildWorkflowExecutionCompleted"), 1u);
}

TEST_F(LocalDeferralTest, RunThatSwallowsExecutionBlockedFails) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<SwallowsBlocked>();
  EXPECT_THAT(failure.reason(), HasSubstr("run() caught the ExecutionBlocked"));
  EXPECT_THAT(failure.reason(), HasSubstr("signal 'never'"));
  EXPECT_EQ(count_events(history(), "WorkflowExecutionCompleted"), 0u);
}

}  // namespace sftest::local_deferral

SIMPLEFLOW_ACTIVITY(sftest::local_deferral::echo);
SIMPLEFLOW_WORKFLOW(sftest::local_deferral::DeferredUntilSignaled);
SIMPLEFLOW_WORKFLOW(sftest::local_deferral::Child, {.params = {"signal_input"}});
SIMPLEFLOW_WORKFLOW(sftest::local_deferral::DeferredChild);
SIMPLEFLOW_WORKFLOW(sftest::local_deferral::SwallowsBlocked);
