// What one decision task costs a decider (DeciderPoller::poll_once: the poll
// response read, the history brought up to date, the replay, the answer)
// as the history grows. The workflow is a fan-out of n activities; decision
// task k follows the k-th completion, so its history holds about 3n + 3k
// events while the workflow's code submits the same n activities at every
// task. Measured at several k:
//   kept:   the decider kept the run from the task before (the usual case):
//           the poll brings only the new events (startAtPreviousStartedEvent);
//   whole:  a decider that keeps nothing reads the whole history each time
//           (what Python simpleflow does).
// The SWF API is an in-memory double that serves the history's decision
// tasks from prepared replies: the figures are the decider's own CPU.
//
//   build/bin/decider_bench
#include <benchmark/benchmark.h>

#include <map>
#include <optional>
#include <memory>
#include <stdexcept>
#include <string>
#include <tuple>
#include <vector>

#include <spdlog/spdlog.h>

#include <simpleflow/decider.hpp>
#include <simpleflow/simpleflow.hpp>
#include <simpleflow/swf/client.hpp>

#include "fan_out_history.hpp"

namespace {

using simpleflow::Json;

// The decision tasks of one fan-out history, as PollForDecisionTask replies.
class FanOutTasks {
 public:
  explicit FanOutTasks(int n) : poll_(bench::build_history(n)) {
    for (const Json& e : poll_.at("events"))
      if (e.at("eventType") == "DecisionTaskStarted") started_.push_back(e.at("eventId"));
  }
  // Decision tasks, the first one (before any completion) included.
  int count() const { return static_cast<int>(started_.size()); }
  long long started(int k) const { return started_.at(static_cast<std::size_t>(k)); }
  // The reply to the poll of task k, with the events from `from` on.
  std::string reply(int k, long long from) const {
    Json reply = Json::object();
    for (const char* key : {"taskToken", "workflowExecution", "workflowType"}) reply[key] = poll_.at(key);
    reply["startedEventId"] = started(k);
    reply["previousStartedEventId"] = k > 0 ? started(k - 1) : 0;
    const Json& all = poll_.at("events");
    reply["events"] = Json(all.begin() + (from - 1), all.begin() + started(k));
    return reply.dump();
  }

 private:
  Json poll_;
  std::vector<long long> started_;
};

// The SWF API for a decider: each poll gets the next reply queued, answers
// are accepted.
class QueuedTasks final : public simpleflow::swf::SwfClient {
 public:
  void queue(const std::string* reply) { next_ = reply; }
  simpleflow::swf::Result<std::string> send(std::string_view operation, std::string_view) override {
    if (operation == "PollForDecisionTask" && next_) return *std::exchange(next_, nullptr);
    return std::string("{}");
  }
  std::string endpoint() const override { return "memory://bench"; }

 private:
  const std::string* next_ = nullptr;
};

struct Prepared {
  std::string before;       // task k - 1, whole
  std::string after_kept;   // task k, from task k - 1's started event
  std::string after_whole;  // task k, whole
  std::size_t events = 0;   // in task k's history
};

const Prepared& prepared(int n, int k) {
  static std::map<int, std::unique_ptr<FanOutTasks>> histories;
  static std::map<std::pair<int, int>, Prepared> cache;
  if (auto it = cache.find({n, k}); it != cache.end()) return it->second;
  auto& tasks = histories[n];
  if (!tasks) tasks = std::make_unique<FanOutTasks>(n);
  if (k < 1 || k >= tasks->count()) throw std::out_of_range("no decision task " + std::to_string(k));
  Prepared p{tasks->reply(k - 1, 1), tasks->reply(k, tasks->started(k - 1)), tasks->reply(k, 1),
             static_cast<std::size_t>(tasks->started(k))};
  return cache.emplace(std::pair{n, k}, std::move(p)).first->second;
}

// One decision task k of a fan-out of n; kept: whether the decider kept the
// run from task k - 1.
void BM_DecisionTask(benchmark::State& state) {
  const int n = static_cast<int>(state.range(0)), k = static_cast<int>(state.range(1));
  const bool kept = state.range(2) != 0;
  const Prepared& p = prepared(n, k);
  auto client = std::make_shared<QueuedTasks>();
  std::optional<simpleflow::DeciderPoller> decider;
  for (auto _ : state) {
    state.PauseTiming();
    decider.reset();  // freeing the kept run is not part of a decision
    decider.emplace(client, simpleflow::DeciderPollerOptions{.domain = "bench",
                                                             .task_list = "bench",
                                                             .identity = "bench",
                                                             .cached_executions = kept ? 1u : 0u});
    if (kept) {
      client->queue(&p.before);
      if (!decider->poll_once().ok()) throw std::runtime_error("the decision before failed");
    }
    client->queue(kept ? &p.after_kept : &p.after_whole);
    state.ResumeTiming();
    auto polled = decider->poll_once();
    state.PauseTiming();
    if (!polled.ok() || !*polled) throw std::runtime_error("no decision");
    if (kept && decider->stats().full_histories != 0) throw std::runtime_error("the kept run was not used");
    state.ResumeTiming();
  }
  state.counters["events"] = static_cast<double>(p.events);
}

void Positions(benchmark::internal::Benchmark* b) {
  for (int kept : {1, 0}) {
    for (int k : {10, 500, 1000}) b->Args({1000, k, kept});
    for (int k : {100, 5000, 10000}) b->Args({10000, k, kept});
  }
}

}  // namespace

BENCHMARK(BM_DecisionTask)->Apply(Positions)->ArgNames({"n", "k", "kept"})->Unit(benchmark::kMillisecond);

int main(int argc, char** argv) {
  spdlog::set_level(spdlog::level::warn);  // a line per decision would be measured too
  benchmark::Initialize(&argc, argv);
  if (benchmark::ReportUnrecognizedArguments(argc, argv)) return 1;
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
