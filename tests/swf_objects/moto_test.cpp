// The object layer against two SWF implementations: moto's server (a third
// party's), and this project's embedded server, each started for the test on
// 127.0.0.1 and stopped with it. One execution goes through registration, a
// decision, an activity, the history, a signal and termination, as a decider
// and a worker would drive it. Where moto departs from SWF's documentation,
// the embedded server is held to the documentation.
#include <gtest/gtest.h>

#include <algorithm>

#include <filesystem>

#include "simpleflow/server.hpp"
#include "simpleflow/swf.hpp"
#include "support/python_server.hpp"

namespace simpleflow::swf {
namespace {

using simpleflow::testing::PythonServer;
using simpleflow::testing::test_script;

// Moto's SWF answers polls with no task after about a second: wait for the
// task that the test knows is coming.
template <class Poll>
auto poll_until_task(Poll poll) {
  for (int attempt = 0;; ++attempt) {
    auto task = poll();
    if (!task.empty() || attempt == 5) return task;
  }
}

std::vector<std::string> event_types(const History& history) {
  std::vector<std::string> out;
  for (const auto& event : history) out.push_back(event.type);
  return out;
}

bool contains(const std::vector<std::string>& values, const std::string& value) {
  return std::find(values.begin(), values.end(), value) != values.end();
}

enum class Peer { kMoto, kEmbedded };

void an_execution_from_registration_to_termination(const std::string& endpoint, Peer peer) {
  // --8<-- [start:connect]
  // The endpoint, region and credentials come from where AWS tools find them;
  // here, an environment pointing at a local SWF-compatible server.
  auto env = Environment::from_map({{"AWS_ENDPOINT_URL_SWF", endpoint},
                                    {"AWS_REGION", "us-east-1"},
                                    {"AWS_ACCESS_KEY_ID", "testing"},
                                    {"AWS_SECRET_ACCESS_KEY", "testing"}});
  auto config = resolve_config({}, env);
  ASSERT_TRUE(config.ok()) << config.status().message();
  auto made = make_client(config->client);
  ASSERT_TRUE(made.ok()) << made.status().message();
  std::shared_ptr<SwfClient> client = *made;
  // --8<-- [end:connect]

  // --8<-- [start:register]
  Domain domain = DomainQuerySet(client).get_or_create("object-layer", {.retention_period = 1});
  WorkflowType type = WorkflowTypeQuerySet(domain).get_or_create(
      "demo.Pipeline", "1", {.task_list = "decisions", .execution_timeout = "600"});
  ActivityType extract = ActivityTypeQuerySet(domain).get_or_create(
      "demo.extract", "1",
      {.task_list = "activities", .task_heartbeat_timeout = "60", .task_schedule_to_close_timeout = "300",
       .task_schedule_to_start_timeout = "120", .task_start_to_close_timeout = "180"});
  // --8<-- [end:register]

  EXPECT_TRUE(domain.exists());
  EXPECT_TRUE(domain.is_synced()) << domain.changes().size() << " fields differ";
  std::vector<std::string> names;
  for (const auto& d : DomainQuerySet(client).all()) names.push_back(d.name());
  EXPECT_TRUE(contains(names, "object-layer"));
  ASSERT_EQ(domain.workflows().size(), 1u);
  EXPECT_EQ(domain.workflows()[0].name(), "demo.Pipeline");
  ASSERT_EQ(domain.activities().size(), 1u);
  EXPECT_EQ(domain.activities()[0].name(), "demo.extract");
  EXPECT_TRUE(type.is_synced());
  EXPECT_TRUE(extract.exists());
  EXPECT_EQ(ActivityTypeQuerySet(domain).get("demo.extract", "1").options().task_heartbeat_timeout, "60");
  EXPECT_THROW(DomainQuerySet(client).create("object-layer"), AlreadyExistsError);
  EXPECT_THROW(DomainQuerySet(client).get("no-such-domain"), DoesNotExistError);

  // --8<-- [start:run]
  WorkflowExecution execution = type.start_execution({.workflow_id = "pipeline-1", .input = {{"args", {3}}}});

  // A decider polls the decision task and schedules an activity.
  Decider decider(domain, "decisions", swf_identity(env).value());
  DecisionResponse decision = poll_until_task([&] { return decider.poll(); });
  ASSERT_FALSE(decision.empty());
  decider.complete(decision.token, {decisions::schedule_activity_task({.activity_id = "extract-1",
                                                                       .type = {"demo.extract", "1"},
                                                                       .task_list = "activities",
                                                                       .input = R"({"args":[3]})"})});

  // A worker runs it.
  ActivityWorker worker(domain, "activities");
  ActivityTask task = poll_until_task([&] { return worker.poll(); });
  ASSERT_FALSE(task.empty());
  EXPECT_FALSE(worker.heartbeat(task.task_token, "halfway").cancel_requested);
  worker.complete(task.task_token, "4");
  // --8<-- [end:run]

  EXPECT_EQ(task.activity_id, "extract-1");
  EXPECT_EQ(task.input, R"({"args":[3]})");
  EXPECT_EQ(task.type, (ActivityTypeRef{"demo.extract", "1"}));
  EXPECT_EQ(task.execution.workflow_id, "pipeline-1");
  EXPECT_EQ(decision.execution->workflow_id(), "pipeline-1");
  EXPECT_EQ(decision.execution->run_id(), execution.run_id());
  EXPECT_EQ(decision.workflow_type, (WorkflowTypeRef{"demo.Pipeline", "1"}));
  EXPECT_EQ(decision.history.first().type, "WorkflowExecutionStarted");
  EXPECT_EQ(decision.history.first().attributes.value("input", ""), R"({"args":[3]})");

  // The next decision task sees the result.
  DecisionResponse next = poll_until_task([&] { return decider.poll(); });
  ASSERT_FALSE(next.empty());
  auto completed = next.history.filter("ActivityTask", "completed");
  ASSERT_EQ(completed.size(), 1u);
  EXPECT_EQ(completed[0].attributes.value("result", ""), "4");

  // --8<-- [start:inspect]
  execution.signal("resume", Json{{"speed", 2}});
  int pages = 0;
  std::size_t events = 0;
  execution.history_events([&](const std::vector<Json>& page) { ++pages, events += page.size(); },
                           /*reverse_order=*/false, /*page_size=*/2);
  History history = execution.history();
  std::vector<CompiledEvent> entities = history.compile();  // throws on an inconsistent history
  execution.terminate("done with the test", "details");
  // --8<-- [end:inspect]

  EXPECT_GE(pages, 1);
  EXPECT_EQ(events, history.size());
  auto types = event_types(history);
  EXPECT_TRUE(contains(types, "ActivityTaskScheduled"));
  EXPECT_TRUE(contains(types, "ActivityTaskCompleted"));
  ASSERT_EQ(history.filter("WorkflowExecution", "signaled").size(), 1u);
  EXPECT_EQ(history.filter("WorkflowExecution", "signaled")[0].attributes.value("input", ""), R"({"speed":2})");
  auto activity = std::find_if(entities.begin(), entities.end(), [](const auto& e) { return e.key == "extract-1"; });
  ASSERT_NE(activity, entities.end());
  EXPECT_EQ(activity->state, "completed");
  EXPECT_EQ(activity->event_ids.size(), 3u);  // scheduled, started, completed
  History terminated = execution.history();
  EXPECT_TRUE(terminated.finished());
  EXPECT_EQ(terminated.last().type, "WorkflowExecutionTerminated");
  History reversed = execution.history(/*reverse_order=*/true);
  ASSERT_EQ(reversed.size(), terminated.size());
  EXPECT_EQ(reversed.first().id, terminated.last().id);

  WorkflowExecution closed = execution.upstream();
  EXPECT_EQ(closed.fields().status, kStatusClosed);
  EXPECT_EQ(closed.fields().close_status, "TERMINATED");
  // (moto ignores closeStatusFilter: filter by id)
  auto closed_runs = WorkflowExecutionQuerySet(domain).filter({.status = kStatusClosed, .workflow_id = "pipeline-1"});
  ASSERT_EQ(closed_runs.size(), 1u);
  EXPECT_EQ(closed_runs[0].fields().close_status, "TERMINATED");
  EXPECT_TRUE(WorkflowExecutionQuerySet(domain).all(kStatusOpen).empty());
  if (peer == Peer::kEmbedded) {
    EXPECT_EQ(WorkflowExecutionQuerySet(domain).filter({.status = kStatusClosed, .close_status = "TERMINATED"}).size(), 1u);
    EXPECT_TRUE(WorkflowExecutionQuerySet(domain).filter({.status = kStatusClosed, .close_status = "COMPLETED"}).empty());
  }
}

void a_started_execution_is_listed_and_can_be_canceled_or_signaled(const std::string& endpoint, Peer peer) {
  // Moto tells its services apart by the signature's credential scope: calls
  // to it must be signed.
  auto client = make_client({.endpoint = endpoint,
                             .region = "us-east-1",
                             .credentials = Credentials{"testing", "testing", "", "test"},
                             .max_retries = 1})
                    .value();
  Domain domain = DomainQuerySet(client).get_or_create("listing", {.retention_period = 1});
  WorkflowType type = WorkflowTypeQuerySet(domain).get_or_create("demo.Listed", "2", {.task_list = "l"});
  WorkflowExecution run = type.start_execution({.workflow_id = "listed-1", .tag_list = {"nightly"}});
  EXPECT_THROW(type.start_execution({.workflow_id = "listed-1"}), WorkflowExecutionAlreadyStartedError);

  auto open = WorkflowExecutionQuerySet(domain).filter({.tag = "nightly"});
  ASSERT_EQ(open.size(), 1u);
  EXPECT_EQ(open[0].run_id(), run.run_id());
  EXPECT_EQ(open[0].fields().tag_list, std::vector<std::string>{"nightly"});
  // (moto needs the version in a type filter; SWF does not)
  auto by_type = WorkflowExecutionQuerySet(domain).filter(
      {.workflow_type_name = "demo.Listed", .workflow_type_version = "2"});
  EXPECT_EQ(by_type.size(), 1u);
  WorkflowExecution described = WorkflowExecutionQuerySet(domain).get("listed-1", run.run_id());
  EXPECT_EQ(described.fields().task_list, "l");
  EXPECT_TRUE(run.is_synced());

  if (peer == Peer::kMoto) {
    // (moto has no RequestCancelWorkflowExecution: it answers HTTP 500, which
    // the client retries, then reports)
    try {
      run.request_cancel();
      ADD_FAILURE() << "moto learned RequestCancelWorkflowExecution: check cancel_requested here";
    } catch (const ResponseError& e) {
      EXPECT_EQ(e.error().kind, ErrorKind::kService);
      EXPECT_EQ(e.error().attempts, 2);
    }
  } else {
    run.request_cancel();
    EXPECT_TRUE(run.upstream().fields().cancel_requested);
    // SWF's type filter needs no version.
    EXPECT_EQ(WorkflowExecutionQuerySet(domain).filter({.workflow_type_name = "demo.Listed"}).size(), 1u);
  }
  run.terminate();
  EXPECT_EQ(run.upstream().fields().close_status, "TERMINATED");
}

class MotoObjectLayerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() { moto_ = new PythonServer({test_script("tests/support/moto_server.py")}); }
  static void TearDownTestSuite() {
    delete moto_;
    moto_ = nullptr;
  }

