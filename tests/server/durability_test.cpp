// The server killed with SIGKILL while 200 workflows run, then restarted on
// the same data directory: every workflow completes, and nothing that the
// server acknowledged (a completed activity, a decision) is lost or recorded
// twice. Deciders and workers are threads of this test speaking HTTP, or
// HTTPS, to the `simpleflow server` process through the project's SWF client.
#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <map>
#include <mutex>
#include <optional>
#include <set>
#include <thread>

#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/config.hpp"
#include "support/command.hpp"
#include "support/python_server.hpp"
#include "support/test_certificates.hpp"

namespace simpleflow::server {
namespace {

using simpleflow::Json;
using testing::ChildServer;

constexpr int kWorkflows = 200;
constexpr int kActivitiesPerWorkflow = 3;
constexpr const char* kDomain = "durability";

// TLS files, when the server speaks HTTPS.
std::optional<testing::TestCertificates> certificates;

std::unique_ptr<ChildServer> start_server(const std::string& data_dir) {
  std::vector<std::string> argv{testing::simpleflow_binary(), "server", "--listen", "127.0.0.1:0", "--data-dir",
                                data_dir, "--long-poll-seconds", "0.5"};
  if (certificates) argv.insert(argv.end(), {"--tls-cert", certificates->certificate, "--tls-key", certificates->key});
  return std::make_unique<ChildServer>(argv);
}

std::string endpoint_of(const ChildServer& server) {
  return (certificates ? "https://127.0.0.1:" : "http://127.0.0.1:") + std::to_string(server.port());
}

// The endpoint of the server of the moment, and a client on it.
class Connection {
 public:
  void set(const std::string& endpoint) {
    std::lock_guard<std::mutex> lock(mu_);
    client_ = swf::make_client({.endpoint = endpoint,
                                .max_retries = 0,
                                .connect_timeout = 2,
                                .call_timeout = 10,
                                .ca_bundle = certificates ? certificates->ca : ""})
                  .value();
  }
  std::shared_ptr<swf::SwfClient> client() {
    std::lock_guard<std::mutex> lock(mu_);
    return client_;
  }

