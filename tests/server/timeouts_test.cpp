// Timers and timeouts on the injected clock: nothing fires a millisecond
// before its deadline, everything fires at it, and each leaves the events SWF
// records (ActivityTaskTimedOut, DecisionTaskTimedOut, TimerFired,
// WorkflowExecutionTimedOut) followed by the decision task they ask for.
#include "server/server_fixture.hpp"

namespace simpleflow::server::semantics {
namespace {

using ::testing::ElementsAre;

class TimeoutsTest : public ServerTest {
 protected:
  // Starts "w", and answers its first decision task with `decisions`:
  // events 1-4 are WorkflowExecutionStarted, DecisionTaskScheduled,
  // DecisionTaskStarted and DecisionTaskCompleted.
  std::string start_with(Json decisions, Json extra = Json::object()) {
    std::string run = start("w", std::move(extra));
    decide(std::move(decisions));
    return run;
  }
  double timestamp(const std::string& run, int64_t event_id) {
    return history("w", run).at(event_id - 1).at("eventTimestamp");
  }
};

TEST_F(TimeoutsTest, ActivityScheduleToStartWhenNobodyPolls) {
  std::string run = start_with({schedule_activity("a1", {{"scheduleToStartTimeout", "10"}})});
  double scheduled = timestamp(run, 5);
  EXPECT_EQ(fire_at(scheduled + 9.999), 0u);
  EXPECT_EQ(history("w", run).size(), 5u);

  EXPECT_EQ(fire_at(scheduled + 10), 1u);
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "ActivityTaskScheduled", "ActivityTaskTimedOut",
                                          "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[5]).at("timeoutType"), "SCHEDULE_TO_START");
  EXPECT_EQ(attrs(h[5]).at("scheduledEventId"), 5);
  EXPECT_EQ(attrs(h[5]).at("startedEventId"), 0);
  EXPECT_EQ(h[5].at("eventTimestamp").get<double>(), scheduled + 10);
  // The task is gone from its task list.
  EXPECT_EQ(pending_activities(), 0);
  EXPECT_EQ(poll_activity().value("taskToken", ""), "");
}

TEST_F(TimeoutsTest, ActivityStartToClose) {
  std::string run = start_with({schedule_activity("a1", {{"startToCloseTimeout", "20"}})});
  clock_.advance(5);
  Json task = take_activity();
  double started = timestamp(run, 6);
  EXPECT_EQ(started, kStart + 5);
  EXPECT_EQ(fire_at(started + 19.999), 0u);
  EXPECT_EQ(fire_at(started + 20), 1u);
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "ActivityTaskScheduled", "ActivityTaskStarted",
                                          "ActivityTaskTimedOut", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[6]).at("timeoutType"), "START_TO_CLOSE");
  EXPECT_EQ(attrs(h[6]).at("scheduledEventId"), 5);
  EXPECT_EQ(attrs(h[6]).at("startedEventId"), 6);
  EXPECT_FALSE(attrs(h[6]).contains("details"));

  // The worker answers too late.
  EXPECT_EQ(fault("RespondActivityTaskCompleted", {{"taskToken", task.at("taskToken")}, {"result", "late"}}),
            "UnknownResourceFault");
  EXPECT_EQ(history("w", run).size(), 8u);
}

TEST_F(TimeoutsTest, ActivityScheduleToClose) {
  std::string run = start_with({schedule_activity("a1", {{"scheduleToCloseTimeout", "30"}})});
  double scheduled = timestamp(run, 5);
  clock_.advance(10);
  Json task = take_activity();
  EXPECT_EQ(fire_at(scheduled + 29.999), 0u);
  EXPECT_EQ(fire_at(scheduled + 30), 1u);
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "ActivityTaskScheduled", "ActivityTaskStarted",
                                          "ActivityTaskTimedOut", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[6]).at("timeoutType"), "SCHEDULE_TO_CLOSE");
  EXPECT_EQ(attrs(h[6]).at("scheduledEventId"), 5);
  EXPECT_EQ(attrs(h[6]).at("startedEventId"), 6);
  EXPECT_EQ(fault("RespondActivityTaskFailed", {{"taskToken", task.at("taskToken")}, {"reason", "late"}}),
            "UnknownResourceFault");
}

TEST_F(TimeoutsTest, ActivityScheduleToCloseOfATaskNobodyStarted) {
  std::string run = start_with({schedule_activity("a1", {{"scheduleToCloseTimeout", "30"}})});
  double scheduled = timestamp(run, 5);
  EXPECT_EQ(fire_at(scheduled + 30), 1u);
  Json h = history("w", run);
  ASSERT_EQ(h.size(), 7u);
  EXPECT_EQ(h[5].at("eventType"), "ActivityTaskTimedOut");
  EXPECT_EQ(attrs(h[5]).at("timeoutType"), "SCHEDULE_TO_CLOSE");
  EXPECT_EQ(attrs(h[5]).at("startedEventId"), 0);
  EXPECT_EQ(poll_activity().value("taskToken", ""), "");
}

