// `simpleflow workflow.start` on SWF (without --local), as a user runs it,
// against moto's SWF server started for the test.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "simpleflow/swf.hpp"
#include "support/command.hpp"
#include "support/python_server.hpp"

namespace simpleflow::testing {
namespace {

using ::testing::HasSubstr;
using ::testing::MatchesRegex;
using ::testing::Not;

const char* kBasic = "examples.basic.BasicWorkflow";

// The variables through which a developer's own AWS setup could leak in.
const std::vector<std::string> kAwsVariables = {
    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SWF", "AWS_REGION", "AWS_DEFAULT_REGION", "AWS_ACCESS_KEY_ID",
    "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_CONFIG_FILE", "AWS_SHARED_CREDENTIALS_FILE",
    "SWF_DOMAIN"};

CommandOptions isolated(std::map<std::string, std::string> env) {
  env.emplace("HOME", "/nonexistent");
  env.emplace("LOG_LEVEL", "INFO");
  return {.env = std::move(env), .unset_env = kAwsVariables};
}

class WorkflowStartSwfTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    moto_ = new PythonServer({test_script("tests/support/moto_server.py")});
    client_ = new std::shared_ptr<swf::SwfClient>(
        swf::make_client({.endpoint = moto_->endpoint(),
                          .region = "us-east-1",
                          .credentials = swf::Credentials{"testing", "testing", "", "test"}})
            .value());
    swf::DomainQuerySet(*client_).get_or_create("cli");
  }
  static void TearDownTestSuite() {
    delete client_;
    delete moto_;
  }

  CommandResult start(const std::vector<std::string>& args) {
    std::vector<std::string> argv = {"workflow.start", kBasic};
    argv.insert(argv.end(), args.begin(), args.end());
    return simpleflow(argv, isolated(moto_env({{"SWF_DOMAIN", "cli"}})));
  }

  // Moto tells its services apart by the signature's credential scope: calls
  // to it must be signed.
  static std::map<std::string, std::string> moto_env(std::map<std::string, std::string> env) {
    env.emplace("AWS_ENDPOINT_URL_SWF", moto_->endpoint());
    env.emplace("AWS_ACCESS_KEY_ID", "testing");
    env.emplace("AWS_SECRET_ACCESS_KEY", "testing");
    return env;
  }

  static PythonServer* moto_;
  static std::shared_ptr<swf::SwfClient>* client_;
};

PythonServer* WorkflowStartSwfTest::moto_ = nullptr;
std::shared_ptr<swf::SwfClient>* WorkflowStartSwfTest::client_ = nullptr;

TEST_F(WorkflowStartSwfTest, StartsTheExecutionAndPrintsItsIds) {
  auto r = start({"--input", "[1, 5]", "--workflow-id", "basic-1", "--tags", "a, b"});
  ASSERT_EQ(r.exit_code, 0) << r.err;
  EXPECT_THAT(r.out, MatchesRegex("basic-1 [^ \n]+\n"));
  EXPECT_THAT(r.err, HasSubstr("SWF endpoint " + moto_->endpoint() + " (AWS_ENDPOINT_URL_SWF)"));
  EXPECT_THAT(r.err, HasSubstr("region us-east-1"));
  std::string run_id = r.out.substr(8, r.out.size() - 9);

  swf::Domain domain(*client_, "cli");
  swf::WorkflowExecution run = swf::WorkflowExecutionQuerySet(domain).get("basic-1", run_id);
  EXPECT_EQ(run.fields().tag_list, (std::vector<std::string>{"a", "b"}));
  EXPECT_EQ(run.fields().task_list, "example");  // the workflow's own
  swf::History history = run.history();
  EXPECT_EQ(Json::parse(history.first().attributes.value("input", "")),
            (Json{{"args", {1, 5}}, {"kwargs", Json::object()}, {"__extra", {{"class", kBasic}}}}));

  // The type was registered with the workflow's defaults.
  swf::WorkflowType type = swf::WorkflowTypeQuerySet(domain).get("basic", "example");
  EXPECT_EQ(type.options().task_list, "example");
  EXPECT_EQ(type.options().child_policy, "TERMINATE");
}

TEST_F(WorkflowStartSwfTest, AnOpenExecutionWithTheSameIdIsAnError) {
  ASSERT_EQ(start({"--input", "[1, 5]", "--workflow-id", "twice"}).exit_code, 0);
  auto r = start({"--input", "[1, 5]", "--workflow-id", "twice"});
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("WorkflowExecutionAlreadyStartedFault"));
}

