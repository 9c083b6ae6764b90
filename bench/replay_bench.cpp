// The replay engine's cost on a long history: a fan-out workflow submits N
// activities, then waits for all of them. The history is SWF's once every
// activity has completed and each completion was followed by a decision task
// (scheduled, started, completed: 6 events per activity), ending with the
// decision task to decide. Measured, for N = 1,000, 3,000 and 10,000:
//   DecisionTask::parse of the JSON text (what a decider does),
//   parsing the text into a Json (simpleflow::parse_json, nlohmann's parse),
//   DecisionTask::from_json of that Json,
//   one replay() of the DecisionTask (it completes the workflow),
//   text to decisions: parse, replay, free, as a decider does.
//
//   build/bin/replay_bench
#include <benchmark/benchmark.h>

#include <map>
#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <simpleflow/simpleflow.hpp>

#include "fan_out_history.hpp"

namespace {

using simpleflow::Json;
using bench::build_history;
using bench::fan_out;

// Only the text and its parse stay: the history as nlohmann values (hundreds
// of MB for 10,000 activities) would leave the heap unlike a decider's.
struct Fixture {
  std::string text;
  simpleflow::DecisionTask task;
};

// Built once per n, and checked: the replay completes the workflow.
const Fixture& fixture(int n) {
  static std::map<int, Fixture> fixtures;
  auto it = fixtures.find(n);
  if (it != fixtures.end()) return it->second;
  std::string text = build_history(n).dump();
  auto task = simpleflow::DecisionTask::parse(text);
  if (!task.ok()) throw std::runtime_error("parse: " + task.status().message());
  auto out = simpleflow::replay(fan_out(), *task);
  const long long sum = static_cast<long long>(n) * (n + 1) / 2;
  if (!out.ok() || out->decisions.size() != 1 ||
      out->decisions[0].value("decisionType", "") != "CompleteWorkflowExecution" ||
      out->decisions[0]["completeWorkflowExecutionDecisionAttributes"].value("result", "") != std::to_string(sum)) {
    throw std::runtime_error("the last replay does not complete the workflow: " +
                             (out.ok() ? out->to_json().dump().substr(0, 300) : out.status().message()));
  }
  return fixtures.emplace(n, Fixture{std::move(text), std::move(*task)}).first->second;
}

void report(benchmark::State& state, const Fixture& f) {
  const double events = static_cast<double>(f.task.history.size());
  state.counters["events"] = events;
  state.counters["MB"] = static_cast<double>(f.text.size()) / 1e6;
  // events_per_second: its inverse is the cost of one event.
  state.counters["events_per_second"] = benchmark::Counter(events, benchmark::Counter::kIsIterationInvariantRate);
}

// Freeing a parsed history (13 MB of JSON values for 10,000 activities)
// costs about as much as building it: the benchmarks of one step keep that
// out of their timing, BM_TextToDecisions counts it.
template <class T>
void free_untimed(benchmark::State& state, T& value) {
  state.PauseTiming();
  { T discard = std::move(value); }
  state.ResumeTiming();
}

void BM_ParseJsonText(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto parsed = simpleflow::parse_json(f.text);
    benchmark::DoNotOptimize(parsed);
    free_untimed(state, parsed);
  }
  report(state, f);
}

void BM_NlohmannParse(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    Json parsed = Json::parse(f.text);
    benchmark::DoNotOptimize(parsed);
    free_untimed(state, parsed);
  }
  report(state, f);
}

// DecisionTask::parse: the JSON text of the decision task to the checked
// events that replay reads (what a decider does with a poll response).
void BM_DecisionTaskParse(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<int>(state.range(0)));
  for (auto _ : state) {
    auto task = simpleflow::DecisionTask::parse(f.text);
    benchmark::DoNotOptimize(task);
    free_untimed(state, task);
  }
  report(state, f);
}

// DecisionTask::from_json, for callers that hold parsed JSON.
void BM_FromJson(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<int>(state.range(0)));
  const Json poll = Json::parse(f.text);
  for (auto _ : state) {
    auto task = simpleflow::DecisionTask::from_json(poll);
    benchmark::DoNotOptimize(task);
    free_untimed(state, task);
  }
  report(state, f);
}

void BM_Replay(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<int>(state.range(0)));
  const auto& def = fan_out();
  for (auto _ : state) benchmark::DoNotOptimize(simpleflow::replay(def, f.task));
  report(state, f);
}

// What a decider does with a decision task: parse, read, replay, free.
void BM_TextToDecisions(benchmark::State& state) {
  const Fixture& f = fixture(static_cast<int>(state.range(0)));
  const auto& def = fan_out();
  for (auto _ : state) {
    auto task = simpleflow::DecisionTask::parse(f.text);
    benchmark::DoNotOptimize(simpleflow::replay(def, *task));
  }
  report(state, f);
}

}  // namespace

BENCHMARK(BM_ParseJsonText)->Arg(1000)->Arg(3000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_NlohmannParse)->Arg(1000)->Arg(3000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_DecisionTaskParse)->Arg(1000)->Arg(3000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_FromJson)->Arg(1000)->Arg(3000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_Replay)->Arg(1000)->Arg(3000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_TextToDecisions)->Arg(1000)->Arg(3000)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
