// Histories that SWF would never send: DecisionTask::from_json rejects them
// with InvalidArgument, replay() reports inconsistent ones, and random
// corruption never crashes either of them.
#include <gtest/gtest.h>
#include <rapidcheck.h>
#include <rapidcheck/gtest.h>

#include <string>
#include <utility>
#include <vector>

#include "replay/replay_test_support.hpp"

namespace sftest::replay_invalid {

using simpleflow::DecisionTask;
using simpleflow::StatusCode;

struct ValidTask {
  const simpleflow::WorkflowDef* workflow;
  Json task;
};

// Decision tasks to corrupt: every one the simulator handed out for a few
// examples (together they hold every kind of event it writes), and each
// execution's whole history.
const std::vector<ValidTask>& valid_tasks() {
  static const std::vector<ValidTask> tasks = [] {
    std::vector<ValidTask> out;
    const std::vector<std::pair<const char*, Json>> runs{
        {"examples.child_workflow.ParentWorkflow", Json::array({1})},
        {"examples.signals.ParentSignalsWorkflow5", Json::array()},
        {"examples.timer.TimerWorkflow", Json::array({30, 120})},
        {"examples.timer.TimerWorkflow", Json::array({120, 30})},
        {"examples.failing.NotFailingWorkflow", Json::array()},
        {"examples.continue_as_new.CANWorkflow", Json::array({9})},
        {"examples.marker.MarkerWorkflow", Json::array()}};
    QuietStdout quiet;
    for (const auto& [workflow, input] : runs) {
      SimOptions options;
      options.workflow_id = unique_workflow_id();
      SimResult sim = simulate(example(workflow), input, options);
      for (const auto& record : sim.decisions) out.push_back({record.workflow, record.task});
      for (const SimRun& run : sim.runs) out.push_back({run.workflow, decision_task_json(run, run.events.size())});
    }
    return out;
  }();
  return tasks;
}

const ValidTask& any_valid_task() {
  const auto& all = valid_tasks();
  return all[*rc::gen::inRange<std::size_t>(0, all.size())];
}

std::string attributes_key(const Json& event) {
  const Json& type = event["eventType"];
  std::string key = (type.is_string() ? type.get<std::string>() : "") + "EventAttributes";
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return key;
}

std::string verdict(const simpleflow::StatusOr<DecisionTask>& parsed) {
  if (parsed.ok()) return "ok";
  if (parsed.status().message().empty()) return "an error without a message";
  return parsed.status().code() == StatusCode::kInvalidArgument
             ? "InvalidArgument"
             : "code " + std::to_string(static_cast<int>(parsed.status().code()));
}

// What DecisionTask::from_json and DecisionTask::parse (of the JSON text) make
// of `task`: "ok", "InvalidArgument", another code, "threw: ..." (never
// acceptable) or a disagreement.
std::string parse_outcome(const Json& task) {
  std::string from_json, parse;
  try {
    from_json = verdict(DecisionTask::from_json(task));
  } catch (const std::exception& e) {
    return std::string("from_json threw: ") + e.what();
  }
  std::string text;
  try {
    text = task.dump();
  } catch (const std::exception&) {
    return from_json;  // strings that are not UTF-8: no JSON text to parse
  }
  try {
    parse = verdict(DecisionTask::parse(text));
  } catch (const std::exception& e) {
    return std::string("parse threw: ") + e.what();
  }
  return from_json == parse ? parse : "from_json says " + from_json + ", parse says " + parse;
}

// Replays an accepted task; returns "ok", "InvalidArgument", ... or "threw".
std::string replay_outcome(const simpleflow::WorkflowDef& workflow, const Json& task) {
  try {
    auto parsed = DecisionTask::from_json(task);
    if (!parsed.ok()) return "rejected";
    QuietStdout quiet;
    auto out = simpleflow::replay(workflow, *parsed);
    if (out.ok()) return "ok";
    return out.status().code() == StatusCode::kInvalidArgument ? "InvalidArgument"
                                                               : "code " + std::to_string(static_cast<int>(out.status().code()));
  } catch (const std::exception& e) {
    return std::string("threw: ") + e.what();
  } catch (...) {
    return "threw something else";
  }
}

TEST(ReplayInvalidHistoryTest, EveryValidTaskIsAccepted) {
  for (const auto& valid : valid_tasks()) EXPECT_EQ(parse_outcome(valid.task), "ok") << valid.task.dump();
}

TEST(ReplayInvalidHistoryTest, WhatIsNotAHistoryIsRejected) {
  for (const char* text : {"42", "\"text\"", "null", "{}", R"({"events": 3})", R"({"events": [1, 2]})", "[]",
                           R"({"events": []})", R"([{"eventId": 1}])"}) {
    EXPECT_EQ(parse_outcome(Json::parse(text)), "InvalidArgument") << text;
  }
}

RC_GTEST_PROP(ReplayInvalidHistoryTest, DroppingAnAttributeSwfAlwaysSendsIsRejected, ()) {
  Json task = any_valid_task().task;
  Json& events = task["events"];
  Json& event = events[*rc::gen::inRange<std::size_t>(0, events.size())];
  const auto& required = swf_required_attributes().at(event["eventType"].get<std::string>());
  RC_PRE(!required.empty());
  const std::string dropped = *rc::gen::elementOf(required);
  event[attributes_key(event)].erase(dropped);
  RC_TAG(event["eventType"].get<std::string>() + "." + dropped);
  RC_ASSERT(parse_outcome(task) == "InvalidArgument");
}

RC_GTEST_PROP(ReplayInvalidHistoryTest, DroppingAnEventFieldIsRejected, ()) {
  Json task = any_valid_task().task;
  Json& events = task["events"];
  Json& event = events[*rc::gen::inRange<std::size_t>(0, events.size())];
  const std::string field = *rc::gen::element<std::string>("eventId", "eventType", "eventTimestamp", attributes_key(event));
  event.erase(field);
  RC_ASSERT(parse_outcome(task) == "InvalidArgument");
}

RC_GTEST_PROP(ReplayInvalidHistoryTest, AnUnknownEventTypeIsRejected, ()) {
  Json task = any_valid_task().task;
  Json& events = task["events"];
  Json& event = events[*rc::gen::inRange<std::size_t>(0, events.size())];
  Json attributes = event[attributes_key(event)];
  event.erase(attributes_key(event));
  event["eventType"] = *rc::gen::element<std::string>("ActivityTaskExploded", "activityTaskCompleted", "", "Timer",
                                                      "WorkflowExecutionStarted ", "DecisionTask");
  event[attributes_key(event)] = attributes;
  RC_ASSERT(parse_outcome(task) == "InvalidArgument");
}

RC_GTEST_PROP(ReplayInvalidHistoryTest, EventsOutOfOrderAreRejected, ()) {
  Json task = any_valid_task().task;
  Json& events = task["events"];
  RC_PRE(events.size() >= 2u);
  const std::size_t i = *rc::gen::inRange<std::size_t>(0, events.size() - 1);
  const std::size_t j = *rc::gen::inRange<std::size_t>(i + 1, events.size());
  const int how = *rc::gen::inRange(0, 3);
  if (how == 0) std::swap(events[i], events[j]);                 // two events swapped, ids with them
  else if (how == 1) std::swap(events[i]["eventId"], events[j]["eventId"]);  // ids swapped
  else events[j]["eventId"] = events[i]["eventId"];              // a duplicate id
  RC_TAG(how);
  RC_ASSERT(parse_outcome(task) == "InvalidArgument");
}

RC_GTEST_PROP(ReplayInvalidHistoryTest, AMissingEventIsRejected, ()) {
  Json task = any_valid_task().task;
  Json& events = task["events"];
  RC_PRE(events.size() >= 2u);
  events.erase(*rc::gen::inRange<std::size_t>(0, events.size() - 1));  // not the last: ids get a gap
  RC_ASSERT(parse_outcome(task) == "InvalidArgument");
}

// An activity event that refers to no ActivityTaskScheduled: rejected by
// from_json, or reported by replay() as an inconsistent history.
RC_GTEST_PROP(ReplayInvalidHistoryTest, AnActivityEventOfNoScheduledActivityIsInvalid, ()) {
  const ValidTask& valid = any_valid_task();
  Json task = valid.task;
  Json& events = task["events"];
  std::vector<std::size_t> referring;
  for (std::size_t i = 0; i < events.size(); ++i) {
    const std::string type = events[i]["eventType"];
    if (type.rfind("ActivityTask", 0) == 0 && type != "ActivityTaskScheduled") referring.push_back(i);
  }
  RC_PRE(!referring.empty());
  Json& event = events[*rc::gen::elementOf(referring)];
  const long long own_id = event["eventId"];
  // 1 is the WorkflowExecutionStarted event.
  event[attributes_key(event)]["scheduledEventId"] = *rc::gen::element<long long>(0, -1, 1, own_id, own_id + 1000);
  const std::string parsed = parse_outcome(task);
  RC_TAG(parsed);
  RC_ASSERT(parsed == "InvalidArgument" || replay_outcome(*valid.workflow, task) == "InvalidArgument");
}

// The JSON text of a decision task cut short, or with a few bytes replaced:
// parse() accepts it or rejects it with InvalidArgument, and replay() of an
// accepted one returns.
RC_GTEST_PROP(ReplayInvalidHistoryTest, CorruptTextNeverCrashes, ()) {
  const ValidTask& valid = any_valid_task();
  std::string text = valid.task.dump();
  if (*rc::gen::arbitrary<bool>()) {
    text.resize(*rc::gen::inRange<std::size_t>(0, text.size()));
  } else {
    const int bytes = *rc::gen::inRange(1, 5);
    for (int b = 0; b < bytes; ++b) {
      text[*rc::gen::inRange<std::size_t>(0, text.size())] = static_cast<char>(*rc::gen::arbitrary<unsigned char>());
    }
  }
  std::string outcome;
  try {
    auto parsed = DecisionTask::parse(text);
    outcome = verdict(parsed);
    if (parsed.ok()) {
      QuietStdout quiet;
      simpleflow::replay(*valid.workflow, *parsed);
    }
  } catch (const std::exception& e) {
    outcome = std::string("threw: ") + e.what();
  }
  RC_TAG(outcome);
  RC_ASSERT(outcome == "ok" || outcome == "InvalidArgument");
}

rc::Gen<Json> any_value() {
  return rc::gen::oneOf(
      rc::gen::just(Json(nullptr)), rc::gen::just(Json(true)), rc::gen::just(Json::array()),
      rc::gen::just(Json::object()), rc::gen::just(Json(-1)), rc::gen::just(Json(1e300)),
      rc::gen::just(Json("{\"args\":[],\"kwargs\":{}}")), rc::gen::just(Json("not json")),
      rc::gen::map(rc::gen::arbitrary<long long>(), [](long long v) { return Json(v); }),
      rc::gen::map(rc::gen::arbitrary<std::string>(), [](std::string s) { return Json(std::move(s)); }));
}

// A few values anywhere in an event replaced by anything: from_json accepts
// or rejects with InvalidArgument, and replay() of an accepted one returns.
RC_GTEST_PROP(ReplayInvalidHistoryTest, RandomCorruptionNeverCrashes, ()) {
  const ValidTask& valid = any_valid_task();
  Json task = valid.task;
  Json& events = task["events"];
  const int mutations = *rc::gen::inRange(1, 4);
  for (int m = 0; m < mutations; ++m) {
    Json& event = events[*rc::gen::inRange<std::size_t>(0, events.size())];
    Json& attributes = event[attributes_key(event)];
    std::vector<std::string> keys;
    if (attributes.is_object()) {
      for (const auto& [key, value] : attributes.items()) keys.push_back(key);
    }
    const bool in_attributes = !keys.empty() && *rc::gen::inRange(0, 4) > 0;
    if (in_attributes) attributes[*rc::gen::elementOf(keys)] = *any_value();
    else event[*rc::gen::element<std::string>("eventId", "eventTimestamp", "eventType", attributes_key(event))] = *any_value();
  }
  const std::string parsed = parse_outcome(task);
  RC_TAG(parsed);
  RC_ASSERT(parsed == "ok" || parsed == "InvalidArgument");
  if (parsed == "ok") RC_ASSERT(replay_outcome(*valid.workflow, task).rfind("threw", 0) != 0);
}

}  // namespace sftest::replay_invalid
