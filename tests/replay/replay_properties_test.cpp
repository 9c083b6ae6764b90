// Properties over random inputs, random completion orders and random replay
// limits: the simulated SWF run ends as the local run does, and the decisions
// respect the limits.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <optional>
#include <string>
#include <vector>

#include "replay/replay_test_support.hpp"

namespace sftest::replay_properties {

int add_one(int x) { return x + 1; }

// Submits n activities, then waits for all of them.
class FanOutWorkflow : public simpleflow::Workflow {
 public:
  long long run(int n) {
    std::vector<simpleflow::Future<int>> futures;
    for (int i = 0; i < n; ++i) futures.push_back(submit(add_one, i));
    long long sum = 0;
    for (int v : simpleflow::futures::wait(futures)) sum += v;
    return sum;
  }
};

// n activities, each taking the previous result.
class ChainWorkflow : public simpleflow::Workflow {
 public:
  int run(int n) {
    auto f = submit(add_one, 0);
    for (int i = 1; i < n; ++i) f = submit(add_one, f);
    return f.result();
  }
};

std::size_t length(const std::string& text) { return text.size(); }

// Submits n activities whose input holds `size` characters.
class PayloadWorkflow : public simpleflow::Workflow {
 public:
  std::size_t run(int n, int size) {
    std::vector<simpleflow::Future<std::size_t>> futures;
    for (int i = 0; i < n; ++i) futures.push_back(submit(length, std::string(size, static_cast<char>('a' + i % 26))));
    std::size_t sum = 0;
    for (std::size_t v : simpleflow::futures::wait(futures)) sum += v;
    return sum;
  }
};

int add(int a, int b) { return a + b; }

// Runs a program of random steps (see gen_step) and returns what it read:
// a way to try many shapes of workflows.
class ProgramWorkflow : public simpleflow::Workflow {
 public:
  simpleflow::Json run(const simpleflow::Json& program) {
    simpleflow::Json out = simpleflow::Json::array();
    std::vector<simpleflow::Future<int>> sums;
    std::vector<simpleflow::Future<simpleflow::Json>> canvases;
    for (std::size_t i = 0; i < program.size(); ++i) {
      const simpleflow::Json& step = program[i];
      const std::string op = step.at(0);
      const std::string name = op + "-" + std::to_string(i);
      if (op == "add") {
        // Each operand is a number, or the index of an earlier sum (a future).
        auto operand = [&](const simpleflow::Json& o) -> std::optional<simpleflow::Future<int>> {
          if (o.is_array() && !sums.empty()) return sums[o.at(0).get<std::size_t>() % sums.size()];
          return std::nullopt;
        };
        auto a = operand(step.at(1)), b = operand(step.at(2));
        int x = step.at(1).is_number() ? step.at(1).get<int>() : 1, y = step.at(2).is_number() ? step.at(2).get<int>() : 2;
        if (a && b) sums.push_back(submit(add, *a, *b));
        else if (a) sums.push_back(submit(add, *a, y));
        else if (b) sums.push_back(submit(add, x, *b));
        else sums.push_back(submit(add, x, y));
      } else if (op == "read" && !sums.empty()) {
        out.push_back(sums[step.at(1).get<std::size_t>() % sums.size()].result());
      } else if (op == "marker") {
        simpleflow::futures::wait(submit(record_marker(name, step.at(1))));
      } else if (op == "timer") {
        simpleflow::futures::wait(submit(start_timer(name, step.at(1).get<int>())));
      } else if (op == "signal") {
        auto received = submit(wait_signal(name));
        submit(signal(name, step.at(1)));
        out.push_back(received.result());
      } else if (op == "group") {
        simpleflow::Group group;
        if (step.at(2).get<int>() > 0) group = simpleflow::Group({.max_parallel = step.at(2).get<int>()});
        for (int k = 0; k < step.at(1).get<int>(); ++k) group.append(add, k, k);
        canvases.push_back(submit(group));
      } else if (op == "chain") {
        simpleflow::Chain chain({.send_result = true});
        chain.append(add, 1, 1);
        for (int k = 1; k < step.at(1).get<int>(); ++k) chain.append(add, k);  // add(k, previous result)
        canvases.push_back(submit(chain));
      }
    }
    for (const auto& canvas : canvases) {
      simpleflow::futures::wait(canvas);
      out.push_back(canvas.raw_result());
    }
    for (int sum : simpleflow::futures::wait(sums)) out.push_back(sum);
    for (const auto& marker : list_markers(true)) out.push_back(marker.name);
    return out;
  }
};

}  // namespace sftest::replay_properties

