// read_events(): every event of a history checked against the SWF API model,
// and the accessors of the typed events.
#include "history/events.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <cctype>
#include <set>
#include <string>
#include <thread>
#include <vector>

namespace simpleflow::internal {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;

// {"eventId": id, "eventTimestamp": ..., "eventType": type, "<type>EventAttributes": attributes}
Json event(long long id, const std::string& type, Json attributes) {
  std::string key = type;
  key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
  return {{"eventId", id},
          {"eventTimestamp", 1764270000.5 + static_cast<double>(id)},
          {"eventType", type},
          {key + "EventAttributes", std::move(attributes)}};
}

Json started_attributes() {
  return {{"childPolicy", "TERMINATE"},
          {"taskList", {{"name", "tl"}}},
          {"workflowType", {{"name", "wf"}, {"version", "1"}}},
          {"input", "{}"}};
}

// A short valid history: started, a decision, an activity scheduled and started.
std::vector<Json> valid_history() {
  return {
      event(1, "WorkflowExecutionStarted", started_attributes()),
      event(2, "DecisionTaskScheduled", {{"taskList", {{"name", "tl"}}}}),
      event(3, "DecisionTaskStarted", {{"scheduledEventId", 2}}),
      event(4, "DecisionTaskCompleted", {{"scheduledEventId", 2}, {"startedEventId", 3}}),
      event(5, "ActivityTaskScheduled",
            {{"activityId", "activity-a-1"},
             {"activityType", {{"name", "a"}, {"version", "2"}}},
             {"taskList", {{"name", "tl"}}},
             {"decisionTaskCompletedEventId", 4},
             {"input", R"({"args":[1],"kwargs":{}})"},
             {"control", nullptr}}),
      event(6, "ActivityTaskStarted", {{"scheduledEventId", 5}}),
  };
}

// The message of read_events()'s error on `events`; fails the test when it succeeds.
std::string error_of(const std::vector<Json>& events) {
  History history(events);
  auto read = read_events(history);
  if (read.ok()) {
    ADD_FAILURE() << "read_events accepted a bad history";
    return "";
  }
  EXPECT_EQ(read.status().code(), StatusCode::kInvalidArgument) << read.status().message();
  return read.status().message();
}

TEST(ReadEventsTest, ValidHistory) {
  History history(valid_history());
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  const EventList& events = read->events();
  ASSERT_EQ(events.size(), 6u);
  for (std::size_t i = 0; i < events.size(); ++i) EXPECT_EQ(events[i].id, static_cast<long long>(i + 1));
  EXPECT_EQ(events[0].type, EventType::kWorkflowExecutionStarted);
  EXPECT_EQ(events[4].type, EventType::kActivityTaskScheduled);
  EXPECT_EQ(events[5].type, EventType::kActivityTaskStarted);
  EXPECT_DOUBLE_EQ(events[0].timestamp, 1764270001.5);
  // The attributes are those of the <type>EventAttributes object.
  EXPECT_EQ(events[4].end - events[4].first, 6);
  EXPECT_EQ(read->event_json(4), history.events()[4]);
}

TEST(ReadEventsTest, EmptyHistoryHasNoEvents) {
  History history;
  auto read = read_events(history);
  ASSERT_TRUE(read.ok());
  EXPECT_TRUE(read->empty());
}

TEST(ReadEventsTest, IntegerTimestampAndExtraFieldsAreAccepted) {
  auto events = valid_history();
  events[1]["eventTimestamp"] = 1764270002;
  events[1]["somethingNew"] = "ignored";
  events[2]["decisionTaskStartedEventAttributes"]["identity"] = "decider";
  History history(events);
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_DOUBLE_EQ((*read)[1].timestamp, 1764270002.0);
}

// The AWS CLI prints timestamps as ISO 8601 times unless told otherwise.
TEST(ReadEventsTest, IsoTimestampsAreAccepted) {
  auto events = valid_history();
  events[0]["eventTimestamp"] = "2025-11-27T19:00:00.500000+00:00";
  events[1]["eventTimestamp"] = "2025-11-27T19:00:01Z";
  events[2]["eventTimestamp"] = "2025-11-27T20:30:02.25+01:30";
  events[3]["eventTimestamp"] = "2025-11-27T19:00:03";
  History history(events);
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_DOUBLE_EQ((*read)[0].timestamp, 1764270000.5);
  EXPECT_DOUBLE_EQ((*read)[1].timestamp, 1764270001.0);
  EXPECT_DOUBLE_EQ((*read)[2].timestamp, 1764270002.25);
  EXPECT_DOUBLE_EQ((*read)[3].timestamp, 1764270003.0);
  for (const char* bad : {"2025-11-27", "2025-11-27T19:00:00+0", "2025-11-27T19:00:00 UTC", "2025-11-27 19:00:00"}) {
    events[3]["eventTimestamp"] = bad;
    EXPECT_THAT(error_of(events), HasSubstr("event 4 (DecisionTaskCompleted)")) << bad;
  }
}

TEST(ReadEventsTest, EventThatIsNotAnObject) {
  auto events = valid_history();
  events[2] = Json::array({1, 2});
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#3"), HasSubstr("not a JSON object")));
  events[2] = "DecisionTaskStarted";
  EXPECT_THAT(error_of(events), HasSubstr("#3"));
}

TEST(ReadEventsTest, MissingOrNonIntegerEventId) {
  auto events = valid_history();
  events[3].erase("eventId");
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#4"), HasSubstr("eventId")));
  events[3]["eventId"] = "4";
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#4"), HasSubstr("eventId")));
  events[3]["eventId"] = 4.5;
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#4"), HasSubstr("eventId")));
  events[3]["eventId"] = nullptr;
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#4"), HasSubstr("eventId")));
}

TEST(ReadEventsTest, EventIdsMustCountFromOne) {
  auto events = valid_history();
  events[0]["eventId"] = 0;
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#1"), HasSubstr("eventId 0")));

  events = valid_history();
  events[3]["eventId"] = 5;  // a gap
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#4"), HasSubstr("eventId 5")));

  events = valid_history();
  std::swap(events[1], events[2]);  // out of order
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#2"), HasSubstr("eventId 3")));

  events = valid_history();
  events[2]["eventId"] = 2;  // a duplicate
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#3"), HasSubstr("eventId 2")));

  events = valid_history();
  events.erase(events.begin());  // starting at 2
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("#1"), HasSubstr("eventId 2")));
}

