// The local executor: activity failures and retries, the history it records,
// its virtual clock.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cmath>
#include <limits>
#include <stdexcept>
#include <string>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::local {

using simpleflow::Json;
using ::testing::ElementsAre;

int g_flaky_attempts = 0;
int g_never_calls = 0;

int increment(int x) { return x + 1; }
int boom(int) { throw std::runtime_error("boom"); }
int boom_raising(int) { throw std::runtime_error("boom"); }
int flaky(int x) {
  if (++g_flaky_attempts <= 2) throw std::runtime_error("attempt " + std::to_string(g_flaky_attempts));
  return x * 100;
}
int always_fails(int) { throw std::invalid_argument("never works"); }
int never(int x) {
  ++g_never_calls;
  return x;
}
double not_a_number() { return std::numeric_limits<double>::quiet_NaN(); }
double infinite() { return std::numeric_limits<double>::infinity(); }
int throws_non_std() { throw 42; }

// Describes how a future ended, as seen from workflow code.
Json failure_of(const simpleflow::Future<int>& future) {
  Json out{{"finished", future.finished()}, {"has_exception", future.exception() != nullptr}};
  try {
    out["result"] = future.result();
  } catch (const simpleflow::TaskFailed& e) {
    out["name"] = e.name();
    out["reason"] = e.reason();
    out["details"] = e.details_json();
  }
  return out;
}

class FailureWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Json out = failure_of(submit(boom, 1));
    out["after"] = submit(increment, 1).result();  // the workflow goes on
    return out;
  }
};

class RaisingWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    submit(boom_raising, 1);
    return submit(never, 2).result();
  }
};

class RetryWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(flaky, 7).result(); }
};

class RetryExhaustedWorkflow : public simpleflow::Workflow {
 public:
  Json run() { return failure_of(submit(always_fails, 1)); }
};

class NonFiniteWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto nan = submit(not_a_number);
    auto inf = submit(infinite);
    return Json{{"nan_finished", nan.finished()},
                {"nan_failed", nan.exception() != nullptr},
                {"nan_is_nan", !nan.exception() && std::isnan(nan.result())},
                {"inf_failed", inf.exception() != nullptr},
                {"inf_is_inf", !inf.exception() && std::isinf(inf.result())}};
  }
};

class NonStdExceptionWorkflow : public simpleflow::Workflow {
 public:
  Json run() { return failure_of(submit(throws_non_std)); }
};

class SimpleWorkflow : public simpleflow::Workflow {
 public:
  int run(int x) { return submit(increment, x).result(); }
};

}  // namespace sftest::local

SIMPLEFLOW_ACTIVITY(sftest::local::increment, {.version = "2", .task_list = "tl", .start_to_close_timeout = 60});
SIMPLEFLOW_ACTIVITY(sftest::local::boom);
SIMPLEFLOW_ACTIVITY(sftest::local::boom_raising, {.raises_on_failure = true});
SIMPLEFLOW_ACTIVITY(sftest::local::flaky, {.retry = 2});
SIMPLEFLOW_ACTIVITY(sftest::local::always_fails, {.retry = 2});
SIMPLEFLOW_ACTIVITY(sftest::local::never);
SIMPLEFLOW_ACTIVITY(sftest::local::not_a_number);
SIMPLEFLOW_ACTIVITY(sftest::local::infinite);
SIMPLEFLOW_ACTIVITY(sftest::local::throws_non_std);

SIMPLEFLOW_WORKFLOW(sftest::local::FailureWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local::RaisingWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local::RetryWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local::RetryExhaustedWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local::NonFiniteWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local::NonStdExceptionWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local::SimpleWorkflow,
                    {.name = "simple", .version = "7", .task_list = "deciders", .tag_list = {"t1"}});

