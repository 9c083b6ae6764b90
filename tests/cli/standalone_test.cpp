// `standalone` on the embedded server that it runs in its own process (no
// endpoint configured), with two workers and one decider: every example, as
// the docs show them, plus its failures and bad arguments.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>

#include "support/background.hpp"
#include "support/command.hpp"
#include "support/s3_servers.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

class StandaloneTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    dir_ = std::filesystem::temp_directory_path() /
           ("simpleflow-standalone-" + std::string(info->name()) + "-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  CommandOptions env() const {
    return {.env = {{"HOME", dir_.string()}, {"LOG_LEVEL", "WARNING"}},
            .unset_env = {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SWF", "AWS_REGION", "AWS_DEFAULT_REGION",
                          "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
                          "SWF_DOMAIN", "XDG_DATA_HOME", "SIMPLEFLOW_JUMBO_FIELDS_BUCKET",
                          "SIMPLEFLOW_ENABLE_DISK_CACHE"}};
  }

  CommandResult run(const std::string& workflow, const std::string& input = "",
                    std::vector<std::string> extra = {}) {
    std::vector<std::string> args{"standalone", workflow, "-W", "2", "-D", "1"};
    if (!input.empty()) args.insert(args.end(), {"--input", input});
    args.insert(args.end(), extra.begin(), extra.end());
    return simpleflow(args, env());
  }

  std::filesystem::path dir_;
};

TEST_F(StandaloneTest, BasicOnTheEmbeddedServerInTheDefaultDataDir) {
  auto r = run("examples.basic.BasicWorkflow", "[1, 1]");
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, MatchesRegex("basic [^ \n]+\n(\\(1 \\+ 1\\) \\* 2 = 4\n)+"));
  EXPECT_THAT(r.err, HasSubstr("execution basic"));
  EXPECT_THAT(r.err, HasSubstr("finished: COMPLETED"));
  // The server kept its state under ~/.local/share/simpleflow, in domain "default".
  EXPECT_TRUE(std::filesystem::exists(dir_ / ".local/share/simpleflow"));
}

TEST_F(StandaloneTest, EveryExample) {
  struct Case {
    std::string workflow, input, expected;
  };
  for (const auto& c : std::vector<Case>{
           {"examples.canvas.CanvasWorkflow", "", "(1+1)*(2+1)*(3+1) = 24\nSUCCESS!\n"},
           {"examples.child_workflow.ParentWorkflow", "[1]", "Final result should be: 1 + 4 = 5\n"},
           {"examples.marker.MarkerWorkflow", "", "Markers: [Marker(marker 1, \"some details\")"},
           {"examples.marker.MarkerInChainWorkflow", "", "Markers: [Marker(marker 1, \"some details\")"},
           {"examples.timer.TimerWorkflow", "[1, 30]", "Timer fired, exiting (timer 2 canceled)\n"},
           {"examples.signals.SignalsWorkflow", "", "signal1 received with"},
           {"examples.signals.ParentSignalsWorkflow5", "", "Parent: ended wait on ChildReady\n"},
           {"examples.failing.NotFailingWorkflow", "", "NotFailingWorkflow: workflow completed!"},
           {"examples.failing.RetryWorkflow", "[41]", "flaky_increment(41) = 42 after retries\n"},
           {"examples.continue_as_new.CANWorkflow", "[8]", "execution 10, run "},
           {"examples.programs.ProgramsWorkflow", "[\"hello\"]", "echo printed: hello 3\ninc gave: [2,3,4]\n"},
       }) {
    auto r = run(c.workflow, c.input, {"--data-dir", (dir_ / "data").string()});
    EXPECT_EQ(r.exit_code, 0) << c.workflow << "\n" << r.err;
    EXPECT_THAT(r.out, HasSubstr(c.expected)) << c.workflow;
    EXPECT_THAT(r.err, HasSubstr("finished: COMPLETED")) << c.workflow;
  }
}