TEST(ReadEventsTest, MissingOrUnknownEventType) {
  auto events = valid_history();
  events[4].erase("eventType");
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("event 5"), HasSubstr("eventType")));
  events[4]["eventType"] = 17;
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("event 5"), HasSubstr("eventType")));
  events[4]["eventType"] = "ActivityTaskExploded";
  EXPECT_THAT(error_of(events),
              AllOf(HasSubstr("event 5"), HasSubstr("unknown eventType"), HasSubstr("\"ActivityTaskExploded\"")));
  // Names are case-sensitive, as SWF sends them.
  events[4]["eventType"] = "activityTaskScheduled";
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("event 5"), HasSubstr("activityTaskScheduled")));
}

TEST(ReadEventsTest, MissingOrNonNumericTimestamp) {
  auto events = valid_history();
  events[5].erase("eventTimestamp");
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("event 6 (ActivityTaskStarted)"), HasSubstr("eventTimestamp")));
  events[5]["eventTimestamp"] = "yesterday";
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("event 6 (ActivityTaskStarted)"), HasSubstr("eventTimestamp")));
}

TEST(ReadEventsTest, MissingAttributesObject) {
  auto events = valid_history();
  events[5].erase("activityTaskStartedEventAttributes");
  EXPECT_THAT(error_of(events),
              AllOf(HasSubstr("event 6 (ActivityTaskStarted)"), HasSubstr("activityTaskStartedEventAttributes")));

  // The attributes of another type do not count.
  events[5]["activityTaskCompletedEventAttributes"] = {{"scheduledEventId", 5}, {"startedEventId", 6}};
  EXPECT_THAT(error_of(events), HasSubstr("activityTaskStartedEventAttributes"));

  events = valid_history();
  events[5]["activityTaskStartedEventAttributes"] = Json::array({5});
  EXPECT_THAT(error_of(events),
              AllOf(HasSubstr("event 6 (ActivityTaskStarted)"), HasSubstr("activityTaskStartedEventAttributes")));
}

TEST(ReadEventsTest, MissingRequiredAttribute) {
  const std::vector<std::string> required{"activityId", "activityType", "taskList", "decisionTaskCompletedEventId"};
  for (const auto& name : required) {
    auto events = valid_history();
    events[4]["activityTaskScheduledEventAttributes"].erase(name);
    EXPECT_THAT(error_of(events), AllOf(HasSubstr("event 5 (ActivityTaskScheduled)"),
                                        HasSubstr("activityTaskScheduledEventAttributes." + name)));
  }
  auto events = valid_history();
  events[0]["workflowExecutionStartedEventAttributes"].erase("childPolicy");
  EXPECT_THAT(error_of(events), AllOf(HasSubstr("event 1 (WorkflowExecutionStarted)"), HasSubstr("childPolicy")));
}

