// Long polls that wait without holding a thread: many at once on one task
// list, each handed one task as tasks come, first come first served, and
// SWF's cap of 1,000 waiting pollers per task list.
#include <chrono>
#include <set>
#include <thread>

#include "server/server_fixture.hpp"
#include "support/raw_http.hpp"

namespace simpleflow::server::semantics {
namespace {

using simpleflow::testing::RawConnection;
using simpleflow::testing::swf_request;

class LongPollTest : public ServerTest {
 protected:
  // Opens `n` connections that each send an activity poll, and waits until
  // the server holds them all.
  std::vector<std::unique_ptr<RawConnection>> park_polls(size_t n) {
    std::vector<std::unique_ptr<RawConnection>> polls;
    size_t waiting = server_->counters().waiting_pollers + n;
    std::string request =
        swf_request("PollForActivityTask", Json{{"domain", kDomain}, {"taskList", {{"name", kWorkers}}}}.dump());
    for (size_t i = 0; i < n; ++i) {
      polls.push_back(std::make_unique<RawConnection>(server_->port()));
      polls.back()->send(request);
    }
    for (int tries = 0; tries < 3000 && server_->counters().waiting_pollers < waiting; ++tries) {
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    }
    EXPECT_EQ(server_->counters().waiting_pollers, waiting);
    return polls;
  }
  // Starts a run and schedules `n` activities a0..a<n-1>.
  void schedule(size_t n) {
    start("fan");
    Json decisions = Json::array();
    for (size_t i = 0; i < n; ++i) decisions.push_back(schedule_activity("a" + std::to_string(i)));
    decide(decisions);
  }
};

TEST_F(LongPollTest, ThreeHundredWaitingPollsEachGetOneTask) {
  restart_server(/*long_poll_seconds=*/50);
  auto polls = park_polls(300);
  schedule(300);
  std::set<std::string> activity_ids;
  for (auto& poll : polls) {
    auto response = poll->read_response(30);
    ASSERT_TRUE(response);
    ASSERT_EQ(response->status, 200) << response->body;
    Json task = Json::parse(response->body);
    ASSERT_TRUE(task.contains("taskToken")) << response->body;
    activity_ids.insert(task.at("activityId").get<std::string>());
  }
  EXPECT_EQ(activity_ids.size(), 300u);
  EXPECT_EQ(server_->counters().waiting_pollers, 0u);
  EXPECT_EQ(pending_activities(), 0);
}

TEST_F(LongPollTest, TheFirstPollerToWaitGetsTheFirstTask) {
  restart_server(/*long_poll_seconds=*/50);
  auto polls = park_polls(1);
  auto second = park_polls(2);
  schedule(1);
  auto first_answer = polls[0]->read_response(30);
  ASSERT_TRUE(first_answer);
  EXPECT_EQ(Json::parse(first_answer->body).value("activityId", ""), "a0");
  // The others are still waiting, and end empty when the server stops.
  EXPECT_EQ(server_->counters().waiting_pollers, 2u);
  server_->stop();
  for (size_t i = 0; i < 2; ++i) {
    auto empty = second[i]->read_response(30);
    ASSERT_TRUE(empty);
    EXPECT_FALSE(Json::parse(empty->body).contains("taskToken")) << empty->body;
  }
}

TEST_F(LongPollTest, PastOneThousandWaitingPollersATaskListRefusesMore) {
  restart_server(/*long_poll_seconds=*/50);
  auto polls = park_polls(1000);
  RawConnection one_more(server_->port());
  one_more.send(swf_request("PollForActivityTask", Json{{"domain", kDomain}, {"taskList", {{"name", kWorkers}}}}.dump()));
  auto refused = one_more.read_response(30);
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("LimitExceededFault"), std::string::npos) << refused->body;
  // Another task list is not limited by this one.
  RawConnection elsewhere(server_->port());
  elsewhere.send(swf_request("PollForActivityTask", Json{{"domain", kDomain}, {"taskList", {{"name", "other"}}}}.dump()));
  for (int tries = 0; tries < 3000 && server_->counters().waiting_pollers < 1001; ++tries) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(server_->counters().waiting_pollers, 1001u);
}

}  // namespace
}  // namespace simpleflow::server::semantics
