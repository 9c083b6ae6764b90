// Futures over internal::TaskStatus, as executors drive them.
#include "simpleflow/future.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace simpleflow {
namespace {

using internal::TaskStatus;
using ::testing::HasSubstr;

std::shared_ptr<TaskStatus> make_status(std::string description) {
  auto status = std::make_shared<TaskStatus>();
  status->description = std::move(description);
  return status;
}

std::exception_ptr task_failed(const std::string& name, const std::string& reason) {
  return std::make_exception_ptr(TaskFailed(name, reason, R"({"error":"E"})"));
}

TEST(FutureStateTest, FollowsTheTaskStatus) {
  auto status = make_status("activity-a-1");
  Future<int> f(status);
  EXPECT_EQ(f.state(), FutureState::kPending);
  EXPECT_TRUE(f.pending());
  EXPECT_FALSE(f.done());

  status->set_running();
  EXPECT_EQ(f.state(), FutureState::kRunning);
  EXPECT_TRUE(f.running());
  EXPECT_FALSE(f.pending());
  EXPECT_FALSE(f.done());

  status->set_finished(3);
  EXPECT_EQ(f.state(), FutureState::kFinished);
  EXPECT_TRUE(f.finished());
  EXPECT_TRUE(f.done());
  EXPECT_FALSE(f.running());
  EXPECT_EQ(f.result(), 3);
  EXPECT_EQ(f.exception(), nullptr);
  EXPECT_EQ(f.description(), "activity-a-1");
}

TEST(FutureStateTest, CopiesShareTheTask) {
  Future<int> a(make_status("t"));
  Future<int> b = a;
  a.status()->set_finished(5);
  EXPECT_TRUE(b.finished());
  EXPECT_EQ(b.result(), 5);
}

TEST(FutureStateTest, ToStringUsesPythonNames) {
  EXPECT_STREQ(to_string(FutureState::kPending), "PENDING");
  EXPECT_STREQ(to_string(FutureState::kRunning), "RUNNING");
  EXPECT_STREQ(to_string(FutureState::kCancelled), "CANCELLED");
  EXPECT_STREQ(to_string(FutureState::kFinished), "FINISHED");
}

TEST(FutureBlockingTest, PendingResultThrowsExecutionBlocked) {
  Future<int> f(make_status("activity-examples.basic.double-1"));
  try {
    f.result();
    FAIL() << "result() of a pending future returned";
  } catch (const ExecutionBlocked& e) {
    EXPECT_EQ(e.waiting_for(), "activity-examples.basic.double-1");
  }
  EXPECT_THROW(f.exception(), ExecutionBlocked);
  EXPECT_THROW(f.raw_result(), ExecutionBlocked);
}

TEST(FutureBlockingTest, RunningResultThrowsExecutionBlocked) {
  Future<int> f(make_status("t"));
  f.status()->set_running();
  EXPECT_THROW(f.result(), ExecutionBlocked);
}

TEST(FutureBlockingTest, ExecutionBlockedIsNotAStdException) {
  static_assert(!std::is_base_of_v<std::exception, ExecutionBlocked>);
  Future<int> f(make_status("t"));
  bool caught_as_std_exception = false;
  bool caught_as_blocked = false;
  try {
    try {
      f.result();
    } catch (const std::exception&) {
      caught_as_std_exception = true;
    }
  } catch (const ExecutionBlocked&) {
    caught_as_blocked = true;
  }
  EXPECT_FALSE(caught_as_std_exception);
  EXPECT_TRUE(caught_as_blocked);
}

TEST(FutureBlockingTest, DefaultFutureNeverFinishes) {
  Future<int> f;
  EXPECT_TRUE(f.pending());
  EXPECT_THROW(f.result(), ExecutionBlocked);
}

TEST(FutureFailureTest, ResultRethrowsStoredTaskFailed) {
  auto status = make_status("activity-a-1");
  status->set_exception(task_failed("activity-a-1", "ValueError: bad"));
  Future<int> f(status);
  EXPECT_TRUE(f.finished());  // a failure is FINISHED, as in Python
  EXPECT_TRUE(f.done());
  try {
    f.result();
    FAIL() << "result() of a failed future returned";
  } catch (const TaskFailed& e) {
    EXPECT_EQ(e.name(), "activity-a-1");
    EXPECT_EQ(e.reason(), "ValueError: bad");
  }
  EXPECT_THROW(f.raw_result(), TaskFailed);
  std::exception_ptr stored = f.exception();
  ASSERT_NE(stored, nullptr);
  EXPECT_EQ(stored, status->exception);
  EXPECT_THROW(std::rethrow_exception(stored), TaskFailed);
}

TEST(FutureFailureTest, ResultOfWrongTypeNamesTheTask) {
  auto status = make_status("activity-a-1");
  status->set_finished("x");
  Future<int> f(status);
  try {
    f.result();
    FAIL() << "result() converted a string to int";
  } catch (const InvalidInput& e) {
    EXPECT_STREQ(e.what(), "result of activity-a-1: expected integer, got string \"x\"");
  }
  EXPECT_EQ(f.raw_result(), "x");
}

TEST(FutureCancelTest, CancelPendingFuture) {
  Future<int> f(make_status("t"));
  EXPECT_TRUE(f.cancel());
  EXPECT_EQ(f.state(), FutureState::kCancelled);
  EXPECT_TRUE(f.cancelled());
  EXPECT_TRUE(f.done());
  EXPECT_FALSE(f.finished());
  EXPECT_THROW(f.result(), TaskCanceled);
  EXPECT_THROW(std::rethrow_exception(f.exception()), TaskCanceled);
}

TEST(FutureCancelTest, CancelRunningFuture) {
  Future<int> f(make_status("t"));
  f.status()->set_running();
  EXPECT_TRUE(f.cancel());
  EXPECT_TRUE(f.cancelled());
}

TEST(FutureCancelTest, CancelFinishedFutureReturnsFalse) {
  Future<int> ok(make_status("t"));
  ok.status()->set_finished(1);
  EXPECT_FALSE(ok.cancel());
  EXPECT_TRUE(ok.finished());
  EXPECT_EQ(ok.result(), 1);

  Future<int> failed(make_status("t"));
  failed.status()->set_exception(task_failed("t", "boom"));
  EXPECT_FALSE(failed.cancel());
  EXPECT_THROW(failed.result(), TaskFailed);
}

TEST(FutureCancelTest, SetCancelledKeepsDetails) {
  auto status = make_status("t");
  status->set_cancelled("requested by parent");
  try {
    Future<int>(status).result();
    FAIL();
  } catch (const TaskCanceled& e) {
    EXPECT_EQ(e.details(), "requested by parent");
  }
}

TEST(FutureSettleTest, SettleHookIsCalledByResult) {
  auto status = make_status("timer-t");
  int calls = 0;
  status->settle = [&calls](TaskStatus& s) {
    ++calls;
    s.set_finished(42);
  };
  Future<int> f(status);
  EXPECT_TRUE(f.pending());  // state() alone does not settle
  EXPECT_EQ(calls, 0);
  EXPECT_EQ(f.result(), 42);
  EXPECT_EQ(calls, 1);
  EXPECT_EQ(f.result(), 42);
  EXPECT_EQ(calls, 1);  // not called once done
}

TEST(FutureSettleTest, SettleThatDoesNotFinishStillBlocks) {
  auto status = make_status("t");
  int calls = 0;
  status->settle = [&calls](TaskStatus&) { ++calls; };
  Future<int> f(status);
  EXPECT_THROW(f.result(), ExecutionBlocked);
  EXPECT_EQ(calls, 1);
}

TEST(FuturesWaitTest, VariadicBlocksOnAnyUnfinished) {
  Future<int> done(make_status("done"));
  done.status()->set_finished(1);
  Future<std::string> failed(make_status("failed"));
  failed.status()->set_exception(task_failed("failed", "boom"));
  Future<int> pending(make_status("pending"));
  Future<int> running(make_status("running"));
  running.status()->set_running();

  EXPECT_NO_THROW(futures::wait(done, failed));  // failures are not rethrown by wait
  try {
    futures::wait(done, pending, failed);
    FAIL() << "wait returned with a pending future";
  } catch (const ExecutionBlocked& e) {
    EXPECT_EQ(e.waiting_for(), "pending");
  }
  EXPECT_THROW(futures::wait(done, running), ExecutionBlocked);
}

TEST(FuturesWaitTest, VariadicSettlesEachFuture) {
  Future<int> a(make_status("a"));
  a.status()->settle = [](TaskStatus& s) { s.set_finished(1); };
  Future<int> b(make_status("b"));
  b.status()->settle = [](TaskStatus& s) { s.set_finished(2); };
  futures::wait(a, b);
  EXPECT_TRUE(a.finished());
  EXPECT_TRUE(b.finished());
}

TEST(FuturesWaitTest, VectorReturnsResultsInOrder) {
  std::vector<Future<int>> fs;
  for (int i = 0; i < 3; ++i) {
    fs.emplace_back(make_status("t" + std::to_string(i)));
    fs.back().status()->set_finished(i * 10);
  }
  EXPECT_EQ(futures::wait(fs), (std::vector<int>{0, 10, 20}));
  EXPECT_TRUE(futures::wait(std::vector<Future<int>>{}).empty());
}

TEST(FuturesWaitTest, VectorBlocksBeforeRethrowing) {
  std::vector<Future<int>> fs{Future<int>(make_status("a")), Future<int>(make_status("b")),
                              Future<int>(make_status("c"))};
  fs[0].status()->set_exception(task_failed("a", "first"));
  fs[1].status()->set_exception(task_failed("b", "second"));
  // c is pending: the run blocks before any failure surfaces.
  EXPECT_THROW(futures::wait(fs), ExecutionBlocked);
  fs[2].status()->set_finished(3);
  try {
    futures::wait(fs);
    FAIL();
  } catch (const TaskFailed& e) {
    EXPECT_EQ(e.reason(), "first");
  }
}

TEST(FutureVoidTest, ResultReturnsOrThrows) {
  Future<void> f(make_status("timer-1"));
  EXPECT_THROW(f.result(), ExecutionBlocked);
  f.status()->set_finished(nullptr);
  EXPECT_NO_THROW(f.result());

  Future<void> failed(make_status("timer-2"));
  failed.status()->set_exception(task_failed("timer-2", "boom"));
  EXPECT_THROW(failed.result(), TaskFailed);

  std::vector<Future<void>> fs{f, Future<void>(make_status("pending"))};
  EXPECT_THROW(futures::wait(fs), ExecutionBlocked);
  fs[1].status()->set_finished(nullptr);
  EXPECT_NO_THROW(futures::wait(fs));
}

TEST(FutureAsTest, SameTaskAnotherType) {
  Future<Json> raw(make_status("t"));
  Future<std::vector<int>> typed = raw.as<std::vector<int>>();
  EXPECT_EQ(typed.status(), raw.status());
  raw.status()->set_finished(Json::array({1, 2}));
  EXPECT_EQ(typed.result(), (std::vector<int>{1, 2}));
  EXPECT_EQ(raw.result(), Json::array({1, 2}));
  EXPECT_THROW(raw.as<std::string>().result(), InvalidInput);
}

TEST(FutureChildrenTest, CanvasChildrenInOrder) {
  auto parent = make_status("group");
  parent->children = {make_status("a"), make_status("b")};
  parent->children[1]->set_finished(2);
  auto children = Future<Json>(parent).futures();
  ASSERT_EQ(children.size(), 2u);
  EXPECT_EQ(children[0].description(), "a");
  EXPECT_TRUE(children[0].pending());
  EXPECT_EQ(children[1].result(), 2);
  EXPECT_TRUE(Future<int>(make_status("single")).futures().empty());
}

}  // namespace
}  // namespace simpleflow
