// Timers in the local executor: they fire when the workflow waits for them,
// moving a virtual clock (the ManualClock never moves, nothing sleeps).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::local_timers {

using simpleflow::Json;
using ::testing::HasSubstr;

int increment(int x) { return x + 1; }

// The reason of a TaskFailed future, or why there is none.
std::string failure_reason(const simpleflow::Future<void>& future) {
  try {
    future.result();
    return "<no failure>";
  } catch (const simpleflow::TaskFailed& e) {
    return e.reason();
  }
}

class SleepWorkflow : public simpleflow::Workflow {
 public:
  Json run(int seconds) {
    auto timer = submit(start_timer("pause", seconds));
    Json out{{"running_before_wait", timer.running()}};
    timer.result();
    out["finished_after_wait"] = timer.finished();
    out["after"] = submit(increment, 1).result();
    out["details"] = get_event_details("timer", "pause");
    return out;
  }
};

class CancelBeforeWaitWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto timer = submit(start_timer("t", 100));
    auto cancel = submit(cancel_timer("t"));
    Json out{{"timer_cancelled", timer.cancelled()},
             {"timer_state", simpleflow::to_string(timer.state())},
             {"cancel_finished", cancel.finished()},
             {"cancel_failed", cancel.exception() != nullptr}};
    try {
      timer.result();
      out["result_threw"] = "nothing";
    } catch (const simpleflow::TaskCanceled&) {
      out["result_threw"] = "TaskCanceled";
    }
    out["details"] = get_event_details("timer", "t");
    return out;
  }
};

class CancelUnknownWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto unknown = submit(cancel_timer("nope"));
    auto fired = submit(start_timer("fired", 1));
    fired.result();
    auto too_late = submit(cancel_timer("fired"));
    return Json{{"unknown_finished", unknown.finished()},
                {"unknown", failure_reason(unknown)},
                {"too_late", failure_reason(too_late)}};
  }
};

class SameIdTwiceWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto first = submit(start_timer("t", 10));
    auto second = submit(start_timer("t", 20));
    Json out{{"second_finished", second.finished()}, {"second", failure_reason(second)}};
    first.result();
    auto again = submit(start_timer("t", 5));  // allowed once the first fired
    again.result();
    out["again_finished"] = again.finished();
    return out;
  }
};

class TwoTimersWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto slow = submit(start_timer("slow", 20));
    auto fast = submit(start_timer("fast", 10));
    slow.result();
    return Json{{"fast_finished", fast.finished()}};
  }
};

class WaitBothWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto a = submit(start_timer("a", 5));
    auto b = submit(start_timer("b", 15));
    simpleflow::futures::wait(a, b);
    return 0;
  }
};

class UnwaitedTimerWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto timer = submit(start_timer("forgotten", 50));
    return Json{{"running", timer.running()}};
  }
};

class NegativeTimerWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    submit(start_timer("bad", -1));
    return 0;
  }
};

class SleepingChild : public simpleflow::Workflow {
 public:
  int run() {
    submit(start_timer("child_pause", 30)).result();
    return 0;
  }
};

class SleepingChildParent : public simpleflow::Workflow {
 public:
  int run() {
    submit(simpleflow::child_workflow<SleepingChild>).result();
    submit(start_timer("parent_pause", 10)).result();
    return 0;
  }
};

class TimerWithControlWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    submit(start_timer("c", 1, Json{{"k", "v"}})).result();
    return 0;
  }
};

class ShortBeforeLongWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto long_timer = submit(start_timer("long", 100));
    auto short_timer = submit(start_timer("short", 10));
    short_timer.result();
    return Json{{"long_running", long_timer.running()}};
  }
};

class BlockedWithATimerWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    submit(start_timer("meanwhile", 50));
    return submit(wait_signal("never_sent")).result();
  }
};

