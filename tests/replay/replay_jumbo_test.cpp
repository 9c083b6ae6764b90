// Jumbo fields in a replay: results fetched only when the workflow reads
// them, long results and failures stored, and what a failing store does to
// the decision.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

#include "replay/replay_test_support.hpp"
#include "simpleflow/jumbo_fields.hpp"
#include "support/memory_blob_store.hpp"
#include "support/scoped_variable.hpp"

namespace sftest::replay_jumbo {

std::string big() { return std::string(50000, 'b'); }

// Waits for big() without reading its result.
class PassOverWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto f = submit(big);
    simpleflow::futures::wait(f);
    return 1;
  }
};

class ReadingWorkflow : public simpleflow::Workflow {
 public:
  std::string run() { return submit(big).result() + "!"; }
};

// Reads big()'s failure.
class FailureReadingWorkflow : public simpleflow::Workflow {
 public:
  std::string run() {
    auto f = submit(big);
    simpleflow::futures::wait(f);
    try {
      std::rethrow_exception(f.exception());
    } catch (const simpleflow::TaskFailed& e) {
      return std::to_string(e.reason().size()) + " " + std::to_string(e.details().size());
    }
  }
};

// Waits for a group of one big() without reading the group's results.
class GroupWaitWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    simpleflow::Group group;
    group.append(big);
    auto f = submit(group);
    simpleflow::futures::wait(f);
    return 2;
  }
};

// Records a marker whose details are a jumbo field, then reads them back.
class BigMarkerWorkflow : public simpleflow::Workflow {
 public:
  int run() {
    auto marker = submit(record_marker("big", std::string(40000, 'm')));
    simpleflow::futures::wait(marker);
    return static_cast<int>(marker.result().get<std::string>().size());
  }
};

}  // namespace sftest::replay_jumbo

SIMPLEFLOW_ACTIVITY(sftest::replay_jumbo::big);
SIMPLEFLOW_WORKFLOW(sftest::replay_jumbo::GroupWaitWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::replay_jumbo::BigMarkerWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::replay_jumbo::PassOverWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::replay_jumbo::ReadingWorkflow);
SIMPLEFLOW_WORKFLOW(sftest::replay_jumbo::FailureReadingWorkflow);

namespace sftest::replay_jumbo {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using simpleflow::testing::MemoryBlobStore;
using simpleflow::testing::ScopedVariable;

// A decision task of `workflow` after big() ended with `ending` and its attributes.
Json history_after(const std::string& workflow, const std::string& ending, Json attributes) {
  return one_activity_task(workflow, "sftest.replay_jumbo.big", "{\"args\":[],\"kwargs\":{}}", ending,
                           std::move(attributes));
}

const simpleflow::WorkflowDef& workflow(const std::string& name) {
  return *simpleflow::Registry::global().find_workflow("sftest.replay_jumbo." + name);
}

class ReplayJumboTest : public ::testing::Test {
 protected:
  void SetUp() override {
    simpleflow::set_blob_store_opener([this](std::string_view, const std::string&) {
      return simpleflow::StatusOr<std::shared_ptr<simpleflow::BlobStore>>(store_);
    });
    ASSERT_TRUE(store_->put("results/big", simpleflow::dumps(Json(big()))).ok());
    store_->puts = 0;
  }
  void TearDown() override { simpleflow::set_blob_store_opener(nullptr); }

  // big()'s result as a jumbo field.
  Json completed(const std::string& name) {
    return history_after("sftest.replay_jumbo." + name, "ActivityTaskCompleted",
                         {{"result", "simpleflow+s3://jumbo/results/big 50002"}});
  }

