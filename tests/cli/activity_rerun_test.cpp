// activity.rerun: an activity of an execution run again in the CLI process.
// Two sources of executions: one played by hand on the embedded server (an
// activity retried with another input, one that throws, one that this build
// does not know), and one that `standalone` ran with its own decider and
// worker processes. Results are compared with golden files
// (tests/cli/golden/activity.rerun-*; SIMPLEFLOW_UPDATE_GOLDEN=1 rewrites them).
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <sstream>

#include "cli/golden.hpp"
#include "cli/workflow_commands_fixture.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const std::string kDomain = "rerun";
const std::string kIncrement = "activity-examples.basic.increment-1";

// The ids of the ActivityTaskScheduled events of a history, oldest first.
std::vector<std::int64_t> scheduled_event_ids(const Json& events) {
  std::vector<std::int64_t> ids;
  for (const Json& event : events)
    if (event.at("eventType") == "ActivityTaskScheduled") ids.push_back(event.at("eventId").get<std::int64_t>());
  return ids;
}

// "crafted-1", open: examples.basic.increment-1 scheduled with [1] and
// failed, then scheduled again (the retry) with [10]; then
// examples.failing.fail_but_dont_raise-1 (it throws) and
// examples.gone.activity-1 (a type that no plugin of this build registers).
class ActivityRerunTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    swf_ = new EmbeddedSwf;
    EmbeddedSwf& s = *swf_;
    s.register_domain(kDomain);
    for (const char* name : {"examples.failing.fail_but_dont_raise", "examples.gone.activity"})
      s.register_activity_type(kDomain, name);
    run_id_ = new std::string(s.start(kDomain, "crafted-1", EmbeddedSwf::args({1})));
    s.at(1);
    s.decide(kDomain, {EmbeddedSwf::schedule("examples.basic.increment", 1, EmbeddedSwf::args({1}))});
    s.at(2);
    std::string token = s.take_activity(kDomain);
    s.ok("RespondActivityTaskFailed", {{"taskToken", token}, {"reason", "ValueError: boom"}});
    s.at(3);
    s.decide(kDomain, {EmbeddedSwf::schedule("examples.basic.increment", 1, EmbeddedSwf::args({10})),
                       EmbeddedSwf::schedule("examples.failing.fail_but_dont_raise", 1, EmbeddedSwf::args(Json::array())),
                       EmbeddedSwf::schedule("examples.gone.activity", 1, EmbeddedSwf::args(Json::array()))});
  }
  static void TearDownTestSuite() {
    delete swf_;
    delete run_id_;
    swf_ = nullptr;
    run_id_ = nullptr;
  }

  static CommandResult rerun(std::vector<std::string> args, std::vector<std::string> global = {}) {
    global.insert(global.end(), {"activity.rerun", "--domain", kDomain});
    global.insert(global.end(), args.begin(), args.end());
    return swf_->cli(global);
  }
  static std::vector<std::int64_t> scheduled_ids() {
    return scheduled_event_ids(swf_->history(kDomain, "crafted-1", *run_id_));
  }

  static EmbeddedSwf* swf_;
  static std::string* run_id_;
};
EmbeddedSwf* ActivityRerunTest::swf_ = nullptr;
std::string* ActivityRerunTest::run_id_ = nullptr;

TEST_F(ActivityRerunTest, AnActivityIdRunsItsLatestSchedulingAndPrintsTheResult) {
  auto r = rerun({"--workflow-id", "crafted-1", "--activity-id", kIncrement});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden("activity.rerun-activity-id.txt", r.out);  // increment(10), the retry's input
  EXPECT_THAT(r.err, HasSubstr("found execution: workflowId=crafted-1 runId=" + *run_id_));
  EXPECT_THAT(r.err, HasSubstr("rerunning " + kIncrement + " (examples.basic.increment, scheduled in event "));
}

TEST_F(ActivityRerunTest, AScheduledIdRunsThatScheduling) {
  auto first = std::to_string(scheduled_ids().front());
  auto r = rerun({"--workflow-id", "crafted-1", "--run-id", *run_id_, "--scheduled-id", first});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden("activity.rerun-scheduled-id.txt", r.out);  // increment(1), the first attempt's input
  EXPECT_THAT(r.err, HasSubstr("scheduled in event " + first + ") with input {\"args\":[1],\"kwargs\":{}}"));
}

