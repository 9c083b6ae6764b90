// The object layer's models (src/swf_objects/domain.cpp, workflow_type.cpp,
// activity_type.cpp, workflow_execution.cpp, model_diff.cpp, exceptions.cpp)
// against a scripted SwfClient: the requests they send, how they read the
// replies, and the exceptions SWF's faults become.
#include "simpleflow/swf/models.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <memory>
#include <ostream>
#include <optional>
#include <regex>
#include <stdexcept>
#include <string>
#include <typeinfo>
#include <vector>

#include "simpleflow/swf/exceptions.hpp"
#include "support/scripted_swf_client.hpp"

namespace simpleflow::swf {

// How gtest prints a Difference in failure messages (found by ADL).
void PrintTo(const Difference& d, std::ostream* os) {
  *os << d.field << ": local " << dumps(d.local) << ", remote " << dumps(d.remote);
}

namespace {

using ::testing::AllOf;
using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using simpleflow::testing::ScriptedSwfClient;

Json describe_domain_reply(const std::string& status = "REGISTERED", const std::string& retention = "7",
                           const std::optional<std::string>& description = std::nullopt) {
  Json info = {{"name", "prod"}, {"status", status}, {"arn", "arn:aws:swf:eu-west-1:1:/domain/prod"}};
  if (description) info["description"] = *description;
  return {{"domainInfo", info}, {"configuration", {{"workflowExecutionRetentionPeriodInDays", retention}}}};
}

Json describe_workflow_type_reply(Json configuration, const std::string& status = "REGISTERED") {
  return {{"typeInfo",
           {{"workflowType", {{"name", "etl.Nightly"}, {"version", "1"}}},
            {"status", status},
            {"creationDate", 1700000000.5}}},
          {"configuration", std::move(configuration)}};
}

Json describe_activity_type_reply(Json configuration, const std::string& description = "") {
  Json info = {{"activityType", {{"name", "extract"}, {"version", "2"}}},
               {"status", "REGISTERED"},
               {"creationDate", 1700000000.5}};
  if (!description.empty()) info["description"] = description;
  return {{"typeInfo", info}, {"configuration", std::move(configuration)}};
}

class SwfModelsTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedSwfClient> swf = std::make_shared<ScriptedSwfClient>();
  Domain domain{swf, "prod", {.retention_period = 7}};

