// Child workflows run inline by the local executor.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::local_children {

using simpleflow::Json;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::StartsWith;

int g_flaky_child_runs = 0;
int g_after_child_calls = 0;

int increment(int x) { return x + 1; }
int after_child(int x) {
  ++g_after_child_calls;
  return x;
}

// ---- Children ---------------------------------------------------------------

class AddOneChild : public simpleflow::Workflow {
 public:
  int run(int x) { return submit(increment, x).result(); }
};

class FailingChild : public simpleflow::Workflow {
 public:
  int run() { fail("child broke", "why"); }
};

class QuietFailingChild : public simpleflow::Workflow {
 public:
  int run() { fail("child broke", "why"); }
};

class ContextChild : public simpleflow::Workflow {
 public:
  Json run() { return Json(get_run_context()); }
};

// Fails on its first run, succeeds on the next ones.
class FlakyChild : public simpleflow::Workflow {
 public:
  int run(int x) {
    if (++g_flaky_child_runs == 1) throw std::runtime_error("first run fails");
    return x * 3;
  }
};

class AlwaysFailingChild : public simpleflow::Workflow {
 public:
  int run() { throw std::runtime_error("always"); }
};

class CountdownChild : public simpleflow::Workflow {
 public:
  int run(int n) {
    if (n > 0) continue_as_new(n - 1);
    return 100;
  }
};

// ---- Parents ----------------------------------------------------------------

class ParentWorkflow : public simpleflow::Workflow {
 public:
  int run(int x) {
    auto y = submit(increment, x);
    auto child = submit(simpleflow::child_workflow<AddOneChild>, y);  // a future as the argument
    return child.result();
  }
};

class FailingChildParent : public simpleflow::Workflow {
 public:
  int run() {
    submit(simpleflow::child_workflow<FailingChild>);
    return submit(after_child, 1).result();
  }
};

class QuietFailingChildParent : public simpleflow::Workflow {
 public:
  Json run() {
    auto child = submit(simpleflow::child_workflow<QuietFailingChild>);
    Json out{{"finished", child.finished()}};
    try {
      child.result();
    } catch (const simpleflow::TaskFailed& e) {
      out["name"] = e.name();
      out["reason"] = e.reason();
      out["details"] = e.details();
    }
    out["after"] = submit(after_child, 5).result();
    return out;
  }
};

class ContextParent : public simpleflow::Workflow {
 public:
  Json run() {
    auto child = submit(simpleflow::child_workflow<ContextChild>);
    return Json{{"parent", Json(get_run_context())}, {"child", child.result()}};
  }
};

class FlakyChildParent : public simpleflow::Workflow {
 public:
  int run() { return submit(simpleflow::child_workflow<FlakyChild>, 5).result(); }
};

class AlwaysFailingChildParent : public simpleflow::Workflow {
 public:
  Json run() {
    auto child = submit(simpleflow::child_workflow<AlwaysFailingChild>);
    return Json{{"finished", child.finished()}, {"failed", child.exception() != nullptr}};
  }
};

class BadChildInputParent : public simpleflow::Workflow {
 public:
  Json run() {
    return submit(simpleflow::Registry::global().workflow_for(typeid(AddOneChild)),
                  simpleflow::Arguments{{"not a number"}})
        .result();
  }
};

class ContinuingChildParent : public simpleflow::Workflow {
 public:
  int run() { return submit(simpleflow::child_workflow<CountdownChild>, 2).result(); }
};

class TwoChildrenParent : public simpleflow::Workflow {
 public:
  Json run() {
    auto a = submit(simpleflow::child_workflow<ContextChild>);
    auto b = submit(simpleflow::child_workflow<ContextChild>);
    return Json{{"a", a.result()["workflow_id"]}, {"b", b.result()["workflow_id"]}};
  }
};

}  // namespace sftest::local_children

SIMPLEFLOW_ACTIVITY(sftest::local_children::increment);
SIMPLEFLOW_ACTIVITY(sftest::local_children::after_child);

SIMPLEFLOW_WORKFLOW(sftest::local_children::AddOneChild, {.name = "add_one", .version = "c1", .task_list = "kids"});
SIMPLEFLOW_WORKFLOW(sftest::local_children::FailingChild, {.name = "failing_child"});
SIMPLEFLOW_WORKFLOW(sftest::local_children::QuietFailingChild, {.name = "quiet_child", .raises_on_failure = false});
SIMPLEFLOW_WORKFLOW(sftest::local_children::ContextChild, {.name = "context_child"});
SIMPLEFLOW_WORKFLOW(sftest::local_children::FlakyChild, {.name = "flaky_child", .retry = 1});
SIMPLEFLOW_WORKFLOW(sftest::local_children::AlwaysFailingChild,
                    {.name = "always_failing_child", .retry = 2, .raises_on_failure = false});
SIMPLEFLOW_WORKFLOW(sftest::local_children::CountdownChild, {.name = "countdown"});
SIMPLEFLOW_WORKFLOW(sftest::local_children::ParentWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_children::FailingChildParent);
SIMPLEFLOW_WORKFLOW(sftest::local_children::QuietFailingChildParent);
SIMPLEFLOW_WORKFLOW(sftest::local_children::ContextParent);
SIMPLEFLOW_WORKFLOW(sftest::local_children::FlakyChildParent);
SIMPLEFLOW_WORKFLOW(sftest::local_children::AlwaysFailingChildParent);
SIMPLEFLOW_WORKFLOW(sftest::local_children::BadChildInputParent);
SIMPLEFLOW_WORKFLOW(sftest::local_children::ContinuingChildParent);
SIMPLEFLOW_WORKFLOW(sftest::local_children::TwoChildrenParent);

