// `decider.start` as users run it: a decider poller killed with SIGKILL is
// replaced by its supervisor, and the workflow completes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <csignal>

#include "support/process_fixture.hpp"

namespace simpleflow::testing {
namespace {

class DeciderProcessTest : public ProcessFixture {};

TEST_F(DeciderProcessTest, AKilledDeciderIsReplacedAndTheWorkflowCompletes) {
  Background& decider = background("decider", {"decider.start", "process_tests.SlowWorkflow", "-N", "1"});
  background("worker", {"worker.start", "--task-list", "process-tests", "-N", "1", "--heartbeat", "1"});
  // A decision task handed to the killed poller is retried after this timeout.
  auto run = start("process_tests.SlowWorkflow", "[\"" + path("marker") + "\", 1500]", {"--decision-tasks-timeout", "2"});
  ASSERT_TRUE(wait_for_file(path("marker"), 30)) << logs();
  auto pollers = child_processes(decider.pid());
  ASSERT_EQ(pollers.size(), 1u) << logs();
  ASSERT_EQ(::kill(pollers[0], SIGKILL), 0);

  EXPECT_EQ(wait_closed(run, 60), "COMPLETED") << logs();
  auto now = child_processes(decider.pid());
  ASSERT_EQ(now.size(), 1u);
  EXPECT_NE(now[0], pollers[0]);
  EXPECT_THAT(decider.log(), ::testing::HasSubstr("starting another"));
}

// Each used to give a decider that never stopped: its pollers died at start
// and were forked again every second, died on their first task, or sent
// decisions that the server refused.
TEST_F(DeciderProcessTest, ABadSettingExits2BeforeAnyDeciderStarts) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"SIMPLEFLOW_IDENTITY", "[1"},
           {"SWF_MAX_OPEN_ACTIVITY_COUNT", "many"},
           {"SWF_MAX_OPEN_ACTIVITY_COUNT", "0"},
           {"ACTIVITY_DEFAULT_TIMEOUT", "soon"},
           {"ACTIVITY_START_TO_CLOSE_TIMEOUT", "-5"},
           {"WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT", "1e3"},
           {"WORKFLOW_DEFAULT_EXECUTION_TIME", "31536001"},
           {"ACTIVITY_DEFAULT_TASK_LIST", "queue:1"},
           {"WORKFLOW_DEFAULT_VERSION", std::string(65, 'v')},
       }) {
    SCOPED_TRACE(name + "=" + value);
    auto r = cli_for({"decider.start", "process_tests.SlowWorkflow", "-N", "1"}, {{name, value}}, 5);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_THAT(r.output, ::testing::HasSubstr("simpleflow: error: " + name + " must be "));
    EXPECT_THAT(r.output, ::testing::Not(::testing::HasSubstr("supervisor")));
  }
}

}  // namespace
}  // namespace simpleflow::testing
