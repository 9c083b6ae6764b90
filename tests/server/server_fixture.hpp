// A fixture for the server's semantic tests: an embedded Server on a fresh
// data directory, with a ManualClock that only the test moves (run_timers is
// off, so timers and timeouts fire in fire(), never behind the test's back),
// short long polls, and the project's SWF client on its endpoint. Each test
// gets a registered domain, a workflow type and an activity type, and helpers
// that drive decisions and read histories as plain SWF JSON.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <cctype>
#include <filesystem>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "simpleflow/clock.hpp"
#include "simpleflow/server.hpp"
#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/config.hpp"

namespace simpleflow::server::semantics {

using Json = nlohmann::json;

// A realistic epoch (2027), so that timestamps look like SWF's.
constexpr double kStart = 1.8e9;
constexpr const char* kDomain = "semantics";
constexpr const char* kDeciders = "deciders";  // the workflow type's default decision task list
constexpr const char* kWorkers = "workers";    // the activity type's default task list

// The attributes member of an event ("TimerFired" -> "timerFiredEventAttributes").
inline std::string attributes_member(const std::string& event_type) {
  std::string member = event_type;
  member[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(member[0])));
  return member + "EventAttributes";
}

inline const Json& attrs(const Json& event) { return event.at(attributes_member(event.at("eventType"))); }

inline std::vector<std::string> event_types(const Json& events) {
  std::vector<std::string> out;
  for (const Json& event : events) out.push_back(event.at("eventType"));
  return out;
}

inline std::vector<int64_t> event_ids(const Json& events) {
  std::vector<int64_t> out;
  for (const Json& event : events) out.push_back(event.at("eventId"));
  return out;
}

// Decisions, as the API spells them.
inline Json decision(const std::string& type, Json attributes = Json::object()) {
  std::string member = type;
  member[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(member[0])));
  member += "DecisionAttributes";
  return {{"decisionType", type}, {member, std::move(attributes)}};
}
inline Json schedule_activity(const std::string& id, Json extra = Json::object()) {
  Json a = {{"activityId", id}, {"activityType", {{"name", "act"}, {"version", "1"}}}};
  a.merge_patch(extra);
  return decision("ScheduleActivityTask", std::move(a));
}
inline Json start_timer(const std::string& id, const std::string& seconds) {
  return decision("StartTimer", {{"timerId", id}, {"startToFireTimeout", seconds}});
}
inline Json complete_workflow(const std::string& result = "") {
  return result.empty() ? decision("CompleteWorkflowExecution") : decision("CompleteWorkflowExecution", {{"result", result}});
}
inline Json start_child(const std::string& workflow_id, Json extra = Json::object()) {
  Json a = {{"workflowId", workflow_id},
            {"workflowType", {{"name", "wf"}, {"version", "1"}}},
            {"taskList", {{"name", "children"}}}};
  a.merge_patch(extra);
  return decision("StartChildWorkflowExecution", std::move(a));
}

class ServerTest : public ::testing::Test {
 protected:
  size_t max_history_events_ = 25000;  // set before restart_server() to lower SWF's limit