// The sizes and starts of the files in `directory`.
std::multimap<std::uintmax_t, std::string> stored_files(const std::filesystem::path& directory) {
  std::multimap<std::uintmax_t, std::string> out;
  for (const auto& entry : std::filesystem::directory_iterator(directory)) {
    std::ifstream in(entry.path());
    std::string start(16, '\0');
    in.read(start.data(), 16);
    start.resize(static_cast<std::size_t>(in.gcount()));
    out.emplace(entry.file_size(), start);
  }
  return out;
}

TEST_F(StandaloneTest, JumboFieldsGoToFilesInTheDataDirectory) {
  const auto data = dir_ / "data";
  auto r = run("examples.jumbo_fields.JumboFieldsWorkflow", "", {"--data-dir", data.string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("finished: COMPLETED"));
  // A 200,000-character input, a 1,000,000-character result read back as an input.
  EXPECT_THAT(r.out, HasSubstr("expand returned 1000000 characters, 500000 of them 'a'\n"));
  // A failure's details of 40,000 '!' and a little JSON around them.
  EXPECT_THAT(r.out, MatchesRegex("(.|\n)*fail_at_length failed with details of 400[0-9][0-9] characters\n(.|\n)*"));
  auto files = stored_files(data / "jumbo-fields");
  EXPECT_EQ(files.count(1000002), 1u);  // expand's result, a JSON string
  ASSERT_EQ(files.count(100002), 1u);   // the workflow's result
  EXPECT_EQ(files.find(100002)->second, "\"result result r");
  bool input_seen = false;
  for (const auto& [size, start] : files) input_seen = input_seen || (size > 200000 && size < 200100);
  EXPECT_TRUE(input_seen) << "expand's input";
}

TEST_F(StandaloneTest, JumboFieldsGoToS3WhenABucketIsConfigured) {
  auto s3 = start_s3rver("jumbo");
  CommandOptions options = env();
  for (const auto& [name, value] : s3->environment())
    if (name != "AWS_REGION") options.env[name] = value;  // with a region and a key, SWF would be Amazon's
  options.env["SIMPLEFLOW_JUMBO_FIELDS_BUCKET"] = "jumbo/standalone";
  auto r = simpleflow({"standalone", "examples.jumbo_fields.JumboFieldsWorkflow", "-W", "2", "-D", "1", "--data-dir",
                       (dir_ / "data").string()},
                      options);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("expand returned 1000000 characters, 500000 of them 'a'\n"));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "data" / "jumbo-fields"));
}

TEST_F(StandaloneTest, AResultLargerThanAJumboFieldFailsTheTaskWithMessageTooLong) {
  auto r = run("examples.jumbo_fields.TooLargeWorkflow", "", {"--data-dir", (dir_ / "data").string()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("expand(6000000) failed: JumboTooLargeError: Message too long"));
  EXPECT_THAT(r.out, HasSubstr("(6000002 chars)"));
}

TEST_F(StandaloneTest, AJumboFieldLocationTooLongIsRefusedAtStart) {
  CommandOptions options = env();
  options.env["SIMPLEFLOW_JUMBO_FIELDS_BUCKET"] = std::string(196, 'b');
  auto r = simpleflow(
      {"standalone", "examples.basic.BasicWorkflow", "--input", "[1, 0]", "--data-dir", (dir_ / "data").string()},
      options);
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("SIMPLEFLOW_JUMBO_FIELDS_BUCKET"));
  EXPECT_THAT(r.err, HasSubstr("at most 195 characters"));
}

TEST_F(StandaloneTest, AFailedWorkflowExitsNonZeroWithItsReason) {
  auto r = run("examples.failing.FailingWorkflow", "", {"--data-dir", (dir_ / "data").string()});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("finished: FAILED: Workflow execution error in activity-examples.failing.fail_and_raise"));
}

