// End-to-end throughput of the embedded server on loopback: workflows that
// fan out activities, driven by decider and worker threads over HTTP through
// the project's SWF client, with durable (fsync) commits unless --no-fsync.
// Prints activities completed per second and the schedule-to-start latency
// (from the histories' timestamps, which have millisecond resolution).
//
// --chain: each workflow runs its activities one after the other instead of
// all at once, so that tasks do not queue and the latency is the hand-off's.
//
// --endpoint URL: drive a server already running (`simpleflow server`), to
// measure its CPU apart from the clients'.
//
// --tls-cert FILE --tls-key FILE: the server speaks HTTPS; --ca-bundle FILE:
// what the clients verify it against.
//
//   server_bench [--workflows N] [--activities N] [--workers N] [--deciders N] [--chain] [--no-fsync]
//                [--endpoint URL] [--tls-cert FILE --tls-key FILE] [--ca-bundle FILE]
#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "simpleflow/server.hpp"
#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/config.hpp"

namespace {

using simpleflow::Json;
using Clock = std::chrono::steady_clock;

struct Settings {
  int workflows = 50;
  int activities = 40;  // per workflow, scheduled by its first decision
  int workers = 4;
  int deciders = 2;
  bool fsync = true;
  bool chain = false;
  std::string endpoint;
  std::string tls_certificate, tls_key, ca_bundle;
};

bool parse(int argc, char** argv, Settings& s) {
  for (int i = 1; i < argc; ++i) {
    std::string arg = argv[i];
    auto number = [&](int& out) {
      if (i + 1 >= argc) return false;
      out = std::atoi(argv[++i]);
      return out > 0;
    };
    bool ok = arg == "--workflows"    ? number(s.workflows)
              : arg == "--activities" ? number(s.activities)
              : arg == "--workers"    ? number(s.workers)
              : arg == "--deciders"   ? number(s.deciders)
              : arg == "--no-fsync"   ? (s.fsync = false, true)
              : arg == "--chain"      ? (s.chain = true, true)
              : arg == "--endpoint"   ? (i + 1 < argc ? (s.endpoint = argv[++i], true) : false)
              : arg == "--tls-cert"   ? (i + 1 < argc ? (s.tls_certificate = argv[++i], true) : false)
              : arg == "--tls-key"    ? (i + 1 < argc ? (s.tls_key = argv[++i], true) : false)
              : arg == "--ca-bundle"  ? (i + 1 < argc ? (s.ca_bundle = argv[++i], true) : false)
                                      : false;
    if (!ok) {
      std::fprintf(stderr, "server_bench: bad argument %s\n", arg.c_str());
      return false;
    }
  }
  return true;
}

Json schedule(int k) {
  return {{"decisionType", "ScheduleActivityTask"},
          {"scheduleActivityTaskDecisionAttributes",
           {{"activityType", {{"name", "work"}, {"version", "1"}}}, {"activityId", "a" + std::to_string(k)}, {"input", std::to_string(k)}}}};
}

// What the deciders know of each run, so that they ask only for new events
// (startAtPreviousStartedEvent), as a long-lived decider does.
struct RunCounts {
  int64_t last_event = 0;
  int scheduled = 0, completed = 0;
};

class DeciderCache {
 public:
  // Counts the events not seen yet; returns the run's totals.
  RunCounts update(const std::string& run_id, const Json& events) {
    std::lock_guard<std::mutex> lock(mu_);
    RunCounts& c = runs_[run_id];
    for (const Json& e : events) {
      int64_t id = e["eventId"];
      if (id <= c.last_event) continue;
      c.last_event = id;
      c.scheduled += e["eventType"] == "ActivityTaskScheduled";
      c.completed += e["eventType"] == "ActivityTaskCompleted";
    }
    return c;
  }

 private:
  std::mutex mu_;
  std::map<std::string, RunCounts> runs_;
};

// Schedules every activity on the first decision (or, chained, the next one
// when the previous completed), completes the workflow once all completed,
// and otherwise decides nothing.
Json decide(const RunCounts& counts, int activities, bool chain) {
  int scheduled = counts.scheduled, completed = counts.completed;
  Json decisions = Json::array();
  if (completed == activities) {
    decisions.push_back({{"decisionType", "CompleteWorkflowExecution"},
                         {"completeWorkflowExecutionDecisionAttributes", {{"result", std::to_string(completed)}}}});
  } else if (chain && scheduled == completed) {
    decisions.push_back(schedule(completed));
  } else if (!chain && scheduled == 0) {
    for (int k = 0; k < activities; ++k) decisions.push_back(schedule(k));
  }
  return decisions;
}

double percentile(std::vector<double> v, double p) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(p * static_cast<double>(v.size())))];
}

}  // namespace

