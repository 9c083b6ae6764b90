// Running programs: the result is their standard output; failures name the
// program and how it ended. Also a program activity run by the local
// executor, as a worker would run it.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sys/stat.h>

#include <filesystem>
#include <fstream>

#include "simpleflow/execute.hpp"
#include "simpleflow/local_executor.hpp"
#include "simpleflow/registry.hpp"

namespace program_tests {
// The body never runs: `echo` does.
std::string echo(std::string word, int count) { return "not run"; }
std::string shout(std::string text) { return "not run"; }

class EchoWorkflow : public simpleflow::Workflow {
 public:
  std::string run(std::string word, int count) { return submit(echo, word, count).result(); }
};
class ShoutWorkflow : public simpleflow::Workflow {
 public:
  std::string run(std::string text) { return submit(shout, text).result(); }
};
}  // namespace program_tests

SIMPLEFLOW_PROGRAM(program_tests::echo, {.activity = {.params = {"word", {"count", 1}}}});
SIMPLEFLOW_PROGRAM(program_tests::shout, {.path = "/nonexistent/shout"});
SIMPLEFLOW_WORKFLOW(program_tests::EchoWorkflow);
SIMPLEFLOW_WORKFLOW(program_tests::ShoutWorkflow);

namespace simpleflow {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

Arguments args(Json positional, Json keywords = Json::object()) {
  return Arguments{.args = std::move(positional), .kwargs = std::move(keywords)};
}

ProgramFailed failure_of(const std::string& program, const Arguments& arguments, double timeout = 0) {
  try {
    run_program(program, arguments, timeout);
  } catch (const ProgramFailed& e) {
    return e;
  }
  ADD_FAILURE() << program << " did not fail";
  return ProgramFailed(program, "");
}

TEST(ProgramTest, TheResultIsWhatTheProgramPrints) {
  EXPECT_EQ(run_program("echo", args({"hello", 3})), "hello 3\n");
  EXPECT_EQ(run_program("echo", args({"hello"}, {{"count", 3}})), "--count=\"3\" hello\n");
  EXPECT_EQ(run_program("/bin/echo", args({"é", "✓"})), "é ✓\n");
}

TEST(ProgramTest, EachArgumentReachesTheProgramAsOneArgumentWithoutAShell) {
  EXPECT_EQ(run_program("printf", args({"[%s]", "two words", "$HOME", "it's \"q\"", "*"})),
            "[two words][$HOME][it's \"q\"][*]");
  EXPECT_EQ(run_program("echo", args(Json::array(), {{"v", "a b"}})), "-v=\"a b\"\n");
}

TEST(ProgramTest, OutputThatIsNotUtf8BecomesReplacementCharacters) {
  EXPECT_EQ(run_program("printf", args({"a\\377b"})), "a\xEF\xBF\xBD" "b");
}

TEST(ProgramTest, ANonZeroExitNamesTheProgramTheCodeAndTheEndOfItsStandardError) {
  ProgramFailed e = failure_of("sh", args({"-c", "echo something went wrong >&2; exit 3"}));
  EXPECT_EQ(e.program(), "sh");
  EXPECT_EQ(e.exit_code(), 3);
  EXPECT_THAT(e.what(), AllOf(HasSubstr("program \"sh\""), HasSubstr("failed: exit code 3"),
                              HasSubstr("something went wrong")));
  EXPECT_THAT(e.stderr_tail(), HasSubstr("something went wrong"));
}

TEST(ProgramTest, ADeathBySignalIsNamed) {
  ProgramFailed e = failure_of("sh", args({"-c", "kill -9 $$"}));
  EXPECT_EQ(e.exit_code(), std::nullopt);
  EXPECT_THAT(e.what(), HasSubstr("signal 9 (SIGKILL)"));
}

TEST(ProgramTest, AMissingProgramIsAClearError) {
  EXPECT_THAT(failure_of("simpleflow-no-such-program", args(Json::array())).what(),
              HasSubstr("program \"simpleflow-no-such-program\" not found in PATH"));
  EXPECT_THAT(failure_of("/nonexistent/program", args(Json::array())).what(),
              HasSubstr("program \"/nonexistent/program\" not found"));
}

TEST(ProgramTest, AFileThatCannotBeRunIsAClearError) {
  auto path = std::filesystem::temp_directory_path() / ("simpleflow-not-executable-" + std::to_string(::getpid()));
  std::ofstream(path) << "#!/bin/sh\necho hi\n";
  ::chmod(path.c_str(), 0644);
  EXPECT_THAT(failure_of(path.string(), args(Json::array())).what(), HasSubstr("cannot run program"));
  std::filesystem::remove(path);
}

TEST(ProgramTest, AProgramPastItsTimeoutIsStopped) {
  ProgramFailed e = failure_of("sleep", args({"600"}), 0.2);
  EXPECT_THAT(e.what(), HasSubstr("ran longer than its timeout"));
  EXPECT_EQ(e.exit_code(), std::nullopt);
}

TEST(ProgramTest, AProgramActivityRunsWhereverActivitiesRun) {
  const WorkflowDef* def = Registry::global().find_workflow("program_tests.EchoWorkflow");
  ASSERT_NE(def, nullptr);
  LocalExecutor executor(*def);
  EXPECT_EQ(executor.run(Json::parse(R"(["hi", 2])")), "hi 2\n");
  const ActivityDef* echo = Registry::global().find_activity("program_tests.echo");
  ASSERT_NE(echo, nullptr);
  EXPECT_EQ(echo->invoke(Arguments::from_input(Json::parse(R"({"args": ["hi"], "kwargs": {"count": 5}})")), {}),
            "--count=\"5\" hi\n");
}

TEST(ProgramTest, ArgumentsThatDoNotFitTheDeclarationFailBeforeAnythingRuns) {
  const ActivityDef* echo = Registry::global().find_activity("program_tests.echo");
  ASSERT_NE(echo, nullptr);
  EXPECT_THROW(echo->invoke(Arguments::from_input(Json::parse(R"({"kwargs": {"colour": 1}})")), {}), InvalidInput);
  EXPECT_THROW(echo->invoke(Arguments::from_input(Json::parse(R"([1])")), {}), InvalidInput);
}

TEST(ProgramTest, AFailedProgramFailsTheTaskWithItsReason) {
  const WorkflowDef* def = Registry::global().find_workflow("program_tests.ShoutWorkflow");
  ASSERT_NE(def, nullptr);
  LocalExecutor executor(*def);
  try {
    executor.run(Json::parse(R"(["x"])"));
    FAIL() << "no failure";
  } catch (const WorkflowFailed& e) {
    EXPECT_THAT(e.reason() + e.details(), AllOf(HasSubstr("/nonexistent/shout"), HasSubstr("not found")));
  }
}

TEST(ProgramTest, TheDefaultProgramIsTheFunctionsLastName) {
  EXPECT_EQ(internal::last_name_component("program_tests.echo"), "echo");
  EXPECT_EQ(internal::last_name_component("echo"), "echo");
}

}  // namespace
}  // namespace simpleflow