TEST_F(ActivityRerunTest, InputReplacesTheRecordedOne) {
  auto r = rerun({"--workflow-id", "crafted-1", "--activity-id", kIncrement, "--input", R"({"args": [41]})"},
                 {"--format", "prettyjson"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden("activity.rerun-input.prettyjson.txt", r.out);
  EXPECT_THAT(r.err, HasSubstr("(from --input)"));
  r = rerun({"--workflow-id", "crafted-1", "--activity-id", kIncrement, "-i", "[99]"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "100\n");
}

TEST_F(ActivityRerunTest, AnActivityThatThrowsExitsWithOneAndItsReason) {
  auto r = rerun({"--workflow-id", "crafted-1", "--activity-id", "activity-examples.failing.fail_but_dont_raise-1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_EQ(r.out, "");
  EXPECT_THAT(r.err, HasSubstr("simpleflow: error: activity examples.failing.fail_but_dont_raise failed: "
                               "invalid_argument: This task had a problem but it's okay\n"));
}

TEST_F(ActivityRerunTest, BadArgumentsExitWithTwoAndNameTheProblem) {
  const std::string first = std::to_string(scheduled_ids().front());
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {{"--workflow-id", "crafted-1", "--activity-id", kIncrement, "--scheduled-id", first},
            "give --scheduled-id or --activity-id, not both"},
           {{"--workflow-id", "crafted-1"}, "say which activity to run with --scheduled-id N or --activity-id ID"},
           {{"--activity-id", kIncrement}, "--workflow-id is required"},
           {{"--workflow-id", "crafted-1", "--scheduled-id", "five"}, "--scheduled-id"},
           {{"--workflow-id", "crafted-1", "--activity-id", kIncrement, "--input", "{args: [1]}"}, "--input: "},
           {{"--workflow-id", "crafted-1", "--activity-id", kIncrement, "--input", R"({"arguments": [1]})"},
            "--input does not fit the activity: input has an unexpected key \"arguments\""},
           {{"--workflow-id", "crafted-1", "--activity-id", kIncrement, "--input", "[1, 2]"},
            "--input does not fit the activity: "},
           {{"--workflow-id", "crafted-1", "--activity-id", kIncrement, "--input", R"(["x"])"},
            "--input does not fit the activity: examples.basic.increment: argument 1 expects integer, got string \"x\""},
           {{"--workflow-id", "nothing-1", "--activity-id", kIncrement},
            "no execution with workflow id \"nothing-1\" in domain \"rerun\""},
           {{"--workflow-id", "crafted-1", "--run-id", "nope", "--activity-id", kIncrement},
            "no execution \"crafted-1\" with run id \"nope\""},
           {{"--workflow-id", "crafted-1", "--scheduled-id", "999"}, "--scheduled-id 999: the history has no event 999"},
           {{"--workflow-id", "crafted-1", "--scheduled-id", "1"},
            "--scheduled-id 1: event 1 is WorkflowExecutionStarted, not ActivityTaskScheduled"},
           {{"--workflow-id", "crafted-1", "--activity-id", "activity-examples.basic.increment-9"},
            "--activity-id: no activity \"activity-examples.basic.increment-9\" in this execution (its activities: "
            "activity-examples.basic.increment-1, activity-examples.failing.fail_but_dont_raise-1, "
            "activity-examples.gone.activity-1)"},
           {{"--workflow-id", "crafted-1", "--activity-id", "activity-examples.gone.activity-1"},
            "activity \"examples.gone.activity\" (activity-examples.gone.activity-1) is not registered here: load the "
            "plugin that defines it"},
       }) {
    auto r = rerun(c.args);
    std::ostringstream where;
    for (const auto& a : c.args) where << a << ' ';
    EXPECT_EQ(r.exit_code, 2) << where.str() << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr("simpleflow: error: ")) << where.str();
    EXPECT_THAT(r.err, HasSubstr(c.message)) << where.str();
    EXPECT_EQ(r.out, "") << where.str();
  }
}

TEST_F(ActivityRerunTest, TheDomainComesFromTheEnvironmentOrIsRequired) {
  auto r = swf_->cli({"activity.rerun", "--workflow-id", "crafted-1", "--activity-id", kIncrement});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no SWF domain: give --domain or set SWF_DOMAIN"));
  r = simpleflow({"activity.rerun", "--workflow-id", "crafted-1", "--activity-id", kIncrement},
                 {.env = {{"AWS_ENDPOINT_URL_SWF", swf_->endpoint()}, {"HOME", "/nonexistent"}, {"SWF_DOMAIN", kDomain}},
                  .unset_env = {"AWS_ENDPOINT_URL", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_PROFILE"}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "11\n");
}

// The activity would run; the settings are checked first, as by every command.
TEST_F(ActivityRerunTest, ABadSettingExitsWithTwoBeforeAnythingRuns) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"ACTIVITY_DEFAULT_TIMEOUT", "soon"},
           {"SIMPLEFLOW_IDENTITY", "[1"},
           {"SWF_MAX_OPEN_ACTIVITY_COUNT", "many"},
       }) {
    SCOPED_TRACE(name + "=" + value);
    auto r = swf_->cli(
        {"activity.rerun", "--domain", kDomain, "--workflow-id", "crafted-1", "--activity-id", kIncrement},
        {{name, value}});
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("simpleflow: error: " + name + " must be "));
    EXPECT_THAT(r.err, Not(HasSubstr("found execution")));
    EXPECT_EQ(r.out, "");
  }
}

