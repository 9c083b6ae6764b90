// The workflow API seen from workflow code, run end to end by the local
// executor: submitting activities, futures as arguments, results through JSON,
// class activities, activity context, input binding, future states, hooks and
// the ways a run fails.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <numeric>
#include <stdexcept>
#include <string>
#include <tuple>
#include <utility>
#include <vector>

#include "local/local_test_support.hpp"
#include "simpleflow/simpleflow.hpp"

namespace sftest::workflow {

using simpleflow::Json;
using ::testing::HasSubstr;
using ::testing::StartsWith;

struct Point {
  int x = 0;
  int y = 0;
  bool operator==(const Point&) const = default;
};
NLOHMANN_DEFINE_TYPE_NON_INTRUSIVE(Point, x, y)

int g_recorded_calls = 0;  // calls of `recording`
std::vector<std::string> g_hook_calls;

int increment(int x) { return x + 1; }
int twice(int x) { return x * 2; }
int add(int a, int b) { return a + b; }
Point make_point(int x, int y) { return {x, y}; }
Point translate(Point p, int delta) { return {p.x + delta, p.y + delta}; }
Json context_info(int x) {
  Json out = simpleflow::activity_context();
  out["x"] = x;
  return out;
}
int recording(Json value) {
  ++g_recorded_calls;
  return 0;
}
int boom(int) { throw std::runtime_error("boom"); }

// A class activity; `context` is set before execute().
struct Sum {
  explicit Sum(std::vector<int> values) : values(std::move(values)) {}
  Json execute() const {
    return Json{{"sum", std::accumulate(values.begin(), values.end(), 0)},
                {"activity", context.name},
                {"activity_id", context.activity_id},
                {"workflow_id", context.workflow_id}};
  }
  std::vector<int> values;
  simpleflow::ActivityContext context;
};

// ---- Workflows --------------------------------------------------------------

class DataflowWorkflow : public simpleflow::Workflow {
 public:
  int run(int x) {
    auto y = submit(increment, x);
    auto z = submit(twice, y);  // a future as an argument
    return z.result();
  }
};

class PointWorkflow : public simpleflow::Workflow {
 public:
  Point run() {
    simpleflow::Future<Point> p = submit(make_point, 1, 2);
    simpleflow::Future<Point> q = submit(translate, p, 10);
    return q.result();
  }
};

class WaitWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto a = submit(increment, 1);
    auto b = submit(twice, 5);
    simpleflow::futures::wait(a, b);
    std::vector<int> both = simpleflow::futures::wait(std::vector{a, b});
    return Json{{"a", a.result()}, {"b", b.result()}, {"both", both}};
  }
};

class MapWorkflow : public simpleflow::Workflow {
 public:
  Json run(std::vector<int> values) {
    std::vector<simpleflow::Future<int>> incremented = map(increment, values);
    std::vector<std::pair<int, int>> pairs{{1, 2}, {3, 4}, {5, 6}};
    std::vector<simpleflow::Future<int>> sums = starmap(add, pairs);
    return Json{{"map", simpleflow::futures::wait(incremented)}, {"starmap", simpleflow::futures::wait(sums)}};
  }
};

class ClassActivityWorkflow : public simpleflow::Workflow {
 public:
  Json run() { return submit(simpleflow::activity_class<Sum>, std::vector<int>{1, 2, 3, 4}).result(); }
};

class ContextWorkflow : public simpleflow::Workflow {
 public:
  Json run(int x) {
    submit(increment, 0);
    return submit(context_info, x).result();
  }
};

class UntypedSubmitWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    const simpleflow::ActivityDef* def = simpleflow::Registry::global().find_activity("sftest.workflow.add");
    auto positional = submit(*def, simpleflow::Arguments{.args = {2, 3}});
    auto keywords = submit(*def, simpleflow::Arguments{.args = {10}, .kwargs = {{"b", 5}}});
    return Json{{"positional", positional.result()},
                {"keywords", keywords.result()},
                {"description", positional.description()}};
  }
};

class BindingWorkflow : public simpleflow::Workflow {
 public:
  Json run(int x, int t) { return Json{{"x", submit(increment, x).result() - 1}, {"t", t}}; }
};

