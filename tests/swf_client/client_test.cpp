// SwfClient's typed operations, against tests/support's ScriptedSwfClient,
// which records what send() is given and answers canned text: the request
// JSON of each operation (the API's field names, unset optional fields left
// out), the parsing of answers into the typed results, and errors without a
// call.
#include "simpleflow/swf/client.hpp"

#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <fstream>
#include <functional>
#include <set>
#include <string>
#include <vector>

#include "simpleflow/json.hpp"
#include "support/command.hpp"
#include "support/python_server.hpp"
#include "support/scripted_swf_client.hpp"
#include "swf_client/swf_client_test_support.hpp"

namespace simpleflow::swf {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

using simpleflow::testing::ScriptedSwfClient;

// An SWF endpoint that answers every call with "{}" (what operations that
// return nothing answer) unless the test queued a reply with reply_text().
const ScriptedSwfClient::Options kSwf{.endpoint = "https://swf.test-1.amazonaws.com", .unscripted_reply = "{}"};

Json J(const char* text) { return Json::parse(text); }

// Checks the one call made: operation, request JSON, sent as compact sorted JSON.
#define EXPECT_CALL_WAS(fake, op, json)                         \
  do {                                                          \
    const auto& call_ = (fake).only_call();                     \
    EXPECT_EQ(call_.operation, op);                             \
    EXPECT_EQ(call_.request, J(json)) << call_.text;            \
    EXPECT_EQ(call_.text, dumps(call_.request));                \
  } while (0)

// ---- Domains --------------------------------------------------------------

TEST(ClientRequestTest, RegisterDomain) {
  ScriptedSwfClient swf(kSwf);
  ASSERT_TRUE(swf.register_domain({.name = "prod"}).ok());
  EXPECT_CALL_WAS(swf, "RegisterDomain", R"({"name":"prod","workflowExecutionRetentionPeriodInDays":"30"})");

  ScriptedSwfClient full(kSwf);
  ASSERT_TRUE(full.register_domain({.name = "prod",
                                    .retention_period_in_days = "90",
                                    .description = "Production",
                                    .tags = {{"team", "data"}, {"env", "prod"}}})
                  .ok());
  EXPECT_CALL_WAS(full, "RegisterDomain",
                  R"({"name":"prod","workflowExecutionRetentionPeriodInDays":"90","description":"Production",
                      "tags":[{"key":"team","value":"data"},{"key":"env","value":"prod"}]})");
}

TEST(ClientRequestTest, DescribeDomain) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"domainInfo":{"name":"prod","status":"REGISTERED","description":"Production",
                "arn":"arn:aws:swf:eu-west-1:123456789012:/domain/prod"},
                "configuration":{"workflowExecutionRetentionPeriodInDays":"90"}})");
  auto detail = swf.describe_domain("prod");
  ASSERT_TRUE(detail.ok()) << detail.error().describe();
  EXPECT_CALL_WAS(swf, "DescribeDomain", R"({"name":"prod"})");
  EXPECT_EQ(detail->info.name, "prod");
  EXPECT_EQ(detail->info.status, "REGISTERED");
  EXPECT_EQ(detail->info.description, "Production");
  EXPECT_EQ(detail->info.arn, "arn:aws:swf:eu-west-1:123456789012:/domain/prod");
  EXPECT_EQ(detail->retention_period_in_days, "90");
}

TEST(ClientRequestTest, ListDomains) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"domainInfos":[{"name":"a","status":"REGISTERED"},{"name":"b","status":"REGISTERED","description":"B"}],
                "nextPageToken":"page-2"})");
  auto domains = swf.list_domains({});
  ASSERT_TRUE(domains.ok()) << domains.error().describe();
  EXPECT_CALL_WAS(swf, "ListDomains", R"({"registrationStatus":"REGISTERED"})");
  ASSERT_EQ(domains->domains.size(), 2u);
  EXPECT_EQ(domains->domains[0].name, "a");
  EXPECT_EQ(domains->domains[1].description, "B");
  EXPECT_EQ(domains->domains[0].description, "");
  EXPECT_EQ(domains->next_page_token, "page-2");

  ScriptedSwfClient paged(kSwf);
  paged.reply_text("{}");
  auto last = paged.list_domains({.registration_status = "DEPRECATED",
                                  .page = {.next_page_token = "page-2", .maximum_page_size = 10, .reverse_order = true}});
  ASSERT_TRUE(last.ok());
  EXPECT_CALL_WAS(paged, "ListDomains",
                  R"({"registrationStatus":"DEPRECATED","nextPageToken":"page-2","maximumPageSize":10,"reverseOrder":true})");
  EXPECT_TRUE(last->domains.empty());
  EXPECT_EQ(last->next_page_token, "");
}

TEST(ClientRequestTest, DeprecateDomain) {
  ScriptedSwfClient swf(kSwf);
  ASSERT_TRUE(swf.deprecate_domain("old").ok());
  EXPECT_CALL_WAS(swf, "DeprecateDomain", R"({"name":"old"})");
}

// ---- Types ----------------------------------------------------------------

TEST(ClientRequestTest, RegisterWorkflowType) {
  ScriptedSwfClient swf(kSwf);
  ASSERT_TRUE(swf.register_workflow_type({.domain = "d", .type = {"etl.Nightly", "1"}}).ok());
  EXPECT_CALL_WAS(swf, "RegisterWorkflowType", R"({"domain":"d","name":"etl.Nightly","version":"1"})");

  ScriptedSwfClient full(kSwf);
  ASSERT_TRUE(full.register_workflow_type({.domain = "d",
                                           .type = {"etl.Nightly", "1"},
                                           .description = "Nightly",
                                           .defaults = {.task_start_to_close_timeout = "300",
                                                        .execution_start_to_close_timeout = "3600",
                                                        .task_list = "deciders",
                                                        .task_priority = "5",
                                                        .child_policy = "TERMINATE",
                                                        .lambda_role = "arn:aws:iam::1:role/r"}})
                  .ok());
  EXPECT_CALL_WAS(full, "RegisterWorkflowType",
                  R"({"domain":"d","name":"etl.Nightly","version":"1","description":"Nightly",
                      "defaultTaskStartToCloseTimeout":"300","defaultExecutionStartToCloseTimeout":"3600",
                      "defaultTaskList":{"name":"deciders"},"defaultTaskPriority":"5",
                      "defaultChildPolicy":"TERMINATE","defaultLambdaRole":"arn:aws:iam::1:role/r"})");
}

