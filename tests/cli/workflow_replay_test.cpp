// `simpleflow workflow.replay`, run as a user runs it: a subprocess, with the
// examples plugin's workflows and the committed history examples/histories/basic.json.
#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <stdlib.h>

#include <cctype>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "simpleflow/json.hpp"
#include "support/checksums.hpp"
#include "support/command.hpp"

namespace simpleflow::testing {
namespace {

namespace fs = std::filesystem;
using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

const char* kBasic = "examples.basic.BasicWorkflow";
const char* kParent = "examples.child_workflow.ParentWorkflow";

std::string basic_history_path() { return source_dir() + "/examples/histories/basic.json"; }

std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream out;
  out << in.rdbuf();
  return out.str();
}

std::vector<std::string> lines(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string line; std::getline(in, line);) out.push_back(line);
  return out;
}

// stdout parsed as JSON; fails the test (and gives null) when it is not.
Json parse_stdout(const CommandResult& r) {
  auto parsed = parse_json(r.out);
  if (!parsed.ok()) {
    ADD_FAILURE() << "stdout is not JSON: " << parsed.status().message() << "\n" << r.out;
    return nullptr;
  }
  return *parsed;
}

// The <type>DecisionAttributes of `decision`.
const Json& attributes(const Json& decision) {
  std::string key = decision.at("decisionType").get<std::string>();
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return decision.at(key + "DecisionAttributes");
}


Json event(long long id, const std::string& type, Json attributes) {
  std::string key = type;
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return {{"eventId", id}, {"eventTimestamp", 1764270000 + id}, {"eventType", type}, {key + "EventAttributes", attributes}};
}

// ParentWorkflow([1]) whose first activity completed with 2: the next
// decision starts the child workflow.
Json parent_events() {
  Json task_list{{"name", "example"}};
  return Json::array({
      event(1, "WorkflowExecutionStarted",
            {{"input", R"({"args":[1],"kwargs":{}})"},
             {"childPolicy", "TERMINATE"},
             {"taskList", task_list},
             {"workflowType", {{"name", "basic_parent"}, {"version", "example"}}}}),
      event(2, "DecisionTaskScheduled", {{"taskList", task_list}}),
      event(3, "DecisionTaskStarted", {{"scheduledEventId", 2}}),
      event(4, "DecisionTaskCompleted", {{"scheduledEventId", 2}, {"startedEventId", 3}}),
      event(5, "ActivityTaskScheduled",
            {{"activityId", "activity-examples.child_workflow.loudly_increment-1"},
             {"activityType", {{"name", "examples.child_workflow.loudly_increment"}, {"version", "example"}}},
             {"input", R"({"args":[1,"PARENT"],"kwargs":{}})"},
             {"taskList", {{"name", "quickstart"}}},
             {"decisionTaskCompletedEventId", 4}}),
      event(6, "ActivityTaskStarted", {{"scheduledEventId", 5}}),
      event(7, "ActivityTaskCompleted", {{"scheduledEventId", 5}, {"startedEventId", 6}, {"result", "2"}}),
      event(8, "DecisionTaskScheduled", {{"taskList", task_list}}),
      event(9, "DecisionTaskStarted", {{"scheduledEventId", 8}}),
  });
}

class WorkflowReplayTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern = (fs::temp_directory_path() / "simpleflow-replay-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }

  // Writes `text` to a file of the test's directory; its path.
  std::string write(const std::string& name, const std::string& text) {
    const fs::path path = dir_ / name;
    std::ofstream(path, std::ios::binary) << text;
    return path.string();
  }
  // basic.json with `edit` applied to its JSON.
  template <class Edit>
  std::string basic_edited(const std::string& name, Edit edit) {
    Json history = *parse_json(read_file(basic_history_path()));
    edit(history);
    return write(name, history.dump(2));
  }

  CommandResult replay(std::vector<std::string> args, const CommandOptions& options = {}) {
    args.insert(args.begin(), "workflow.replay");
    return simpleflow(args, options);
  }
  CommandResult replay_json(std::vector<std::string> args, const CommandOptions& options = {}) {
    args.insert(args.begin(), {"--format", "json", "workflow.replay"});
    return simpleflow(args, options);
  }

  // Expects exit code 2, nothing on stdout, and `what` in the error message.
  void expect_error(const CommandResult& r, const std::string& what) {
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_EQ(r.out, "");
    EXPECT_THAT(r.err, HasSubstr("simpleflow: error: "));
    EXPECT_THAT(r.err, HasSubstr(what));
  }

  fs::path dir_;
};

