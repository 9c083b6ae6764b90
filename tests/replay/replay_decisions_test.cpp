// The decisions that replay() sends, compared with Python simpleflow's
// (docs: reference §1.8 task ids, §3.2 limits and wake-up timer, §4 wire
// formats), and the shape of the histories the simulator writes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "replay/replay_test_support.hpp"
#include "support/checksums.hpp"

namespace sftest::replay_decisions {

int echo(int x) { return x; }
int resumable(int x) { return x; }

class ResumableWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(resumable, 7).result(); }
};

// Keeps what its hooks saw of the history.
std::vector<Json> seen_by_hook;
class HistoryReadingWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(echo, 1).result() + submit(echo, 2).result(); }
  void after_replay(const simpleflow::History& history) override { seen_by_hook = history.events(); }
};

}  // namespace sftest::replay_decisions

SIMPLEFLOW_ACTIVITY(sftest::replay_decisions::echo);
SIMPLEFLOW_ACTIVITY(sftest::replay_decisions::resumable, {.retry = 1});
SIMPLEFLOW_WORKFLOW(sftest::replay_decisions::ResumableWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::replay_decisions::HistoryReadingWorkflow);

namespace sftest::replay_decisions {

using ::testing::IsEmpty;
using simpleflow::testing::adler32_hex;


SimResult Simulate(const std::string& workflow, const Json& input, SimOptions options = {}) {
  QuietStdout quiet;
  return simulate(example(workflow), input, std::move(options));
}

const Json& decisions_of(const SimResult& sim, std::size_t index) {
  return sim.decisions.at(index).answer.at("decisions");
}

TEST(ReplayDecisionsTest, FirstDecisionSchedulesTheFirstActivity) {
  SimResult sim = Simulate("examples.basic.BasicWorkflow", Json::array({1, 0}));
  ASSERT_FALSE(sim.decisions.empty()) << sim.error.message();
  Json expected = Json::parse(R"({"decisions": [{
      "decisionType": "ScheduleActivityTask",
      "scheduleActivityTaskDecisionAttributes": {
        "activityId": "activity-examples.basic.increment-1",
        "activityType": {"name": "examples.basic.increment", "version": "example"},
        "heartbeatTimeout": "300",
        "input": "{\"args\":[1],\"kwargs\":{}}",
        "scheduleToCloseTimeout": "300",
        "scheduleToStartTimeout": "300",
        "startToCloseTimeout": "300",
        "taskList": {"name": "quickstart"}}}]})");
  EXPECT_EQ(sim.decisions[0].answer, expected);
}

TEST(ReplayDecisionsTest, ActivitiesAfterTheFirstAreScheduledTogetherOnceItsResultIsIn) {
  SimResult sim = Simulate("examples.basic.BasicWorkflow", Json::array({1, 0}));
  ASSERT_GE(sim.decisions.size(), 2u) << sim.error.message();
  const Json& second = decisions_of(sim, 1);
  ASSERT_EQ(second.size(), 2u) << second.dump();
  EXPECT_EQ(second[0]["scheduleActivityTaskDecisionAttributes"]["activityId"], "activity-examples.basic.delay-1");
  EXPECT_EQ(second[0]["scheduleActivityTaskDecisionAttributes"]["input"], R"({"args":[0,2],"kwargs":{}})");
  EXPECT_EQ(second[1]["scheduleActivityTaskDecisionAttributes"]["activityId"], "activity-examples.basic.double-1");
  const Json& last = sim.decisions.back().answer;
  EXPECT_EQ(last, Json::parse(R"({"decisions": [{"decisionType": "CompleteWorkflowExecution",
                                   "completeWorkflowExecutionDecisionAttributes": {"result": "4"}}]})"));
}