TEST(ClientRequestTest, DescribeWorkflowType) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"typeInfo":{"workflowType":{"name":"etl.Nightly","version":"1"},"status":"REGISTERED",
                "description":"Nightly","creationDate":1700000000.5},
                "configuration":{"defaultTaskStartToCloseTimeout":"300","defaultExecutionStartToCloseTimeout":"3600",
                "defaultTaskList":{"name":"deciders"},"defaultChildPolicy":"TERMINATE"}})");
  auto detail = swf.describe_workflow_type("d", {"etl.Nightly", "1"});
  ASSERT_TRUE(detail.ok()) << detail.error().describe();
  EXPECT_CALL_WAS(swf, "DescribeWorkflowType", R"({"domain":"d","workflowType":{"name":"etl.Nightly","version":"1"}})");
  EXPECT_EQ(detail->info.name, "etl.Nightly");
  EXPECT_EQ(detail->info.version, "1");
  EXPECT_EQ(detail->info.status, "REGISTERED");
  EXPECT_EQ(detail->info.description, "Nightly");
  EXPECT_DOUBLE_EQ(detail->info.creation_date, 1700000000.5);
  EXPECT_EQ(detail->info.deprecation_date, std::nullopt);
  EXPECT_EQ(detail->configuration.task_start_to_close_timeout, "300");
  EXPECT_EQ(detail->configuration.execution_start_to_close_timeout, "3600");
  EXPECT_EQ(detail->configuration.task_list, "deciders");
  EXPECT_EQ(detail->configuration.child_policy, "TERMINATE");
  EXPECT_EQ(detail->configuration.task_priority, std::nullopt);
  EXPECT_EQ(detail->configuration.lambda_role, std::nullopt);
}

TEST(ClientRequestTest, ListWorkflowTypes) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"typeInfos":[{"workflowType":{"name":"w","version":"1"},"status":"DEPRECATED",
                "creationDate":1700000000,"deprecationDate":1700000100}],"nextPageToken":"n"})");
  auto types = swf.list_workflow_types({.domain = "d", .name = "w", .page = {.maximum_page_size = 100}});
  ASSERT_TRUE(types.ok()) << types.error().describe();
  EXPECT_CALL_WAS(swf, "ListWorkflowTypes",
                  R"({"domain":"d","registrationStatus":"REGISTERED","name":"w","maximumPageSize":100})");
  ASSERT_EQ(types->types.size(), 1u);
  EXPECT_EQ(types->types[0].name, "w");
  EXPECT_EQ(types->types[0].version, "1");
  EXPECT_EQ(types->types[0].status, "DEPRECATED");
  EXPECT_EQ(types->types[0].creation_date, 1700000000);
  EXPECT_EQ(types->types[0].deprecation_date, 1700000100);
  EXPECT_EQ(types->next_page_token, "n");
}

TEST(ClientRequestTest, DeprecateWorkflowType) {
  ScriptedSwfClient swf(kSwf);
  ASSERT_TRUE(swf.deprecate_workflow_type("d", {"w", "1"}).ok());
  EXPECT_CALL_WAS(swf, "DeprecateWorkflowType", R"({"domain":"d","workflowType":{"name":"w","version":"1"}})");
}

TEST(ClientRequestTest, RegisterActivityType) {
  ScriptedSwfClient swf(kSwf);
  ASSERT_TRUE(swf.register_activity_type({.domain = "d", .type = {"tasks.add", "2"}}).ok());
  EXPECT_CALL_WAS(swf, "RegisterActivityType", R"({"domain":"d","name":"tasks.add","version":"2"})");

  ScriptedSwfClient full(kSwf);
  ASSERT_TRUE(full.register_activity_type({.domain = "d",
                                           .type = {"tasks.add", "2"},
                                           .description = "Adds",
                                           .defaults = {.task_start_to_close_timeout = "60",
                                                        .task_heartbeat_timeout = "NONE",
                                                        .task_list = "workers",
                                                        .task_priority = "-3",
                                                        .task_schedule_to_start_timeout = "600",
                                                        .task_schedule_to_close_timeout = "660"}})
                  .ok());
  EXPECT_CALL_WAS(full, "RegisterActivityType",
                  R"({"domain":"d","name":"tasks.add","version":"2","description":"Adds",
                      "defaultTaskStartToCloseTimeout":"60","defaultTaskHeartbeatTimeout":"NONE",
                      "defaultTaskList":{"name":"workers"},"defaultTaskPriority":"-3",
                      "defaultTaskScheduleToStartTimeout":"600","defaultTaskScheduleToCloseTimeout":"660"})");
}

TEST(ClientRequestTest, DescribeActivityType) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"typeInfo":{"activityType":{"name":"tasks.add","version":"2"},"status":"REGISTERED",
                "creationDate":1700000000},
                "configuration":{"defaultTaskStartToCloseTimeout":"60","defaultTaskHeartbeatTimeout":"NONE",
                "defaultTaskList":{"name":"workers"},"defaultTaskPriority":"0",
                "defaultTaskScheduleToStartTimeout":"600","defaultTaskScheduleToCloseTimeout":"660"}})");
  auto detail = swf.describe_activity_type("d", {"tasks.add", "2"});
  ASSERT_TRUE(detail.ok()) << detail.error().describe();
  EXPECT_CALL_WAS(swf, "DescribeActivityType", R"({"domain":"d","activityType":{"name":"tasks.add","version":"2"}})");
  EXPECT_EQ(detail->info.name, "tasks.add");
  EXPECT_EQ(detail->info.version, "2");
  EXPECT_EQ(detail->configuration.task_start_to_close_timeout, "60");
  EXPECT_EQ(detail->configuration.task_heartbeat_timeout, "NONE");
  EXPECT_EQ(detail->configuration.task_list, "workers");
  EXPECT_EQ(detail->configuration.task_priority, "0");
  EXPECT_EQ(detail->configuration.task_schedule_to_start_timeout, "600");
  EXPECT_EQ(detail->configuration.task_schedule_to_close_timeout, "660");
}

TEST(ClientRequestTest, ListAndDeprecateActivityTypes) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"typeInfos":[{"activityType":{"name":"a","version":"1"},"status":"REGISTERED","creationDate":1}]})");
  auto types = swf.list_activity_types({.domain = "d", .page = {.next_page_token = "t", .reverse_order = true}});
  ASSERT_TRUE(types.ok()) << types.error().describe();
  EXPECT_CALL_WAS(swf, "ListActivityTypes",
                  R"({"domain":"d","registrationStatus":"REGISTERED","nextPageToken":"t","reverseOrder":true})");
  ASSERT_EQ(types->types.size(), 1u);
  EXPECT_EQ(types->types[0].name, "a");  // read from "activityType", not "workflowType"
  EXPECT_EQ(types->types[0].version, "1");

  ScriptedSwfClient deprecate(kSwf);
  ASSERT_TRUE(deprecate.deprecate_activity_type("d", {"a", "1"}).ok());
  EXPECT_CALL_WAS(deprecate, "DeprecateActivityType", R"({"domain":"d","activityType":{"name":"a","version":"1"}})");
}

// ---- Executions -------------------------------------------------------------

