// Canvas (Group, Chain, FuncGroup) run end to end by the local executor.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <string>
#include <vector>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::canvas {

using simpleflow::Chain;
using simpleflow::FuncGroup;
using simpleflow::Group;
using simpleflow::Json;

int g_counted_calls = 0;
int g_builder_calls = 0;

int increment(int x) { return x + 1; }
int twice(int x) { return x * 2; }
int sum_all(std::vector<int> values) { return std::accumulate(values.begin(), values.end(), 0); }
int boom(int) { throw std::runtime_error("boom"); }
int boom_raising(int) { throw std::runtime_error("boom"); }
int counted(int x) {
  ++g_counted_calls;
  return x;
}

struct Square {
  explicit Square(int x) : x(x) {}
  int execute() const { return x * x; }
  int x;
};

// What a canvas future ended with: its result, or the AggregateException's
// entries (null, or the TaskFailed reason).
Json outcome(const simpleflow::Future<Json>& future) {
  try {
    return Json{{"result", future.result()}};
  } catch (const simpleflow::AggregateException& e) {
    Json failures = Json::array();
    for (const auto& ex : e.exceptions()) failures.push_back(ex ? Json(simpleflow::describe_exception(ex)) : Json());
    return Json{{"aggregate", failures}, {"flattened", e.flatten().size()}};
  }
}

// ---- Workflows --------------------------------------------------------------

class ChildDouble : public simpleflow::Workflow {
 public:
  int run(int x) { return submit(twice, x).result(); }
};

class GroupWorkflow : public simpleflow::Workflow {
 public:
  Json run(int n) {
    Group group;
    for (int i = 0; i < n; ++i) group.append(increment, i);
    auto future = submit(group);
    Json descriptions = Json::array();
    for (const auto& f : future.futures()) descriptions.push_back(f.description());
    return Json{{"finished", future.finished()}, {"outcome", outcome(future)}, {"futures", descriptions}};
  }
};

class MixedGroupWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Group group({.max_parallel = 2});
    group.append(increment, 1)
        .append(simpleflow::activity_class<Square>, 3)
        .append(simpleflow::child_workflow<ChildDouble>, 5)
        .append(*simpleflow::Registry::global().find_activity("sftest.canvas.twice"), simpleflow::Arguments{{7}});
    return submit(group).result();
  }
};

class FailingGroupWorkflow : public simpleflow::Workflow {
 public:
  Json run(bool bubbles) {
    Group group({.bubbles_exception_on_failure = bubbles});
    group.append(increment, 1).append(boom, 2).append(increment, 3);
    auto future = submit(group);
    Json out = outcome(future);
    out["finished"] = future.finished();
    out["first_item"] = future.futures()[0].result();
    return out;
  }
};

class RaisingGroupWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Group group({.raises_on_failure = true});
    group.append(increment, 1).append(boom, 2).append(counted, 3);
    submit(group);
    return submit(counted, 4).result();
  }
};

class NotRaisingGroupWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Group group({.raises_on_failure = false});
    group.append(boom_raising, 1).append(increment, 1);
    return outcome(submit(group));
  }
};

// The outer group's raises_on_failure = false reaches the nested chain's item.
class NestedNotRaisingWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Chain inner;
    inner.append(boom_raising, 1);
    Group group({.raises_on_failure = false});
    group.append(inner).append(increment, 1);
    auto future = submit(group);
    return Json{{"finished", future.finished()}, {"second", future.futures().back().result()}};
  }
};

class ChainWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Chain chain({.send_result = true});
    chain.append(increment, 1).append(twice);  // twice(increment(1))
    auto future = submit(chain);
    return Json{{"last", future.futures().back().as<int>().result()}, {"result", future.result()}};
  }
};

class BreakingChainWorkflow : public simpleflow::Workflow {
 public:
  Json run(bool break_on_failure) {
    Chain chain({.break_on_failure = break_on_failure});
    chain.append(increment, 1).append(boom, 2).append(counted, 3);
    auto future = submit(chain);
    Json out = outcome(future);
    out["finished"] = future.finished();
    out["submitted"] = future.futures().size();
    return out;
  }
};

class NotRaisingChainWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Chain chain({.raises_on_failure = false});
    chain.append(increment, 1).append(boom_raising, 2).append(counted, 3);
    return outcome(submit(chain));
  }
};

class RaisingChainWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Chain chain({.raises_on_failure = true});
    chain.append(increment, 1).append(boom, 2);
    return outcome(submit(chain));
  }
};

class FuncGroupWorkflow : public simpleflow::Workflow {
 public:
  Json run(int n) {
    FuncGroup func_group([n] {
      ++g_builder_calls;
      Group group;
      for (int i = 0; i < n; ++i) group.append(twice, i);
      return group;
    });
    Json out{{"builder_calls_before_submit", g_builder_calls}};
    out["result"] = submit(func_group).result();
    out["builder_calls_after_submit"] = g_builder_calls;
    return out;
  }
};

class FuncGroupInChainWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Chain chain({.send_result = true});
    chain.append(increment, 2).append(FuncGroup([](const Json& previous) {
      Group group;
      for (int i = 0; i < previous.get<int>(); ++i) group.append(twice, i);
      return group;
    }));
    chain.append(sum_all);
    return submit(chain).result();
  }
};

class NestedCanvasWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Group inner;
    inner.append(increment, 1).append(increment, 2);
    Chain plain;
    plain.append(inner).append(twice, 5);
    Chain sending({.send_result = true});
    sending.append(inner).append(sum_all);  // sum_all([2, 3])
    Group outer;
    outer.append(inner).append(plain);
    auto nested = submit(outer);
    return Json{{"plain", submit(plain).result()},
                {"sending", submit(sending).result()},
                {"outer", nested.result()},
                {"outer_futures", nested.futures().size()},
                {"inner_futures", nested.futures()[0].futures().size()}};
  }
};

class ExtendWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Group a;
    a.append(increment, 1);
    Group b;
    b.append(increment, 10).append(increment, 20);
    a.extend(b);
    a += b;
    Group nested;
    nested.append(b);
    return Json{{"extended", submit(a).result()},
                {"extended_size", a.size()},
                {"nested", submit(nested).result()},
                {"nested_size", nested.size()}};
  }
};

class EmptyCanvasWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto group = submit(Group());
    auto chain = submit(Chain());
    return Json{{"group", group.result()}, {"chain", chain.result()}, {"finished", group.finished()}};
  }
};

// Two timers (10 s, 20 s) then an activity, in a group limited to
// `max_parallel` open items (0: no limit).
class TimedGroupWorkflow : public simpleflow::Workflow {
 public:
  Json run(int max_parallel) {
    Group group(max_parallel > 0 ? simpleflow::GroupOptions{.max_parallel = max_parallel}
                                 : simpleflow::GroupOptions{});
    group.append(start_timer("a", 10)).append(start_timer("b", 20)).append(increment, 1);
    auto future = submit(group);
    Json out{{"submitted_at_first", future.futures().size()},
             {"state_at_first", simpleflow::to_string(future.state())}};
    out["result"] = future.result();
    out["submitted_at_end"] = future.futures().size();
    return out;
  }
};

class TimedChainWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Chain chain;
    chain.append(start_timer("first", 10)).append(start_timer("second", 5)).append(counted, 7);
    auto future = submit(chain);
    Json out{{"submitted_at_first", future.futures().size()},
             {"state_at_first", simpleflow::to_string(future.state())},
             {"counted_at_first", g_counted_calls}};
    out["result"] = future.result();
    out["counted_at_end"] = g_counted_calls;
    return out;
  }
};

class TimedRaisingChainWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Chain chain({.raises_on_failure = true});
    chain.append(start_timer("wait", 10)).append(boom, 1);
    auto future = submit(chain);
    Json out{{"running", future.running()}};
    future.result();  // submits boom, which fails the workflow
    return out;
  }
};

class TaskItemsWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    Group group;
    group.append(record_marker("m", 1)).append(signal("s", 2)).append(wait_signal("s"));
    return submit(group).result();
  }
};

}  // namespace sftest::canvas

SIMPLEFLOW_ACTIVITY(sftest::canvas::increment);
SIMPLEFLOW_ACTIVITY(sftest::canvas::twice);
SIMPLEFLOW_ACTIVITY(sftest::canvas::sum_all);
SIMPLEFLOW_ACTIVITY(sftest::canvas::boom);
SIMPLEFLOW_ACTIVITY(sftest::canvas::boom_raising, {.raises_on_failure = true});
SIMPLEFLOW_ACTIVITY(sftest::canvas::counted);
SIMPLEFLOW_ACTIVITY_CLASS(sftest::canvas::Square, (int));

SIMPLEFLOW_WORKFLOW(sftest::canvas::ChildDouble, {.name = "child_double"});
SIMPLEFLOW_WORKFLOW(sftest::canvas::GroupWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::MixedGroupWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::FailingGroupWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::RaisingGroupWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::NotRaisingGroupWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::ChainWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::NestedNotRaisingWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::BreakingChainWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::NotRaisingChainWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::RaisingChainWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::FuncGroupWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::FuncGroupInChainWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::NestedCanvasWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::ExtendWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::EmptyCanvasWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::TimedGroupWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::TimedChainWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::TimedRaisingChainWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::canvas::TaskItemsWorkflow);

namespace sftest::canvas {
namespace {

class CanvasTest : public LocalTest {
 protected:
  void SetUp() override {
    g_counted_calls = 0;
    g_builder_calls = 0;
  }
};

const char* const kBoomReason = "runtime_error: boom";

// ---- Group ------------------------------------------------------------------------

TEST_F(CanvasTest, GroupResultsAreInItemOrder) {
  Json result = Run<GroupWorkflow>(Json::array({5}));
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["outcome"]["result"], Json::array({1, 2, 3, 4, 5}));
  ASSERT_EQ(result["futures"].size(), 5u);
  EXPECT_EQ(result["futures"][0], "activity-sftest.canvas.increment-1");
  EXPECT_EQ(result["futures"][4], "activity-sftest.canvas.increment-5");
}

TEST_F(CanvasTest, GroupTakesFunctionsClassesChildrenAndDefinitions) {
  EXPECT_EQ(Run<MixedGroupWorkflow>(), Json::array({2, 9, 10, 14}));
  EXPECT_EQ(count_events(history(), "ChildWorkflowExecutionCompleted"), 1u);
}

TEST_F(CanvasTest, FailingItemGivesAggregateExceptionWithNullPlaceholders) {
  Json result = Run<FailingGroupWorkflow>(Json::array({true}));
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["aggregate"], Json::array({nullptr, kBoomReason, nullptr}));
  EXPECT_EQ(result["flattened"], 1);
  EXPECT_EQ(result["first_item"], 2);
}

TEST_F(CanvasTest, FailingItemWithoutBubblingGivesNullInTheResult) {
  Json result = Run<FailingGroupWorkflow>(Json::array({false}));
  EXPECT_EQ(result["result"], Json::array({2, nullptr, 4}));
}

TEST_F(CanvasTest, GroupRaisesOnFailureFailsTheWorkflow) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<RaisingGroupWorkflow>();
  EXPECT_EQ(failure.reason(), "Workflow execution error in activity-sftest.canvas.boom: \"runtime_error: boom\"");
  EXPECT_EQ(Json::parse(failure.details())["message"], "boom");
  EXPECT_EQ(g_counted_calls, 0);  // the items after the failure never ran
}

TEST_F(CanvasTest, GroupRaisesOnFailureFalseOverridesTheActivity) {
  Json result = Run<NotRaisingGroupWorkflow>();
  EXPECT_EQ(result["aggregate"], Json::array({kBoomReason, nullptr}));
}

TEST_F(CanvasTest, GroupRaisesOnFailureReachesNestedCanvases) {
  Json result = Run<NestedNotRaisingWorkflow>();
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["second"], 2);
}

