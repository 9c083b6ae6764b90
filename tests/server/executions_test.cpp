// Executions from the outside: starting, signaling, terminating, task lists
// and their polls, history pages, the visibility calls, and retention.
#include <atomic>
#include <chrono>
#include <thread>

#include "server/server_fixture.hpp"

namespace simpleflow::server::semantics {
namespace {

using ::testing::ElementsAre;
using ::testing::ElementsAreArray;

class ExecutionsTest : public ServerTest {
 protected:
  // A poll for a thread of its own: a fault is an empty answer, not an exception.
  Json poll_in_thread(bool decision) {
    try {
      return decision ? poll_decision() : poll_activity();
    } catch (const std::exception& e) {
      ADD_FAILURE() << e.what();
      return Json::object();
    }
  }
  std::vector<std::string> workflow_ids(const Json& reply) {
    std::vector<std::string> ids;
    for (const Json& info : reply.at("executionInfos")) ids.push_back(info.at("execution").at("workflowId"));
    return ids;
  }
};

// ---- One decision task at a time --------------------------------------------

TEST_F(ExecutionsTest, OneDecisionTaskOutstandingAtATime) {
  std::string run = start("w");
  signal("w", "s1");  // a task is scheduled already
  EXPECT_EQ(pending_decisions(), 1);
  Json task = take_decision();
  EXPECT_EQ(task.at("startedEventId"), 4);
  signal("w", "s2");  // the task is started: no second one
  signal("w", "s3");
  EXPECT_EQ(pending_decisions(), 0);
  EXPECT_EQ(poll_decision().value("taskToken", ""), "");
  respond(task);
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "WorkflowExecutionSignaled",
                                          "DecisionTaskStarted", "WorkflowExecutionSignaled", "WorkflowExecutionSignaled",
                                          "DecisionTaskCompleted", "DecisionTaskScheduled"));
  EXPECT_EQ(attrs(h[2]).at("signalName"), "s1");
  EXPECT_EQ(attrs(h[4]).at("signalName"), "s2");
  EXPECT_EQ(attrs(h[5]).at("signalName"), "s3");
  EXPECT_EQ(pending_decisions(), 1);
  EXPECT_EQ(describe("w", run).at("openCounts").at("openDecisionTasks"), 1);

  // Without new events, completing schedules nothing.
  respond(take_decision());
  h = history("w", run);
  ASSERT_EQ(h.size(), 10u);
  EXPECT_EQ(h.back().at("eventType"), "DecisionTaskCompleted");
  EXPECT_EQ(pending_decisions(), 0);
}

// ---- Terminate and child policies --------------------------------------------

class TerminateTest : public ExecutionsTest {
 protected:
  // "w" with one child "kid" on the "children" task list.
  void start_family() {
    run_ = start("w");
    decide({start_child("kid", {{"childPolicy", "ABANDON"}})});
    kid_run_ = attrs(history("w", run_).at(5)).at("workflowExecution").at("runId");
  }
  std::string run_, kid_run_;
};

TEST_F(TerminateTest, RequestCancelPolicyAsksTheChildToCancel) {
  start_family();
  ok("TerminateWorkflowExecution", {{"domain", kDomain},
                                    {"workflowId", "w"},
                                    {"reason", "enough"},
                                    {"details", "ops"},
                                    {"childPolicy", "REQUEST_CANCEL"}});
  Json h = history("w", run_);
  ASSERT_EQ(h.back().at("eventType"), "WorkflowExecutionTerminated");
  EXPECT_EQ(attrs(h.back()).at("childPolicy"), "REQUEST_CANCEL");
  EXPECT_EQ(attrs(h.back()).at("reason"), "enough");
  EXPECT_EQ(attrs(h.back()).at("details"), "ops");
  EXPECT_EQ(describe("w", run_).at("executionInfo").at("closeStatus"), "TERMINATED");

  Json kid = history("kid", kid_run_);
  ASSERT_THAT(event_types(kid),
              ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "WorkflowExecutionCancelRequested"));
  EXPECT_EQ(attrs(kid[2]).at("cause"), "CHILD_POLICY_APPLIED");
  Json info = describe("kid", kid_run_).at("executionInfo");
  EXPECT_EQ(info.at("executionStatus"), "OPEN");
  EXPECT_EQ(info.at("cancelRequested"), true);
}