namespace sftest::local {
namespace {

class LocalExecutorTest : public LocalTest {
 protected:
  void SetUp() override {
    g_flaky_attempts = 0;
    g_never_calls = 0;
  }
};

TEST(LocalRegistryTest, TestRegistrationsHaveNoErrors) {
  EXPECT_THAT(simpleflow::Registry::global().errors(), ::testing::IsEmpty());
}

// ---- Activity failures --------------------------------------------------------------

TEST_F(LocalExecutorTest, FailedActivityFinishesWithTaskFailed) {
  Json result = Run<FailureWorkflow>();
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["has_exception"], true);
  EXPECT_EQ(result["name"], "activity-sftest.local.boom-1");
  EXPECT_EQ(result["reason"], "runtime_error: boom");
  EXPECT_EQ(result["details"]["error"], "runtime_error");
  EXPECT_EQ(result["details"]["error_type"], "std.runtime_error");
  EXPECT_EQ(result["details"]["message"], "boom");
  EXPECT_TRUE(result["details"]["traceback"].is_array());
  EXPECT_EQ(result["after"], 2);

  auto failed = event_attributes(history(), "ActivityTaskFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["reason"], "runtime_error: boom");
  EXPECT_EQ(Json::parse(failed[0]["details"].get<std::string>()), result["details"]);
  EXPECT_EQ(event_types(history()).back(), "WorkflowExecutionCompleted");
}

TEST_F(LocalExecutorTest, RaisesOnFailureFailsTheWorkflow) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<RaisingWorkflow>();
  EXPECT_EQ(failure.reason(),
            "Workflow execution error in activity-sftest.local.boom_raising: \"runtime_error: boom\"");
  Json details = Json::parse(failure.details());
  EXPECT_EQ(details["error"], "runtime_error");
  EXPECT_EQ(details["message"], "boom");
  EXPECT_EQ(g_never_calls, 0);
  EXPECT_EQ(event_types(history()).back(), "WorkflowExecutionFailed");
}

TEST_F(LocalExecutorTest, RetriedActivitySucceedsOnTheThirdAttempt) {
  EXPECT_EQ(Run<RetryWorkflow>(), 700);
  EXPECT_EQ(g_flaky_attempts, 3);
  EXPECT_EQ(count_events(history(), "ActivityTaskScheduled"), 3u);
  EXPECT_EQ(count_events(history(), "ActivityTaskFailed"), 2u);
  EXPECT_EQ(count_events(history(), "ActivityTaskCompleted"), 1u);
  for (const auto& scheduled : event_attributes(history(), "ActivityTaskScheduled")) {
    EXPECT_EQ(scheduled["activityId"], "activity-sftest.local.flaky-1");  // a retry keeps the task id
  }
  auto failed = event_attributes(history(), "ActivityTaskFailed");
  EXPECT_EQ(failed[0]["reason"], "runtime_error: attempt 1");
  EXPECT_EQ(failed[1]["reason"], "runtime_error: attempt 2");
}

TEST_F(LocalExecutorTest, ExhaustedRetriesGiveTaskFailed) {
  Json result = Run<RetryExhaustedWorkflow>();
  EXPECT_EQ(result["reason"], "invalid_argument: never works");
  EXPECT_EQ(result["details"]["error_type"], "std.invalid_argument");
  EXPECT_EQ(count_events(history(), "ActivityTaskFailed"), 3u);
  EXPECT_EQ(count_events(history(), "ActivityTaskCompleted"), 0u);
}

TEST_F(LocalExecutorTest, NonStandardExceptionIsReportedToo) {
  Json result = Run<NonStdExceptionWorkflow>();
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["has_exception"], true);
  EXPECT_EQ(result["details"]["error"], "int");
}