TEST_F(StandaloneTest, DisplayStatusPrintsTaskStatesAsTheyChange) {
  auto r = run("examples.basic.BasicWorkflow", "[1, 0]",
               {"--data-dir", (dir_ / "data").string(), "--display-status", "true", "--workflow-id", "shown"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("activity-examples.basic.increment-1 scheduled\n"));
  EXPECT_THAT(r.err, HasSubstr("activity-examples.basic.increment-1 completed\n"));
  EXPECT_THAT(r.err, HasSubstr("activity-examples.basic.double-1 completed\n"));
  EXPECT_THAT(r.err, HasSubstr("execution completed\n"));
  EXPECT_THAT(r.out, HasSubstr("shown "));
}

TEST_F(StandaloneTest, BadArgumentsExit2WithAMessage) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  for (const auto& c : std::vector<Case>{
           {{"standalone"}, "workflow is required"},
           {{"standalone", "no.such.Workflow"}, "unknown workflow"},
           {{"standalone", "examples.basic.BasicWorkflow", "-W", "0"}, "--nb-workers must be at least 1"},
           {{"standalone", "examples.basic.BasicWorkflow", "-D", "0"}, "--nb-deciders must be at least 1"},
           {{"standalone", "examples.basic.BasicWorkflow", "--heartbeat", "-2"}, "--heartbeat"},
           {{"standalone", "examples.basic.BasicWorkflow", "--input", "[1,"}, "input"},
           {{"standalone", "examples.basic.BasicWorkflow", "--input", "[\"a\", 1]"}, "bad input"},
           {{"standalone", "examples.basic.BasicWorkflow", "--display-status", "maybe"}, "--display-status"},
           {{"standalone", "examples.basic.BasicWorkflow", "-i", "[1, 0]", "--tags", "a,b,c,d,e,f"}, "at most 5 tags"},
       }) {
    auto r = simpleflow(c.args, env());
    EXPECT_EQ(r.exit_code, 2) << c.args.back() << "\n" << r.err;
    EXPECT_THAT(r.err, HasSubstr(c.message)) << c.args.back();
  }
}

// Each of these used to keep standalone waiting for ever: pollers that died
// at start and were forked again every second, a decider that died on its
// first task, or decisions that the server refused.
TEST_F(StandaloneTest, ABadSettingExits2AtStartNamingItBeforeAnythingStarts) {
  int run = 0;
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"SIMPLEFLOW_IDENTITY", "[1"},
           {"SWF_MAX_OPEN_ACTIVITY_COUNT", "many"},
           {"SWF_MAX_OPEN_ACTIVITY_COUNT", "5000"},
           {"ACTIVITY_DEFAULT_TIMEOUT", "soon"},
           {"ACTIVITY_START_TO_CLOSE_TIMEOUT", "-5"},
           {"WORKFLOW_DEFAULT_EXECUTION_TIME", "NONE"},
       }) {
    SCOPED_TRACE(name + "=" + value);
    CommandOptions options = env();
    options.env[name] = value;
    const std::filesystem::path data = dir_ / "data";
    auto r = run_for({"standalone", "examples.basic.BasicWorkflow", "--input", "[1, 0]", "--data-dir", data.string()},
                     options, (dir_ / ("run-" + std::to_string(++run) + ".log")).string(), 5);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_THAT(r.output, HasSubstr("simpleflow: error: " + name + " must be "));
    EXPECT_THAT(r.output, HasSubstr("\"" + value + "\""));
    // Neither the embedded server nor any poller started.
    EXPECT_FALSE(std::filesystem::exists(data)) << r.output;
    std::filesystem::remove_all(data);
  }
}

TEST_F(StandaloneTest, ADataDirInUseIsAClearError) {
  std::string data = (dir_ / "data").string();
  Background server({"server", "--listen", "127.0.0.1:0", "--data-dir", data}, env(), (dir_ / "server.log").string());
  for (int i = 0; i < 200 && server.log().find('\n') == std::string::npos; ++i) usleep(25000);
  auto r = run("examples.basic.BasicWorkflow", "[1, 0]", {"--data-dir", data});
  EXPECT_EQ(r.exit_code, 2) << r.err;
  EXPECT_THAT(r.err, HasSubstr("in use by another simpleflow server"));
  EXPECT_THAT(r.err, HasSubstr("--endpoint-url"));
}

}  // namespace
}  // namespace simpleflow::testing
