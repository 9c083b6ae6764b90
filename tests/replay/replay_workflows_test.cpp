// The workflows of replay_workflows.cpp through the simulated SWF: those that
// the local executor runs the same way end as it ends them; the others check
// SWF's behaviour (task ids, limits, on_task_failure, signal propagation,
// cancel requests, non-determinism reports).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "replay/replay_test_support.hpp"

namespace sftest::replay_workflows {

using ::testing::IsEmpty;
using Outcome = SimResult::Outcome;

const simpleflow::WorkflowDef& def(const std::string& name) {
  return *simpleflow::Registry::global().find_workflow("sftest.replay_workflows." + name);
}

// Each simulation gets its own workflow id: some activities count attempts by it.
SimResult Simulate(const std::string& name, const Json& input, std::uint32_t schedule = 0) {
  static int simulations = 0;
  SimOptions options;
  options.workflow_id = unique_workflow_id("sim-" + std::to_string(++simulations));
  options.choose = random_schedule(schedule);
  return simulate(def(name), input, options);
}

// Every event of `type` in the run's history, as attribute objects.
std::vector<Json> attributes_of(const std::vector<Json>& events, const std::string& type) {
  std::string key = type + "EventAttributes";
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  std::vector<Json> out;
  for (const auto& e : events) {
    if (e["eventType"] == type) out.push_back(e[key]);
  }
  return out;
}

// The *ThenReady workflows submit a task in a later replay than a task of the
// same activity submitted after it in the code.
TEST(ReplayWorkflowsTest, EndAsTheLocalExecutorEnds) {
  const std::vector<std::pair<std::string, Json>> cases{
      {"IdempotentWorkflow", Json::array()},          {"MaxParallelWorkflow", Json::array({5})},
      {"CountdownParent", Json::array({3})},           {"FailsWorkflow", Json::array({true})},
      {"FailsWorkflow", Json::array({false})},        {"UnicodeWorkflow", Json::array({"w\u00f6rld \U0001F600"})},
      {"FailingChildParent", Json::array()},          {"SignalThenWorkWorkflow", Json::array()},
      {"Grandparent", Json::array()},                 {"DeferredThenReadyWorkflow", Json::array()},
      {"MaxParallelThenReadyWorkflow", Json::array()}, {"ChainThenReadyWorkflow", Json::array()}};
  for (const auto& [name, input] : cases) {
    const Json expected = local_outcome(def(name), input);
    for (std::uint32_t schedule : {0u, 1u, 2u}) {
      SimResult sim = Simulate(name, input, schedule);
      EXPECT_EQ(sim_outcome(sim), expected) << name << " schedule " << schedule << ": " << sim.error.message()
                                            << "\n" << describe(sim.history());
      EXPECT_THAT(sim.anomalies, IsEmpty()) << name;
      EXPECT_THAT(replay_mismatches(sim), IsEmpty()) << name;
    }
  }
}

TEST(ReplayWorkflowsTest, IdempotentTasksAreScheduledOncePerArguments) {
  SimResult sim = Simulate("IdempotentWorkflow", Json::array());
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message();
  std::vector<std::string> ids;
  for (const auto& a : attributes_of(sim.history(), "ActivityTaskScheduled")) ids.push_back(a["activityId"]);
  // md5 of {"args":[1],"kwargs":{}} (reference §1.8), then that of [2], then the custom id.
  EXPECT_THAT(ids, ::testing::ElementsAre("activity-sftest.replay_workflows.triple-bdc09455c37471e0ba7397350413a5e6",
                                          ::testing::StartsWith("activity-sftest.replay_workflows.triple-"),
                                          "activity-sftest.replay_workflows.named-item-7"));
}

TEST(ReplayWorkflowsTest, MaxParallelKeepsAtMostThatManyOpen) {
  SimResult sim = Simulate("MaxParallelWorkflow", Json::array({6}));
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message();
  EXPECT_EQ(sim.result, Json::array({1, 2, 3, 4, 5, 6}));
  int open = 0, most = 0;
  for (const auto& e : sim.history()) {
    if (e["eventType"] == "ActivityTaskScheduled") most = std::max(most, ++open);
    if (e["eventType"] == "ActivityTaskCompleted") --open;
  }
  EXPECT_EQ(most, 2);
}

TEST(ReplayWorkflowsTest, OnTaskFailureRetriesLaterThroughATimer) {
  SimResult sim = Simulate("RetryLaterWorkflow", Json::array({1}));
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message() << "\n" << describe(sim.history());
  EXPECT_EQ(sim.result, 2);
  EXPECT_THAT(sim.anomalies, IsEmpty());
  auto timers = attributes_of(sim.history(), "TimerStarted");
  ASSERT_EQ(timers.size(), 2u) << describe(sim.history());
  EXPECT_EQ(timers[0]["timerId"], "__simpleflow_task_activity-sftest.replay_workflows.fails_twice-1");
  EXPECT_EQ(timers[0]["startToFireTimeout"], "60");
  EXPECT_EQ(attributes_of(sim.history(), "ActivityTaskScheduled").size(), 3u);
  EXPECT_THAT(replay_mismatches(sim), IsEmpty());
}

TEST(ReplayWorkflowsTest, OnTaskFailureMayIgnoreAFailure) {
  SimResult sim = Simulate("IgnoreFailureWorkflow", Json::array());
  EXPECT_EQ(sim_outcome(sim)["outcome"], "completed") << sim.reason << sim.error.message();
  EXPECT_EQ(sim.result, 42);
  EXPECT_THAT(replay_mismatches(sim), IsEmpty());
}

// Locally the child runs before the signal could reach it; on SWF the parent
// passes it on to the child once the child has started (reference §3.5).
TEST(ReplayWorkflowsTest, ASignalPropagatesToChildren) {
  SimResult sim = Simulate("PropagatingParent", Json::array());
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message() << "\n" << describe(sim.history());
  EXPECT_EQ(sim.result, Json::parse(R"({"__propagate": true, "args": [1], "kwargs": {}})"));
  EXPECT_THAT(sim.anomalies, IsEmpty());
  EXPECT_THAT(replay_mismatches(sim), IsEmpty());
}

// b is still scheduled when run() cancels it: one RequestCancelActivityTask,
// and later replays see b CANCELLED. In other orders b may complete first.
TEST(ReplayWorkflowsTest, CancelingAPendingActivityRequestsItsCancelOnce) {
  for (std::uint32_t schedule : {0u, 1u, 2u, 3u, 4u}) {
    SimResult sim = Simulate("CancelWorkflow", Json::array(), schedule);
    ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message() << "\n" << describe(sim.history());
    EXPECT_THAT(sim.anomalies, IsEmpty());
    EXPECT_LE(attributes_of(sim.history(), "ActivityTaskCancelRequested").size(), 1u) << describe(sim.history());
    EXPECT_THAT(replay_mismatches(sim), IsEmpty());
    if (schedule == 0) {
      EXPECT_EQ(sim.result, 1103) << describe(sim.history());
    }
  }
}

// The decision after the awaited signal arrived clears the execution context
// that listed it (reference §3.2).
TEST(ReplayWorkflowsTest, TheExecutionContextIsClearedOnceNoSignalIsAwaited) {
  SimResult sim = Simulate("SignalThenWorkWorkflow", Json::array());
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message();
  std::vector<Json> contexts;
  for (const auto& record : sim.decisions) contexts.push_back(record.answer.value("executionContext", Json()));
  ASSERT_GE(contexts.size(), 2u);
  EXPECT_EQ(contexts[0], R"({"waiting_signals":["go"]})");
  EXPECT_EQ(contexts[1], "") << describe(sim.history());
}

// Reference §1.8: ids over 256 characters keep 223 and add the md5 of the
// whole; get_workflow_id names a child as it is; INHERIT_TAG_LIST copies the
// parent's tags.
TEST(ReplayWorkflowsTest, IdsTaskListsAndTagsOfTasks) {
  SimResult sim = Simulate("NamingWorkflow", Json::array());
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message() << "\n" << describe(sim.history());
  EXPECT_EQ(sim.result, 3);
  auto activities = attributes_of(sim.history(), "ActivityTaskScheduled");
  ASSERT_EQ(activities.size(), 1u);
  EXPECT_EQ(activities[0]["activityId"],
            "activity-sftest.replay_workflows.long_id-" + std::string(223 - 41, 'x') + "-a825881a2b3f46eda39988f6760eecfa");
  auto children = attributes_of(sim.history(), "StartChildWorkflowExecutionInitiated");
  ASSERT_EQ(children.size(), 1u);
  EXPECT_EQ(children[0]["workflowId"], "child-2");
  EXPECT_EQ(children[0]["taskList"], Json::parse(R"({"name": "children"})"));
  EXPECT_EQ(children[0]["tagList"], Json::parse(R"(["a", "b"])"));
}

// Replaying a history with code that no longer reaches its completed tasks
// is reported, not decided.
TEST(ReplayWorkflowsTest, ChangedCodeIsReportedAsNonDeterministic) {
  SimResult sim = Simulate("VersionOne", Json::array());
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message();
  ASSERT_GE(sim.decisions.size(), 2u);
  const Json& task = sim.decisions[1].task;  // activity-...plus_one-1 completed
  Json answer = replay_json(def("VersionTwo"), task);
  EXPECT_EQ(answer["error"]["code"], static_cast<int>(simpleflow::StatusCode::kFailedPrecondition)) << answer.dump();
  EXPECT_THAT(answer["error"].value("message", ""), ::testing::HasSubstr("plus_one-1")) << answer.dump();
  EXPECT_EQ(replay_json(def("VersionOne"), task), sim.decisions[1].answer);
}

// Canceling a running child asks SWF to cancel its execution; the child
// closes as canceled and the parent goes on.
TEST(ReplayWorkflowsTest, CancelingAChildCancelsItsExecution) {
  SimResult sim = Simulate("CancelingParent", Json::array());
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.reason << sim.error.message() << "\n" << describe(sim.history());
  EXPECT_EQ(sim.result, 104);
  EXPECT_THAT(sim.anomalies, IsEmpty());
  ASSERT_EQ(sim.runs.size(), 2u);
  EXPECT_EQ(sim.runs[1].events.back()["eventType"], "WorkflowExecutionCanceled") << describe(sim.runs[1].events);
  EXPECT_EQ(attributes_of(sim.history(), "ChildWorkflowExecutionCanceled").size(), 1u);
  EXPECT_THAT(replay_mismatches(sim), IsEmpty());
}

}  // namespace sftest::replay_workflows
