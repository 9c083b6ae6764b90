// Global options, plugins and the info command of the `simpleflow` CLI.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "simpleflow/version.hpp"
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