TEST_F(TimeoutsTest, HeartbeatsExtendTheDeadlineAndTheTimeoutCarriesTheLastDetails) {
  std::string run = start_with({schedule_activity("a1", {{"heartbeatTimeout", "10"}})});
  Json task = take_activity();
  double started = timestamp(run, 6);

  clock_.set(started + 6);
  Json beat = ok("RecordActivityTaskHeartbeat", {{"taskToken", task.at("taskToken")}, {"details", "25%"}});
  EXPECT_EQ(beat.at("cancelRequested"), false);
  clock_.set(started + 8);
  ok("RecordActivityTaskHeartbeat", {{"taskToken", task.at("taskToken")}, {"details", "50%"}});

  // The first deadline (started + 10) has passed the heartbeats' test.
  EXPECT_EQ(fire_at(started + 10), 0u);
  EXPECT_EQ(fire_at(started + 17.999), 0u);
  EXPECT_EQ(history("w", run).size(), 6u);

  EXPECT_EQ(fire_at(started + 18), 1u);
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "ActivityTaskScheduled", "ActivityTaskStarted",
                                          "ActivityTaskTimedOut", "DecisionTaskScheduled"));
  const Json& timed_out = attrs(h[6]);
  EXPECT_EQ(timed_out.at("timeoutType"), "HEARTBEAT");
  EXPECT_EQ(timed_out.at("scheduledEventId"), 5);
  EXPECT_EQ(timed_out.at("startedEventId"), 6);
  EXPECT_EQ(timed_out.value("details", "<absent>"), "50%");

  EXPECT_EQ(fault("RespondActivityTaskCompleted", {{"taskToken", task.at("taskToken")}, {"result", "late"}}),
            "UnknownResourceFault");
  EXPECT_EQ(fault("RecordActivityTaskHeartbeat", {{"taskToken", task.at("taskToken")}}), "UnknownResourceFault");
  EXPECT_EQ(history("w", run).size(), 8u);
}

TEST_F(TimeoutsTest, HeartbeatTimeoutWithoutAnyHeartbeat) {
  std::string run = start_with({schedule_activity("a1", {{"heartbeatTimeout", "10"}})});
  take_activity();
  double started = timestamp(run, 6);
  EXPECT_EQ(fire_at(started + 9.999), 0u);
  EXPECT_EQ(fire_at(started + 10), 1u);
  Json h = history("w", run);
  ASSERT_EQ(h.size(), 8u);
  EXPECT_EQ(attrs(h[6]).at("timeoutType"), "HEARTBEAT");
  EXPECT_FALSE(attrs(h[6]).contains("details"));
}

TEST_F(TimeoutsTest, DecisionTaskStartToClose) {
  std::string run = start("w", {{"taskStartToCloseTimeout", "5"}});
  clock_.advance(1);
  Json task = take_decision();
  double started = timestamp(run, 3);
  EXPECT_EQ(fire_at(started + 4.999), 0u);
  EXPECT_EQ(fire_at(started + 5), 1u);
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskTimedOut", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[3]).at("timeoutType"), "START_TO_CLOSE");
  EXPECT_EQ(attrs(h[3]).at("scheduledEventId"), 2);
  EXPECT_EQ(attrs(h[3]).at("startedEventId"), 3);
  EXPECT_EQ(attrs(h[4]).at("startToCloseTimeout"), "5");

  // The timed-out task's token is refused; the new task is the one to answer.
  EXPECT_EQ(fault("RespondDecisionTaskCompleted", {{"taskToken", task.at("taskToken")}, {"decisions", Json::array()}}),
            "UnknownResourceFault");
  Json again = take_decision();
  EXPECT_EQ(again.at("startedEventId"), 6);
  respond(again, {complete_workflow()});
  EXPECT_EQ(describe("w", run).at("executionInfo").at("closeStatus"), "COMPLETED");
}

