// workflow.terminate, workflow.restart, workflow.signal and workflow.cancel
// change what SWF holds; and every workflow.* command refuses bad arguments
// with exit code 2 and a message naming the problem.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/workflow_commands_fixture.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::StartsWith;

const std::string kDomain = "control";

class WorkflowControlTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    swf_ = new EmbeddedSwf;
    swf_->register_domain(kDomain);
  }
  static void TearDownTestSuite() {
    delete swf_;
    swf_ = nullptr;
  }

  static Json last_event(const std::string& workflow_id, const std::string& run_id) {
    return swf_->history(kDomain, workflow_id, run_id).back();
  }
  static Json info(const std::string& workflow_id, const std::string& run_id) {
    return swf_->describe(kDomain, workflow_id, run_id).at("executionInfo");
  }

  static EmbeddedSwf* swf_;
};
EmbeddedSwf* WorkflowControlTest::swf_ = nullptr;

TEST_F(WorkflowControlTest, TerminateClosesTheOpenExecution) {
  std::string run = swf_->start(kDomain, "terminate-1", EmbeddedSwf::args({1}));
  auto r = swf_->cli({"workflow.terminate", kDomain, "terminate-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(info("terminate-1", run).at("executionStatus"), "CLOSED");
  EXPECT_EQ(info("terminate-1", run).at("closeStatus"), "TERMINATED");

  // Now the latest execution is closed: nothing to terminate.
  r = swf_->cli({"workflow.terminate", kDomain, "terminate-1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("execution terminate-1 " + run + " is closed (TERMINATED): it cannot be terminated"));
}

TEST_F(WorkflowControlTest, TerminateTakesAUrlEncodedRunId) {
  std::string run = swf_->start(kDomain, "terminate-2", EmbeddedSwf::args({1}));
  std::string encoded;
  for (char c : run) encoded += c == '+' ? "%2B" : c == '/' ? "%2f" : std::string(1, c);
  encoded += "%";  // a '%' without two hex digits stays as it is...
  auto r = swf_->cli({"workflow.terminate", kDomain, "terminate-2", encoded});
  EXPECT_EQ(r.exit_code, 1);  // ...so that is not the run id
  encoded.pop_back();
  r = swf_->cli({"workflow.terminate", kDomain, "terminate-2", encoded + "%41"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("with run id \"" + run + "A\""));
  r = swf_->cli({"workflow.terminate", kDomain, "terminate-2", encoded});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(info("terminate-2", run).at("closeStatus"), "TERMINATED");
}

TEST_F(WorkflowControlTest, RestartStartsTheSameExecutionAgain) {
  Json request = {{"domain", kDomain},
                  {"workflowId", "restart-1"},
                  {"workflowType", {{"name", "basic"}, {"version", "example"}}},
                  {"taskList", {{"name", "custom"}}},
                  {"input", R"({"args":[1,2],"kwargs":{"x":"é"}})"},
                  {"executionStartToCloseTimeout", "1000"},
                  {"taskStartToCloseTimeout", "60"},
                  {"childPolicy", "ABANDON"},
                  {"tagList", {"a", "b=c"}}};
  std::string old_run = swf_->ok("StartWorkflowExecution", request).at("runId");

  auto r = swf_->cli({"workflow.restart", kDomain, "restart-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  ASSERT_THAT(r.out, MatchesRegex("restart-1 [A-Za-z0-9+/=]+\n"));
  std::string new_run = r.out.substr(10, r.out.size() - 11);
  EXPECT_NE(new_run, old_run);

  EXPECT_EQ(info("restart-1", old_run).at("closeStatus"), "TERMINATED");
  Json terminated = last_event("restart-1", old_run);
  EXPECT_EQ(terminated.at("eventType"), "WorkflowExecutionTerminated");
  EXPECT_EQ(terminated.at("workflowExecutionTerminatedEventAttributes").at("reason"), "workflow.restart");

  Json started = swf_->history(kDomain, "restart-1", new_run).at(0).at("workflowExecutionStartedEventAttributes");
  EXPECT_EQ(started.at("input"), request.at("input"));  // byte for byte
  EXPECT_EQ(started.at("taskList").at("name"), "custom");
  EXPECT_EQ(started.at("executionStartToCloseTimeout"), "1000");
  EXPECT_EQ(started.at("taskStartToCloseTimeout"), "60");
  EXPECT_EQ(started.at("childPolicy"), "ABANDON");
  EXPECT_EQ(started.at("tagList"), Json({"a", "b=c"}));
  EXPECT_EQ(started.at("workflowType"), Json({{"name", "basic"}, {"version", "example"}}));
  EXPECT_EQ(info("restart-1", new_run).at("executionStatus"), "OPEN");
}

TEST_F(WorkflowControlTest, RestartOfAClosedExecutionStartsItAgain) {
  std::string old_run = swf_->start(kDomain, "restart-2", EmbeddedSwf::args({3}));
  swf_->ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "restart-2"}});
  auto r = swf_->cli({"workflow.restart", kDomain, "restart-2", old_run});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  std::string new_run = r.out.substr(10, r.out.size() - 11);
  Json started = swf_->history(kDomain, "restart-2", new_run).at(0).at("workflowExecutionStartedEventAttributes");
  EXPECT_EQ(Json::parse(started.at("input").get<std::string>()), EmbeddedSwf::args({3}));
  EXPECT_EQ(started.at("taskList").at("name"), "deciders");  // the type's default, as the first run had
}

TEST_F(WorkflowControlTest, SignalRecordsTheSignalAndItsInput) {
  std::string run = swf_->start(kDomain, "signal-1", EmbeddedSwf::args({1}));
  auto r = swf_->cli({"workflow.signal", kDomain, "signal-1", "go", "--input", R"({"speed": 2})"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  r = swf_->cli({"workflow.signal", kDomain, "signal-1", "stop", run});
  ASSERT_EQ(r.exit_code, 0) << r.err;

  std::vector<Json> signals;
  for (const Json& event : swf_->history(kDomain, "signal-1", run))
    if (event.at("eventType") == "WorkflowExecutionSignaled")
      signals.push_back(event.at("workflowExecutionSignaledEventAttributes"));
  ASSERT_EQ(signals.size(), 2u);
  EXPECT_EQ(signals[0].at("signalName"), "go");
  EXPECT_EQ(signals[0].at("input"), R"({"speed":2})");
  EXPECT_EQ(signals[1].at("signalName"), "stop");
  EXPECT_FALSE(signals[1].contains("input"));

  swf_->ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "signal-1"}});
  r = swf_->cli({"workflow.signal", kDomain, "signal-1", "go"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("is closed (TERMINATED): it cannot be signaled"));
}

TEST_F(WorkflowControlTest, CancelRecordsTheRequest) {
  std::string run = swf_->start(kDomain, "cancel-1", EmbeddedSwf::args({1}));
  auto r = swf_->cli({"workflow.cancel", kDomain, "cancel-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "");
  EXPECT_EQ(last_event("cancel-1", run).at("eventType"), "WorkflowExecutionCancelRequested");
  EXPECT_EQ(info("cancel-1", run).at("cancelRequested"), true);
  EXPECT_EQ(info("cancel-1", run).at("executionStatus"), "OPEN");  // until its decider cancels it
}

TEST_F(WorkflowControlTest, TheLatestRunIsTheOpenOneElseTheLatestClosed) {
  swf_->at(100);
  std::string first = swf_->start(kDomain, "latest-1", EmbeddedSwf::args({1}));
  swf_->ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "latest-1"}});
  swf_->at(101);
  std::string second = swf_->start(kDomain, "latest-1", EmbeddedSwf::args({2}));
  swf_->ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "latest-1"}});
  swf_->at(102);
  std::string third = swf_->start(kDomain, "latest-1", EmbeddedSwf::args({3}));
  auto run_id = [&] {
    auto r = swf_->cli({"--format", "json", "--header", "workflow.info", kDomain, "latest-1"});
    EXPECT_EQ(r.exit_code, 0) << r.err;
    return Json::parse(r.out).at(0).at("run_id").get<std::string>();
  };
  EXPECT_EQ(run_id(), third);
  swf_->ok("TerminateWorkflowExecution", {{"domain", kDomain}, {"workflowId", "latest-1"}});
  EXPECT_EQ(run_id(), third);  // the latest closed
  swf_->at(103);
  std::string fourth = swf_->start(kDomain, "latest-1", EmbeddedSwf::args({4}));
  EXPECT_EQ(run_id(), fourth);
}