// ---- End to end: an execution that standalone ran --------------------------

// An embedded server on the real clock (deciders' and workers' long polls
// must end by themselves), and examples.basic.BasicWorkflow run on it by
// `standalone` with input [1, 0]: increment(1) = 2, then double(2) = 4.
class ActivityRerunEndToEndTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new std::filesystem::path(std::filesystem::temp_directory_path() /
                                     ("simpleflow-rerun-" + std::to_string(::getpid())));
    server::ServerOptions options;
    options.data_dir = dir_->string();
    options.fsync = false;
    options.long_poll_seconds = 1;
    options.threads = 4;
    auto started = server::Server::start(options);
    if (!started.ok()) throw std::runtime_error("server did not start: " + started.status().message());
    server_ = std::move(started).value().release();
    standalone_ = new CommandResult(simpleflow(
        {"standalone", "examples.basic.BasicWorkflow", "--endpoint-url", server_->endpoint(), "--domain", "rerun-e2e",
         "--workflow-id", "basic-e2e", "-W", "1", "-D", "1", "--input", "[1, 0]"},
        {.env = {{"HOME", "/nonexistent"}, {"LOG_LEVEL", "WARNING"}}, .unset_env = kAwsVariables}));
  }
  static void TearDownTestSuite() {
    delete server_;
    std::error_code ignored;
    std::filesystem::remove_all(*dir_, ignored);
    delete dir_;
    delete standalone_;
  }

  static CommandResult rerun(const std::vector<std::string>& args) {
    std::vector<std::string> all{"activity.rerun", "-d", "rerun-e2e", "--workflow-id", "basic-e2e"};
    all.insert(all.end(), args.begin(), args.end());
    return simpleflow(all, {.env = {{"AWS_ENDPOINT_URL_SWF", server_->endpoint()},
                                    {"HOME", "/nonexistent"},
                                    {"LOG_LEVEL", "INFO"}},
                            .unset_env = kAwsVariables});
  }

  static std::filesystem::path* dir_;
  static server::Server* server_;
  static CommandResult* standalone_;
};
std::filesystem::path* ActivityRerunEndToEndTest::dir_ = nullptr;
server::Server* ActivityRerunEndToEndTest::server_ = nullptr;
CommandResult* ActivityRerunEndToEndTest::standalone_ = nullptr;

TEST_F(ActivityRerunEndToEndTest, RerunsAnActivityThatAWorkerRan) {
  ASSERT_EQ(standalone_->exit_code, 0) << standalone_->err;
  ASSERT_THAT(standalone_->out, HasSubstr("(1 + 1) * 2 = 4\n"));
  auto r = rerun({"--activity-id", "activity-examples.basic.double-1"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden("activity.rerun-standalone.txt", r.out);
  EXPECT_THAT(r.err, HasSubstr("found execution: workflowId=basic-e2e"));

  // The increment, by the id of its scheduled event, as workflow.history shows it.
  std::string run_id = standalone_->out.substr(standalone_->out.find(' ') + 1);
  run_id = run_id.substr(0, run_id.find('\n'));
  auto history = simpleflow({"--format", "json", "--header", "workflow.history", "basic-e2e", run_id, "-d",
                             "rerun-e2e", "-o", "events"},
                            {.env = {{"AWS_ENDPOINT_URL_SWF", server_->endpoint()}, {"HOME", "/nonexistent"}},
                             .unset_env = kAwsVariables});
  ASSERT_EQ(history.exit_code, 0) << history.err;
  Json events = parse_json(history.out).value();
  std::int64_t increment = 0;
  for (const Json& event : events) {
    if (event.at("eventType") != "ActivityTaskScheduled") continue;
    const Json& attributes = event.at("activityTaskScheduledEventAttributes");
    if (attributes.at("activityType").at("name") == "examples.basic.increment")
      increment = event.at("eventId").get<std::int64_t>();
  }
  ASSERT_GT(increment, 0) << history.out;
  r = rerun({"--run-id", run_id, "--scheduled-id", std::to_string(increment)});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "2\n");
}

}  // namespace
}  // namespace simpleflow::testing