TEST_F(TimeoutsTest, TimerFiresAtExactlyItsTimeAndAsksForADecision) {
  std::string run = start_with({start_timer("t1", "10")});
  Json h = history("w", run);
  ASSERT_EQ(h.size(), 5u);
  ASSERT_EQ(h[4].at("eventType"), "TimerStarted");
  EXPECT_EQ(attrs(h[4]).at("timerId"), "t1");
  EXPECT_EQ(attrs(h[4]).at("startToFireTimeout"), "10");
  EXPECT_EQ(attrs(h[4]).at("decisionTaskCompletedEventId"), 4);
  double started = h[4].at("eventTimestamp");

  EXPECT_EQ(fire_at(started + 9.999), 0u);
  EXPECT_EQ(history("w", run).size(), 5u);
  EXPECT_EQ(poll_decision().value("taskToken", ""), "");

  EXPECT_EQ(fire_at(started + 10), 1u);
  h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "TimerStarted", "TimerFired", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[5]).at("timerId"), "t1");
  EXPECT_EQ(attrs(h[5]).at("startedEventId"), 5);
  EXPECT_EQ(h[5].at("eventTimestamp").get<double>(), started + 10);

  // The decider sees the TimerFired in its new task; nothing fires twice.
  Json task = take_decision();
  EXPECT_EQ(task.at("events").at(5).at("eventType"), "TimerFired");
  EXPECT_EQ(fire_at(started + 1000), 0u);
}

TEST_F(TimeoutsTest, ATimerFiringWhileTheDeciderWorksAsksForOneMoreTask) {
  std::string run = start_with({start_timer("t1", "10")});
  double started = history("w", run).at(4).at("eventTimestamp");
  signal("w");
  Json task = take_decision();  // DecisionTaskStarted 7
  EXPECT_EQ(fire_at(started + 10), 1u);
  respond(task, {complete_workflow()});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "TimerStarted", "WorkflowExecutionSignaled",
                                          "DecisionTaskScheduled", "DecisionTaskStarted", "TimerFired",
                                          "DecisionTaskCompleted", "CompleteWorkflowExecutionFailed",
                                          "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[10]).at("cause"), "UNHANDLED_DECISION");
}

TEST_F(TimeoutsTest, AnActivityTimingOutWhileTheDeciderWorksAsksForOneMoreTask) {
  std::string run = start_with({schedule_activity("a1", {{"scheduleToStartTimeout", "10"}})});
  double scheduled = history("w", run).at(4).at("eventTimestamp");
  signal("w");
  Json task = take_decision();
  EXPECT_EQ(fire_at(scheduled + 10), 1u);
  respond(task);
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "ActivityTaskScheduled", "WorkflowExecutionSignaled",
                                          "DecisionTaskScheduled", "DecisionTaskStarted", "ActivityTaskTimedOut",
                                          "DecisionTaskCompleted", "DecisionTaskScheduled"));
}

TEST_F(TimeoutsTest, ATimedOutRunLeavesNoTasks) {
  std::string run = start_with({schedule_activity("a1"), start_timer("t1", "1000")},
                               {{"executionStartToCloseTimeout", "60"}});
  signal("w");
  EXPECT_EQ(pending_activities(), 1);
  EXPECT_EQ(pending_decisions(), 1);
  EXPECT_EQ(fire_at(kStart + 60), 1u);
  EXPECT_EQ(history("w", run).back().at("eventType"), "WorkflowExecutionTimedOut");
  EXPECT_EQ(pending_activities(), 0);
  EXPECT_EQ(pending_decisions(), 0);
  EXPECT_EQ(poll_activity().value("taskToken", ""), "");
  EXPECT_EQ(fire_at(kStart + 1000), 0u);  // the timer died with the run
  EXPECT_EQ(history("w", run).back().at("eventType"), "WorkflowExecutionTimedOut");
}

