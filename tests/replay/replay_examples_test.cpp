// Every example workflow, driven by replay() through the simulated SWF, ends
// as the local executor ends it; and what the simulator recorded replays the
// same way again.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "replay/replay_test_support.hpp"

namespace sftest::replay_examples {

struct Case {
  std::string name;  // the test's name
  std::string workflow;
  Json input;
};

void PrintTo(const Case& c, std::ostream* out) { *out << c.workflow << " " << c.input.dump(); }

std::vector<Case> cases() {
  return {
      {"Basic", "examples.basic.BasicWorkflow", Json::array({1, 0})},
      {"Canvas", "examples.canvas.CanvasWorkflow", Json::array()},
      {"Child", "examples.child_workflow.ChildWorkflow", Json::array({3, "kid"})},
      {"Parent", "examples.child_workflow.ParentWorkflow", Json::array({1})},
      {"ContinueAsNew", "examples.continue_as_new.CANWorkflow", Json::array({7})},
      {"Failing", "examples.failing.FailingWorkflow", Json::array({true})},
      {"FailingNot", "examples.failing.FailingWorkflow", Json::array({false})},
      {"NotFailing", "examples.failing.NotFailingWorkflow", Json::array()},
      {"Retry", "examples.failing.RetryWorkflow", Json::array({4})},
      {"Marker", "examples.marker.MarkerWorkflow", Json::array()},
      {"MarkerInChain", "examples.marker.MarkerInChainWorkflow", Json::array()},
      {"Signals", "examples.signals.SignalsWorkflow", Json::array()},
      {"ChildSignalsParent", "examples.signals.ChildSignalsParentWorkflow", Json::array()},
      {"ParentSignals", "examples.signals.ParentSignalsWorkflow5", Json::array()},
      {"TimerCanceled", "examples.timer.TimerWorkflow", Json::array({30, 120})},
      {"TimerFired", "examples.timer.TimerWorkflow", Json::array({120, 30})},
  };
}

class ReplayExamplesTest : public ::testing::TestWithParam<Case> {
 protected:
  const simpleflow::WorkflowDef& Workflow() { return example(GetParam().workflow); }

  SimResult Simulate(std::uint32_t schedule = 0) {
    SimOptions options;
    options.workflow_id = unique_workflow_id();
    options.choose = random_schedule(schedule);
    QuietStdout quiet;
    return simulate(Workflow(), GetParam().input, options);
  }
};

// In the default order (each completion followed by its decision task) and in
// three shuffled orders of completions and decision tasks.
TEST_P(ReplayExamplesTest, EndsAsTheLocalExecutorEnds) {
  Json expected;
  {
    QuietStdout quiet;
    expected = local_outcome(Workflow(), GetParam().input);
  }
  for (std::uint32_t schedule : {0u, 1u, 2u, 3u}) {
    SimResult sim = Simulate(schedule);
    EXPECT_EQ(sim_outcome(sim), expected) << "schedule " << schedule << ": " << sim.error.message()
                                          << "\nlast history:\n" << describe(sim.history());
    EXPECT_THAT(sim.anomalies, ::testing::IsEmpty()) << "schedule " << schedule;
  }
}

// Each decision task handed out, replayed twice more, gets the same answer;
// every prefix of every execution's history, also those no decision task
// would carry, replays twice to the same answer (decisions or error).
TEST_P(ReplayExamplesTest, ReplayingAgainGivesTheSameAnswers) {
  SimResult sim = Simulate();
  ASSERT_FALSE(sim.decisions.empty()) << sim.error.message();
  EXPECT_THAT(replay_mismatches(sim), ::testing::IsEmpty());
}

INSTANTIATE_TEST_SUITE_P(Examples, ReplayExamplesTest, ::testing::ValuesIn(cases()),
                         [](const ::testing::TestParamInfo<Case>& info) { return info.param.name; });

}  // namespace sftest::replay_examples
