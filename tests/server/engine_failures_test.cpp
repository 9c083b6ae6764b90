// The engine when its store stops taking writes: what failed is undone and
// answered with a retryable fault, what was acknowledged stays, writes are
// refused and reads served until the store takes writes again, waiting polls
// then get their tasks; a store that cannot be read back makes it give up.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <future>

#include "server/engine.hpp"
#include "support/failing_store.hpp"
#include "support/test_directory.hpp"

namespace simpleflow::server::internal {
namespace {

using testing::FailingStore;

class EngineFailuresTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_directory("engine-failures");
    auto real = Store::open(dir_.string(), SyncMode::kNormal);
    auto reader = Store::open(dir_.string(), SyncMode::kNormal);
    ASSERT_TRUE(real.ok() && reader.ok());
    auto failing = std::make_unique<FailingStore>(std::move(real).value());
    store_ = failing.get();
    EngineOptions options;
    options.long_poll_seconds = 30;
    options.on_failure = [this](const std::string& why) {
      std::lock_guard<std::mutex> lock(mu_);
      gave_up_ = why;
    };
    engine_ = std::make_unique<Engine>(std::move(failing), std::move(reader).value(), SystemClock::instance(), options);
    ASSERT_TRUE(engine_->start().ok());
  }
  void TearDown() override {
    engine_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::future<Reply> submit(const std::string& operation, const Json& request) {
    auto promise = std::make_shared<std::promise<Reply>>();
    auto future = promise->get_future();
    engine_->submit(operation, request, [promise](Reply reply) { promise->set_value(std::move(reply)); });
    return future;
  }
  Reply call(const std::string& operation, const Json& request) {
    auto future = submit(operation, request);
    EXPECT_EQ(future.wait_for(std::chrono::seconds(10)), std::future_status::ready) << operation;
    return future.get();
  }
  static std::string fault(const Reply& reply) { return reply.fault ? reply.fault->type : "OK"; }
  Reply register_domain(const std::string& name) {
    return call("RegisterDomain", {{"name", name}, {"workflowExecutionRetentionPeriodInDays", "1"}});
  }
  // Retries `operation` until it succeeds (the store takes writes again).
  bool eventually_ok(const std::string& operation, const Json& request) {
    for (int tries = 0; tries < 100; ++tries) {
      if (!call(operation, request).fault) return true;
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }

  std::filesystem::path dir_;
  FailingStore* store_ = nullptr;
  std::unique_ptr<Engine> engine_;
  std::mutex mu_;
  std::optional<std::string> gave_up_;
};

TEST_F(EngineFailuresTest, AFailedCommitIsUndoneWritesWaitAndReadsGoOn) {
  ASSERT_EQ(fault(register_domain("kept")), "OK");
  store_->fail_with(UnavailableError("database or disk is full"));

  Reply failed = register_domain("lost");
  ASSERT_TRUE(failed.fault);
  EXPECT_EQ(failed.fault->type, "ServiceUnavailableException");
  EXPECT_EQ(failed.fault->http_status, 503);
  EXPECT_NE(failed.fault->message.find("database or disk is full"), std::string::npos) << failed.fault->message;
  EXPECT_EQ(store_->failed_commits(), 1);

  // Undone: not there; what was acknowledged is.
  EXPECT_EQ(fault(call("DescribeDomain", {{"name", "lost"}})), "UnknownResourceFault");
  EXPECT_EQ(fault(call("DescribeDomain", {{"name", "kept"}})), "OK");
  // Writes are refused without trying the store.
  Reply refused = register_domain("refused");
  EXPECT_EQ(fault(refused), "ServiceUnavailableException");
  EXPECT_EQ(store_->failed_commits(), 1);

  store_->fail_with(std::nullopt);
  EXPECT_TRUE(eventually_ok("RegisterDomain", {{"name", "lost"}, {"workflowExecutionRetentionPeriodInDays", "1"}}));
  EXPECT_EQ(fault(call("DescribeDomain", {{"name", "lost"}})), "OK");
  EXPECT_FALSE(engine_->failure());
}

TEST_F(EngineFailuresTest, APollThatWaitsWhileWritesAreRefusedGetsItsTaskAfterwards) {
  ASSERT_EQ(fault(register_domain("d")), "OK");
  ASSERT_EQ(fault(call("RegisterWorkflowType", {{"domain", "d"}, {"name", "w"}, {"version", "1"}})), "OK");
  Reply started = call("StartWorkflowExecution", {{"domain", "d"},
                                                  {"workflowId", "wf"},
                                                  {"workflowType", {{"name", "w"}, {"version", "1"}}},
                                                  {"taskList", {{"name", "decisions"}}},
                                                  {"executionStartToCloseTimeout", "600"},
                                                  {"taskStartToCloseTimeout", "60"},
                                                  {"childPolicy", "TERMINATE"}});
  ASSERT_EQ(fault(started), "OK");
  store_->fail_with(UnavailableError("disk I/O error"));
  EXPECT_EQ(fault(call("SignalWorkflowExecution", {{"domain", "d"}, {"workflowId", "wf"}, {"signalName", "s"}})),
            "ServiceUnavailableException");
  // Starting the decision task would be a write: the poll waits.
  auto poll = submit("PollForDecisionTask", {{"domain", "d"}, {"taskList", {{"name", "decisions"}}}});
  EXPECT_EQ(poll.wait_for(std::chrono::milliseconds(300)), std::future_status::timeout);
  store_->fail_with(std::nullopt);
  ASSERT_EQ(poll.wait_for(std::chrono::seconds(10)), std::future_status::ready);
  Reply task = poll.get();
  ASSERT_FALSE(task.fault) << task.fault->message;
  EXPECT_TRUE(task.body.contains("taskToken"));
  EXPECT_EQ(task.body["workflowExecution"]["workflowId"], "wf");
}

TEST_F(EngineFailuresTest, AStoreThatIsDamagedMakesTheEngineGiveUp) {
  ASSERT_EQ(fault(register_domain("kept")), "OK");
  store_->fail_with(InternalError("database disk image is malformed"));
  Reply failed = register_domain("lost");
  EXPECT_TRUE(failed.fault);
  auto told = [&] {
    std::lock_guard<std::mutex> lock(mu_);
    return gave_up_;
  };
  for (int tries = 0; tries < 500 && !told(); ++tries) std::this_thread::sleep_for(std::chrono::milliseconds(10));
  ASSERT_TRUE(told()) << "on_failure was not called";
  EXPECT_NE(told()->find("malformed"), std::string::npos);
  ASSERT_TRUE(engine_->failure());
  EXPECT_NE(engine_->failure()->find("malformed"), std::string::npos);
  // Every call is refused from now on, reads included, with the reason.
  Reply refused = call("DescribeDomain", {{"name", "kept"}});
  ASSERT_TRUE(refused.fault);
  EXPECT_EQ(refused.fault->type, "InternalFailure");
  EXPECT_NE(refused.fault->message.find("malformed"), std::string::npos) << refused.fault->message;
}

TEST_F(EngineFailuresTest, TheTimeWritesWereRefusedDoesNotCountAgainstAHeartbeat) {
  ASSERT_EQ(fault(register_domain("d")), "OK");
  ASSERT_EQ(fault(call("RegisterWorkflowType", {{"domain", "d"}, {"name", "w"}, {"version", "1"}})), "OK");
  ASSERT_EQ(fault(call("RegisterActivityType", {{"domain", "d"}, {"name", "a"}, {"version", "1"}})), "OK");
  ASSERT_EQ(fault(call("StartWorkflowExecution", {{"domain", "d"},
                                                  {"workflowId", "wf"},
                                                  {"workflowType", {{"name", "w"}, {"version", "1"}}},
                                                  {"taskList", {{"name", "decisions"}}},
                                                  {"executionStartToCloseTimeout", "600"},
                                                  {"taskStartToCloseTimeout", "60"},
                                                  {"childPolicy", "TERMINATE"}})),
            "OK");
  Reply decision = call("PollForDecisionTask", {{"domain", "d"}, {"taskList", {{"name", "decisions"}}}});
  Json schedule = {{"decisionType", "ScheduleActivityTask"},
                   {"scheduleActivityTaskDecisionAttributes",
                    {{"activityType", {{"name", "a"}, {"version", "1"}}},
                     {"activityId", "beating"},
                     {"taskList", {{"name", "work"}}},
                     {"scheduleToStartTimeout", "60"},
                     {"scheduleToCloseTimeout", "120"},
                     {"startToCloseTimeout", "60"},
                     {"heartbeatTimeout", "2"}}}};
  ASSERT_EQ(fault(call("RespondDecisionTaskCompleted",
                       {{"taskToken", decision.body["taskToken"]}, {"decisions", Json::array({schedule})}})),
            "OK");
  Reply task = call("PollForActivityTask", {{"domain", "d"}, {"taskList", {{"name", "work"}}}});
  ASSERT_TRUE(task.body.contains("taskToken"));
  Json beat = {{"taskToken", task.body["taskToken"]}};
  ASSERT_EQ(fault(call("RecordActivityTaskHeartbeat", beat)), "OK");

  // The worker heartbeats, but the store refuses writes for longer than
  // the heartbeat timeout.
  store_->fail_with(UnavailableError("database or disk is full"));
  EXPECT_EQ(fault(call("RecordActivityTaskHeartbeat", beat)), "ServiceUnavailableException");
  std::this_thread::sleep_for(std::chrono::seconds(3));
  store_->fail_with(std::nullopt);
  EXPECT_TRUE(eventually_ok("RecordActivityTaskHeartbeat", beat)) << "the activity timed out";
  Reply history = call("GetWorkflowExecutionHistory",
                       {{"domain", "d"}, {"execution", task.body["workflowExecution"]}});
  for (const std::string& event : history.events) EXPECT_EQ(event.find("ActivityTaskTimedOut"), std::string::npos);
}

}  // namespace
}  // namespace simpleflow::server::internal
