// Activities that run on a thread of the worker process
// (ActivityOptions::run_on_worker_thread), through `worker.start` against the
// embedded server: no process is forked for them, heartbeats go through, and
// a cancel request reaches the activity as cancel_requested().
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <chrono>
#include <fstream>
#include <thread>

#include "support/process_fixture.hpp"

namespace simpleflow::testing {
namespace {

// The parent of `pid`, from /proc/<pid>/stat (0 when it is gone).
pid_t parent_of(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return 0;
  auto close = stat.rfind(')');
  if (close == std::string::npos || close + 4 >= stat.size()) return 0;
  return static_cast<pid_t>(std::stol(stat.substr(close + 4)));
}

class WorkerThreadTest : public ProcessFixture {
 protected:
  void start_decider() { background("decider", {"decider.start", "--task-list", "process-tests", "-N", "1"}); }
  Background& start_worker() {
    return background("worker", {"worker.start", "--task-list", "process-tests", "-N", "1", "--heartbeat", "1"});
  }
};

TEST_F(WorkerThreadTest, TheActivityRunsInThePollerProcessItself) {
  start_decider();
  Background& worker = start_worker();
  auto run = start("process_tests.ThreadWorkflow", "[\"" + path("marker") + "\"]");
  EXPECT_EQ(wait_closed(run, 60), "COMPLETED") << logs();
  auto completed = events_of(run, "ActivityTaskCompleted");
  ASSERT_EQ(completed.size(), 1u) << logs();
  pid_t pid = std::stoi(completed[0]["activityTaskCompletedEventAttributes"]["result"].get<std::string>());
  // The poller is a child of the worker's supervisor; a forked activity
  // would be one level further down.
  EXPECT_EQ(parent_of(pid), worker.pid()) << logs();
  EXPECT_TRUE(process_alive(pid));
}

TEST_F(WorkerThreadTest, ACancelIsSeenByTheActivityAndReportedWithItsLastHeartbeat) {
  start_decider();
  start_worker();
  auto run = start("process_tests.ThreadCancelWorkflow", "[\"" + path("marker") + "\"]");
  auto marker = wait_for_file(path("marker"), 30);
  ASSERT_TRUE(marker) << logs();
  pid_t poller = std::stoi(*marker);
  swf::WorkflowExecution(swf::Domain(client_, domain_), run.workflow_id, run.run_id).signal("cancel");

  auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (events_of(run, "ActivityTaskCanceled").empty() && std::chrono::steady_clock::now() < deadline)
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  auto canceled = events_of(run, "ActivityTaskCanceled");
  ASSERT_EQ(canceled.size(), 1u) << logs();
  EXPECT_EQ(canceled[0]["activityTaskCanceledEventAttributes"]["details"], "waiting");
  EXPECT_TRUE(process_alive(poller));  // the thread returned; nothing was killed
  EXPECT_TRUE(events_of(run, "ActivityTaskCompleted").empty());
  swf::WorkflowExecution(swf::Domain(client_, domain_), run.workflow_id, run.run_id).signal("done");
  EXPECT_EQ(wait_closed(run, 30), "COMPLETED") << logs();
}

}  // namespace
}  // namespace simpleflow::testing
