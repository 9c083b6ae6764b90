// Actors (src/swf_objects/actors.cpp) against a scripted SwfClient: the
// decider's poll over several history pages, and the activity worker's calls.
#include "simpleflow/swf/actors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <memory>
#include <string>
#include <vector>

#include "simpleflow/swf/exceptions.hpp"
#include "support/scripted_swf_client.hpp"

namespace simpleflow::swf {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::IsEmpty;
using simpleflow::testing::ScriptedSwfClient;

Json history_event(long long id, const std::string& type, Json attributes = Json::object()) {
  std::string key = type;
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return {{"eventId", id},
          {"eventType", type},
          {"eventTimestamp", 1700000000.0 + static_cast<double>(id)},
          {key + "EventAttributes", std::move(attributes)}};
}

class SwfActorsTest : public ::testing::Test {
 protected:
  std::shared_ptr<ScriptedSwfClient> swf = std::make_shared<ScriptedSwfClient>();
  Domain domain{swf, "prod"};
};

// ---- Decider ------------------------------------------------------------------

Json first_page(Json events, const std::string& next_page_token) {
  Json page = {{"taskToken", "decision-token"},
               {"startedEventId", 7},
               {"previousStartedEventId", 3},
               {"workflowExecution", {{"workflowId", "nightly"}, {"runId", "run-1"}}},
               {"workflowType", {{"name", "etl.Nightly"}, {"version", "1"}}},
               {"events", std::move(events)}};
  if (!next_page_token.empty()) page["nextPageToken"] = next_page_token;
  return page;
}

// SWF repeats the task's fields on every page.
Json later_page(Json events, const std::string& next_page_token) {
  return first_page(std::move(events), next_page_token);
}

TEST_F(SwfActorsTest, DeciderPollMergesEveryPage) {
  swf->reply("PollForDecisionTask",
             first_page(Json::array({history_event(1, "WorkflowExecutionStarted"), history_event(2, "DecisionTaskScheduled"),
                         history_event(3, "DecisionTaskStarted", {{"scheduledEventId", 2}})}),
                        "page-2"));
  swf->reply("PollForDecisionTask",
             later_page(Json::array({history_event(4, "DecisionTaskCompleted", {{"scheduledEventId", 2}, {"startedEventId", 3}}),
                         history_event(5, "WorkflowExecutionSignaled", {{"signalName", "go"}})}),
                        "page-3"));
  swf->reply("PollForDecisionTask",
             later_page(Json::array({history_event(6, "DecisionTaskScheduled"),
                         history_event(7, "DecisionTaskStarted", {{"scheduledEventId", 6}})}),
                        ""));
  Decider decider(domain, "etl", "host-1");
  EXPECT_EQ(decider.task_list(), "etl");
  EXPECT_EQ(decider.domain().name(), "prod");
  DecisionResponse task = decider.poll();

  EXPECT_FALSE(task.empty());
  EXPECT_EQ(task.token, "decision-token");
  EXPECT_EQ(task.started_event_id, 7);
  EXPECT_EQ(task.previous_started_event_id, 3);
  EXPECT_EQ(task.workflow_type, (WorkflowTypeRef{"etl.Nightly", "1"}));
  ASSERT_TRUE(task.execution.has_value());
  EXPECT_EQ(task.execution->workflow_id(), "nightly");
  EXPECT_EQ(task.execution->run_id(), "run-1");
  EXPECT_EQ(task.execution->domain().name(), "prod");
  EXPECT_EQ(task.execution->fields().workflow_type, (WorkflowTypeRef{"etl.Nightly", "1"}));

  ASSERT_EQ(task.history.size(), 7u);
  ASSERT_EQ(task.raw_events.size(), 7u);
  for (std::size_t i = 0; i < 7; ++i) {
    EXPECT_EQ(task.history[i].id, static_cast<std::int64_t>(i + 1));
    EXPECT_EQ(task.raw_events[i].at("eventId"), i + 1);
  }
  EXPECT_EQ(task.raw_events[4], history_event(5, "WorkflowExecutionSignaled", {{"signalName", "go"}}));
  EXPECT_EQ(task.history[4].family, "WorkflowExecution");
  EXPECT_EQ(task.history[4].state, "signaled");
  EXPECT_EQ(task.history.last().type, "DecisionTaskStarted");

  Json first = {{"domain", "prod"}, {"taskList", {{"name", "etl"}}}, {"identity", "host-1"}};
  Json second = first, third = first;
  second["nextPageToken"] = "page-2";
  third["nextPageToken"] = "page-3";
  EXPECT_THAT(swf->requests("PollForDecisionTask"), ElementsAre(first, second, third));
}

TEST_F(SwfActorsTest, DeciderPollOptionsAreSentOnEveryPage) {
  swf->reply("PollForDecisionTask", first_page(Json::array({history_event(2, "DecisionTaskScheduled")}), "p"));
  swf->reply("PollForDecisionTask", later_page(Json::array({history_event(1, "WorkflowExecutionStarted")}), ""));
  Decider decider(domain, "etl", "host-1");
  DecisionResponse task =
      decider.poll({.task_list = "urgent", .identity = "other", .maximum_page_size = 1, .reverse_order = true});
  EXPECT_EQ(task.history.size(), 2u);
  EXPECT_EQ(task.history.first().id, 2);  // in the order SWF sent them
  Json first = {{"domain", "prod"},
                {"taskList", {{"name", "urgent"}}},
                {"identity", "other"},
                {"maximumPageSize", 1},
                {"reverseOrder", true}};
  Json second = first;
  second["nextPageToken"] = "p";
  EXPECT_THAT(swf->requests("PollForDecisionTask"), ElementsAre(first, second));
}

TEST_F(SwfActorsTest, DeciderWithoutIdentitySendsNone) {
  swf->reply("PollForDecisionTask", first_page(Json::array({history_event(1, "WorkflowExecutionStarted")}), ""));
  Decider(domain, "etl").poll();
  EXPECT_THAT(swf->requests("PollForDecisionTask"),
              ElementsAre(Json{{"domain", "prod"}, {"taskList", {{"name", "etl"}}}}));
}

TEST_F(SwfActorsTest, AnEmptyPollGivesAnEmptyResponse) {
  swf->reply("PollForDecisionTask", Json::object());
  DecisionResponse task = Decider(domain, "etl").poll();
  EXPECT_TRUE(task.empty());
  EXPECT_TRUE(task.history.empty());
  EXPECT_THAT(task.raw_events, IsEmpty());
  EXPECT_FALSE(task.execution.has_value());
  EXPECT_EQ(swf->calls().size(), 1u);
  // As SWF sends it when the long poll ends: an empty token and no events.
  swf->reply("PollForDecisionTask", {{"taskToken", ""}, {"startedEventId", 0}, {"previousStartedEventId", 0}});
  EXPECT_TRUE(Decider(domain, "etl").poll().empty());
}

TEST_F(SwfActorsTest, ALaterPageWithoutTokenThrowsResponseError) {
  swf->reply("PollForDecisionTask", first_page(Json::array({history_event(1, "WorkflowExecutionStarted")}), "p2"));
  swf->reply("PollForDecisionTask", Json::object());
  try {
    Decider(domain, "etl").poll();
    ADD_FAILURE() << "poll() did not throw";
  } catch (const ResponseError& e) {
    EXPECT_EQ(e.error().kind, ErrorKind::kBadResponse);
    EXPECT_EQ(e.error().operation, "PollForDecisionTask");
    EXPECT_EQ(e.error().endpoint, "scripted://swf");
    EXPECT_THAT(e.what(), HasSubstr("task token"));
  }
  EXPECT_EQ(swf->calls().size(), 2u);
}

TEST_F(SwfActorsTest, DeciderPollErrors) {
  swf->fail("PollForDecisionTask", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(Decider(domain, "etl").poll(), DoesNotExistError);
  // A failure on a later page.
  swf->reply("PollForDecisionTask", first_page(Json::array({history_event(1, "WorkflowExecutionStarted")}), "p2"));
  swf->fail("PollForDecisionTask", ErrorKind::kNetwork, "CURLE_OPERATION_TIMEDOUT");
  EXPECT_THROW(Decider(domain, "etl").poll(), ResponseError);
  // A malformed event.
  swf->reply("PollForDecisionTask", first_page(Json::array({Json{{"eventType", "DecisionTaskStarted"}}}), ""));
  EXPECT_THROW(Decider(domain, "etl").poll(), InvalidInput);
}

TEST_F(SwfActorsTest, DeciderComplete) {
  swf->reply("RespondDecisionTaskCompleted", Json::object());
  swf->reply("RespondDecisionTaskCompleted", Json::object());
  Decider decider(domain, "etl");
  Json decision = {{"decisionType", "CompleteWorkflowExecution"},
                   {"completeWorkflowExecutionDecisionAttributes", {{"result", "3"}}}};
  decider.complete("decision-token", {decision}, "ctx");
  decider.complete("decision-token", {});
  EXPECT_THAT(swf->requests("RespondDecisionTaskCompleted"),
              ElementsAre(Json{{"taskToken", "decision-token"}, {"decisions", Json::array({decision})}, {"executionContext", "ctx"}},
                          Json{{"taskToken", "decision-token"}, {"decisions", Json::array()}}));
  swf->fail("RespondDecisionTaskCompleted", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(decider.complete("stale", {}), DoesNotExistError);
}

// ---- ActivityWorker --------------------------------------------------------------

TEST_F(SwfActorsTest, ActivityWorkerPoll) {
  swf->reply("PollForActivityTask", {{"taskToken", "activity-token"},
                                     {"activityId", "extract-1"},
                                     {"startedEventId", 12},
                                     {"workflowExecution", {{"workflowId", "nightly"}, {"runId", "run-1"}}},
                                     {"activityType", {{"name", "extract"}, {"version", "2"}}},
                                     {"input", "{\"args\":[1]}"}});
  ActivityWorker worker(domain, "io", "worker-1");
  EXPECT_EQ(worker.task_list(), "io");
  EXPECT_EQ(worker.domain().name(), "prod");
  ActivityTask task = worker.poll();
  EXPECT_FALSE(task.empty());
  EXPECT_EQ(task.task_token, "activity-token");
  EXPECT_EQ(task.activity_id, "extract-1");
  EXPECT_EQ(task.started_event_id, 12);
  EXPECT_EQ(task.execution, (ExecutionRef{"nightly", "run-1"}));
  EXPECT_EQ(task.type, (ActivityTypeRef{"extract", "2"}));
  EXPECT_EQ(task.input, "{\"args\":[1]}");

  swf->reply("PollForActivityTask", Json::object());
  EXPECT_TRUE(worker.poll("other", "worker-2").empty());
  EXPECT_THAT(swf->requests("PollForActivityTask"),
              ElementsAre(Json{{"domain", "prod"}, {"taskList", {{"name", "io"}}}, {"identity", "worker-1"}},
                          Json{{"domain", "prod"}, {"taskList", {{"name", "other"}}}, {"identity", "worker-2"}}));

  swf->reply("PollForActivityTask", Json::object());
  ActivityWorker(domain, "io").poll();
  EXPECT_EQ(swf->requests("PollForActivityTask").back(), (Json{{"domain", "prod"}, {"taskList", {{"name", "io"}}}}));
}

TEST_F(SwfActorsTest, ActivityWorkerResponses) {
  for (int i = 0; i < 2; ++i) {
    swf->reply("RespondActivityTaskCompleted", Json::object());
    swf->reply("RespondActivityTaskFailed", Json::object());
    swf->reply("RespondActivityTaskCanceled", Json::object());
  }
  ActivityWorker worker(domain, "io");
  worker.complete("t1", "{\"rows\":12}");
  worker.complete("t2");
  worker.fail("t3", "trace", "boom");
  worker.fail("t4");
  worker.cancel("t5", "stopped");
  worker.cancel("t6");
  EXPECT_THAT(swf->requests("RespondActivityTaskCompleted"),
              ElementsAre(Json{{"taskToken", "t1"}, {"result", "{\"rows\":12}"}}, Json{{"taskToken", "t2"}}));
  EXPECT_THAT(swf->requests("RespondActivityTaskFailed"),
              ElementsAre(Json{{"taskToken", "t3"}, {"reason", "boom"}, {"details", "trace"}}, Json{{"taskToken", "t4"}}));
  EXPECT_THAT(swf->requests("RespondActivityTaskCanceled"),
              ElementsAre(Json{{"taskToken", "t5"}, {"details", "stopped"}}, Json{{"taskToken", "t6"}}));
}

TEST_F(SwfActorsTest, ActivityWorkerHeartbeat) {
  swf->reply("RecordActivityTaskHeartbeat", {{"cancelRequested", true}});
  swf->reply("RecordActivityTaskHeartbeat", Json::object());
  ActivityWorker worker(domain, "io");
  EXPECT_TRUE(worker.heartbeat("t", "50%").cancel_requested);
  EXPECT_FALSE(worker.heartbeat("t").cancel_requested);
  EXPECT_THAT(swf->requests("RecordActivityTaskHeartbeat"),
              ElementsAre(Json{{"taskToken", "t"}, {"details", "50%"}}, Json{{"taskToken", "t"}}));
}

TEST_F(SwfActorsTest, AnUnknownTaskTokenIsDoesNotExist) {
  ActivityWorker worker(domain, "io");
  swf->fail("RespondActivityTaskCompleted", ErrorKind::kUnknownResource, "UnknownResourceFault",
            "Unknown activity: the task token has expired");
  try {
    worker.complete("stale", "1");
    ADD_FAILURE() << "complete() did not throw";
  } catch (const DoesNotExistError& e) {
    EXPECT_EQ(e.error().operation, "RespondActivityTaskCompleted");
    EXPECT_THAT(e.what(), HasSubstr("task token has expired"));
  }
  swf->fail("RespondActivityTaskFailed", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(worker.fail("stale"), DoesNotExistError);
  swf->fail("RespondActivityTaskCanceled", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(worker.cancel("stale"), DoesNotExistError);
  swf->fail("RecordActivityTaskHeartbeat", ErrorKind::kUnknownResource, "UnknownResourceFault");
  EXPECT_THROW(worker.heartbeat("stale"), DoesNotExistError);
  swf->fail("PollForActivityTask", ErrorKind::kAccessDenied, "AccessDeniedException");
  EXPECT_THROW(worker.poll(), ResponseError);
}

}  // namespace
}  // namespace simpleflow::swf