namespace sftest::local_children {
namespace {

class LocalChildrenTest : public LocalTest {
 protected:
  void SetUp() override {
    g_flaky_child_runs = 0;
    g_after_child_calls = 0;
  }
};

TEST_F(LocalChildrenTest, ChildResultReachesTheParent) {
  EXPECT_EQ(Run<ParentWorkflow>(Json::array({1})), 3);
  EXPECT_THAT(event_types(history()),
              ElementsAre("WorkflowExecutionStarted", "ActivityTaskScheduled", "ActivityTaskStarted",
                          "ActivityTaskCompleted", "StartChildWorkflowExecutionInitiated",
                          "ChildWorkflowExecutionStarted", "ChildWorkflowExecutionCompleted",
                          "WorkflowExecutionCompleted"));
  Json initiated = event_attributes(history(), "StartChildWorkflowExecutionInitiated")[0];
  EXPECT_EQ(initiated["workflowId"], "workflow-add_one-1");
  // As Python simpleflow does, a child is started under its class name.
  EXPECT_EQ(initiated["workflowType"], (Json{{"name", "sftest.local_children.AddOneChild"}, {"version", "c1"}}));
  EXPECT_EQ(initiated["taskList"]["name"], "kids");
  EXPECT_EQ(initiated["input"], R"({"args":[2],"kwargs":{}})");
  Json completed = event_attributes(history(), "ChildWorkflowExecutionCompleted")[0];
  EXPECT_EQ(completed["result"], "3");
  EXPECT_EQ(completed["initiatedEventId"], 5);
}

TEST_F(LocalChildrenTest, ChildrenGetDistinctIds) {
  Json result = Run<TwoChildrenParent>();
  EXPECT_EQ(result["a"], "workflow-context_child-1");
  EXPECT_EQ(result["b"], "workflow-context_child-2");
}

TEST_F(LocalChildrenTest, FailingChildFailsTheParentByDefault) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<FailingChildParent>();
  EXPECT_EQ(failure.reason(),
            "Workflow execution error in workflow-failing_child: \"Workflow execution failed: child broke\"");
  EXPECT_EQ(failure.details(), "why");
  EXPECT_EQ(g_after_child_calls, 0);
  Json child_failed = event_attributes(history(), "ChildWorkflowExecutionFailed").at(0);
  EXPECT_EQ(child_failed["reason"], "Workflow execution failed: child broke");
  EXPECT_EQ(child_failed["details"], "why");
}

TEST_F(LocalChildrenTest, ChildThatDoesNotRaiseGivesTaskFailed) {
  Json result = Run<QuietFailingChildParent>();
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["name"], "workflow-quiet_child-1");
  EXPECT_EQ(result["reason"], "Workflow execution failed: child broke");
  EXPECT_EQ(result["details"], "why");
  EXPECT_EQ(result["after"], 5);
  EXPECT_EQ(g_after_child_calls, 1);
}

TEST_F(LocalChildrenTest, ChildRunContextNamesItsParent) {
  Json result = Run<ContextParent>(Json::array(), "the-parent");
  const Json& parent = result["parent"];
  const Json& child = result["child"];
  EXPECT_EQ(child["name"], "context_child");
  EXPECT_EQ(child["workflow_id"], "workflow-context_child-1");
  EXPECT_EQ(child["parent_workflow_id"], "the-parent");
  EXPECT_EQ(child["parent_run_id"], parent["run_id"]);
  EXPECT_NE(child["run_id"], parent["run_id"]);
  EXPECT_TRUE(parent["parent_workflow_id"].is_null());
  Json child_started = event_attributes(history(), "ChildWorkflowExecutionStarted").at(0);
  EXPECT_EQ(child_started["workflowExecution"]["runId"], child["run_id"]);
}

TEST_F(LocalChildrenTest, ChildIsRetried) {
  EXPECT_EQ(Run<FlakyChildParent>(), 15);
  EXPECT_EQ(g_flaky_child_runs, 2);
  EXPECT_EQ(count_events(history(), "StartChildWorkflowExecutionInitiated"), 2u);
  EXPECT_EQ(count_events(history(), "ChildWorkflowExecutionFailed"), 1u);
  EXPECT_EQ(count_events(history(), "ChildWorkflowExecutionCompleted"), 1u);
  Json failed = event_attributes(history(), "ChildWorkflowExecutionFailed")[0];
  EXPECT_THAT(failed["reason"].get<std::string>(), StartsWith("Cannot replay the workflow: "));
  EXPECT_THAT(failed["reason"].get<std::string>(), HasSubstr("first run fails"));
}

TEST_F(LocalChildrenTest, ChildRetriesExhausted) {
  Json result = Run<AlwaysFailingChildParent>();
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["failed"], true);
  EXPECT_EQ(count_events(history(), "ChildWorkflowExecutionFailed"), 3u);
}

TEST_F(LocalChildrenTest, ChildWithBadInputFailsInsteadOfThrowingInvalidInput) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<BadChildInputParent>();
  EXPECT_THAT(failure.reason(), StartsWith("Workflow execution error in workflow-add_one: "));
  EXPECT_THAT(failure.reason(), HasSubstr("InvalidInput"));
}

TEST_F(LocalChildrenTest, ChildMayContinueAsNew) {
  EXPECT_EQ(Run<ContinuingChildParent>(), 100);
  EXPECT_EQ(executor().executions(), 1);  // the parent's
  EXPECT_EQ(count_events(history(), "ChildWorkflowExecutionCompleted"), 1u);
}

}  // namespace
}  // namespace sftest::local_children
