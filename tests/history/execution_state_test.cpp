// build_execution_state(): the per-task state that replay looks tasks up in.
#include "history/execution_state.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

namespace simpleflow::internal {
namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using AS = ActivityRecord::State;
using CS = ChildRecord::State;
using TS = TimerRecord::State;

// Writes a history event by event (ids follow), then reads it and builds its
// state. Each build() reads the whole history again: records from an
// earlier build() are invalidated.
class HistoryBuilder {
 public:
  explicit HistoryBuilder(bool with_start = true) {
    if (with_start) {
      add("WorkflowExecutionStarted", {{"childPolicy", "TERMINATE"},
                                       {"taskList", {{"name", "tl"}}},
                                       {"workflowType", {{"name", "wf"}, {"version", "1"}}},
                                       {"input", "{}"}});
      decision();
    }
  }

  long long add(const std::string& type, Json attributes) {
    std::string key = type;
    key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
    const auto id = static_cast<long long>(json_.size() + 1);
    json_.push_back({{"eventId", id},
                     {"eventTimestamp", 1000 + id},
                     {"eventType", type},
                     {key + "EventAttributes", std::move(attributes)}});
    return id;
  }

  // DecisionTaskScheduled, Started and Completed: the id of the Completed.
  long long decision() {
    long long scheduled = add("DecisionTaskScheduled", {{"taskList", {{"name", "tl"}}}});
    long long started = add("DecisionTaskStarted", {{"scheduledEventId", scheduled}});
    return completed_ = add("DecisionTaskCompleted", {{"scheduledEventId", scheduled}, {"startedEventId", started}});
  }
  // Adds the attribute decisionTaskCompletedEventId (the last decision).
  long long decided(const std::string& type, Json attributes) {
    attributes["decisionTaskCompletedEventId"] = completed_;
    return add(type, std::move(attributes));
  }

  // Activities.
  long long schedule(const std::string& id, const std::string& name = "act", const std::string& version = "1") {
    return decided("ActivityTaskScheduled", {{"activityId", id},
                                             {"activityType", {{"name", name}, {"version", version}}},
                                             {"taskList", {{"name", "tl"}}}});
  }
  long long start(long long scheduled) { return add("ActivityTaskStarted", {{"scheduledEventId", scheduled}}); }
  // ActivityTaskCompleted, ActivityTaskFailed, ActivityTaskCanceled...
  long long close(const std::string& type, long long scheduled, long long started, Json extra = Json::object()) {
    extra["scheduledEventId"] = scheduled;
    extra["startedEventId"] = started;
    return add(type, std::move(extra));
  }

  // Child workflows.
  long long initiate_child(const std::string& id, const std::string& name = "child") {
    return decided("StartChildWorkflowExecutionInitiated", {{"workflowId", id},
                                                            {"workflowType", {{"name", name}, {"version", "2"}}},
                                                            {"taskList", {{"name", "tl"}}},
                                                            {"childPolicy", "TERMINATE"}});
  }
  long long child_event(const std::string& type, const std::string& id, long long initiated, long long started,
                        const std::string& run_id = "run-c") {
    Json attributes{{"workflowExecution", {{"workflowId", id}, {"runId", run_id}}},
                    {"workflowType", {{"name", "child"}, {"version", "2"}}},
                    {"initiatedEventId", initiated}};
    if (type != "ChildWorkflowExecutionStarted") attributes["startedEventId"] = started;
    if (type == "ChildWorkflowExecutionTimedOut") attributes["timeoutType"] = "START_TO_CLOSE";
    return add(type, std::move(attributes));
  }

  // Timers.
  long long start_timer(const std::string& id) {
    return decided("TimerStarted", {{"timerId", id}, {"startToFireTimeout", "10"}});
  }

  const ExecutionState& build() {
    auto status = try_build();
    if (!status.ok()) throw std::runtime_error("build_execution_state failed: " + status.message());
    return *state_;
  }
  // The error of build_execution_state() (InvalidArgument expected).
  std::string error() {
    auto status = try_build();
    if (status.ok()) {
      ADD_FAILURE() << "build_execution_state accepted the history";
      return "";
    }
    EXPECT_EQ(status.code(), StatusCode::kInvalidArgument) << status.message();
    return status.message();
  }

  const std::vector<Json>& json() const { return json_; }

  // The event with this id, from the last build().
  const Event* event(long long id) const { return &parsed_->events().at(static_cast<std::size_t>(id - 1)); }
  long long last_decision() const { return completed_; }

 private:
  Status try_build() {
    state_.reset();
    parsed_.reset();
    history_ = std::make_unique<History>(json_);
    auto events = read_events(*history_);
    if (!events.ok()) throw std::runtime_error("read_events failed: " + events.status().message());
    parsed_.emplace(std::move(*events));
    auto state = build_execution_state(parsed_->events());
    if (!state.ok()) return state.status();
    state_ = std::make_unique<ExecutionState>(std::move(*state));
    return OkStatus();
  }

