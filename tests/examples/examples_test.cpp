// Every example, run through the CLI as the docs show it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/command.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;

CommandResult start(const std::string& workflow, const std::string& input = "") {
  std::vector<std::string> args{"workflow.start", "--local", workflow};
  if (!input.empty()) {
    args.push_back("--input");
    args.push_back(input);
  }
  return simpleflow(args, {.env = {{"LOG_LEVEL", "ERROR"}}});
}

TEST(ExamplesTest, Basic) {
  auto r = start("examples.basic.BasicWorkflow", "[1, 0]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "(1 + 1) * 2 = 4\n");
}

TEST(ExamplesTest, Canvas) {
  auto r = start("examples.canvas.CanvasWorkflow");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "(1+1)*(2+1)*(3+1) = 24\nSUCCESS!\n");
}

TEST(ExamplesTest, ChildWorkflow) {
  auto r = start("examples.child_workflow.ParentWorkflow", "[1]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("I am CHILD and I'll increment x=2 : result=3\n"));
  EXPECT_THAT(r.out, HasSubstr("Final result should be: 1 + 4 = 5\n"));
}

TEST(ExamplesTest, Markers) {
  for (const char* workflow : {"examples.marker.MarkerWorkflow", "examples.marker.MarkerInChainWorkflow"}) {
    auto r = start(workflow);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    EXPECT_THAT(r.out, HasSubstr("Markers: [Marker(marker 1, \"some details\"), Marker(marker 2, \"2nd marker's details\")]"));
    EXPECT_THAT(r.out, HasSubstr("Markers, all: [Marker(marker 1, null), Marker(marker 1, \"some details\"),"));
  }
}

TEST(ExamplesTest, TimersSkipTimeAndCancel) {
  auto r = start("examples.timer.TimerWorkflow", "[30, 120]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Starting timers\nTimer fired, exiting (timer 2 canceled)\n");
  r = start("examples.timer.TimerWorkflow", "[120, 30]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "Starting timers\nTimer fired, exiting (timer 2 fired)\n");
}

TEST(ExamplesTest, Signals) {
  auto r = start("examples.signals.SignalsWorkflow");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("signal1 received with {\"__propagate\":true,\"args\":[],\"kwargs\":{}}"));
  r = start("examples.signals.ParentSignalsWorkflow5");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("Parent: ended wait on ChildReady\n"));
  EXPECT_THAT(r.out, HasSubstr("\"workflow_id\":\"workflow-child-workflow-1\""));
}

TEST(ExamplesTest, FailuresAndRetries) {
  auto r = start("examples.failing.FailingWorkflow");
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("Workflow execution error in activity-examples.failing.fail_and_raise: "
                               "\"invalid_argument: This task had a problem and it will fail the workflow!"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("NEVER")));

  r = start("examples.failing.NotFailingWorkflow");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("the child failed as expected"));
  EXPECT_THAT(r.out, HasSubstr("NotFailingWorkflow: workflow completed!"));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("on_failure called")));

  r = start("examples.failing.RetryWorkflow", "[41]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "flaky_increment(41) = 42 after retries\n");
}

TEST(ExamplesTest, ContinueAsNew) {
  auto r = start("examples.continue_as_new.CANWorkflow", "[7]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("execution 7, run "));
  EXPECT_THAT(r.out, HasSubstr("execution 10, run "));
  EXPECT_THAT(r.out, ::testing::Not(HasSubstr("execution 11")));
}

TEST(ExamplesTest, ProgramsAndSubprocesses) {
  auto r = start("examples.programs.ProgramsWorkflow", "[\"hello\"]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "echo printed: hello 3\ninc gave: [2,3,4]\n");
}

// In one process nothing is too long for SWF: the same code, no jumbo fields.
TEST(ExamplesTest, JumboFieldsRunLocallyToo) {
  auto r = start("examples.jumbo_fields.JumboFieldsWorkflow", "[2000, 10000, 100, 400]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("expand returned 10000 characters, 5000 of them 'a'\n"));
  EXPECT_THAT(r.out, ::testing::MatchesRegex("(.|\n)*fail_at_length failed with details of 4[0-9][0-9] characters\n"));
}

}  // namespace
}  // namespace simpleflow::testing