// ---- Bad arguments ----------------------------------------------------------

struct BadUsage {
  std::vector<std::string> args;
  std::string message;
};

TEST(WorkflowCommandsUsageTest, BadArgumentsExitWithTwoAndSayWhy) {
  // The endpoint is never called: the arguments are refused first.
  const std::vector<BadUsage> cases = {
      {{"workflow.list", "d", "--status", "maybe"}, "invalid --status \"maybe\": use open or closed"},
      {{"workflow.list", "d", "-d", "-1"}, "--started-since must be a number of days, not -1"},
      {{"workflow.list", "d", "-d", "soon"}, "Could not convert: --started-since = soon"},
      {{"workflow.filter", "d", "-s", "ajar"}, "invalid --status \"ajar\""},
      {{"workflow.filter", "d", "-s", "closed", "-c", "done"}, "invalid --close-status \"done\": use COMPLETED"},
      {{"workflow.filter", "d", "-c", "completed"}, "--close-status only filters closed executions: add --status closed"},
      {{"workflow.filter", "d", "--from-date", "yesterday"}, "--from-date: bad date \"yesterday\": use YYYY-MM-DD"},
      {{"workflow.filter", "d", "--from-date", "2026-02-30"}, "--from-date: bad date \"2026-02-30\""},
      {{"workflow.filter", "d", "--to-date", "2026-01-02T10:00:00+1"}, "--to-date: bad date"},
      {{"workflow.filter", "d", "--tag", "a", "--workflow-id", "w"},
       "give at most one of --workflow-id, --workflow-type-name, --tag and --close-status"},
      {{"workflow.filter", "d", "--workflow-type-version", "1"}, "--workflow-type-version needs --workflow-type-name"},
      {{"workflow.profile", "d", "w", "--nb-tasks", "-2"}, "--nb-tasks must be a positive number, not -2"},
      {{"workflow.tasks", "d", "w", "-n", "-1"}, "--nb-tasks must be a positive number, not -1"},
      {{"workflow.tasks", "d", "w", "--nb-tasks", "many"}, "Could not convert: --nb-tasks = many"},
      {{"--format", "json", "--header", "workflow.history", "w", "-d", "d", "-o", "parsed"},
       "invalid --output-format \"parsed\": use events, raw or cooked"},
      {{"--format", "json", "workflow.history", "w", "-d", "d"},
       "workflow.history prints JSON only: add --format json --header, or --format prettyjson"},
      {{"workflow.history", "w", "-d", "d"}, "workflow.history prints JSON only"},
      {{"--format", "prettyjson", "workflow.history", "w", "-d", "d", "--reverse-order", "maybe"},
       "invalid --reverse-order \"maybe\": use true or false"},
      {{"workflow.signal", "d", "w", "go", "--input", "{nope"}, "--input: "},
      {{"workflow.info", "d"}, "WORKFLOW_ID is required"},
      {{"workflow.info", "d", "w", "r", "extra"}, "extra"},
      {{"workflow.terminate", "d", "w", "--domain", "other"}, "--domain"},
      {{"task.info", "d", "w"}, "TASK_ID is required"},
      {{"workflow.signal", "d", "w"}, "SIGNAL_NAME is required"},
  };
  for (const auto& c : cases) {
    auto r = simpleflow(c.args, {.env = {{"AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:9"}, {"HOME", "/nonexistent"}},
                                 .unset_env = kAwsVariables});
    std::string command;
    for (const auto& a : c.args) command += a + " ";
    EXPECT_EQ(r.exit_code, 2) << command << r.err;
    EXPECT_THAT(r.err, StartsWith("simpleflow: error: ")) << command;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << command;
    EXPECT_EQ(r.out, "") << command;
  }
}

TEST(WorkflowCommandsUsageTest, NoDomainOrNoEndpointIsAUsageError) {
  auto r = simpleflow({"--format", "prettyjson", "workflow.history", "w"},
                      {.env = {{"AWS_ENDPOINT_URL_SWF", "http://127.0.0.1:9"}, {"HOME", "/nonexistent"}},
                       .unset_env = kAwsVariables});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no SWF domain: give --domain or set SWF_DOMAIN"));
  r = simpleflow({"workflow.info", "d", "w"}, {.env = {{"HOME", "/nonexistent"}}, .unset_env = kAwsVariables});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no SWF endpoint is configured"));
}

TEST(WorkflowCommandsUsageTest, AnUnreachableEndpointIsAFailure) {
  auto r = simpleflow({"workflow.info", "d", "w", "--endpoint-url", "http://127.0.0.1:9"},
                      {.env = {{"HOME", "/nonexistent"}, {"SWF_CONNECTION_RETRIES", "0"}}, .unset_env = kAwsVariables});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("http://127.0.0.1:9"));
}

}  // namespace
}  // namespace simpleflow::testing