TEST(ReplayDecisionsTest, ChildWorkflowIdsCarryTheParentIdsAndTheClassName) {
  SimOptions options;
  options.workflow_id = "parent";
  SimResult sim = Simulate("examples.child_workflow.ParentWorkflow", Json::array({1}), options);
  ASSERT_EQ(sim.outcome, SimResult::Outcome::kCompleted) << sim.error.message();
  const std::string run_id = sim.runs.front().run_id;
  Json start;
  for (const auto& record : sim.decisions) {
    for (const auto& d : record.answer["decisions"]) {
      if (d["decisionType"] == "StartChildWorkflowExecution") start = d["startChildWorkflowExecutionDecisionAttributes"];
    }
  }
  ASSERT_FALSE(start.is_null());
  EXPECT_EQ(start["workflowId"], "workflow-basic_child-parent--" + adler32_hex(run_id) + "--1");
  EXPECT_EQ(start["workflowType"], Json::parse(R"({"name": "examples.child_workflow.ChildWorkflow", "version": "example"})"));
  EXPECT_EQ(start["input"], R"({"args":[2,"CHILD"],"kwargs":{}})");
}

TEST(ReplayDecisionsTest, MarkersAddTheWakeUpTimer) {
  SimResult sim = Simulate("examples.marker.MarkerWorkflow", Json::array());
  ASSERT_FALSE(sim.decisions.empty()) << sim.error.message();
  const Json& first = decisions_of(sim, 0);
  ASSERT_EQ(first.size(), 4u) << first.dump();
  EXPECT_EQ(first[1], Json::parse(R"({"decisionType": "RecordMarker",
      "recordMarkerDecisionAttributes": {"markerName": "marker 1", "details": "\"some details\""}})"));
  EXPECT_EQ(first[3], Json::parse(R"({"decisionType": "StartTimer",
      "startTimerDecisionAttributes": {"timerId": "_simpleflow_wake_up_timer", "startToFireTimeout": "0"}})"));
}

TEST(ReplayDecisionsTest, WaitedSignalsGoIntoTheExecutionContext) {
  SimResult sim = Simulate("examples.signals.SignalsWorkflow", Json::array());
  ASSERT_FALSE(sim.decisions.empty()) << sim.error.message();
  const Json& first = sim.decisions[0].answer;
  ASSERT_TRUE(first.contains("executionContext")) << first.dump();
  EXPECT_EQ(Json::parse(first["executionContext"].get<std::string>()), Json::parse(R"({"waiting_signals": ["signal1"]})"));
  Json signal;
  for (const auto& d : first["decisions"]) {
    if (d["decisionType"] == "SignalExternalWorkflowExecution") signal = d["signalExternalWorkflowExecutionDecisionAttributes"];
  }
  EXPECT_EQ(signal["signalName"], "signal1");
  EXPECT_EQ(signal["workflowId"], "sim");
  EXPECT_EQ(signal["input"], R"({"__propagate":true,"args":[],"kwargs":{}})");
}

TEST(ReplayDecisionsTest, ContinueAsNewCarriesTheNextInput) {
  SimResult sim = Simulate("examples.continue_as_new.CANWorkflow", Json::array({9}));
  ASSERT_FALSE(sim.decisions.empty()) << sim.error.message();
  const Json& first = decisions_of(sim, 0);
  ASSERT_EQ(first.size(), 1u);
  EXPECT_EQ(first[0]["decisionType"], "ContinueAsNewWorkflowExecution");
  const Json& attributes = first[0]["continueAsNewWorkflowExecutionDecisionAttributes"];
  EXPECT_EQ(Json::parse(attributes["input"].get<std::string>()),
            Json::parse(R"({"__extra": {"class": "examples.continue_as_new.CANWorkflow"}, "args": [10], "kwargs": {}})"));
  EXPECT_EQ(attributes["workflowTypeVersion"], "1.0");
  EXPECT_EQ(sim.executions, 2);
  EXPECT_EQ(sim.result, 10);
}

// Hooks get the events of the decision task as they came.
TEST(ReplayDecisionsTest, HooksReadTheHistoryAsSent) {
  const auto& workflow = *simpleflow::Registry::global().find_workflow("sftest.replay_decisions.HistoryReadingWorkflow");
  SimResult sim = simulate(workflow, Json::array());
  ASSERT_EQ(sim.outcome, SimResult::Outcome::kCompleted) << sim.error.message();
  for (const auto& record : sim.decisions) {
    seen_by_hook.clear();
    replay_json(workflow, record.task);
    EXPECT_EQ(Json(seen_by_hook), record.task["events"]);
  }
}

