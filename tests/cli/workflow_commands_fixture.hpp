// A fixture for the workflow.* inspection and control commands: the
// embedded server runs in the test process on a ManualClock, so that every
// timestamp is known, and the test plays decider and worker through the SWF
// client to give executions real histories: activities that complete, fail
// and are retried, a signal, a marker, a child workflow and a timer. The
// commands then run as a user runs them, the CLI binary against the server.
#pragma once

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>
#include <map>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>
#include <vector>

#include "simpleflow/clock.hpp"
#include "simpleflow/server.hpp"
#include "simpleflow/swf.hpp"
#include "support/command.hpp"

namespace simpleflow::testing {

// 2026-01-02T03:04:05Z: every event happens at a known offset from it.
constexpr double kT0 = 1767323045;

// The variables through which a developer's own AWS setup could leak in.
inline const std::vector<std::string> kAwsVariables = {
    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_SWF", "AWS_REGION",        "AWS_DEFAULT_REGION",
    "AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE",
    "AWS_CONFIG_FILE",   "AWS_SHARED_CREDENTIALS_FILE", "SWF_DOMAIN", "SIMPLEFLOW_FORMAT"};

// An embedded server on a fresh data directory, its clock, and a client.
class EmbeddedSwf {
 public:
  EmbeddedSwf() {
    std::random_device random;
    dir_ = std::filesystem::temp_directory_path() /
           ("simpleflow-cli-workflow-" + std::to_string(::getpid()) + "-" + std::to_string(random()));
    server::ServerOptions options;
    options.data_dir = dir_.string();
    options.fsync = false;
    options.long_poll_seconds = 0.2;
    options.clock = &clock_;
    options.run_timers = false;  // timers fire in fire_timers(), when the test says
    options.threads = 4;
    auto started = server::Server::start(options);
    if (!started.ok()) throw std::runtime_error("server did not start: " + started.status().message());
    server_ = std::move(started).value();
    swf::ClientConfig config;
    config.backend = swf::Backend::kEndpoint;
    config.endpoint = server_->endpoint();
    config.region = "us-east-1";
    config.max_retries = 0;
    auto client = swf::make_client(config);
    if (!client.ok()) throw std::runtime_error("no client: " + client.status().message());
    client_ = std::move(client).value();
  }
  ~EmbeddedSwf() {
    client_.reset();
    server_.reset();
    std::error_code ignored;
    std::filesystem::remove_all(dir_, ignored);
  }

  std::string endpoint() const { return server_->endpoint(); }
  const std::shared_ptr<swf::SwfClient>& client() const { return client_; }

  // Moves the clock to kT0 + `offset` seconds.
  void at(double offset) { clock_.set(kT0 + offset); }
  void fire_timers() { server_->fire_due_timers(); }

  // A call that must succeed.
  Json ok(const std::string& operation, const Json& request) {
    auto reply = client_->call(operation, request);
    if (!reply.ok()) throw std::runtime_error(operation + " failed: " + reply.error().describe());
    return std::move(reply).value();
  }

  // Registers `domain` with the "basic" workflow type (decisions on
  // "deciders") and two activity types (on "workers").
  void register_domain(const std::string& domain) {
    ok("RegisterDomain", {{"name", domain}, {"workflowExecutionRetentionPeriodInDays", "30"}});
    ok("RegisterWorkflowType", {{"domain", domain},
                                {"name", "basic"},
                                {"version", "example"},
                                {"defaultTaskList", {{"name", "deciders"}}},
                                {"defaultTaskStartToCloseTimeout", "300"},
                                {"defaultExecutionStartToCloseTimeout", "3600"},
                                {"defaultChildPolicy", "TERMINATE"}});
    for (const char* name : {"examples.basic.increment", "examples.basic.double"}) register_activity_type(domain, name);
  }