class FutureStatesWorkflow : public simpleflow::Workflow {
 public:
  Json run() {
    auto done = submit(increment, 1);
    auto signal = submit(wait_signal("never_sent"));
    auto deferred = submit(recording, signal);
    return Json{{"activity_finished", done.finished()},
                {"activity_state", simpleflow::to_string(done.state())},
                {"activity_futures", done.futures().size()},
                {"signal_pending", signal.pending()},
                {"deferred_pending", deferred.pending()},
                {"deferred_done", deferred.done()},
                {"deferred_description", deferred.description()}};
  }
};

class RunContextWorkflow : public simpleflow::Workflow {
 public:
  Json run() { return Json(get_run_context()); }
};

class FailWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    submit(increment, 1);
    fail("reason", "details");
  }
};

class ThrowingWorkflow : public simpleflow::Workflow {
 public:
  int run() { throw std::runtime_error("oops"); }
};

int unregistered(int x) { return x; }

class UnregisteredActivityWorkflow : public simpleflow::Workflow {
 public:
  int run() { return submit(unregistered, 1).result(); }
};

class FailedArgumentWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto failed = submit(boom, 1);
    return submit(increment, failed).result();  // rethrows the argument's failure
  }
};

// Records each hook call with the type of the history's last event.
class HookRecorder : public simpleflow::Workflow {
 public:
  void before_replay(const simpleflow::History& h) override { g_hook_calls.push_back("before_replay " + last(h)); }
  void after_replay(const simpleflow::History& h) override { g_hook_calls.push_back("after_replay " + last(h)); }
  void after_closed(const simpleflow::History& h) override { g_hook_calls.push_back("after_closed " + last(h)); }
  void on_completed(const simpleflow::History& h) override { g_hook_calls.push_back("on_completed " + last(h)); }
  void on_failure(const simpleflow::History& h, const std::string& reason, const std::string& details) override {
    g_hook_calls.push_back("on_failure " + last(h) + " [" + reason + "] [" + details + "]");
  }

 private:
  static std::string last(const simpleflow::History& h) {
    return h.empty() ? "<empty>" : h.events().back().at("eventType").get<std::string>();
  }
};

class HookedWorkflow : public HookRecorder {
 public:
  int run() { return submit(increment, 1).result(); }
};

class HookedFailingWorkflow : public HookRecorder {
 public:
  int run() { fail("nope", "why"); }
};

}  // namespace sftest::workflow

SIMPLEFLOW_ACTIVITY(sftest::workflow::increment);
SIMPLEFLOW_ACTIVITY(sftest::workflow::twice);
SIMPLEFLOW_ACTIVITY(sftest::workflow::add, {.params = {"a", "b"}});
SIMPLEFLOW_ACTIVITY(sftest::workflow::make_point);
SIMPLEFLOW_ACTIVITY(sftest::workflow::translate);
SIMPLEFLOW_ACTIVITY(sftest::workflow::context_info, {.version = "1.2", .task_list = "context-list"});
SIMPLEFLOW_ACTIVITY(sftest::workflow::recording);
SIMPLEFLOW_ACTIVITY(sftest::workflow::boom);
SIMPLEFLOW_ACTIVITY_CLASS(sftest::workflow::Sum, (std::vector<int>));

SIMPLEFLOW_WORKFLOW(sftest::workflow::DataflowWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::PointWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::WaitWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::MapWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::ClassActivityWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::ContextWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::UntypedSubmitWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::BindingWorkflow, {.name = "binding", .params = {"x", {"t", 30}}});
SIMPLEFLOW_WORKFLOW(sftest::workflow::FutureStatesWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::RunContextWorkflow,
                    {.name = "run_context", .version = "3", .tag_list = {"a=1", "b=2"}});
SIMPLEFLOW_WORKFLOW(sftest::workflow::FailWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::ThrowingWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::UnregisteredActivityWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::FailedArgumentWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::HookedWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::workflow::HookedFailingWorkflow);

