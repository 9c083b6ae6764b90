// Activities run in a subprocess of the simpleflow binary: results, errors
// carried with their message, big arguments, timeouts, left-over processes.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "core/failure.hpp"
#include "simpleflow/execute.hpp"
#include "support/background.hpp"
#include "support/command.hpp"

namespace simpleflow {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Lt;

SubprocessOptions in_test_binary(SubprocessOptions options = {}) {
  options.executable = testing::simpleflow_binary();
  options.plugins.push_back(SIMPLEFLOW_TEST_EXECUTE_PLUGIN);
  return options;
}

Json run(const std::string& name, const char* input, SubprocessOptions options = {}, Json context = Json::object()) {
  return run_in_subprocess("execute_tests." + name, Arguments::from_input(Json::parse(input)),
                           in_test_binary(std::move(options)), context);
}

template <class E>
E error_of(const std::string& name, const char* input, SubprocessOptions options = {}) {
  try {
    run(name, input, std::move(options));
  } catch (const E& e) {
    return e;
  }
  ADD_FAILURE() << name << " did not throw the expected error";
  if constexpr (std::is_same_v<E, ExecutionError>) return E("", "");
  else return E("", 0);
}

// Waits for `pid` to be gone (or a zombie), up to a generous deadline.
bool gone_within(pid_t pid, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (testing::process_alive(pid)) {
    if (std::chrono::steady_clock::now() > deadline) return false;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return true;
}

TEST(SubprocessTest, TheResultComesBackFromAnotherProcess) {
  EXPECT_EQ(run("add", "[2, 3]"), 5);
  EXPECT_EQ(run("add", R"({"args": [2], "kwargs": {"b": 40}})"), 42);
  Json seen = run("context_and_pid", "[]", {}, {{"activity_id", "activity-7"}, {"name", "execute_tests.context_and_pid"}});
  EXPECT_EQ(seen["activity_id"], "activity-7");
  EXPECT_NE(seen["pid"], ::getpid());
}

TEST(SubprocessTest, WhatTheActivityPrintsDoesNotMixWithTheResult) {
  EXPECT_EQ(run("print_then_return", R"(["ok"])"), "ok");
}

TEST(SubprocessTest, AnExceptionComesBackWithItsMessageAndTheErrorJsonAsDetails) {
  auto e = error_of<ExecutionError>("fail_with", R"(["bad thing"])");
  EXPECT_STREQ(e.what(), "invalid_argument: bad thing");
  Json details = Json::parse(e.details());
  EXPECT_EQ(details, (Json{{"error", "invalid_argument"}, {"message", "bad thing"}, {"traceback", Json::array()}}));

  // A worker reports it with these details, verbatim.
  auto report = internal::report_failure(std::make_exception_ptr(e));
  EXPECT_EQ(report.reason, "ExecutionError: invalid_argument: bad thing");
  EXPECT_EQ(report.details, e.details());
}

TEST(SubprocessTest, BigArgumentsGoThroughADescriptorInsteadOfTheCommandLine) {
  std::string big(100000, 'x');
  Json seen = run_in_subprocess("execute_tests.measure", Arguments{.args = {big}}, in_test_binary());
  EXPECT_EQ(seen["received"], 100000);
  EXPECT_THAT(seen["command_line"].get<int>(), Lt(65536));
  Json small = run("measure", R"(["abc"])");
  EXPECT_EQ(small["received"], 3);
}

TEST(SubprocessTest, ASubprocessPastItsTimeoutIsStopped) {
  auto e = error_of<ExecutionTimeoutError>("sleep_ms", "[600000]", {.timeout_seconds = 0.5});
  EXPECT_THAT(e.what(), HasSubstr("ran longer than its timeout"));
  EXPECT_EQ(e.timeout_seconds(), 0.5);
}

TEST(SubprocessTest, KillChildrenStopsTheProcessesTheActivityLeftBehind) {
  pid_t left = run("leave_grandchild", "[]", {.kill_children = true}).get<pid_t>();
  EXPECT_TRUE(gone_within(left, 30)) << "pid " << left << " still runs";
  ::kill(left, SIGKILL);
}

TEST(SubprocessTest, WithoutKillChildrenTheyAreLeftRunning) {
  pid_t left = run("leave_grandchild", "[]").get<pid_t>();
  EXPECT_TRUE(testing::process_alive(left));
  ::kill(left, SIGKILL);
}

TEST(SubprocessTest, ASubprocessThatDiesWithoutReportingSaysHowItEnded) {
  auto e = error_of<ExecutionError>("exit_with", "[7]");
  EXPECT_THAT(e.what(), AllOf(HasSubstr("exit code 7"), HasSubstr("without reporting an error")));
  EXPECT_EQ(e.details(), "");
}

TEST(SubprocessTest, AnUnknownActivityOrBadArgumentsAreClearErrors) {
  EXPECT_THAT(error_of<ExecutionError>("no_such_activity", "[]").what(),
              HasSubstr("DispatchError: no activity named \"execute_tests.no_such_activity\""));
  EXPECT_THAT(error_of<ExecutionError>("add", R"(["x", 1])").what(), HasSubstr("InvalidInput"));
}

TEST(SubprocessTest, AnExecutableThatDoesNotExistIsAClearError) {
  SubprocessOptions options{.executable = "/nonexistent/simpleflow"};
  try {
    run_in_subprocess("execute_tests.add", Arguments{.args = {1, 2}}, options);
    FAIL() << "no error";
  } catch (const ExecutionError& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("cannot start its subprocess"), HasSubstr("not found")));
  }
}

TEST(SubprocessTest, TheEnvironmentCanBeReplaced) {
  // Without PATH or anything else the simpleflow binary still runs.
  EXPECT_EQ(run("add", "[1, 1]", {.environment = std::map<std::string, std::string>{{"LOG_LEVEL", "ERROR"}}}), 2);
}

}  // namespace
}  // namespace simpleflow
