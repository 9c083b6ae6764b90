#include "cli/progress.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace simpleflow::cli {
namespace {

Json event(int id, const std::string& type, Json attributes) {
  std::string key = type;
  key[0] = static_cast<char>(std::tolower(key[0]));
  return Json{{"eventId", id}, {"eventType", type}, {key + "EventAttributes", std::move(attributes)}};
}

TEST(ProgressReportTest, OneLinePerTaskStateChange) {
  ProgressReport report;
  std::vector<Json> first = {
      event(1, "WorkflowExecutionStarted", Json::object()),
      event(5, "ActivityTaskScheduled", {{"activityId", "activity-inc-1"}}),
      event(6, "ActivityTaskStarted", {{"scheduledEventId", 5}}),
  };
  EXPECT_THAT(report.lines_for(first),
              ::testing::ElementsAre("activity-inc-1 scheduled", "activity-inc-1 started"));
  std::vector<Json> second = {
      event(6, "ActivityTaskStarted", {{"scheduledEventId", 5}}),  // seen already
      event(7, "ActivityTaskFailed", {{"scheduledEventId", 5}, {"reason", "boom"}}),
      event(8, "TimerFired", {{"timerId", "t"}}),
      event(9, "WorkflowExecutionSignaled", {{"signalName", "go"}}),
      event(10, "WorkflowExecutionFailed", {{"reason", "bad"}}),
  };
  EXPECT_THAT(report.lines_for(second), ::testing::ElementsAre("activity-inc-1 failed: boom", "timer t fired",
                                                               "signal go received", "execution failed: bad"));
  EXPECT_EQ(report.last_event_id(), 10);
}

}  // namespace
}  // namespace simpleflow::cli
