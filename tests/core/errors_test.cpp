// The exceptions that workflow code sees.
#include "simpleflow/errors.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>
#include <vector>

namespace simpleflow {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;

constexpr const char* kDetails =
    R"({"error":"ZeroDivisionError","error_type":"ZeroDivisionError","message":"division by zero","traceback":[]})";

std::exception_ptr task_failed(std::string name, std::string reason, std::string details = kDetails) {
  return std::make_exception_ptr(TaskFailed(std::move(name), std::move(reason), std::move(details)));
}

// The reasons of a list of failures (TaskFailed reasons, else what()).
std::vector<std::string> reasons(const std::vector<std::exception_ptr>& exceptions) {
  std::vector<std::string> out;
  for (const auto& e : exceptions) out.push_back(describe_exception(e));
  return out;
}

TEST(TaskFailedTest, Fields) {
  TaskFailed e("activity-a-1", "ZeroDivisionError: division by zero", kDetails);
  EXPECT_EQ(e.name(), "activity-a-1");
  EXPECT_EQ(e.reason(), "ZeroDivisionError: division by zero");
  EXPECT_EQ(e.details(), kDetails);
  EXPECT_STREQ(e.what(), "activity-a-1 failed: ZeroDivisionError: division by zero");
  const Error& base = e;  // catchable as simpleflow::Error and std::exception
  EXPECT_STREQ(base.what(), e.what());
}

TEST(TaskFailedTest, DetailsJson) {
  Json details = TaskFailed("a", "r", kDetails).details_json();
  ASSERT_TRUE(details.is_object());
  EXPECT_EQ(details.at("message"), "division by zero");
  EXPECT_TRUE(details.at("traceback").is_array());
  EXPECT_EQ(TaskFailed("a", "r", "plain text").details_json(), Json("plain text"));
  EXPECT_TRUE(TaskFailed("a", "r").details_json().is_null());
}

TEST(OtherErrorsTest, Messages) {
  TimeoutError timeout("START_TO_CLOSE", "300");
  EXPECT_EQ(timeout.timeout_type(), "START_TO_CLOSE");
  EXPECT_EQ(timeout.timeout_value(), "300");
  EXPECT_STREQ(timeout.what(), "TimeoutError(START_TO_CLOSE, 300)");
  EXPECT_STREQ(TaskCanceled().what(), "task canceled");
  EXPECT_STREQ(TaskCanceled("by parent").what(), "task canceled: by parent");
  WorkflowFailed failed("Workflow execution failed: FAIL", "details");
  EXPECT_EQ(failed.reason(), "Workflow execution failed: FAIL");
  EXPECT_EQ(failed.details(), "details");
  EXPECT_STREQ(failed.what(), "Workflow execution failed: FAIL");
}

TEST(TaskExceptionTest, MessageAndFieldsFromInnerTaskFailed) {
  auto inner = task_failed("activity-tests.data.activities.raise_error-1", "ZeroDivisionError: division by zero");
  TaskException e("activity-tests.data.activities.raise_error", inner);
  EXPECT_STREQ(e.what(),
               "Workflow execution error in activity-tests.data.activities.raise_error: "
               "\"ZeroDivisionError: division by zero\"");
  EXPECT_EQ(e.task_name(), "activity-tests.data.activities.raise_error");
  EXPECT_EQ(e.reason(), "ZeroDivisionError: division by zero");
  EXPECT_EQ(e.details(), kDetails);
  EXPECT_EQ(e.inner(), inner);
}

TEST(TaskExceptionTest, NestedTaskExceptionKeepsInnermostReason) {
  auto innermost = task_failed("activity-x-1", "error", "d");
  auto child = std::make_exception_ptr(TaskException("activity-x", innermost));
  TaskException e("workflow-child", child);
  EXPECT_EQ(e.reason(), "error");
  EXPECT_EQ(e.details(), "d");
  EXPECT_STREQ(e.what(), "Workflow execution error in workflow-child: \"error\"");
}

// Python's reprs: what a workflow failed by a timeout, a cancel or a
// termination says.
TEST(TaskExceptionTest, TimeoutsCancelsAndTerminationsReadAsInPython) {
  TaskException timeout("activity-x", std::make_exception_ptr(TimeoutError("HEARTBEAT", "60")));
  EXPECT_EQ(timeout.reason(), "TimeoutError(HEARTBEAT)");
  EXPECT_TRUE(timeout.details().empty());
  EXPECT_STREQ(timeout.what(), "Workflow execution error in activity-x: \"TimeoutError(HEARTBEAT)\"");
  EXPECT_EQ(TaskException("w", std::make_exception_ptr(TaskCanceled())).reason(), "TaskCanceled()");
  TaskException canceled("w", std::make_exception_ptr(TaskCanceled("why")));
  EXPECT_EQ(canceled.reason(), "TaskCanceled(why)");
  EXPECT_EQ(canceled.details(), "why");
  EXPECT_EQ(TaskException("w", std::make_exception_ptr(TaskTerminated())).reason(), "TaskTerminated()");
}

TEST(TaskExceptionTest, OtherInnerExceptionIsDescribed) {
  TaskException e("activity-x", std::make_exception_ptr(std::runtime_error("boom")));
  EXPECT_EQ(e.reason(), "std::runtime_error: boom");
  EXPECT_TRUE(e.details().empty());
  EXPECT_THAT(e.what(), HasSubstr("activity-x: \"std::runtime_error: boom\""));
}

TEST(DescribeExceptionTest, TypeAndMessage) {
  EXPECT_EQ(describe_exception(nullptr), "no exception");
  EXPECT_EQ(describe_exception(task_failed("a", "ValueError: v")), "ValueError: v");
  EXPECT_EQ(describe_exception(std::make_exception_ptr(std::runtime_error("boom"))), "std::runtime_error: boom");
  EXPECT_EQ(describe_exception(std::make_exception_ptr(ExecutionBlocked("activity-a-1"))),
            "ExecutionBlocked: activity-a-1");
  EXPECT_EQ(describe_exception(std::make_exception_ptr(42)), "int");
}

TEST(AggregateExceptionTest, MessageListsFailuresAndNone) {
  AggregateException e({task_failed("a", "A: 1"), nullptr});
  EXPECT_STREQ(e.what(), "AggregateException([A: 1, None])");
  EXPECT_EQ(e.exceptions().size(), 2u);
  e.append(task_failed("b", "B: 2"));
  EXPECT_EQ(e.exceptions().size(), 3u);
}

TEST(AggregateExceptionTest, FlattenExpandsNestedAndDropsNulls) {
  auto inner = std::make_exception_ptr(AggregateException({nullptr, task_failed("b", "B"), task_failed("c", "C")}));
  auto deeper = std::make_exception_ptr(
      AggregateException({std::make_exception_ptr(AggregateException({task_failed("d", "D")})), nullptr}));
  AggregateException outer({task_failed("a", "A"), nullptr, inner, deeper});
  EXPECT_THAT(reasons(outer.flatten()), ElementsAre("A", "B", "C", "D"));
  EXPECT_TRUE(AggregateException({nullptr, nullptr}).flatten().empty());
}

TEST(AggregateExceptionTest, HandleReturnsWhenAllHandled) {
  AggregateException e({task_failed("a", "A"), nullptr, task_failed("b", "B")});
  int calls = 0;
  EXPECT_NO_THROW(e.handle([&calls](std::exception_ptr p) {
    EXPECT_NE(p, nullptr);  // null entries are skipped
    ++calls;
    return true;
  }));
  EXPECT_EQ(calls, 2);
}

TEST(AggregateExceptionTest, HandleRethrowsOnlyUnhandled) {
  auto timeout = std::make_exception_ptr(TimeoutError("START_TO_CLOSE", "5"));
  AggregateException e({task_failed("a", "A"), timeout, nullptr, task_failed("b", "B")});
  auto handle_task_failed = [](std::exception_ptr p) {
    try {
      std::rethrow_exception(p);
    } catch (const TaskFailed& f) {
      return f.reason() == "A";
    } catch (...) {
      return false;
    }
  };
  try {
    e.handle(handle_task_failed);
    FAIL() << "handle() returned with unhandled failures";
  } catch (const AggregateException& rest) {
    ASSERT_EQ(rest.exceptions().size(), 2u);
    EXPECT_EQ(rest.exceptions()[0], timeout);
    EXPECT_EQ(describe_exception(rest.exceptions()[1]), "B");
  }
}

}  // namespace
}  // namespace simpleflow