TEST(ClientRequestTest, StartWorkflowExecution) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"runId":"22Zq3vIM9sTsRdOPuZ9vQ7I9QnK0bD4hvR6BVnBNJw1ZE="})");
  auto run = swf.start_workflow_execution({.domain = "d", .workflow_id = "nightly", .type = {"etl.Nightly", "1"}});
  ASSERT_TRUE(run.ok()) << run.error().describe();
  EXPECT_EQ(*run, "22Zq3vIM9sTsRdOPuZ9vQ7I9QnK0bD4hvR6BVnBNJw1ZE=");
  EXPECT_CALL_WAS(swf, "StartWorkflowExecution",
                  R"({"domain":"d","workflowId":"nightly","workflowType":{"name":"etl.Nightly","version":"1"}})");

  ScriptedSwfClient full(kSwf);
  full.reply_text(R"({"runId":"r"})");
  ASSERT_TRUE(full.start_workflow_execution({.domain = "d",
                                             .workflow_id = "nightly",
                                             .type = {"etl.Nightly", "1"},
                                             .task_list = "deciders",
                                             .task_priority = "10",
                                             .input = R"({"args":[1]})",
                                             .execution_start_to_close_timeout = "3600",
                                             .tag_list = {"a", "b"},
                                             .task_start_to_close_timeout = "300",
                                             .child_policy = "ABANDON",
                                             .lambda_role = "arn:aws:iam::1:role/r"})
                  .ok());
  EXPECT_CALL_WAS(full, "StartWorkflowExecution",
                  R"({"domain":"d","workflowId":"nightly","workflowType":{"name":"etl.Nightly","version":"1"},
                      "taskList":{"name":"deciders"},"taskPriority":"10","input":"{\"args\":[1]}",
                      "executionStartToCloseTimeout":"3600","tagList":["a","b"],"taskStartToCloseTimeout":"300",
                      "childPolicy":"ABANDON","lambdaRole":"arn:aws:iam::1:role/r"})");
}

TEST(ClientRequestTest, DescribeWorkflowExecution) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({
    "executionInfo":{"execution":{"workflowId":"w","runId":"r"},"workflowType":{"name":"t","version":"1"},
      "startTimestamp":1700000000.25,"closeTimestamp":1700000100.5,"executionStatus":"CLOSED",
      "closeStatus":"COMPLETED","parent":{"workflowId":"pw","runId":"pr"},"tagList":["x"],"cancelRequested":true},
    "executionConfiguration":{"taskStartToCloseTimeout":"300","executionStartToCloseTimeout":"3600",
      "taskList":{"name":"deciders"},"taskPriority":"0","childPolicy":"TERMINATE","lambdaRole":"role"},
    "openCounts":{"openActivityTasks":1,"openDecisionTasks":1,"openTimers":2,"openChildWorkflowExecutions":3,
      "openLambdaFunctions":4},
    "latestActivityTaskTimestamp":1700000050,"latestExecutionContext":"ctx"})");
  auto detail = swf.describe_workflow_execution("d", {"w", "r"});
  ASSERT_TRUE(detail.ok()) << detail.error().describe();
  EXPECT_CALL_WAS(swf, "DescribeWorkflowExecution", R"({"domain":"d","execution":{"workflowId":"w","runId":"r"}})");
  const ExecutionInfo& info = detail->info;
  EXPECT_EQ(info.execution, (ExecutionRef{"w", "r"}));
  EXPECT_EQ(info.type, (WorkflowTypeRef{"t", "1"}));
  EXPECT_DOUBLE_EQ(info.start_timestamp, 1700000000.25);
  EXPECT_EQ(info.close_timestamp, 1700000100.5);
  EXPECT_EQ(info.execution_status, "CLOSED");
  EXPECT_EQ(info.close_status, "COMPLETED");
  ASSERT_TRUE(info.parent);
  EXPECT_EQ(*info.parent, (ExecutionRef{"pw", "pr"}));
  EXPECT_THAT(info.tag_list, ElementsAre("x"));
  EXPECT_TRUE(info.cancel_requested);
  EXPECT_EQ(detail->configuration.task_start_to_close_timeout, "300");
  EXPECT_EQ(detail->configuration.execution_start_to_close_timeout, "3600");
  EXPECT_EQ(detail->configuration.task_list, "deciders");
  EXPECT_EQ(detail->configuration.task_priority, "0");
  EXPECT_EQ(detail->configuration.child_policy, "TERMINATE");
  EXPECT_EQ(detail->configuration.lambda_role, "role");
  EXPECT_EQ(detail->open_counts.open_activity_tasks, 1);
  EXPECT_EQ(detail->open_counts.open_decision_tasks, 1);
  EXPECT_EQ(detail->open_counts.open_timers, 2);
  EXPECT_EQ(detail->open_counts.open_child_workflow_executions, 3);
  EXPECT_EQ(detail->open_counts.open_lambda_functions, 4);
  EXPECT_EQ(detail->latest_activity_task_timestamp, 1700000050);
  EXPECT_EQ(detail->latest_execution_context, "ctx");
}

TEST(ClientRequestTest, OpenExecutionDetailHasNoCloseFields) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"executionInfo":{"execution":{"workflowId":"w","runId":"r"},"workflowType":{"name":"t","version":"1"},
                "startTimestamp":1,"executionStatus":"OPEN","cancelRequested":false},
                "executionConfiguration":{"taskStartToCloseTimeout":"300","executionStartToCloseTimeout":"3600",
                "taskList":{"name":"l"},"childPolicy":"TERMINATE"},
                "openCounts":{"openActivityTasks":0,"openDecisionTasks":1,"openTimers":0,"openChildWorkflowExecutions":0}})");
  auto detail = swf.describe_workflow_execution("d", {"w", "r"});
  ASSERT_TRUE(detail.ok()) << detail.error().describe();
  EXPECT_EQ(detail->info.close_timestamp, std::nullopt);
  EXPECT_EQ(detail->info.close_status, "");
  EXPECT_EQ(detail->info.parent, std::nullopt);
  EXPECT_TRUE(detail->info.tag_list.empty());
  EXPECT_EQ(detail->latest_activity_task_timestamp, std::nullopt);
  EXPECT_EQ(detail->latest_execution_context, std::nullopt);
  EXPECT_EQ(detail->open_counts.open_lambda_functions, 0);
}