TEST_F(WorkflowStartSwfTest, BadInputIsRefusedBeforeAnyCall) {
  auto r = start({"--input", R"({"kwargs": {"nope": 1}})"});
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("bad input"));
  EXPECT_THAT(r.err, Not(HasSubstr("SWF endpoint")));
}

TEST_F(WorkflowStartSwfTest, AnUnknownDomainIsNamed) {
  auto r = simpleflow({"workflow.start", kBasic, "--domain", "missing-domain", "--input", "[1, 5]"},
                      isolated(moto_env({})));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("UnknownResourceFault"));
}

// A bad default used to reach SWF (which refused the type, or took it when
// the type was already there and the default was not needed).
TEST_F(WorkflowStartSwfTest, ABadSettingIsRefusedBeforeAnyCall) {
  for (const auto& [name, value] : std::vector<std::pair<std::string, std::string>>{
           {"WORKFLOW_DEFAULT_EXECUTION_TIME", "NONE"},
           {"WORKFLOW_DEFAULT_DECISION_TASK_TIMEOUT", "-1"},
           {"WORKFLOW_DEFAULT_TASK_LIST", " padded"},
           {"SWF_DOMAIN", "cli/prod"},
           {"SIMPLEFLOW_IDENTITY", "[1"},
       }) {
    SCOPED_TRACE(name + "=" + value);
    std::map<std::string, std::string> env = moto_env({{"SWF_DOMAIN", "cli"}});
    env[name] = value;
    auto r = simpleflow({"workflow.start", kBasic, "--input", "[1, 5]"}, isolated(env));
    EXPECT_EQ(r.exit_code, 2) << r.err;
    EXPECT_THAT(r.err, HasSubstr("simpleflow: error: " + name + " must be "));
    EXPECT_THAT(r.err, Not(HasSubstr("SWF endpoint")));
    EXPECT_EQ(r.out, "");
  }
}

TEST(WorkflowStartSwfConfigTest, NoDomainIsAUsageError) {
  auto r = simpleflow({"workflow.start", kBasic, "-i", "[1]", "--endpoint-url", "http://127.0.0.1:9"}, isolated({}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("--domain or set SWF_DOMAIN"));
}

TEST(WorkflowStartSwfConfigTest, NothingConfiguredSaysHowToConfigure) {
  auto r = simpleflow({"workflow.start", kBasic, "-i", "[1]", "--domain", "d"}, isolated({}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("no SWF endpoint is configured"));
  EXPECT_THAT(r.err, HasSubstr("AWS_REGION"));
  EXPECT_THAT(r.err, HasSubstr("AWS_ACCESS_KEY_ID"));
}

TEST(WorkflowStartSwfConfigTest, CredentialsWithoutARegionSayHowToSetTheRegion) {
  auto r = simpleflow({"workflow.start", kBasic, "-i", "[1]", "--domain", "d"},
                      isolated({{"AWS_ACCESS_KEY_ID", "AKIA"}, {"AWS_SECRET_ACCESS_KEY", "s"}}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("AWS_REGION"));
  EXPECT_THAT(r.err, Not(HasSubstr("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY")));
}

TEST(WorkflowStartSwfConfigTest, AKeyWithoutItsSecretIsAnError) {
  auto r = simpleflow({"workflow.start", kBasic, "-i", "[1]", "--domain", "d", "--region", "eu-west-1"},
                      isolated({{"AWS_ACCESS_KEY_ID", "AKIA"}}));
  EXPECT_EQ(r.exit_code, 2);
  EXPECT_THAT(r.err, HasSubstr("AWS_ACCESS_KEY_ID is set without AWS_SECRET_ACCESS_KEY"));
}

TEST(WorkflowStartSwfConfigTest, ARefusedConnectionIsRetriedThenReported) {
  auto r = simpleflow({"workflow.start", kBasic, "-i", "[1]", "--domain", "d", "--endpoint-url", "http://127.0.0.1:9"},
                      isolated({{"SWF_CONNECTION_RETRIES", "1"}}));
  EXPECT_EQ(r.exit_code, 1);
  EXPECT_THAT(r.err, HasSubstr("http://127.0.0.1:9"));
  EXPECT_THAT(r.err, HasSubstr("after 2 attempts"));
}

}  // namespace
}  // namespace simpleflow::testing