TEST(GroupTest, MaxParallelMustBePositive) {
  EXPECT_THROW(Group({.max_parallel = 0}), std::invalid_argument);
  EXPECT_THROW(Group({.max_parallel = -3}), std::invalid_argument);
  EXPECT_NO_THROW(Group({.max_parallel = 1}));
}

TEST_F(CanvasTest, MaxParallelDoesNotHoldBackLocalItems) {
  // Locally every item finishes when submitted, so none waits for a slot.
  EXPECT_EQ(Run<MixedGroupWorkflow>(), Json::array({2, 9, 10, 14}));
}

TEST_F(CanvasTest, ExtendAndPlusEqualAppendTheItemsWhileAppendNests) {
  Json result = Run<ExtendWorkflow>();
  EXPECT_EQ(result["extended"], Json::array({2, 11, 21, 11, 21}));
  EXPECT_EQ(result["extended_size"], 5);
  EXPECT_EQ(result["nested"], Json::array({Json::array({11, 21})}));
  EXPECT_EQ(result["nested_size"], 1);
}

TEST_F(CanvasTest, EmptyCanvasesFinishWithAnEmptyList) {
  Json result = Run<EmptyCanvasWorkflow>();
  EXPECT_EQ(result["group"], Json::array());
  EXPECT_EQ(result["chain"], Json::array());
  EXPECT_EQ(result["finished"], true);
}

// ---- Chain ------------------------------------------------------------------------

TEST_F(CanvasTest, ChainSendsEachResultToTheNextItem) {
  Json result = Run<ChainWorkflow>();
  EXPECT_EQ(result["last"], 4);
  EXPECT_EQ(result["result"], Json::array({2, 4}));
  auto scheduled = event_attributes(history(), "ActivityTaskScheduled");
  ASSERT_EQ(scheduled.size(), 2u);
  EXPECT_EQ(scheduled[1]["input"], R"({"args":[2],"kwargs":{}})");
}

TEST_F(CanvasTest, ChainBreaksOnFailure) {
  Json result = Run<BreakingChainWorkflow>(Json::array({true}));
  EXPECT_EQ(result["finished"], true);
  EXPECT_EQ(result["submitted"], 2);
  EXPECT_EQ(result["aggregate"], Json::array({nullptr, kBoomReason}));
  EXPECT_EQ(g_counted_calls, 0);
}

TEST_F(CanvasTest, ChainWithoutBreakOnFailureRunsEveryItem) {
  Json result = Run<BreakingChainWorkflow>(Json::array({false}));
  EXPECT_EQ(result["submitted"], 3);
  EXPECT_EQ(result["aggregate"], Json::array({nullptr, kBoomReason, nullptr}));
  EXPECT_EQ(g_counted_calls, 1);
}

TEST_F(CanvasTest, ChainRaisesOnFailureFalseDoesNotBubble) {
  Json result = Run<NotRaisingChainWorkflow>();
  EXPECT_EQ(result["result"], Json::array({2, nullptr}));
  EXPECT_EQ(g_counted_calls, 0);
}

TEST_F(CanvasTest, ChainRaisesOnFailureFailsTheWorkflow) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<RaisingChainWorkflow>();
  EXPECT_EQ(failure.reason(), "Workflow execution error in activity-sftest.canvas.boom: \"runtime_error: boom\"");
}

TEST(ChainTest, SendResultRequiresBreakOnFailure) {
  EXPECT_THROW(Chain({.send_result = true, .break_on_failure = false}), std::invalid_argument);
  EXPECT_NO_THROW(Chain({.send_result = true}));
  EXPECT_NO_THROW(Chain({.break_on_failure = false}));
}

// ---- FuncGroup and nesting --------------------------------------------------------

TEST_F(CanvasTest, FuncGroupBuildsItsGroupAtSubmitTime) {
  Json result = Run<FuncGroupWorkflow>(Json::array({3}));
  EXPECT_EQ(result["builder_calls_before_submit"], 0);
  EXPECT_EQ(result["builder_calls_after_submit"], 1);
  EXPECT_EQ(result["result"], Json::array({0, 2, 4}));
}

