// Querysets (src/swf_objects/querysets.cpp) against a scripted SwfClient:
// get, listings over several pages, create, get_or_create and its race, and
// the execution filters' requests and refusals.
#include "simpleflow/swf/querysets.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <ctime>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

#include "simpleflow/swf/exceptions.hpp"
#include "support/scripted_swf_client.hpp"

namespace simpleflow::swf {
namespace {

using ::testing::ElementsAre;
using ::testing::IsEmpty;
using simpleflow::testing::ScriptedSwfClient;

std::vector<std::string> operations(const ScriptedSwfClient& swf) {
  std::vector<std::string> out;
  for (const auto& call : swf.calls()) out.push_back(call.operation);
  return out;
}

template <class Model>
std::vector<std::string> names(const std::vector<Model>& models) {
  std::vector<std::string> out;
  for (const auto& m : models) out.push_back(m.name());
  return out;
}

double now() { return static_cast<double>(std::time(nullptr)); }

Json describe_domain_reply(const std::string& name, const std::string& retention,
                           const std::string& description = "") {
  Json info = {{"name", name}, {"status", "REGISTERED"}};
  if (!description.empty()) info["description"] = description;
  return {{"domainInfo", info}, {"configuration", {{"workflowExecutionRetentionPeriodInDays", retention}}}};
}

// ---- DomainQuerySet -----------------------------------------------------------

class SwfDomainQuerySetTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedSwfClient> swf = std::make_shared<ScriptedSwfClient>();
  DomainQuerySet domains{swf};
};

TEST_F(SwfDomainQuerySetTest, NeedsAClient) { EXPECT_THROW(DomainQuerySet(nullptr), std::invalid_argument); }

TEST_F(SwfDomainQuerySetTest, GetReadsSwfsCopy) {
  swf->reply("DescribeDomain", describe_domain_reply("prod", "14", "production"));
  Domain d = domains.get("prod");
  EXPECT_EQ(d.name(), "prod");
  EXPECT_EQ(d.status(), kRegistered);
  EXPECT_EQ(d.description(), "production");
  EXPECT_EQ(d.retention_period(), 14);
  EXPECT_EQ(d.client(), swf);
  EXPECT_THAT(swf->requests("DescribeDomain"), ElementsAre(Json{{"name", "prod"}}));
}

TEST_F(SwfDomainQuerySetTest, GetOfADomainWithoutRetentionOrDescription) {
  swf->reply("DescribeDomain", describe_domain_reply("tmp", "NONE"));
  Domain d = domains.get("tmp");
  EXPECT_EQ(d.retention_period(), 0);
  EXPECT_FALSE(d.description().has_value());
}

TEST_F(SwfDomainQuerySetTest, GetOfAnUnknownDomainThrowsDoesNotExist) {
  swf->fail("DescribeDomain", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(domains.get("nope"), DoesNotExistError);
}

TEST_F(SwfDomainQuerySetTest, AllFollowsPages) {
  swf->reply("ListDomains", {{"domainInfos",
                              {{{"name", "a"}, {"status", "REGISTERED"}, {"description", "first"}},
                               {{"name", "b"}, {"status", "REGISTERED"}}}},
                             {"nextPageToken", "tok-2"}});
  swf->reply("ListDomains", {{"domainInfos", {{{"name", "c"}, {"status", "REGISTERED"}}}}});
  std::vector<Domain> all = domains.all();
  EXPECT_THAT(names(all), ElementsAre("a", "b", "c"));
  EXPECT_EQ(all[0].description(), "first");
  EXPECT_FALSE(all[1].description().has_value());
  EXPECT_THAT(swf->requests("ListDomains"),
              ElementsAre(Json{{"registrationStatus", "REGISTERED"}},
                          Json{{"registrationStatus", "REGISTERED"}, {"nextPageToken", "tok-2"}}));
}

TEST_F(SwfDomainQuerySetTest, AllOfAStatus) {
  swf->reply("ListDomains", {{"domainInfos", {{{"name", "old"}, {"status", "DEPRECATED"}}}}});
  std::vector<Domain> all = domains.all(kDeprecated);
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(all[0].status(), kDeprecated);
  EXPECT_EQ(swf->requests("ListDomains")[0], (Json{{"registrationStatus", "DEPRECATED"}}));
  // An empty listing.
  swf->reply("ListDomains", Json::object());
  EXPECT_THAT(domains.all(), IsEmpty());
  // A failing page.
  swf->reply("ListDomains", {{"domainInfos", {{{"name", "a"}}}}, {"nextPageToken", "t"}});
  swf->fail("ListDomains", ErrorKind::kAccessDenied, "AccessDeniedException");
  EXPECT_THROW(domains.all(), ResponseError);
}

TEST_F(SwfDomainQuerySetTest, CreateRegisters) {
  swf->reply("RegisterDomain", Json::object());
  Domain d = domains.create("prod", {.description = "p", .retention_period = 3});
  EXPECT_EQ(d.name(), "prod");
  EXPECT_EQ(d.retention_period(), 3);
  EXPECT_THAT(swf->requests("RegisterDomain"),
              ElementsAre(Json{{"name", "prod"}, {"workflowExecutionRetentionPeriodInDays", "3"}, {"description", "p"}}));
  swf->fail("RegisterDomain", ErrorKind::kDomainAlreadyExists, "DomainAlreadyExistsFault");
  EXPECT_THROW(domains.create("prod"), AlreadyExistsError);
}

TEST_F(SwfDomainQuerySetTest, GetOrCreateOfAnExistingDomainGetsIt) {
  swf->reply("DescribeDomain", describe_domain_reply("prod", "30"));
  Domain d = domains.get_or_create("prod", {.retention_period = 7});
  EXPECT_EQ(d.retention_period(), 30);  // SWF's, not the requested one
  EXPECT_THAT(operations(*swf), ElementsAre("DescribeDomain"));
}

TEST_F(SwfDomainQuerySetTest, GetOrCreateOfAMissingDomainCreatesIt) {
  swf->fail("DescribeDomain", ErrorKind::kUnknownResource, "UnknownResourceFault");
  swf->reply("RegisterDomain", Json::object());
  Domain d = domains.get_or_create("prod", {.retention_period = 7});
  EXPECT_EQ(d.name(), "prod");
  EXPECT_EQ(d.retention_period(), 7);
  EXPECT_THAT(operations(*swf), ElementsAre("DescribeDomain", "RegisterDomain"));
  EXPECT_EQ(swf->requests("RegisterDomain")[0].at("workflowExecutionRetentionPeriodInDays"), "7");
}

TEST_F(SwfDomainQuerySetTest, GetOrCreateWhenAnotherProcessCreatesItMeanwhile) {
  swf->fail("DescribeDomain", ErrorKind::kUnknownResource, "UnknownResourceFault");
  swf->fail("RegisterDomain", ErrorKind::kDomainAlreadyExists, "DomainAlreadyExistsFault");
  swf->reply("DescribeDomain", describe_domain_reply("prod", "90", "the winner's"));
  Domain d = domains.get_or_create("prod", {.retention_period = 7});
  EXPECT_EQ(d.retention_period(), 90);
  EXPECT_EQ(d.description(), "the winner's");
  EXPECT_THAT(operations(*swf), ElementsAre("DescribeDomain", "RegisterDomain", "DescribeDomain"));
}

TEST_F(SwfDomainQuerySetTest, GetOrCreatePropagatesOtherErrors) {
  swf->fail("DescribeDomain", ErrorKind::kAccessDenied, "AccessDeniedException");
  EXPECT_THROW(domains.get_or_create("prod"), ResponseError);
  EXPECT_THAT(operations(*swf), ElementsAre("DescribeDomain"));
  swf->fail("DescribeDomain", ErrorKind::kUnknownResource, "UnknownResourceFault");
  swf->fail("RegisterDomain", ErrorKind::kLimitExceeded, "LimitExceededFault");
  EXPECT_THROW(domains.get_or_create("prod"), RateLimitExceededError);
}

// ---- WorkflowTypeQuerySet and ActivityTypeQuerySet ------------------------------

class SwfTypeQuerySetTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedSwfClient> swf = std::make_shared<ScriptedSwfClient>();
  Domain domain{swf, "prod"};
};

Json type_info(const char* key, const std::string& name, const std::string& version,
               const std::string& status = "REGISTERED") {
  return {{key, {{"name", name}, {"version", version}}},
          {"status", status},
          {"description", name + " " + version},
          {"creationDate", 1700000000.0}};
}

Json describe_workflow_type_reply(const std::string& name, const std::string& version) {
  Json info = type_info("workflowType", name, version);
  info["deprecationDate"] = 1800000000.0;
  return {{"typeInfo", info},
          {"configuration",
           {{"defaultTaskStartToCloseTimeout", "30"},
            {"defaultExecutionStartToCloseTimeout", "3600"},
            {"defaultTaskList", {{"name", "etl"}}},
            {"defaultChildPolicy", "ABANDON"}}}};
}

TEST_F(SwfTypeQuerySetTest, WorkflowTypeGet) {
  swf->reply("DescribeWorkflowType", describe_workflow_type_reply("etl.Nightly", "1"));
  WorkflowType type = WorkflowTypeQuerySet(domain).get("etl.Nightly", "1");
  EXPECT_EQ(type.name(), "etl.Nightly");
  EXPECT_EQ(type.version(), "1");
  EXPECT_EQ(type.domain().name(), "prod");
  const WorkflowTypeOptions& o = type.options();
  EXPECT_EQ(o.status, kRegistered);
  EXPECT_EQ(o.task_list, "etl");
  EXPECT_EQ(o.child_policy, "ABANDON");
  EXPECT_EQ(o.execution_timeout, "3600");
  EXPECT_EQ(o.decision_tasks_timeout, "30");
  EXPECT_EQ(o.description, "etl.Nightly 1");
  EXPECT_DOUBLE_EQ(o.creation_date, 1700000000.0);
  EXPECT_EQ(o.deprecation_date, 1800000000.0);
  EXPECT_THAT(swf->requests("DescribeWorkflowType"),
              ElementsAre(Json{{"domain", "prod"}, {"workflowType", {{"name", "etl.Nightly"}, {"version", "1"}}}}));
  swf->fail("DescribeWorkflowType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(WorkflowTypeQuerySet(domain).get("etl.Nightly", "2"), DoesNotExistError);
}

TEST_F(SwfTypeQuerySetTest, WorkflowTypeFilterAndAllFollowPages) {
  swf->reply("ListWorkflowTypes",
             {{"typeInfos", {type_info("workflowType", "etl", "1"), type_info("workflowType", "etl", "2")}},
              {"nextPageToken", "next"}});
  swf->reply("ListWorkflowTypes", {{"typeInfos", {type_info("workflowType", "etl", "3")}}});
  WorkflowTypeQuerySet types(domain);
  std::vector<WorkflowType> found = types.filter("etl");
  ASSERT_EQ(found.size(), 3u);
  EXPECT_EQ(found[2].version(), "3");
  EXPECT_EQ(found[0].options().description, "etl 1");
  EXPECT_THAT(swf->requests("ListWorkflowTypes"),
              ElementsAre(Json{{"domain", "prod"}, {"registrationStatus", "REGISTERED"}, {"name", "etl"}},
                          Json{{"domain", "prod"}, {"registrationStatus", "REGISTERED"}, {"name", "etl"}, {"nextPageToken", "next"}}));

  swf->reply("ListWorkflowTypes", {{"typeInfos", {type_info("workflowType", "x", "1", "DEPRECATED")}}});
  std::vector<WorkflowType> deprecated = types.all(kDeprecated);
  ASSERT_EQ(deprecated.size(), 1u);
  EXPECT_EQ(deprecated[0].options().status, kDeprecated);
  EXPECT_EQ(swf->requests("ListWorkflowTypes").back(), (Json{{"domain", "prod"}, {"registrationStatus", "DEPRECATED"}}));
}

TEST_F(SwfTypeQuerySetTest, WorkflowTypeGetOrCreate) {
  WorkflowTypeQuerySet types(domain);
  // Exists.
  swf->reply("DescribeWorkflowType", describe_workflow_type_reply("etl", "1"));
  EXPECT_EQ(types.get_or_create("etl", "1").options().child_policy, "ABANDON");
  EXPECT_THAT(operations(*swf), ElementsAre("DescribeWorkflowType"));
  // Missing: created with the options.
  swf->fail("DescribeWorkflowType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  swf->reply("RegisterWorkflowType", Json::object());
  WorkflowType created = types.get_or_create("etl", "2", {.task_list = "q"});
  EXPECT_EQ(created.options().task_list, "q");
  EXPECT_EQ(swf->requests("RegisterWorkflowType").at(0).at("defaultTaskList"), (Json{{"name", "q"}}));
  // The race: created by someone else between the two calls.
  swf->fail("DescribeWorkflowType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  swf->fail("RegisterWorkflowType", ErrorKind::kTypeAlreadyExists, "TypeAlreadyExistsFault");
  swf->reply("DescribeWorkflowType", describe_workflow_type_reply("etl", "3"));
  WorkflowType raced = types.get_or_create("etl", "3", {.task_list = "q"});
  EXPECT_EQ(raced.options().task_list, "etl");
  EXPECT_THAT(operations(*swf), ElementsAre("DescribeWorkflowType", "DescribeWorkflowType", "RegisterWorkflowType",
                                            "DescribeWorkflowType", "RegisterWorkflowType", "DescribeWorkflowType"));
  // create() alone.
  swf->fail("RegisterWorkflowType", ErrorKind::kTypeAlreadyExists, "TypeAlreadyExistsFault");
  EXPECT_THROW(types.create("etl", "1"), AlreadyExistsError);
  EXPECT_THROW(types.create("etl", "1", {.child_policy = "NOPE"}), std::invalid_argument);
}

Json describe_activity_type_reply(const std::string& name, const std::string& version) {
  return {{"typeInfo", type_info("activityType", name, version)},
          {"configuration",
           {{"defaultTaskList", {{"name", "io"}}},
            {"defaultTaskHeartbeatTimeout", "60"},
            {"defaultTaskScheduleToCloseTimeout", "600"},
            {"defaultTaskScheduleToStartTimeout", "300"},
            {"defaultTaskStartToCloseTimeout", "120"}}}};
}

TEST_F(SwfTypeQuerySetTest, ActivityTypeGet) {
  swf->reply("DescribeActivityType", describe_activity_type_reply("extract", "2"));
  ActivityType type = ActivityTypeQuerySet(domain).get("extract", "2");
  EXPECT_EQ(type.name(), "extract");
  EXPECT_EQ(type.version(), "2");
  const ActivityTypeOptions& o = type.options();
  EXPECT_EQ(o.status, kRegistered);
  EXPECT_EQ(o.description, "extract 2");
  EXPECT_EQ(o.task_list, "io");
  EXPECT_EQ(o.task_heartbeat_timeout, "60");
  EXPECT_EQ(o.task_schedule_to_close_timeout, "600");
  EXPECT_EQ(o.task_schedule_to_start_timeout, "300");
  EXPECT_EQ(o.task_start_to_close_timeout, "120");
  EXPECT_FALSE(o.deprecation_date.has_value());
  EXPECT_THAT(swf->requests("DescribeActivityType"),
              ElementsAre(Json{{"domain", "prod"}, {"activityType", {{"name", "extract"}, {"version", "2"}}}}));
  // What get() read is what SWF has.
  swf->reply("DescribeActivityType", describe_activity_type_reply("extract", "2"));
  EXPECT_TRUE(type.is_synced());
}

TEST_F(SwfTypeQuerySetTest, ActivityTypeFilterAndAll) {
  swf->reply("ListActivityTypes",
             {{"typeInfos", {type_info("activityType", "extract", "1")}}, {"nextPageToken", "n"}});
  swf->reply("ListActivityTypes", {{"typeInfos", {type_info("activityType", "load", "1")}}});
  ActivityTypeQuerySet types(domain);
  EXPECT_THAT(names(types.all()), ElementsAre("extract", "load"));
  EXPECT_THAT(swf->requests("ListActivityTypes"),
              ElementsAre(Json{{"domain", "prod"}, {"registrationStatus", "REGISTERED"}},
                          Json{{"domain", "prod"}, {"registrationStatus", "REGISTERED"}, {"nextPageToken", "n"}}));
  swf->reply("ListActivityTypes", {{"typeInfos", {type_info("activityType", "extract", "1")}}});
  EXPECT_THAT(names(types.filter("extract", kDeprecated)), ElementsAre("extract"));
  EXPECT_EQ(swf->requests("ListActivityTypes").back(),
            (Json{{"domain", "prod"}, {"registrationStatus", "DEPRECATED"}, {"name", "extract"}}));
}

TEST_F(SwfTypeQuerySetTest, ActivityTypeGetOrCreate) {
  ActivityTypeQuerySet types(domain);
  swf->reply("DescribeActivityType", describe_activity_type_reply("extract", "1"));
  EXPECT_EQ(types.get_or_create("extract", "1").options().task_list, "io");
  swf->fail("DescribeActivityType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  swf->reply("RegisterActivityType", Json::object());
  ActivityType created = types.get_or_create("extract", "2", {.task_list = "mine"});
  EXPECT_EQ(created.options().task_list, "mine");
  EXPECT_EQ(swf->requests("RegisterActivityType").at(0),
            (Json{{"domain", "prod"}, {"name", "extract"}, {"version", "2"}, {"defaultTaskList", {{"name", "mine"}}}}));
  swf->fail("DescribeActivityType", ErrorKind::kUnknownResource, "UnknownResourceFault");
  swf->fail("RegisterActivityType", ErrorKind::kTypeAlreadyExists, "TypeAlreadyExistsFault");
  swf->reply("DescribeActivityType", describe_activity_type_reply("extract", "3"));
  EXPECT_EQ(types.get_or_create("extract", "3", {.task_list = "mine"}).options().task_list, "io");
  EXPECT_THAT(operations(*swf),
              ElementsAre("DescribeActivityType", "DescribeActivityType", "RegisterActivityType",
                          "DescribeActivityType", "RegisterActivityType", "DescribeActivityType"));
}

// ---- WorkflowExecutionQuerySet ------------------------------------------------------

class SwfExecutionQuerySetTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedSwfClient> swf = std::make_shared<ScriptedSwfClient>();
  Domain domain{swf, "prod"};
  WorkflowExecutionQuerySet executions{domain};

  // The only request, to `operation`.
  Json only_request(const std::string& operation) {
    auto calls = swf->calls();
    EXPECT_EQ(calls.size(), 1u);
    if (calls.empty()) return Json();
    EXPECT_EQ(calls[0].operation, operation);
    return calls[0].request;
  }
};

Json execution_info(const std::string& workflow_id, const std::string& run_id, const std::string& status,
                    const std::string& close_status = "") {
  Json j = {{"execution", {{"workflowId", workflow_id}, {"runId", run_id}}},
            {"workflowType", {{"name", "etl"}, {"version", "1"}}},
            {"startTimestamp", 1700000000.0},
            {"executionStatus", status},
            {"tagList", {"nightly"}},
            {"cancelRequested", true}};
  if (!close_status.empty()) {
    j["closeStatus"] = close_status;
    j["closeTimestamp"] = 1700000100.0;
  }
  return j;
}

TEST_F(SwfExecutionQuerySetTest, GetDescribesTheExecution) {
  swf->reply("DescribeWorkflowExecution",
             {{"executionInfo", execution_info("w", "r", "CLOSED", "FAILED")},
              {"executionConfiguration",
               {{"taskStartToCloseTimeout", "30"},
                {"executionStartToCloseTimeout", "600"},
                {"taskList", {{"name", "etl"}}},
                {"childPolicy", "ABANDON"}}},
              {"openCounts", {{"openActivityTasks", 0}, {"openDecisionTasks", 0}, {"openTimers", 1}}},
              {"latestActivityTaskTimestamp", 1700000050.0},
              {"latestExecutionContext", "ctx"}});
  WorkflowExecution run = executions.get("w", "r");
  EXPECT_EQ(only_request("DescribeWorkflowExecution"),
            (Json{{"domain", "prod"}, {"execution", {{"workflowId", "w"}, {"runId", "r"}}}}));
  EXPECT_EQ(run.workflow_id(), "w");
  EXPECT_EQ(run.run_id(), "r");
  const ExecutionFields& f = run.fields();
  EXPECT_EQ(f.status, kStatusClosed);
  EXPECT_EQ(f.close_status, "FAILED");
  EXPECT_EQ(f.workflow_type, (WorkflowTypeRef{"etl", "1"}));
  EXPECT_EQ(f.task_list, "etl");
  EXPECT_EQ(f.child_policy, "ABANDON");
  EXPECT_EQ(f.execution_timeout, "600");
  EXPECT_EQ(f.decision_tasks_timeout, "30");
  EXPECT_THAT(f.tag_list, ElementsAre("nightly"));
  EXPECT_DOUBLE_EQ(f.start_timestamp, 1700000000.0);
  EXPECT_EQ(f.close_timestamp, 1700000100.0);
  EXPECT_TRUE(f.cancel_requested);
  EXPECT_EQ(f.latest_execution_context, "ctx");
  EXPECT_EQ(f.latest_activity_task_timestamp, 1700000050.0);
  ASSERT_TRUE(f.open_counts.has_value());
  EXPECT_EQ(f.open_counts->open_timers, 1);
  swf->fail("DescribeWorkflowExecution", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(executions.get("w", "nope"), DoesNotExistError);
}

TEST_F(SwfExecutionQuerySetTest, FilterOpenByTagDefaultsTheOldestStartDate) {
  swf->reply("ListOpenWorkflowExecutions",
             {{"executionInfos", {execution_info("a", "ra", "OPEN"), execution_info("b", "rb", "OPEN")}}});
  double before = now();
  auto found = executions.filter({.status = kStatusOpen, .tag = "nightly"});
  double after = now();
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[1].workflow_id(), "b");
  EXPECT_EQ(found[1].run_id(), "rb");
  EXPECT_EQ(found[0].fields().status, kStatusOpen);
  EXPECT_THAT(found[0].fields().tag_list, ElementsAre("nightly"));
  EXPECT_EQ(found[0].domain().name(), "prod");

  Json request = only_request("ListOpenWorkflowExecutions");
  double oldest = request.at("startTimeFilter").at("oldestDate").get<double>();
  EXPECT_GE(oldest, before - 457 * 86400.0);
  EXPECT_LE(oldest, after - 457 * 86400.0);
  request.erase("startTimeFilter");
  EXPECT_EQ(request, (Json{{"domain", "prod"}, {"tagFilter", {{"tag", "nightly"}}}}));
}

TEST_F(SwfExecutionQuerySetTest, FilterOpenByTypeAndStartDatesOverTwoPages) {
  swf->reply("ListOpenWorkflowExecutions",
             {{"executionInfos", {execution_info("a", "ra", "OPEN")}}, {"nextPageToken", "page-2"}});
  swf->reply("ListOpenWorkflowExecutions", {{"executionInfos", {execution_info("b", "rb", "OPEN")}}});
  auto found = executions.filter({.workflow_type_name = "etl",
                                  .workflow_type_version = "1",
                                  .start_oldest_date = 1000.0,
                                  .start_latest_date = 2000.5,
                                  .maximum_page_size = 1});
  ASSERT_EQ(found.size(), 2u);
  Json first = {{"domain", "prod"},
                {"startTimeFilter", {{"oldestDate", 1000.0}, {"latestDate", 2000.5}}},
                {"typeFilter", {{"name", "etl"}, {"version", "1"}}},
                {"maximumPageSize", 1}};
  Json second = first;
  second["nextPageToken"] = "page-2";
  EXPECT_THAT(swf->requests("ListOpenWorkflowExecutions"), ElementsAre(first, second));
}

TEST_F(SwfExecutionQuerySetTest, FilterByTypeNameOnlyAndByWorkflowId) {
  swf->reply("ListOpenWorkflowExecutions", Json::object());
  swf->reply("ListOpenWorkflowExecutions", Json::object());
  EXPECT_THAT(executions.filter({.workflow_type_name = "etl", .start_oldest_date = 5.0}), IsEmpty());
  EXPECT_THAT(executions.filter({.workflow_id = "w", .start_oldest_date = 5.0}), IsEmpty());
  EXPECT_THAT(swf->requests("ListOpenWorkflowExecutions"),
              ElementsAre(Json{{"domain", "prod"}, {"startTimeFilter", {{"oldestDate", 5.0}}}, {"typeFilter", {{"name", "etl"}}}},
                          Json{{"domain", "prod"}, {"startTimeFilter", {{"oldestDate", 5.0}}}, {"executionFilter", {{"workflowId", "w"}}}}));
}

TEST_F(SwfExecutionQuerySetTest, FilterClosedByCloseDatesAndStatus) {
  swf->reply("ListClosedWorkflowExecutions",
             {{"executionInfos", {execution_info("a", "ra", "CLOSED", "FAILED")}}});
  auto found = executions.filter(
      {.status = kStatusClosed, .close_oldest_date = 100.0, .close_latest_date = 200.0, .close_status = "FAILED"});
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].fields().status, kStatusClosed);
  EXPECT_EQ(found[0].fields().close_status, "FAILED");
  EXPECT_EQ(found[0].fields().close_timestamp, 1700000100.0);
  EXPECT_EQ(only_request("ListClosedWorkflowExecutions"),
            (Json{{"domain", "prod"},
                  {"closeTimeFilter", {{"oldestDate", 100.0}, {"latestDate", 200.0}}},
                  {"closeStatusFilter", {{"status", "FAILED"}}}}));
}

TEST_F(SwfExecutionQuerySetTest, FilterClosedDefaultsToTheStartTimeFilter) {
  swf->reply("ListClosedWorkflowExecutions", Json::object());
  swf->reply("ListClosedWorkflowExecutions", Json::object());
  executions.filter({.status = kStatusClosed, .workflow_id = "w"});
  // Only a latest close date: the oldest defaults to 457 days ago.
  double before = now();
  executions.filter({.status = kStatusClosed, .close_latest_date = 300.0});
  double after = now();
  auto requests = swf->requests("ListClosedWorkflowExecutions");
  ASSERT_EQ(requests.size(), 2u);
  EXPECT_TRUE(requests[0].contains("startTimeFilter"));
  EXPECT_FALSE(requests[0].contains("closeTimeFilter"));
  EXPECT_EQ(requests[0].at("executionFilter"), (Json{{"workflowId", "w"}}));
  EXPECT_FALSE(requests[1].contains("startTimeFilter"));
  EXPECT_EQ(requests[1].at("closeTimeFilter").at("latestDate"), 300.0);
  double oldest = requests[1].at("closeTimeFilter").at("oldestDate").get<double>();
  EXPECT_GE(oldest, before - kMaxWorkflowAgeDays * 86400.0);
  EXPECT_LE(oldest, after - kMaxWorkflowAgeDays * 86400.0);
}

TEST_F(SwfExecutionQuerySetTest, AllLooksBackTheGivenDays) {
  swf->reply("ListClosedWorkflowExecutions", {{"executionInfos", {execution_info("a", "ra", "CLOSED", "COMPLETED")}}});
  swf->reply("ListOpenWorkflowExecutions", Json::object());
  double before = now();
  EXPECT_EQ(executions.all(kStatusClosed, 10).size(), 1u);
  EXPECT_THAT(executions.all(), IsEmpty());
  double after = now();
  Json closed = swf->requests("ListClosedWorkflowExecutions").at(0);
  double oldest = closed.at("startTimeFilter").at("oldestDate").get<double>();
  EXPECT_GE(oldest, before - 10 * 86400.0);
  EXPECT_LE(oldest, after - 10 * 86400.0);
  closed.erase("startTimeFilter");
  EXPECT_EQ(closed, (Json{{"domain", "prod"}}));
  double open_oldest = swf->requests("ListOpenWorkflowExecutions").at(0).at("startTimeFilter").at("oldestDate").get<double>();
  EXPECT_GE(open_oldest, before - 457 * 86400.0);
  EXPECT_LE(open_oldest, after - 457 * 86400.0);
}

TEST_F(SwfExecutionQuerySetTest, InvalidQueriesAreRefusedWithoutACall) {
  // An unknown status.
  EXPECT_THROW(executions.filter({.status = "RUNNING"}), std::invalid_argument);
  EXPECT_THROW(executions.filter({.status = "open"}), std::invalid_argument);
  // Close filters on open executions.
  EXPECT_THROW(executions.filter({.status = kStatusOpen, .close_oldest_date = 1.0}), std::invalid_argument);
  EXPECT_THROW(executions.filter({.status = kStatusOpen, .close_latest_date = 1.0}), std::invalid_argument);
  EXPECT_THROW(executions.filter({.status = kStatusOpen, .close_status = "FAILED"}), std::invalid_argument);
  // Start and close dates together.
  EXPECT_THROW(executions.filter({.status = kStatusClosed, .start_oldest_date = 1.0, .close_oldest_date = 2.0}),
               std::invalid_argument);
  EXPECT_THROW(executions.filter({.status = kStatusClosed, .start_latest_date = 1.0, .close_latest_date = 2.0}),
               std::invalid_argument);
  // Two exclusive filters.
  EXPECT_THROW(executions.filter({.tag = "t", .workflow_id = "w"}), std::invalid_argument);
  EXPECT_THROW(executions.filter({.tag = "t", .workflow_type_name = "etl"}), std::invalid_argument);
  EXPECT_THROW(executions.filter({.status = kStatusClosed, .workflow_id = "w", .close_status = "FAILED"}),
               std::invalid_argument);
  // A version without a name.
  EXPECT_THROW(executions.filter({.workflow_type_version = "1"}), std::invalid_argument);
  EXPECT_TRUE(swf->calls().empty());

  try {
    executions.filter({.status = "RUNNING"});
  } catch (const std::invalid_argument& e) {
    EXPECT_THAT(e.what(), ::testing::HasSubstr("RUNNING"));
  }
}

TEST_F(SwfExecutionQuerySetTest, ListingErrorsThrow) {
  swf->fail("ListOpenWorkflowExecutions", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(executions.all(), DoesNotExistError);
  swf->reply("ListClosedWorkflowExecutions",
             {{"executionInfos", {execution_info("a", "ra", "CLOSED", "FAILED")}}, {"nextPageToken", "p"}});
  swf->fail("ListClosedWorkflowExecutions", ErrorKind::kThrottling, "ThrottlingException");
  EXPECT_THROW(executions.all(kStatusClosed), ResponseError);
}

}  // namespace
}  // namespace simpleflow::swf
