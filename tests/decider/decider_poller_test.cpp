// DeciderPoller in this process against the embedded server, with the
// activities answered by hand: what it asks SWF for, with and without its
// history cache.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <unistd.h>

#include <filesystem>

#include "simpleflow/decider.hpp"
#include "simpleflow/jumbo_fields.hpp"
#include "simpleflow/server.hpp"
#include "simpleflow/swf.hpp"
#include "support/memory_blob_store.hpp"

namespace decider_tests {

int add_one(int x) { return x + 1; }

class Chain : public simpleflow::Workflow {
 public:
  int run(int n) {
    int x = 0;
    for (int i = 0; i < n; ++i) x = submit(add_one, x).result();
    return x;
  }
};

}  // namespace decider_tests

SIMPLEFLOW_ACTIVITY(decider_tests::add_one, {.task_list = "decider-tests"});
SIMPLEFLOW_WORKFLOW(decider_tests::Chain, {.task_list = "decider-tests"});

namespace simpleflow {
namespace {

class DeciderPollerTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() / ("simpleflow-decider-" + std::to_string(getpid()));
    std::filesystem::remove_all(dir_);
    server::ServerOptions options;
    options.data_dir = dir_.string();
    options.fsync = false;
    options.long_poll_seconds = 0.2;
    server_ = server::Server::start(options).value();
    client_ = swf::make_client({.endpoint = server_->endpoint(), .region = "us-east-1"}).value();
    swf::DomainQuerySet(client_).get_or_create("d");
  }
  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  swf::ExecutionRef start_chain(int n) {
    swf::Domain domain(client_, "d");
    auto type = swf::WorkflowTypeQuerySet(domain).get_or_create(
        "decider_tests.Chain", "default", {.task_list = "decider-tests", .child_policy = "TERMINATE",
                                           .execution_timeout = "600", .decision_tasks_timeout = "60"});
    swf::StartExecutionOptions start;
    start.workflow_id = "chain-" + std::to_string(n);
    start.input = Json{{"args", {n}}, {"kwargs", Json::object()}};
    auto run = type.start_execution(start);
    return {run.workflow_id(), run.run_id()};
  }

  // Answers the activity task, if one is there: add_one of its input.
  bool complete_one_activity() {
    auto task = client_->poll_for_activity_task({.domain = "d", .task_list = "decider-tests"});
    if (!task.ok() || task->empty()) return false;
    int x = Json::parse(*task->input)["args"][0];
    EXPECT_TRUE(client_->respond_activity_task_completed(task->task_token, std::to_string(x + 1)).ok());
    return true;
  }

  std::string close_status(const swf::ExecutionRef& run) {
    return client_->describe_workflow_execution("d", run).value().info.close_status;
  }

  std::string result_of(const swf::ExecutionRef& run) {
    std::vector<Json> events;
    swf::WorkflowExecution(swf::Domain(client_, "d"), run.workflow_id, run.run_id)
        .history_events([&](const std::vector<Json>& page) { events.insert(events.end(), page.begin(), page.end()); });
    if (events.empty() || events.back()["eventType"] != "WorkflowExecutionCompleted") return "not completed";
    return events.back()["workflowExecutionCompletedEventAttributes"].value("result", "");
  }

  // Runs the chain to its end, with `deciders` taking turns.
  void drive(const swf::ExecutionRef& run, std::vector<DeciderPoller*> deciders) {
    for (std::size_t turn = 0; turn < 200 && close_status(run).empty(); ++turn) {
      ASSERT_TRUE(deciders[turn % deciders.size()]->poll_once().ok());
      complete_one_activity();
    }
  }

  std::filesystem::path dir_;
  std::unique_ptr<server::Server> server_;
  std::shared_ptr<swf::SwfClient> client_;
};

TEST_F(DeciderPollerTest, WithItsCacheADeciderReceivesEachEventAboutOnce) {
  DeciderPoller cached(client_, {.domain = "d", .task_list = "decider-tests", .identity = "test"});
  auto run = start_chain(20);
  drive(run, {&cached});
  ASSERT_EQ(close_status(run), "COMPLETED");
  std::size_t history = swf::WorkflowExecution(swf::Domain(client_, "d"), run.workflow_id, run.run_id).history().size();
  DeciderStats stats = cached.stats();
  EXPECT_EQ(stats.decisions, 22u);  // 20 activities, the close, and one to register the activity type
  EXPECT_EQ(stats.full_histories, 0u);
  // Each poll repeats the events from the previous DecisionTaskStarted: a
  // handful per decision, not the whole history.
  EXPECT_LT(stats.events_received, history + 6 * stats.decisions);
  EXPECT_EQ(result_of(run), "20");  // the kept state replays as the whole history would
}

