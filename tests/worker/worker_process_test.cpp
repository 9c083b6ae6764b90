// `worker.start` as users run it: a supervisor with poller processes, each
// task in a child process, against the embedded server, with a decider in
// another process. What happens when processes die, are stopped or canceled.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <openssl/evp.h>
#include <sys/wait.h>

#include <chrono>
#include <csignal>
#include <sstream>
#include <thread>

#include "support/process_fixture.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;

class WorkerProcessTest : public ProcessFixture {
 protected:
  void start_decider() { background("decider", {"decider.start", "--task-list", "process-tests", "-N", "1"}); }
  Background& start_workers(int processes) {
    return background("worker", {"worker.start", "--task-list", "process-tests", "-N", std::to_string(processes),
                                 "--heartbeat", "1"});
  }
  static std::pair<pid_t, pid_t> two_pids(const std::string& text) {
    std::istringstream in(text);
    pid_t a = 0, b = 0;
    in >> a >> b;
    return {a, b};
  }
};

TEST_F(WorkerProcessTest, AWorkerKilledMidTaskIsDetectedByTheHeartbeatTimeoutAndTheTaskIsRetried) {
  start_decider();
  start_workers(2);
  auto run = start("process_tests.SlowWorkflow", "[\"" + path("marker") + "\", 4000]");
  auto marker = wait_for_file(path("marker"), 30);
  ASSERT_TRUE(marker) << logs();
  auto [activity, poller] = two_pids(*marker);
  std::filesystem::remove(path("marker"));
  std::this_thread::sleep_for(std::chrono::milliseconds(500));  // a heartbeat or two, with details
  ASSERT_EQ(::kill(poller, SIGKILL), 0);

  EXPECT_EQ(wait_closed(run, 60), "COMPLETED");
  EXPECT_FALSE(process_alive(activity));  // it died with its worker
  auto timed_out = events_of(run, "ActivityTaskTimedOut");
  ASSERT_EQ(timed_out.size(), 1u);
  EXPECT_EQ(timed_out[0]["activityTaskTimedOutEventAttributes"]["timeoutType"], "HEARTBEAT");
  // The retry read the details of the attempt's last heartbeat.
  const std::string details = timed_out[0]["activityTaskTimedOutEventAttributes"].value("details", "");
  EXPECT_FALSE(details.empty()) << logs();
  auto retried = wait_for_file(path("marker"), 5);
  ASSERT_TRUE(retried);
  std::istringstream fields(*retried);
  std::string pid, parent, seen;
  fields >> pid >> parent >> seen;
  EXPECT_EQ(seen, details);
  EXPECT_EQ(events_of(run, "ActivityTaskCompleted").size(), 1u);
  auto completed = events_of(run, "WorkflowExecutionCompleted");
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_EQ(completed[0]["workflowExecutionCompletedEventAttributes"]["result"], "42");
}

TEST_F(WorkerProcessTest, SigtermLetsTheRunningActivityFinishFirst) {
  start_decider();
  Background& worker = start_workers(1);
  auto run = start("process_tests.SlowWorkflow", "[\"" + path("marker") + "\", 2000]");
  ASSERT_TRUE(wait_for_file(path("marker"), 30)) << logs();
  worker.signal(SIGTERM);
  auto status = worker.wait_for(30);
  ASSERT_TRUE(status) << logs();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << logs();
  // The task finished and was reported before the worker exited.
  EXPECT_EQ(events_of(run, "ActivityTaskCompleted").size(), 1u) << logs();
  EXPECT_EQ(wait_closed(run, 30), "COMPLETED");
}

TEST_F(WorkerProcessTest, AnActivityThatExitsFailsWithItsExitCode) {
  start_decider();
  start_workers(1);
  auto run = start("process_tests.ExitWorkflow", "[3]");
  EXPECT_EQ(wait_closed(run, 30), "FAILED");
  auto failed = events_of(run, "ActivityTaskFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_THAT(failed[0]["activityTaskFailedEventAttributes"]["reason"].get<std::string>(),
              MatchesRegex("process [0-9]+ died: exit code 3"));
}

TEST_F(WorkerProcessTest, AnActivityKilledByASignalFailsNamingIt) {
  start_decider();
  start_workers(1);
  auto run = start("process_tests.KillWorkflow", "[9]");
  EXPECT_EQ(wait_closed(run, 30), "FAILED");
  auto failed = events_of(run, "ActivityTaskFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_THAT(failed[0]["activityTaskFailedEventAttributes"]["reason"].get<std::string>(),
              MatchesRegex("process [0-9]+ died: signal 9 \\(SIGKILL\\)"));
}