  std::shared_ptr<MemoryBlobStore> store_ = std::make_shared<MemoryBlobStore>();
  ScopedVariable bucket_{"SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "jumbo/workflows"};
  ScopedVariable no_memory_cache_{"SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", "0"};  // count every fetch
};

TEST_F(ReplayJumboTest, AResultThatIsNotReadIsNotFetched) {
  Json answer = replay_json(workflow("PassOverWorkflow"), completed("PassOverWorkflow"));
  ASSERT_EQ(answer["decisions"][0]["decisionType"], "CompleteWorkflowExecution") << answer.dump();
  EXPECT_EQ(store_->gets, 0);
}

TEST_F(ReplayJumboTest, WaitingForAGroupFetchesNoResult) {
  Json answer = replay_json(workflow("GroupWaitWorkflow"), completed("GroupWaitWorkflow"));
  ASSERT_EQ(answer["decisions"][0]["decisionType"], "CompleteWorkflowExecution") << answer.dump();
  EXPECT_EQ(store_->gets, 0);
}

// A marker's details stored as a jumbo field are recognized when replayed:
// recorded once, and the run goes on (it used to record them again at every
// decision).
TEST_F(ReplayJumboTest, AMarkerWithJumboDetailsIsRecordedOnce) {
  SimResult sim = simulate(workflow("BigMarkerWorkflow"), Json::array());
  ASSERT_EQ(sim.outcome, SimResult::Outcome::kCompleted) << to_string(sim.outcome) << " " << sim.error.message();
  EXPECT_EQ(sim.result, 40000);
  int recorded = 0;
  for (const auto& d : sim.decisions)
    for (const auto& decision : d.answer.value("decisions", Json::array()))
      recorded += decision["decisionType"] == "RecordMarker";
  EXPECT_EQ(recorded, 1);
  EXPECT_EQ(store_->puts, 1);
}

TEST_F(ReplayJumboTest, AResultIsFetchedWhenReadAndALongWorkflowResultIsStored) {
  Json answer = replay_json(workflow("ReadingWorkflow"), completed("ReadingWorkflow"));
  ASSERT_EQ(answer["decisions"][0]["decisionType"], "CompleteWorkflowExecution") << answer.dump();
  EXPECT_EQ(store_->gets, 1);
  std::string result = answer["decisions"][0]["completeWorkflowExecutionDecisionAttributes"]["result"];
  EXPECT_THAT(result, StartsWith("simpleflow+s3://jumbo/workflows/"));
  EXPECT_THAT(result, ::testing::EndsWith(" 50003"));
  std::string key = result.substr(std::string("simpleflow+s3://jumbo/").size());
  key = key.substr(0, key.find(' '));
  EXPECT_EQ(store_->objects().at(key), "\"" + big() + "!\"");
}

TEST_F(ReplayJumboTest, JumboReasonsAndDetailsOfAFailureAreReadBack) {
  ASSERT_TRUE(store_->put("failures/reason", std::string(300, 'r')).ok());
  ASSERT_TRUE(store_->put("failures/details", std::string(40000, 'd')).ok());
  Json answer = replay_json(workflow("FailureReadingWorkflow"),
                            history_after("sftest.replay_jumbo.FailureReadingWorkflow", "ActivityTaskFailed",
                                          {{"reason", "simpleflow+s3://jumbo/failures/reason 300"},
                                           {"details", "simpleflow+s3://jumbo/failures/details 40000"}}));
  ASSERT_EQ(answer["decisions"][0]["decisionType"], "CompleteWorkflowExecution") << answer.dump();
  EXPECT_EQ(answer["decisions"][0]["completeWorkflowExecutionDecisionAttributes"]["result"], "\"300 40000\"");
}

TEST_F(ReplayJumboTest, AStoreThatDoesNotAnswerLeavesTheDecisionForLater) {
  store_->failure = simpleflow::UnavailableError("connection refused");
  Json answer = replay_json(workflow("ReadingWorkflow"), completed("ReadingWorkflow"));
  ASSERT_TRUE(answer.contains("error")) << answer.dump();
  EXPECT_EQ(answer["error"]["code"], static_cast<int>(simpleflow::StatusCode::kUnavailable));
  EXPECT_THAT(answer["error"]["message"].get<std::string>(), HasSubstr("connection refused"));
}

TEST_F(ReplayJumboTest, AMissingObjectIsAnErrorThatNamesTheSignature) {
  Json answer = replay_json(workflow("ReadingWorkflow"),
                            history_after("sftest.replay_jumbo.ReadingWorkflow", "ActivityTaskCompleted",
                                          {{"result", "simpleflow+s3://jumbo/results/gone 50002"}}));
  ASSERT_TRUE(answer.contains("error")) << answer.dump();
  EXPECT_EQ(answer["error"]["code"], static_cast<int>(simpleflow::StatusCode::kFailedPrecondition));
  EXPECT_THAT(answer["error"]["message"].get<std::string>(), HasSubstr("simpleflow+s3://jumbo/results/gone 50002"));
}

TEST_F(ReplayJumboTest, WithoutJumboFieldsALongResultFailsTheWorkflowWithMessageTooLong) {
  ScopedVariable off("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", nullptr);
  Json answer = replay_json(workflow("ReadingWorkflow"), completed("ReadingWorkflow"));
  ASSERT_EQ(answer["decisions"][0]["decisionType"], "FailWorkflowExecution") << answer.dump();
  EXPECT_THAT(answer["decisions"][0]["failWorkflowExecutionDecisionAttributes"]["reason"].get<std::string>(),
              HasSubstr("Message too long (50003 chars)"));
}

}  // namespace sftest::replay_jumbo
