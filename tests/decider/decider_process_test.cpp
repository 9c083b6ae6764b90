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

}  // namespace
}  // namespace simpleflow::testing