TEST(ReadEventsTest, WronglyTypedAttribute) {
  struct Case {
    const char* attribute;
    Json value;
    const char* expected;
  };
  const std::vector<Case> cases{
      {"activityId", 12, "a string"},
      {"activityId", nullptr, "a string"},
      {"activityType", "a", "an object"},
      {"taskList", Json::array(), "an object"},
      {"decisionTaskCompletedEventId", "4", "an event id"},
      {"decisionTaskCompletedEventId", 4.5, "an event id"},
      {"decisionTaskCompletedEventId", -4, "an event id"},
  };
  for (const auto& c : cases) {
    auto events = valid_history();
    events[4]["activityTaskScheduledEventAttributes"][c.attribute] = c.value;
    EXPECT_THAT(error_of(events),
                AllOf(HasSubstr("event 5 (ActivityTaskScheduled)"),
                      HasSubstr(std::string("activityTaskScheduledEventAttributes.") + c.attribute),
                      HasSubstr(c.expected)))
        << c.attribute << " = " << c.value.dump();
  }
}

TEST(ReadEventsTest, OptionalAttributesAreNotChecked) {
  auto events = valid_history();
  auto& attributes = events[4]["activityTaskScheduledEventAttributes"];
  attributes["input"] = 42;                // SWF sends a string, but nothing requires it
  attributes["heartbeatTimeout"] = nullptr;
  History history(events);
  EXPECT_TRUE(read_events(history).ok());
}

TEST(ReadEventsTest, TheFirstBadEventIsReported) {
  auto events = valid_history();
  events[2].erase("eventTimestamp");
  events[4]["eventType"] = "Nope";
  EXPECT_THAT(error_of(events), HasSubstr("event 3 (DecisionTaskStarted)"));
}

TEST(EventTypeTest, EverySwfTypeRoundTrips) {
  // The 54 event types of the SWF API (HistoryEvent.eventType).
  const std::vector<std::string> names{
      "WorkflowExecutionStarted", "WorkflowExecutionCancelRequested", "WorkflowExecutionCompleted",
      "CompleteWorkflowExecutionFailed", "WorkflowExecutionFailed", "FailWorkflowExecutionFailed",
      "WorkflowExecutionTimedOut", "WorkflowExecutionCanceled", "CancelWorkflowExecutionFailed",
      "WorkflowExecutionContinuedAsNew", "ContinueAsNewWorkflowExecutionFailed", "WorkflowExecutionTerminated",
      "DecisionTaskScheduled", "DecisionTaskStarted", "DecisionTaskCompleted", "DecisionTaskTimedOut",
      "ActivityTaskScheduled", "ScheduleActivityTaskFailed", "ActivityTaskStarted", "ActivityTaskCompleted",
      "ActivityTaskFailed", "ActivityTaskTimedOut", "ActivityTaskCanceled", "ActivityTaskCancelRequested",
      "RequestCancelActivityTaskFailed", "WorkflowExecutionSignaled", "MarkerRecorded", "RecordMarkerFailed",
      "TimerStarted", "StartTimerFailed", "TimerFired", "TimerCanceled", "CancelTimerFailed",
      "StartChildWorkflowExecutionInitiated", "StartChildWorkflowExecutionFailed", "ChildWorkflowExecutionStarted",
      "ChildWorkflowExecutionCompleted", "ChildWorkflowExecutionFailed", "ChildWorkflowExecutionTimedOut",
      "ChildWorkflowExecutionCanceled", "ChildWorkflowExecutionTerminated",
      "SignalExternalWorkflowExecutionInitiated", "SignalExternalWorkflowExecutionFailed",
      "ExternalWorkflowExecutionSignaled", "RequestCancelExternalWorkflowExecutionInitiated",
      "RequestCancelExternalWorkflowExecutionFailed", "ExternalWorkflowExecutionCancelRequested",
      "LambdaFunctionScheduled", "LambdaFunctionStarted", "LambdaFunctionCompleted", "LambdaFunctionFailed",
      "LambdaFunctionTimedOut", "ScheduleLambdaFunctionFailed", "StartLambdaFunctionFailed"};
  ASSERT_EQ(names.size(), 54u);
  std::set<EventType> seen;
  for (const auto& name : names) {
    auto type = event_type_from_string(name);
    ASSERT_TRUE(type.has_value()) << name;
    EXPECT_EQ(to_string(*type), name);
    seen.insert(*type);
  }
  EXPECT_EQ(seen.size(), 54u);  // distinct enumerators
  // The enum holds nothing else.
  for (int i = 0; i < 54; ++i) {
    auto type = static_cast<EventType>(i);
    EXPECT_EQ(event_type_from_string(to_string(type)), type) << i;
  }
  EXPECT_FALSE(event_type_from_string(""));
  EXPECT_FALSE(event_type_from_string("activitytaskscheduled"));
  EXPECT_FALSE(event_type_from_string("ActivityTaskScheduled "));
  EXPECT_FALSE(event_type_from_string("ActivityTaskCancelled"));
}