  static PythonServer* moto_;
};

PythonServer* MotoObjectLayerTest::moto_ = nullptr;

TEST_F(MotoObjectLayerTest, AnExecutionFromRegistrationToTermination) {
  an_execution_from_registration_to_termination(moto_->endpoint(), Peer::kMoto);
}

TEST_F(MotoObjectLayerTest, AStartedExecutionIsListedAndCanBeCanceledOrSignaled) {
  a_started_execution_is_listed_and_can_be_canceled_or_signaled(moto_->endpoint(), Peer::kMoto);
}

// The same against the embedded server, in this process.
class EmbeddedServerObjectLayerTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    data_dir_ = std::filesystem::temp_directory_path() / ("simpleflow-object-layer-" + std::to_string(getpid()));
    std::filesystem::remove_all(data_dir_);
    server::ServerOptions options;
    options.data_dir = data_dir_.string();
    options.long_poll_seconds = 1;
    server_ = std::move(server::Server::start(options).value()).release();
  }
  static void TearDownTestSuite() {
    delete server_;
    server_ = nullptr;
    std::filesystem::remove_all(data_dir_);
  }

  static server::Server* server_;
  static std::filesystem::path data_dir_;
};

server::Server* EmbeddedServerObjectLayerTest::server_ = nullptr;
std::filesystem::path EmbeddedServerObjectLayerTest::data_dir_;

TEST_F(EmbeddedServerObjectLayerTest, AnExecutionFromRegistrationToTermination) {
  an_execution_from_registration_to_termination(server_->endpoint(), Peer::kEmbedded);
}

TEST_F(EmbeddedServerObjectLayerTest, AStartedExecutionIsListedAndCanBeCanceledOrSignaled) {
  a_started_execution_is_listed_and_can_be_canceled_or_signaled(server_->endpoint(), Peer::kEmbedded);
}

}  // namespace
}  // namespace simpleflow::swf