  // The request of the only call made, which must be of `operation`.
  Json only_request(const std::string& operation) {
    auto calls = swf->calls();
    EXPECT_EQ(calls.size(), 1u);
    if (calls.empty()) return Json();
    EXPECT_EQ(calls[0].operation, operation);
    return calls[0].request;
  }
};

// ---- ModelDiff ----------------------------------------------------------------

TEST(SwfModelDiffTest, RecordsOnlyDifferingFieldsInOrder) {
  ModelDiff diff;
  EXPECT_TRUE(diff.empty());
  diff.add("name", "a", "a");
  diff.add("status", "REGISTERED", "DEPRECATED");
  diff.add("retention_period", "7", "30");
  diff.add("description", nullptr, nullptr);
  EXPECT_FALSE(diff.empty());
  EXPECT_EQ(diff.size(), 2u);
  EXPECT_TRUE(diff.contains("status"));
  EXPECT_FALSE(diff.contains("name"));
  EXPECT_THAT(diff.differing_fields(), ElementsAre("status", "retention_period"));
  EXPECT_THAT(diff.differences(), ElementsAre(Difference{"status", "REGISTERED", "DEPRECATED"},
                                              Difference{"retention_period", "7", "30"}));
}

// ---- Domain -------------------------------------------------------------------

TEST_F(SwfModelsTest, DomainNeedsAClient) {
  EXPECT_THROW(Domain(nullptr, "prod"), std::invalid_argument);
  Domain defaults(swf, "d");
  EXPECT_EQ(defaults.name(), "d");
  EXPECT_EQ(defaults.status(), kRegistered);
  EXPECT_EQ(defaults.retention_period(), 30);
  EXPECT_FALSE(defaults.description().has_value());
  EXPECT_EQ(defaults.client(), swf);
}

TEST_F(SwfModelsTest, DomainExists) {
  swf->reply("DescribeDomain", describe_domain_reply());
  EXPECT_TRUE(domain.exists());
  EXPECT_EQ(only_request("DescribeDomain"), (Json{{"name", "prod"}}));
}

TEST_F(SwfModelsTest, DomainDoesNotExistOnUnknownResourceFault) {
  swf->fail("DescribeDomain", ErrorKind::kUnknownResource, "UnknownResourceFault", "Unknown domain: prod");
  EXPECT_FALSE(domain.exists());
}

TEST_F(SwfModelsTest, DomainExistsThrowsOnOtherErrors) {
  swf->fail("DescribeDomain", ErrorKind::kAccessDenied, "AccessDeniedException", "not allowed");
  try {
    domain.exists();
    ADD_FAILURE() << "exists() did not throw";
  } catch (const ResponseError& e) {
    EXPECT_EQ(e.error().kind, ErrorKind::kAccessDenied);
    EXPECT_EQ(e.error().code, "AccessDeniedException");
    EXPECT_THAT(e.what(), AllOf(HasSubstr("DescribeDomain"), HasSubstr("AccessDeniedException"), HasSubstr("not allowed")));
  }
}

TEST_F(SwfModelsTest, DomainChangesListsTheDifferingFields) {
  swf->reply("DescribeDomain", describe_domain_reply("DEPRECATED", "30", "remote description"));
  ModelDiff diff = domain.changes();
  // The local description is unset: not compared.
  EXPECT_THAT(diff.differences(), ElementsAre(Difference{"status", "REGISTERED", "DEPRECATED"},
                                              Difference{"retention_period", "7", "30"}));
}

TEST_F(SwfModelsTest, DomainChangesComparesASetDescription) {
  Domain described(swf, "prod", {.description = "mine", .retention_period = 7});
  swf->reply("DescribeDomain", describe_domain_reply("REGISTERED", "7", "theirs"));
  EXPECT_THAT(described.changes().differences(), ElementsAre(Difference{"description", "mine", "theirs"}));
  // SWF sends no description: compared with "".
  swf->reply("DescribeDomain", describe_domain_reply("REGISTERED", "7"));
  EXPECT_THAT(described.changes().differences(), ElementsAre(Difference{"description", "mine", ""}));
}

TEST_F(SwfModelsTest, DomainIsSynced) {
  swf->reply("DescribeDomain", describe_domain_reply("REGISTERED", "7", "anything"));
  EXPECT_TRUE(domain.is_synced());
  swf->reply("DescribeDomain", describe_domain_reply("REGISTERED", "8"));
  EXPECT_FALSE(domain.is_synced());
}

TEST_F(SwfModelsTest, DomainThatDoesNotExistIsNotSyncedAndHasNoChanges) {
  swf->fail("DescribeDomain", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_FALSE(domain.is_synced());
  swf->fail("DescribeDomain", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(domain.changes(), DoesNotExistError);
  // Other errors are not "not synced".
  swf->fail("DescribeDomain", ErrorKind::kNetwork, "CURLE_COULDNT_CONNECT");
  EXPECT_THROW(domain.is_synced(), ResponseError);
}

TEST_F(SwfModelsTest, DomainUpstreamIsSwfsCopy) {
  swf->reply("DescribeDomain", describe_domain_reply("DEPRECATED", "90", "theirs"));
  Domain remote = domain.upstream();
  EXPECT_EQ(remote.name(), "prod");
  EXPECT_EQ(remote.status(), kDeprecated);
  EXPECT_EQ(remote.retention_period(), 90);
  EXPECT_EQ(remote.description(), "theirs");
  EXPECT_EQ(remote.client(), swf);
}

TEST_F(SwfModelsTest, DomainSaveRegistersIt) {
  swf->reply("RegisterDomain", Json::object());
  Domain described(swf, "prod", {.description = "production", .retention_period = 7});
  described.save();
  EXPECT_EQ(only_request("RegisterDomain"),
            (Json{{"name", "prod"}, {"workflowExecutionRetentionPeriodInDays", "7"}, {"description", "production"}}));
}

TEST_F(SwfModelsTest, DomainSaveWithoutDescriptionSendsNone) {
  swf->reply("RegisterDomain", Json::object());
  Domain(swf, "dev").save();
  EXPECT_EQ(only_request("RegisterDomain"), (Json{{"name", "dev"}, {"workflowExecutionRetentionPeriodInDays", "30"}}));
}

TEST_F(SwfModelsTest, DomainSaveOfAnExistingDomainThrowsAlreadyExists) {
  swf->fail("RegisterDomain", ErrorKind::kDomainAlreadyExists, "DomainAlreadyExistsFault", "prod");
  try {
    domain.save();
    ADD_FAILURE() << "save() did not throw";
  } catch (const AlreadyExistsError& e) {
    EXPECT_EQ(e.error().code, "DomainAlreadyExistsFault");
    EXPECT_EQ(e.error().operation, "RegisterDomain");
    EXPECT_EQ(dynamic_cast<const WorkflowExecutionAlreadyStartedError*>(&e), nullptr);
  }
}

TEST_F(SwfModelsTest, DomainDeprecate) {
  swf->reply("DeprecateDomain", Json::object());
  domain.deprecate();
  EXPECT_EQ(only_request("DeprecateDomain"), (Json{{"name", "prod"}}));
  swf->fail("DeprecateDomain", ErrorKind::kDomainDeprecated, "DomainDeprecatedFault");
  EXPECT_THROW(domain.deprecate(), ResponseError);
}

TEST_F(SwfModelsTest, DomainWorkflowsAndActivitiesListTheirTypes) {
  swf->reply("ListWorkflowTypes",
             {{"typeInfos",
               {{{"workflowType", {{"name", "w"}, {"version", "1"}}}, {"status", "DEPRECATED"}, {"creationDate", 1.0}}}}});
  swf->reply("ListActivityTypes",
             {{"typeInfos",
               {{{"activityType", {{"name", "a"}, {"version", "3"}}}, {"status", "REGISTERED"}, {"creationDate", 2.0}}}}});
  auto workflows = domain.workflows(kDeprecated);
  ASSERT_EQ(workflows.size(), 1u);
  EXPECT_EQ(workflows[0].name(), "w");
  EXPECT_EQ(workflows[0].options().status, kDeprecated);
  auto activities = domain.activities();
  ASSERT_EQ(activities.size(), 1u);
  EXPECT_EQ(activities[0].version(), "3");
  EXPECT_EQ(swf->requests("ListWorkflowTypes")[0], (Json{{"domain", "prod"}, {"registrationStatus", "DEPRECATED"}}));
  EXPECT_EQ(swf->requests("ListActivityTypes")[0], (Json{{"domain", "prod"}, {"registrationStatus", "REGISTERED"}}));
}

// ---- WorkflowType ---------------------------------------------------------------

TEST_F(SwfModelsTest, WorkflowTypeRejectsAnUnknownChildPolicy) {
  EXPECT_THROW(WorkflowType(domain, "etl.Nightly", "1", {.child_policy = "KILL"}), std::invalid_argument);
  EXPECT_THROW(WorkflowType(domain, "etl.Nightly", "1", {.child_policy = "terminate"}), std::invalid_argument);
  for (const char* policy : {"TERMINATE", "REQUEST_CANCEL", "ABANDON"})
    EXPECT_NO_THROW(WorkflowType(domain, "etl.Nightly", "1", {.child_policy = policy})) << policy;
  EXPECT_TRUE(swf->calls().empty());
}

TEST_F(SwfModelsTest, WorkflowTypeSaveSendsTheDefaults) {
  swf->reply("RegisterWorkflowType", Json::object());
  WorkflowType(domain, "etl.Nightly", "1").save();
  EXPECT_EQ(only_request("RegisterWorkflowType"), (Json{{"domain", "prod"},
                                                        {"name", "etl.Nightly"},
                                                        {"version", "1"},
                                                        {"defaultTaskStartToCloseTimeout", "300"},
                                                        {"defaultExecutionStartToCloseTimeout", "300"},
                                                        {"defaultChildPolicy", "TERMINATE"}}));
}

TEST_F(SwfModelsTest, WorkflowTypeSaveSendsItsOptions) {
  swf->reply("RegisterWorkflowType", Json::object());
  WorkflowType(domain, "etl.Nightly", "1",
               {.task_list = "etl", .child_policy = "ABANDON", .execution_timeout = "3600",
                .decision_tasks_timeout = "60", .description = "nightly"})
      .save();
  EXPECT_EQ(only_request("RegisterWorkflowType"), (Json{{"domain", "prod"},
                                                        {"name", "etl.Nightly"},
                                                        {"version", "1"},
                                                        {"description", "nightly"},
                                                        {"defaultTaskList", {{"name", "etl"}}},
                                                        {"defaultTaskStartToCloseTimeout", "60"},
                                                        {"defaultExecutionStartToCloseTimeout", "3600"},
                                                        {"defaultChildPolicy", "ABANDON"}}));
}

TEST_F(SwfModelsTest, WorkflowTypeSaveOfAnExistingTypeThrowsAlreadyExists) {
  swf->fail("RegisterWorkflowType", ErrorKind::kTypeAlreadyExists, "TypeAlreadyExistsFault");
  EXPECT_THROW(WorkflowType(domain, "etl.Nightly", "1").save(), AlreadyExistsError);
}

TEST_F(SwfModelsTest, WorkflowTypeExistsAndDeprecate) {
  swf->reply("DescribeWorkflowType", describe_workflow_type_reply(Json::object()));
  swf->fail("DescribeWorkflowType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  swf->reply("DeprecateWorkflowType", Json::object());
  WorkflowType type(domain, "etl.Nightly", "1");
  EXPECT_TRUE(type.exists());
  EXPECT_FALSE(type.exists());
  type.deprecate();
  Json type_request = {{"domain", "prod"}, {"workflowType", {{"name", "etl.Nightly"}, {"version", "1"}}}};
  EXPECT_EQ(swf->requests("DescribeWorkflowType")[0], type_request);
  EXPECT_EQ(swf->requests("DeprecateWorkflowType")[0], type_request);
}

TEST_F(SwfModelsTest, WorkflowTypeChanges) {
  WorkflowType type(domain, "etl.Nightly", "1", {.task_list = "etl"});
  swf->reply("DescribeWorkflowType", describe_workflow_type_reply({{"defaultTaskStartToCloseTimeout", "300"},
                                                                   {"defaultExecutionStartToCloseTimeout", "300"},
                                                                   {"defaultTaskList", {{"name", "etl"}}},
                                                                   {"defaultChildPolicy", "TERMINATE"}}));
  EXPECT_TRUE(type.changes().empty());

  swf->reply("DescribeWorkflowType", describe_workflow_type_reply({{"defaultTaskStartToCloseTimeout", "60"},
                                                                   {"defaultExecutionStartToCloseTimeout", "300"},
                                                                   {"defaultTaskList", {{"name", "other"}}},
                                                                   {"defaultChildPolicy", "ABANDON"}},
                                                                  "DEPRECATED"));
  EXPECT_THAT(type.changes().differences(),
              ElementsAre(Difference{"status", "REGISTERED", "DEPRECATED"}, Difference{"task_list", "etl", "other"},
                          Difference{"child_policy", "TERMINATE", "ABANDON"},
                          Difference{"decision_tasks_timeout", "300", "60"}));
}

TEST_F(SwfModelsTest, WorkflowTypeChangesSkipUnsetOptionalFields) {
  // No task list, description or dates locally: SWF's are not compared.
  WorkflowType type(domain, "etl.Nightly", "1");
  Json reply = describe_workflow_type_reply({{"defaultTaskStartToCloseTimeout", "300"},
                                             {"defaultExecutionStartToCloseTimeout", "300"},
                                             {"defaultTaskList", {{"name", "etl"}}},
                                             {"defaultChildPolicy", "TERMINATE"}});
  reply["typeInfo"]["description"] = "theirs";
  reply["typeInfo"]["deprecationDate"] = 1800000000.0;
  swf->reply("DescribeWorkflowType", reply);
  EXPECT_TRUE(type.changes().empty());
  swf->reply("DescribeWorkflowType", reply);
  EXPECT_TRUE(type.is_synced());
  swf->fail("DescribeWorkflowType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_FALSE(type.is_synced());
}

TEST_F(SwfModelsTest, WorkflowTypeUpstream) {
  swf->reply("DescribeWorkflowType", describe_workflow_type_reply({{"defaultTaskStartToCloseTimeout", "30"},
                                                                   {"defaultExecutionStartToCloseTimeout", "600"},
                                                                   {"defaultTaskList", {{"name", "q"}}},
                                                                   {"defaultChildPolicy", "REQUEST_CANCEL"}}));
  WorkflowType remote = WorkflowType(domain, "etl.Nightly", "1").upstream();
  EXPECT_EQ(remote.options().task_list, "q");
  EXPECT_EQ(remote.options().child_policy, "REQUEST_CANCEL");
  EXPECT_EQ(remote.options().execution_timeout, "600");
  EXPECT_EQ(remote.options().decision_tasks_timeout, "30");
  EXPECT_DOUBLE_EQ(remote.options().creation_date, 1700000000.5);
}

// ---- WorkflowType::start_execution -------------------------------------------

TEST_F(SwfModelsTest, StartExecutionSendsTheRequest) {
  swf->reply("StartWorkflowExecution", {{"runId", "run-1"}});
  WorkflowType type(domain, "etl.Nightly", "1", {.task_list = "etl"});
  WorkflowExecution run =
      type.start_execution({.workflow_id = "nightly-42",
                            .input = Json{{"b", 1}, {"a", {1, 2}}, {"s", "é"}},
                            .tag_list = {"t1", "t2"}});
  EXPECT_EQ(only_request("StartWorkflowExecution"),
            (Json{{"domain", "prod"},
                  {"workflowId", "nightly-42"},
                  {"workflowType", {{"name", "etl.Nightly"}, {"version", "1"}}},
                  {"taskList", {{"name", "etl"}}},
                  {"input", "{\"a\":[1,2],\"b\":1,\"s\":\"\\u00e9\"}"},
                  {"executionStartToCloseTimeout", "300"},
                  {"tagList", {"t1", "t2"}},
                  {"taskStartToCloseTimeout", "300"},
                  {"childPolicy", "TERMINATE"}}));
  EXPECT_EQ(run.workflow_id(), "nightly-42");
  EXPECT_EQ(run.run_id(), "run-1");
  EXPECT_EQ(run.domain().name(), "prod");
  EXPECT_EQ(run.fields().status, kStatusOpen);
  EXPECT_EQ(run.fields().workflow_type, (WorkflowTypeRef{"etl.Nightly", "1"}));
  EXPECT_EQ(run.fields().task_list, "etl");
  EXPECT_EQ(run.fields().child_policy, "TERMINATE");
  EXPECT_EQ(run.fields().execution_timeout, "300");
  EXPECT_EQ(run.fields().decision_tasks_timeout, "300");
  EXPECT_THAT(run.fields().tag_list, ElementsAre("t1", "t2"));
}

TEST_F(SwfModelsTest, StartExecutionDefaults) {
  swf->reply("StartWorkflowExecution", {{"runId", "run-2"}});
  WorkflowType type(domain, "etl.Nightly", "1");
  long long before = static_cast<long long>(std::time(nullptr));
  WorkflowExecution run = type.start_execution();
  long long after = static_cast<long long>(std::time(nullptr));

  Json request = only_request("StartWorkflowExecution");
  std::string id = request.at("workflowId").get<std::string>();
  std::smatch match;
  ASSERT_TRUE(std::regex_match(id, match, std::regex(R"(etl\.Nightly-1-(\d+))"))) << id;
  long long stamp = std::stoll(match[1].str());
  EXPECT_GE(stamp, before);
  EXPECT_LE(stamp, after);
  EXPECT_EQ(run.workflow_id(), id);
  EXPECT_EQ(request.at("input"), "{}");
  EXPECT_FALSE(request.contains("taskList"));  // the type's default task list applies
  EXPECT_FALSE(request.contains("tagList"));
  EXPECT_EQ(request.at("childPolicy"), "TERMINATE");
}

TEST_F(SwfModelsTest, StartExecutionOptionsOverrideTheTypes) {
  swf->reply("StartWorkflowExecution", {{"runId", "run-3"}});
  WorkflowType type(domain, "etl.Nightly", "1", {.task_list = "etl"});
  type.start_execution({.workflow_id = "w",
                        .task_list = "urgent",
                        .child_policy = "ABANDON",
                        .execution_timeout = "86400",
                        .input = Json::array({1, "x"}),
                        .decision_tasks_timeout = "10"});
  Json request = only_request("StartWorkflowExecution");
  EXPECT_EQ(request.at("taskList"), (Json{{"name", "urgent"}}));
  EXPECT_EQ(request.at("childPolicy"), "ABANDON");
  EXPECT_EQ(request.at("executionStartToCloseTimeout"), "86400");
  EXPECT_EQ(request.at("taskStartToCloseTimeout"), "10");
  EXPECT_EQ(request.at("input"), "[1,\"x\"]");
}

TEST_F(SwfModelsTest, StartExecutionRejectsBadOptionsWithoutACall) {
  WorkflowType type(domain, "etl.Nightly", "1");
  EXPECT_THROW(type.start_execution({.workflow_id = "w", .tag_list = {"1", "2", "3", "4", "5", "6"}}),
               std::invalid_argument);
  EXPECT_THROW(type.start_execution({.workflow_id = "w", .child_policy = "KILL"}), std::invalid_argument);
  EXPECT_TRUE(swf->calls().empty());
  // Five tags are fine.
  swf->reply("StartWorkflowExecution", {{"runId", "r"}});
  type.start_execution({.workflow_id = "w", .tag_list = {"1", "2", "3", "4", "5"}});
  EXPECT_EQ(swf->requests("StartWorkflowExecution").at(0).at("tagList").size(), 5u);
}

TEST_F(SwfModelsTest, StartExecutionOfARunningIdThrowsAlreadyStarted) {
  WorkflowType type(domain, "etl.Nightly", "1");
  swf->fail("StartWorkflowExecution", ErrorKind::kWorkflowExecutionAlreadyStarted,
            "WorkflowExecutionAlreadyStartedFault");
  EXPECT_THROW(type.start_execution({.workflow_id = "w"}), WorkflowExecutionAlreadyStartedError);
  swf->fail("StartWorkflowExecution", ErrorKind::kWorkflowExecutionAlreadyStarted,
            "WorkflowExecutionAlreadyStartedFault");
  try {
    type.start_execution({.workflow_id = "w"});
    ADD_FAILURE() << "no error";
  } catch (const AlreadyExistsError& e) {  // also an AlreadyExistsError
    EXPECT_NE(dynamic_cast<const WorkflowExecutionAlreadyStartedError*>(&e), nullptr);
    EXPECT_EQ(e.error().code, "WorkflowExecutionAlreadyStartedFault");
  }
  swf->fail("StartWorkflowExecution", ErrorKind::kTypeDeprecated, "TypeDeprecatedFault");
  EXPECT_THROW(type.start_execution({.workflow_id = "w"}), ResponseError);
}

// ---- ActivityType -----------------------------------------------------------------

TEST_F(SwfModelsTest, ActivityTypeSaveSendsOnlySetDefaults) {
  swf->reply("RegisterActivityType", Json::object());
  swf->reply("RegisterActivityType", Json::object());
  ActivityType(domain, "extract", "2").save();
  ActivityType(domain, "extract", "2",
               {.description = "reads", .task_list = "io", .task_heartbeat_timeout = "60",
                .task_schedule_to_close_timeout = "600", .task_schedule_to_start_timeout = "300",
                .task_start_to_close_timeout = "120"})
      .save();
  auto requests = swf->requests("RegisterActivityType");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0], (Json{{"domain", "prod"}, {"name", "extract"}, {"version", "2"}}));
  EXPECT_EQ(requests[1], (Json{{"domain", "prod"},
                               {"name", "extract"},
                               {"version", "2"},
                               {"description", "reads"},
                               {"defaultTaskList", {{"name", "io"}}},
                               {"defaultTaskHeartbeatTimeout", "60"},
                               {"defaultTaskScheduleToCloseTimeout", "600"},
                               {"defaultTaskScheduleToStartTimeout", "300"},
                               {"defaultTaskStartToCloseTimeout", "120"}}));
  swf->fail("RegisterActivityType", ErrorKind::kTypeAlreadyExists, "TypeAlreadyExistsFault");
  EXPECT_THROW(ActivityType(domain, "extract", "2").save(), AlreadyExistsError);
}

TEST_F(SwfModelsTest, ActivityTypeChanges) {
  Json configuration = {{"defaultTaskList", {{"name", "io"}}},
                        {"defaultTaskHeartbeatTimeout", "60"},
                        {"defaultTaskStartToCloseTimeout", "120"}};
  // Nothing set locally but name, version and status: nothing else compared.
  swf->reply("DescribeActivityType", describe_activity_type_reply(configuration, "theirs"));
  EXPECT_TRUE(ActivityType(domain, "extract", "2").changes().empty());

  ActivityType local(domain, "extract", "2",
                     {.description = "mine", .task_list = "io", .task_heartbeat_timeout = "30",
                      .task_schedule_to_close_timeout = "600", .task_start_to_close_timeout = "120"});
  swf->reply("DescribeActivityType", describe_activity_type_reply(configuration, "theirs"));
  EXPECT_THAT(local.changes().differences(),
              ElementsAre(Difference{"description", "mine", "theirs"},
                          Difference{"task_heartbeat_timeout", "30", "60"},
                          Difference{"task_schedule_to_close_timeout", "600", nullptr}));

  swf->reply("DescribeActivityType", describe_activity_type_reply(configuration));
  EXPECT_FALSE(local.is_synced());
  swf->fail("DescribeActivityType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_FALSE(local.is_synced());
  swf->fail("DescribeActivityType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(local.changes(), DoesNotExistError);
  EXPECT_EQ(swf->requests("DescribeActivityType")[0],
            (Json{{"domain", "prod"}, {"activityType", {{"name", "extract"}, {"version", "2"}}}}));
}

TEST_F(SwfModelsTest, ActivityTypeExistsUpstreamAndDeprecate) {
  swf->reply("DescribeActivityType", describe_activity_type_reply(Json::object()));
  swf->reply("DescribeActivityType", describe_activity_type_reply({{"defaultTaskList", {{"name", "io"}}},
                                                                   {"defaultTaskHeartbeatTimeout", "60"}},
                                                                  "theirs"));
  swf->reply("DeprecateActivityType", Json::object());
  ActivityType type(domain, "extract", "2");
  EXPECT_TRUE(type.exists());
  ActivityType remote = type.upstream();
  EXPECT_EQ(remote.options().task_list, "io");
  EXPECT_EQ(remote.options().task_heartbeat_timeout, "60");
  EXPECT_EQ(remote.options().description, "theirs");
  EXPECT_FALSE(remote.options().task_start_to_close_timeout.has_value());
  type.deprecate();
  EXPECT_EQ(swf->requests("DeprecateActivityType")[0],
            (Json{{"domain", "prod"}, {"activityType", {{"name", "extract"}, {"version", "2"}}}}));
}

// ---- WorkflowExecution --------------------------------------------------------------

Json history_event(long long id, const std::string& type) {
  return {{"eventId", id}, {"eventType", type}, {"eventTimestamp", 1700000000.0 + static_cast<double>(id)}};
}

TEST_F(SwfModelsTest, HistoryFollowsPageTokens) {
  swf->reply("GetWorkflowExecutionHistory",
             {{"events", {history_event(1, "WorkflowExecutionStarted"), history_event(2, "DecisionTaskScheduled")}},
              {"nextPageToken", "page-2"}});
  swf->reply("GetWorkflowExecutionHistory",
             {{"events", {history_event(3, "DecisionTaskStarted")}}, {"nextPageToken", "page-3"}});
  swf->reply("GetWorkflowExecutionHistory", {{"events", {history_event(4, "DecisionTaskCompleted")}}});
  WorkflowExecution run(domain, "w", "r");
  History history = run.history();
  ASSERT_EQ(history.size(), 4u);
  EXPECT_EQ(history.first().type, "WorkflowExecutionStarted");
  EXPECT_EQ(history.last().id, 4);
  EXPECT_EQ(history[2].family, "DecisionTask");

  Json base = {{"domain", "prod"}, {"execution", {{"workflowId", "w"}, {"runId", "r"}}}};
  Json second = base, third = base;
  second["nextPageToken"] = "page-2";
  third["nextPageToken"] = "page-3";
  EXPECT_THAT(swf->requests("GetWorkflowExecutionHistory"), ElementsAre(base, second, third));
}

TEST_F(SwfModelsTest, HistoryEventsPassesPagesAndOptions) {
  swf->reply("GetWorkflowExecutionHistory",
             {{"events", {history_event(2, "DecisionTaskScheduled")}}, {"nextPageToken", "p"}});
  swf->reply("GetWorkflowExecutionHistory", {{"events", {history_event(1, "WorkflowExecutionStarted")}}});
  std::vector<std::size_t> page_sizes;
  WorkflowExecution(domain, "w", "r")
      .history_events([&](const std::vector<Json>& page) { page_sizes.push_back(page.size()); },
                      /*reverse_order=*/true, /*page_size=*/1);
  EXPECT_THAT(page_sizes, ElementsAre(1u, 1u));
  auto requests = swf->requests("GetWorkflowExecutionHistory");
  ASSERT_EQ(requests.size(), 2u);
  for (const auto& request : requests) {
    EXPECT_EQ(request.at("reverseOrder"), true);
    EXPECT_EQ(request.at("maximumPageSize"), 1);
  }
  EXPECT_EQ(requests[1].at("nextPageToken"), "p");
}

TEST_F(SwfModelsTest, HistoryErrors) {
  WorkflowExecution run(domain, "w", "r");
  swf->fail("GetWorkflowExecutionHistory", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(run.history(), DoesNotExistError);
  // A failure on a later page is not swallowed.
  swf->reply("GetWorkflowExecutionHistory",
             {{"events", {history_event(1, "WorkflowExecutionStarted")}}, {"nextPageToken", "p"}});
  swf->fail("GetWorkflowExecutionHistory", ErrorKind::kThrottling, "ThrottlingException");
  EXPECT_THROW(run.history(), ResponseError);
  // A malformed event.
  swf->reply("GetWorkflowExecutionHistory", {{"events", {{{"eventId", 1}}}}});
  EXPECT_THROW(run.history(), InvalidInput);
}

TEST_F(SwfModelsTest, SignalSendsInputAsJson) {
  swf->reply("SignalWorkflowExecution", Json::object());
  swf->reply("SignalWorkflowExecution", Json::object());
  WorkflowExecution run(domain, "w", "r");
  run.signal("go", Json{{"speed", 2}, {"a", nullptr}});
  run.signal("stop");
  auto requests = swf->requests("SignalWorkflowExecution");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_EQ(requests[0], (Json{{"domain", "prod"},
                               {"workflowId", "w"},
                               {"runId", "r"},
                               {"signalName", "go"},
                               {"input", "{\"a\":null,\"speed\":2}"}}));
  EXPECT_EQ(requests[1], (Json{{"domain", "prod"}, {"workflowId", "w"}, {"runId", "r"}, {"signalName", "stop"}}));
  swf->fail("SignalWorkflowExecution", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(run.signal("go"), DoesNotExistError);
}

TEST_F(SwfModelsTest, RequestCancelAndTerminate) {
  swf->reply("RequestCancelWorkflowExecution", Json::object());
  swf->reply("TerminateWorkflowExecution", Json::object());
  swf->reply("TerminateWorkflowExecution", Json::object());
  WorkflowExecution run(domain, "w", "r");
  run.request_cancel();
  run.terminate();
  run.terminate("stuck", "details", "ABANDON");
  EXPECT_THAT(swf->requests("RequestCancelWorkflowExecution"),
              ElementsAre(Json{{"domain", "prod"}, {"workflowId", "w"}, {"runId", "r"}}));
  EXPECT_THAT(swf->requests("TerminateWorkflowExecution"),
              ElementsAre(Json{{"domain", "prod"}, {"workflowId", "w"}, {"runId", "r"}},
                          Json{{"domain", "prod"},
                               {"workflowId", "w"},
                               {"runId", "r"},
                               {"reason", "stuck"},
                               {"details", "details"},
                               {"childPolicy", "ABANDON"}}));
  swf->fail("TerminateWorkflowExecution", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(run.terminate(), DoesNotExistError);
}

Json describe_execution_reply() {
  return {{"executionInfo",
           {{"execution", {{"workflowId", "w"}, {"runId", "r"}}},
            {"workflowType", {{"name", "etl.Nightly"}, {"version", "1"}}},
            {"startTimestamp", 1700000000.0},
            {"executionStatus", "OPEN"},
            {"tagList", {"t1"}},
            {"cancelRequested", false}}},
          {"executionConfiguration",
           {{"taskStartToCloseTimeout", "300"},
            {"executionStartToCloseTimeout", "3600"},
            {"taskList", {{"name", "etl"}}},
            {"childPolicy", "TERMINATE"}}},
          {"openCounts", {{"openActivityTasks", 2}, {"openDecisionTasks", 1}, {"openTimers", 0}, {"openChildWorkflowExecutions", 0}}},
          {"latestExecutionContext", "ctx"}};
}

TEST_F(SwfModelsTest, WorkflowExecutionExistsChangesAndUpstream) {
  WorkflowExecution bare(domain, "w", "r");
  swf->reply("DescribeWorkflowExecution", describe_execution_reply());
  EXPECT_TRUE(bare.exists());
  EXPECT_EQ(swf->requests("DescribeWorkflowExecution")[0],
            (Json{{"domain", "prod"}, {"execution", {{"workflowId", "w"}, {"runId", "r"}}}}));
  swf->fail("DescribeWorkflowExecution", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_FALSE(bare.exists());

  // Empty local fields are not compared.
  swf->reply("DescribeWorkflowExecution", describe_execution_reply());
  EXPECT_TRUE(bare.changes().empty());

  ExecutionFields fields;
  fields.status = kStatusClosed;
  fields.task_list = "etl";
  fields.execution_timeout = "60";
  fields.tag_list = {"t2"};
  WorkflowExecution local(domain, "w", "r", fields);
  swf->reply("DescribeWorkflowExecution", describe_execution_reply());
  EXPECT_THAT(local.changes().differences(),
              ElementsAre(Difference{"status", "CLOSED", "OPEN"}, Difference{"execution_timeout", "60", "3600"},
                          Difference{"tag_list", Json::array({"t2"}), Json::array({"t1"})}));
  swf->reply("DescribeWorkflowExecution", describe_execution_reply());
  EXPECT_FALSE(local.is_synced());
  swf->fail("DescribeWorkflowExecution", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_FALSE(local.is_synced());

  swf->reply("DescribeWorkflowExecution", describe_execution_reply());
  WorkflowExecution remote = bare.upstream();
  EXPECT_EQ(remote.fields().status, kStatusOpen);
  EXPECT_EQ(remote.fields().task_list, "etl");
  EXPECT_EQ(remote.fields().execution_timeout, "3600");
  EXPECT_EQ(remote.fields().latest_execution_context, "ctx");
  ASSERT_TRUE(remote.fields().open_counts.has_value());
  EXPECT_EQ(remote.fields().open_counts->open_activity_tasks, 2);
  swf->reply("DescribeWorkflowExecution", describe_execution_reply());
  EXPECT_TRUE(remote.is_synced());
}

// ---- throw_error ----------------------------------------------------------------------

template <class Expected>
void expect_thrown_as(ErrorKind kind, const std::string& code) {
  CallError error{.kind = kind, .code = code, .message = "m", .operation = "Op", .endpoint = "scripted://swf"};
  try {
    throw_error(error);
  } catch (const SwfError& e) {
    EXPECT_EQ(typeid(e), typeid(Expected)) << code << " became " << typeid(e).name();
    EXPECT_EQ(e.error().kind, kind);
    EXPECT_EQ(e.error().code, code);
    EXPECT_EQ(std::string(e.what()), error.describe());
    EXPECT_NE(dynamic_cast<const simpleflow::Error*>(&e), nullptr);
    return;
  }
  ADD_FAILURE() << code << ": throw_error did not throw an SwfError";
}

TEST(SwfThrowErrorTest, EveryErrorKindMapsToItsException) {
  expect_thrown_as<DoesNotExistError>(ErrorKind::kUnknownResource, "UnknownResourceFault");
  expect_thrown_as<AlreadyExistsError>(ErrorKind::kTypeAlreadyExists, "TypeAlreadyExistsFault");
  expect_thrown_as<AlreadyExistsError>(ErrorKind::kDomainAlreadyExists, "DomainAlreadyExistsFault");
  expect_thrown_as<WorkflowExecutionAlreadyStartedError>(ErrorKind::kWorkflowExecutionAlreadyStarted,
                                                         "WorkflowExecutionAlreadyStartedFault");
  expect_thrown_as<RateLimitExceededError>(ErrorKind::kLimitExceeded, "LimitExceededFault");
  expect_thrown_as<ResponseError>(ErrorKind::kOperationNotPermitted, "OperationNotPermittedFault");
  expect_thrown_as<ResponseError>(ErrorKind::kTypeDeprecated, "TypeDeprecatedFault");
  expect_thrown_as<ResponseError>(ErrorKind::kDomainDeprecated, "DomainDeprecatedFault");
  expect_thrown_as<ResponseError>(ErrorKind::kDefaultUndefined, "DefaultUndefinedFault");
  expect_thrown_as<ResponseError>(ErrorKind::kTooManyTags, "TooManyTagsFault");
  expect_thrown_as<ResponseError>(ErrorKind::kThrottling, "ThrottlingException");
  expect_thrown_as<ResponseError>(ErrorKind::kValidation, "ValidationException");
  expect_thrown_as<ResponseError>(ErrorKind::kAuthentication, "UnrecognizedClientException");
  expect_thrown_as<ResponseError>(ErrorKind::kAccessDenied, "AccessDeniedException");
  expect_thrown_as<ResponseError>(ErrorKind::kService, "InternalFailure");
  expect_thrown_as<ResponseError>(ErrorKind::kNetwork, "CURLE_OPERATION_TIMEDOUT");
  expect_thrown_as<ResponseError>(ErrorKind::kBadResponse, "BadResponse");
  expect_thrown_as<ResponseError>(ErrorKind::kOther, "SomethingElse");
}

TEST(SwfThrowErrorTest, ValueOrThrow) {
  EXPECT_EQ(value_or_throw(Result<int>(3)), 3);
  EXPECT_NO_THROW(value_or_throw(Result<void>()));
  CallError error{.kind = ErrorKind::kUnknownResource, .code = "UnknownResourceFault"};
  EXPECT_THROW(value_or_throw(Result<int>(error)), DoesNotExistError);
  EXPECT_THROW(value_or_throw(Result<void>(error)), DoesNotExistError);
}

// ---- Known problems (see the report; enable once fixed) ----------------------

// SWF describes a domain that keeps no history with a retention of "NONE";
// DomainQuerySet::get() reads it as 0, and changes() then compares "0" with
// "NONE": a domain read from SWF is not synced with SWF.
TEST_F(SwfModelsTest, ADomainWithoutRetentionIsSyncedWithItself) {
  swf->reply("DescribeDomain", describe_domain_reply("REGISTERED", "NONE"));
  Domain remote = domain.upstream();
  swf->reply("DescribeDomain", describe_domain_reply("REGISTERED", "NONE"));
  EXPECT_THAT(remote.changes().differences(), IsEmpty());
}

// A type registered without default child policy or timeouts: get() keeps the
// model's defaults ("TERMINATE", "300"), and changes() compares them with
// SWF's absent values: a type read from SWF is not synced with SWF.
TEST_F(SwfModelsTest, AWorkflowTypeWithoutDefaultsIsSyncedWithItself) {
  swf->reply("DescribeWorkflowType", describe_workflow_type_reply(Json::object()));
  WorkflowType remote = WorkflowType(domain, "etl.Nightly", "1").upstream();
  swf->reply("DescribeWorkflowType", describe_workflow_type_reply(Json::object()));
  EXPECT_THAT(remote.changes().differing_fields(), IsEmpty());
}

}  // namespace
}  // namespace simpleflow::swf