 private:
  std::mutex mu_;
  std::shared_ptr<swf::SwfClient> client_;
};

// What the server acknowledged, to be found in the histories afterwards.
struct Acknowledged {
  std::mutex mu;
  std::map<std::pair<std::string, int64_t>, std::string> results;  // (run id, scheduled event id) -> result
  std::set<std::pair<std::string, int64_t>> decisions;             // (run id, started event id)
  std::atomic<int> activities{0};
};

int64_t find_event_id(const Json& events, const std::string& type, const std::string& member,
                                 const std::string& key, const Json& value) {
  for (const Json& e : events) {
    if (e["eventType"] == type && e[member].value(key, Json()) == value) return e["eventId"];
  }
  return 0;
}

// The decider's logic: activity k of workflow input n gets input n*10+k;
// a timed-out attempt is scheduled again under a new id; the result is the
// sum of the activities' results.
Json decide(const Json& events, int64_t& expected_sum_out) {
  std::map<int64_t, std::string> id_of_scheduled;
  std::map<std::string, std::string> state;  // activity id -> open/completed/timed_out
  std::map<std::string, int64_t> result_of;
  int64_t input = 0;
  for (const Json& e : events) {
    std::string type = e["eventType"];
    if (type == "WorkflowExecutionStarted") {
      input = std::stoll(e["workflowExecutionStartedEventAttributes"]["input"].get<std::string>());
    } else if (type == "ActivityTaskScheduled") {
      std::string id = e["activityTaskScheduledEventAttributes"]["activityId"];
      id_of_scheduled[e["eventId"]] = id;
      state[id] = "open";
    } else if (type == "ActivityTaskCompleted") {
      const Json& a = e["activityTaskCompletedEventAttributes"];
      std::string id = id_of_scheduled.at(a["scheduledEventId"]);
      state[id] = "completed";
      result_of[id] = std::stoll(a["result"].get<std::string>());
    } else if (type == "ActivityTaskTimedOut" || type == "ActivityTaskFailed") {
      std::string member = type == "ActivityTaskTimedOut" ? "activityTaskTimedOutEventAttributes" : "activityTaskFailedEventAttributes";
      state[id_of_scheduled.at(e[member]["scheduledEventId"])] = "retry";
    }
  }
  Json decisions = Json::array();
  int64_t sum = 0;
  bool done = true;
  for (int k = 0; k < kActivitiesPerWorkflow; ++k) {
    int attempt = 0;
    std::string id = "a" + std::to_string(k) + "-0";
    while (state.count(id) && state[id] == "retry") id = "a" + std::to_string(k) + "-" + std::to_string(++attempt);
    if (state.count(id) && state[id] == "completed") {
      sum += result_of[id];
      continue;
    }
    done = false;
    if (!state.count(id)) {
      decisions.push_back({{"decisionType", "ScheduleActivityTask"},
                           {"scheduleActivityTaskDecisionAttributes",
                            {{"activityType", {{"name", "double"}, {"version", "1"}}},
                             {"activityId", id},
                             {"input", std::to_string(input * 10 + k)}}}});
    }
  }
  expected_sum_out = 0;
  for (int k = 0; k < kActivitiesPerWorkflow; ++k) expected_sum_out += 2 * (input * 10 + k);
  if (done) {
    decisions.push_back({{"decisionType", "CompleteWorkflowExecution"},
                         {"completeWorkflowExecutionDecisionAttributes", {{"result", std::to_string(sum)}}}});
  }
  return decisions;
}

class ServerDurabilityTest : public ::testing::TestWithParam<bool> {};

TEST_P(ServerDurabilityTest, KilledWithSigkillWhile200WorkflowsRunAndRestartedNothingIsLost) {
  auto data_dir = std::filesystem::temp_directory_path() /
                  ("simpleflow-durability-" + std::to_string(getpid()) + (GetParam() ? "-tls" : ""));
  std::filesystem::remove_all(data_dir);
  if (GetParam()) certificates = testing::make_test_certificates((data_dir / "tls").string());
  auto server = start_server((data_dir / "data").string());
  Connection connection;
  connection.set(endpoint_of(*server));

  auto setup = connection.client();
  ASSERT_TRUE(setup->call("RegisterDomain", {{"name", kDomain}, {"workflowExecutionRetentionPeriodInDays", "1"}}).ok());
  ASSERT_TRUE(setup->call("RegisterWorkflowType", {{"domain", kDomain}, {"name", "sum"}, {"version", "1"},
                                                   {"defaultTaskList", {{"name", "decisions"}}},
                                                   {"defaultExecutionStartToCloseTimeout", "600"},
                                                   {"defaultTaskStartToCloseTimeout", "2"},
                                                   {"defaultChildPolicy", "TERMINATE"}})
                  .ok());
  // A task started before the kill is lost with its worker's answer: its
  // start-to-close timeout hands it back to the decider.
  ASSERT_TRUE(setup->call("RegisterActivityType", {{"domain", kDomain}, {"name", "double"}, {"version", "1"},
                                                   {"defaultTaskList", {{"name", "activities"}}},
                                                   {"defaultTaskScheduleToStartTimeout", "NONE"},
                                                   {"defaultTaskScheduleToCloseTimeout", "NONE"},
                                                   {"defaultTaskStartToCloseTimeout", "2"},
                                                   {"defaultTaskHeartbeatTimeout", "NONE"}})
                  .ok());
  std::map<std::string, std::string> runs;  // workflow id -> run id
  for (int i = 0; i < kWorkflows; ++i) {
    std::string id = "wf-" + std::to_string(i);
    auto started = setup->call("StartWorkflowExecution", {{"domain", kDomain}, {"workflowId", id},
                                                          {"workflowType", {{"name", "sum"}, {"version", "1"}}},
                                                          {"input", std::to_string(i)}});
    ASSERT_TRUE(started.ok()) << started.error().describe();
    runs[id] = (*started)["runId"];
  }

  Acknowledged acked;
  std::atomic<bool> stop{false};
  std::vector<std::thread> threads;
  for (int w = 0; w < 4; ++w) {
    threads.emplace_back([&] {
      while (!stop) {
        auto client = connection.client();
        auto task = client->call("PollForActivityTask", {{"domain", kDomain}, {"taskList", {{"name", "activities"}}}});
        if (!task.ok()) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          continue;
        }
        if (task->value("taskToken", "").empty()) continue;
        std::string result = std::to_string(2 * std::stoll((*task)["input"].get<std::string>()));
        auto done = client->call("RespondActivityTaskCompleted", {{"taskToken", (*task)["taskToken"]}, {"result", result}});
        if (!done.ok()) continue;
        std::lock_guard<std::mutex> lock(acked.mu);
        // The activity's scheduled event id is in the history; remember the
        // run and the started event id, matched afterwards.
        acked.results[{(*task)["workflowExecution"]["runId"].get<std::string>(), (*task)["startedEventId"].get<int64_t>()}] = result;
        ++acked.activities;
      }
    });
  }
  for (int d = 0; d < 2; ++d) {
    threads.emplace_back([&] {
      while (!stop) {
        auto client = connection.client();
        auto task = client->call("PollForDecisionTask", {{"domain", kDomain}, {"taskList", {{"name", "decisions"}}}});
        if (!task.ok()) {
          std::this_thread::sleep_for(std::chrono::milliseconds(20));
          continue;
        }
        if (task->value("taskToken", "").empty()) continue;
        Json events = (*task)["events"];
        // Whole histories here are far under a page (1,000 events).
        int64_t expected = 0;
        Json decisions = decide(events, expected);
        auto done = client->call("RespondDecisionTaskCompleted", {{"taskToken", (*task)["taskToken"]}, {"decisions", decisions}});
        if (!done.ok()) continue;
        std::lock_guard<std::mutex> lock(acked.mu);
        acked.decisions.insert({(*task)["workflowExecution"]["runId"].get<std::string>(), (*task)["startedEventId"].get<int64_t>()});
      }
    });
  }

