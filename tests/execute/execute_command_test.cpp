// The `activity.execute` plumbing command as a parent starts it, its bad
// inputs, and the registered subprocess and program activities run by
// `workflow.start --local` in the simpleflow binary.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/command.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

CommandResult cli(std::vector<std::string> args) {
  args.insert(args.begin(), {"--plugin", SIMPLEFLOW_TEST_EXECUTE_PLUGIN});
  return simpleflow(args, {.env = {{"LOG_LEVEL", "INFO"}}});
}

TEST(ExecuteCommandTest, WithoutDescriptorsTheResultIsOnStandardOutputOnALineOfItsOwn) {
  auto r = cli({"activity.execute", "execute_tests.add", R"({"args": [1, 2]})"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "\n3");
  r = cli({"activity.execute", "execute_tests.print_then_return", R"({"args": ["x"]})"});
  EXPECT_EQ(r.out, "printed by the activity\n\n\"x\"");
}

TEST(ExecuteCommandTest, AnErrorIsWrittenAsJsonOnStandardErrorWithExitCode1) {
  auto r = cli({"activity.execute", "execute_tests.fail_with", R"({"args": ["nope"]})"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr(R"({"error":"invalid_argument","message":"nope","traceback":[]})"));
}

TEST(ExecuteCommandTest, BadInputsAreClearErrors) {
  auto r = cli({"activity.execute", "execute_tests.add", "{not json"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("cannot read the arguments"));
  r = cli({"activity.execute", "execute_tests.add", R"({"args": [1, 2], "other": 3})"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("InvalidInput"));
  r = cli({"activity.execute", "execute_tests.add", "--context", "[1]", R"({"args": [1, 2]})"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("--context must be a JSON object"));
  r = cli({"activity.execute", "execute_tests.add", "--result-fd=987", R"({"args": [1, 2]})"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--result-fd 987 is not an open file descriptor"));
  r = cli({"activity.execute", "execute_tests.add", "--arguments-json-fd=987"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--arguments-json-fd 987 is not an open file descriptor"));
  r = cli({"activity.execute", "execute_tests.add"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("the arguments are required"));
  r = cli({"activity.execute", "--result-fd=x", "execute_tests.add", "{}"});
  EXPECT_EQ(r.exit_code, 2);
}

TEST(ExecuteCommandTest, ItIsHiddenFromHelp) {
  auto r = cli({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, AllOf(HasSubstr("workflow.start"), Not(HasSubstr("activity.execute"))));
}

TEST(ExecuteCommandTest, RegisteredSubprocessActivitiesRunInAnotherProcessOfThisProgram) {
  auto r = cli({"workflow.start", "--local", "execute_tests.SubprocessWorkflow", "--input", "[7, 2]"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(R"(completed with result {"other_process":true,"quotient":3})"));
}

TEST(ExecuteCommandTest, AnExceptionInASubprocessActivityFailsTheTaskWithTheSubprocessError) {
  auto r = cli({"workflow.start", "--local", "execute_tests.SubprocessWorkflow", "--input", "[1, 0]"});
  EXPECT_EQ(r.exit_code, 1) << r.err;
  EXPECT_THAT(r.err, HasSubstr("ExecutionError: domain_error: division by zero"));
}

TEST(ExecuteCommandTest, ProgramActivitiesRunTheirProgram) {
  auto r = cli({"workflow.start", "--local", "execute_tests.ProgramWorkflow", "--input", R"(["hi", 2])"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr(R"(completed with result "hi 2\n")"));
}

}  // namespace
}  // namespace simpleflow::testing
