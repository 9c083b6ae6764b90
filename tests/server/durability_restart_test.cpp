// A server stopped (its destructor) and another started on the same data
// directory with the same clock carries on where the first stopped: open runs
// and their histories, scheduled tasks (pollable again), started tasks (their
// tokens still answer), timers and timeouts (due at the same time),
// heartbeats' details, closed runs and their retention.
#include <chrono>
#include <thread>

#include "server/server_fixture.hpp"

namespace simpleflow::server::semantics {
namespace {

using ::testing::ElementsAre;

class RestartTest : public ServerTest {};

TEST_F(RestartTest, OpenRunsAndTheirTasksSurvive) {
  std::string run = start("w", {{"input", "in"}, {"tagList", {"t"}}});
  decide({schedule_activity("first"), schedule_activity("second"), start_timer("t1", "30")});
  Json started = take_activity();
  ASSERT_EQ(started.at("activityId"), "first");
  Json before = history("w", run);
  double timer_started = before.at(6).at("eventTimestamp");
  ASSERT_EQ(before.at(6).at("eventType"), "TimerStarted");

  restart_server();

  EXPECT_EQ(history("w", run), before);
  Json info = describe("w", run);
  EXPECT_EQ(info.at("executionInfo").at("executionStatus"), "OPEN");
  EXPECT_EQ(info.at("executionInfo").at("tagList"), Json({"t"}));
  EXPECT_EQ(info.at("openCounts").at("openActivityTasks"), 2);
  EXPECT_EQ(info.at("openCounts").at("openTimers"), 1);
  Json open = ok("ListOpenWorkflowExecutions", {{"domain", kDomain}, {"startTimeFilter", {{"oldestDate", 0}}}});
  ASSERT_EQ(open.at("executionInfos").size(), 1u);
  EXPECT_EQ(open["executionInfos"][0].at("execution"), execution("w", run));

  // The scheduled activity is handed out again, the started one is not.
  EXPECT_EQ(pending_activities(), 1);
  Json second = take_activity();
  EXPECT_EQ(second.at("activityId"), "second");
  EXPECT_EQ(poll_activity().value("taskToken", ""), "");

  // The token handed out before the restart still answers.
  ok("RespondActivityTaskCompleted", {{"taskToken", started.at("taskToken")}, {"result", "one"}});
  Json h = history("w", run);
  // ... TimerStarted(7), ActivityTaskStarted(8: first), ActivityTaskStarted(9: second), 10, 11
  ASSERT_EQ(h.size(), 11u);
  EXPECT_EQ(h[9].at("eventType"), "ActivityTaskCompleted");
  EXPECT_EQ(attrs(h[9]).at("scheduledEventId"), 5);
  EXPECT_EQ(attrs(h[9]).at("startedEventId"), 8);
  EXPECT_EQ(attrs(h[9]).at("result"), "one");
  EXPECT_EQ(h[10].at("eventType"), "DecisionTaskScheduled");

  // The timer fires at its time, not earlier.
  EXPECT_EQ(fire_at(timer_started + 29.999), 0u);
  EXPECT_EQ(fire_at(timer_started + 30), 1u);
  h = history("w", run);
  ASSERT_EQ(h.back().at("eventType"), "TimerFired");
  EXPECT_EQ(attrs(h.back()).at("timerId"), "t1");
  EXPECT_EQ(attrs(h.back()).at("startedEventId"), 7);
}

TEST_F(RestartTest, TimersStartedBeforeARestartFireAfterIt) {
  std::string run = start("w");
  decide({start_timer("t1", "60")});
  double timer_started = history("w", run).at(4).at("eventTimestamp");
  clock_.advance(30);
  restart_server();
  EXPECT_EQ(fire_at(timer_started + 59.999), 0u);
  EXPECT_EQ(fire_at(timer_started + 60), 1u);
  EXPECT_THAT(types("w", run), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                           "DecisionTaskCompleted", "TimerStarted", "TimerFired", "DecisionTaskScheduled"));
  Json task = take_decision();
  EXPECT_EQ(task.at("previousStartedEventId"), 3);
}

TEST_F(RestartTest, HeartbeatsSurvive) {
  std::string run = start("w");
  decide({schedule_activity("a1", {{"heartbeatTimeout", "10"}})});
  Json task = take_activity();
  double started = history("w", run).at(5).at("eventTimestamp");
  clock_.set(started + 5);
  ok("RecordActivityTaskHeartbeat", {{"taskToken", task.at("taskToken")}, {"details", "halfway"}});

  restart_server();

  // The heartbeat at +5 still counts: the deadline is +15, not +10.
  EXPECT_EQ(fire_at(started + 10), 0u);
  EXPECT_EQ(fire_at(started + 14.999), 0u);
  EXPECT_EQ(fire_at(started + 15), 1u);
  Json h = history("w", run);
  ASSERT_EQ(h.at(6).at("eventType"), "ActivityTaskTimedOut");
  EXPECT_EQ(attrs(h[6]).at("timeoutType"), "HEARTBEAT");
  EXPECT_EQ(attrs(h[6]).value("details", "<absent>"), "halfway");
}

TEST_F(RestartTest, HeartbeatDetailsSurviveAndTheTokenStillBeats) {
  std::string run = start("w");
  decide({schedule_activity("a1", {{"heartbeatTimeout", "10"}})});
  Json task = take_activity();
  double started = history("w", run).at(5).at("eventTimestamp");
  clock_.set(started + 5);
  ok("RecordActivityTaskHeartbeat", {{"taskToken", task.at("taskToken")}, {"details", "first"}});
  restart_server();
  clock_.set(started + 12);
  Json beat = ok("RecordActivityTaskHeartbeat", {{"taskToken", task.at("taskToken")}, {"details", "second"}});
  EXPECT_EQ(beat.at("cancelRequested"), false);
  restart_server();
  EXPECT_EQ(fire_at(started + 21.999), 0u);
  EXPECT_EQ(fire_at(started + 22), 1u);
  Json h = history("w", run);
  ASSERT_EQ(h.at(6).at("eventType"), "ActivityTaskTimedOut");
  EXPECT_EQ(attrs(h[6]).value("details", "<absent>"), "second");
}

TEST_F(RestartTest, StartedDecisionTaskSurvives) {
  std::string run = start("w", {{"taskStartToCloseTimeout", "20"}});
  Json task = take_decision();
  restart_server();
  EXPECT_EQ(pending_decisions(), 0);
  EXPECT_EQ(poll_decision().value("taskToken", ""), "");
  respond(task, {complete_workflow("after restart")});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "WorkflowExecutionCompleted"));
  EXPECT_EQ(attrs(h[4]).at("result"), "after restart");
}

