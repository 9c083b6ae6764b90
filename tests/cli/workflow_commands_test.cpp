// The workflow.* inspection commands (info, profile, tasks, task.info, list,
// filter, history) against executions with known histories: their output in
// every --format is compared with golden files (tests/cli/golden/; rewrite
// them with SIMPLEFLOW_UPDATE_GOLDEN=1), and finding executions by workflow
// id and run id is checked.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/golden.hpp"
#include "cli/workflow_commands_fixture.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;

const std::string kDomain = "inspect";

// The executions of the scenario, by workflow id: their run ids.
std::map<std::string, std::string>* runs = nullptr;
EmbeddedSwf* swf = nullptr;

Json decision(const std::string& type, Json attributes) {
  std::string member = type;
  member[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(member[0])));
  return {{"decisionType", type}, {member + "DecisionAttributes", std::move(attributes)}};
}

// basic-1: closed, COMPLETED, with every kind of task; basic-2: open, an
// activity running; basic-3: TERMINATED before any decision; basic-1-child:
// the child of basic-1, COMPLETED.
void play_scenario(EmbeddedSwf& s, std::map<std::string, std::string>& run_ids) {
  const std::string& d = kDomain;
  s.register_domain(d);
  s.at(0);
  run_ids["basic-1"] = s.start(d, "basic-1", EmbeddedSwf::args({1, 5}), {"env=test", "team=data"});
  s.at(1);
  s.decide(d, {EmbeddedSwf::schedule("examples.basic.increment", 1, EmbeddedSwf::args({1}))});
  s.at(3);
  std::string token = s.take_activity(d);
  s.at(5.5);
  s.ok("RespondActivityTaskCompleted", {{"taskToken", token}, {"result", "2"}});
  s.at(6);
  s.decide(d, {EmbeddedSwf::schedule("examples.basic.double", 1, EmbeddedSwf::args({2}))});
  s.at(7);
  token = s.take_activity(d);
  s.at(8.25);
  s.ok("RespondActivityTaskFailed",
       {{"taskToken", token}, {"reason", "ValueError: boom"}, {"details", R"({"error":"ValueError","message":"boom"})"}});
  s.at(9);
  s.ok("SignalWorkflowExecution",
       {{"domain", d}, {"workflowId", "basic-1"}, {"signalName", "ready"}, {"input", R"({"go":true})"}});
  s.at(10);
  s.decide(d, {EmbeddedSwf::schedule("examples.basic.double", 1, EmbeddedSwf::args({2})),  // the retry
               decision("RecordMarker", {{"markerName", "checkpoint"}, {"details", R"({"step":2})"}}),
               decision("StartChildWorkflowExecution", {{"workflowId", "basic-1-child"},
                                                        {"workflowType", {{"name", "basic"}, {"version", "example"}}},
                                                        {"taskList", {{"name", "children"}}},
                                                        {"input", dumps(EmbeddedSwf::args({3}))}})});
  s.at(11);
  token = s.take_activity(d);
  s.at(12);
  s.decide(d, {decision("CompleteWorkflowExecution", {{"result", R"("child done")"}})}, "children");
  s.at(13.5);
  s.ok("RespondActivityTaskCompleted", {{"taskToken", token}, {"result", "4"}});
  s.at(14);
  s.decide(d, {decision("StartTimer", {{"timerId", "pause"}, {"startToFireTimeout", "5"}})});
  s.at(19);
  s.fire_timers();
  s.at(20);
  s.decide(d, {decision("CompleteWorkflowExecution", {{"result", "4"}})});
  for (const Json& event : s.history(d, "basic-1", run_ids["basic-1"]))
    if (event.at("eventType") == "ChildWorkflowExecutionStarted")
      run_ids["basic-1-child"] = event.at("childWorkflowExecutionStartedEventAttributes").at("workflowExecution").at("runId");

  s.at(30);
  run_ids["basic-2"] = s.start(d, "basic-2", EmbeddedSwf::args({7}), {"env=test"});
  s.at(31);
  s.decide(d, {EmbeddedSwf::schedule("examples.basic.increment", 1, EmbeddedSwf::args({7}))});
  s.at(32);
  s.take_activity(d);

  s.at(40);
  run_ids["basic-3"] = s.start(d, "basic-3", EmbeddedSwf::args({9}), {"env=prod"});
  s.at(41);
  s.ok("TerminateWorkflowExecution", {{"domain", d}, {"workflowId", "basic-3"}, {"reason", "manual"}});
  s.at(50);
}

// `out` with each run id replaced by "RUN_ID_OF_<workflow id>", padded to a
// run id's length so that tables stay aligned.
std::string mask_run_ids(std::string out) {
  for (const auto& [workflow_id, run_id] : *runs) {
    std::string mask = "RUN_ID_OF_" + workflow_id;
    mask.resize(std::max(mask.size(), run_id.size()), '_');
    for (auto at = out.find(run_id); at != std::string::npos; at = out.find(run_id, at + mask.size()))
      out.replace(at, run_id.size(), mask);
  }
  return out;
}