// Future::cancel() changes only the future: the timer still fires.
class CancelledFutureWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto timer = submit(start_timer("a", 5));
    Json out{{"cancel_returned", timer.cancel()}};
    submit(start_timer("b", 10)).result();
    out["state_after_later_wait"] = simpleflow::to_string(timer.state());
    return out;
  }
};

}  // namespace sftest::local_timers

SIMPLEFLOW_ACTIVITY(sftest::local_timers::increment);

SIMPLEFLOW_WORKFLOW(sftest::local_timers::SleepWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::CancelBeforeWaitWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::CancelUnknownWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::SameIdTwiceWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::TwoTimersWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::WaitBothWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::UnwaitedTimerWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::NegativeTimerWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::SleepingChild, {.name = "sleeping_child"});
SIMPLEFLOW_WORKFLOW(sftest::local_timers::SleepingChildParent);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::TimerWithControlWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::ShortBeforeLongWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::BlockedWithATimerWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::local_timers::CancelledFutureWorkflow);

namespace sftest::local_timers {
namespace {

using LocalTimersTest = LocalTest;

TEST_F(LocalTimersTest, TimerFiresWhenWaitedForAndMovesVirtualTime) {
  Json result = Run<SleepWorkflow>(Json::array({60}));
  EXPECT_EQ(result["running_before_wait"], true);
  EXPECT_EQ(result["finished_after_wait"], true);
  EXPECT_EQ(result["after"], 2);
  EXPECT_EQ(executor().now(), kStartTime + 60);
  EXPECT_EQ(clock_.now(), kStartTime);  // the real clock did not move: nobody slept

  auto started = event_attributes(history(), "TimerStarted");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0]["timerId"], "pause");
  EXPECT_EQ(started[0]["startToFireTimeout"], "60");
  auto fired = history().filter("TimerFired");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0]["eventTimestamp"], kStartTime + 60);
  EXPECT_EQ(fired[0]["timerFiredEventAttributes"]["startedEventId"], 2);
  // What comes after the timer happens at the new time.
  EXPECT_EQ(history().filter("ActivityTaskScheduled")[0]["eventTimestamp"], kStartTime + 60);
  EXPECT_EQ(result["details"]["state"], "fired");
}

TEST_F(LocalTimersTest, CanceledTimerIsCancelledAndItsResultThrows) {
  Json result = Run<CancelBeforeWaitWorkflow>();
  EXPECT_EQ(result["timer_cancelled"], true);
  EXPECT_EQ(result["timer_state"], "CANCELLED");
  EXPECT_EQ(result["cancel_finished"], true);
  EXPECT_EQ(result["cancel_failed"], false);
  EXPECT_EQ(result["result_threw"], "TaskCanceled");
  EXPECT_EQ(result["details"]["state"], "canceled");
  EXPECT_EQ(executor().now(), kStartTime);
  EXPECT_EQ(count_events(history(), "TimerCanceled"), 1u);
  EXPECT_EQ(count_events(history(), "TimerFired"), 0u);
}

TEST_F(LocalTimersTest, CancelledFutureStaysCancelledWhenItsTimerFires) {
  Json result = Run<CancelledFutureWorkflow>();
  EXPECT_EQ(result["cancel_returned"], true);
  EXPECT_EQ(result["state_after_later_wait"], "CANCELLED");
  EXPECT_EQ(count_events(history(), "TimerFired"), 2u);  // no cancel request was sent
}

TEST_F(LocalTimersTest, CancelOfATimerThatIsNotRunningFails) {
  Json result = Run<CancelUnknownWorkflow>();
  EXPECT_EQ(result["unknown_finished"], true);
  EXPECT_EQ(result["unknown"], "TIMER_ID_UNKNOWN");
  EXPECT_EQ(result["too_late"], "TIMER_ID_UNKNOWN");
  auto failed = event_attributes(history(), "CancelTimerFailed");
  ASSERT_EQ(failed.size(), 2u);
  EXPECT_EQ(failed[0]["timerId"], "nope");
  EXPECT_EQ(failed[0]["cause"], "TIMER_ID_UNKNOWN");
}