TEST(ClientRequestTest, TerminateSignalCancel) {
  ScriptedSwfClient swf(kSwf);
  ASSERT_TRUE(swf.terminate_workflow_execution({.domain = "d", .workflow_id = "w"}).ok());
  ASSERT_TRUE(swf.terminate_workflow_execution({.domain = "d",
                                                .workflow_id = "w",
                                                .run_id = "r",
                                                .reason = "why",
                                                .details = "more",
                                                .child_policy = "REQUEST_CANCEL"})
                  .ok());
  ASSERT_TRUE(swf.signal_workflow_execution({.domain = "d", .workflow_id = "w", .signal_name = "go"}).ok());
  ASSERT_TRUE(
      swf.signal_workflow_execution({.domain = "d", .workflow_id = "w", .run_id = "r", .signal_name = "go", .input = "[1]"})
          .ok());
  ASSERT_TRUE(swf.request_cancel_workflow_execution({.domain = "d", .workflow_id = "w"}).ok());
  ASSERT_TRUE(swf.request_cancel_workflow_execution({.domain = "d", .workflow_id = "w", .run_id = "r"}).ok());
  ASSERT_EQ(swf.calls().size(), 6u);
  EXPECT_EQ(swf.calls()[0].operation, "TerminateWorkflowExecution");
  EXPECT_EQ(swf.calls()[0].request, J(R"({"domain":"d","workflowId":"w"})"));
  EXPECT_EQ(swf.calls()[1].request, J(R"({"domain":"d","workflowId":"w","runId":"r","reason":"why","details":"more",
                                        "childPolicy":"REQUEST_CANCEL"})"));
  EXPECT_EQ(swf.calls()[2].operation, "SignalWorkflowExecution");
  EXPECT_EQ(swf.calls()[2].request, J(R"({"domain":"d","workflowId":"w","signalName":"go"})"));
  EXPECT_EQ(swf.calls()[3].request, J(R"({"domain":"d","workflowId":"w","runId":"r","signalName":"go","input":"[1]"})"));
  EXPECT_EQ(swf.calls()[4].operation, "RequestCancelWorkflowExecution");
  EXPECT_EQ(swf.calls()[4].request, J(R"({"domain":"d","workflowId":"w"})"));
  EXPECT_EQ(swf.calls()[5].request, J(R"({"domain":"d","workflowId":"w","runId":"r"})"));
}

TEST(ClientRequestTest, GetWorkflowExecutionHistory) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"events":[
      {"eventId":1,"eventTimestamp":1700000000.0,"eventType":"WorkflowExecutionStarted",
       "workflowExecutionStartedEventAttributes":{"input":"{}","childPolicy":"TERMINATE"}},
      {"eventId":2,"eventTimestamp":1700000000.0,"eventType":"DecisionTaskScheduled",
       "decisionTaskScheduledEventAttributes":{"taskList":{"name":"l"}}}],
      "nextPageToken":"more"})");
  auto page = swf.get_workflow_execution_history(
      {.domain = "d", .execution = {"w", "r"}, .page = {.maximum_page_size = 1000, .reverse_order = true}});
  ASSERT_TRUE(page.ok()) << page.error().describe();
  EXPECT_CALL_WAS(swf, "GetWorkflowExecutionHistory",
                  R"({"domain":"d","execution":{"workflowId":"w","runId":"r"},"maximumPageSize":1000,"reverseOrder":true})");
  ASSERT_EQ(page->events.size(), 2u);
  EXPECT_EQ(page->events[0]["eventType"], "WorkflowExecutionStarted");
  EXPECT_EQ(page->events[0]["workflowExecutionStartedEventAttributes"]["input"], "{}");
  EXPECT_EQ(page->events[1]["eventId"], 2);
  EXPECT_EQ(page->next_page_token, "more");

  ScriptedSwfClient last(kSwf);
  last.reply_text(R"({"events":[]})");
  auto empty = last.get_workflow_execution_history({.domain = "d", .execution = {"w", "r"}, .page = {.next_page_token = "more"}});
  ASSERT_TRUE(empty.ok());
  EXPECT_CALL_WAS(last, "GetWorkflowExecutionHistory",
                  R"({"domain":"d","execution":{"workflowId":"w","runId":"r"},"nextPageToken":"more"})");
  EXPECT_TRUE(empty->events.empty());
  EXPECT_EQ(empty->next_page_token, "");
}

// ---- Visibility -------------------------------------------------------------

TEST(ClientRequestTest, ListOpenWorkflowExecutions) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"executionInfos":[
      {"execution":{"workflowId":"w1","runId":"r1"},"workflowType":{"name":"t","version":"1"},
       "startTimestamp":1700000000,"executionStatus":"OPEN","cancelRequested":false,"tagList":["a","b"]},
      {"execution":{"workflowId":"w2","runId":"r2"},"workflowType":{"name":"t","version":"2"},
       "startTimestamp":1700000001,"executionStatus":"OPEN","cancelRequested":true,
       "parent":{"workflowId":"p","runId":"pr"}}],
      "nextPageToken":"n"})");
  auto executions = swf.list_open_workflow_executions(
      {.filters = {.domain = "d", .start_time = TimeFilter{1700000000, 1700003600.5}, .type = WorkflowTypeRef{"t", ""}},
       .page = {.maximum_page_size = 50}});
  ASSERT_TRUE(executions.ok()) << executions.error().describe();
  EXPECT_CALL_WAS(swf, "ListOpenWorkflowExecutions",
                  R"({"domain":"d","startTimeFilter":{"oldestDate":1700000000,"latestDate":1700003600.5},
                      "typeFilter":{"name":"t"},"maximumPageSize":50})");
  ASSERT_EQ(executions->executions.size(), 2u);
  EXPECT_EQ(executions->executions[0].execution, (ExecutionRef{"w1", "r1"}));
  EXPECT_THAT(executions->executions[0].tag_list, ElementsAre("a", "b"));
  EXPECT_FALSE(executions->executions[0].cancel_requested);
  EXPECT_EQ(executions->executions[1].type, (WorkflowTypeRef{"t", "2"}));
  EXPECT_TRUE(executions->executions[1].cancel_requested);
  ASSERT_TRUE(executions->executions[1].parent);
  EXPECT_EQ(executions->executions[1].parent->workflow_id, "p");
  EXPECT_EQ(executions->next_page_token, "n");
}

TEST(ClientRequestTest, ListClosedWorkflowExecutionsFilters) {
  ScriptedSwfClient swf(kSwf);
  ASSERT_TRUE(swf.list_closed_workflow_executions(
                     {.filters = {.domain = "d", .close_time = TimeFilter{100}, .close_status = "FAILED"}})
                  .ok());
  ASSERT_TRUE(swf.list_closed_workflow_executions(
                     {.filters = {.domain = "d", .start_time = TimeFilter{100}, .workflow_id = "w"},
                      .page = {.next_page_token = "n", .reverse_order = true}})
                  .ok());
  ASSERT_TRUE(
      swf.list_closed_workflow_executions({.filters = {.domain = "d", .start_time = TimeFilter{100}, .tag = "x"}}).ok());
  ASSERT_TRUE(swf.list_closed_workflow_executions(
                     {.filters = {.domain = "d", .close_time = TimeFilter{100}, .type = WorkflowTypeRef{"t", "3"}}})
                  .ok());
  ASSERT_EQ(swf.calls().size(), 4u);
  for (const auto& call : swf.calls()) EXPECT_EQ(call.operation, "ListClosedWorkflowExecutions");
  EXPECT_EQ(swf.calls()[0].request,
            J(R"({"domain":"d","closeTimeFilter":{"oldestDate":100},"closeStatusFilter":{"status":"FAILED"}})"));
  EXPECT_EQ(swf.calls()[1].request, J(R"({"domain":"d","startTimeFilter":{"oldestDate":100},
                                        "executionFilter":{"workflowId":"w"},"nextPageToken":"n","reverseOrder":true})"));
  EXPECT_EQ(swf.calls()[2].request, J(R"({"domain":"d","startTimeFilter":{"oldestDate":100},"tagFilter":{"tag":"x"}})"));
  EXPECT_EQ(swf.calls()[3].request,
            J(R"({"domain":"d","closeTimeFilter":{"oldestDate":100},"typeFilter":{"name":"t","version":"3"}})"));
}