SIMPLEFLOW_ACTIVITY(sftest::replay_properties::add);
SIMPLEFLOW_WORKFLOW(sftest::replay_properties::ProgramWorkflow, {.params = {"program"}});
SIMPLEFLOW_ACTIVITY(sftest::replay_properties::length);
SIMPLEFLOW_WORKFLOW(sftest::replay_properties::PayloadWorkflow, {.params = {"n", "size"}});
SIMPLEFLOW_ACTIVITY(sftest::replay_properties::add_one);
SIMPLEFLOW_WORKFLOW(sftest::replay_properties::FanOutWorkflow, {.params = {"n"}});
SIMPLEFLOW_WORKFLOW(sftest::replay_properties::ChainWorkflow, {.params = {"n"}});

namespace sftest::replay_properties {

using Outcome = SimResult::Outcome;

const simpleflow::WorkflowDef& def(const char* class_name) {
  return *simpleflow::Registry::global().find_workflow(class_name);
}

SimResult simulate_quietly(const simpleflow::WorkflowDef& workflow, const Json& input, SimOptions options) {
  QuietStdout quiet;
  return simulate(workflow, input, std::move(options));
}

// The most activities open (scheduled, not closed) at once in `events`.
std::size_t max_open_activities(const std::vector<Json>& events) {
  std::size_t open = 0, most = 0;
  for (const auto& event : events) {
    const std::string type = event["eventType"];
    if (type == "ActivityTaskScheduled") most = std::max(most, ++open);
    if (type == "ActivityTaskCompleted" || type == "ActivityTaskFailed") --open;
  }
  return most;
}

void check_like_local(const simpleflow::WorkflowDef& workflow, const Json& input) {
  SimOptions options;
  options.workflow_id = unique_workflow_id();
  options.choose = random_schedule(*rc::gen::arbitrary<std::uint32_t>());
  SimResult sim = simulate_quietly(workflow, input, options);
  Json expected;
  {
    QuietStdout quiet;
    expected = local_outcome(workflow, input);
  }
  RC_ASSERT(sim_outcome(sim) == expected);
  RC_ASSERT(sim.anomalies.empty());
}

RC_GTEST_PROP(ReplayPropertiesTest, BasicWorkflowEndsAsLocally, ()) {
  check_like_local(example("examples.basic.BasicWorkflow"), Json::array({*rc::gen::inRange(-1000, 1000), 0}));
}

RC_GTEST_PROP(ReplayPropertiesTest, ParentWorkflowEndsAsLocally, ()) {
  check_like_local(example("examples.child_workflow.ParentWorkflow"), Json::array({*rc::gen::inRange(-1000, 1000)}));
}

RC_GTEST_PROP(ReplayPropertiesTest, ContinueAsNewEndsAsLocally, ()) {
  check_like_local(example("examples.continue_as_new.CANWorkflow"), Json::array({*rc::gen::inRange(0, 12)}));
}

RC_GTEST_PROP(ReplayPropertiesTest, ChainEndsAsLocally, ()) {
  check_like_local(def("sftest.replay_properties.ChainWorkflow"), Json::array({*rc::gen::inRange(1, 15)}));
}

// Whatever the limits, the fan-out completes with the sum; no answer holds
// more than max_decisions decisions and no more than max_open_activity_count
// activities are ever open.
RC_GTEST_PROP(ReplayPropertiesTest, FanOutCompletesWithinTheLimits, ()) {
  const int n = *rc::gen::inRange(0, 40);
  SimOptions options;
  options.replay.max_decisions = *rc::gen::inRange<std::size_t>(2, 12);
  options.replay.max_open_activity_count = *rc::gen::inRange(1, 12);
  options.choose = random_schedule(*rc::gen::arbitrary<std::uint32_t>());
  SimResult sim = simulate_quietly(def("sftest.replay_properties.FanOutWorkflow"), Json::array({n}), options);

  RC_ASSERT(sim.outcome == Outcome::kCompleted);
  RC_ASSERT(sim.result == Json(static_cast<long long>(n) * (n + 1) / 2));
  RC_ASSERT(sim.anomalies.empty());
  for (const auto& record : sim.decisions) RC_ASSERT(record.answer["decisions"].size() <= options.replay.max_decisions);
  RC_ASSERT(max_open_activities(sim.history()) <= static_cast<std::size_t>(*options.replay.max_open_activity_count));
}

// Large inputs: no answer is larger than max_request_size, and the work
// completes (each input is below SWF's 32,768 characters).
RC_GTEST_PROP(ReplayPropertiesTest, LargeDecisionsStayWithinTheRequestSize, ()) {
  const int n = *rc::gen::inRange(1, 15);
  const int size = *rc::gen::inRange(1, 32000);
  SimOptions options;
  options.replay.max_request_size = 100000;
  options.choose = random_schedule(*rc::gen::arbitrary<std::uint32_t>());
  SimResult sim = simulate_quietly(def("sftest.replay_properties.PayloadWorkflow"), Json::array({n, size}), options);

  RC_ASSERT(sim.outcome == Outcome::kCompleted);
  RC_ASSERT(sim.result == Json(n * size));
  RC_ASSERT(sim.anomalies.empty());
  for (const auto& record : sim.decisions) RC_ASSERT(simpleflow::dumps(record.answer).size() <= 100000u);
}

// A random step of ProgramWorkflow.
rc::Gen<Json> gen_step() {
  auto operand = rc::gen::oneOf(rc::gen::map(rc::gen::inRange(-50, 50), [](int v) { return Json(v); }),
                                rc::gen::map(rc::gen::inRange(0, 20), [](int i) { return Json::array({i}); }));
  return rc::gen::oneOf(
      rc::gen::map(rc::gen::pair(operand, operand), [](auto ab) { return Json::array({"add", ab.first, ab.second}); }),
      rc::gen::map(rc::gen::inRange(0, 20), [](int i) { return Json::array({"read", i}); }),
      rc::gen::map(rc::gen::inRange(0, 3), [](int d) { return Json::array({"marker", d ? Json(d) : Json()}); }),
      rc::gen::map(rc::gen::inRange(0, 120), [](int s) { return Json::array({"timer", s}); }),
      rc::gen::map(rc::gen::inRange(0, 9), [](int v) { return Json::array({"signal", v}); }),
      rc::gen::map(rc::gen::pair(rc::gen::inRange(0, 5), rc::gen::inRange(0, 3)),
                   [](auto km) { return Json::array({"group", km.first, km.second}); }),
      rc::gen::map(rc::gen::inRange(1, 4), [](int k) { return Json::array({"chain", k}); }));
}

// Random programs end as they end locally, whatever the order of completions
// and the limits, and replay again to the same decisions.
RC_GTEST_PROP(ReplayPropertiesTest, RandomProgramsEndAsLocally, ()) {
  const Json program = *rc::gen::resize(15, rc::gen::container<std::vector<Json>>(gen_step()));
  const Json input = Json::array({program});
  const auto& workflow = def("sftest.replay_properties.ProgramWorkflow");
  SimOptions options;
  options.replay.max_decisions = *rc::gen::inRange<std::size_t>(2, 100);
  options.replay.max_open_activity_count = *rc::gen::inRange(1, 1000);
  options.choose = random_schedule(*rc::gen::arbitrary<std::uint32_t>());
  RC_LOG() << "program " << program.dump() << "\n";
  SimResult sim = simulate_quietly(workflow, input, options);
  RC_ASSERT(sim_outcome(sim) == local_outcome(workflow, input));
  RC_ASSERT(sim.anomalies.empty());
  for (const auto& mismatch : replay_mismatches(sim, options.replay)) RC_FAIL(mismatch);
}

// With the default limits, a fan-out below them goes out in one decision.
TEST(ReplayPropertiesTest, FanOutBelowTheLimitsIsScheduledAtOnce) {
  SimResult sim = simulate_quietly(def("sftest.replay_properties.FanOutWorkflow"), Json::array({50}), {});
  ASSERT_EQ(sim.outcome, Outcome::kCompleted) << sim.error.message();
  EXPECT_EQ(sim.decisions.front().answer["decisions"].size(), 50u);
  EXPECT_EQ(sim.result, 50 * 51 / 2);
}

}  // namespace sftest::replay_properties