TEST(EventTypeTest, EveryTypeIsReadWithItsAttributesKey) {
  // An event of every type with an attributes object missing everything:
  // the error (if any) names the attribute key built from the type name.
  for (int i = 0; i < 54; ++i) {
    const std::string name(to_string(static_cast<EventType>(i)));
    std::vector<Json> events{event(1, name, Json::object())};
    History history(events);
    auto read = read_events(history);
    std::string key = name;
    key[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(key[0])));
    if (read.ok()) {
      EXPECT_TRUE(name == "WorkflowExecutionCancelRequested" || name == "StartLambdaFunctionFailed") << name;
    } else {
      EXPECT_THAT(read.status().message(), HasSubstr("event 1 (" + name + ")"));
      EXPECT_THAT(read.status().message(), HasSubstr(key + "EventAttributes.")) << name;
    }
    // Without the attributes object, every type fails naming the key.
    events[0].erase(key + "EventAttributes");
    History bare(events);
    auto missing = read_events(bare);
    ASSERT_FALSE(missing.ok()) << name;
    EXPECT_THAT(missing.status().message(), HasSubstr(key + "EventAttributes")) << name;
  }
}

TEST(EventTest, Accessors) {
  auto events = valid_history();
  History history(events);
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  const Event& scheduled = (*read)[4];
  EXPECT_EQ(scheduled.text("activityId"), "activity-a-1");
  EXPECT_EQ(scheduled.text("input"), R"({"args":[1],"kwargs":{}})");
  EXPECT_EQ(scheduled.event_id("decisionTaskCompletedEventId"), 4);
  EXPECT_EQ(scheduled.text_in("activityType", "name"), "a");
  EXPECT_EQ(scheduled.text_in("activityType", "version"), "2");
  EXPECT_EQ(scheduled.text_in("taskList", "name"), "tl");
  ASSERT_NE(scheduled.find("activityType"), nullptr);
  EXPECT_EQ(scheduled.find("activityType")->kind, simpleflow::internal::Attribute::Kind::kObject);
  EXPECT_EQ(scheduled.label(), "event 5 (ActivityTaskScheduled)");
  EXPECT_EQ((*read)[0].label(), "event 1 (WorkflowExecutionStarted)");
}

TEST(EventTest, AbsentNullOrMistypedAttributesGiveEmptyValues) {
  auto events = valid_history();
  History history(events);
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  const Event& scheduled = (*read)[4];
  // Absent.
  EXPECT_EQ(scheduled.find("result"), nullptr);
  EXPECT_EQ(scheduled.text("result"), "");
  EXPECT_EQ(scheduled.event_id("startedEventId"), 0);
  EXPECT_EQ(scheduled.text_in("workflowExecution", "runId"), "");
  EXPECT_EQ(scheduled.text_in("activityType", "runId"), "");  // not among its fields
  // Null ("control": null) is absent.
  EXPECT_EQ(scheduled.find("control"), nullptr);
  EXPECT_EQ(scheduled.text("control"), "");
  // Of another JSON type than asked.
  EXPECT_EQ(scheduled.text("decisionTaskCompletedEventId"), "");
  EXPECT_EQ(scheduled.text("activityType"), "");
  EXPECT_EQ(scheduled.event_id("activityId"), 0);
  EXPECT_EQ(scheduled.text_in("activityId", "name"), "");  // not an object
}

TEST(EventTest, NonStringFieldInsideAnObject) {
  auto events = valid_history();
  events[4]["activityTaskScheduledEventAttributes"]["activityType"]["version"] = 2;
  History history(events);
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ((*read)[4].text_in("activityType", "version"), "");
  EXPECT_EQ((*read)[4].text_in("activityType", "name"), "a");
}


