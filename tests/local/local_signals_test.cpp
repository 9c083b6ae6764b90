// Signals in the local executor: sent before or after wait_signal, to this
// run, to a parent, to nobody.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::local_signals {

using simpleflow::Json;
using ::testing::HasSubstr;

class SignalThenWaitWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto sent = submit(signal("go", 1, "two"));
    auto received = submit(wait_signal("go"));
    return Json{{"sent_finished", sent.finished()},
                {"sent", sent.result()},
                {"received_finished", received.finished()},
                {"received", received.result()},
                {"details", get_event_details("signal", "go")},
                {"missing", get_event_details("signal", "other")}};
  }
};

class WaitThenSignalWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto received = submit(wait_signal("go"));
    Json out{{"pending_before", received.pending()}};
    auto task = signal("go", 5);
    task.input.kwargs["mode"] = "fast";
    submit(task.without_propagation());
    out["received"] = received.result();
    return out;
  }
};

class NeverSignaledWorkflow : public simpleflow::Workflow {
 public:
  Json run() { return submit(wait_signal("never_sent")).result(); }
};

class UnknownTargetWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto to_nobody = submit(signal("hello").to("nobody"));
    auto wrong_run = submit(signal("hello").to("local", "not-the-run-id"));
    auto to_self = submit(signal("hello", 1).to("local", get_run_context().run_id));
    Json out{{"finished", to_nobody.finished()}, {"to_self", submit(wait_signal("hello")).result()}};
    try {
      to_nobody.result();
    } catch (const simpleflow::TaskFailed& e) {
      out["reason"] = e.reason();
    }
    try {
      wrong_run.result();
    } catch (const simpleflow::TaskFailed& e) {
      out["wrong_run_reason"] = e.reason();
    }
    return out;
  }
};

class SignalingChild : public simpleflow::Workflow {
 public:
  int run() {
    auto context = get_run_context();
    submit(signal("from_child", context.workflow_id).to(context.parent_workflow_id));
    return 0;
  }
};

class SelfSignalingChild : public simpleflow::Workflow {
 public:
  int run(bool propagate) {
    auto task = signal("echo", 9);
    if (!propagate) task.without_propagation();
    submit(task);
    return 0;
  }
};

class ParentWaitingFirst : public simpleflow::Workflow {
 public:
  Json run() {
    auto received = submit(wait_signal("from_child"));
    submit(simpleflow::child_workflow<SignalingChild>).result();
    return received.result();
  }
};

class ParentWaitingAfter : public simpleflow::Workflow {
 public:
  Json run() {
    submit(simpleflow::child_workflow<SignalingChild>).result();
    return submit(wait_signal("from_child")).result();
  }
};

class PropagationParent : public simpleflow::Workflow {
 public:
  Json run(bool propagate) {
    submit(simpleflow::child_workflow<SelfSignalingChild>, propagate).result();
    auto received = submit(wait_signal("echo"));
    return Json{{"pending", received.pending()}};
  }
};

}  // namespace sftest::local_signals

SIMPLEFLOW_WORKFLOW(sftest::local_signals::SignalThenWaitWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_signals::WaitThenSignalWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_signals::NeverSignaledWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_signals::UnknownTargetWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_signals::SignalingChild, {.name = "signaling_child"});
SIMPLEFLOW_WORKFLOW(sftest::local_signals::SelfSignalingChild, {.name = "self_signaling_child"});
SIMPLEFLOW_WORKFLOW(sftest::local_signals::ParentWaitingFirst);
SIMPLEFLOW_WORKFLOW(sftest::local_signals::ParentWaitingAfter);
SIMPLEFLOW_WORKFLOW(sftest::local_signals::PropagationParent);