TEST_F(DeciderPollerTest, WithoutACacheEveryDecisionReceivesTheWholeHistory) {
  DeciderPoller uncached(client_, {.domain = "d", .task_list = "decider-tests", .identity = "test", .cached_executions = 0});
  auto run = start_chain(20);
  drive(run, {&uncached});
  ASSERT_EQ(close_status(run), "COMPLETED");
  std::size_t history = swf::WorkflowExecution(swf::Domain(client_, "d"), run.workflow_id, run.run_id).history().size();
  EXPECT_GT(uncached.stats().events_received, 5 * history);
  EXPECT_EQ(result_of(run), "20");
}

TEST_F(DeciderPollerTest, ADeciderThatHasNotSeenTheRunReadsItsWholeHistory) {
  DeciderPoller first(client_, {.domain = "d", .task_list = "decider-tests", .identity = "a"});
  DeciderPoller second(client_, {.domain = "d", .task_list = "decider-tests", .identity = "b"});
  auto run = start_chain(6);
  drive(run, {&first, &second});
  ASSERT_EQ(close_status(run), "COMPLETED");
  EXPECT_EQ(result_of(run), "6");
  // Taking turns, each finds the other's decisions missing from its cache.
  EXPECT_GE(first.stats().full_histories + second.stats().full_histories, 5u);
}

TEST_F(DeciderPollerTest, ATaskOfAnUnknownWorkflowIsLeftAlone) {
  DeciderPoller decider(client_, {.domain = "d", .task_list = "decider-tests", .identity = "t",
                                  .workflows = {Registry::global().find_workflow("decider_tests.Chain")}});
  swf::Domain domain(client_, "d");
  auto type = swf::WorkflowTypeQuerySet(domain).get_or_create(
      "other", "1", {.task_list = "decider-tests", .child_policy = "TERMINATE", .execution_timeout = "600",
                     .decision_tasks_timeout = "60"});
  auto other = type.start_execution({});
  EXPECT_TRUE(decider.poll_once().value());
  EXPECT_EQ(decider.stats().decisions, 0u);
  std::size_t completed = 0;
  other.history_events([&](const std::vector<Json>& page) {
    for (const Json& e : page) completed += e["eventType"] == "DecisionTaskCompleted";
  });
  EXPECT_EQ(completed, 0u);
}

// A result in a jumbo field store that does not answer: the decider leaves
// the decision task alone (no failure of the execution), and decides it when
// SWF gives it again and the store answers.
TEST_F(DeciderPollerTest, ADecisionWhoseStoreDoesNotAnswerIsLeftForLater) {
  auto store = std::make_shared<testing::MemoryBlobStore>();
  ASSERT_TRUE(store->put("results/one", "1").ok());
  set_blob_store_opener([store](std::string_view, const std::string&) {
    return StatusOr<std::shared_ptr<BlobStore>>(store);
  });
  DeciderPoller decider(client_, {.domain = "d", .task_list = "decider-tests", .identity = "t"});
  swf::Domain domain(client_, "d");
  auto type = swf::WorkflowTypeQuerySet(domain).get_or_create(
      "decider_tests.Chain", "short", {.task_list = "decider-tests", .child_policy = "TERMINATE",
                                       .execution_timeout = "600", .decision_tasks_timeout = "1"});
  auto execution = type.start_execution({.workflow_id = "jumbo-chain",
                                         .input = Json{{"args", {1}}, {"kwargs", Json::object()},
                                                       {"__extra", {{"class", "decider_tests.Chain"}}}}});
  const swf::ExecutionRef run{execution.workflow_id(), execution.run_id()};
  // add_one(0) scheduled (again once its type is registered), then answered
  // with a jumbo field.
  swf::ActivityTask task;
  for (int turn = 0; turn < 10 && task.empty(); ++turn) {
    ASSERT_TRUE(decider.poll_once().ok());
    task = client_->poll_for_activity_task({.domain = "d", .task_list = "decider-tests"}).value();
  }
  ASSERT_FALSE(task.empty());
  ASSERT_TRUE(client_->respond_activity_task_completed(task.task_token, "simpleflow+s3://jumbo/results/one 1").ok());

  store->failure = UnavailableError("connection refused");
  const std::size_t decided = decider.stats().decisions;
  ASSERT_TRUE(decider.poll_once().value());
  EXPECT_EQ(decider.stats().decisions, decided);  // nothing answered
  EXPECT_EQ(close_status(run), "");

  store->failure.reset();
  for (int i = 0; i < 50 && close_status(run).empty(); ++i) ASSERT_TRUE(decider.poll_once().ok());
  EXPECT_EQ(close_status(run), "COMPLETED");
  EXPECT_EQ(result_of(run), "1");
  set_blob_store_opener(nullptr);
}

}  // namespace
}  // namespace simpleflow
