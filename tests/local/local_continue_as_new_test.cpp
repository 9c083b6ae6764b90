// continue_as_new in the local executor: each execution starts afresh with
// new arguments and a new run id.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::local_continue {

using simpleflow::Json;
using ::testing::HasSubstr;

std::vector<simpleflow::RunContext> g_contexts;
std::vector<std::size_t> g_markers_seen;

int increment(int x) { return x + 1; }

class CountingWorkflow : public simpleflow::Workflow {
 public:
  int run(int n) {
    g_contexts.push_back(get_run_context());
    g_markers_seen.push_back(list_markers(true).size());
    submit(record_marker("execution", n));
    int next = submit(increment, n).result();
    if (n < 3) continue_as_new(next);
    return n * 10;
  }
};

class BadContinueWorkflow : public simpleflow::Workflow {
 public:
  int run(int n) {
    if (n == 0) continue_as_new("not a number");
    return n;
  }
};

}  // namespace sftest::local_continue

SIMPLEFLOW_ACTIVITY(sftest::local_continue::increment);
SIMPLEFLOW_WORKFLOW(sftest::local_continue::CountingWorkflow, {.name = "counting", .version = "v2"});
SIMPLEFLOW_WORKFLOW(sftest::local_continue::BadContinueWorkflow);

namespace sftest::local_continue {
namespace {

class LocalContinueAsNewTest : public LocalTest {
 protected:
  void SetUp() override {
    g_contexts.clear();
    g_markers_seen.clear();
  }
};

TEST_F(LocalContinueAsNewTest, ContinuesUntilTheLastExecutionReturns) {
  EXPECT_EQ(Run<CountingWorkflow>(Json::array({0}), "counter"), 30);
  EXPECT_EQ(executor().executions(), 4);
  ASSERT_EQ(g_contexts.size(), 4u);
  EXPECT_TRUE(g_contexts[0].continued_execution_run_id.empty());
  for (std::size_t i = 1; i < g_contexts.size(); ++i) {
    EXPECT_EQ(g_contexts[i].workflow_id, "counter");
    EXPECT_NE(g_contexts[i].run_id, g_contexts[i - 1].run_id);
    EXPECT_EQ(g_contexts[i].continued_execution_run_id, g_contexts[i - 1].run_id) << "execution " << i;
  }
}

TEST_F(LocalContinueAsNewTest, EachExecutionStartsWithAFreshState) {
  Run<CountingWorkflow>(Json::array({0}));
  EXPECT_EQ(g_markers_seen, (std::vector<std::size_t>{0, 0, 0, 0}));
  // The history is the last execution's: task ids start over.
  Json started = event_attributes(history(), "WorkflowExecutionStarted").at(0);
  EXPECT_EQ(started["input"], R"({"args":[3],"kwargs":{}})");
  EXPECT_EQ(started["continuedExecutionRunId"], g_contexts[2].run_id);
  auto scheduled = event_attributes(history(), "ActivityTaskScheduled");
  ASSERT_EQ(scheduled.size(), 1u);
  EXPECT_EQ(scheduled[0]["activityId"], "activity-sftest.local_continue.increment-1");
  EXPECT_EQ(count_events(history(), "WorkflowExecutionContinuedAsNew"), 0u);
  EXPECT_EQ(event_types(history()).back(), "WorkflowExecutionCompleted");
}

TEST_F(LocalContinueAsNewTest, ContinueAsNewWithArgumentsThatDoNotFitFailsTheRun) {
  // The input of the run fits; the continued execution's does not: the
  // execution fails, it is not an input error of run().
  simpleflow::WorkflowFailed failure = RunExpectingFailure<BadContinueWorkflow>(Json::array({0}));
  EXPECT_THAT(failure.reason(), HasSubstr("InvalidInput"));
  EXPECT_EQ(executor().executions(), 2);
}

}  // namespace
}  // namespace sftest::local_continue
