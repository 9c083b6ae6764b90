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

#include "fan_out.hpp"

namespace {

using simpleflow::Json;

const simpleflow::WorkflowDef& fan_out() {
  return *simpleflow::Registry::global().find_workflow(simpleflow::internal::dotted_type_name<bench::FanOut>());
}

class HistoryBuilder {
 public:
  long long add(const std::string& type, Json attributes) {
    std::string key = type + "EventAttributes";
    key[0] = static_cast<char>(key[0] - 'A' + 'a');
    const long long id = static_cast<long long>(events_.size()) + 1;
    events_.push_back(Json{{"eventId", id}, {"eventTimestamp", 1700000000.0 + id / 100.0}, {"eventType", type},
                           {key, std::move(attributes)}});
    return id;
  }
  // A decision task scheduled and started; returns their ids.
  std::pair<long long, long long> start_decision_task() {
    long long scheduled = add("DecisionTaskScheduled", Json{{"taskList", Json{{"name", "default"}}}});
    long long started = add("DecisionTaskStarted", Json{{"scheduledEventId", scheduled}, {"identity", "decider"}});
    return {scheduled, started};
  }
  long long complete_decision_task(std::pair<long long, long long> task) {
    return add("DecisionTaskCompleted", Json{{"scheduledEventId", task.first}, {"startedEventId", task.second}});
  }
  // The PollForDecisionTask response for the events so far.
  Json poll() const {
    return Json{{"taskToken", "token"},
                {"startedEventId", static_cast<long long>(events_.size())},
                {"workflowExecution", Json{{"workflowId", "fan-out"}, {"runId", "22bcdeadbeef"}}},
                {"workflowType", Json{{"name", fan_out().name()}, {"version", fan_out().version()}}},
                {"events", events_}};
  }

 private:
  std::vector<Json> events_;
};

// The history of a fan-out of n whose activities have all completed. Its
// first decision comes from replay() itself (limits lifted so that one
// decision schedules everything); the later ones schedule nothing, since the
// workflow waits for all.
Json build_history(int n) {
  const auto& def = fan_out();
  HistoryBuilder history;
  Json input{{"args", Json::array({n})}, {"kwargs", Json::object()}, {"__extra", Json{{"class", def.class_name()}}}};
  history.add("WorkflowExecutionStarted", Json{{"input", simpleflow::dumps(input)},
                                               {"workflowType", Json{{"name", def.name()}, {"version", def.version()}}},
                                               {"taskList", Json{{"name", def.task_list()}}},
                                               {"childPolicy", "TERMINATE"},
                                               {"taskStartToCloseTimeout", "300"}});
  auto first = history.start_decision_task();
  simpleflow::ReplayOptions unlimited{.max_decisions = static_cast<std::size_t>(n) + 2,
                                      .max_request_size = std::size_t{1} << 40,
                                      .max_open_activity_count = n + 1};
  auto decisions = simpleflow::replay(def, *simpleflow::DecisionTask::from_json(history.poll()), unlimited);
  if (!decisions.ok() || decisions->decisions.size() != static_cast<std::size_t>(n)) {
    throw std::runtime_error("the first decision does not schedule every activity: " +
                             (decisions.ok() ? decisions->to_json().dump().substr(0, 300) : decisions.status().message()));
  }
  const long long completed = history.complete_decision_task(first);
  std::vector<std::pair<long long, int>> scheduled;  // event id, argument
  for (const Json& decision : decisions->decisions) {
    Json attributes = decision.at("scheduleActivityTaskDecisionAttributes");
    attributes["decisionTaskCompletedEventId"] = completed;
    int argument = Json::parse(attributes.at("input").get<std::string>()).at("args").at(0);
    scheduled.push_back({history.add("ActivityTaskScheduled", attributes), argument});
  }
  for (std::size_t i = 0; i < scheduled.size(); ++i) {
    const auto [id, argument] = scheduled[i];
    long long started = history.add("ActivityTaskStarted", Json{{"scheduledEventId", id}, {"identity", "worker"}});
    history.add("ActivityTaskCompleted", Json{{"scheduledEventId", id}, {"startedEventId", started},
                                              {"result", simpleflow::dumps(bench::increment(argument))}});
    auto task = history.start_decision_task();
    if (i + 1 < scheduled.size()) history.complete_decision_task(task);
  }
  return history.poll();
}

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
