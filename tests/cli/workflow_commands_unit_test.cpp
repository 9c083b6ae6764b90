// The pieces of the workflow.* commands that need no server: timestamps as
// Python prints them, dates as --from-date reads them, run ids, and
// Python's names and dicts for history events.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "cli/cooked_history.hpp"
#include "cli/workflow_common.hpp"
#include "cli/timestamps.hpp"
#include "simpleflow/errors.hpp"

namespace simpleflow::cli {
namespace {

constexpr double kT0 = 1767323045;  // 2026-01-02T03:04:05Z

TEST(TimestampsTest, PrintedAsPythonPrintsDatetimes) {
  EXPECT_EQ(text_timestamp(kT0), "2026-01-02 03:04:05+00:00");
  EXPECT_EQ(text_timestamp(kT0 + 0.25), "2026-01-02 03:04:05.250000+00:00");
  EXPECT_EQ(json_timestamp(kT0), "2026-01-02T03:04:05Z");
  EXPECT_EQ(json_timestamp(kT0 + 1.1), "2026-01-02T03:04:06.100Z");  // rounded to SWF's milliseconds
  EXPECT_EQ(json_timestamp(kT0 + 0.9999), "2026-01-02T03:04:06Z");
  EXPECT_EQ(minute_timestamp(kT0 + 59), "2026-01-02 03:05");
  EXPECT_EQ(timestamp_cell(kT0, Format::kPrettyJson), "2026-01-02T03:04:05Z");
  EXPECT_EQ(timestamp_cell(kT0, Format::kCsv), "2026-01-02 03:04:05+00:00");
}

TEST(TimestampsTest, DatesOfTheForms) {
  EXPECT_EQ(parse_date("2026-01-02").value(), kT0 - 3 * 3600 - 4 * 60 - 5);
  EXPECT_EQ(parse_date("2026-01-02T03:04:05").value(), kT0);
  EXPECT_EQ(parse_date("2026-01-02 03:04:05").value(), kT0);
  EXPECT_EQ(parse_date("2026-01-02T03:04:05Z").value(), kT0);
  EXPECT_EQ(parse_date("2026-01-02T04:04:05+0100").value(), kT0);
  EXPECT_EQ(parse_date("2026-01-02 01:34:05-01:30").value(), kT0);
  for (const char* bad : {"", "2026", "2026-1-2", "2026-13-01", "2026-02-29", "2026-01-02T03:04", "2026-01-02X03:04:05",
                          "2026-01-02T03:04:05+1", "2026-01-02T03:04:05 UTC", "2026-01-02T25:00:00", "2026-01-02 "}) {
    auto parsed = parse_date(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_THAT(parsed.status().message(), ::testing::HasSubstr("bad date")) << bad;
  }
}

TEST(RunIdTest, UrlEncodedRunIdsAreDecoded) {
  EXPECT_EQ(decode_run_id("22QFVi36+/ab="), "22QFVi36+/ab=");
  EXPECT_EQ(decode_run_id("22QF%2B%2fab%3D"), "22QF+/ab=");
  EXPECT_EQ(decode_run_id("a%zz%4"), "a%zz%4");  // not escapes: kept
  EXPECT_EQ(decode_run_id("%41+"), "A+");        // '+' is not a space
}

TEST(PythonEventKindTest, KindsAndStatesAsPythonNamesThem) {
  using P = std::pair<std::string, std::string>;
  EXPECT_EQ(python_event_kind("ActivityTaskScheduled"), P("ActivityTask", "scheduled"));
  EXPECT_EQ(python_event_kind("ScheduleActivityTaskFailed"), P("ActivityTask", "schedule_failed"));
  EXPECT_EQ(python_event_kind("RequestCancelActivityTaskFailed"), P("ActivityTask", "request_cancel_failed"));
  EXPECT_EQ(python_event_kind("StartChildWorkflowExecutionInitiated"), P("ChildWorkflowExecution", "start_initiated"));
  EXPECT_EQ(python_event_kind("SignalExternalWorkflowExecutionInitiated"),
            P("ExternalWorkflowExecution", "signal_execution_initiated"));
  EXPECT_EQ(python_event_kind("ExternalWorkflowExecutionCancelRequested"),
            P("ExternalWorkflowExecution", "execution_cancel_requested"));
  EXPECT_EQ(python_event_kind("WorkflowExecutionCancelRequested"), P("WorkflowExecution", "cancel_requested"));
  EXPECT_EQ(python_event_kind("ContinueAsNewWorkflowExecutionFailed"), P("WorkflowExecution", "continue_as_new_failed"));
  EXPECT_EQ(python_event_kind("CancelTimerFailed"), P("Timer", "cancel_failed"));
  EXPECT_EQ(python_event_kind("RecordMarkerFailed"), P("Marker", "record_failed"));
  EXPECT_EQ(python_event_kind("DecisionTaskTimedOut"), P("DecisionTask", "timed_out"));
  EXPECT_EQ(python_event_kind("LambdaFunctionStarted"), P("LambdaFunction", "started"));
  EXPECT_EQ(python_event_kind("Nothing"), P("", ""));
}

Json event(std::int64_t id, const std::string& type, double t, Json attributes) {
  std::string member = type;
  member[0] = static_cast<char>(std::tolower(static_cast<unsigned char>(member[0])));
  return {{"eventId", id}, {"eventType", type}, {"eventTimestamp", t}, {member + "EventAttributes", std::move(attributes)}};
}

TEST(RawEventTest, InputAndControlDecodedOtherAttributesSnakeCased) {
  auto e = swf::Event::from_json(event(5, "ActivityTaskScheduled", kT0 + 0.5,
                                       {{"activityId", "a-1"},
                                        {"activityType", {{"name", "x"}, {"version", "1"}}},
                                        {"input", R"({"args":[1]})"},
                                        {"decisionTaskCompletedEventId", 4}}));
  EXPECT_EQ(raw_event(e), Json({{"id", 5},
                                {"type", "ActivityTask"},
                                {"state", "scheduled"},
                                {"timestamp", "2026-01-02T03:04:05.500Z"},
                                {"input", {{"args", {1}}}},
                                {"control", nullptr},
                                {"activity_id", "a-1"},
                                {"activity_type", {{"name", "x"}, {"version", "1"}}},
                                {"decision_task_completed_event_id", 4}}));
  // Without an input attribute, Python's default: {}.
  auto started = swf::Event::from_json(event(1, "DecisionTaskScheduled", kT0, {{"taskList", {{"name", "l"}}}}));
  EXPECT_EQ(raw_event(started).at("input"), Json::object());
}

TEST(CookedHistoryTest, ActivitiesAreFollowedThroughRetries) {
  swf::History history = swf::History::from_event_list({
      event(1, "WorkflowExecutionStarted", kT0,
            {{"input", "[1]"}, {"taskList", {{"name", "l"}}}, {"workflowType", {{"name", "w"}, {"version", "1"}}},
             {"childPolicy", "TERMINATE"}}),
      event(2, "ActivityTaskScheduled", kT0 + 1,
            {{"activityId", "a"}, {"activityType", {{"name", "x"}, {"version", "1"}}}, {"taskList", {{"name", "t"}}},
             {"startToCloseTimeout", "30"}, {"decisionTaskCompletedEventId", 1}}),
      event(3, "ActivityTaskStarted", kT0 + 2, {{"scheduledEventId", 2}, {"identity", "me"}}),
      event(4, "ActivityTaskTimedOut", kT0 + 32, {{"scheduledEventId", 2}, {"timeoutType", "START_TO_CLOSE"}}),
      event(5, "ActivityTaskScheduled", kT0 + 33,
            {{"activityId", "a"}, {"activityType", {{"name", "x"}, {"version", "1"}}}, {"taskList", {{"name", "t"}}},
             {"decisionTaskCompletedEventId", 4}}),
      event(6, "ActivityTaskStarted", kT0 + 34, {{"scheduledEventId", 5}}),
      event(7, "ActivityTaskFailed", kT0 + 35, {{"scheduledEventId", 5}, {"reason", "r"}}),
      event(8, "ActivityTaskScheduled", kT0 + 36,
            {{"activityId", "b"}, {"activityType", {{"name", "y"}, {"version", "1"}}}, {"taskList", {{"name", "t"}}},
             {"decisionTaskCompletedEventId", 4}}),
      event(9, "ActivityTaskCancelRequested", kT0 + 37, {{"activityId", "b"}, {"decisionTaskCompletedEventId", 8}}),
      event(10, "ActivityTaskCanceled", kT0 + 38, {{"scheduledEventId", 8}, {"details", "d"}}),
  });
  CookedHistory cooked = CookedHistory::parse(history);
  ASSERT_EQ(cooked.tasks().size(), 2u);
  const Json* a = cooked.activity("a");
  ASSERT_NE(a, nullptr);
  EXPECT_EQ(a->at("state"), "failed");
  EXPECT_EQ(a->at("retry"), 1);  // timed out (0), then failed (1)
  EXPECT_EQ(a->at("timeout_value"), "30");
  EXPECT_EQ(a->at("reason"), "r");
  EXPECT_EQ(a->at("details"), "");
  EXPECT_EQ(a->at("scheduled_id"), 5);
  EXPECT_EQ(a->at("identity"), nullptr);  // the second start had none
  const Json* b = cooked.activity("b");
  ASSERT_NE(b, nullptr);
  EXPECT_EQ(b->at("state"), "canceled");
  EXPECT_EQ(b->at("canceled_timestamp"), kT0 + 38);

  Json json = cooked.to_json();
  EXPECT_EQ(json.at("workflow").at("input"), Json({1}));
  EXPECT_EQ(json.at("workflow").at("started_timestamp"), "2026-01-02T03:04:05Z");
  EXPECT_EQ(json.at("activities").at("a").at("failed_timestamp"), "2026-01-02T03:04:40Z");
  EXPECT_EQ(json.at("child_workflows"), Json::object());
}

TEST(CookedHistoryTest, AnEventAboutAMissingOneIsAnError) {
  swf::History history =
      swf::History::from_event_list({event(3, "ActivityTaskStarted", kT0, {{"scheduledEventId", 2}})});
  EXPECT_THROW(CookedHistory::parse(history), InvalidInput);
}

}  // namespace
}  // namespace simpleflow::cli