TEST_F(WorkerProcessTest, ACancelStopsTheActivitysProcessTreeAndIsReported) {
  start_decider();
  start_workers(1);
  auto run = start("process_tests.CancelWorkflow", "[\"" + path("marker") + "\"]");
  auto marker = wait_for_file(path("marker"), 30);
  ASSERT_TRUE(marker) << logs();
  auto [activity, grandchild] = two_pids(*marker);
  ASSERT_TRUE(process_alive(grandchild));
  swf::WorkflowExecution(swf::Domain(client_, domain_), run.workflow_id, run.run_id).signal("cancel");

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (events_of(run, "ActivityTaskCanceled").empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  ASSERT_EQ(events_of(run, "ActivityTaskCanceled").size(), 1u) << logs();
  EXPECT_FALSE(process_alive(activity));
  EXPECT_FALSE(process_alive(grandchild));
  swf::WorkflowExecution(swf::Domain(client_, domain_), run.workflow_id, run.run_id).signal("done");
  EXPECT_EQ(wait_closed(run, 30), "COMPLETED");
}

TEST_F(WorkerProcessTest, PollDataProcessesOneGivenTaskWithoutPolling) {
  start_decider();
  auto run = start("process_tests.ExitWorkflow", "[0]");
  // Take the task as a worker would, then hand it over as --poll-data.
  swf::ActivityTask task;
  for (int i = 0; i < 100 && task.empty(); ++i)
    task = client_->poll_for_activity_task({.domain = domain_, .task_list = "process-tests"}).value();
  ASSERT_FALSE(task.empty());
  Json response{{"taskToken", task.task_token},
                {"activityId", task.activity_id},
                {"startedEventId", task.started_event_id},
                {"workflowExecution", {{"workflowId", task.execution.workflow_id}, {"runId", task.execution.run_id}}},
                {"activityType", {{"name", task.type.name}, {"version", task.type.version}}},
                {"input", task.input.value_or("")}};
  std::string text = dumps(response);
  std::string encoded(4 * ((text.size() + 2) / 3), '\0');
  EVP_EncodeBlock(reinterpret_cast<unsigned char*>(encoded.data()), reinterpret_cast<const unsigned char*>(text.data()),
                  static_cast<int>(text.size()));
  auto r = cli({"worker.start", "--poll-data", encoded});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  auto failed = events_of(run, "ActivityTaskFailed");
  ASSERT_EQ(failed.size(), 1u);
  EXPECT_THAT(failed[0]["activityTaskFailedEventAttributes"]["reason"].get<std::string>(), HasSubstr("exit code 0"));
}

TEST_F(WorkerProcessTest, BadArgumentsExit2WithAMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {{"worker.start"}, "needs --task-list"},
           {{"worker.start", "-t", "x", "-N", "0"}, "--nb-processes must be at least 1"},
           {{"worker.start", "-t", "x", "--heartbeat", "-1"}, "--heartbeat"},
           {{"worker.start", "--poll-data", "not base64!"}, "--poll-data is not base64"},
           {{"worker.start", "--poll-data", "e30="}, "--poll-data has no taskToken"},
           {{"worker.start", "-t", "x", "-l", "LOUD"}, "LOG_LEVEL must be"},
           {{"decider.start"}, "needs --task-list"},
           {{"decider.start", "no.such.Workflow"}, "unknown workflow \"no.such.Workflow\""},
           {{"decider.start", "-t", "x", "-N", "0"}, "--nb-processes must be at least 1"},
       }) {
    auto r = cli(c.args);
    EXPECT_EQ(r.exit_code, 2) << c.args[0] << " " << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.message));
  }
  CommandOptions no_domain = cli_env();
  no_domain.env.erase("SWF_DOMAIN");
  auto r = simpleflow({"worker.start", "-t", "x"}, no_domain);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("needs a domain"));
}

// Each used to give workers that never stopped (pollers that died at start,
// forked again every second) or that took a bad value without a word.
TEST_F(WorkerProcessTest, ABadSettingExits2BeforeAnyWorkerStarts) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"SIMPLEFLOW_IDENTITY", "[1"},
           {"SIMPLEFLOW_IDENTITY", "\"worker 7\""},
           {"ACTIVITY_SIGTERM_WAIT_SEC", "-5"},
           {"ACTIVITY_DEFAULT_TIMEOUT", "soon"},
           {"SWF_MAX_OPEN_ACTIVITY_COUNT", "many"},
       }) {
    SCOPED_TRACE(name + "=" + value);
    auto r = cli_for({"worker.start", "--task-list", "process-tests", "-N", "1"}, {{name, value}}, 5);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_THAT(r.output, HasSubstr("simpleflow: error: " + name + " must be "));
    EXPECT_THAT(r.output, ::testing::Not(HasSubstr("supervisor")));
  }
}

}  // namespace
}  // namespace simpleflow::testing