TEST_F(TimeoutsTest, CanceledTimerNeverFires) {
  std::string run = start_with({start_timer("t1", "10")});
  double started = history("w", run).at(4).at("eventTimestamp");
  signal("w");
  decide({decision("CancelTimer", {{"timerId", "t1"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "TimerStarted", "WorkflowExecutionSignaled",
                                          "DecisionTaskScheduled", "DecisionTaskStarted", "DecisionTaskCompleted",
                                          "TimerCanceled"));
  EXPECT_EQ(attrs(h[9]).at("timerId"), "t1");
  EXPECT_EQ(attrs(h[9]).at("startedEventId"), 5);
  EXPECT_EQ(attrs(h[9]).at("decisionTaskCompletedEventId"), 9);

  EXPECT_EQ(fire_at(started + 10), 0u);
  EXPECT_EQ(fire_at(started + 3600), 0u);
  EXPECT_EQ(history("w", run).size(), 10u);
  EXPECT_EQ(describe("w", run).at("openCounts").at("openTimers"), 0);
}

TEST_F(TimeoutsTest, CancelingAnUnknownTimerFails) {
  std::string run = start_with({decision("CancelTimer", {{"timerId", "nope"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "CancelTimerFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[4]).at("timerId"), "nope");
  EXPECT_EQ(attrs(h[4]).at("cause"), "TIMER_ID_UNKNOWN");
  EXPECT_EQ(attrs(h[4]).at("decisionTaskCompletedEventId"), 4);
}

// A parent with one child on its own task list; the parent's execution
// start-to-close timeout is 100 s.
class ExecutionTimeoutTest : public TimeoutsTest {
 protected:
  void start_family(const std::string& child_policy) {
    parent_run_ = start("w", {{"executionStartToCloseTimeout", "100"}, {"childPolicy", child_policy}});
    decide({start_child("kid")});
    Json h = history("w", parent_run_);
    ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                            "DecisionTaskCompleted", "StartChildWorkflowExecutionInitiated",
                                            "ChildWorkflowExecutionStarted", "DecisionTaskScheduled"));
    child_run_ = attrs(h[5]).at("workflowExecution").at("runId");
    started_ = h[0].at("eventTimestamp");
  }
  std::string parent_run_, child_run_;
  double started_ = 0;
};

TEST_F(ExecutionTimeoutTest, TimesOutTheRunAndTerminatesItsChildren) {
  ASSERT_NO_FATAL_FAILURE(start_family("TERMINATE"));
  EXPECT_EQ(fire_at(started_ + 99.999), 0u);
  EXPECT_EQ(describe("w", parent_run_).at("executionInfo").at("executionStatus"), "OPEN");

  EXPECT_GE(fire_at(started_ + 100), 1u);
  Json h = history("w", parent_run_);
  ASSERT_EQ(h.size(), 8u);
  EXPECT_EQ(h[7].at("eventType"), "WorkflowExecutionTimedOut");
  EXPECT_EQ(attrs(h[7]).at("timeoutType"), "START_TO_CLOSE");
  EXPECT_EQ(attrs(h[7]).at("childPolicy"), "TERMINATE");
  Json info = describe("w", parent_run_).at("executionInfo");
  EXPECT_EQ(info.at("executionStatus"), "CLOSED");
  EXPECT_EQ(info.at("closeStatus"), "TIMED_OUT");

  Json child = history("kid", child_run_);
  ASSERT_THAT(event_types(child), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "WorkflowExecutionTerminated"));
  EXPECT_EQ(attrs(child[2]).at("cause"), "CHILD_POLICY_APPLIED");
  EXPECT_EQ(describe("kid", child_run_).at("executionInfo").at("closeStatus"), "TERMINATED");
  // The closed runs ask for no decisions.
  EXPECT_EQ(poll_decision().value("taskToken", ""), "");
  EXPECT_EQ(poll_decision("children").value("taskToken", ""), "");
}

TEST_F(ExecutionTimeoutTest, AbandonLeavesTheChildrenOpen) {
  ASSERT_NO_FATAL_FAILURE(start_family("ABANDON"));
  EXPECT_GE(fire_at(started_ + 100), 1u);
  Json h = history("w", parent_run_);
  ASSERT_EQ(h.back().at("eventType"), "WorkflowExecutionTimedOut");
  EXPECT_EQ(attrs(h.back()).at("childPolicy"), "ABANDON");
  EXPECT_EQ(describe("w", parent_run_).at("executionInfo").at("closeStatus"), "TIMED_OUT");

  EXPECT_THAT(types("kid", child_run_), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled"));
  EXPECT_EQ(describe("kid", child_run_).at("executionInfo").at("executionStatus"), "OPEN");
  // The child goes on: it can be decided and completed.
  decide({complete_workflow("alone")}, "children");
  EXPECT_EQ(describe("kid", child_run_).at("executionInfo").at("closeStatus"), "COMPLETED");
}

TEST_F(ExecutionTimeoutTest, ChildTimingOutTellsItsParent) {
  parent_run_ = start("w");
  decide({start_child("kid", {{"executionStartToCloseTimeout", "50"}})});
  Json h = history("w", parent_run_);
  child_run_ = attrs(h[5]).at("workflowExecution").at("runId");
  decide({});  // the parent's task for ChildWorkflowExecutionStarted
  double started = history("kid", child_run_).at(0).at("eventTimestamp");
  EXPECT_EQ(fire_at(started + 49.999), 0u);
  EXPECT_GE(fire_at(started + 50), 1u);
  h = history("w", parent_run_);
  ASSERT_GE(h.size(), 2u);
  const Json& timed_out = h[h.size() - 2];
  ASSERT_EQ(timed_out.at("eventType"), "ChildWorkflowExecutionTimedOut");
  EXPECT_EQ(attrs(timed_out).at("timeoutType"), "START_TO_CLOSE");
  EXPECT_EQ(attrs(timed_out).at("workflowExecution"), execution("kid", child_run_));
  EXPECT_EQ(attrs(timed_out).at("initiatedEventId"), 5);
  EXPECT_EQ(attrs(timed_out).at("startedEventId"), 6);
  EXPECT_EQ(h.back().at("eventType"), "DecisionTaskScheduled");
}

}  // namespace
}  // namespace simpleflow::server::semantics