namespace sftest::local_signals {
namespace {

using LocalSignalsTest = LocalTest;

TEST_F(LocalSignalsTest, SignalThenWaitFinishesWithTheSignalInput) {
  Json result = Run<SignalThenWaitWorkflow>();
  EXPECT_EQ(result["received_finished"], true);
  EXPECT_EQ(result["received"], Json::parse(R"({"__propagate":true,"args":[1,"two"],"kwargs":{}})"));
  EXPECT_EQ(result["sent_finished"], true);
  EXPECT_EQ(result["sent"]["args"], Json::parse(R"([1,"two"])"));
  EXPECT_EQ(result["details"]["name"], "go");
  EXPECT_EQ(result["details"]["input"], result["received"]);
  EXPECT_TRUE(result["missing"].is_null());

  auto initiated = event_attributes(history(), "SignalExternalWorkflowExecutionInitiated");
  ASSERT_EQ(initiated.size(), 1u);
  EXPECT_EQ(initiated[0]["signalName"], "go");
  EXPECT_EQ(initiated[0]["workflowId"], "local");
  EXPECT_EQ(initiated[0]["input"], R"({"__propagate":true,"args":[1,"two"],"kwargs":{}})");
  auto signaled = event_attributes(history(), "WorkflowExecutionSignaled");
  ASSERT_EQ(signaled.size(), 1u);
  EXPECT_EQ(signaled[0]["signalName"], "go");
  EXPECT_EQ(count_events(history(), "ExternalWorkflowExecutionSignaled"), 1u);
}

TEST_F(LocalSignalsTest, WaitThenSignal) {
  Json result = Run<WaitThenSignalWorkflow>();
  EXPECT_EQ(result["pending_before"], true);
  EXPECT_EQ(result["received"], Json::parse(R"({"__propagate":false,"args":[5],"kwargs":{"mode":"fast"}})"));
}

TEST_F(LocalSignalsTest, WaitingForASignalNeverSentFailsTheWorkflow) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<NeverSignaledWorkflow>();
  EXPECT_THAT(failure.reason(), HasSubstr("never_sent"));
  EXPECT_EQ(event_types(history()).back(), "WorkflowExecutionFailed");
}

TEST_F(LocalSignalsTest, SignalToAnUnknownWorkflowFails) {
  Json result = Run<UnknownTargetWorkflow>();
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["reason"], "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION");
  EXPECT_EQ(result["wrong_run_reason"], "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION");
  EXPECT_EQ(result["to_self"]["args"], Json::array({1}));
  auto failed = event_attributes(history(), "SignalExternalWorkflowExecutionFailed");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0]["cause"], "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION");
  EXPECT_EQ(failed[0]["workflowId"], "nobody");
}

TEST_F(LocalSignalsTest, ChildSignalsItsWaitingParent) {
  Json received = Run<ParentWaitingFirst>();
  EXPECT_EQ(received["args"], Json::array({"workflow-signaling_child-1"}));
  auto signaled = event_attributes(history(), "WorkflowExecutionSignaled");
  ASSERT_EQ(signaled.size(), 1u);
  EXPECT_EQ(signaled[0]["externalWorkflowExecution"]["workflowId"], "workflow-signaling_child-1");
}

TEST_F(LocalSignalsTest, ParentReadsASignalItsChildSentEarlier) {
  Json received = Run<ParentWaitingAfter>();
  EXPECT_EQ(received["__propagate"], true);
  EXPECT_EQ(received["args"], Json::array({"workflow-signaling_child-1"}));
}

TEST_F(LocalSignalsTest, SignalPropagatesToTheParent) {
  EXPECT_EQ(Run<PropagationParent>(Json::array({true})), (Json{{"pending", false}}));
  EXPECT_EQ(count_events(history(), "WorkflowExecutionSignaled"), 1u);
}

TEST_F(LocalSignalsTest, SignalWithoutPropagationStaysInTheChild) {
  EXPECT_EQ(Run<PropagationParent>(Json::array({false})), (Json{{"pending", true}}));
  EXPECT_EQ(count_events(history(), "WorkflowExecutionSignaled"), 0u);
}

}  // namespace
}  // namespace sftest::local_signals