TEST(ClientRequestTest, CountWorkflowExecutions) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"count":42,"truncated":false})");
  swf.reply_text(R"({"count":1000,"truncated":true})");
  auto open = swf.count_open_workflow_executions({.domain = "d", .start_time = TimeFilter{0}, .tag = "x"});
  auto closed = swf.count_closed_workflow_executions({.domain = "d", .close_time = TimeFilter{0, 10}});
  ASSERT_TRUE(open.ok()) << open.error().describe();
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  EXPECT_EQ(open->count, 42);
  EXPECT_FALSE(open->truncated);
  EXPECT_EQ(closed->count, 1000);
  EXPECT_TRUE(closed->truncated);
  ASSERT_EQ(swf.calls().size(), 2u);
  EXPECT_EQ(swf.calls()[0].operation, "CountOpenWorkflowExecutions");
  EXPECT_EQ(swf.calls()[0].request, J(R"({"domain":"d","startTimeFilter":{"oldestDate":0},"tagFilter":{"tag":"x"}})"));
  EXPECT_EQ(swf.calls()[1].operation, "CountClosedWorkflowExecutions");
  EXPECT_EQ(swf.calls()[1].request, J(R"({"domain":"d","closeTimeFilter":{"oldestDate":0,"latestDate":10}})"));
}

struct RefusedFilter {
  const char* name;
  ExecutionFilters filters;
  bool closed;
  const char* says;
};

class FilterValidationTest : public ::testing::TestWithParam<RefusedFilter> {};

TEST_P(FilterValidationTest, RefusedWithoutACall) {
  const RefusedFilter& c = GetParam();
  ScriptedSwfClient swf(kSwf);
  std::vector<CallError> errors;
  if (c.closed) {
    auto list = swf.list_closed_workflow_executions({.filters = c.filters});
    auto count = swf.count_closed_workflow_executions(c.filters);
    ASSERT_FALSE(list.ok());
    ASSERT_FALSE(count.ok());
    errors = {list.error(), count.error()};
    EXPECT_EQ(errors[0].operation, "ListClosedWorkflowExecutions");
    EXPECT_EQ(errors[1].operation, "CountClosedWorkflowExecutions");
  } else {
    auto list = swf.list_open_workflow_executions({.filters = c.filters});
    auto count = swf.count_open_workflow_executions(c.filters);
    ASSERT_FALSE(list.ok());
    ASSERT_FALSE(count.ok());
    errors = {list.error(), count.error()};
    EXPECT_EQ(errors[0].operation, "ListOpenWorkflowExecutions");
    EXPECT_EQ(errors[1].operation, "CountOpenWorkflowExecutions");
  }
  EXPECT_TRUE(swf.calls().empty());
  for (const auto& e : errors) {
    EXPECT_EQ(e.kind, ErrorKind::kValidation);
    EXPECT_THAT(e.message, HasSubstr(c.says));
    EXPECT_EQ(e.endpoint, "https://swf.test-1.amazonaws.com");
    EXPECT_FALSE(e.retryable());
    EXPECT_THAT(e.describe(), HasSubstr(c.says));
  }
}

INSTANTIATE_TEST_SUITE_P(
    Filters, FilterValidationTest,
    ::testing::Values(
        RefusedFilter{"OpenWithCloseTime", {.domain = "d", .start_time = TimeFilter{0}, .close_time = TimeFilter{0}},
                      false, "close time"},
        RefusedFilter{"OpenWithCloseStatus", {.domain = "d", .start_time = TimeFilter{0}, .close_status = "FAILED"},
                      false, "close status"},
        RefusedFilter{"OpenWithoutStartTime", {.domain = "d", .tag = "x"}, false, "start time"},
        RefusedFilter{"OpenTwoExclusive", {.domain = "d", .start_time = TimeFilter{0}, .workflow_id = "w", .tag = "x"},
                      false, "mutually exclusive"},
        RefusedFilter{"ClosedNoTime", {.domain = "d"}, true, "exactly one"},
        RefusedFilter{"ClosedBothTimes", {.domain = "d", .start_time = TimeFilter{0}, .close_time = TimeFilter{0}},
                      true, "exactly one"},
        RefusedFilter{"ClosedTypeAndStatus",
                      {.domain = "d", .close_time = TimeFilter{0}, .type = WorkflowTypeRef{"t", ""}, .close_status = "FAILED"},
                      true, "mutually exclusive"}),
    [](const auto& info) { return std::string(info.param.name); });

// ---- Decision tasks ---------------------------------------------------------

TEST(ClientRequestTest, PollForDecisionTask) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"taskToken":"token-1","startedEventId":3,"previousStartedEventId":0,
                "workflowExecution":{"workflowId":"w","runId":"r"},"workflowType":{"name":"t","version":"1"},
                "events":[{"eventId":1,"eventType":"WorkflowExecutionStarted","eventTimestamp":1}],
                "nextPageToken":"page-2"})");
  auto task = swf.poll_for_decision_task({.domain = "d", .task_list = "deciders", .identity = R"({"pid":1})"});
  ASSERT_TRUE(task.ok()) << task.error().describe();
  EXPECT_CALL_WAS(swf, "PollForDecisionTask",
                  R"({"domain":"d","taskList":{"name":"deciders"},"identity":"{\"pid\":1}"})");
  EXPECT_FALSE(task->empty());
  EXPECT_EQ(task->task_token, "token-1");
  EXPECT_EQ(task->started_event_id, 3);
  EXPECT_EQ(task->previous_started_event_id, 0);
  EXPECT_EQ(task->execution, (ExecutionRef{"w", "r"}));
  EXPECT_EQ(task->type, (WorkflowTypeRef{"t", "1"}));
  ASSERT_EQ(task->events.size(), 1u);
  EXPECT_EQ(task->events[0]["eventType"], "WorkflowExecutionStarted");
  EXPECT_EQ(task->next_page_token, "page-2");

  ScriptedSwfClient next(kSwf);
  next.reply_text("{}");
  ASSERT_TRUE(next.poll_for_decision_task({.domain = "d",
                                           .task_list = "deciders",
                                           .page = {.next_page_token = "page-2", .maximum_page_size = 100, .reverse_order = true},
                                           .start_at_previous_started_event = true})
                  .ok());
  EXPECT_CALL_WAS(next, "PollForDecisionTask",
                  R"({"domain":"d","taskList":{"name":"deciders"},"nextPageToken":"page-2","maximumPageSize":100,
                      "reverseOrder":true,"startAtPreviousStartedEvent":true})");
}