class WorkflowCommandsEnvironment : public ::testing::Environment {
 public:
  void SetUp() override {
    swf = new EmbeddedSwf;
    runs = new std::map<std::string, std::string>;
    play_scenario(*swf, *runs);
  }
  void TearDown() override {
    delete swf;
    delete runs;
    swf = nullptr;
    runs = nullptr;
  }
};
const auto* const kEnvironment = ::testing::AddGlobalTestEnvironment(new WorkflowCommandsEnvironment);

// ---- Golden outputs ---------------------------------------------------------

struct GoldenCase {
  std::string file;               // under tests/cli/golden/
  std::vector<std::string> args;  // global options, then the command
};

struct Variant {
  std::string name;
  std::vector<std::string> options;
};

const std::vector<Variant> kTableVariants = {
    {"tabular", {}},
    {"tabular-header", {"--header"}},
    {"csv", {"--format", "csv"}},
    {"csv-header", {"--format", "csv", "--header"}},
    {"tsv", {"--format", "tsv"}},
    {"tsv-header", {"--format", "tsv", "--header"}},
    {"human", {"--format", "human"}},
    {"json", {"--format", "json"}},
    {"json-header", {"--format", "json", "--header"}},
    {"prettyjson", {"--format", "prettyjson"}},
};

GoldenCase golden_case(const std::string& name, const Variant& variant, const std::vector<std::string>& command) {
  GoldenCase c{name + "." + variant.name + ".txt", variant.options};
  c.args.insert(c.args.end(), command.begin(), command.end());
  return c;
}

std::vector<GoldenCase> golden_cases() {
  const std::vector<std::pair<std::string, std::vector<std::string>>> tables = {
      {"workflow.info", {"workflow.info", kDomain, "basic-1"}},
      {"workflow.profile", {"workflow.profile", kDomain, "basic-1"}},
      {"workflow.tasks", {"workflow.tasks", kDomain, "basic-1"}},
      {"task.info", {"task.info", kDomain, "basic-1", "activity-examples.basic.double-1", "--details"}},
      {"workflow.list", {"workflow.list", kDomain, "--status", "closed", "--started-since", "3650"}},
      {"workflow.filter", {"workflow.filter", kDomain, "--status", "closed", "--from-date", "2026-01-01"}},
  };
  std::vector<GoldenCase> cases;
  for (const auto& [name, command] : tables)
    for (const auto& variant : kTableVariants) cases.push_back(golden_case(name, variant, command));

  const std::vector<Variant> json_variants = {{"json-header", {"--format", "json", "--header"}},
                                              {"prettyjson", {"--format", "prettyjson"}}};
  for (const char* of : {"events", "raw", "cooked"})
    for (const auto& variant : json_variants)
      cases.push_back(golden_case(std::string("workflow.history-") + of, variant,
                                  {"workflow.history", "basic-1", "--domain", kDomain, "--output-format", of}));

  // Options, in one format each.
  const Variant& table = kTableVariants[1];
  cases.push_back(golden_case("workflow.profile-nb-tasks", table, {"workflow.profile", kDomain, "basic-1", "-n", "2"}));
  cases.push_back(golden_case("workflow.tasks-nb-tasks", table, {"workflow.tasks", kDomain, "basic-1", "--nb-tasks", "3"}));
  cases.push_back(golden_case("task.info-no-details", table,
                              {"task.info", kDomain, "basic-1", "activity-examples.basic.increment-1"}));
  cases.push_back(golden_case("workflow.list-open", table, {"workflow.list", kDomain, "-d", "3650"}));
  cases.push_back(golden_case("workflow.filter-tag", table,
                              {"workflow.filter", kDomain, "-s", "closed", "--from-date", "2026-01-02T00:00:00+01:00",
                               "--tag", "env=test"}));
  cases.push_back(golden_case("workflow.filter-close-status", table,
                              {"workflow.filter", kDomain, "--status", "closed", "-c", "terminated", "-d", "3650"}));
  cases.push_back(golden_case("workflow.filter-type", table,
                              {"workflow.filter", kDomain, "--workflow-type-name", "basic", "--workflow-type-version",
                               "example", "--from-date", "2026-01-02 03:00:00"}));
  cases.push_back(golden_case("workflow.filter-dates", table,
                              {"workflow.filter", kDomain, "-s", "closed", "--from-date", "2026-01-02T03:04:30",
                               "--to-date", "2026-01-02T03:04:50Z"}));
  cases.push_back(golden_case("workflow.history-raw-reversed", json_variants[0],
                              {"workflow.history", "basic-1", "--domain", kDomain, "-o", "raw", "--reverse-order", "true"}));
  cases.push_back(golden_case("workflow.history-events-reversed", json_variants[0],
                              {"workflow.history", "basic-1", "--domain", kDomain, "--of", "events", "--reverse-order"}));
  return cases;
}