// ---- Links read at parse time (subject, type_name, reference) --------------

// A history with one event of each kind that links to a task: an activity, a
// child workflow, a timer, a marker, a signal received and one sent. `tag`
// goes into every id and name, to tell histories apart.
std::vector<Json> linked_history(const std::string& tag) {
  const Json task_list{{"name", "tl"}};
  const Json child_type{{"name", "child-type-" + tag}, {"version", "1"}};
  const Json child_execution{{"workflowId", "child-" + tag}, {"runId", "run-" + tag}};
  return {
      event(1, "WorkflowExecutionStarted", started_attributes()),
      event(2, "DecisionTaskScheduled", {{"taskList", task_list}}),
      event(3, "DecisionTaskStarted", {{"scheduledEventId", 2}}),
      event(4, "DecisionTaskCompleted", {{"scheduledEventId", 2}, {"startedEventId", 3}}),
      event(5, "ActivityTaskScheduled",
            {{"activityId", "activity-" + tag},
             {"activityType", {{"name", "activity-type-" + tag}, {"version", "1"}}},
             {"taskList", task_list},
             {"decisionTaskCompletedEventId", 4}}),
      event(6, "ActivityTaskStarted", {{"scheduledEventId", 5}}),
      event(7, "ActivityTaskCompleted", {{"scheduledEventId", 5}, {"startedEventId", 6}, {"result", "r-" + tag}}),
      event(8, "StartChildWorkflowExecutionInitiated",
            {{"workflowId", "child-" + tag},
             {"workflowType", child_type},
             {"taskList", task_list},
             {"decisionTaskCompletedEventId", 4},
             {"childPolicy", "TERMINATE"}}),
      event(9, "ChildWorkflowExecutionStarted",
            {{"workflowExecution", child_execution}, {"workflowType", child_type}, {"initiatedEventId", 8}}),
      event(10, "ChildWorkflowExecutionCompleted",
            {{"workflowExecution", child_execution},
             {"workflowType", child_type},
             {"initiatedEventId", 8},
             {"startedEventId", 9}}),
      event(11, "TimerStarted",
            {{"timerId", "timer-" + tag}, {"startToFireTimeout", "5"}, {"decisionTaskCompletedEventId", 4}}),
      event(12, "TimerFired", {{"timerId", "timer-" + tag}, {"startedEventId", 11}}),
      event(13, "MarkerRecorded",
            {{"markerName", "marker-" + tag}, {"details", "d"}, {"decisionTaskCompletedEventId", 4}}),
      event(14, "WorkflowExecutionSignaled", {{"signalName", "signal-" + tag}, {"input", "{}"}}),
      event(15, "SignalExternalWorkflowExecutionInitiated",
            {{"workflowId", "target-" + tag}, {"signalName", "sent-" + tag}, {"decisionTaskCompletedEventId", 4}}),
  };
}

// Checks the links of linked_history(tag) as parsed in `read`.
void expect_links(const ParsedHistory& read, const std::string& tag) {
  ASSERT_EQ(read.size(), 15u) << tag;
  auto expect = [&](std::size_t index, EventType type, const std::string& subject, const std::string& type_name,
                    long long reference) {
    const Event& e = read[index];
    EXPECT_EQ(e.id, static_cast<long long>(index + 1)) << tag;
    EXPECT_EQ(e.type, type) << e.label() << " " << tag;
    EXPECT_EQ(e.subject, subject) << e.label() << " " << tag;
    EXPECT_EQ(e.type_name, type_name) << e.label() << " " << tag;
    EXPECT_EQ(e.reference, reference) << e.label() << " " << tag;
  };
  expect(3, EventType::kDecisionTaskCompleted, "", "", 2);
  expect(4, EventType::kActivityTaskScheduled, "activity-" + tag, "activity-type-" + tag, 0);
  expect(5, EventType::kActivityTaskStarted, "", "", 5);
  expect(6, EventType::kActivityTaskCompleted, "", "", 5);
  expect(7, EventType::kStartChildWorkflowExecutionInitiated, "child-" + tag, "child-type-" + tag, 0);
  expect(8, EventType::kChildWorkflowExecutionStarted, "", "child-type-" + tag, 8);
  expect(9, EventType::kChildWorkflowExecutionCompleted, "", "child-type-" + tag, 8);
  expect(10, EventType::kTimerStarted, "timer-" + tag, "", 0);
  expect(11, EventType::kTimerFired, "timer-" + tag, "", 11);
  expect(12, EventType::kMarkerRecorded, "marker-" + tag, "", 0);
  expect(13, EventType::kWorkflowExecutionSignaled, "signal-" + tag, "", 0);
  expect(14, EventType::kSignalExternalWorkflowExecutionInitiated, "target-" + tag, "", 0);
  // The attributes themselves, which point into the parser's buffers.
  EXPECT_EQ(read[4].text_in("activityType", "name"), "activity-type-" + tag);
  EXPECT_EQ(read[6].text("result"), "r-" + tag);
  EXPECT_EQ(read[8].text_in("workflowExecution", "runId"), "run-" + tag);
  EXPECT_EQ(read[14].text("signalName"), "sent-" + tag);
  EXPECT_EQ(read.event_json(6)["activityTaskCompletedEventAttributes"]["result"], "r-" + tag);
}