// --- output formats -----------------------------------------------------------

TEST_F(WorkflowReplayTest, TableByDefault) {
  auto r = replay({kBasic, "--history", basic_history_path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  EXPECT_THAT(rows[0], StartsWith("ScheduleActivityTask  activity-examples.basic.delay-1   {\"activityId\""));
  EXPECT_THAT(rows[0], HasSubstr(R"("input":"{\"args\":[30,2],\"kwargs\":{}}")"));
  EXPECT_THAT(rows[1], StartsWith("ScheduleActivityTask  activity-examples.basic.double-1  {\"activityId\""));
  EXPECT_THAT(rows[1], HasSubstr(R"("input":"{\"args\":[2],\"kwargs\":{}}")"));
  EXPECT_THAT(rows[1], HasSubstr(R"("taskList":{"name":"quickstart"})"));
}

TEST_F(WorkflowReplayTest, Header) {
  auto r = simpleflow({"--header", "workflow.replay", kBasic, "--history", basic_history_path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_EQ(rows[0], "decision              id                                attributes");
  EXPECT_THAT(rows[1], StartsWith("ScheduleActivityTask  activity-examples.basic.delay-1 "));
  EXPECT_THAT(rows[2], StartsWith("ScheduleActivityTask  activity-examples.basic.double-1 "));
}

TEST_F(WorkflowReplayTest, Json) {
  auto r = replay_json({kBasic, "--history", basic_history_path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out).size(), 1u);
  Json out = parse_stdout(r);
  ASSERT_TRUE(out.is_object()) << r.out;
  EXPECT_EQ(out.size(), 1u) << "only \"decisions\" expected: " << r.out;
  const Json& decisions = out["decisions"];
  ASSERT_EQ(decisions.size(), 2u) << r.out;
  EXPECT_EQ(decisions[0]["decisionType"], "ScheduleActivityTask");
  EXPECT_EQ(attributes(decisions[0]),
            Json({{"activityId", "activity-examples.basic.delay-1"},
                  {"activityType", {{"name", "examples.basic.delay"}, {"version", "example"}}},
                  {"heartbeatTimeout", "300"},
                  {"input", R"({"args":[30,2],"kwargs":{}})"},
                  {"scheduleToCloseTimeout", "300"},
                  {"scheduleToStartTimeout", "300"},
                  {"startToCloseTimeout", "300"},
                  {"taskList", {{"name", "quickstart"}}}}));
  EXPECT_EQ(decisions[1]["decisionType"], "ScheduleActivityTask");
  EXPECT_EQ(attributes(decisions[1])["activityId"], "activity-examples.basic.double-1");
  EXPECT_EQ(attributes(decisions[1])["input"], R"({"args":[2],"kwargs":{}})");
}

TEST_F(WorkflowReplayTest, PrettyJsonHoldsTheSameAnswer) {
  auto compact = replay_json({kBasic, "--history", basic_history_path()});
  auto pretty = simpleflow({"--format", "prettyjson", "workflow.replay", kBasic, "--history", basic_history_path()});
  ASSERT_EQ(pretty.exit_code, 0) << pretty.err;
  EXPECT_GT(lines(pretty.out).size(), 10u);
  EXPECT_THAT(pretty.out, HasSubstr("\n  \"decisions\": ["));
  EXPECT_EQ(parse_stdout(pretty), parse_stdout(compact));
}

TEST_F(WorkflowReplayTest, FormatFromTheEnvironment) {
  auto r = replay({kBasic, "--history", basic_history_path()}, {.env = {{"SIMPLEFLOW_FORMAT", "json"}}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(parse_stdout(r)["decisions"].size(), 2u);
}

TEST_F(WorkflowReplayTest, Csv) {
  auto r = simpleflow({"--format", "csv", "workflow.replay", kBasic, "--history", basic_history_path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 2u) << r.out;
  EXPECT_THAT(rows[0], StartsWith(R"(ScheduleActivityTask,activity-examples.basic.delay-1,"{""activityId"":)"));
  EXPECT_THAT(rows[0], HasSubstr(R"(""input"":""{\""args\"":[30,2],\""kwargs\"":{}}"")"));
  EXPECT_THAT(rows[1], StartsWith("ScheduleActivityTask,activity-examples.basic.double-1,"));

  r = simpleflow({"--format", "csv", "--header", "workflow.replay", kBasic, "--history", basic_history_path()});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  rows = lines(r.out);
  ASSERT_EQ(rows.size(), 3u) << r.out;
  EXPECT_EQ(rows[0], "decision,id,attributes");
}

// --- inputs and ids -------------------------------------------------------------

TEST_F(WorkflowReplayTest, NewExecutionFromInput) {
  // BasicWorkflow(1, 0): only increment can be scheduled; delay and double wait for its result.
  auto r = replay_json({kBasic, "--input", "[1, 0]"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json decisions = parse_stdout(r)["decisions"];
  ASSERT_EQ(decisions.size(), 1u) << r.out;
  EXPECT_EQ(decisions[0]["decisionType"], "ScheduleActivityTask");
  EXPECT_EQ(attributes(decisions[0])["activityId"], "activity-examples.basic.increment-1");
  EXPECT_EQ(attributes(decisions[0])["input"], R"({"args":[1],"kwargs":{}})");

  // The other input forms give the same decisions.
  for (const char* input : {R"({"args": [1], "kwargs": {"t": 0}})", R"({"kwargs": {"x": 1}})", "1"}) {
    auto other = replay_json({kBasic, "--input", input});
    ASSERT_EQ(other.exit_code, 0) << input << ": " << other.err;
    EXPECT_EQ(parse_stdout(other)["decisions"], decisions) << input;
  }
}

TEST_F(WorkflowReplayTest, InputReplacesTheHistoryInput) {
  // The history started with x=1 and t=30 (the default); increment's result (2) stays.
  auto r = replay_json({kBasic, "--history", basic_history_path(), "--input", R"({"kwargs": {"x": 5, "t": 7}})"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  const Json decisions = parse_stdout(r)["decisions"];
  ASSERT_EQ(decisions.size(), 2u) << r.out;
  EXPECT_EQ(attributes(decisions[0])["activityId"], "activity-examples.basic.delay-1");
  EXPECT_EQ(attributes(decisions[0])["input"], R"({"args":[7,2],"kwargs":{}})");
  EXPECT_EQ(attributes(decisions[1])["input"], R"({"args":[2],"kwargs":{}})");
}

TEST_F(WorkflowReplayTest, WorkflowAndRunIdsMakeTheChildIds) {
  const std::string history = write("parent.json", Json{{"events", parent_events()}}.dump());
  auto child_id = [&](const std::vector<std::string>& extra) -> std::string {
    std::vector<std::string> args{kParent, "--history", history};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = replay_json(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const Json decisions = parse_stdout(r)["decisions"];
    if (decisions.size() != 1u || decisions[0]["decisionType"] != "StartChildWorkflowExecution") {
      ADD_FAILURE() << "one StartChildWorkflowExecution expected: " << r.out;
      return "";
    }
    const Json& start = attributes(decisions[0]);
    EXPECT_EQ(start["input"], R"({"args":[2,"CHILD"],"kwargs":{}})");
    return start["workflowId"].get<std::string>();
  };
  EXPECT_EQ(child_id({"--workflow-id", "W", "--run-id", "R"}), "workflow-basic_child-W--" + adler32_hex("R") + "--1");
  EXPECT_EQ(adler32_hex("R"), "530053");  // the helper agrees with zlib
  EXPECT_EQ(child_id({"--workflow-id", "parent-42", "--run-id", "22ab4b6ae5a34e8c9a4b2cbd7b0c2c1a"}),
            "workflow-basic_child-parent-42--" + adler32_hex("22ab4b6ae5a34e8c9a4b2cbd7b0c2c1a") + "--1");
}

TEST_F(WorkflowReplayTest, IdOptionsOverrideTheFile) {
  Json with_ids{{"workflowExecution", {{"workflowId", "FW"}, {"runId", "FR"}}}, {"events", parent_events()}};
  const std::string history = write("parent-ids.json", with_ids.dump());
  auto workflow_id = [&](const std::vector<std::string>& extra) -> std::string {
    std::vector<std::string> args{kParent, "--history", history};
    args.insert(args.end(), extra.begin(), extra.end());
    auto r = replay_json(args);
    EXPECT_EQ(r.exit_code, 0) << r.err;
    const Json decisions = parse_stdout(r)["decisions"];
    if (decisions.size() != 1u) return "";
    return attributes(decisions[0])["workflowId"].get<std::string>();
  };
  EXPECT_EQ(workflow_id({}), "workflow-basic_child-FW--" + adler32_hex("FR") + "--1");
  EXPECT_EQ(workflow_id({"--workflow-id", "W"}), "workflow-basic_child-W--" + adler32_hex("FR") + "--1");
  EXPECT_EQ(workflow_id({"--run-id", "R"}), "workflow-basic_child-FW--" + adler32_hex("R") + "--1");
}

TEST_F(WorkflowReplayTest, BareArrayOfEvents) {
  const std::string history = write("bare.json", parent_events().dump());
  auto r = replay_json({kParent, "--history", history, "--workflow-id", "W", "--run-id", "R"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(attributes(parse_stdout(r)["decisions"][0])["workflowId"], "workflow-basic_child-W--530053--1");
}

TEST_F(WorkflowReplayTest, HistoryFromStdin) {
  auto from_file = replay({kBasic, "--history", basic_history_path()});
  auto from_stdin = replay({kBasic, "--history", "-"}, {.stdin_text = read_file(basic_history_path())});
  ASSERT_EQ(from_stdin.exit_code, 0) << from_stdin.err;
  EXPECT_EQ(from_stdin.out, from_file.out);
  EXPECT_EQ(lines(from_stdin.out).size(), 2u);
}

TEST_F(WorkflowReplayTest, NothingToDecide) {
  // basic.json cut after ActivityTaskStarted: increment is running, nothing else can be scheduled.
  const std::string history = basic_edited("running.json", [](Json& h) {
    Json& events = h["events"];
    events.erase(events.begin() + 6, events.end());
  });
  auto r = replay_json({kBasic, "--history", history});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(parse_stdout(r), Json::parse(R"({"decisions": []})"));
  r = simpleflow({"--header", "workflow.replay", kBasic, "--history", history});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(lines(r.out).size(), 1u) << r.out;  // the header only
}

// --- stdout keeps only the decisions ------------------------------------------------

TEST_F(WorkflowReplayTest, WhatTheWorkflowPrintsGoesToStderr) {
  // ParentWorkflow prints "Parent <id> ran its child" to std::cout before it blocks.
  auto r = replay_json({"examples.child_workflow.ParentWorkflow", "--input", "[1]", "--workflow-id", "p"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Parent p ran its child"));
  EXPECT_THAT(r.out, Not(HasSubstr("ran its child")));
  EXPECT_TRUE(parse_stdout(r).is_object());

  // Logs go to stderr too.
  r = replay_json({kBasic, "--history", basic_history_path()}, {.env = {{"LOG_LEVEL", "DEBUG"}}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(parse_stdout(r)["decisions"].size(), 2u);

  // ParentWorkflow prints whole lines before it blocks.
  r = replay({kParent, "--input", "[1]", "--workflow-id", "W", "--run-id", "R"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("Parent W ran its child"));
  EXPECT_THAT(r.out, Not(HasSubstr("Parent")));
  auto rows = lines(r.out);
  ASSERT_EQ(rows.size(), 1u) << r.out;
  EXPECT_THAT(rows[0], StartsWith("ScheduleActivityTask  activity-examples.child_workflow.loudly_increment-1"));
}

TEST_F(WorkflowReplayTest, AFinishedWorkflowPrintsEverythingToStderr) {
  // basic.json plus delay and double completed: run() returns 4.
  const std::string history = basic_edited("done.json", [](Json& h) {
    Json& events = h["events"];
    Json task_list{{"name", "example"}};
    auto add = [&](const std::string& type, Json attributes) {
      events.push_back(event(static_cast<long long>(events.size()) + 1, type, std::move(attributes)));
      return static_cast<long long>(events.size());
    };
    long long completed = add("DecisionTaskCompleted", {{"scheduledEventId", 8}, {"startedEventId", 9}});
    auto schedule = [&](const std::string& name, const std::string& input) {
      return add("ActivityTaskScheduled", {{"activityId", "activity-examples.basic." + name + "-1"},
                                           {"activityType", {{"name", "examples.basic." + name}, {"version", "example"}}},
                                           {"input", input},
                                           {"taskList", {{"name", "quickstart"}}},
                                           {"decisionTaskCompletedEventId", completed}});
    };
    long long delay = schedule("delay", R"({"args":[30,2],"kwargs":{}})");
    long long twice = schedule("double", R"({"args":[2],"kwargs":{}})");
    for (auto [scheduled, result] : {std::pair{delay, "2"}, std::pair{twice, "4"}}) {
      long long started = add("ActivityTaskStarted", {{"scheduledEventId", scheduled}});
      add("ActivityTaskCompleted", {{"scheduledEventId", scheduled}, {"startedEventId", started}, {"result", result}});
    }
    long long scheduled = add("DecisionTaskScheduled", {{"taskList", task_list}});
    add("DecisionTaskStarted", {{"scheduledEventId", scheduled}});
  });
  auto r = replay_json({kBasic, "--history", history});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.err, HasSubstr("(1 + 1) * 2 = 4\n"));
  const Json decisions = parse_stdout(r)["decisions"];
  ASSERT_EQ(decisions.size(), 1u) << r.out;
  EXPECT_EQ(decisions[0]["decisionType"], "CompleteWorkflowExecution");
  EXPECT_EQ(attributes(decisions[0])["result"], "4");
}

// --- errors -----------------------------------------------------------------------

TEST_F(WorkflowReplayTest, MissingHistoryFile) {
  const std::string missing = (dir_ / "nope.json").string();
  expect_error(replay({kBasic, "--history", missing}), missing);
}

TEST_F(WorkflowReplayTest, MalformedJsonGivesThePosition) {
  const std::string path = write("bad.json", "{\"events\": [\n  {\"eventId\": 1,]}");
  auto r = replay({kBasic, "--history", path});
  expect_error(r, "invalid JSON");
  EXPECT_THAT(r.err, HasSubstr("line 2, column 17"));
  EXPECT_THAT(r.err, HasSubstr("bad.json"));

  expect_error(replay({kBasic, "--history", "-"}, {.stdin_text = "[1, "}), "invalid JSON");
  expect_error(replay({kBasic, "--input", "[1, 0"}), "--input: invalid JSON");
}

TEST_F(WorkflowReplayTest, HistoryWithoutEvents) {
  auto r = replay({kBasic, "--history", write("empty.json", R"({"foo": []})")});
  expect_error(r, "bad history");
  EXPECT_THAT(r.err, HasSubstr("\"events\""));
  expect_error(replay({kBasic, "--history", write("number.json", "42")}), "bad history");
}

TEST_F(WorkflowReplayTest, EmptyHistory) {
  expect_error(replay({kBasic, "--history", write("none.json", R"({"events": []})")}), "WorkflowExecutionStarted");
  expect_error(replay({kBasic, "--history", write("none.json", R"({"events": []})"), "--input", "[1]"}),
               "WorkflowExecutionStarted");
}

TEST_F(WorkflowReplayTest, UnknownEventType) {
  const std::string path = basic_edited("unknown.json", [](Json& h) { h["events"][5]["eventType"] = "ActivityTaskExploded"; });
  auto r = replay({kBasic, "--history", path});
  expect_error(r, "bad history: ");
  EXPECT_THAT(r.err, AllOf(HasSubstr("event 6"), HasSubstr("ActivityTaskExploded")));
}

TEST_F(WorkflowReplayTest, InconsistentHistoryNamesTheEvents) {
  // ActivityTaskCompleted's scheduledEventId points at the ActivityTaskStarted.
  const std::string path = basic_edited("inconsistent.json", [](Json& h) {
    h["events"][6]["activityTaskCompletedEventAttributes"]["scheduledEventId"] = 6;
  });
  auto r = replay({kBasic, "--history", path});
  expect_error(r, "bad history: ");
  EXPECT_THAT(r.err, AllOf(HasSubstr("event 7 (ActivityTaskCompleted)"), HasSubstr("event 6 (ActivityTaskStarted)")));
}

TEST_F(WorkflowReplayTest, MissingRequiredAttribute) {
  const std::string path = basic_edited("missing.json", [](Json& h) {
    h["events"][4]["activityTaskScheduledEventAttributes"].erase("activityId");
  });
  auto r = replay({kBasic, "--history", path});
  expect_error(r, "bad history: ");
  EXPECT_THAT(r.err, AllOf(HasSubstr("event 5 (ActivityTaskScheduled)"), HasSubstr("activityId")));
}

TEST_F(WorkflowReplayTest, UnknownWorkflow) {
  auto r = replay({"examples.basic.Nope", "--history", basic_history_path()});
  expect_error(r, "unknown workflow \"examples.basic.Nope\"");
  EXPECT_THAT(r.err, HasSubstr("examples.basic.BasicWorkflow"));
}

TEST_F(WorkflowReplayTest, BadInput) {
  expect_error(replay({kBasic, "--input", R"({"x": 1})"}), "unexpected key \"x\"");
  // The input must fit run(), as for workflow.start: BasicWorkflow needs x.
  expect_error(replay({kBasic}), "'x'");
  expect_error(replay({kBasic, "--input", R"(["one"])"}), "'x'");
}

TEST_F(WorkflowReplayTest, NonDeterminism) {
  auto r = replay({"examples.timer.TimerWorkflow", "--history", basic_history_path()});
  expect_error(r, "non-deterministic");
  EXPECT_THAT(r.err, AllOf(HasSubstr("examples.timer.TimerWorkflow"), HasSubstr("event 7"),
                           HasSubstr("activity-examples.basic.increment-1")));
  EXPECT_THAT(r.err, Not(HasSubstr("bad history")));
}

TEST_F(WorkflowReplayTest, AnotherInputStillReplays) {
  // The same history with another input: increment-1 stays the first submission.
  auto r = replay({kBasic, "--history", basic_history_path(), "--input", "[3]"});
  EXPECT_EQ(r.exit_code, 0) << r.err;
}

}  // namespace
}  // namespace simpleflow::testing