class WorkflowCommandsGoldenTest : public ::testing::TestWithParam<GoldenCase> {};

TEST_P(WorkflowCommandsGoldenTest, PrintsTheGoldenOutput) {
  auto r = swf->cli(GetParam().args);
  ASSERT_EQ(r.exit_code, 0) << r.err;
  expect_golden(GetParam().file, mask_run_ids(r.out));
}

std::string test_name(const ::testing::TestParamInfo<GoldenCase>& info) {
  std::string name = info.param.file.substr(0, info.param.file.size() - 4);
  for (char& c : name)
    if (!std::isalnum(static_cast<unsigned char>(c))) c = '_';
  return name;
}

INSTANTIATE_TEST_SUITE_P(Golden, WorkflowCommandsGoldenTest, ::testing::ValuesIn(golden_cases()), test_name);

// ---- Finding the execution ------------------------------------------------

TEST(WorkflowCommandsTest, ARunIdNamesThatRunAndMayBeUrlEncoded) {
  const std::string& run_id = runs->at("basic-1");
  auto latest = swf->cli({"workflow.info", kDomain, "basic-1"});
  auto named = swf->cli({"workflow.info", kDomain, "basic-1", run_id});
  std::string encoded;
  for (char c : run_id) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(c));
    encoded += std::isalnum(static_cast<unsigned char>(c)) ? std::string(1, c) : std::string(buf);
  }
  encoded += "%3D";  // a trailing '=' the console may add is decoded too, and then unknown
  auto url = swf->cli({"workflow.info", kDomain, "basic-1", encoded.substr(0, encoded.size() - 3)});
  ASSERT_EQ(latest.exit_code, 0) << latest.err;
  EXPECT_EQ(named.out, latest.out);
  EXPECT_EQ(url.out, latest.out) << url.err;
  auto unknown = swf->cli({"workflow.info", kDomain, "basic-1", encoded});
  EXPECT_EQ(unknown.exit_code, 1);
  EXPECT_THAT(unknown.err, HasSubstr("no execution \"basic-1\" with run id \"" + run_id + "=\" in domain \"inspect\""));
}

TEST(WorkflowCommandsTest, WithoutARunIdTheOpenExecutionComesFirst) {
  auto r = swf->cli({"--format", "json", "--header", "workflow.info", kDomain, "basic-2"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  Json info = Json::parse(r.out).at(0);
  EXPECT_EQ(info.at("run_id"), runs->at("basic-2"));
  EXPECT_EQ(info.at("tag_list"), "env=test");
  EXPECT_EQ(info.at("input"), EmbeddedSwf::args({7}));
  // Open: the time it has been running so far, by the wall clock.
  EXPECT_GT(info.at("execution_time").get<double>(), 0);
}

TEST(WorkflowCommandsTest, UnknownExecutionsAndDomainsAreNamed) {
  auto r = swf->cli({"workflow.info", kDomain, "nope"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("simpleflow: error: no execution with workflow id \"nope\" in domain \"inspect\""));
  EXPECT_EQ(r.out, "");
  r = swf->cli({"workflow.tasks", "missing-domain", "basic-1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("simpleflow: error: unknown domain \"missing-domain\""));
  r = swf->cli({"workflow.list", "missing-domain"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UnknownResourceFault"));
  r = swf->cli({"workflow.history", "basic-1", "nope", "--domain", kDomain, "--format", "prettyjson"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no execution \"basic-1\" with run id \"nope\""));
  r = swf->cli({"task.info", kDomain, "basic-1", "activity-nope-1"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("no activity \"activity-nope-1\" in execution basic-1 " + runs->at("basic-1")));
}

TEST(WorkflowCommandsTest, TheHistoryDomainComesFromTheEnvironment) {
  auto with_option = swf->cli({"--format", "prettyjson", "workflow.history", "basic-3", "-d", kDomain});
  auto r = simpleflow({"--format", "prettyjson", "workflow.history", "basic-3"},
                      {.env = {{"AWS_ENDPOINT_URL_SWF", swf->endpoint()}, {"SWF_DOMAIN", kDomain}, {"HOME", "/nonexistent"}},
                       .unset_env = {"AWS_ENDPOINT_URL", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
                                     "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "SIMPLEFLOW_FORMAT"}});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_EQ(r.out, with_option.out);
  Json events = Json::parse(r.out);
  ASSERT_EQ(events.size(), 3u);  // started, decision scheduled, terminated
  EXPECT_EQ(events[2].at("type"), "WorkflowExecution");
  EXPECT_EQ(events[2].at("state"), "terminated");
  EXPECT_EQ(events[2].at("reason"), "manual");
}

}  // namespace
}  // namespace simpleflow::testing
