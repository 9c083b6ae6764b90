// RespondDecisionTaskCompleted's decisions: each records its events or the
// ...Failed event with SWF's cause, and the events that ask for a decision
// schedule exactly one new decision task.
#include "server/server_fixture.hpp"

namespace simpleflow::server::semantics {
namespace {

using ::testing::ElementsAre;

// The events every test begins with: a started run, and its first decision
// task, completed (events 1-4).
#define FIRST_DECISION \
  "WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted", "DecisionTaskCompleted"

class DecisionsTest : public ServerTest {
 protected:
  // Starts "w" and answers its first decision task with `decisions`.
  std::string start_with(Json decisions) {
    std::string run = start("w");
    decide(std::move(decisions));
    return run;
  }
};

// ---- ScheduleActivityTask ---------------------------------------------------

TEST_F(DecisionsTest, ScheduleActivityRecordsTheResolvedAttributes) {
  std::string run = start_with({schedule_activity("a1", {{"input", "in"}, {"control", "ctl"}, {"taskPriority", "3"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "ActivityTaskScheduled"));
  const Json& a = attrs(h[4]);
  EXPECT_EQ(a.at("activityId"), "a1");
  EXPECT_EQ(a.at("activityType"), Json({{"name", "act"}, {"version", "1"}}));
  EXPECT_EQ(a.at("input"), "in");
  EXPECT_EQ(a.at("control"), "ctl");
  EXPECT_EQ(a.at("taskList").at("name"), kWorkers);  // the type's default
  EXPECT_EQ(a.at("taskPriority"), "3");
  EXPECT_EQ(a.at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(a.at("scheduleToStartTimeout"), "NONE");
  Json task = take_activity();
  EXPECT_EQ(task.at("activityId"), "a1");
  EXPECT_EQ(task.at("input"), "in");
  EXPECT_EQ(task.at("workflowExecution"), execution("w", run));
}

TEST_F(DecisionsTest, ScheduleActivityOfAnUnknownType) {
  std::string run = start_with({decision("ScheduleActivityTask", {{"activityId", "a1"},
                                                                  {"activityType", {{"name", "nope"}, {"version", "1"}}},
                                                                  {"taskList", {{"name", kWorkers}}}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "ScheduleActivityTaskFailed", "DecisionTaskScheduled"));
  const Json& a = attrs(h[4]);
  EXPECT_EQ(a.at("cause"), "ACTIVITY_TYPE_DOES_NOT_EXIST");
  EXPECT_EQ(a.at("activityId"), "a1");
  EXPECT_EQ(a.at("activityType"), Json({{"name", "nope"}, {"version", "1"}}));
  EXPECT_EQ(a.at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(pending_activities(), 0);
}

TEST_F(DecisionsTest, ScheduleActivityOfADeprecatedType) {
  ok("DeprecateActivityType", {{"domain", kDomain}, {"activityType", {{"name", "act"}, {"version", "1"}}}});
  std::string run = start_with({schedule_activity("a1")});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "ScheduleActivityTaskFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[4]).at("cause"), "ACTIVITY_TYPE_DEPRECATED");
}

TEST_F(DecisionsTest, AnActivityAnswersOnce) {
  std::string run = start_with({schedule_activity("a1")});
  Json task = take_activity();
  ok("RespondActivityTaskCompleted", {{"taskToken", task.at("taskToken")}, {"result", "r"}});
  EXPECT_EQ(fault("RespondActivityTaskCompleted", {{"taskToken", task.at("taskToken")}, {"result", "again"}}),
            "UnknownResourceFault");
  EXPECT_EQ(fault("RespondActivityTaskFailed", {{"taskToken", task.at("taskToken")}}), "UnknownResourceFault");
  EXPECT_EQ(fault("RespondActivityTaskCanceled", {{"taskToken", task.at("taskToken")}}), "UnknownResourceFault");
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "ActivityTaskScheduled", "ActivityTaskStarted",
                                          "ActivityTaskCompleted", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[6]).at("result"), "r");
  EXPECT_EQ(attrs(h[6]).at("scheduledEventId"), 5);
  EXPECT_EQ(attrs(h[6]).at("startedEventId"), 6);
}

TEST_F(DecisionsTest, ScheduleActivityWithAnIdInUse) {
  std::string run = start_with({schedule_activity("a1"), schedule_activity("a1", {{"input", "second"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h),
              ElementsAre(FIRST_DECISION, "ActivityTaskScheduled", "ScheduleActivityTaskFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[5]).at("cause"), "ACTIVITY_ID_ALREADY_IN_USE");
  EXPECT_EQ(attrs(h[5]).at("activityId"), "a1");
  EXPECT_EQ(attrs(h[5]).at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(pending_activities(), 1);
}

TEST_F(DecisionsTest, ScheduleActivityWithoutAnyTaskList) {
  ok("RegisterActivityType", {{"domain", kDomain},
                              {"name", "listless"},
                              {"version", "1"},
                              {"defaultTaskScheduleToStartTimeout", "60"},
                              {"defaultTaskScheduleToCloseTimeout", "120"},
                              {"defaultTaskStartToCloseTimeout", "60"},
                              {"defaultTaskHeartbeatTimeout", "NONE"}});
  std::string run = start_with({decision("ScheduleActivityTask", {{"activityId", "a1"},
                                                                  {"activityType", {{"name", "listless"}, {"version", "1"}}}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "ScheduleActivityTaskFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[4]).at("cause"), "DEFAULT_TASK_LIST_UNDEFINED");
  EXPECT_EQ(attrs(h[4]).at("activityType"), Json({{"name", "listless"}, {"version", "1"}}));

  // The same decision with a task list is scheduled with the type's timeouts.
  decide({decision("ScheduleActivityTask", {{"activityId", "a1"},
                                            {"activityType", {{"name", "listless"}, {"version", "1"}}},
                                            {"taskList", {{"name", "elsewhere"}}}})});
  h = history("w", run);
  ASSERT_EQ(h.back().at("eventType"), "ActivityTaskScheduled");
  EXPECT_EQ(attrs(h.back()).at("taskList").at("name"), "elsewhere");
  EXPECT_EQ(attrs(h.back()).at("scheduleToCloseTimeout"), "120");
}

TEST_F(DecisionsTest, ScheduleActivityWithoutAnyTimeouts) {
  ok("RegisterActivityType",
     {{"domain", kDomain}, {"name", "timeless"}, {"version", "1"}, {"defaultTaskList", {{"name", kWorkers}}}});
  Json type = {{"name", "timeless"}, {"version", "1"}};
  std::string run = start_with({decision("ScheduleActivityTask", {{"activityId", "a1"}, {"activityType", type}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "ScheduleActivityTaskFailed", "DecisionTaskScheduled"));
  EXPECT_THAT(attrs(h[4]).at("cause").get<std::string>(),
              ::testing::AnyOf("DEFAULT_SCHEDULE_TO_START_TIMEOUT_UNDEFINED", "DEFAULT_SCHEDULE_TO_CLOSE_TIMEOUT_UNDEFINED",
                               "DEFAULT_START_TO_CLOSE_TIMEOUT_UNDEFINED"));
  decide({decision("ScheduleActivityTask", {{"activityId", "a1"},
                                            {"activityType", type},
                                            {"scheduleToStartTimeout", "10"},
                                            {"scheduleToCloseTimeout", "30"},
                                            {"startToCloseTimeout", "20"}})});
  h = history("w", run);
  ASSERT_EQ(h.back().at("eventType"), "ActivityTaskScheduled");
  EXPECT_EQ(attrs(h.back()).at("heartbeatTimeout"), "NONE");
}

// ---- RequestCancelActivityTask ----------------------------------------------

TEST_F(DecisionsTest, CancelingAScheduledActivityCancelsItAtOnce) {
  std::string run = start_with({schedule_activity("a1")});
  signal("w");
  decide({decision("RequestCancelActivityTask", {{"activityId", "a1"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "ActivityTaskScheduled", "WorkflowExecutionSignaled",
                                          "DecisionTaskScheduled", "DecisionTaskStarted", "DecisionTaskCompleted",
                                          "ActivityTaskCancelRequested", "ActivityTaskCanceled", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[9]).at("activityId"), "a1");
  EXPECT_EQ(attrs(h[9]).at("decisionTaskCompletedEventId"), 9);
  EXPECT_EQ(attrs(h[10]).at("scheduledEventId"), 5);
  EXPECT_EQ(attrs(h[10]).at("startedEventId"), 0);
  EXPECT_EQ(attrs(h[10]).at("latestCancelRequestedEventId"), 10);
  EXPECT_EQ(pending_activities(), 0);
  EXPECT_EQ(poll_activity().value("taskToken", ""), "");
}

TEST_F(DecisionsTest, CancelingAStartedActivityTellsItsWorker) {
  std::string run = start_with({schedule_activity("a1")});
  Json task = take_activity();
  Json beat = ok("RecordActivityTaskHeartbeat", {{"taskToken", task.at("taskToken")}});
  EXPECT_EQ(beat.at("cancelRequested"), false);
  signal("w");
  decide({decision("RequestCancelActivityTask", {{"activityId", "a1"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "ActivityTaskScheduled", "ActivityTaskStarted",
                                          "WorkflowExecutionSignaled", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "ActivityTaskCancelRequested"));
  EXPECT_EQ(attrs(h[10]).at("activityId"), "a1");
  EXPECT_EQ(attrs(h[10]).at("decisionTaskCompletedEventId"), 10);

  beat = ok("RecordActivityTaskHeartbeat", {{"taskToken", task.at("taskToken")}, {"details", "stopping"}});
  EXPECT_EQ(beat.at("cancelRequested"), true);
  ok("RespondActivityTaskCanceled", {{"taskToken", task.at("taskToken")}, {"details", "stopped"}});
  h = history("w", run);
  ASSERT_EQ(h.size(), 13u);
  EXPECT_EQ(h[11].at("eventType"), "ActivityTaskCanceled");
  EXPECT_EQ(attrs(h[11]).at("scheduledEventId"), 5);
  EXPECT_EQ(attrs(h[11]).at("startedEventId"), 6);
  EXPECT_EQ(attrs(h[11]).at("latestCancelRequestedEventId"), 11);
  EXPECT_EQ(attrs(h[11]).at("details"), "stopped");
  EXPECT_EQ(h[12].at("eventType"), "DecisionTaskScheduled");
}

TEST_F(DecisionsTest, CancelingAnUnknownActivityFails) {
  std::string run = start_with({decision("RequestCancelActivityTask", {{"activityId", "nope"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "RequestCancelActivityTaskFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[4]).at("activityId"), "nope");
  EXPECT_EQ(attrs(h[4]).at("cause"), "ACTIVITY_ID_UNKNOWN");
  EXPECT_EQ(attrs(h[4]).at("decisionTaskCompletedEventId"), 4);
}

// ---- RecordMarker, StartTimer -----------------------------------------------

TEST_F(DecisionsTest, RecordMarkerAsksForNoDecision) {
  std::string run = start_with({decision("RecordMarker", {{"markerName", "checkpoint"}, {"details", "step 1"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "MarkerRecorded"));
  EXPECT_EQ(attrs(h[4]).at("markerName"), "checkpoint");
  EXPECT_EQ(attrs(h[4]).at("details"), "step 1");
  EXPECT_EQ(attrs(h[4]).at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(pending_decisions(), 0);
}

TEST_F(DecisionsTest, StartTimerWithAnIdInUse) {
  std::string run = start_with({start_timer("t1", "10"), start_timer("t1", "20")});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "TimerStarted", "StartTimerFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[5]).at("timerId"), "t1");
  EXPECT_EQ(attrs(h[5]).at("cause"), "TIMER_ID_ALREADY_IN_USE");
  EXPECT_EQ(attrs(h[5]).at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(describe("w", run).at("openCounts").at("openTimers"), 1);
}

// ---- Closing decisions ------------------------------------------------------

TEST_F(DecisionsTest, CompleteFailsWhenASignalCameWhileTheDeciderWorked) {
  std::string run = start("w");
  Json task = take_decision();
  signal("w", "late news");
  respond(task, {complete_workflow("done")});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "WorkflowExecutionSignaled", "DecisionTaskCompleted",
                                          "CompleteWorkflowExecutionFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[5]).at("cause"), "UNHANDLED_DECISION");
  EXPECT_EQ(attrs(h[5]).at("decisionTaskCompletedEventId"), 5);
  EXPECT_EQ(describe("w", run).at("executionInfo").at("executionStatus"), "OPEN");

  // The next task shows the signal; completing then works.
  Json next = take_decision();
  EXPECT_EQ(next.at("events").at(3).at("eventType"), "WorkflowExecutionSignaled");
  respond(next, {complete_workflow("done")});
  h = history("w", run);
  ASSERT_EQ(h.back().at("eventType"), "WorkflowExecutionCompleted");
  EXPECT_EQ(attrs(h.back()).at("result"), "done");
  EXPECT_EQ(attrs(h.back()).at("decisionTaskCompletedEventId"), 9);
}

TEST_F(DecisionsTest, FailAndCancelAlsoFailWithUnhandledEvents) {
  std::string run = start("w");
  Json task = take_decision();
  signal("w");
  respond(task, {decision("FailWorkflowExecution", {{"reason", "r"}})});
  Json h = history("w", run);
  ASSERT_EQ(h.size(), 7u);
  EXPECT_EQ(h[5].at("eventType"), "FailWorkflowExecutionFailed");
  EXPECT_EQ(attrs(h[5]).at("cause"), "UNHANDLED_DECISION");

  task = take_decision();
  signal("w");
  respond(task, {decision("CancelWorkflowExecution")});
  h = history("w", run);
  ASSERT_EQ(h.size(), 12u);
  EXPECT_EQ(h[10].at("eventType"), "CancelWorkflowExecutionFailed");
  EXPECT_EQ(attrs(h[10]).at("cause"), "UNHANDLED_DECISION");
  EXPECT_EQ(h[11].at("eventType"), "DecisionTaskScheduled");
}

TEST_F(DecisionsTest, ContinueAsNewAlsoFailsWithUnhandledEvents) {
  std::string run = start("w");
  Json task = take_decision();
  signal("w");
  respond(task, {decision("ContinueAsNewWorkflowExecution", {{"input", "next"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "WorkflowExecutionSignaled", "DecisionTaskCompleted",
                                          "ContinueAsNewWorkflowExecutionFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[5]).at("cause"), "UNHANDLED_DECISION");
  EXPECT_EQ(attrs(h[5]).at("decisionTaskCompletedEventId"), 5);
  Json open = ok("CountOpenWorkflowExecutions", {{"domain", kDomain}, {"startTimeFilter", {{"oldestDate", 0}}}});
  EXPECT_EQ(open.at("count"), 1);
}

TEST_F(DecisionsTest, ACloseDecisionThatIsNotTheLastFails) {
  std::string run = start_with({complete_workflow("too early"), decision("RecordMarker", {{"markerName", "after"}})});
  Json h = history("w", run);
  ASSERT_GE(h.size(), 6u);
  EXPECT_EQ(h[4].at("eventType"), "CompleteWorkflowExecutionFailed");
  EXPECT_EQ(attrs(h[4]).at("cause"), "UNHANDLED_DECISION");
  EXPECT_EQ(attrs(h[4]).at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(h.back().at("eventType"), "DecisionTaskScheduled");
  int scheduled = 0;
  for (const Json& e : h) scheduled += e.at("eventType") == "DecisionTaskScheduled" ? 1 : 0;
  EXPECT_EQ(scheduled, 2);
  EXPECT_EQ(describe("w", run).at("executionInfo").at("executionStatus"), "OPEN");
}

TEST_F(DecisionsTest, ContinueAsNewStartsANewRun) {
  std::string run = start("w", {{"input", "first"}, {"tagList", {"blue"}}});
  decide({decision("ContinueAsNewWorkflowExecution", {{"input", "second"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "WorkflowExecutionContinuedAsNew"));
  const Json& continued = attrs(h[4]);
  EXPECT_EQ(continued.at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(continued.at("input"), "second");
  EXPECT_EQ(continued.at("workflowType"), Json({{"name", "wf"}, {"version", "1"}}));
  EXPECT_EQ(continued.at("taskList").at("name"), kDeciders);
  std::string new_run = continued.at("newExecutionRunId");
  ASSERT_FALSE(new_run.empty());
  EXPECT_NE(new_run, run);

  Json info = describe("w", run).at("executionInfo");
  EXPECT_EQ(info.at("executionStatus"), "CLOSED");
  EXPECT_EQ(info.at("closeStatus"), "CONTINUED_AS_NEW");

  Json n = history("w", new_run);
  ASSERT_THAT(event_types(n), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(n[0]).at("continuedExecutionRunId"), run);
  EXPECT_EQ(attrs(n[0]).at("input"), "second");
  EXPECT_EQ(attrs(n[0]).at("workflowType"), Json({{"name", "wf"}, {"version", "1"}}));
  EXPECT_EQ(describe("w", new_run).at("executionInfo").at("executionStatus"), "OPEN");

  Json open = ok("ListOpenWorkflowExecutions",
                 {{"domain", kDomain}, {"startTimeFilter", {{"oldestDate", 0}}}, {"executionFilter", {{"workflowId", "w"}}}});
  ASSERT_EQ(open.at("executionInfos").size(), 1u);
  EXPECT_EQ(open["executionInfos"][0].at("execution").at("runId"), new_run);

  Json task = take_decision();
  EXPECT_EQ(task.at("workflowExecution"), execution("w", new_run));
}

// ---- RespondDecisionTaskCompleted's task list override -----------------------

TEST_F(DecisionsTest, ATaskListOverrideWithoutTimeoutIsPermanent) {
  std::string run = start("w");
  Json task = take_decision();
  ok("RespondDecisionTaskCompleted",
     {{"taskToken", task.at("taskToken")}, {"decisions", Json::array()}, {"taskList", {{"name", "moved"}}}});
  signal("w");
  Json h = history("w", run);
  ASSERT_EQ(h.back().at("eventType"), "DecisionTaskScheduled");
  EXPECT_EQ(attrs(h.back()).at("taskList").at("name"), "moved");
  EXPECT_EQ(pending_decisions(), 0);
  EXPECT_EQ(pending_decisions("moved"), 1);
  respond(take_decision("moved"));
  signal("w");
  EXPECT_EQ(attrs(history("w", run).back()).at("taskList").at("name"), "moved");
}

TEST_F(DecisionsTest, ATemporaryTaskListOverrideRevertsWhenItsTaskIsNotStarted) {
  std::string run = start("w");
  Json task = take_decision();
  ok("RespondDecisionTaskCompleted", {{"taskToken", task.at("taskToken")},
                                      {"decisions", Json::array()},
                                      {"taskList", {{"name", "moved"}}},
                                      {"taskListScheduleToStartTimeout", "10"}});
  signal("w");
  Json h = history("w", run);
  ASSERT_EQ(h.size(), 6u);
  EXPECT_EQ(attrs(h[5]).at("taskList").at("name"), "moved");
  EXPECT_EQ(attrs(h[5]).value("scheduleToStartTimeout", "<absent>"), "10");
  double scheduled = h[5].at("eventTimestamp");
  EXPECT_EQ(fire_at(scheduled + 9.999), 0u);
  EXPECT_EQ(fire_at(scheduled + 10), 1u);
  h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "WorkflowExecutionSignaled", "DecisionTaskScheduled",
                                          "DecisionTaskTimedOut", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[6]).at("timeoutType"), "SCHEDULE_TO_START");
  EXPECT_EQ(attrs(h[6]).at("scheduledEventId"), 6);
  EXPECT_EQ(attrs(h[7]).at("taskList").at("name"), kDeciders);
  EXPECT_FALSE(attrs(h[7]).contains("scheduleToStartTimeout"));
  EXPECT_EQ(poll_decision("moved").value("taskToken", ""), "");
  take_decision();
}

// ---- Child workflows --------------------------------------------------------

TEST_F(DecisionsTest, ChildWorkflowStartsAndReportsItsResult) {
  std::string run = start_with({start_child("kid", {{"input", "in"}, {"control", "ctl"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "StartChildWorkflowExecutionInitiated",
                                          "ChildWorkflowExecutionStarted", "DecisionTaskScheduled"));
  const Json& initiated = attrs(h[4]);
  EXPECT_EQ(initiated.at("workflowId"), "kid");
  EXPECT_EQ(initiated.at("workflowType"), Json({{"name", "wf"}, {"version", "1"}}));
  EXPECT_EQ(initiated.at("input"), "in");
  EXPECT_EQ(initiated.at("control"), "ctl");
  EXPECT_EQ(initiated.at("taskList").at("name"), "children");
  EXPECT_EQ(initiated.at("childPolicy"), "TERMINATE");
  EXPECT_EQ(initiated.at("decisionTaskCompletedEventId"), 4);
  const Json& started = attrs(h[5]);
  EXPECT_EQ(started.at("workflowExecution").at("workflowId"), "kid");
  EXPECT_EQ(started.at("workflowType"), Json({{"name", "wf"}, {"version", "1"}}));
  EXPECT_EQ(started.at("initiatedEventId"), 5);
  std::string kid_run = started.at("workflowExecution").at("runId");

  Json child = history("kid", kid_run);
  ASSERT_THAT(event_types(child), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(child[0]).at("parentWorkflowExecution"), execution("w", run));
  EXPECT_EQ(attrs(child[0]).at("parentInitiatedEventId"), 5);
  EXPECT_EQ(attrs(child[0]).at("input"), "in");
  EXPECT_EQ(describe("kid", kid_run).at("executionInfo").at("parent"), execution("w", run));
  EXPECT_EQ(describe("w", run).at("openCounts").at("openChildWorkflowExecutions"), 1);

  decide({});  // the parent's task for ChildWorkflowExecutionStarted: events 8-9
  decide({complete_workflow("kid done")}, "children");
  h = history("w", run);
  ASSERT_EQ(h.size(), 11u);
  EXPECT_EQ(h[9].at("eventType"), "ChildWorkflowExecutionCompleted");
  const Json& completed = attrs(h[9]);
  EXPECT_EQ(completed.at("result"), "kid done");
  EXPECT_EQ(completed.at("workflowExecution"), execution("kid", kid_run));
  EXPECT_EQ(completed.at("workflowType"), Json({{"name", "wf"}, {"version", "1"}}));
  EXPECT_EQ(completed.at("initiatedEventId"), 5);
  EXPECT_EQ(completed.at("startedEventId"), 6);
  EXPECT_EQ(h[10].at("eventType"), "DecisionTaskScheduled");
  EXPECT_EQ(describe("w", run).at("openCounts").at("openChildWorkflowExecutions"), 0);
}

TEST_F(DecisionsTest, ChildFailingReportsReasonAndDetails) {
  std::string run = start_with({start_child("kid")});
  std::string kid_run = attrs(history("w", run)[5]).at("workflowExecution").at("runId");
  decide({decision("FailWorkflowExecution", {{"reason", "broken"}, {"details", "why"}})}, "children");
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "StartChildWorkflowExecutionInitiated",
                                          "ChildWorkflowExecutionStarted", "DecisionTaskScheduled",
                                          "ChildWorkflowExecutionFailed"));
  EXPECT_EQ(attrs(h[7]).at("reason"), "broken");
  EXPECT_EQ(attrs(h[7]).at("details"), "why");
  EXPECT_EQ(attrs(h[7]).at("workflowExecution"), execution("kid", kid_run));
}

TEST_F(DecisionsTest, ChildWithTheIdOfARunningExecutionFails) {
  start("busy", {{"taskList", {{"name", "others"}}}});
  std::string run = start_with({start_child("busy", {{"control", "ctl"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "StartChildWorkflowExecutionInitiated",
                                          "StartChildWorkflowExecutionFailed", "DecisionTaskScheduled"));
  const Json& failed = attrs(h[5]);
  EXPECT_EQ(failed.at("cause"), "WORKFLOW_ALREADY_RUNNING");
  EXPECT_EQ(failed.at("workflowId"), "busy");
  EXPECT_EQ(failed.at("workflowType"), Json({{"name", "wf"}, {"version", "1"}}));
  EXPECT_EQ(failed.at("initiatedEventId"), 5);
  EXPECT_EQ(failed.at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(failed.at("control"), "ctl");
  EXPECT_EQ(describe("w", run).at("openCounts").at("openChildWorkflowExecutions"), 0);
}

// Starting a second child with the id of a running child fails, and leaves
// the parent following the first one.
TEST_F(DecisionsTest, ARefusedDuplicateChildDoesNotForgetTheRunningOne) {
  std::string run = start_with({start_child("kid")});
  std::string kid_run = attrs(history("w", run)[5]).at("workflowExecution").at("runId");
  decide({start_child("kid")});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "StartChildWorkflowExecutionInitiated",
                                          "ChildWorkflowExecutionStarted", "DecisionTaskScheduled",
                                          "DecisionTaskStarted", "DecisionTaskCompleted",
                                          "StartChildWorkflowExecutionInitiated", "StartChildWorkflowExecutionFailed",
                                          "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[10]).at("cause"), "WORKFLOW_ALREADY_RUNNING");
  EXPECT_EQ(describe("w", run).at("openCounts").at("openChildWorkflowExecutions"), 1);

  decide({complete_workflow("first kid")}, "children");
  h = history("w", run);
  ASSERT_EQ(h.size(), 13u);
  EXPECT_EQ(h[12].at("eventType"), "ChildWorkflowExecutionCompleted");
  EXPECT_EQ(attrs(h[12]).value("result", ""), "first kid");
  EXPECT_EQ(attrs(h[12]).value("initiatedEventId", 0), 5);
}

TEST_F(DecisionsTest, ARefusedDuplicateChildIsStillSubjectToTheChildPolicy) {
  std::string run = start_with({start_child("kid")});
  std::string kid_run = attrs(history("w", run)[5]).at("workflowExecution").at("runId");
  decide({start_child("kid")});
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}, {"childPolicy", "TERMINATE"}});
  EXPECT_EQ(describe("kid", kid_run).at("executionInfo").value("closeStatus", "<open>"), "TERMINATED");
}

TEST_F(DecisionsTest, StartChildOfAnUnknownType) {
  std::string run = start_with({start_child("kid", {{"workflowType", {{"name", "nope"}, {"version", "1"}}}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "StartChildWorkflowExecutionFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[4]).at("cause"), "WORKFLOW_TYPE_DOES_NOT_EXIST");
  EXPECT_EQ(attrs(h[4]).at("workflowId"), "kid");
}

// ---- External executions ----------------------------------------------------

TEST_F(DecisionsTest, SignalExternalToARunningExecution) {
  std::string target = start("target", {{"taskList", {{"name", "others"}}}});
  std::string run = start_with({decision("SignalExternalWorkflowExecution", {{"workflowId", "target"},
                                                                             {"runId", target},
                                                                             {"signalName", "ping"},
                                                                             {"input", "payload"},
                                                                             {"control", "ctl"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "SignalExternalWorkflowExecutionInitiated",
                                          "ExternalWorkflowExecutionSignaled", "DecisionTaskScheduled"));
  const Json& initiated = attrs(h[4]);
  EXPECT_EQ(initiated.at("workflowId"), "target");
  EXPECT_EQ(initiated.at("runId"), target);
  EXPECT_EQ(initiated.at("signalName"), "ping");
  EXPECT_EQ(initiated.at("input"), "payload");
  EXPECT_EQ(initiated.at("control"), "ctl");
  EXPECT_EQ(initiated.at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(attrs(h[5]).at("workflowExecution"), execution("target", target));
  EXPECT_EQ(attrs(h[5]).at("initiatedEventId"), 5);

  Json t = history("target", target);
  ASSERT_THAT(event_types(t), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "WorkflowExecutionSignaled"));
  EXPECT_EQ(attrs(t[2]).at("signalName"), "ping");
  EXPECT_EQ(attrs(t[2]).at("input"), "payload");
  EXPECT_EQ(attrs(t[2]).at("externalWorkflowExecution"), execution("w", run));
  EXPECT_EQ(attrs(t[2]).at("externalInitiatedEventId"), 5);
}

TEST_F(DecisionsTest, SignalExternalToAnUnknownExecution) {
  std::string run = start_with({decision("SignalExternalWorkflowExecution", {{"workflowId", "ghost"}, {"signalName", "ping"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "SignalExternalWorkflowExecutionInitiated",
                                          "SignalExternalWorkflowExecutionFailed", "DecisionTaskScheduled"));
  const Json& failed = attrs(h[5]);
  EXPECT_EQ(failed.at("workflowId"), "ghost");
  EXPECT_EQ(failed.at("cause"), "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION");
  EXPECT_EQ(failed.at("initiatedEventId"), 5);
  EXPECT_EQ(failed.at("decisionTaskCompletedEventId"), 4);
}

TEST_F(DecisionsTest, SignalExternalToAClosedRunFails) {
  std::string target = start("target", {{"taskList", {{"name", "others"}}}});
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "target"}});
  std::string run = start_with({decision("SignalExternalWorkflowExecution",
                                         {{"workflowId", "target"}, {"runId", target}, {"signalName", "ping"}})});
  Json h = history("w", run);
  ASSERT_EQ(h.size(), 7u);
  EXPECT_EQ(h[5].at("eventType"), "SignalExternalWorkflowExecutionFailed");
  EXPECT_EQ(attrs(h[5]).at("cause"), "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION");
}

TEST_F(DecisionsTest, RequestCancelExternal) {
  std::string target = start("target", {{"taskList", {{"name", "others"}}}});
  std::string run = start_with({decision("RequestCancelExternalWorkflowExecution",
                                         {{"workflowId", "target"}, {"runId", target}, {"control", "ctl"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "RequestCancelExternalWorkflowExecutionInitiated",
                                          "ExternalWorkflowExecutionCancelRequested", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[4]).at("workflowId"), "target");
  EXPECT_EQ(attrs(h[4]).at("runId"), target);
  EXPECT_EQ(attrs(h[4]).at("control"), "ctl");
  EXPECT_EQ(attrs(h[4]).at("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(attrs(h[5]).at("workflowExecution"), execution("target", target));
  EXPECT_EQ(attrs(h[5]).at("initiatedEventId"), 5);

  Json t = history("target", target);
  ASSERT_THAT(event_types(t),
              ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "WorkflowExecutionCancelRequested"));
  EXPECT_EQ(attrs(t[2]).at("externalWorkflowExecution"), execution("w", run));
  EXPECT_EQ(attrs(t[2]).at("externalInitiatedEventId"), 5);
  EXPECT_EQ(describe("target", target).at("executionInfo").at("cancelRequested"), true);

  // The target's decider cancels it.
  decide({decision("CancelWorkflowExecution", {{"details", "asked to"}})}, "others");
  EXPECT_EQ(describe("target", target).at("executionInfo").at("closeStatus"), "CANCELED");
}

TEST_F(DecisionsTest, RequestCancelExternalOfAnUnknownExecution) {
  std::string run = start_with({decision("RequestCancelExternalWorkflowExecution", {{"workflowId", "ghost"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre(FIRST_DECISION, "RequestCancelExternalWorkflowExecutionInitiated",
                                          "RequestCancelExternalWorkflowExecutionFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[5]).at("workflowId"), "ghost");
  EXPECT_EQ(attrs(h[5]).at("cause"), "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION");
  EXPECT_EQ(attrs(h[5]).at("initiatedEventId"), 5);
  EXPECT_EQ(attrs(h[5]).at("decisionTaskCompletedEventId"), 4);
}

}  // namespace
}  // namespace simpleflow::server::semantics