TEST_F(TerminateTest, TerminatePolicyTerminatesTheChild) {
  start_family();
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}, {"childPolicy", "TERMINATE"}});
  Json kid = history("kid", kid_run_);
  ASSERT_THAT(event_types(kid), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "WorkflowExecutionTerminated"));
  EXPECT_EQ(attrs(kid[2]).at("cause"), "CHILD_POLICY_APPLIED");
  EXPECT_EQ(attrs(kid[2]).at("childPolicy"), "ABANDON");  // the child's own policy
  EXPECT_EQ(describe("kid", kid_run_).at("executionInfo").at("closeStatus"), "TERMINATED");
}

TEST_F(TerminateTest, TheRunsPolicyAppliesWhenTerminateGivesNone) {
  start_family();  // "w" runs with the type's default policy, TERMINATE
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}});
  EXPECT_EQ(attrs(history("w", run_).back()).at("childPolicy"), "TERMINATE");
  EXPECT_EQ(describe("kid", kid_run_).at("executionInfo").at("closeStatus"), "TERMINATED");
}

TEST_F(TerminateTest, TerminatingAChildTellsItsParent) {
  start_family();
  decide({});  // the parent's task for ChildWorkflowExecutionStarted
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "kid"}, {"reason", "r"}});
  Json h = history("w", run_);
  ASSERT_GE(h.size(), 2u);
  const Json& terminated = h[h.size() - 2];
  ASSERT_EQ(terminated.at("eventType"), "ChildWorkflowExecutionTerminated");
  EXPECT_EQ(attrs(terminated).at("workflowExecution"), execution("kid", kid_run_));
  EXPECT_EQ(attrs(terminated).at("initiatedEventId"), 5);
  EXPECT_EQ(attrs(terminated).at("startedEventId"), 6);
  EXPECT_EQ(h.back().at("eventType"), "DecisionTaskScheduled");
}

// ---- Start faults ---------------------------------------------------------------

TEST_F(ExecutionsTest, StartingARunningWorkflowIdFails) {
  std::string run = start("w");
  EXPECT_EQ(fault("StartWorkflowExecution",
                  {{"domain", kDomain}, {"workflowId", "w"}, {"workflowType", {{"name", "wf"}, {"version", "1"}}}}),
            "WorkflowExecutionAlreadyStartedFault");
  // Once closed, the id can be used again, for a new run.
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}});
  std::string again = start("w");
  EXPECT_NE(again, run);
}

TEST_F(ExecutionsTest, StartWithoutDefaultsOrValues) {
  ok("RegisterWorkflowType", {{"domain", kDomain}, {"name", "bare"}, {"version", "1"}});
  Json request = {{"domain", kDomain}, {"workflowId", "b"}, {"workflowType", {{"name", "bare"}, {"version", "1"}}}};
  EXPECT_EQ(fault("StartWorkflowExecution", request), "DefaultUndefinedFault");
  request["taskList"] = {{"name", "x"}};
  request["executionStartToCloseTimeout"] = "60";
  request["taskStartToCloseTimeout"] = "10";
  EXPECT_EQ(fault("StartWorkflowExecution", request), "DefaultUndefinedFault");  // no child policy
  request["childPolicy"] = "TERMINATE";
  EXPECT_EQ(fault("StartWorkflowExecution", request), "");
}

TEST_F(ExecutionsTest, StartingADeprecatedTypeFails) {
  ok("DeprecateWorkflowType", {{"domain", kDomain}, {"workflowType", {{"name", "wf"}, {"version", "1"}}}});
  EXPECT_EQ(fault("StartWorkflowExecution",
                  {{"domain", kDomain}, {"workflowId", "w"}, {"workflowType", {{"name", "wf"}, {"version", "1"}}}}),
            "TypeDeprecatedFault");
  EXPECT_EQ(fault("StartWorkflowExecution",
                  {{"domain", kDomain}, {"workflowId", "w"}, {"workflowType", {{"name", "nope"}, {"version", "1"}}}}),
            "UnknownResourceFault");
}

// ---- Task lists ----------------------------------------------------------------

TEST_F(ExecutionsTest, DecisionTasksByPriorityThenInOrder) {
  start("low", {{"taskPriority", "1"}});
  start("first-mid", {{"taskPriority", "5"}});
  start("high", {{"taskPriority", "10"}});
  start("second-mid", {{"taskPriority", "5"}});
  start("negative", {{"taskPriority", "-3"}});
  std::vector<std::string> order;
  for (int i = 0; i < 5; ++i) order.push_back(take_decision().at("workflowExecution").at("workflowId"));
  EXPECT_THAT(order, ElementsAre("high", "first-mid", "second-mid", "low", "negative"));
}