int main(int argc, char** argv) {
  Settings s;
  if (!parse(argc, argv, s)) return 2;
  auto dir = std::filesystem::temp_directory_path() / ("simpleflow-server-bench-" + std::to_string(getpid()));
  std::filesystem::remove_all(dir);
  simpleflow::server::ServerOptions options;
  options.data_dir = dir.string();
  options.fsync = s.fsync;
  options.long_poll_seconds = 1;
  options.tls_certificate_file = s.tls_certificate;
  options.tls_private_key_file = s.tls_key;
  std::unique_ptr<simpleflow::server::Server> server;
  if (s.endpoint.empty()) {
    auto started = simpleflow::server::Server::start(options);
    if (!started.ok()) {
      std::fprintf(stderr, "server_bench: %s\n", started.status().message().c_str());
      return 1;
    }
    server = std::move(started).value();
    s.endpoint = server->endpoint();
  }
  auto client = simpleflow::swf::make_client({.endpoint = s.endpoint, .max_retries = 0, .ca_bundle = s.ca_bundle}).value();
  // A unique domain, so that a running server can be used again.
  std::string domain_name = "bench-" + std::to_string(getpid());
  const char* domain = domain_name.c_str();
  client->call("RegisterDomain", {{"name", domain}, {"workflowExecutionRetentionPeriodInDays", "1"}}).value();
  client->call("RegisterWorkflowType", {{"domain", domain}, {"name", "fan"}, {"version", "1"},
                                        {"defaultTaskList", {{"name", "decisions"}}},
                                        {"defaultExecutionStartToCloseTimeout", "3600"},
                                        {"defaultTaskStartToCloseTimeout", "60"},
                                        {"defaultChildPolicy", "TERMINATE"}})
      .value();
  client->call("RegisterActivityType", {{"domain", domain}, {"name", "work"}, {"version", "1"},
                                        {"defaultTaskList", {{"name", "activities"}}},
                                        {"defaultTaskScheduleToStartTimeout", "NONE"},
                                        {"defaultTaskScheduleToCloseTimeout", "NONE"},
                                        {"defaultTaskStartToCloseTimeout", "60"},
                                        {"defaultTaskHeartbeatTimeout", "NONE"}})
      .value();

  DeciderCache cache;
  std::atomic<bool> stop{false};
  std::atomic<int> closed{0};
  std::vector<std::thread> threads;
  for (int w = 0; w < s.workers; ++w) {
    threads.emplace_back([&] {
      while (!stop) {
        auto task = client->call("PollForActivityTask", {{"domain", domain}, {"taskList", {{"name", "activities"}}}});
        if (!task.ok() || task->value("taskToken", "").empty()) continue;
        client->call("RespondActivityTaskCompleted", {{"taskToken", (*task)["taskToken"]}, {"result", (*task)["input"]}});
      }
    });
  }
  for (int d = 0; d < s.deciders; ++d) {
    threads.emplace_back([&] {
      while (!stop) {
        auto task = client->call("PollForDecisionTask", {{"domain", domain},
                                                         {"taskList", {{"name", "decisions"}}},
                                                         {"startAtPreviousStartedEvent", true}});
        if (!task.ok() || task->value("taskToken", "").empty()) continue;
        RunCounts counts = cache.update((*task)["workflowExecution"]["runId"], (*task)["events"]);
        Json decisions = decide(counts, s.activities, s.chain);
        bool closing = !decisions.empty() && decisions[0]["decisionType"] == "CompleteWorkflowExecution";
        auto done = client->call("RespondDecisionTaskCompleted", {{"taskToken", (*task)["taskToken"]}, {"decisions", decisions}});
        if (done.ok() && closing) ++closed;
      }
    });
  }

  auto started = Clock::now();
  std::vector<std::string> runs;
  for (int i = 0; i < s.workflows; ++i) {
    auto run = client->call("StartWorkflowExecution", {{"domain", domain}, {"workflowId", "fan-" + std::to_string(i)},
                                                       {"workflowType", {{"name", "fan"}, {"version", "1"}}}});
    runs.push_back((*run)["runId"]);
  }
  while (closed < s.workflows) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  double seconds = std::chrono::duration<double>(Clock::now() - started).count();
  uint64_t calls = 0, commits = 0;
  if (server) {
    auto counters = server->counters();
    calls = counters.calls, commits = counters.commits;
  }
  stop = true;
  for (auto& t : threads) t.join();

  std::vector<double> schedule_to_start_ms;
  for (int i = 0; i < s.workflows; ++i) {
    auto history = client->call("GetWorkflowExecutionHistory",
                                {{"domain", domain}, {"execution", {{"workflowId", "fan-" + std::to_string(i)}, {"runId", runs[i]}}}});
    std::vector<double> scheduled_at(1, 0);
    for (const Json& e : (*history)["events"]) {
      scheduled_at.push_back(e["eventType"] == "ActivityTaskScheduled" ? e["eventTimestamp"].get<double>() : 0);
      if (e["eventType"] == "ActivityTaskStarted") {
        int64_t id = e["activityTaskStartedEventAttributes"]["scheduledEventId"];
        schedule_to_start_ms.push_back((e["eventTimestamp"].get<double>() - scheduled_at[id]) * 1000);
      }
    }
  }
  int activities = s.workflows * s.activities;
  std::printf("embedded server, %s commits: %d workflows x %d %s activities, %d workers, %d deciders\n",
              s.fsync ? "fsync" : "no-fsync", s.workflows, s.activities, s.chain ? "chained" : "fanned-out", s.workers,
              s.deciders);
  std::printf("  %d activities in %.2f s: %.0f activities/s", activities, seconds, activities / seconds);
  if (server) {
    std::printf(", %.0f calls/s, %.1f calls per commit", static_cast<double>(calls) / seconds,
                static_cast<double>(calls) / static_cast<double>(std::max<uint64_t>(1, commits)));
  }
  std::printf("\n");
  std::printf("  schedule-to-start: p50 %.0f ms, p99 %.0f ms, max %.0f ms (1 ms resolution)\n",
              percentile(schedule_to_start_ms, 0.5), percentile(schedule_to_start_ms, 0.99),
              percentile(schedule_to_start_ms, 1.0));
  if (server) server->stop();
  std::filesystem::remove_all(dir);
  return 0;
}
