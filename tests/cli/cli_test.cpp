// Global options, plugins and the info command of the `simpleflow` CLI.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "simpleflow/version.hpp"
#include "support/background.hpp"
#include "support/command.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;

TEST(CliTest, VersionAndHelp) {
  auto r = simpleflow({"--version"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr(std::string("simpleflow ") + kVersion));
  r = simpleflow({"--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("workflow.start"));
  EXPECT_THAT(r.out, HasSubstr("--format"));
  r = simpleflow({"workflow.start", "--help"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr("--input-file"));
}

TEST(CliTest, BadUsageExitsWithTwo) {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {}, {"nope"}, {"workflow.start"}, {"workflow.start", "--local", "x", "--bogus"}, {"--format"}}) {
    auto r = simpleflow(args);
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_THAT(r.err, StartsWith("simpleflow: error: "));
  }
}

TEST(CliTest, BadFormatAndLogLevel) {
  auto r = simpleflow({"--format", "xml", "info"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown format \"xml\""));
  r = simpleflow({"info"}, {.env = {{"SIMPLEFLOW_FORMAT", "yaml"}}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("yaml"));
  r = simpleflow({"info"}, {.env = {{"LOG_LEVEL", "LOUD"}}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("LOG_LEVEL"));
}

TEST(CliTest, LogLevelControlsTheLogs) {
  auto quiet = simpleflow({"workflow.start", "--local", "examples.basic.BasicWorkflow", "-i", "[1, 0]"},
                          {.env = {{"LOG_LEVEL", "error"}}});
  EXPECT_EQ(quiet.exit_code, 0);
  EXPECT_EQ(quiet.err, "");
  auto info = simpleflow({"workflow.start", "--local", "examples.basic.BasicWorkflow", "-i", "[1, 0]"},
                         {.env = {{"LOG_LEVEL", "INFO"}}});
  EXPECT_THAT(info.err, HasSubstr(" INFO [process=simpleflow, pid="));
  EXPECT_THAT(info.err, HasSubstr("completed with result 4"));
}

TEST(CliTest, MissingPluginIsNamed) {
  auto r = simpleflow({"--plugin", "/nonexistent/libmine.so", "info"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("plugin file not found: /nonexistent/libmine.so"));
  r = simpleflow({"info"}, {.env = {{"SIMPLEFLOW_PLUGINS", "/nonexistent/a.so:/nonexistent/b.so"}}});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("/nonexistent/a.so"));
}

TEST(CliTest, NonLibraryPluginIsRejected) {
  auto r = simpleflow({"--plugin", source_dir() + "/CMakeLists.txt", "info"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("cannot load plugin"));
  EXPECT_THAT(r.err, HasSubstr("CMakeLists.txt"));
}

TEST(CliTest, LoadingTheSamePluginTwiceIsHarmless) {
  const std::string plugin = examples_plugin();
  auto r = simpleflow({"--plugin", plugin, "--plugin", plugin, "workflow.start", "--local",
                       "examples.basic.BasicWorkflow", "-i", "[3, 0]"},
                      {.env = {{"SIMPLEFLOW_PLUGINS", plugin}}});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "(3 + 1) * 2 = 8\n");
}

// Commands that would run, print or serve are stopped by a bad setting
// before they do anything; `info` is not, so that it can show what is set.
TEST(CliTest, EveryCommandButInfoChecksTheSettingsFirst) {
  const auto dir = std::filesystem::temp_directory_path() / ("simpleflow-cli-settings-" + std::to_string(getpid()));
  std::filesystem::create_directories(dir);
  const CommandOptions bad{.env = {{"ACTIVITY_DEFAULT_TIMEOUT", "soon"}, {"HOME", dir.string()}, {"LOG_LEVEL", "INFO"}},
                           .unset_env = {"AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SWF", "XDG_DATA_HOME"}};
  int n = 0;
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"workflow.start", "--local", "examples.basic.BasicWorkflow", "-i", "[1, 0]"},
           {"workflow.replay", "examples.basic.BasicWorkflow", "-i", "[1, 0]"},
           {"server", "--listen", "127.0.0.1:0", "--data-dir", (dir / "server").string()},
       }) {
    SCOPED_TRACE(args.front());
    auto r = run_for(args, bad, (dir / (std::to_string(++n) + ".log")).string(), 5);
    EXPECT_EQ(r.exit_code, 2) << r.output;
    EXPECT_THAT(r.output, StartsWith("simpleflow: error: ACTIVITY_DEFAULT_TIMEOUT must be "));
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "server"));
  auto r = simpleflow({"info", "versions"}, bad);
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr(std::string("simpleflow     ") + kVersion + "\n"));
  std::filesystem::remove_all(dir);
}

TEST(CliTest, InfoInEveryFormat) {
  auto r = simpleflow({"info"});
  EXPECT_EQ(r.exit_code, 0);
  EXPECT_THAT(r.out, HasSubstr(std::string("simpleflow     ") + kVersion + "\n"));
  r = simpleflow({"--format", "json", "--header", "info", "versions"});
  EXPECT_THAT(r.out, HasSubstr(std::string(R"({"component":"simpleflow","version":")") + kVersion + "\"}"));
  r = simpleflow({"--format", "json", "info", "versions"});
  EXPECT_THAT(r.out, StartsWith(std::string(R"([["simpleflow",")") + kVersion + "\"]"));
  r = simpleflow({"--format", "csv", "--header", "info", "workflows"});
  EXPECT_THAT(r.out, StartsWith("class,name,version,task_list\n"));
  EXPECT_THAT(r.out, HasSubstr("examples.basic.BasicWorkflow,basic,example,example\n"));
  r = simpleflow({"--format", "tsv", "info", "activities"});
  EXPECT_THAT(r.out, HasSubstr("examples.basic.double\texample\tquickstart\t0\tfalse\n"));
  r = simpleflow({"info", "--format", "human", "versions"});
  EXPECT_THAT(r.out, StartsWith("component  simpleflow\nversion    "));
  r = simpleflow({"info", "nothing"});
  EXPECT_EQ(r.exit_code, 2);
}

}  // namespace
}  // namespace simpleflow::testing