TEST_F(ExecutionsTest, ActivityTasksByPriorityThenInOrder) {
  start("w");
  decide({schedule_activity("low", {{"taskPriority", "1"}}), schedule_activity("first", {{"taskPriority", "7"}}),
          schedule_activity("high", {{"taskPriority", "20"}}), schedule_activity("second", {{"taskPriority", "7"}}),
          schedule_activity("default")});
  EXPECT_EQ(pending_activities(), 5);
  std::vector<std::string> order;
  for (int i = 0; i < 5; ++i) order.push_back(take_activity().at("activityId"));
  EXPECT_THAT(order, ElementsAre("high", "first", "second", "low", "default"));
  EXPECT_EQ(pending_activities(), 0);
}

TEST_F(ExecutionsTest, ALongPollGetsATaskScheduledWhileItWaits) {
  restart_server(10);  // long enough that the poll cannot end on its own first
  Json task;
  std::thread poller([&] { task = poll_in_thread(true); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server_->counters().waiting_pollers == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(server_->counters().waiting_pollers, 1u);
  auto asked = std::chrono::steady_clock::now();
  std::string run = start("w");
  poller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - asked, std::chrono::seconds(5));  // not at the poll's end
  ASSERT_FALSE(task.value("taskToken", "").empty());
  EXPECT_EQ(task.at("workflowExecution"), execution("w", run));
  EXPECT_EQ(task.at("startedEventId"), 3);
  EXPECT_THAT(event_types(task.at("events")),
              ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted"));
}

TEST_F(ExecutionsTest, ALongActivityPollGetsATaskScheduledWhileItWaits) {
  restart_server(10);
  start("w");
  Json decision_task = take_decision();
  Json task;
  std::thread poller([&] { task = poll_in_thread(false); });
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(5);
  while (server_->counters().waiting_pollers == 0 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(server_->counters().waiting_pollers, 1u);
  respond(decision_task, {schedule_activity("a1")});
  poller.join();
  EXPECT_EQ(task.value("activityId", ""), "a1");
}

// SWF documents an empty taskToken; the service leaves it out. Either is an
// empty task, without events.
TEST_F(ExecutionsTest, AnEmptyPollAnswersWithNoTask) {
  start("w", {{"taskList", {{"name", "elsewhere"}}}});
  Json task = poll_decision();
  EXPECT_EQ(task.value("taskToken", ""), "");
  EXPECT_TRUE(!task.contains("events") || task["events"].empty()) << task;
  Json activity = poll_activity();
  EXPECT_EQ(activity.value("taskToken", ""), "");
  EXPECT_FALSE(activity.contains("activityId") && !activity["activityId"].get<std::string>().empty()) << activity;
}

TEST_F(ExecutionsTest, ClosedRunsRefuseSignalsCancelsAndTerminations) {
  std::string run = start("w");
  Json task = take_decision();
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}});
  EXPECT_EQ(fault("SignalWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}, {"signalName", "s"}}),
            "UnknownResourceFault");
  EXPECT_EQ(fault("SignalWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}, {"runId", run}, {"signalName", "s"}}),
            "UnknownResourceFault");
  EXPECT_EQ(fault("RequestCancelWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}}), "UnknownResourceFault");
  EXPECT_EQ(fault("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}}), "UnknownResourceFault");
  // The decision task of the closed run is gone.
  EXPECT_EQ(fault("RespondDecisionTaskCompleted", {{"taskToken", task.at("taskToken")}, {"decisions", Json::array()}}),
            "UnknownResourceFault");
  EXPECT_EQ(history("w", run).back().at("eventType"), "WorkflowExecutionTerminated");
}

TEST_F(ExecutionsTest, RequestCancelWorkflowExecutionAsksTheDecider) {
  std::string run = start("w");
  respond(take_decision());
  ok("RequestCancelWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}});
  Json h = history("w", run);
  ASSERT_THAT(event_types(h), ElementsAre("WorkflowExecutionStarted", "DecisionTaskScheduled", "DecisionTaskStarted",
                                          "DecisionTaskCompleted", "WorkflowExecutionCancelRequested",
                                          "DecisionTaskScheduled"));
  EXPECT_EQ(describe("w", run).at("executionInfo").at("cancelRequested"), true);
  decide({decision("CancelWorkflowExecution", {{"details", "ok"}})});
  h = history("w", run);
  ASSERT_EQ(h.back().at("eventType"), "WorkflowExecutionCanceled");
  EXPECT_EQ(attrs(h.back()).at("details"), "ok");
  EXPECT_EQ(describe("w", run).at("executionInfo").at("closeStatus"), "CANCELED");
}

// ---- Decision task pages ---------------------------------------------------------

TEST_F(ExecutionsTest, DecisionTaskPagesForward) {
  std::string run = start("w");
  for (int i = 0; i < 5; ++i) signal("w", "s" + std::to_string(i));  // events 3-7
  Json first = poll_decision(kDeciders, {{"maximumPageSize", 3}});
  ASSERT_FALSE(first.value("taskToken", "").empty());
  EXPECT_EQ(first.at("startedEventId"), 8);
  EXPECT_THAT(event_ids(first.at("events")), ElementsAre(1, 2, 3));
  ASSERT_TRUE(first.contains("nextPageToken"));

  Json second = poll_decision(kDeciders, {{"maximumPageSize", 3}, {"nextPageToken", first["nextPageToken"]}});
  EXPECT_EQ(second.at("taskToken"), first.at("taskToken"));
  EXPECT_EQ(second.at("startedEventId"), 8);
  EXPECT_THAT(event_ids(second.at("events")), ElementsAre(4, 5, 6));
  ASSERT_TRUE(second.contains("nextPageToken"));

  Json third = poll_decision(kDeciders, {{"maximumPageSize", 3}, {"nextPageToken", second["nextPageToken"]}});
  EXPECT_THAT(event_ids(third.at("events")), ElementsAre(7, 8));
  EXPECT_EQ(third.at("events").at(1).at("eventType"), "DecisionTaskStarted");
  EXPECT_FALSE(third.contains("nextPageToken"));

  // Reading pages starts no other task, and the token answers the task.
  EXPECT_EQ(history("w", run).size(), 8u);
  respond(first, {complete_workflow()});
  EXPECT_EQ(describe("w", run).at("executionInfo").at("closeStatus"), "COMPLETED");
}

TEST_F(ExecutionsTest, DecisionTaskPagesInReverse) {
  start("w");
  for (int i = 0; i < 5; ++i) signal("w");
  Json first = poll_decision(kDeciders, {{"maximumPageSize", 3}, {"reverseOrder", true}});
  EXPECT_THAT(event_ids(first.at("events")), ElementsAre(8, 7, 6));
  ASSERT_TRUE(first.contains("nextPageToken"));
  Json second = poll_decision(kDeciders,
                              {{"maximumPageSize", 3}, {"reverseOrder", true}, {"nextPageToken", first["nextPageToken"]}});
  EXPECT_THAT(event_ids(second.at("events")), ElementsAre(5, 4, 3));
  Json third = poll_decision(kDeciders,
                             {{"maximumPageSize", 3}, {"reverseOrder", true}, {"nextPageToken", second["nextPageToken"]}});
  EXPECT_THAT(event_ids(third.at("events")), ElementsAre(2, 1));
  EXPECT_FALSE(third.contains("nextPageToken"));
}

TEST_F(ExecutionsTest, DecisionTaskFromThePreviousStartedEvent) {
  std::string run = start("w");
  clock_.advance(1);
  Json first = take_decision();
  EXPECT_EQ(first.at("previousStartedEventId"), 0);
  clock_.advance(1);
  respond(first, {decision("RecordMarker", {{"markerName", "m"}})});  // events 4-5
  clock_.advance(1);
  signal("w");  // 6, 7
  clock_.advance(1);
  Json second = poll_decision(kDeciders, {{"startAtPreviousStartedEvent", true}});
  ASSERT_FALSE(second.value("taskToken", "").empty());
  EXPECT_EQ(second.at("previousStartedEventId"), 3);
  EXPECT_EQ(second.at("startedEventId"), 8);
  EXPECT_THAT(event_ids(second.at("events")), ElementsAre(3, 4, 5, 6, 7, 8));
  EXPECT_EQ(second.at("events").at(0).at("eventType"), "DecisionTaskStarted");
}

TEST_F(ExecutionsTest, APageTokenOfAnAnsweredTaskIsRefused) {
  start("w");
  for (int i = 0; i < 5; ++i) signal("w");
  Json first = poll_decision(kDeciders, {{"maximumPageSize", 3}});
  respond(first);
  EXPECT_NE(fault("PollForDecisionTask", {{"domain", kDomain},
                                          {"taskList", {{"name", kDeciders}}},
                                          {"maximumPageSize", 3},
                                          {"nextPageToken", first["nextPageToken"]}}),
            "");
}

// ---- History pages ------------------------------------------------------------

TEST_F(ExecutionsTest, HistoryPagesForwardAndReverse) {
  std::string run = start("w");
  for (int i = 0; i < 8; ++i) signal("w");  // 10 events
  Json request = {{"domain", kDomain}, {"execution", execution("w", run)}, {"maximumPageSize", 4}};
  std::vector<std::vector<int64_t>> pages;
  for (;;) {
    Json page = ok("GetWorkflowExecutionHistory", request);
    pages.push_back(event_ids(page.at("events")));
    if (!page.contains("nextPageToken")) break;
    request["nextPageToken"] = page["nextPageToken"];
  }
  EXPECT_THAT(pages, ElementsAre(ElementsAre(1, 2, 3, 4), ElementsAre(5, 6, 7, 8), ElementsAre(9, 10)));

  request = {{"domain", kDomain}, {"execution", execution("w", run)}, {"maximumPageSize", 4}, {"reverseOrder", true}};
  pages.clear();
  for (;;) {
    Json page = ok("GetWorkflowExecutionHistory", request);
    pages.push_back(event_ids(page.at("events")));
    if (!page.contains("nextPageToken")) break;
    request["nextPageToken"] = page["nextPageToken"];
  }
  EXPECT_THAT(pages, ElementsAre(ElementsAre(10, 9, 8, 7), ElementsAre(6, 5, 4, 3), ElementsAre(2, 1)));

  // A page of exactly the rest has no token.
  Json whole = ok("GetWorkflowExecutionHistory", {{"domain", kDomain}, {"execution", execution("w", run)}, {"maximumPageSize", 10}});
  EXPECT_EQ(whole.at("events").size(), 10u);
  EXPECT_FALSE(whole.contains("nextPageToken"));
}

TEST_F(ExecutionsTest, HistoryOfAnUnknownRun) {
  start("w");
  EXPECT_EQ(fault("GetWorkflowExecutionHistory", {{"domain", kDomain}, {"execution", execution("w", "nope")}}),
            "UnknownResourceFault");
}

// ---- Visibility ------------------------------------------------------------------

// a: wf, tag red, started at +0, completed at +10
// b: wf, tag blue, started at +20, open
// c: other, tag red, started at +30, terminated at +40
// d: other, started at +50, open
class VisibilityTest : public ExecutionsTest {
 protected:
  void SetUp() override {
    ExecutionsTest::SetUp();
    ok("RegisterWorkflowType", {{"domain", kDomain},
                                {"name", "other"},
                                {"version", "2"},
                                {"defaultTaskList", {{"name", kDeciders}}},
                                {"defaultTaskStartToCloseTimeout", "NONE"},
                                {"defaultExecutionStartToCloseTimeout", "31536000"},
                                {"defaultChildPolicy", "TERMINATE"}});
    Json other = {{"name", "other"}, {"version", "2"}};
    start("a", {{"tagList", {"red"}}, {"taskList", {{"name", "a-list"}}}});
    clock_.set(kStart + 10);
    decide({complete_workflow()}, "a-list");
    clock_.set(kStart + 20);
    start("b", {{"tagList", {"blue"}}, {"taskList", {{"name", "b-list"}}}});
    clock_.set(kStart + 30);
    start("c", {{"workflowType", other}, {"tagList", {"red"}}, {"taskList", {{"name", "c-list"}}}});
    clock_.set(kStart + 40);
    ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "c"}});
    clock_.set(kStart + 50);
    start("d", {{"workflowType", other}, {"taskList", {{"name", "d-list"}}}});
  }
  std::vector<std::string> list(bool open, Json filters) {
    filters["domain"] = kDomain;
    return workflow_ids(ok(open ? "ListOpenWorkflowExecutions" : "ListClosedWorkflowExecutions", filters));
  }
  int64_t count(bool open, Json filters) {
    filters["domain"] = kDomain;
    Json reply = ok(open ? "CountOpenWorkflowExecutions" : "CountClosedWorkflowExecutions", filters);
    EXPECT_EQ(reply.at("truncated"), false);
    return reply.at("count");
  }
  static Json since(double offset) { return {{"oldestDate", kStart + offset}}; }
  static Json between(double from, double to) { return {{"oldestDate", kStart + from}, {"latestDate", kStart + to}}; }
};

TEST_F(VisibilityTest, OpenExecutionsByEachFilter) {
  Json all = {{"startTimeFilter", since(0)}};
  EXPECT_THAT(list(true, all), ElementsAre("d", "b"));  // newest first
  EXPECT_EQ(count(true, all), 2);
  Json reversed = all;
  reversed["reverseOrder"] = true;
  EXPECT_THAT(list(true, reversed), ElementsAre("b", "d"));

  Json window = {{"startTimeFilter", between(15, 25)}};
  EXPECT_THAT(list(true, window), ElementsAre("b"));
  EXPECT_EQ(count(true, window), 1);

  Json by_id = {{"startTimeFilter", since(0)}, {"executionFilter", {{"workflowId", "b"}}}};
  EXPECT_THAT(list(true, by_id), ElementsAre("b"));
  EXPECT_EQ(count(true, by_id), 1);
  by_id["executionFilter"]["workflowId"] = "a";  // closed
  EXPECT_THAT(list(true, by_id), ElementsAre());

  Json by_type = {{"startTimeFilter", since(0)}, {"typeFilter", {{"name", "other"}}}};
  EXPECT_THAT(list(true, by_type), ElementsAre("d"));
  EXPECT_EQ(count(true, by_type), 1);
  by_type["typeFilter"] = {{"name", "wf"}, {"version", "1"}};
  EXPECT_THAT(list(true, by_type), ElementsAre("b"));
  by_type["typeFilter"] = {{"name", "wf"}, {"version", "9"}};
  EXPECT_THAT(list(true, by_type), ElementsAre());

  Json by_tag = {{"startTimeFilter", since(0)}, {"tagFilter", {{"tag", "blue"}}}};
  EXPECT_THAT(list(true, by_tag), ElementsAre("b"));
  EXPECT_EQ(count(true, by_tag), 1);
  by_tag["tagFilter"]["tag"] = "red";  // a and c are closed
  EXPECT_THAT(list(true, by_tag), ElementsAre());
  EXPECT_EQ(count(true, by_tag), 0);
}

TEST_F(VisibilityTest, ClosedExecutionsByEachFilter) {
  Json all = {{"startTimeFilter", since(0)}};
  EXPECT_THAT(list(false, all), ElementsAre("c", "a"));
  EXPECT_EQ(count(false, all), 2);

  Json closed_late = {{"closeTimeFilter", since(35)}};
  EXPECT_THAT(list(false, closed_late), ElementsAre("c"));
  EXPECT_EQ(count(false, closed_late), 1);
  Json closed_window = {{"closeTimeFilter", between(5, 15)}};
  EXPECT_THAT(list(false, closed_window), ElementsAre("a"));

  Json completed = {{"startTimeFilter", since(0)}, {"closeStatusFilter", {{"status", "COMPLETED"}}}};
  EXPECT_THAT(list(false, completed), ElementsAre("a"));
  EXPECT_EQ(count(false, completed), 1);
  Json terminated = {{"closeTimeFilter", since(0)}, {"closeStatusFilter", {{"status", "TERMINATED"}}}};
  EXPECT_THAT(list(false, terminated), ElementsAre("c"));
  Json failed = {{"startTimeFilter", since(0)}, {"closeStatusFilter", {{"status", "FAILED"}}}};
  EXPECT_THAT(list(false, failed), ElementsAre());
  EXPECT_EQ(count(false, failed), 0);

  Json by_id = {{"startTimeFilter", since(0)}, {"executionFilter", {{"workflowId", "a"}}}};
  EXPECT_THAT(list(false, by_id), ElementsAre("a"));
  EXPECT_EQ(count(false, by_id), 1);

  Json by_type = {{"startTimeFilter", since(0)}, {"typeFilter", {{"name", "other"}, {"version", "2"}}}};
  EXPECT_THAT(list(false, by_type), ElementsAre("c"));
  EXPECT_EQ(count(false, by_type), 1);

  Json by_tag = {{"startTimeFilter", since(0)}, {"tagFilter", {{"tag", "red"}}}};
  EXPECT_THAT(list(false, by_tag), ElementsAre("c", "a"));
  EXPECT_EQ(count(false, by_tag), 2);

  Json info = ok("ListClosedWorkflowExecutions", {{"domain", kDomain}, {"startTimeFilter", since(0)},
                                                  {"executionFilter", {{"workflowId", "c"}}}})
                  .at("executionInfos")
                  .at(0);
  EXPECT_EQ(info.at("executionStatus"), "CLOSED");
  EXPECT_EQ(info.at("closeStatus"), "TERMINATED");
  EXPECT_EQ(info.at("startTimestamp").get<double>(), kStart + 30);
  EXPECT_EQ(info.at("closeTimestamp").get<double>(), kStart + 40);
  EXPECT_EQ(info.at("workflowType"), Json({{"name", "other"}, {"version", "2"}}));
  EXPECT_EQ(info.at("tagList"), Json({"red"}));
}

TEST_F(VisibilityTest, ListPages) {
  Json request = {{"domain", kDomain}, {"startTimeFilter", since(0)}, {"maximumPageSize", 1}};
  Json first = ok("ListOpenWorkflowExecutions", request);
  EXPECT_THAT(workflow_ids(first), ElementsAre("d"));
  ASSERT_TRUE(first.contains("nextPageToken"));
  request["nextPageToken"] = first["nextPageToken"];
  Json second = ok("ListOpenWorkflowExecutions", request);
  EXPECT_THAT(workflow_ids(second), ElementsAre("b"));
  EXPECT_FALSE(second.contains("nextPageToken"));
}

TEST_F(VisibilityTest, ExclusiveFiltersAreRefused) {
  const Json by_id = {{"workflowId", "a"}};
  const Json by_type = {{"name", "wf"}};
  const Json by_tag = {{"tag", "red"}};
  const Json by_status = {{"status", "COMPLETED"}};
  std::vector<std::pair<std::string, Json>> pairs = {
      {"executionFilter+typeFilter", {{"executionFilter", by_id}, {"typeFilter", by_type}}},
      {"executionFilter+tagFilter", {{"executionFilter", by_id}, {"tagFilter", by_tag}}},
      {"typeFilter+tagFilter", {{"typeFilter", by_type}, {"tagFilter", by_tag}}},
  };
  for (const auto& [name, filters] : pairs) {
    for (const char* operation : {"ListOpenWorkflowExecutions", "CountOpenWorkflowExecutions",
                                  "ListClosedWorkflowExecutions", "CountClosedWorkflowExecutions"}) {
      Json request = filters;
      request["domain"] = kDomain;
      request["startTimeFilter"] = since(0);
      EXPECT_EQ(fault(operation, request), "ValidationException") << operation << " with " << name;
    }
  }
  for (const char* operation : {"ListClosedWorkflowExecutions", "CountClosedWorkflowExecutions"}) {
    for (const char* other : {"executionFilter", "typeFilter", "tagFilter"}) {
      Json request = {{"domain", kDomain}, {"startTimeFilter", since(0)}, {"closeStatusFilter", by_status}};
      request[other] = std::string(other) == "executionFilter" ? by_id : std::string(other) == "typeFilter" ? by_type : by_tag;
      EXPECT_EQ(fault(operation, request), "ValidationException") << operation << " with closeStatusFilter+" << other;
    }
    // Exactly one of the time filters.
    EXPECT_EQ(fault(operation, {{"domain", kDomain}, {"startTimeFilter", since(0)}, {"closeTimeFilter", since(0)}}),
              "ValidationException")
        << operation;
    EXPECT_EQ(fault(operation, {{"domain", kDomain}}), "ValidationException") << operation;
  }
}

// ---- Pending task counts ------------------------------------------------------------

TEST_F(ExecutionsTest, CountPendingTasks) {
  EXPECT_EQ(pending_decisions(), 0);
  start("w1");
  start("w2");
  EXPECT_EQ(pending_decisions(), 2);
  Json task = take_decision();
  EXPECT_EQ(pending_decisions(), 1);
  respond(task, {schedule_activity("a1"), schedule_activity("a2"), schedule_activity("a3"),
                 schedule_activity("elsewhere", {{"taskList", {{"name", "other-workers"}}}})});
  EXPECT_EQ(pending_activities(), 3);
  EXPECT_EQ(pending_activities("other-workers"), 1);
  take_activity();
  EXPECT_EQ(pending_activities(), 2);
  EXPECT_EQ(pending_activities("nobody-uses-this"), 0);
  // A terminated run's tasks are no longer pending.
  std::string w = task.at("workflowExecution").at("workflowId");
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", w}});
  EXPECT_EQ(pending_activities(), 0);
  EXPECT_EQ(pending_activities("other-workers"), 0);
  EXPECT_EQ(pending_decisions(), 1);
}

// ---- Retention ------------------------------------------------------------------------

TEST_F(ExecutionsTest, RetentionZeroPurgesAClosedRun) {
  ok("RegisterDomain", {{"name", "ephemeral"}, {"workflowExecutionRetentionPeriodInDays", "0"}});
  ok("RegisterWorkflowType", {{"domain", "ephemeral"},
                              {"name", "wf"},
                              {"version", "1"},
                              {"defaultTaskList", {{"name", kDeciders}}},
                              {"defaultTaskStartToCloseTimeout", "NONE"},
                              {"defaultExecutionStartToCloseTimeout", "3600"},
                              {"defaultChildPolicy", "TERMINATE"}});
  std::string run = start("w", Json::object(), "ephemeral");
  ok("TerminateWorkflowExecution", {{"domain", "ephemeral"}, {"workflowId", "w"}});
  fire();
  EXPECT_EQ(fault("GetWorkflowExecutionHistory", {{"domain", "ephemeral"}, {"execution", execution("w", run)}}),
            "UnknownResourceFault");
  EXPECT_EQ(fault("DescribeWorkflowExecution", {{"domain", "ephemeral"}, {"execution", execution("w", run)}}),
            "UnknownResourceFault");
  EXPECT_EQ(ok("CountClosedWorkflowExecutions", {{"domain", "ephemeral"}, {"startTimeFilter", {{"oldestDate", 0}}}}).at("count"), 0);
  // The purge is durable.
  restart_server();
  EXPECT_EQ(fault("DescribeWorkflowExecution", {{"domain", "ephemeral"}, {"execution", execution("w", run)}}),
            "UnknownResourceFault");
}

TEST_F(ExecutionsTest, RetentionOfOneDayKeepsARunForADay) {
  std::string run = start("w");  // the fixture's domain keeps runs 1 day
  clock_.advance(5);
  ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "w"}});
  double closed = describe("w", run).at("executionInfo").at("closeTimestamp");
  EXPECT_EQ(closed, kStart + 5);
  fire_at(closed + 86399.999);
  EXPECT_EQ(describe("w", run).at("executionInfo").at("closeStatus"), "TERMINATED");
  EXPECT_EQ(history("w", run).back().at("eventType"), "WorkflowExecutionTerminated");
  EXPECT_EQ(ok("CountClosedWorkflowExecutions", {{"domain", kDomain}, {"startTimeFilter", {{"oldestDate", 0}}}}).at("count"), 1);

  fire_at(closed + 86400);
  EXPECT_EQ(fault("DescribeWorkflowExecution", {{"domain", kDomain}, {"execution", execution("w", run)}}),
            "UnknownResourceFault");
  EXPECT_EQ(ok("CountClosedWorkflowExecutions", {{"domain", kDomain}, {"startTimeFilter", {{"oldestDate", 0}}}}).at("count"), 0);
}

TEST_F(ExecutionsTest, AHistoryThatReachesTheEventLimitIsTerminated) {
  max_history_events_ = 6;
  restart_server();
  std::string run = start("long");  // WorkflowExecutionStarted, DecisionTaskScheduled
  for (int i = 0; i < 4; ++i) signal("long");
  // The sixth event reached the limit: the run was terminated after it, and
  // one more signal finds it closed.
  EXPECT_EQ(fault("SignalWorkflowExecution", {{"domain", kDomain}, {"workflowId", "long"}, {"signalName", "s"}}),
            "UnknownResourceFault");
  Json events = history("long", run);
  ASSERT_EQ(events.size(), 7u);
  EXPECT_EQ(events.back().at("eventType"), "WorkflowExecutionTerminated");
  EXPECT_EQ(events.back().at("workflowExecutionTerminatedEventAttributes").at("cause"), "EVENT_LIMIT_EXCEEDED");
  EXPECT_EQ(describe("long", run).at("executionInfo").at("closeStatus"), "TERMINATED");
}

}  // namespace
}  // namespace simpleflow::server::semantics