TEST(ClientRequestTest, EmptyPollsGiveEmptyTasks) {
  // What SWF answers when a long poll ends without a task, and what moto does.
  for (const char* reply : {"{}", R"({"previousStartedEventId":0,"startedEventId":0})", R"({"taskToken":""})"}) {
    SCOPED_TRACE(reply);
    ScriptedSwfClient swf(kSwf);
    swf.reply_text(reply);
    swf.reply_text(reply);
    auto decision = swf.poll_for_decision_task({.domain = "d", .task_list = "l"});
    auto activity = swf.poll_for_activity_task({.domain = "d", .task_list = "l"});
    ASSERT_TRUE(decision.ok()) << decision.error().describe();
    ASSERT_TRUE(activity.ok()) << activity.error().describe();
    EXPECT_TRUE(decision->empty());
    EXPECT_TRUE(decision->events.empty());
    EXPECT_TRUE(activity->empty());
  }
}

TEST(ClientRequestTest, RespondDecisionTaskCompleted) {
  ScriptedSwfClient swf(kSwf);
  Json decision = {{"decisionType", "CompleteWorkflowExecution"},
                   {"completeWorkflowExecutionDecisionAttributes", {{"result", "42"}}}};
  ASSERT_TRUE(swf.respond_decision_task_completed({.task_token = "token-1", .decisions = {decision}}).ok());
  EXPECT_CALL_WAS(swf, "RespondDecisionTaskCompleted",
                  R"({"taskToken":"token-1","decisions":[{"decisionType":"CompleteWorkflowExecution",
                      "completeWorkflowExecutionDecisionAttributes":{"result":"42"}}]})");

  ScriptedSwfClient full(kSwf);
  ASSERT_TRUE(full.respond_decision_task_completed({.task_token = "t",
                                                    .decisions = {},
                                                    .execution_context = "ctx",
                                                    .task_list = "sticky",
                                                    .task_list_schedule_to_start_timeout = "5"})
                  .ok());
  EXPECT_CALL_WAS(full, "RespondDecisionTaskCompleted",
                  R"({"taskToken":"t","decisions":[],"executionContext":"ctx","taskList":{"name":"sticky"},
                      "taskListScheduleToStartTimeout":"5"})");
}

TEST(ClientRequestTest, CountPendingTasks) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"count":3,"truncated":false})");
  swf.reply_text(R"({"count":7})");
  auto decisions = swf.count_pending_decision_tasks("d", "deciders");
  auto activities = swf.count_pending_activity_tasks("d", "workers");
  ASSERT_TRUE(decisions.ok());
  ASSERT_TRUE(activities.ok());
  EXPECT_EQ(decisions->count, 3);
  EXPECT_EQ(activities->count, 7);
  EXPECT_FALSE(activities->truncated);
  ASSERT_EQ(swf.calls().size(), 2u);
  EXPECT_EQ(swf.calls()[0].operation, "CountPendingDecisionTasks");
  EXPECT_EQ(swf.calls()[0].request, J(R"({"domain":"d","taskList":{"name":"deciders"}})"));
  EXPECT_EQ(swf.calls()[1].operation, "CountPendingActivityTasks");
  EXPECT_EQ(swf.calls()[1].request, J(R"({"domain":"d","taskList":{"name":"workers"}})"));
}

// ---- Activity tasks ---------------------------------------------------------

TEST(ClientRequestTest, PollForActivityTask) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"taskToken":"token-2","activityId":"activity-1","startedEventId":12,
                "workflowExecution":{"workflowId":"w","runId":"r"},"activityType":{"name":"tasks.add","version":"2"},
                "input":"[1,2]"})");
  auto task = swf.poll_for_activity_task({.domain = "d", .task_list = "workers", .identity = "me"});
  ASSERT_TRUE(task.ok()) << task.error().describe();
  EXPECT_CALL_WAS(swf, "PollForActivityTask", R"({"domain":"d","taskList":{"name":"workers"},"identity":"me"})");
  EXPECT_FALSE(task->empty());
  EXPECT_EQ(task->task_token, "token-2");
  EXPECT_EQ(task->activity_id, "activity-1");
  EXPECT_EQ(task->started_event_id, 12);
  EXPECT_EQ(task->execution, (ExecutionRef{"w", "r"}));
  EXPECT_EQ(task->type, (ActivityTypeRef{"tasks.add", "2"}));
  EXPECT_EQ(task->input, "[1,2]");

  ScriptedSwfClient minimal(kSwf);
  minimal.reply_text(R"({"taskToken":"t","activityId":"a","startedEventId":1,"workflowExecution":{"workflowId":"w","runId":"r"},
                    "activityType":{"name":"n","version":"1"}})");
  auto no_input = minimal.poll_for_activity_task({.domain = "d", .task_list = "workers"});
  ASSERT_TRUE(no_input.ok());
  EXPECT_CALL_WAS(minimal, "PollForActivityTask", R"({"domain":"d","taskList":{"name":"workers"}})");
  EXPECT_EQ(no_input->input, std::nullopt);
}

TEST(ClientRequestTest, RespondActivityTask) {
  ScriptedSwfClient swf(kSwf);
  ASSERT_TRUE(swf.respond_activity_task_completed("t1", "42").ok());
  ASSERT_TRUE(swf.respond_activity_task_completed("t2", std::nullopt).ok());
  ASSERT_TRUE(swf.respond_activity_task_failed({.task_token = "t3"}).ok());
  ASSERT_TRUE(swf.respond_activity_task_failed({.task_token = "t4", .reason = "boom", .details = "trace"}).ok());
  ASSERT_TRUE(swf.respond_activity_task_canceled("t5", std::nullopt).ok());
  ASSERT_TRUE(swf.respond_activity_task_canceled("t6", "because").ok());
  ASSERT_EQ(swf.calls().size(), 6u);
  EXPECT_EQ(swf.calls()[0].operation, "RespondActivityTaskCompleted");
  EXPECT_EQ(swf.calls()[0].request, J(R"({"taskToken":"t1","result":"42"})"));
  EXPECT_EQ(swf.calls()[1].request, J(R"({"taskToken":"t2"})"));
  EXPECT_EQ(swf.calls()[2].operation, "RespondActivityTaskFailed");
  EXPECT_EQ(swf.calls()[2].request, J(R"({"taskToken":"t3"})"));
  EXPECT_EQ(swf.calls()[3].request, J(R"({"taskToken":"t4","reason":"boom","details":"trace"})"));
  EXPECT_EQ(swf.calls()[4].operation, "RespondActivityTaskCanceled");
  EXPECT_EQ(swf.calls()[4].request, J(R"({"taskToken":"t5"})"));
  EXPECT_EQ(swf.calls()[5].request, J(R"({"taskToken":"t6","details":"because"})"));
}