// The history of ResumableWorkflow whose first attempt ended with `ending`
// (ActivityTaskTimedOut or ActivityTaskFailed and its attributes).
Json resumable_history(const std::string& ending, Json attributes) {
  return one_activity_task("sftest.replay_decisions.ResumableWorkflow", "sftest.replay_decisions.resumable",
                           "{\"args\":[7],\"kwargs\":{}}", ending, std::move(attributes));
}

Json retry_input(const Json& answer) {
  const Json& decisions = answer.at("decisions");
  if (decisions.size() != 1 || decisions[0]["decisionType"] != "ScheduleActivityTask") return answer;
  return Json::parse(decisions[0]["scheduleActivityTaskDecisionAttributes"]["input"].get<std::string>());
}

TEST(ReplayDecisionsTest, TheRetryOfATimedOutAttemptCarriesItsLastHeartbeatDetails) {
  const auto& workflow = *simpleflow::Registry::global().find_workflow("sftest.replay_decisions.ResumableWorkflow");
  Json answer = replay_json(workflow, resumable_history("ActivityTaskTimedOut",
                                                        {{"timeoutType", "HEARTBEAT"}, {"details", "step 3"}}));
  EXPECT_EQ(retry_input(answer),
            Json::parse(R"({"args": [7], "kwargs": {}, "__last_heartbeat_details": "step 3"})"));
}

TEST(ReplayDecisionsTest, OtherRetriesCarryNoHeartbeatDetails) {
  const auto& workflow = *simpleflow::Registry::global().find_workflow("sftest.replay_decisions.ResumableWorkflow");
  Json without_details = replay_json(workflow, resumable_history("ActivityTaskTimedOut", {{"timeoutType", "HEARTBEAT"}}));
  EXPECT_EQ(retry_input(without_details), Json::parse(R"({"args": [7], "kwargs": {}})"));
  Json failed = replay_json(workflow, resumable_history("ActivityTaskFailed", {{"reason", "boom"}, {"details", "x"}}));
  EXPECT_EQ(retry_input(failed), Json::parse(R"({"args": [7], "kwargs": {}})"));
}

TEST(ReplayDecisionsTest, HeartbeatDetailsThatWouldNotFitTheInputAreLeftOut) {
  const auto& workflow = *simpleflow::Registry::global().find_workflow("sftest.replay_decisions.ResumableWorkflow");
  Json answer = replay_json(workflow, resumable_history("ActivityTaskTimedOut",
                                                        {{"timeoutType", "HEARTBEAT"},
                                                         {"details", std::string(32760, 'x')}}));
  EXPECT_EQ(retry_input(answer), Json::parse(R"({"args": [7], "kwargs": {}})"));
}

// The simulator itself: ids 1..n, and every attribute that SWF always sends.
TEST(ReplayDecisionsTest, SimulatedHistoriesAreSwfShaped) {
  for (const char* workflow : {"examples.child_workflow.ParentWorkflow", "examples.signals.ParentSignalsWorkflow5",
                               "examples.timer.TimerWorkflow", "examples.failing.NotFailingWorkflow"}) {
    SimResult sim = Simulate(workflow, Json::array());
    EXPECT_THAT(sim.anomalies, IsEmpty());
    for (const SimRun& run : sim.runs) {
      for (std::size_t i = 0; i < run.events.size(); ++i) {
        const Json& event = run.events[i];
        EXPECT_EQ(event["eventId"], i + 1);
        const std::string type = event["eventType"];
        std::string key = type + "EventAttributes";
        key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
        ASSERT_TRUE(swf_required_attributes().count(type)) << type;
        for (const auto& name : swf_required_attributes().at(type)) {
          EXPECT_TRUE(event[key].contains(name)) << workflow << ": " << event.dump() << " lacks " << name;
        }
      }
    }
  }
}

}  // namespace sftest::replay_decisions