TEST(EventLinksTest, EachKindOfEventLinksToItsTask) {
  History history(linked_history("x"));
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  expect_links(*read, "x");
}

TEST(EventLinksTest, TypeNamesAreSharedAndSubjectsCopied) {
  auto events = linked_history("x");
  // A second activity of the same type.
  Json again = events[4];
  again["eventId"] = 16;
  again["activityTaskScheduledEventAttributes"]["activityId"] = "activity-y";
  events.push_back(again);
  History history(events);
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  EXPECT_EQ((*read)[15].subject, "activity-y");
  EXPECT_EQ((*read)[15].type_name, "activity-type-x");
  EXPECT_EQ((*read)[15].type_name.data(), (*read)[4].type_name.data());  // one copy of the name
  EXPECT_NE((*read)[4].subject.data(), (*read)[4].text("activityId").data());
}

TEST(EventLinksTest, LinksSurviveMovingTheHistory) {
  History history(linked_history("x"));
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  ParsedHistory moved(std::move(*read));
  auto other = read_events(History(valid_history()));
  ASSERT_TRUE(other.ok()) << other.status().message();
  ParsedHistory assigned = std::move(*other);
  assigned = std::move(moved);
  expect_links(assigned, "x");
}

TEST(ParserReuseTest, HistoryParsedAfterAnotherWasDestroyed) {
  {
    // A longer history first: its buffers are lent to the next ones.
    std::vector<Json> long_events = valid_history();
    for (long long id = 7; id <= 3000; ++id) {
      long_events.push_back(event(id, "ActivityTaskStarted", {{"scheduledEventId", 5}, {"identity", "w" + std::to_string(id)}}));
    }
    auto first = read_events(History(long_events));
    ASSERT_TRUE(first.ok()) << first.status().message();
    EXPECT_EQ(first->size(), 3000u);
  }
  for (const std::string tag : {"a", "bb", "ccc"}) {
    auto read = read_events(History(linked_history(tag)));
    ASSERT_TRUE(read.ok()) << read.status().message();
    expect_links(*read, tag);
    EXPECT_EQ((*read)[4].end - (*read)[4].first, 4);  // no attribute left from an earlier history
  }
}

TEST(ParserReuseTest, HistoryParsedAfterAFailedOne) {
  auto bad = linked_history("bad");
  bad[9]["eventType"] = "Nope";
  EXPECT_FALSE(read_events(History(bad)).ok());
  auto read = read_events(History(linked_history("good")));
  ASSERT_TRUE(read.ok()) << read.status().message();
  expect_links(*read, "good");
}

TEST(ParserReuseTest, HistoriesAliveTogetherDoNotInterfere) {
  auto a = read_events(History(linked_history("a")));
  ASSERT_TRUE(a.ok()) << a.status().message();
  auto b = read_events(History(linked_history("b")));
  ASSERT_TRUE(b.ok()) << b.status().message();
  expect_links(*a, "a");
  expect_links(*b, "b");
  {
    // C and D reuse the parsers of histories gone meanwhile, never A's or B's.
    { auto gone = read_events(History(linked_history("gone"))); }
    auto c = read_events(History(linked_history("c")));
    ASSERT_TRUE(c.ok()) << c.status().message();
    { auto gone = read_events(History(linked_history("gone2"))); }
    auto d = read_events(History(linked_history("d")));
    ASSERT_TRUE(d.ok()) << d.status().message();
    expect_links(*a, "a");
    expect_links(*b, "b");
    expect_links(*c, "c");
    expect_links(*d, "d");
  }
  auto e = read_events(History(linked_history("e")));
  ASSERT_TRUE(e.ok()) << e.status().message();
  expect_links(*a, "a");
  expect_links(*b, "b");
  expect_links(*e, "e");
}