namespace sftest::workflow {
namespace {

class WorkflowTest : public LocalTest {
 protected:
  void SetUp() override {
    g_recorded_calls = 0;
    g_hook_calls.clear();
  }
};

TEST(WorkflowRegistryTest, TestRegistrationsHaveNoErrors) {
  EXPECT_THAT(simpleflow::Registry::global().errors(), ::testing::IsEmpty());
}

// ---- Success ------------------------------------------------------------------

TEST_F(WorkflowTest, FutureArgumentFeedsTheNextActivity) {
  EXPECT_EQ(Run<DataflowWorkflow>(Json::array({1})), 4);
  EXPECT_EQ(Run<DataflowWorkflow>(Json::array({20})), 42);
  auto scheduled = event_attributes(history(), "ActivityTaskScheduled");
  ASSERT_EQ(scheduled.size(), 2u);
  EXPECT_EQ(scheduled[0]["activityId"], "activity-sftest.workflow.increment-1");
  EXPECT_EQ(scheduled[0]["input"], R"({"args":[20],"kwargs":{}})");
  EXPECT_EQ(scheduled[1]["activityId"], "activity-sftest.workflow.twice-1");
  EXPECT_EQ(scheduled[1]["input"], R"({"args":[21],"kwargs":{}})");
}

TEST_F(WorkflowTest, UserStructTravelsThroughJson) {
  Json result = Run<PointWorkflow>();
  EXPECT_EQ(result, (Json{{"x", 11}, {"y", 12}}));
  EXPECT_EQ(result.get<Point>(), (Point{11, 12}));
  auto completed = event_attributes(history(), "ActivityTaskCompleted");
  ASSERT_EQ(completed.size(), 2u);
  EXPECT_EQ(completed[0]["result"], R"({"x":1,"y":2})");
  auto scheduled = event_attributes(history(), "ActivityTaskScheduled");
  EXPECT_EQ(scheduled[1]["input"], R"({"args":[{"x":1,"y":2},10],"kwargs":{}})");
}

TEST_F(WorkflowTest, FuturesWaitOnSeveralFuturesAndOnAList) {
  EXPECT_EQ(Run<WaitWorkflow>(), (Json{{"a", 2}, {"b", 10}, {"both", {2, 10}}}));
}

TEST_F(WorkflowTest, MapAndStarmapSubmitOneTaskPerItemInOrder) {
  Json result = Run<MapWorkflow>(Json::array({Json::array({1, 2, 3})}));
  EXPECT_EQ(result["map"], Json::array({2, 3, 4}));
  EXPECT_EQ(result["starmap"], Json::array({3, 7, 11}));
  EXPECT_EQ(count_events(history(), "ActivityTaskCompleted"), 6u);
}

TEST_F(WorkflowTest, ClassActivityGetsItsArgumentsAndContext) {
  Json result = Run<ClassActivityWorkflow>(Json::array(), "class-run");
  EXPECT_EQ(result["sum"], 10);
  EXPECT_EQ(result["activity"], "sftest.workflow.Sum");
  EXPECT_EQ(result["activity_id"], "1");
  EXPECT_EQ(result["workflow_id"], "class-run");
}

TEST_F(WorkflowTest, ActivityContextDescribesTheRunningTask) {
  Json context = Run<ContextWorkflow>(Json::array({7}), "my-workflow");
  EXPECT_EQ(context["x"], 7);
  EXPECT_EQ(context["name"], "sftest.workflow.context_info");
  EXPECT_EQ(context["version"], "1.2");
  EXPECT_EQ(context["activity_task_list"], "context-list");
  EXPECT_EQ(context["workflow_id"], "my-workflow");
  EXPECT_EQ(context["activity_id"], "2");  // the second activity of the run
  EXPECT_EQ(context["input"], R"({"args":[7],"kwargs":{}})");
  EXPECT_EQ(context["run_id"].get<std::string>().size(), 36u);  // the workflow's run id, a uuid4
}

TEST(ActivityContextTest, OutsideAnActivityThrowsLogicError) {
  EXPECT_THROW(simpleflow::activity_context(), std::logic_error);
}

TEST_F(WorkflowTest, UntypedSubmitTakesArgumentsAndKeywords) {
  Json result = Run<UntypedSubmitWorkflow>();
  EXPECT_EQ(result["positional"], 5);
  EXPECT_EQ(result["keywords"], 15);
  EXPECT_EQ(result["description"], "activity-sftest.workflow.add-1");
  auto scheduled = event_attributes(history(), "ActivityTaskScheduled");
  ASSERT_EQ(scheduled.size(), 2u);
  EXPECT_EQ(scheduled[1]["input"], R"({"args":[10],"kwargs":{"b":5}})");
}

// ---- Input binding ----------------------------------------------------------------

struct BindingCase {
  const char* input;
  int x;
  int t;
};

class InputBindingTest : public LocalTest, public ::testing::WithParamInterface<BindingCase> {};

TEST_P(InputBindingTest, EveryInputFormBindsRunParameters) {
  const BindingCase& c = GetParam();
  EXPECT_EQ(Run<BindingWorkflow>(Json::parse(c.input)), (Json{{"x", c.x}, {"t", c.t}})) << c.input;
}

INSTANTIATE_TEST_SUITE_P(Forms, InputBindingTest,
                         ::testing::Values(BindingCase{"[1]", 1, 30}, BindingCase{"[1, 5]", 1, 5},
                                           BindingCase{R"({"args":[1],"kwargs":{}})", 1, 30},
                                           BindingCase{R"({"kwargs":{"x":1}})", 1, 30},
                                           BindingCase{R"({"args":[1],"kwargs":{"t":5}})", 1, 5},
                                           BindingCase{R"({"kwargs":{"t":5,"x":1}})", 1, 5},
                                           BindingCase{"1", 1, 30}));

struct BadInputCase {
  const char* input;
  const char* message_part;
};

class BadInputTest : public LocalTest, public ::testing::WithParamInterface<BadInputCase> {};

TEST_P(BadInputTest, ThrowsInvalidInputNamingTheProblem) {
  const BadInputCase& c = GetParam();
  try {
    Run<BindingWorkflow>(Json::parse(c.input));
    ADD_FAILURE() << "no InvalidInput for " << c.input;
  } catch (const simpleflow::InvalidInput& e) {
    EXPECT_THAT(e.what(), HasSubstr(c.message_part)) << c.input;
  }
  EXPECT_EQ(count_events(history(), "ActivityTaskScheduled"), 0u);
}

INSTANTIATE_TEST_SUITE_P(
    Inputs, BadInputTest,
    ::testing::Values(BadInputCase{"[]", "missing required parameter 'x'"},
                      BadInputCase{R"({"kwargs":{"t":5}})", "missing required parameter 'x'"},
                      BadInputCase{R"(["one"])", "parameter 'x' expects integer"},
                      BadInputCase{R"([1, "five"])", "parameter 't' expects integer"},
                      BadInputCase{R"({"kwargs":{"x":1,"y":2}})", "unexpected keyword argument 'y'"},
                      BadInputCase{R"({"args":[1],"kwargs":{"x":2}})", "multiple values for parameter 'x'"},
                      BadInputCase{"[1, 2, 3]", "takes 2 arguments but 3 were given"},
                      BadInputCase{R"({"args":1})", "\"args\" must be an array"},
                      BadInputCase{R"({"x":1})", "unexpected key \"x\""}));

// ---- Future states ------------------------------------------------------------------

TEST_F(WorkflowTest, LocalActivityFutureIsFinishedAtOnce) {
  Json states = Run<FutureStatesWorkflow>();
  EXPECT_EQ(states["activity_finished"], true);
  EXPECT_EQ(states["activity_state"], "FINISHED");
  EXPECT_EQ(states["activity_futures"], 0);
}

TEST_F(WorkflowTest, SubmitWithAPendingFutureArgumentIsDeferred) {
  Json states = Run<FutureStatesWorkflow>();
  EXPECT_EQ(states["signal_pending"], true);
  EXPECT_EQ(states["deferred_pending"], true);
  EXPECT_EQ(states["deferred_done"], false);
  EXPECT_THAT(states["deferred_description"].get<std::string>(), StartsWith("activity-sftest.workflow.recording"));
  EXPECT_EQ(g_recorded_calls, 0);
  for (const auto& scheduled : event_attributes(history(), "ActivityTaskScheduled")) {
    EXPECT_NE(scheduled["activityType"]["name"], "sftest.workflow.recording");
  }
}

TEST(FutureTest, DefaultFutureIsPendingAndBlocksOnRead) {
  simpleflow::Future<int> future;
  EXPECT_TRUE(future.pending());
  EXPECT_FALSE(future.done());
  EXPECT_THROW(future.result(), simpleflow::ExecutionBlocked);
  EXPECT_TRUE(future.cancel());
  EXPECT_TRUE(future.cancelled());
  EXPECT_THROW(future.result(), simpleflow::TaskCanceled);
}

// ---- Run context ------------------------------------------------------------------

TEST_F(WorkflowTest, RunContextOfATopLevelRun) {
  Json context = Run<RunContextWorkflow>(Json::array(), "top");
  EXPECT_EQ(context["name"], "run_context");
  EXPECT_EQ(context["version"], "3");
  EXPECT_EQ(context["workflow_id"], "top");
  EXPECT_EQ(context["tag_list"], Json::array({"a=1", "b=2"}));
  EXPECT_TRUE(context["parent_workflow_id"].is_null());
  EXPECT_TRUE(context["parent_run_id"].is_null());
  EXPECT_TRUE(context["continued_execution_run_id"].is_null());
  EXPECT_EQ(context["run_id"].get<std::string>().size(), 36u);  // a uuid4
}

// ---- Failing the run ----------------------------------------------------------------

TEST_F(WorkflowTest, FailGivesReasonAndDetails) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<FailWorkflow>();
  EXPECT_EQ(failure.reason(), "Workflow execution failed: reason");
  EXPECT_EQ(failure.details(), "details");
  auto failed = event_attributes(history(), "WorkflowExecutionFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_EQ(failed[0]["reason"], "Workflow execution failed: reason");
  EXPECT_EQ(failed[0]["details"], "details");
  EXPECT_EQ(event_types(history()).back(), "WorkflowExecutionFailed");
}

TEST_F(WorkflowTest, ExceptionFromRunFailsTheWorkflow) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<ThrowingWorkflow>();
  EXPECT_THAT(failure.reason(), StartsWith("Cannot replay the workflow: "));
  EXPECT_THAT(failure.reason(), HasSubstr("runtime_error"));
  EXPECT_THAT(failure.reason(), HasSubstr("oops"));
}

TEST_F(WorkflowTest, UnregisteredActivityFailsTheWorkflow) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<UnregisteredActivityWorkflow>();
  EXPECT_THAT(failure.reason(), StartsWith("Cannot replay the workflow: "));
  EXPECT_THAT(failure.reason(), HasSubstr("not registered"));
}