TEST(ClientRequestTest, RecordActivityTaskHeartbeat) {
  ScriptedSwfClient swf(kSwf);
  swf.reply_text(R"({"cancelRequested":true})");
  swf.reply_text(R"({"cancelRequested":false})");
  auto canceled = swf.record_activity_task_heartbeat("t", "50%");
  auto running = swf.record_activity_task_heartbeat("t", std::nullopt);
  ASSERT_TRUE(canceled.ok());
  ASSERT_TRUE(running.ok());
  EXPECT_TRUE(canceled->cancel_requested);
  EXPECT_FALSE(running->cancel_requested);
  ASSERT_EQ(swf.calls().size(), 2u);
  EXPECT_EQ(swf.calls()[0].operation, "RecordActivityTaskHeartbeat");
  EXPECT_EQ(swf.calls()[0].request, J(R"({"taskToken":"t","details":"50%"})"));
  EXPECT_EQ(swf.calls()[1].request, J(R"({"taskToken":"t"})"));
}

// ---- Errors -----------------------------------------------------------------

TEST(ClientErrorTest, ErrorsOfSendPassThrough) {
  ScriptedSwfClient swf(kSwf);
  CallError fault;
  fault.kind = ErrorKind::kUnknownResource;
  fault.code = "UnknownResourceFault";
  fault.message = "Unknown domain: nope";
  fault.operation = "DescribeDomain";
  fault.http_status = 400;
  swf.fail(fault);
  swf.fail(fault);
  auto detail = swf.describe_domain("nope");
  ASSERT_FALSE(detail.ok());
  EXPECT_EQ(detail.error().kind, ErrorKind::kUnknownResource);
  EXPECT_EQ(detail.error().message, "Unknown domain: nope");
  auto deprecated = swf.deprecate_domain("nope");
  ASSERT_FALSE(deprecated.ok());
  EXPECT_EQ(deprecated.error().code, "UnknownResourceFault");
}

TEST(ClientErrorTest, AnEmptyReplyIsAnEmptyObject) {
  for (const char* reply : {"", " \r\n"}) {
    ScriptedSwfClient swf(kSwf);
    swf.reply_text(reply);
    auto result = swf.call("DeprecateDomain", {{"name", "d"}});
    ASSERT_TRUE(result.ok()) << result.error().describe();
    EXPECT_EQ(*result, Json::object());
  }
}

TEST(ClientErrorTest, ReplyThatIsNotAJsonObjectIsBadResponse) {
  for (const char* reply : {"not json", "[1,2]", "\"text\"", "{\"truncated"}) {
    SCOPED_TRACE(reply);
    ScriptedSwfClient swf(kSwf);
    swf.reply_text(reply);
    auto result = swf.deprecate_domain("d");  // even where the answer is not read
    ASSERT_FALSE(result.ok());
    EXPECT_EQ(result.error().kind, ErrorKind::kBadResponse);
    EXPECT_EQ(result.error().operation, "DeprecateDomain");
    EXPECT_EQ(result.error().endpoint, "https://swf.test-1.amazonaws.com");
    EXPECT_FALSE(result.error().retryable());
  }
}

TEST(ClientErrorTest, FieldOfTheWrongTypeIsBadResponse) {
  struct Case {
    const char* reply;
    std::function<std::optional<CallError>(SwfClient&)> call;
  };
  auto error_of = [](const auto& result) -> std::optional<CallError> {
    if (result.ok()) return std::nullopt;
    return result.error();
  };
  const Case cases[] = {
      {R"({"runId":5})", [&](SwfClient& c) { return error_of(c.start_workflow_execution({.domain = "d"})); }},
      {R"({})", [&](SwfClient& c) { return error_of(c.start_workflow_execution({.domain = "d"})); }},  // no runId
      {R"({"runId":""})", [&](SwfClient& c) { return error_of(c.start_workflow_execution({.domain = "d"})); }},
      {R"({"count":"3"})", [&](SwfClient& c) { return error_of(c.count_pending_activity_tasks("d", "l")); }},
      {R"({"events":{"eventId":1}})",
       [&](SwfClient& c) { return error_of(c.get_workflow_execution_history({.domain = "d"})); }},
      {R"({"taskToken":7})",
       [&](SwfClient& c) { return error_of(c.poll_for_activity_task({.domain = "d", .task_list = "l"})); }},
      {R"({"taskToken":"t","events":"nope"})",
       [&](SwfClient& c) { return error_of(c.poll_for_decision_task({.domain = "d", .task_list = "l"})); }},
      {R"({"cancelRequested":"yes"})",
       [&](SwfClient& c) { return error_of(c.record_activity_task_heartbeat("t", std::nullopt)); }},
      {R"({"domainInfos":[{"name":1}]})", [&](SwfClient& c) { return error_of(c.list_domains({})); }},
      {R"({"executionInfos":[{"startTimestamp":"yesterday"}]})",
       [&](SwfClient& c) {
         return error_of(c.list_open_workflow_executions({.filters = {.domain = "d", .start_time = TimeFilter{0}}}));
       }},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.reply);
    ScriptedSwfClient swf(kSwf);
    swf.reply_text(c.reply);
    auto error = c.call(swf);
    ASSERT_TRUE(error) << "accepted";
    EXPECT_EQ(error->kind, ErrorKind::kBadResponse);
    EXPECT_FALSE(error->operation.empty());
    EXPECT_THAT(error->describe(), HasSubstr(error->operation));
  }
}

// shapes_json.hpp: "readers ... throw nlohmann's exceptions on wrong types
// (the client turns them into kBadResponse)". A list or object where the API
// has one, replaced by a string or a number, is such a wrong type.
TEST(ClientErrorTest, ContainerOfTheWrongTypeIsBadResponse) {
  struct Case {
    const char* reply;
    std::function<bool(SwfClient&)> ok;
  };
  const Case cases[] = {
      {R"({"domainInfos":"oops"})", [](SwfClient& c) { return c.list_domains({}).ok(); }},
      {R"({"domainInfos":5})", [](SwfClient& c) { return c.list_domains({}).ok(); }},
      {R"({"typeInfos":"oops"})", [](SwfClient& c) { return c.list_workflow_types({.domain = "d"}).ok(); }},
      {R"({"executionInfos":{"a":1}})",
       [](SwfClient& c) {
         return c.list_open_workflow_executions({.filters = {.domain = "d", .start_time = TimeFilter{0}}}).ok();
       }},
      {R"({"domainInfo":"oops"})", [](SwfClient& c) { return c.describe_domain("d").ok(); }},
      {R"({"taskToken":"t","workflowExecution":"w"})",
       [](SwfClient& c) { return c.poll_for_activity_task({.domain = "d", .task_list = "l"}).ok(); }},
  };
  for (const auto& c : cases) {
    ScriptedSwfClient swf(kSwf);
    swf.reply_text(c.reply);
    EXPECT_FALSE(c.ok(swf)) << c.reply << " was accepted";
  }
}

// ---- The requests, checked by botocore ----------------------------------------

