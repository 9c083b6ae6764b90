// How an exception thrown by activity code is reported: Python simpleflow
// workers' reason "<Error>: <message>" and details JSON.
#include "core/failure.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

#include "simpleflow/errors.hpp"
#include "simpleflow/json.hpp"

namespace failure_test::errors {
class QuotaExceeded : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};
struct NotAnException {};
}  // namespace failure_test::errors

namespace simpleflow::internal {
namespace {

TEST(ReportFailureTest, StdRuntimeError) {
  FailureReport report = report_failure(std::make_exception_ptr(std::runtime_error("boom")));
  EXPECT_EQ(report.reason, "runtime_error: boom");
  EXPECT_EQ(report.details,
            R"({"error":"runtime_error","error_type":"std.runtime_error","message":"boom","traceback":[]})");
}

TEST(ReportFailureTest, CustomExceptionInNamespace) {
  FailureReport report =
      report_failure(std::make_exception_ptr(failure_test::errors::QuotaExceeded("too many \"calls\"")));
  EXPECT_EQ(report.reason, "QuotaExceeded: too many \"calls\"");
  Json details = Json::parse(report.details);
  EXPECT_EQ(details.at("error"), "QuotaExceeded");
  EXPECT_EQ(details.at("error_type"), "failure_test.errors.QuotaExceeded");
  EXPECT_EQ(details.at("message"), "too many \"calls\"");
  EXPECT_EQ(details.at("traceback"), Json::array());
  EXPECT_EQ(dumps(details), report.details);  // written in the compact sorted dialect
}

TEST(ReportFailureTest, SimpleflowErrorKeepsItsMessage) {
  FailureReport report = report_failure(std::make_exception_ptr(InvalidInput("f: parameter 'x' expects integer")));
  EXPECT_EQ(report.reason, "InvalidInput: f: parameter 'x' expects integer");
  EXPECT_EQ(Json::parse(report.details).at("error_type"), "simpleflow.InvalidInput");
}

TEST(ReportFailureTest, NonStdException) {
  FailureReport report = report_failure(std::make_exception_ptr(42));
  EXPECT_EQ(Json::parse(report.details),
            Json::parse(R"({"error":"int","error_type":"int","message":"","traceback":[]})"));
  EXPECT_EQ(report.reason.rfind("int", 0), 0u) << report.reason;

  FailureReport custom = report_failure(std::make_exception_ptr(failure_test::errors::NotAnException{}));
  Json details = Json::parse(custom.details);
  EXPECT_EQ(details.at("error"), "NotAnException");
  EXPECT_EQ(details.at("error_type"), "failure_test.errors.NotAnException");
}

}  // namespace
}  // namespace simpleflow::internal