  std::vector<Json> json_;
  long long completed_ = 0;
  std::unique_ptr<History> history_;
  std::optional<ParsedHistory> parsed_;
  std::unique_ptr<ExecutionState> state_;
};

// --- the execution ----------------------------------------------------------

TEST(ExecutionStateTest, StartedAndDecisionIds) {
  HistoryBuilder h;  // events 1 (started), 2-4 (a decision)
  const auto& s = h.build();
  EXPECT_EQ(s.started, h.event(1));
  EXPECT_EQ(s.started_decision_id, 3);
  EXPECT_EQ(s.completed_decision_id, 4);
  EXPECT_EQ(s.last_completed_decision, h.event(4));
  EXPECT_EQ(s.cancel_requested, nullptr);
  EXPECT_EQ(s.cancel_failed, nullptr);
  EXPECT_TRUE(s.activities.empty());
  EXPECT_TRUE(s.children.empty());
  EXPECT_TRUE(s.timers.empty());
  EXPECT_TRUE(s.markers.empty());
  EXPECT_TRUE(s.signals.empty());
}

TEST(ExecutionStateTest, DecisionIdsFollowTheLastDecision) {
  HistoryBuilder h;
  h.decision();  // 5, 6, 7
  long long scheduled = h.add("DecisionTaskScheduled", {{"taskList", {{"name", "tl"}}}});  // 8
  h.add("DecisionTaskStarted", {{"scheduledEventId", scheduled}});                          // 9
  const auto& s = h.build();
  EXPECT_EQ(s.started_decision_id, 9);
  EXPECT_EQ(s.completed_decision_id, 7);
  EXPECT_EQ(s.last_completed_decision, h.event(7));
}

TEST(ExecutionStateTest, HistoryMustStartWithWorkflowExecutionStarted) {
  HistoryBuilder empty(false);
  EXPECT_THAT(empty.error(), HasSubstr("WorkflowExecutionStarted"));

  HistoryBuilder no_start(false);
  no_start.add("DecisionTaskScheduled", {{"taskList", {{"name", "tl"}}}});
  EXPECT_THAT(no_start.error(), HasSubstr("starts with a WorkflowExecutionStarted"));

  HistoryBuilder twice;
  twice.add("WorkflowExecutionStarted", {{"childPolicy", "TERMINATE"},
                                         {"taskList", {{"name", "tl"}}},
                                         {"workflowType", {{"name", "wf"}, {"version", "1"}}}});
  EXPECT_THAT(twice.error(), AllOf(HasSubstr("event 5 (WorkflowExecutionStarted)"), HasSubstr("started already")));
}

TEST(ExecutionStateTest, CancelRequestedAndCancelFailed) {
  HistoryBuilder h;
  h.add("WorkflowExecutionCancelRequested", Json::object());                          // 5
  long long last = h.add("WorkflowExecutionCancelRequested", {{"cause", "CHILD_POLICY_APPLIED"}});  // 6
  auto& s1 = h.build();
  EXPECT_EQ(s1.cancel_requested, h.event(last));
  EXPECT_EQ(s1.cancel_failed, nullptr);

  long long decision = h.decision();
  long long failed = h.add("CancelWorkflowExecutionFailed",
                           {{"cause", "UNHANDLED_DECISION"}, {"decisionTaskCompletedEventId", decision}});
  auto& s2 = h.build();
  EXPECT_EQ(s2.cancel_requested, h.event(last));
  EXPECT_EQ(s2.cancel_failed, h.event(failed));
}

// --- activities -------------------------------------------------------------

TEST(ExecutionStateActivityTest, ScheduledStartedCompleted) {
  HistoryBuilder h;
  long long scheduled = h.schedule("activity-act-1", "act", "3");
  {
    const auto& s = h.build();
    ASSERT_EQ(s.activities.count("activity-act-1"), 1u);
    const ActivityRecord& a = s.activities.at("activity-act-1");
    EXPECT_EQ(a.id, "activity-act-1");
    EXPECT_EQ(a.name, "act");
    EXPECT_EQ(a.version(), "3");
    EXPECT_EQ(a.state, AS::kScheduled);
    EXPECT_EQ(a.scheduled, h.event(scheduled));
    EXPECT_EQ(a.last, h.event(scheduled));
    EXPECT_EQ(a.failures, 0);
    EXPECT_FALSE(a.cancel_requested);
  }
  long long started = h.start(scheduled);
  {
    const ActivityRecord& a = h.build().activities.at("activity-act-1");
    EXPECT_EQ(a.state, AS::kStarted);
    EXPECT_EQ(a.last, h.event(started));
  }

  long long completed = h.close("ActivityTaskCompleted", scheduled, started, {{"result", "42"}});
  const auto& s = h.build();
  const ActivityRecord& a = s.activities.at("activity-act-1");
  EXPECT_EQ(a.state, AS::kCompleted);
  EXPECT_EQ(a.last, h.event(completed));
  EXPECT_EQ(a.last->text("result"), "42");
  EXPECT_EQ(a.scheduled, h.event(scheduled));
  EXPECT_EQ(a.failures, 0);
  EXPECT_EQ(a.retry(), 0);
}

TEST(ExecutionStateActivityTest, ActivitiesAreKeptByIdIndependently) {
  HistoryBuilder h;
  long long one = h.schedule("activity-a-1", "a");
  long long two = h.schedule("activity-b-1", "b");
  h.close("ActivityTaskCompleted", two, h.start(two));
  const auto& s = h.build();
  ASSERT_EQ(s.activities.size(), 2u);
  EXPECT_EQ(s.activities.at("activity-a-1").state, AS::kScheduled);
  EXPECT_EQ(s.activities.at("activity-a-1").scheduled, h.event(one));
  EXPECT_EQ(s.activities.at("activity-b-1").state, AS::kCompleted);
  EXPECT_EQ(s.activities.at("activity-b-1").name, "b");
}

TEST(ExecutionStateActivityTest, FailedTwiceIsRetryOne) {
  HistoryBuilder h;
  long long first = h.schedule("activity-act-1");
  h.close("ActivityTaskFailed", first, h.start(first), {{"reason", "boom"}});
  {
    const ActivityRecord& a = h.build().activities.at("activity-act-1");
    EXPECT_EQ(a.state, AS::kFailed);
    EXPECT_EQ(a.failures, 1);
    EXPECT_EQ(a.retry(), 0);
  }
  h.decision();
  long long second = h.schedule("activity-act-1");
  {
    const ActivityRecord& a = h.build().activities.at("activity-act-1");
    EXPECT_EQ(a.state, AS::kScheduled);  // retried
    EXPECT_EQ(a.scheduled, h.event(second));
    EXPECT_EQ(a.failures, 1);
  }
  long long failed = h.close("ActivityTaskFailed", second, h.start(second), {{"reason", "boom again"}});
  const ActivityRecord& a = h.build().activities.at("activity-act-1");
  EXPECT_EQ(a.state, AS::kFailed);
  EXPECT_EQ(a.failures, 2);
  EXPECT_EQ(a.retry(), 1);
  EXPECT_EQ(a.last, h.event(failed));
  EXPECT_EQ(a.last->text("reason"), "boom again");
  EXPECT_EQ(a.scheduled, h.event(second));
}

TEST(ExecutionStateActivityTest, TimedOutCountsAsAFailure) {
  HistoryBuilder h;
  long long first = h.schedule("activity-act-1");
  // Timed out before it started: SWF sends startedEventId 0.
  long long timed_out = h.add("ActivityTaskTimedOut",
                              {{"timeoutType", "SCHEDULE_TO_START"}, {"scheduledEventId", first}, {"startedEventId", 0}});
  {
    const ActivityRecord& a = h.build().activities.at("activity-act-1");
    EXPECT_EQ(a.state, AS::kTimedOut);
    EXPECT_EQ(a.failures, 1);
    EXPECT_EQ(a.retry(), 0);
    EXPECT_EQ(a.last, h.event(timed_out));
  }
  h.decision();
  long long second = h.schedule("activity-act-1");
  h.close("ActivityTaskFailed", second, h.start(second));
  h.decision();
  long long third = h.schedule("activity-act-1");
  h.add("ActivityTaskTimedOut",
        {{"timeoutType", "START_TO_CLOSE"}, {"scheduledEventId", third}, {"startedEventId", h.start(third)}});
  const ActivityRecord& a = h.build().activities.at("activity-act-1");
  EXPECT_EQ(a.state, AS::kTimedOut);
  EXPECT_EQ(a.failures, 3);
  EXPECT_EQ(a.retry(), 2);
}

TEST(ExecutionStateActivityTest, CanceledIsRecorded) {
  // Python simpleflow's parser never matched ActivityTaskCanceled: we count it.
  HistoryBuilder h;
  long long scheduled = h.schedule("activity-act-1");
  long long started = h.start(scheduled);
  h.decided("ActivityTaskCancelRequested", {{"activityId", "activity-act-1"}});
  long long canceled = h.close("ActivityTaskCanceled", scheduled, started, {{"details", "stopped"}});
  const ActivityRecord& a = h.build().activities.at("activity-act-1");
  EXPECT_EQ(a.state, AS::kCanceled);
  EXPECT_EQ(a.last, h.event(canceled));
  EXPECT_EQ(a.failures, 0);
  EXPECT_TRUE(a.cancel_requested);
}

TEST(ExecutionStateActivityTest, ScheduleFailed) {
  HistoryBuilder h;
  long long failed = h.decided("ScheduleActivityTaskFailed",
                               {{"activityId", "activity-act-1"},
                                {"activityType", {{"name", "act"}, {"version", "9"}}},
                                {"cause", "ACTIVITY_TYPE_DOES_NOT_EXIST"}});
  const ActivityRecord& a = h.build().activities.at("activity-act-1");
  EXPECT_EQ(a.state, AS::kScheduleFailed);
  EXPECT_EQ(a.id, "activity-act-1");
  EXPECT_EQ(a.name, "act");
  EXPECT_EQ(a.version(), "9");
  EXPECT_EQ(a.scheduled, nullptr);
  EXPECT_EQ(a.last, h.event(failed));
  EXPECT_EQ(a.last->text("cause"), "ACTIVITY_TYPE_DOES_NOT_EXIST");
  EXPECT_EQ(a.failures, 0);
}

TEST(ExecutionStateActivityTest, CancelRequestedFlag) {
  HistoryBuilder h;
  long long scheduled = h.schedule("activity-act-1");
  h.start(scheduled);
  h.decision();
  h.decided("ActivityTaskCancelRequested", {{"activityId", "activity-act-1"}});
  {
    const ActivityRecord& a = h.build().activities.at("activity-act-1");
    EXPECT_TRUE(a.cancel_requested);
    EXPECT_EQ(a.state, AS::kStarted);  // still running until SWF says otherwise
  }
  // A failed cancel request changes nothing.
  h.decided("RequestCancelActivityTaskFailed", {{"activityId", "activity-act-1"}, {"cause", "ACTIVITY_ID_UNKNOWN"}});
  {
    const ActivityRecord& a = h.build().activities.at("activity-act-1");
    EXPECT_TRUE(a.cancel_requested);
    EXPECT_EQ(a.state, AS::kStarted);
  }
  // Scheduling the id again starts afresh.
  h.decision();
  h.schedule("activity-act-1");
  const ActivityRecord& a = h.build().activities.at("activity-act-1");
  EXPECT_FALSE(a.cancel_requested);
  EXPECT_EQ(a.state, AS::kScheduled);
}

TEST(ExecutionStateActivityTest, RequestCancelFailedForAnUnknownActivityAddsNothing) {
  HistoryBuilder h;
  h.decided("RequestCancelActivityTaskFailed", {{"activityId", "activity-x-1"}, {"cause", "ACTIVITY_ID_UNKNOWN"}});
  EXPECT_TRUE(h.build().activities.empty());
}

// --- references between events ------------------------------------------------

TEST(ExecutionStateReferenceTest, ReferenceToAMissingEvent) {
  HistoryBuilder h;
  h.add("ActivityTaskStarted", {{"scheduledEventId", 99}});  // event 5
  EXPECT_THAT(h.error(), AllOf(HasSubstr("event 5 (ActivityTaskStarted)"), HasSubstr("scheduledEventId 99"),
                               HasSubstr("not an earlier event")));

  HistoryBuilder zero;
  zero.add("ActivityTaskStarted", {{"scheduledEventId", 0}});
  EXPECT_THAT(zero.error(), AllOf(HasSubstr("event 5 (ActivityTaskStarted)"), HasSubstr("scheduledEventId 0")));

  // Itself, or a later event, is not earlier.
  HistoryBuilder self;
  self.add("ActivityTaskStarted", {{"scheduledEventId", 5}});
  EXPECT_THAT(self.error(), AllOf(HasSubstr("event 5 (ActivityTaskStarted)"), HasSubstr("scheduledEventId 5")));

  HistoryBuilder later;
  later.add("ActivityTaskStarted", {{"scheduledEventId", 6}});
  later.schedule("activity-act-1");
  EXPECT_THAT(later.error(), AllOf(HasSubstr("event 5 (ActivityTaskStarted)"), HasSubstr("scheduledEventId 6")));
}

TEST(ExecutionStateReferenceTest, ReferenceToAnEventOfAnotherType) {
  HistoryBuilder activity;
  activity.add("ActivityTaskStarted", {{"scheduledEventId", 4}});
  EXPECT_THAT(activity.error(),
              AllOf(HasSubstr("event 5 (ActivityTaskStarted)"), HasSubstr("scheduledEventId 4"),
                    HasSubstr("event 4 (DecisionTaskCompleted)"), HasSubstr("not ActivityTaskScheduled")));

  HistoryBuilder completed;
  long long scheduled = completed.schedule("activity-act-1");
  long long started = completed.start(scheduled);
  completed.close("ActivityTaskCompleted", started, started);  // scheduledEventId points at the Started
  EXPECT_THAT(completed.error(), AllOf(HasSubstr("event 7 (ActivityTaskCompleted)"),
                                       HasSubstr("event 6 (ActivityTaskStarted)"), HasSubstr("ActivityTaskScheduled")));

  HistoryBuilder child;
  long long wrong = child.schedule("activity-act-1");
  child.child_event("ChildWorkflowExecutionStarted", "c", wrong, 0);
  EXPECT_THAT(child.error(), AllOf(HasSubstr("event 6 (ChildWorkflowExecutionStarted)"),
                                   HasSubstr("initiatedEventId 5"), HasSubstr("event 5 (ActivityTaskScheduled)"),
                                   HasSubstr("not StartChildWorkflowExecutionInitiated")));

  HistoryBuilder timer;
  timer.add("TimerFired", {{"timerId", "t"}, {"startedEventId", 3}});
  EXPECT_THAT(timer.error(), AllOf(HasSubstr("event 5 (TimerFired)"), HasSubstr("startedEventId 3"),
                                   HasSubstr("event 3 (DecisionTaskStarted)"), HasSubstr("not TimerStarted")));

  HistoryBuilder timer_canceled;
  timer_canceled.decided("TimerCanceled", {{"timerId", "t"}, {"startedEventId", 1}});
  EXPECT_THAT(timer_canceled.error(), AllOf(HasSubstr("event 5 (TimerCanceled)"),
                                            HasSubstr("event 1 (WorkflowExecutionStarted)"), HasSubstr("TimerStarted")));

  HistoryBuilder signal;
  signal.add("ExternalWorkflowExecutionSignaled",
             {{"workflowExecution", {{"workflowId", "w"}, {"runId", "r"}}}, {"initiatedEventId", 2}});
  EXPECT_THAT(signal.error(), AllOf(HasSubstr("event 5 (ExternalWorkflowExecutionSignaled)"),
                                    HasSubstr("event 2 (DecisionTaskScheduled)"),
                                    HasSubstr("SignalExternalWorkflowExecutionInitiated")));

  HistoryBuilder cancel;
  cancel.add("ExternalWorkflowExecutionCancelRequested",
             {{"workflowExecution", {{"workflowId", "w"}, {"runId", "r"}}}, {"initiatedEventId", 1}});
  EXPECT_THAT(cancel.error(), AllOf(HasSubstr("event 5 (ExternalWorkflowExecutionCancelRequested)"),
                                    HasSubstr("event 1 (WorkflowExecutionStarted)"),
                                    HasSubstr("RequestCancelExternalWorkflowExecutionInitiated")));
}

// --- child workflows --------------------------------------------------------

TEST(ExecutionStateChildTest, InitiatedStartedCompleted) {
  HistoryBuilder h;
  long long initiated = h.initiate_child("child-1", "child");
  {
    const auto& s = h.build();
    ASSERT_EQ(s.children.count("child-1"), 1u);
    const ChildRecord& c = s.children.at("child-1");
    EXPECT_EQ(c.id, "child-1");
    EXPECT_EQ(c.name, "child");
    EXPECT_EQ(c.version, "2");
    EXPECT_EQ(c.state, CS::kStartInitiated);
    EXPECT_EQ(c.initiated, h.event(initiated));
    EXPECT_EQ(c.last, h.event(initiated));
    EXPECT_EQ(c.run_id, "");
  }
  long long started = h.child_event("ChildWorkflowExecutionStarted", "child-1", initiated, 0, "run-42");
  {
    const ChildRecord& c = h.build().children.at("child-1");
    EXPECT_EQ(c.state, CS::kStarted);
    EXPECT_EQ(c.run_id, "run-42");
    EXPECT_EQ(c.last, h.event(started));
  }
  long long completed = h.child_event("ChildWorkflowExecutionCompleted", "child-1", initiated, started, "run-42");
  const ChildRecord& c = h.build().children.at("child-1");
  EXPECT_EQ(c.state, CS::kCompleted);
  EXPECT_EQ(c.run_id, "run-42");
  EXPECT_EQ(c.last, h.event(completed));
  EXPECT_EQ(c.initiated, h.event(initiated));
  EXPECT_EQ(c.failures, 0);
}

TEST(ExecutionStateChildTest, FailedAndTimedOutCountAsFailures) {
  HistoryBuilder h;
  long long first = h.initiate_child("child-1");
  long long started = h.child_event("ChildWorkflowExecutionStarted", "child-1", first, 0, "run-a");
  h.child_event("ChildWorkflowExecutionFailed", "child-1", first, started, "run-a");
  {
    const ChildRecord& c = h.build().children.at("child-1");
    EXPECT_EQ(c.state, CS::kFailed);
    EXPECT_EQ(c.failures, 1);
    EXPECT_EQ(c.retry(), 0);
  }
  h.decision();
  long long second = h.initiate_child("child-1");
  started = h.child_event("ChildWorkflowExecutionStarted", "child-1", second, 0, "run-b");
  long long timed_out = h.child_event("ChildWorkflowExecutionTimedOut", "child-1", second, started, "run-b");
  const ChildRecord& c = h.build().children.at("child-1");
  EXPECT_EQ(c.state, CS::kTimedOut);
  EXPECT_EQ(c.failures, 2);
  EXPECT_EQ(c.retry(), 1);
  EXPECT_EQ(c.run_id, "run-b");
  EXPECT_EQ(c.initiated, h.event(second));
  EXPECT_EQ(c.last, h.event(timed_out));
}

TEST(ExecutionStateChildTest, CanceledAndTerminated) {
  HistoryBuilder h;
  long long one = h.initiate_child("child-1");
  long long two = h.initiate_child("child-2");
  long long one_started = h.child_event("ChildWorkflowExecutionStarted", "child-1", one, 0);
  long long two_started = h.child_event("ChildWorkflowExecutionStarted", "child-2", two, 0);
  h.child_event("ChildWorkflowExecutionCanceled", "child-1", one, one_started);
  h.child_event("ChildWorkflowExecutionTerminated", "child-2", two, two_started);
  const auto& s = h.build();
  EXPECT_EQ(s.children.at("child-1").state, CS::kCanceled);
  EXPECT_EQ(s.children.at("child-2").state, CS::kTerminated);
  EXPECT_EQ(s.children.at("child-1").failures, 0);
  EXPECT_EQ(s.children.at("child-2").failures, 0);
}

TEST(ExecutionStateChildTest, StartFailed) {
  HistoryBuilder h;
  long long initiated = h.initiate_child("child-1", "child");
  long long failed = h.decided("StartChildWorkflowExecutionFailed",
                               {{"workflowId", "child-1"},
                                {"workflowType", {{"name", "child"}, {"version", "2"}}},
                                {"cause", "WORKFLOW_TYPE_DOES_NOT_EXIST"},
                                {"initiatedEventId", initiated}});
  const ChildRecord& c = h.build().children.at("child-1");
  EXPECT_EQ(c.state, CS::kStartFailed);
  EXPECT_EQ(c.last, h.event(failed));
  EXPECT_EQ(c.last->text("cause"), "WORKFLOW_TYPE_DOES_NOT_EXIST");
  EXPECT_EQ(c.name, "child");
  EXPECT_EQ(c.failures, 0);
}

// --- signals ----------------------------------------------------------------

TEST(ExecutionStateSignalTest, LastOfEachNameWinsInFirstArrivalOrder) {
  HistoryBuilder h;
  h.add("WorkflowExecutionSignaled", {{"signalName", "b"}, {"input", "1"}});  // 5
  h.add("WorkflowExecutionSignaled",
        {{"signalName", "a"},
         {"input", "2"},
         {"externalWorkflowExecution", {{"workflowId", "sender"}, {"runId", "sender-run"}}},
         {"externalInitiatedEventId", 12}});                                  // 6
  long long last_b = h.add("WorkflowExecutionSignaled", {{"signalName", "b"}, {"input", "3"}});  // 7
  const auto& s = h.build();
  EXPECT_THAT(s.signal_names, ElementsAre("b", "a"));
  ASSERT_EQ(s.signals.size(), 2u);
  EXPECT_EQ(s.signals.at("b").name, "b");
  EXPECT_EQ(s.signals.at("b").event, h.event(last_b));
  EXPECT_EQ(s.signals.at("b").event->text("input"), "3");
  EXPECT_EQ(s.signals.at("b").sender_workflow_id, "");
  EXPECT_EQ(s.signals.at("a").event, h.event(6));
  EXPECT_EQ(s.signals.at("a").sender_workflow_id, "sender");
  EXPECT_EQ(s.signals.at("a").sender_run_id, "sender-run");
}

TEST(ExecutionStateSignalTest, SentSignals) {
  HistoryBuilder h;
  long long first = h.decided("SignalExternalWorkflowExecutionInitiated",
                              {{"workflowId", "target"}, {"signalName", "go"}, {"input", "{}"}});
  long long second = h.decided("SignalExternalWorkflowExecutionInitiated",
                               {{"workflowId", "other"}, {"runId", "other-run"}, {"signalName", "stop"}});
  {
    const auto& s = h.build();
    ASSERT_EQ(s.sent_signals.size(), 2u);
    EXPECT_EQ(s.sent_signals[0].name, "go");
    EXPECT_EQ(s.sent_signals[0].workflow_id, "target");
    EXPECT_EQ(s.sent_signals[0].run_id, "");
    EXPECT_EQ(s.sent_signals[0].state, SentSignal::State::kInitiated);
    EXPECT_EQ(s.sent_signals[0].initiated, h.event(first));
    EXPECT_EQ(s.sent_signals[0].last, h.event(first));
    EXPECT_EQ(s.sent_signals[1].run_id, "other-run");
  }
  long long signaled = h.add("ExternalWorkflowExecutionSignaled",
                             {{"workflowExecution", {{"workflowId", "target"}, {"runId", "target-run"}}},
                              {"initiatedEventId", first}});
  long long failed = h.decided("SignalExternalWorkflowExecutionFailed",
                               {{"workflowId", "other"}, {"cause", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"},
                                {"initiatedEventId", second}});
  const auto& s = h.build();
  ASSERT_EQ(s.sent_signals.size(), 2u);
  EXPECT_EQ(s.sent_signals[0].state, SentSignal::State::kSignaled);
  EXPECT_EQ(s.sent_signals[0].workflow_id, "target");
  EXPECT_EQ(s.sent_signals[0].run_id, "target-run");  // as delivered
  EXPECT_EQ(s.sent_signals[0].last, h.event(signaled));
  EXPECT_EQ(s.sent_signals[0].initiated, h.event(first));
  EXPECT_EQ(s.sent_signals[1].state, SentSignal::State::kFailed);
  EXPECT_EQ(s.sent_signals[1].last, h.event(failed));
  EXPECT_EQ(s.sent_signals[1].run_id, "other-run");
}

TEST(ExecutionStateSignalTest, SameSignalSentTwiceIsKeptTwice) {
  HistoryBuilder h;
  long long first = h.decided("SignalExternalWorkflowExecutionInitiated", {{"workflowId", "t"}, {"signalName", "go"}});
  long long second = h.decided("SignalExternalWorkflowExecutionInitiated", {{"workflowId", "t"}, {"signalName", "go"}});
  h.add("ExternalWorkflowExecutionSignaled",
        {{"workflowExecution", {{"workflowId", "t"}, {"runId", "r"}}}, {"initiatedEventId", second}});
  const auto& s = h.build();
  ASSERT_EQ(s.sent_signals.size(), 2u);
  EXPECT_EQ(s.sent_signals[0].initiated, h.event(first));
  EXPECT_EQ(s.sent_signals[0].state, SentSignal::State::kInitiated);
  EXPECT_EQ(s.sent_signals[1].initiated, h.event(second));
  EXPECT_EQ(s.sent_signals[1].state, SentSignal::State::kSignaled);
}

TEST(ExecutionStateSignalTest, SentCancels) {
  HistoryBuilder h;
  long long one = h.decided("RequestCancelExternalWorkflowExecutionInitiated", {{"workflowId", "w1"}});
  long long two = h.decided("RequestCancelExternalWorkflowExecutionInitiated", {{"workflowId", "w2"}, {"runId", "r2"}});
  {
    const auto& s = h.build();
    ASSERT_EQ(s.sent_cancels.size(), 2u);
    EXPECT_EQ(s.sent_cancels.at("w1").workflow_id, "w1");
    EXPECT_EQ(s.sent_cancels.at("w1").state, SentCancel::State::kInitiated);
  }
  h.add("ExternalWorkflowExecutionCancelRequested",
        {{"workflowExecution", {{"workflowId", "w1"}, {"runId", "r1"}}}, {"initiatedEventId", one}});
  h.decided("RequestCancelExternalWorkflowExecutionFailed",
            {{"workflowId", "w2"}, {"cause", "UNKNOWN_EXTERNAL_WORKFLOW_EXECUTION"}, {"initiatedEventId", two}});
  const auto& s = h.build();
  ASSERT_EQ(s.sent_cancels.size(), 2u);
  EXPECT_EQ(s.sent_cancels.at("w1").state, SentCancel::State::kRequested);
  EXPECT_EQ(s.sent_cancels.at("w2").state, SentCancel::State::kFailed);
  EXPECT_EQ(s.sent_cancels.at("w2").workflow_id, "w2");
}

// --- markers ----------------------------------------------------------------

TEST(ExecutionStateMarkerTest, MarkersInHistoryOrder) {
  HistoryBuilder h;
  long long m1 = h.decided("MarkerRecorded", {{"markerName", "m1"}, {"details", "\"x\""}});
  long long m2 = h.decided("RecordMarkerFailed", {{"markerName", "m2"}, {"cause", "OPERATION_NOT_PERMITTED"}});
  h.decision();
  long long m3 = h.decided("MarkerRecorded", {{"markerName", "m1"}});
  const auto& s = h.build();
  ASSERT_EQ(s.markers.size(), 3u);
  EXPECT_EQ(s.markers[0].name, "m1");
  EXPECT_TRUE(s.markers[0].recorded);
  EXPECT_EQ(s.markers[0].event, h.event(m1));
  EXPECT_EQ(s.markers[0].event->text("details"), "\"x\"");
  EXPECT_EQ(s.markers[1].name, "m2");
  EXPECT_FALSE(s.markers[1].recorded);
  EXPECT_EQ(s.markers[1].event, h.event(m2));
  EXPECT_EQ(s.markers[2].name, "m1");
  EXPECT_TRUE(s.markers[2].recorded);
  EXPECT_EQ(s.markers[2].event, h.event(m3));
}

// --- timers -----------------------------------------------------------------

TEST(ExecutionStateTimerTest, StartedThenFired) {
  HistoryBuilder h;
  long long started = h.start_timer("t1");
  {
    const auto& s = h.build();
    ASSERT_EQ(s.timers.count("t1"), 1u);
    const TimerRecord& t = s.timers.at("t1");
    EXPECT_EQ(t.id, "t1");
    EXPECT_EQ(t.state, TS::kStarted);
    EXPECT_EQ(t.started, h.event(started));
    EXPECT_EQ(t.last, h.event(started));
    EXPECT_EQ(t.cancel_failed, nullptr);
    EXPECT_EQ(t.decision_task_completed_event_id, 4);
  }
  long long fired = h.add("TimerFired", {{"timerId", "t1"}, {"startedEventId", started}});
  const TimerRecord& t = h.build().timers.at("t1");
  EXPECT_EQ(t.state, TS::kFired);
  EXPECT_EQ(t.last, h.event(fired));
  EXPECT_EQ(t.started, h.event(started));
}

TEST(ExecutionStateTimerTest, Canceled) {
  HistoryBuilder h;
  long long started = h.start_timer("t1");
  h.decision();
  long long canceled = h.decided("TimerCanceled", {{"timerId", "t1"}, {"startedEventId", started}});
  const TimerRecord& t = h.build().timers.at("t1");
  EXPECT_EQ(t.state, TS::kCanceled);
  EXPECT_EQ(t.last, h.event(canceled));
  EXPECT_EQ(t.started, h.event(started));
  EXPECT_EQ(t.decision_task_completed_event_id, 4);  // of the start, not of the cancel
}

TEST(ExecutionStateTimerTest, StartFailed) {
  HistoryBuilder h;
  long long failed = h.decided("StartTimerFailed", {{"timerId", "t1"}, {"cause", "TIMER_ID_ALREADY_IN_USE"}});
  const TimerRecord& t = h.build().timers.at("t1");
  EXPECT_EQ(t.state, TS::kStartFailed);
  EXPECT_EQ(t.started, nullptr);
  EXPECT_EQ(t.last, h.event(failed));
  EXPECT_EQ(t.decision_task_completed_event_id, 4);
}

TEST(ExecutionStateTimerTest, CancelFailedIsKeptApartFromTheState) {
  HistoryBuilder h;
  long long started = h.start_timer("t1");
  h.decision();
  long long cancel_failed = h.decided("CancelTimerFailed", {{"timerId", "t1"}, {"cause", "TIMER_ID_UNKNOWN"}});
  {
    const TimerRecord& t = h.build().timers.at("t1");
    EXPECT_EQ(t.state, TS::kStarted);  // unchanged
    EXPECT_EQ(t.last, h.event(started));
    EXPECT_EQ(t.cancel_failed, h.event(cancel_failed));
  }
  long long fired = h.add("TimerFired", {{"timerId", "t1"}, {"startedEventId", started}});
  const TimerRecord& t = h.build().timers.at("t1");
  EXPECT_EQ(t.state, TS::kFired);
  EXPECT_EQ(t.last, h.event(fired));
  EXPECT_EQ(t.cancel_failed, h.event(cancel_failed));
}

TEST(ExecutionStateTimerTest, CancelFailedOfAnUnknownTimer) {
  HistoryBuilder h;
  long long cancel_failed = h.decided("CancelTimerFailed", {{"timerId", "ghost"}, {"cause", "TIMER_ID_UNKNOWN"}});
  const TimerRecord& t = h.build().timers.at("ghost");
  EXPECT_EQ(t.id, "ghost");
  EXPECT_EQ(t.state, TS::kNone);
  EXPECT_EQ(t.started, nullptr);
  EXPECT_EQ(t.last, nullptr);
  EXPECT_EQ(t.cancel_failed, h.event(cancel_failed));
}

TEST(ExecutionStateTimerTest, RestartingATimerId) {
  HistoryBuilder h;
  long long first = h.start_timer("t1");
  h.decision();
  h.decided("CancelTimerFailed", {{"timerId", "t1"}, {"cause", "TIMER_ID_UNKNOWN"}});
  h.add("TimerFired", {{"timerId", "t1"}, {"startedEventId", first}});
  long long decision = h.decision();
  long long second = h.start_timer("t1");
  const auto& s = h.build();
  ASSERT_EQ(s.timers.size(), 1u);
  const TimerRecord& t = s.timers.at("t1");
  EXPECT_EQ(t.state, TS::kStarted);
  EXPECT_EQ(t.started, h.event(second));
  EXPECT_EQ(t.last, h.event(second));
  EXPECT_EQ(t.cancel_failed, nullptr);  // belonged to the first timer
  EXPECT_EQ(t.decision_task_completed_event_id, decision);
}

TEST(ExecutionStateTimerTest, TimersAreKeptById) {
  HistoryBuilder h;
  long long one = h.start_timer("t1");
  h.start_timer("t2");
  h.add("TimerFired", {{"timerId", "t1"}, {"startedEventId", one}});
  const auto& s = h.build();
  ASSERT_EQ(s.timers.size(), 2u);
  EXPECT_EQ(s.timers.at("t1").state, TS::kFired);
  EXPECT_EQ(s.timers.at("t2").state, TS::kStarted);
}

// --- built as the history grows (a decider's kept state) ---------------------

// What replay reads of a state, as text, to compare two states.
std::string summary(const ExecutionState& s) {
  std::string out = "decisions " + std::to_string(s.started_decision_id) + " " +
                    std::to_string(s.completed_decision_id) + "\n";
  for (const ActivityRecord& a : s.activities) {
    out += "activity " + std::string(a.id) + " " + std::string(a.name) + " " + std::to_string(static_cast<int>(a.state)) +
           " failures " + std::to_string(a.failures) + " last " + std::to_string(a.last ? a.last->id : 0) +
           " scheduled " + std::to_string(a.scheduled ? a.scheduled->id : 0) + " result " + std::string(a.result) +
           (a.cancel_requested ? " cancel" : "") + "\n";
  }
  for (const ChildRecord& c : s.children) {
    out += "child " + std::string(c.id) + " " + std::to_string(static_cast<int>(c.state)) + " " +
           std::string(c.run_id) + " failures " + std::to_string(c.failures) + "\n";
  }
  for (const TimerRecord& t : s.timers) out += "timer " + std::string(t.id) + " " + std::to_string(static_cast<int>(t.state)) + "\n";
  for (std::string_view name : s.signal_names) out += "signal " + std::string(name) + "\n";
  for (const MarkerRecord& m : s.markers) out += "marker " + std::string(m.name) + "\n";
  return out;
}

TEST(ExecutionStateBuilderTest, BuiltPageByPageItEqualsTheStateOfTheWholeHistory) {
  HistoryBuilder h;
  long long a1 = h.schedule("activity-act-1");
  long long a2 = h.schedule("activity-act-2", "other");
  h.close("ActivityTaskCompleted", a1, h.start(a1), {{"result", "1"}});
  h.close("ActivityTaskFailed", a2, h.start(a2), {{"reason", "boom"}});
  h.decision();
  long long again = h.schedule("activity-act-2", "other");
  h.close("ActivityTaskTimedOut", again, h.start(again), {{"timeoutType", "HEARTBEAT"}, {"details", "3"}});
  long long child = h.initiate_child("child-1");
  h.child_event("ChildWorkflowExecutionStarted", "child-1", child, 0);
  long long timer = h.start_timer("t");
  h.add("TimerFired", {{"timerId", "t"}, {"startedEventId", timer}});
  h.add("WorkflowExecutionSignaled", {{"signalName", "go"}});
  h.decision();
  h.decided("MarkerRecorded", {{"markerName", "m"}});
  const std::vector<Json>& events = h.json();
  const std::string whole = summary(h.build());

  for (std::size_t page : {1u, 2u, 5u}) {
    auto parsed = ParsedHistory::parse(Json(std::vector<Json>(events.begin(), events.begin() + 1)).dump());
    ASSERT_TRUE(parsed.ok());
    ExecutionStateBuilder builder(parsed->events());
    ASSERT_TRUE(builder.add_new_events().ok());
    for (std::size_t from = 1; from < events.size(); from += page) {
      const std::size_t to = std::min(events.size(), from + page);
      // Each page repeats the event before it, as startAtPreviousStartedEvent does.
      ASSERT_TRUE(parsed->append(Json(std::vector<Json>(events.begin() + static_cast<std::ptrdiff_t>(from - 1),
                                                        events.begin() + static_cast<std::ptrdiff_t>(to)))
                                     .dump())
                      .ok());
      ASSERT_TRUE(builder.add_new_events().ok()) << from;
      EXPECT_EQ(builder.added(), to);
    }
    EXPECT_EQ(summary(builder.state()), whole) << "pages of " << page;
  }
}

TEST(ExecutionStateBuilderTest, ANewEventThatRefersToNothingIsAnError) {
  HistoryBuilder h;
  auto parsed = ParsedHistory::parse(Json(h.json()).dump());
  ASSERT_TRUE(parsed.ok());
  ExecutionStateBuilder builder(parsed->events());
  ASSERT_TRUE(builder.add_new_events().ok());
  h.add("ActivityTaskStarted", {{"scheduledEventId", 3}});
  ASSERT_TRUE(parsed->append(Json(h.json()).dump()).ok());
  Status s = builder.add_new_events();
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(s.message(), HasSubstr("scheduledEventId 3"));
}

TEST(ExecutionStateBuilderTest, TheFirstEventMustStartTheExecution) {
  auto parsed = ParsedHistory::parse(R"([{"eventId": 1, "eventTimestamp": 1, "eventType": "DecisionTaskScheduled",
      "decisionTaskScheduledEventAttributes": {"taskList": {"name": "t"}}}])");
  ASSERT_TRUE(parsed.ok()) << parsed.status().message();
  ExecutionStateBuilder builder(parsed->events());
  EXPECT_THAT(builder.add_new_events().message(), HasSubstr("starts with a WorkflowExecutionStarted"));
}

}  // namespace
}  // namespace simpleflow::internal