TEST_F(WorkflowTest, FailedFutureArgumentRethrowsItsFailure) {
  simpleflow::WorkflowFailed failure = RunExpectingFailure<FailedArgumentWorkflow>();
  EXPECT_THAT(failure.reason(), StartsWith("Cannot replay the workflow: "));
  EXPECT_THAT(failure.reason(), HasSubstr("runtime_error: boom"));
  EXPECT_EQ(count_events(history(), "ActivityTaskScheduled"), 1u);  // increment never scheduled
}

// ---- Hooks ----------------------------------------------------------------------------

TEST_F(WorkflowTest, HooksOfACompletedRun) {
  EXPECT_EQ(Run<HookedWorkflow>(), 2);
  EXPECT_THAT(g_hook_calls, ::testing::ElementsAre("before_replay WorkflowExecutionStarted",
                                                   "after_replay WorkflowExecutionCompleted",
                                                   "on_completed WorkflowExecutionCompleted",
                                                   "after_closed WorkflowExecutionCompleted"));
}

TEST_F(WorkflowTest, HooksOfAFailedRun) {
  RunExpectingFailure<HookedFailingWorkflow>();
  EXPECT_THAT(g_hook_calls,
              ::testing::ElementsAre("before_replay WorkflowExecutionStarted",
                                     "on_failure WorkflowExecutionFailed [Workflow execution failed: nope] [why]",
                                     "after_replay WorkflowExecutionFailed", "after_closed WorkflowExecutionFailed"));
}

}  // namespace
}  // namespace sftest::workflow
