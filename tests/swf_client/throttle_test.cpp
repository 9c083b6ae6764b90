// Client-side throttling: token buckets at SWF's default quotas, waiting on
// the injected clock.
#include "swf_client/throttle.hpp"

#include <gtest/gtest.h>

#include <string>

#include "simpleflow/clock.hpp"
#include "simpleflow/json.hpp"
#include "swf_client/backoff.hpp"

namespace simpleflow::swf::internal {
namespace {

constexpr double kEps = 1e-9;

TEST(TokenBucketTest, StartsFullAndWaitsWhenEmpty) {
  TokenBucket bucket(10, 2, /*now=*/100);
  for (int i = 0; i < 10; ++i) EXPECT_EQ(bucket.reserve(1, 100), 0) << i;
  EXPECT_NEAR(bucket.reserve(1, 100), 0.5, kEps);  // one token short at 2/s
}

TEST(TokenBucketTest, DebtQueuesCallersInOrder) {
  TokenBucket bucket(2, 4, 0);
  EXPECT_EQ(bucket.reserve(2, 0), 0);
  EXPECT_NEAR(bucket.reserve(1, 0), 0.25, kEps);
  EXPECT_NEAR(bucket.reserve(1, 0), 0.5, kEps);
  EXPECT_NEAR(bucket.reserve(1, 0), 0.75, kEps);
  // Time pays the debt back: at t = 0.75 the three borrowed tokens are repaid.
  EXPECT_NEAR(bucket.reserve(1, 0.75), 0.25, kEps);
}

TEST(TokenBucketTest, RefillsAtItsRateUpToItsCapacity) {
  TokenBucket bucket(10, 2, 0);
  EXPECT_EQ(bucket.reserve(10, 0), 0);
  EXPECT_EQ(bucket.reserve(3, 1.5), 0);       // 3 tokens back after 1.5 s
  EXPECT_NEAR(bucket.reserve(1, 1.5), 0.5, kEps);
  // A long pause refills to the capacity, not beyond.
  TokenBucket idle(10, 2, 0);
  EXPECT_EQ(idle.reserve(10, 1000), 0);
  EXPECT_NEAR(idle.reserve(1, 1000), 0.5, kEps);
}

TEST(TokenBucketTest, ClockGoingBackwardsIsIgnored) {
  TokenBucket bucket(1, 1, 10);
  EXPECT_EQ(bucket.reserve(1, 10), 0);
  EXPECT_NEAR(bucket.reserve(1, 5), 1, kEps);
}

TEST(TokenBucketTest, RequestAboveCapacityTakesTheCapacity) {
  TokenBucket bucket(5, 1, 0);
  EXPECT_EQ(bucket.reserve(50, 0), 0);  // clamped to 5: can ever be satisfied
  EXPECT_NEAR(bucket.reserve(1, 0), 1, kEps);
}

TEST(ThrottleTest, StartWorkflowExecutionBurstThenRate) {
  ManualClock clock(1000);
  Throttle throttle(clock);
  for (int i = 0; i < 2000; ++i) throttle.acquire("StartWorkflowExecution", "{}");
  EXPECT_EQ(clock.now(), 1000);  // the burst is free
  throttle.acquire("StartWorkflowExecution", "{}");
  EXPECT_NEAR(clock.now() - 1000, 1.0 / 200, kEps);
  for (int i = 0; i < 9; ++i) throttle.acquire("StartWorkflowExecution", "{}");
  EXPECT_NEAR(clock.now() - 1000, 10.0 / 200, kEps);  // then 200 a second
}

TEST(ThrottleTest, QuotasDifferByOperation) {
  ManualClock clock;
  Throttle throttle(clock);
  for (int i = 0; i < 200; ++i) throttle.acquire("ListClosedWorkflowExecutions", "{}");
  EXPECT_EQ(clock.now(), 0);
  throttle.acquire("ListClosedWorkflowExecutions", "{}");
  EXPECT_NEAR(clock.now(), 1.0 / 6, kEps);

  ManualClock signals_clock;
  Throttle signals(signals_clock);
  for (int i = 0; i < 2001; ++i) signals.acquire("SignalWorkflowExecution", "{}");
  EXPECT_NEAR(signals_clock.now(), 1.0 / 30, kEps);
}

TEST(ThrottleTest, BucketsAreIndependent) {
  ManualClock clock;
  Throttle throttle(clock);
  for (int i = 0; i < 2000; ++i) {
    throttle.acquire("StartWorkflowExecution", "{}");
    throttle.acquire("PollForActivityTask", "{}");
    throttle.acquire("RespondActivityTaskCompleted", "{}");
  }
  EXPECT_EQ(clock.now(), 0);
}

TEST(ThrottleTest, OperationsWithoutQuotaNeverWait) {
  ManualClock clock;
  Throttle throttle(clock);
  for (int i = 0; i < 5000; ++i) {
    throttle.acquire("DescribeDomain", "{}");
    throttle.acquire("ListDomains", "{}");
  }
  EXPECT_EQ(clock.now(), 0);
}

std::string respond_with(int count, const std::string& type) {
  Json decisions = Json::array();
  for (int i = 0; i < count; ++i) {
    Json d = {{"decisionType", type}};
    if (type == "ScheduleActivityTask")
      d["scheduleActivityTaskDecisionAttributes"] = {{"activityId", std::to_string(i)},
                                                     {"activityType", {{"name", "a"}, {"version", "1"}}}};
    decisions.push_back(d);
  }
  return dumps({{"taskToken", "t"}, {"decisions", decisions}});
}

TEST(ThrottleTest, DecisionsHaveTheirOwnQuotas) {
  ManualClock clock;
  Throttle throttle(clock);
  // 1000 ScheduleActivityTask decisions: the decision burst.
  throttle.acquire("RespondDecisionTaskCompleted", respond_with(1000, "ScheduleActivityTask"));
  EXPECT_EQ(clock.now(), 0);
  // 200 more wait a second at 200 a second.
  throttle.acquire("RespondDecisionTaskCompleted", respond_with(200, "ScheduleActivityTask"));
  EXPECT_NEAR(clock.now(), 1.0, kEps);

  // StartChildWorkflowExecution: 500 then 12 a second.
  ManualClock child_clock;
  Throttle children(child_clock);
  children.acquire("RespondDecisionTaskCompleted", respond_with(500, "StartChildWorkflowExecution"));
  EXPECT_EQ(child_clock.now(), 0);
  children.acquire("RespondDecisionTaskCompleted", respond_with(1, "StartChildWorkflowExecution"));
  EXPECT_NEAR(child_clock.now(), 1.0 / 12, kEps);

  // Unthrottled decision types cost nothing beyond the call.
  ManualClock other_clock;
  Throttle other(other_clock);
  for (int i = 0; i < 100; ++i)
    other.acquire("RespondDecisionTaskCompleted", respond_with(100, "RecordMarker"));
  EXPECT_EQ(other_clock.now(), 0);
}

TEST(ThrottleTest, DecisionTypesOnlyCountedForRespondDecisionTaskCompleted) {
  ManualClock clock;
  Throttle throttle(clock);
  for (int i = 0; i < 3; ++i) throttle.acquire("PollForDecisionTask", respond_with(1000, "ScheduleActivityTask"));
  EXPECT_EQ(clock.now(), 0);
}

TEST(CountDecisionsTest, CountsDecisionsOfTheType) {
  std::string json = dumps(Json::parse(R"({"taskToken":"t","decisions":[
      {"decisionType":"ScheduleActivityTask","scheduleActivityTaskDecisionAttributes":{"activityId":"1"}},
      {"decisionType":"StartTimer","startTimerDecisionAttributes":{"timerId":"t1"}},
      {"decisionType":"ScheduleActivityTask","scheduleActivityTaskDecisionAttributes":{"activityId":"2"}},
      {"decisionType":"StartChildWorkflowExecution"},
      {"decisionType":"StartTimerX"}]})"));
  EXPECT_EQ(Throttle::count_decisions(json, "ScheduleActivityTask"), 2);
  EXPECT_EQ(Throttle::count_decisions(json, "StartTimer"), 1);
  EXPECT_EQ(Throttle::count_decisions(json, "StartChildWorkflowExecution"), 1);
  EXPECT_EQ(Throttle::count_decisions(json, "SignalExternalWorkflowExecution"), 0);
  EXPECT_EQ(Throttle::count_decisions("", "StartTimer"), 0);
}

TEST(CountDecisionsTest, TextInsideStringsDoesNotCount) {
  // An activity input that holds decision JSON as text: its quotes are escaped.
  std::string inner = dumps(Json::parse(R"({"decisionType":"ScheduleActivityTask"})"));
  Json decision = {{"decisionType", "ScheduleActivityTask"},
                   {"scheduleActivityTaskDecisionAttributes",
                    {{"activityId", "1"}, {"input", inner + inner}, {"control", "\"decisionType\":\"StartTimer\""}}}};
  // A key whose text ends in an escaped quote before decisionType.
  Json marker = {{"decisionType", "RecordMarker"},
                 {"recordMarkerDecisionAttributes",
                  {{"markerName", "m"}, {"details", "x"}, {"a\"decisionType", "StartTimer"}}}};
  // A value ending in a backslash just before the structure that follows.
  Json timer = {{"decisionType", "StartTimer"}, {"startTimerDecisionAttributes", {{"control", "c:\\"}, {"timerId", "t"}}}};
  std::string json = dumps({{"taskToken", "t"}, {"decisions", {decision, marker, timer}}});
  ASSERT_NE(json.find(R"(\"decisionType\":\"ScheduleActivityTask\")"), std::string::npos) << json;
  ASSERT_NE(json.find(R"(a\"decisionType":"StartTimer")"), std::string::npos) << json;
  EXPECT_EQ(Throttle::count_decisions(json, "ScheduleActivityTask"), 1) << json;
  EXPECT_EQ(Throttle::count_decisions(json, "StartTimer"), 1) << json;
  EXPECT_EQ(Throttle::count_decisions(json, "RecordMarker"), 1) << json;
}

TEST(BackoffTest, FullJitterUnderAGrowingCeiling) {
  // random * min(max, base * 2^retry)
  EXPECT_NEAR(backoff_delay(0, 0.1, 20, 0.5), 0.05, kEps);
  EXPECT_NEAR(backoff_delay(1, 0.1, 20, 0.5), 0.1, kEps);
  EXPECT_NEAR(backoff_delay(2, 0.1, 20, 0.5), 0.2, kEps);
  EXPECT_NEAR(backoff_delay(3, 0.1, 20, 0.5), 0.4, kEps);
  EXPECT_NEAR(backoff_delay(3, 0.1, 20, 0.999), 0.7992, kEps);
  EXPECT_EQ(backoff_delay(3, 0.1, 20, 0), 0);
  // Capped by the maximum, also for absurd retry numbers.
  EXPECT_NEAR(backoff_delay(10, 0.1, 20, 0.5), 10, kEps);
  EXPECT_NEAR(backoff_delay(1000, 0.1, 20, 0.5), 10, kEps);
  EXPECT_NEAR(backoff_delay(1 << 30, 0.1, 20, 1), 20, kEps);
}

}  // namespace
}  // namespace simpleflow::swf::internal
