// `simpleflow workflow.start --local`, run as a user runs it: a subprocess.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cstdio>
#include <filesystem>
#include <fstream>

#include "support/command.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;

const char* kBasic = "examples.basic.BasicWorkflow";

CommandResult start_basic(const std::string& input) {
  return simpleflow({"workflow.start", "--local", kBasic, "--input", input});
}

TEST(WorkflowStartTest, QuickstartPrintsTheResult) {
  auto r = start_basic("[1, 0]");
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "(1 + 1) * 2 = 4\n");
}

TEST(WorkflowStartTest, InputFormsWithAnExplicitDelayAgree) {
  for (const char* input : {"[1, 0]", R"({"args": [1], "kwargs": {"t": 0}})", R"({"kwargs": {"x": 1, "t": 0}})",
                            R"({"args": [], "kwargs": {"t": 0, "x": 1}})"}) {
    auto r = start_basic(input);
    EXPECT_EQ(r.exit_code, 0) << input << ": " << r.err;
    EXPECT_EQ(r.out, "(1 + 1) * 2 = 4\n") << input;
  }
}

TEST(WorkflowStartTest, InputFormsWithTheDefaultDelayAgree) {
  // These take t's default (30 s of delay activity): run them side by side.
  std::vector<std::string> inputs{"[1]", R"({"args": [1], "kwargs": {}})", R"({"kwargs": {"x": 1}})", "1"};
  std::vector<int> handles;
  for (const auto& input : inputs)
    handles.push_back(start_command({simpleflow_binary(), "workflow.start", "--local", kBasic, "--input", input}));
  for (std::size_t i = 0; i < inputs.size(); ++i) {
    auto r = wait_command(handles[i]);
    EXPECT_EQ(r.exit_code, 0) << inputs[i] << ": " << r.err;
    EXPECT_EQ(r.out, "(1 + 1) * 2 = 4\n") << inputs[i];
  }
}

TEST(WorkflowStartTest, MissingParameterIsNamed) {
  auto r = start_basic(R"({"kwargs": {"t": 0}})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("missing required parameter 'x'"));
  EXPECT_EQ(r.out, "");
}

TEST(WorkflowStartTest, WrongTypeNamesParameterAndExpectedType) {
  auto r = start_basic(R"(["one", 0])");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("parameter 'x' expects integer, got string \"one\""));
}

TEST(WorkflowStartTest, MalformedJsonGivesThePosition) {
  auto r = start_basic("[1, 0");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--input: invalid JSON"));
  EXPECT_THAT(r.err, HasSubstr("line 1, column 6"));
}

TEST(WorkflowStartTest, TooManyArgumentsAndUnknownKeywords) {
  auto r = start_basic("[1, 2, 3]");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("takes 2 arguments but 3 were given"));
  r = start_basic(R"({"args": [1], "kwargs": {"y": 0}})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unexpected keyword argument 'y'"));
  r = start_basic(R"({"x": 1})");
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unexpected key \"x\""));
}

TEST(WorkflowStartTest, UnknownWorkflowListsTheRegisteredOnes) {
  auto r = simpleflow({"workflow.start", "--local", "examples.basic.Nope", "--input", "[1]"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("unknown workflow \"examples.basic.Nope\""));
  EXPECT_THAT(r.err, HasSubstr("examples.basic.BasicWorkflow"));
  EXPECT_THAT(r.err, HasSubstr("examples.canvas.CanvasWorkflow"));
}

TEST(WorkflowStartTest, WorkflowFoundByItsName) {
  auto r = simpleflow({"workflow.start", "--local", "canvas"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, HasSubstr("SUCCESS!"));
}

TEST(WorkflowStartTest, InputFile) {
  auto path = std::filesystem::temp_directory_path() / "simpleflow-input-test.json";
  std::ofstream(path) << R"({"args": [20], "kwargs": {"t": 0}})";
  auto r = simpleflow({"workflow.start", "--local", kBasic, "--input-file", path.string()});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "(20 + 1) * 2 = 42\n");
  std::filesystem::remove(path);

  r = simpleflow({"workflow.start", "--local", kBasic, "--input-file", "-"}, {.stdin_text = "[2, 0]"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, "(2 + 1) * 2 = 6\n");

  r = simpleflow({"workflow.start", "--local", kBasic, "--input-file", "/nonexistent/input.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("/nonexistent/input.json"));

  r = simpleflow({"workflow.start", "--local", kBasic, "--input", "[1]", "--input-file", "x.json"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("not both"));
}

TEST(WorkflowStartTest, FailedWorkflowExitsWithOneAndTheReason) {
  auto r = simpleflow({"workflow.start", "--local", "examples.failing.FailingWorkflow"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("Workflow execution error in activity-examples.failing.fail_and_raise"));
}

TEST(WorkflowStartTest, WithoutLocalSaysWhatToDo) {
  auto r = simpleflow({"workflow.start", kBasic, "--input", "[1, 0]"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--local"));
}

// Whatever the input, the CLI answers with 0, 1 or 2 and never crashes.
TEST(WorkflowStartTest, NoInputCrashes) {
  std::string deep(20000, '[');
  deep += std::string(20000, ']');
  for (const std::string& input :
       {std::string("null"), std::string("{}"), std::string("[]"), std::string("\"str\""), std::string("{\"args\": 5}"),
        std::string("{\"kwargs\": []}"), std::string("[1e400]"), std::string("[99999999999999999999, 0]"),
        std::string("[-1e308, 0]"), std::string("[1.5, 0]"), std::string("[true, 0]"), std::string("[null, 0]"),
        std::string("[1, -5]"), std::string("\xff\xfe"), std::string(""), std::string("[\"\\ud800\"]"), deep,
        std::string("{\"args\": [1], \"kwargs\": {\"x\": 2}}"), std::string("[2147483648, 0]")}) {
    auto r = start_basic(input);
    EXPECT_EQ(r.signal, 0) << input.substr(0, 40);
    EXPECT_TRUE(r.exit_code == 0 || r.exit_code == 1 || r.exit_code == 2) << input.substr(0, 40) << ": " << r.exit_code;
    if (r.exit_code != 0) {
      EXPECT_THAT(r.err, HasSubstr("simpleflow")) << input.substr(0, 40);
    }
  }
}

}  // namespace
}  // namespace simpleflow::testing