TEST_F(RestartTest, DecisionTimeoutFiresAfterARestart) {
  std::string run = start("w", {{"taskStartToCloseTimeout", "20"}});
  take_decision();
  double started = history("w", run).at(2).at("eventTimestamp");
  restart_server();
  EXPECT_EQ(fire_at(started + 19.999), 0u);
  EXPECT_EQ(fire_at(started + 20), 1u);
  EXPECT_THAT(types("w", run), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                           "DecisionTaskTimedOut", "DecisionTaskScheduled"));
}

TEST_F(RestartTest, ScheduledDecisionTaskIsPollableAgain) {
  std::string run = start("w");
  signal("w");
  restart_server();
  EXPECT_EQ(pending_decisions(), 1);
  Json task = take_decision();
  EXPECT_EQ(task.at("workflowExecution"), execution("w", run));
  EXPECT_EQ(task.at("startedEventId"), 4);
}

// A signal that came while the decider worked, before the restart, is still
// unhandled after it: the close decision fails and a new task follows.
TEST_F(RestartTest, EventsThatCameDuringAStartedDecisionTaskSurvive) {
  std::string run = start("w");
  Json task = take_decision();
  signal("w", "meanwhile");
  restart_server();
  respond(task, {complete_workflow()});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "WorkflowExecutionSignaled", "DecisionTaskCompleted",
                                          "CompleteWorkflowExecutionFailed", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[5]).at("cause"), "UNHANDLED_DECISION");
}

TEST_F(RestartTest, EventsThatCameDuringAStartedDecisionTaskAskForANewOne) {
  std::string run = start("w");
  Json task = take_decision();
  signal("w", "meanwhile");
  restart_server();
  respond(task, {decision("RecordMarker", {{"markerName", "m"}})});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "WorkflowExecutionSignaled", "DecisionTaskCompleted", "MarkerRecorded",
                                          "DecisionTaskScheduled"));
  EXPECT_EQ(pending_decisions(), 1);
}

TEST_F(RestartTest, ExecutionTimeoutFiresAfterARestart) {
  std::string run = start("w", {{"executionStartToCloseTimeout", "300"}});
  restart_server();
  EXPECT_EQ(fire_at(kStart + 299.999), 0u);
  EXPECT_EQ(fire_at(kStart + 300), 1u);
  EXPECT_EQ(describe("w", run).at("executionInfo").at("closeStatus"), "TIMED_OUT");
}