TEST(ParserReuseTest, ThreadsParsingAtOnceGetTheirOwnHistories) {
  std::vector<std::thread> threads;
  std::vector<int> wrong(4, 0);
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([t, &wrong] {
      for (int round = 0; round < 50; ++round) {
        const std::string tag = std::to_string(t) + "-" + std::to_string(round);
        auto read = read_events(History(linked_history(tag)));
        if (!read.ok() || (*read)[4].subject != "activity-" + tag || (*read)[4].type_name != "activity-type-" + tag ||
            (*read)[6].text("result") != "r-" + tag || (*read)[11].subject != "timer-" + tag)
          ++wrong[static_cast<std::size_t>(t)];
      }
    });
  }
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(wrong, std::vector<int>(4, 0));
}

TEST(EventTest, UnknownAttributeIsKeptButNeverFound) {
  auto events = linked_history("x");
  events[6]["activityTaskCompletedEventAttributes"]["brandNewField"] = "surprise";
  events[6]["activityTaskCompletedEventAttributes"]["ScheduledEventId"] = 99;  // wrong case: another key
  History history(events);
  auto read = read_events(history);
  ASSERT_TRUE(read.ok()) << read.status().message();
  const Event& completed = (*read)[6];
  EXPECT_EQ(completed.end - completed.first, 5);
  EXPECT_EQ(completed.find(AttributeName::of("brandNewField")), nullptr);
  EXPECT_EQ(completed.find(AttributeName::of("ScheduledEventId")), nullptr);
  for (std::string_view name : kAttributeNames) {
    const Attribute* found = completed.find(AttributeName::of(name));
    if (name == "scheduledEventId" || name == "startedEventId" || name == "result") {
      EXPECT_NE(found, nullptr) << name;
    } else {
      EXPECT_EQ(found, nullptr) << name;
    }
  }
  EXPECT_EQ(completed.event_id("scheduledEventId"), 5);
  EXPECT_EQ(completed.reference, 5);
}

// Raw text, to choose the order of the keys: {"eventId": 1, ..., <keys>}.
std::string raw_event(const std::string& type, const std::string& keys) {
  return R"({"eventId": 1, "eventTimestamp": 1764270000, "eventType": ")" + type + R"(", )" + keys + "}";
}

TEST(EventTest, AnotherAttributesObjectBesideTheRightOneIsIgnored) {
  const std::string right = R"("timerFiredEventAttributes": {"timerId": "right", "startedEventId": 7})";
  for (const std::string& decoy :
       {std::string(R"("fooEventAttributes": {"timerId": "wrong", "startedEventId": 8})"),
        std::string(R"("timerStartedEventAttributes": {"timerId": "wrong", "startedEventId": 8})"),
        std::string(R"("fooEventAttributes": "not an object")")}) {
    for (const std::string& keys : {right + ", " + decoy, decoy + ", " + right}) {
      auto read = ParsedHistory::parse("[" + raw_event("TimerFired", keys) + "]");
      ASSERT_TRUE(read.ok()) << keys << ": " << read.status().message();
      const Event& fired = (*read)[0];
      EXPECT_EQ(fired.text("timerId"), "right") << keys;
      EXPECT_EQ(fired.subject, "right") << keys;
      EXPECT_EQ(fired.reference, 7) << keys;
      EXPECT_EQ(fired.end - fired.first, 2) << keys;
    }
  }
}

TEST(EventTest, OnlyAnotherAttributesObjectIsMissingTheRightOne) {
  auto read = ParsedHistory::parse(
      "[" + raw_event("TimerFired", R"("fooEventAttributes": {"timerId": "t", "startedEventId": 7})") + "]");
  ASSERT_FALSE(read.ok());
  EXPECT_THAT(read.status().message(), HasSubstr("timerFiredEventAttributes"));
}

}  // namespace
}  // namespace simpleflow::internal

