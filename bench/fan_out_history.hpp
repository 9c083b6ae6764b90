// The SWF history of a fan-out of n activities (bench/fan_out.hpp) that have
// all completed, each completion followed by a decision task (6 events per
// activity), for the benchmarks of replay and of deciders. Include it in one
// file of a program.
#pragma once

#include <stdexcept>
#include <string>
#include <utility>
#include <vector>

#include <simpleflow/simpleflow.hpp>

#include "fan_out.hpp"

namespace bench {

using simpleflow::Json;

inline const simpleflow::WorkflowDef& fan_out() {
  return *simpleflow::Registry::global().find_workflow(simpleflow::internal::dotted_type_name<FanOut>());
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
  const std::vector<Json>& events() const { return events_; }
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
inline Json build_history(int n) {
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

}  // namespace bench