  void SetUp() override {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("simpleflow-server-semantics-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    std::filesystem::create_directories(dir_);
    start_server();
    ok("RegisterDomain", {{"name", kDomain}, {"workflowExecutionRetentionPeriodInDays", "1"}});
    ok("RegisterWorkflowType", {{"domain", kDomain},
                                {"name", "wf"},
                                {"version", "1"},
                                {"defaultTaskList", {{"name", kDeciders}}},
                                {"defaultTaskStartToCloseTimeout", "NONE"},
                                {"defaultExecutionStartToCloseTimeout", "31536000"},
                                {"defaultChildPolicy", "TERMINATE"}});
    ok("RegisterActivityType", {{"domain", kDomain},
                                {"name", "act"},
                                {"version", "1"},
                                {"defaultTaskList", {{"name", kWorkers}}},
                                {"defaultTaskScheduleToStartTimeout", "NONE"},
                                {"defaultTaskScheduleToCloseTimeout", "NONE"},
                                {"defaultTaskStartToCloseTimeout", "NONE"},
                                {"defaultTaskHeartbeatTimeout", "NONE"}});
  }

  void TearDown() override {
    client_.reset();
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  // Starts a server on the data directory, with the test's clock.
  void start_server(double long_poll_seconds = 0.2) {
    ServerOptions options;
    options.data_dir = dir_.string();
    options.port = 0;
    options.fsync = false;
    options.long_poll_seconds = long_poll_seconds;
    options.clock = &clock_;
    options.run_timers = false;
    options.threads = 16;
    options.max_history_events = max_history_events_;
    auto started = Server::start(options);
    if (!started.ok()) throw std::runtime_error("server did not start: " + started.status().message());
    server_ = std::move(started).value();
    swf::ClientConfig config;
    config.backend = swf::Backend::kEndpoint;
    config.endpoint = server_->endpoint();
    config.region = "us-east-1";
    config.max_retries = 0;  // a fault is the answer under test, never retried
    config.connect_timeout = 5;
    config.call_timeout = 20;
    config.poll_timeout = 20;
    auto client = swf::make_client(config);
    if (!client.ok()) throw std::runtime_error("no client: " + client.status().message());
    client_ = std::move(client).value();
  }

  // Stops the server (its destructor) and starts another on the same data
  // directory and clock.
  void restart_server(double long_poll_seconds = 0.2) {
    client_.reset();
    server_.reset();
    start_server(long_poll_seconds);
  }

  // A call that must succeed; a fault throws, which fails the test.
  Json ok(const std::string& operation, const Json& request) {
    auto reply = client_->call(operation, request);
    if (!reply.ok()) throw std::runtime_error(operation + " failed: " + reply.error().describe());
    return std::move(reply).value();
  }
  // The fault code of a call that must fail ("" if it succeeded).
  std::string fault(const std::string& operation, const Json& request) {
    auto reply = client_->call(operation, request);
    return reply.ok() ? std::string() : reply.error().code;
  }

  // The clock, moved to an absolute time, then the due timers fired; returns
  // how many fired.
  size_t fire_at(double t) {
    clock_.set(t);
    return server_->fire_due_timers();
  }
  size_t fire() { return server_->fire_due_timers(); }

  // Executions.
  std::string start(const std::string& workflow_id, Json extra = Json::object(), const std::string& domain = kDomain) {
    Json request = {{"domain", domain}, {"workflowId", workflow_id}, {"workflowType", {{"name", "wf"}, {"version", "1"}}}};
    request.merge_patch(extra);
    return ok("StartWorkflowExecution", request).at("runId");
  }
  void signal(const std::string& workflow_id, const std::string& name = "sig", const std::string& domain = kDomain) {
    ok("SignalWorkflowExecution", {{"domain", domain}, {"workflowId", workflow_id}, {"signalName", name}});
  }
  static Json execution(const std::string& workflow_id, const std::string& run_id) {
    return {{"workflowId", workflow_id}, {"runId", run_id}};
  }
  // The whole history, following pages.
  Json history(const std::string& workflow_id, const std::string& run_id, const std::string& domain = kDomain) {
    Json events = Json::array();
    Json request = {{"domain", domain}, {"execution", execution(workflow_id, run_id)}};
    for (;;) {
      Json page = ok("GetWorkflowExecutionHistory", request);
      for (Json& event : page.at("events")) events.push_back(std::move(event));
      if (!page.contains("nextPageToken")) return events;
      request["nextPageToken"] = page["nextPageToken"];
    }
  }
  std::vector<std::string> types(const std::string& workflow_id, const std::string& run_id) {
    return event_types(history(workflow_id, run_id));
  }
  Json describe(const std::string& workflow_id, const std::string& run_id, const std::string& domain = kDomain) {
    return ok("DescribeWorkflowExecution", {{"domain", domain}, {"execution", execution(workflow_id, run_id)}});
  }

  // Tasks.
  Json poll_decision(const std::string& task_list = kDeciders, Json extra = Json::object()) {
    Json request = {{"domain", kDomain}, {"taskList", {{"name", task_list}}}, {"identity", "decider"}};
    request.merge_patch(extra);
    return ok("PollForDecisionTask", request);
  }
  // Polls a decision task that must be there; throws when the poll is empty.
  Json take_decision(const std::string& task_list = kDeciders) {
    Json task = poll_decision(task_list);
    if (task.value("taskToken", "").empty()) throw std::runtime_error("no decision task on " + task_list);
    return task;
  }
  void respond(const Json& task, Json decisions = Json::array()) {
    // `{}` is null and `{one}` may be that one decision itself: both mean a list.
    if (decisions.is_null()) decisions = Json::array();
    if (decisions.is_object()) decisions = Json::array({decisions});
    ok("RespondDecisionTaskCompleted", {{"taskToken", task.at("taskToken")}, {"decisions", std::move(decisions)}});
  }
  // Takes the next decision task of `task_list` and answers it.
  Json decide(Json decisions, const std::string& task_list = kDeciders) {
    Json task = take_decision(task_list);
    respond(task, std::move(decisions));
    return task;
  }
  Json poll_activity(const std::string& task_list = kWorkers) {
    return ok("PollForActivityTask", {{"domain", kDomain}, {"taskList", {{"name", task_list}}}, {"identity", "worker"}});
  }
  Json take_activity(const std::string& task_list = kWorkers) {
    Json task = poll_activity(task_list);
    if (task.value("taskToken", "").empty()) throw std::runtime_error("no activity task on " + task_list);
    return task;
  }
  int64_t pending_activities(const std::string& task_list = kWorkers) {
    return ok("CountPendingActivityTasks", {{"domain", kDomain}, {"taskList", {{"name", task_list}}}}).at("count");
  }
  int64_t pending_decisions(const std::string& task_list = kDeciders) {
    return ok("CountPendingDecisionTasks", {{"domain", kDomain}, {"taskList", {{"name", task_list}}}}).at("count");
  }

  ManualClock clock_{kStart};
  std::filesystem::path dir_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<swf::SwfClient> client_;
};

}  // namespace simpleflow::server::semantics