  // Registers activity type `name`, version "example", on "workers".
  void register_activity_type(const std::string& domain, const std::string& name) {
    ok("RegisterActivityType", {{"domain", domain},
                                {"name", name},
                                {"version", "example"},
                                {"defaultTaskList", {{"name", "workers"}}},
                                {"defaultTaskScheduleToStartTimeout", "300"},
                                {"defaultTaskScheduleToCloseTimeout", "600"},
                                {"defaultTaskStartToCloseTimeout", "300"},
                                {"defaultTaskHeartbeatTimeout", "NONE"}});
  }

  // Starts a "basic" execution; returns its run id.
  std::string start(const std::string& domain, const std::string& workflow_id, const Json& input,
                    const std::vector<std::string>& tags = {}) {
    Json request = {{"domain", domain},
                    {"workflowId", workflow_id},
                    {"workflowType", {{"name", "basic"}, {"version", "example"}}},
                    {"input", dumps(input)}};
    if (!tags.empty()) request["tagList"] = tags;
    return ok("StartWorkflowExecution", request).at("runId");
  }

  // Takes the decision task waiting on `task_list` and answers it.
  void decide(const std::string& domain, Json decisions, const std::string& task_list = "deciders") {
    Json task = ok("PollForDecisionTask", {{"domain", domain}, {"taskList", {{"name", task_list}}}, {"identity", "decider-1"}});
    if (task.value("taskToken", "").empty()) throw std::runtime_error("no decision task on " + task_list);
    ok("RespondDecisionTaskCompleted", {{"taskToken", task.at("taskToken")}, {"decisions", std::move(decisions)}});
  }
  // Takes the activity task waiting on "workers"; returns its token.
  std::string take_activity(const std::string& domain) {
    Json task = ok("PollForActivityTask", {{"domain", domain}, {"taskList", {{"name", "workers"}}}, {"identity", "worker-1"}});
    if (task.value("taskToken", "").empty()) throw std::runtime_error("no activity task");
    return task.at("taskToken");
  }

  static Json schedule(const std::string& name, int n, const Json& input) {
    return {{"decisionType", "ScheduleActivityTask"},
            {"scheduleActivityTaskDecisionAttributes",
             {{"activityId", "activity-" + name + "-" + std::to_string(n)},
              {"activityType", {{"name", name}, {"version", "example"}}},
              {"input", dumps(input)}}}};
  }
  static Json args(Json args) { return {{"args", std::move(args)}, {"kwargs", Json::object()}}; }

  // The history of a run, as the API sends it.
  Json history(const std::string& domain, const std::string& workflow_id, const std::string& run_id) {
    Json events = Json::array();
    Json request = {{"domain", domain}, {"execution", {{"workflowId", workflow_id}, {"runId", run_id}}}};
    for (;;) {
      Json page = ok("GetWorkflowExecutionHistory", request);
      for (Json& event : page.at("events")) events.push_back(std::move(event));
      if (!page.contains("nextPageToken")) return events;
      request["nextPageToken"] = page["nextPageToken"];
    }
  }
  Json describe(const std::string& domain, const std::string& workflow_id, const std::string& run_id) {
    return ok("DescribeWorkflowExecution",
              {{"domain", domain}, {"execution", {{"workflowId", workflow_id}, {"runId", run_id}}}});
  }

  // Runs the CLI against this server, with nothing of the developer's AWS
  // setup.
  // `extra_env` adds to (or overrides) the environment that points at this server.
  CommandResult cli(const std::vector<std::string>& args, const std::map<std::string, std::string>& extra_env = {}) {
    CommandOptions options{
        .env = {{"AWS_ENDPOINT_URL_SWF", endpoint()}, {"HOME", "/nonexistent"}, {"LOG_LEVEL", "INFO"}},
        .unset_env = kAwsVariables};
    for (const auto& [name, value] : extra_env) options.env[name] = value;
    return simpleflow(args, options);
  }

 private:
  ManualClock clock_{kT0};
  std::filesystem::path dir_;
  std::unique_ptr<server::Server> server_;
  std::shared_ptr<swf::SwfClient> client_;
};

}  // namespace simpleflow::testing