// Calls every operation with every optional field set, and with none.
void call_every_operation(SwfClient& swf) {
  const PageRequest page{.next_page_token = "p", .maximum_page_size = 10, .reverse_order = true};
  (void)swf.register_domain({.name = "d"});
  (void)swf.register_domain({.name = "d", .retention_period_in_days = "1", .description = "x", .tags = {{"k", "v"}}});
  (void)swf.describe_domain("d");
  (void)swf.list_domains({});
  (void)swf.list_domains({.registration_status = "DEPRECATED", .page = page});
  (void)swf.deprecate_domain("d");
  (void)swf.register_workflow_type({.domain = "d", .type = {"w", "1"}});
  (void)swf.register_workflow_type({.domain = "d",
                                    .type = {"w", "1"},
                                    .description = "x",
                                    .defaults = {"1", "2", "l", "3", "TERMINATE", "arn:aws:iam::1:role/r"}});
  (void)swf.describe_workflow_type("d", {"w", "1"});
  (void)swf.list_workflow_types({.domain = "d"});
  (void)swf.list_workflow_types({.domain = "d", .name = "w", .page = page});
  (void)swf.deprecate_workflow_type("d", {"w", "1"});
  (void)swf.register_activity_type({.domain = "d", .type = {"a", "1"}});
  (void)swf.register_activity_type(
      {.domain = "d", .type = {"a", "1"}, .description = "x", .defaults = {"1", "NONE", "l", "0", "2", "3"}});
  (void)swf.describe_activity_type("d", {"a", "1"});
  (void)swf.list_activity_types({.domain = "d", .name = "a", .page = page});
  (void)swf.deprecate_activity_type("d", {"a", "1"});
  (void)swf.start_workflow_execution({.domain = "d", .workflow_id = "w", .type = {"t", "1"}});
  (void)swf.start_workflow_execution({.domain = "d",
                                      .workflow_id = "w",
                                      .type = {"t", "1"},
                                      .task_list = "l",
                                      .task_priority = "1",
                                      .input = "{}",
                                      .execution_start_to_close_timeout = "60",
                                      .tag_list = {"a"},
                                      .task_start_to_close_timeout = "10",
                                      .child_policy = "ABANDON",
                                      .lambda_role = "arn:aws:iam::1:role/r"});
  (void)swf.describe_workflow_execution("d", {"w", "r"});
  (void)swf.terminate_workflow_execution({.domain = "d", .workflow_id = "w"});
  (void)swf.terminate_workflow_execution(
      {.domain = "d", .workflow_id = "w", .run_id = "r", .reason = "x", .details = "y", .child_policy = "TERMINATE"});
  (void)swf.signal_workflow_execution({.domain = "d", .workflow_id = "w", .signal_name = "s"});
  (void)swf.signal_workflow_execution({.domain = "d", .workflow_id = "w", .run_id = "r", .signal_name = "s", .input = "1"});
  (void)swf.request_cancel_workflow_execution({.domain = "d", .workflow_id = "w", .run_id = "r"});
  (void)swf.get_workflow_execution_history({.domain = "d", .execution = {"w", "r"}});
  (void)swf.get_workflow_execution_history({.domain = "d", .execution = {"w", "r"}, .page = page});
  (void)swf.list_open_workflow_executions(
      {.filters = {.domain = "d", .start_time = TimeFilter{1.5, 2.5}, .workflow_id = "w"}, .page = page});
  (void)swf.list_open_workflow_executions({.filters = {.domain = "d", .start_time = TimeFilter{1}, .type = WorkflowTypeRef{"t", ""}}});
  (void)swf.list_closed_workflow_executions(
      {.filters = {.domain = "d", .close_time = TimeFilter{1}, .close_status = "COMPLETED"}, .page = page});
  (void)swf.list_closed_workflow_executions({.filters = {.domain = "d", .start_time = TimeFilter{1}, .tag = "x"}});
  (void)swf.count_open_workflow_executions({.domain = "d", .start_time = TimeFilter{1}, .type = WorkflowTypeRef{"t", "1"}});
  (void)swf.count_closed_workflow_executions({.domain = "d", .close_time = TimeFilter{1, 2}, .workflow_id = "w"});
  (void)swf.poll_for_decision_task({.domain = "d", .task_list = "l"});
  (void)swf.poll_for_decision_task(
      {.domain = "d", .task_list = "l", .identity = "i", .page = page, .start_at_previous_started_event = true});
  (void)swf.respond_decision_task_completed({.task_token = "t"});
  (void)swf.respond_decision_task_completed(
      {.task_token = "t",
       .decisions = {Json{{"decisionType", "StartTimer"},
                          {"startTimerDecisionAttributes", {{"timerId", "t"}, {"startToFireTimeout", "5"}}}}},
       .execution_context = "c",
       .task_list = "sticky",
       .task_list_schedule_to_start_timeout = "5"});
  (void)swf.count_pending_decision_tasks("d", "l");
  (void)swf.poll_for_activity_task({.domain = "d", .task_list = "l"});
  (void)swf.poll_for_activity_task({.domain = "d", .task_list = "l", .identity = "i"});
  (void)swf.respond_activity_task_completed("t", std::nullopt);
  (void)swf.respond_activity_task_completed("t", "r");
  (void)swf.respond_activity_task_failed({.task_token = "t"});
  (void)swf.respond_activity_task_failed({.task_token = "t", .reason = "r", .details = "d"});
  (void)swf.respond_activity_task_canceled("t", std::nullopt);
  (void)swf.respond_activity_task_canceled("t", "d");
  (void)swf.record_activity_task_heartbeat("t", std::nullopt);
  (void)swf.record_activity_task_heartbeat("t", "d");
  (void)swf.count_pending_activity_tasks("d", "l");
}

std::string write_requests(const testing::TempDir& dir, const std::vector<ScriptedSwfClient::Call>& calls) {
  std::string text;
  for (const auto& call : calls) text += dumps(Json{{"operation", call.operation}, {"request", call.request}}) + "\n";
  return dir.write("requests.jsonl", text);
}

TEST(ClientBotocoreTest, EveryRequestMatchesTheApiModel) {
  ScriptedSwfClient swf(kSwf);
  call_every_operation(swf);
  std::set<std::string> operations;
  for (const auto& call : swf.calls()) operations.insert(call.operation);
  EXPECT_EQ(operations.size(), 31u);  // every operation of SwfClient

  testing::TempDir dir;
  std::string file = write_requests(dir, swf.calls());
  auto result = simpleflow::testing::run_command(
      {simpleflow::testing::python3(), simpleflow::testing::test_script("tests/swf_client/validate_requests.py"), file});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), static_cast<long>(swf.calls().size())) << result.out;

  // The check can fail: a request with a misspelt field does not pass.
  std::vector<ScriptedSwfClient::Call> wrong = {{"DescribeDomain", J(R"({"domainName":"d"})"), ""}};
  auto refused = simpleflow::testing::run_command(
      {simpleflow::testing::python3(), simpleflow::testing::test_script("tests/swf_client/validate_requests.py"),
       write_requests(dir, wrong)});
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_THAT(refused.out, HasSubstr("INVALID"));
}

}  // namespace
}  // namespace simpleflow::swf