TEST_F(RestartTest, ClosedRunsAndTheirRetentionSurvive) {
  std::string run = start("w");
  decide({complete_workflow("done")});
  Json before = history("w", run);
  restart_server();
  EXPECT_EQ(history("w", run), before);
  Json info = describe("w", run).at("executionInfo");
  EXPECT_EQ(info.at("closeStatus"), "COMPLETED");
  EXPECT_EQ(ok("CountClosedWorkflowExecutions", {{"domain", kDomain}, {"startTimeFilter", {{"oldestDate", 0}}}}).at("count"), 1);
  // A new run of the same id can start; the retention still purges the old one.
  std::string again = start("w");
  fire_at(kStart + 86400);
  EXPECT_EQ(fault("DescribeWorkflowExecution", {{"domain", kDomain}, {"execution", execution("w", run)}}),
            "UnknownResourceFault");
  EXPECT_EQ(describe("w", again).at("executionInfo").at("executionStatus"), "OPEN");
}

TEST_F(RestartTest, ChildrenStillReportToTheirParentAfterARestart) {
  std::string run = start("w");
  decide({start_child("kid")});
  std::string kid_run = attrs(history("w", run).at(5)).at("workflowExecution").at("runId");
  restart_server();
  decide({complete_workflow("kid result")}, "children");
  Json h = history("w", run);
  ASSERT_EQ(h.back().at("eventType"), "ChildWorkflowExecutionCompleted");
  EXPECT_EQ(attrs(h.back()).at("result"), "kid result");
  EXPECT_EQ(attrs(h.back()).at("workflowExecution"), execution("kid", kid_run));
  EXPECT_EQ(attrs(h.back()).at("initiatedEventId"), 5);
  EXPECT_EQ(attrs(h.back()).at("startedEventId"), 6);
}

TEST_F(RestartTest, StoppingEndsAWaitingPollWithNoTask) {
  restart_server(30);
  Json task = Json::object();
  bool failed = false;
  std::thread poller([&] {
    auto reply = client_->call("PollForDecisionTask", {{"domain", kDomain}, {"taskList", {{"name", kDeciders}}}});
    if (reply.ok()) task = *reply; else failed = true;
  });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server_->counters().waiting_pollers == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(server_->counters().waiting_pollers, 1u);
  auto stopping = std::chrono::steady_clock::now();
  server_->stop();
  poller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - stopping, std::chrono::seconds(10));
  EXPECT_FALSE(failed);
  EXPECT_EQ(task.value("taskToken", ""), "");
  // The next server on the directory serves.
  restart_server();
  start("w");
  EXPECT_EQ(take_decision().at("startedEventId"), 3);
}

TEST_F(RestartTest, ATaskListOverrideSurvives) {
  std::string run = start("w");
  Json task = take_decision();
  ok("RespondDecisionTaskCompleted",
     {{"taskToken", task.at("taskToken")}, {"decisions", Json::array()}, {"taskList", {{"name", "moved"}}}});
  restart_server();
  signal("w");
  Json h = history("w", run);
  ASSERT_EQ(h.back().at("eventType"), "DecisionTaskScheduled");
  EXPECT_EQ(attrs(h.back()).at("taskList").at("name"), "moved");
  EXPECT_EQ(pending_decisions("moved"), 1);
}

TEST_F(RestartTest, ATemporaryTaskListOverrideStillRevertsAfterARestart) {
  std::string run = start("w");
  Json task = take_decision();
  ok("RespondDecisionTaskCompleted", {{"taskToken", task.at("taskToken")},
                                      {"decisions", Json::array()},
                                      {"taskList", {{"name", "moved"}}},
                                      {"taskListScheduleToStartTimeout", "10"}});
  signal("w");
  double scheduled = history("w", run).at(5).at("eventTimestamp");
  restart_server();
  EXPECT_EQ(fire_at(scheduled + 10), 1u);
  Json h = history("w", run);
  ASSERT_EQ(h.size(), 8u);
  EXPECT_EQ(h[6].at("eventType"), "DecisionTaskTimedOut");
  EXPECT_EQ(attrs(h[7]).at("taskList").at("name"), kDeciders);
}

TEST_F(RestartTest, DomainsAndTypesSurvive) {
  restart_server();
  Json domain = ok("DescribeDomain", {{"name", kDomain}});
  EXPECT_EQ(domain.at("configuration").at("workflowExecutionRetentionPeriodInDays"), "1");
  Json type = ok("DescribeWorkflowType", {{"domain", kDomain}, {"workflowType", {{"name", "wf"}, {"version", "1"}}}});
  EXPECT_EQ(type.at("configuration").at("defaultTaskList").at("name"), kDeciders);
  start("w");
  EXPECT_EQ(pending_decisions(), 1);
}

}  // namespace
}  // namespace simpleflow::server::semantics