namespace simpleflow::internal {
namespace {

std::string array_text(const std::vector<Json>& events, std::size_t from, std::size_t to) {
  return Json(std::vector<Json>(events.begin() + static_cast<std::ptrdiff_t>(from),
                                events.begin() + static_cast<std::ptrdiff_t>(to)))
      .dump();
}

// What a decider does with startAtPreviousStartedEvent: the next page repeats
// the events from the previous DecisionTaskStarted on.
TEST(ParsedHistoryAppendTest, AppendsTheNewEventsAndSkipsTheOnesHeld) {
  const std::vector<Json> events = valid_history();
  auto read = ParsedHistory::parse(array_text(events, 0, 3));
  ASSERT_TRUE(read.ok()) << read.status().message();
  const Event* first = &read->events()[0];
  ASSERT_TRUE(read->append(array_text(events, 2, 6)).ok());
  ASSERT_EQ(read->size(), 6u);
  EXPECT_EQ(&read->events()[0], first);  // held events do not move
  for (std::size_t i = 0; i < events.size(); ++i) {
    EXPECT_EQ(read->events()[i].id, static_cast<long long>(i + 1));
    EXPECT_EQ(read->event_json(i), events[i]) << i;
  }
  EXPECT_EQ(read->events()[4].subject, "activity-a-1");
  EXPECT_EQ(read->events()[4].text_in("activityType", "version"), "2");
  // A page with nothing new changes nothing.
  ASSERT_TRUE(read->append(array_text(events, 5, 6)).ok());
  EXPECT_EQ(read->size(), 6u);
  EXPECT_EQ(read->event_json(5), events[5]);
}

TEST(ParsedHistoryAppendTest, AResponseObjectIsAPageToo) {
  const std::vector<Json> events = valid_history();
  auto read = ParsedHistory::parse(Json{{"events", std::vector<Json>(events.begin(), events.begin() + 2)},
                                        {"workflowExecution", {{"workflowId", "w"}, {"runId", "r"}}}}
                                       .dump());
  ASSERT_TRUE(read.ok());
  ASSERT_TRUE(read->append(Json{{"events", std::vector<Json>(events.begin() + 2, events.end())},
                                {"workflowExecution", {{"workflowId", "other"}, {"runId", "other"}}}}
                               .dump())
                  .ok());
  EXPECT_EQ(read->size(), 6u);
  EXPECT_EQ(read->workflow_id, "w");  // from the first response
}

TEST(ParsedHistoryAppendTest, AGapOrABadEventAppendsNothing) {
  const std::vector<Json> events = valid_history();
  auto read = ParsedHistory::parse(array_text(events, 0, 3));
  ASSERT_TRUE(read.ok());
  Status gap = read->append(array_text(events, 4, 6));
  EXPECT_EQ(gap.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(gap.message(), HasSubstr("eventId 5"));
  std::vector<Json> bad(events.begin() + 3, events.end());
  bad.back().erase("eventType");
  Status invalid = read->append(Json(bad).dump());
  EXPECT_THAT(invalid.message(), HasSubstr("event 6 has no eventType"));
  EXPECT_FALSE(read->append("not json").ok());
  EXPECT_FALSE(read->append("{\"no\": \"events\"}").ok());
  EXPECT_EQ(read->size(), 3u);
  ASSERT_TRUE(read->append(array_text(events, 3, 6)).ok());
  EXPECT_EQ(read->size(), 6u);
  EXPECT_EQ(read->event_json(5), events[5]);
}

// Many small pages, as a long execution's decision tasks bring them: every
// event stays where it was first put.
TEST(ParsedHistoryAppendTest, EventsStayPutOverManyPages) {
  std::vector<Json> events = {event(1, "WorkflowExecutionStarted", started_attributes())};
  for (long long id = 2; id <= 3000; ++id) events.push_back(event(id, "WorkflowExecutionSignaled", {{"signalName", "s" + std::to_string(id)}}));
  auto read = ParsedHistory::parse(array_text(events, 0, 1));
  ASSERT_TRUE(read.ok());
  std::vector<const Event*> addresses = {&read->events()[0]};
  for (std::size_t from = 1; from < events.size(); from += 7) {
    const std::size_t to = std::min(events.size(), from + 7);
    ASSERT_TRUE(read->append(array_text(events, from - 1, to)).ok()) << from;
    for (std::size_t i = addresses.size(); i < to; ++i) addresses.push_back(&read->events()[i]);
  }
  ASSERT_EQ(read->size(), events.size());
  std::size_t i = 0;
  for (const Event& e : read->events()) {
    EXPECT_EQ(&e, addresses[i]);
    EXPECT_EQ(e.subject, i == 0 ? std::string() : "s" + std::to_string(i + 1)) << i;
    ++i;
  }
  EXPECT_EQ(read->event_json(2999), events[2999]);
  EXPECT_EQ(read->event_json(1234), events[1234]);
  EXPECT_THROW(read->event_json(3000), std::out_of_range);
}

}  // namespace
}  // namespace simpleflow::internal