  // Kill it in the middle of the run.
  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (acked.activities < kWorkflows * kActivitiesPerWorkflow / 3 && std::chrono::steady_clock::now() < deadline) {
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  int killed_at = acked.activities;
  server->kill();
  server = start_server((data_dir / "data").string());
  connection.set(endpoint_of(*server));

  auto client = connection.client();
  auto closed_count = [&] {
    auto count = client->call("CountClosedWorkflowExecutions", {{"domain", kDomain}, {"startTimeFilter", {{"oldestDate", 0}}}});
    return count.ok() ? (*count)["count"].get<int>() : -1;
  };
  while (closed_count() < kWorkflows && std::chrono::steady_clock::now() < deadline + std::chrono::seconds(60)) {
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  stop = true;
  for (auto& t : threads) t.join();
  ASSERT_EQ(closed_count(), kWorkflows) << "killed after " << killed_at << " activities";
  EXPECT_GT(killed_at, 0);
  EXPECT_LT(killed_at, kWorkflows * kActivitiesPerWorkflow) << "the kill came after the run";

  std::lock_guard<std::mutex> lock(acked.mu);
  size_t found_results = 0, found_decisions = 0;
  for (const auto& [workflow_id, run_id] : runs) {
    Json events = Json::array();
    Json request = {{"domain", kDomain}, {"execution", {{"workflowId", workflow_id}, {"runId", run_id}}}};
    for (;;) {
      auto page = client->call("GetWorkflowExecutionHistory", request);
      ASSERT_TRUE(page.ok()) << page.error().describe();
      for (auto& e : (*page)["events"]) events.push_back(e);
      if (!page->contains("nextPageToken")) break;
      request["nextPageToken"] = (*page)["nextPageToken"];
    }
    // Event ids are 1..n with no gap and no repeat.
    for (size_t i = 0; i < events.size(); ++i) ASSERT_EQ(events[i]["eventId"], i + 1) << workflow_id;
    const Json& last = events.back();
    ASSERT_EQ(last["eventType"], "WorkflowExecutionCompleted") << workflow_id;
    int64_t expected = 0;
    decide(events, expected);
    EXPECT_EQ(last["workflowExecutionCompletedEventAttributes"]["result"], std::to_string(expected)) << workflow_id;
    // Each activity task completed at most once.
    std::set<int64_t> completed_scheduled;
    for (const Json& e : events) {
      if (e["eventType"] != "ActivityTaskCompleted") continue;
      const Json& a = e["activityTaskCompletedEventAttributes"];
      EXPECT_TRUE(completed_scheduled.insert(a["scheduledEventId"].get<int64_t>()).second) << workflow_id;
      auto ack = acked.results.find({run_id, a["startedEventId"].get<int64_t>()});
      if (ack != acked.results.end()) {
        EXPECT_EQ(a["result"], ack->second);
        ++found_results;
      }
    }
    for (const auto& [run, started] : acked.decisions) {
      if (run != run_id) continue;
      EXPECT_NE(find_event_id(events, "DecisionTaskCompleted", "decisionTaskCompletedEventAttributes",
                                        "startedEventId", started),
                0)
          << workflow_id << ": an acknowledged decision is missing";
      ++found_decisions;
    }
  }
  // Every acknowledged completion is in a history.
  EXPECT_EQ(found_results, acked.results.size());
  EXPECT_EQ(found_decisions, acked.decisions.size());
  server->stop();
  std::filesystem::remove_all(data_dir);
}

INSTANTIATE_TEST_SUITE_P(OverHttpAndHttps, ServerDurabilityTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& info) { return info.param ? "Https" : "Http"; });

}  // namespace
}  // namespace simpleflow::server