TEST_F(LocalTimersTest, StartingARunningTimerIdAgainFails) {
  Json result = Run<SameIdTwiceWorkflow>();
  EXPECT_EQ(result["second_finished"], true);
  EXPECT_EQ(result["second"], "TIMER_ID_ALREADY_IN_USE");
  EXPECT_EQ(result["again_finished"], true);
  auto failed = event_attributes(history(), "StartTimerFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["cause"], "TIMER_ID_ALREADY_IN_USE");
  EXPECT_EQ(executor().now(), kStartTime + 15);  // the first timer (10 s), then the restarted one (5 s)
}

TEST_F(LocalTimersTest, TimersFireInTimeOrder) {
  Json result = Run<TwoTimersWorkflow>();
  EXPECT_EQ(result["fast_finished"], true);
  auto fired = history().filter("TimerFired");
  ASSERT_EQ(fired.size(), 2u);
  EXPECT_EQ(fired[0]["timerFiredEventAttributes"]["timerId"], "fast");
  EXPECT_EQ(fired[0]["eventTimestamp"], kStartTime + 10);
  EXPECT_EQ(fired[1]["timerFiredEventAttributes"]["timerId"], "slow");
  EXPECT_EQ(fired[1]["eventTimestamp"], kStartTime + 20);
  EXPECT_EQ(executor().now(), kStartTime + 20);
}

TEST_F(LocalTimersTest, WaitingForATimerFiresNoLaterTimer) {
  Json result = Run<ShortBeforeLongWorkflow>();
  EXPECT_EQ(result["long_running"], true);
  EXPECT_EQ(executor().now(), kStartTime + 10);
  auto fired = event_attributes(history(), "TimerFired");
  ASSERT_EQ(fired.size(), 1u);
  EXPECT_EQ(fired[0]["timerId"], "short");
}

TEST_F(LocalTimersTest, BlockedWaitLetsPendingTimersFireFirst) {
  // Time passes while the run waits: the timer fires, then the run is stuck.
  simpleflow::WorkflowFailed failure = RunExpectingFailure<BlockedWithATimerWorkflow>();
  EXPECT_THAT(failure.reason(), HasSubstr("never_sent"));
  EXPECT_EQ(count_events(history(), "TimerFired"), 1u);
  EXPECT_EQ(executor().now(), kStartTime + 50);
}

TEST_F(LocalTimersTest, WaitingForSeveralTimersWaitsForTheLongest) {
  Run<WaitBothWorkflow>();
  EXPECT_EQ(executor().now(), kStartTime + 15);
  EXPECT_EQ(count_events(history(), "TimerFired"), 2u);
}

TEST_F(LocalTimersTest, TimerThatIsNotWaitedForDoesNotFire) {
  Json result = Run<UnwaitedTimerWorkflow>();
  EXPECT_EQ(result["running"], true);
  EXPECT_EQ(executor().now(), kStartTime);
  EXPECT_EQ(count_events(history(), "TimerFired"), 0u);
}

TEST_F(LocalTimersTest, NegativeTimeoutFailsTheWorkflow) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<NegativeTimerWorkflow>();
  EXPECT_THAT(failure.reason(), HasSubstr("must not be negative"));
}

TEST_F(LocalTimersTest, ChildTimersMoveTheSharedVirtualClock) {
  Run<SleepingChildParent>();
  EXPECT_EQ(executor().now(), kStartTime + 40);
  auto completed = history().filter("ChildWorkflowExecutionCompleted");
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_EQ(completed[0]["eventTimestamp"], kStartTime + 30);
}

TEST_F(LocalTimersTest, TimerControlIsRecorded) {
  Run<TimerWithControlWorkflow>();
  auto started = event_attributes(history(), "TimerStarted");
  ASSERT_EQ(started.size(), 1u);
  EXPECT_EQ(started[0]["control"], R"({"k":"v"})");
}

}  // namespace
}  // namespace sftest::local_timers