TEST_F(LocalExecutorTest, NonFiniteResultsRoundTripAsPythonWritesThem) {
  Json result = Run<NonFiniteWorkflow>();
  EXPECT_EQ(result["nan_finished"], true);
  EXPECT_EQ(result["nan_failed"], false);
  EXPECT_EQ(result["nan_is_nan"], true);
  EXPECT_EQ(result["inf_failed"], false);
  EXPECT_EQ(result["inf_is_inf"], true);
  EXPECT_EQ(count_events(history(), "ActivityTaskFailed"), 0u);
  auto completed = event_attributes(history(), "ActivityTaskCompleted");
  ASSERT_EQ(completed.size(), 2u);
  EXPECT_EQ(completed[0]["result"], "NaN");
  EXPECT_EQ(completed[1]["result"], "Infinity");
}

// ---- History ----------------------------------------------------------------------

TEST_F(LocalExecutorTest, HistoryHasSwfEventShapes) {
  EXPECT_EQ(Run<SimpleWorkflow>(Json::array({1})), 2);
  EXPECT_THAT(event_types(history()), ElementsAre("WorkflowExecutionStarted", "ActivityTaskScheduled",
                                                  "ActivityTaskStarted", "ActivityTaskCompleted",
                                                  "WorkflowExecutionCompleted"));
  const auto& events = history().events();
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(events[i]["eventId"], i + 1);
    EXPECT_EQ(events[i]["eventTimestamp"], kStartTime);
  }
  Json started = events[0]["workflowExecutionStartedEventAttributes"];
  EXPECT_EQ(started["input"], R"({"args":[1],"kwargs":{}})");
  EXPECT_EQ(started["workflowType"], (Json{{"name", "simple"}, {"version", "7"}}));
  EXPECT_EQ(started["taskList"]["name"], "deciders");
  EXPECT_EQ(started["tagList"], Json::array({"t1"}));

  Json scheduled = events[1]["activityTaskScheduledEventAttributes"];
  EXPECT_EQ(scheduled["activityId"], "activity-sftest.local.increment-1");
  EXPECT_EQ(scheduled["activityType"], (Json{{"name", "sftest.local.increment"}, {"version", "2"}}));
  EXPECT_EQ(scheduled["taskList"]["name"], "tl");
  EXPECT_EQ(scheduled["startToCloseTimeout"], "60");

  EXPECT_EQ(events[2]["activityTaskStartedEventAttributes"]["scheduledEventId"], 2);
  Json completed = events[3]["activityTaskCompletedEventAttributes"];
  EXPECT_EQ(completed["result"], "2");
  EXPECT_EQ(completed["scheduledEventId"], 2);
  EXPECT_EQ(completed["startedEventId"], 3);
  EXPECT_EQ(events[4]["workflowExecutionCompletedEventAttributes"]["result"], "2");
}

TEST_F(LocalExecutorTest, ExecutorReportsOneExecutionAndTheEndTime) {
  Run<SimpleWorkflow>(Json::array({1}));
  EXPECT_EQ(executor().executions(), 1);
  EXPECT_EQ(executor().now(), kStartTime);
}

TEST_F(LocalExecutorTest, EachRunStartsAFreshHistory) {
  Run<SimpleWorkflow>(Json::array({1}));
  simpleflow::LocalExecutor executor(definition_of<SimpleWorkflow>(), {.clock = &clock_});
  EXPECT_EQ(executor.run(Json::array({1})), 2);
  EXPECT_EQ(executor.run(Json::array({5})), 6);
  EXPECT_EQ(executor.history().size(), 5u);
  auto scheduled = event_attributes(executor.history(), "ActivityTaskScheduled");
  ASSERT_EQ(scheduled.size(), 1u);
  EXPECT_EQ(scheduled[0]["activityId"], "activity-sftest.local.increment-1");
}

TEST_F(LocalExecutorTest, HistoryOfAFailedRunIsKept) {
  RunExpectingFailure<RaisingWorkflow>();
  EXPECT_EQ(event_types(history()).front(), "WorkflowExecutionStarted");
  EXPECT_EQ(count_events(history(), "ActivityTaskFailed"), 1u);
  EXPECT_EQ(count_events(history(), "WorkflowExecutionFailed"), 1u);
}

}  // namespace
}  // namespace sftest::local