TEST_F(CanvasTest, FuncGroupInASendResultChainReceivesThePreviousResult) {
  // increment(2) = 3 -> group of twice(0..2) = [0, 2, 4] -> sum_all = 6
  EXPECT_EQ(Run<FuncGroupInChainWorkflow>(), Json::array({3, Json::array({0, 2, 4}), 6}));
}

TEST_F(CanvasTest, NestedCanvases) {
  Json result = Run<NestedCanvasWorkflow>();
  EXPECT_EQ(result["plain"], Json::array({Json::array({2, 3}), 10}));
  EXPECT_EQ(result["sending"], Json::array({Json::array({2, 3}), 5}));
  EXPECT_EQ(result["outer"], Json::array({Json::array({2, 3}), Json::array({Json::array({2, 3}), 10})}));
  EXPECT_EQ(result["outer_futures"], 2);
  EXPECT_EQ(result["inner_futures"], 2);
}

// ---- Canvases that wait: they progress when read ------------------------------------

TEST_F(CanvasTest, GroupWithoutLimitStartsEveryTimerAtOnce) {
  Json result = Run<TimedGroupWorkflow>(Json::array({0}));
  EXPECT_EQ(result["submitted_at_first"], 3);
  EXPECT_EQ(result["state_at_first"], "RUNNING");
  EXPECT_EQ(result["result"], Json::array({nullptr, nullptr, 2}));
  EXPECT_EQ(executor().now(), kStartTime + 20);
}

TEST_F(CanvasTest, GroupMaxParallelHoldsItemsBackUntilASlotFrees) {
  Json result = Run<TimedGroupWorkflow>(Json::array({1}));
  EXPECT_EQ(result["submitted_at_first"], 1);
  EXPECT_EQ(result["state_at_first"], "RUNNING");
  EXPECT_EQ(result["result"], Json::array({nullptr, nullptr, 2}));
  EXPECT_EQ(result["submitted_at_end"], 3);
  EXPECT_EQ(executor().now(), kStartTime + 30);  // "b" started once "a" fired
  auto started = history().filter("TimerStarted");
  ASSERT_EQ(started.size(), 2u);
  EXPECT_EQ(started[1]["eventTimestamp"], kStartTime + 10);
}

TEST_F(CanvasTest, ChainSubmitsEachItemAfterThePreviousFinished) {
  Json result = Run<TimedChainWorkflow>();
  EXPECT_EQ(result["submitted_at_first"], 1);
  EXPECT_EQ(result["state_at_first"], "RUNNING");
  EXPECT_EQ(result["counted_at_first"], 0);
  EXPECT_EQ(result["result"], Json::array({nullptr, nullptr, 7}));
  EXPECT_EQ(result["counted_at_end"], 1);
  EXPECT_EQ(executor().now(), kStartTime + 15);
  EXPECT_EQ(history().filter("ActivityTaskScheduled").at(0)["eventTimestamp"], kStartTime + 15);
}

TEST_F(CanvasTest, FailureFoundWhileReadingARaisingChainFailsTheWorkflow) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<TimedRaisingChainWorkflow>();
  EXPECT_EQ(failure.reason(), "Workflow execution error in activity-sftest.canvas.boom: \"runtime_error: boom\"");
  EXPECT_EQ(count_events(history(), "TimerFired"), 1u);
}

TEST_F(CanvasTest, SignalsAndMarkersAreCanvasItems) {
  Json result = Run<TaskItemsWorkflow>();
  ASSERT_EQ(result.size(), 3u);
  EXPECT_EQ(result[0], 1);
  EXPECT_EQ(result[1]["args"], Json::array({2}));
  EXPECT_EQ(result[2], Json::parse(R"({"__propagate":true,"args":[2],"kwargs":{}})"));
}

}  // namespace
}  // namespace sftest::canvas
