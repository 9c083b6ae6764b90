// CallError, classify_error and Result.
#include "simpleflow/swf/call_error.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <stdexcept>
#include <string>

namespace simpleflow::swf {
namespace {

using ::testing::AllOf;
using ::testing::HasSubstr;
using ::testing::Not;

TEST(ClassifyErrorTest, KnownCodes) {
  const std::pair<const char*, ErrorKind> codes[] = {
      {"UnknownResourceFault", ErrorKind::kUnknownResource},
      {"TypeAlreadyExistsFault", ErrorKind::kTypeAlreadyExists},
      {"DomainAlreadyExistsFault", ErrorKind::kDomainAlreadyExists},
      {"WorkflowExecutionAlreadyStartedFault", ErrorKind::kWorkflowExecutionAlreadyStarted},
      {"LimitExceededFault", ErrorKind::kLimitExceeded},
      {"OperationNotPermittedFault", ErrorKind::kOperationNotPermitted},
      {"TypeDeprecatedFault", ErrorKind::kTypeDeprecated},
      {"DomainDeprecatedFault", ErrorKind::kDomainDeprecated},
      {"DefaultUndefinedFault", ErrorKind::kDefaultUndefined},
      {"TooManyTagsFault", ErrorKind::kTooManyTags},
      {"ThrottlingException", ErrorKind::kThrottling},
      {"ValidationException", ErrorKind::kValidation},
      {"SerializationException", ErrorKind::kValidation},
      {"UnrecognizedClientException", ErrorKind::kAuthentication},
      {"InvalidClientTokenId", ErrorKind::kAuthentication},
      {"InvalidSignatureException", ErrorKind::kAuthentication},
      {"SignatureDoesNotMatch", ErrorKind::kAuthentication},
      {"IncompleteSignature", ErrorKind::kAuthentication},
      {"MissingAuthenticationToken", ErrorKind::kAuthentication},
      {"ExpiredTokenException", ErrorKind::kAuthentication},
      {"AccessDeniedException", ErrorKind::kAccessDenied},
      {"InternalFailure", ErrorKind::kService},
      {"ServiceUnavailable", ErrorKind::kService},
  };
  for (const auto& [code, kind] : codes) {
    SCOPED_TRACE(code);
    EXPECT_EQ(classify_error(code, 400), kind);
    // The code wins over the status.
    EXPECT_EQ(classify_error(code, 500), kind);
  }
}

TEST(ClassifyErrorTest, ByStatusWhenTheCodeIsUnknown) {
  EXPECT_EQ(classify_error("HTTP 500", 500), ErrorKind::kService);
  EXPECT_EQ(classify_error("HTTP 503", 503), ErrorKind::kService);
  EXPECT_EQ(classify_error("Whatever", 502), ErrorKind::kService);
  EXPECT_EQ(classify_error("HTTP 403", 403), ErrorKind::kAuthentication);
  EXPECT_EQ(classify_error("HTTP 401", 401), ErrorKind::kAuthentication);
  EXPECT_EQ(classify_error("HTTP 404", 404), ErrorKind::kOther);
  EXPECT_EQ(classify_error("SomethingNewFault", 400), ErrorKind::kOther);
  EXPECT_EQ(classify_error("", 0), ErrorKind::kOther);
  // Codes are matched exactly.
  EXPECT_EQ(classify_error("unknownresourcefault", 400), ErrorKind::kOther);
}

TEST(CallErrorTest, RetryableOnlyForThrottlingServiceAndNetwork) {
  for (int k = 0; k <= static_cast<int>(ErrorKind::kOther); ++k) {
    CallError e;
    e.kind = static_cast<ErrorKind>(k);
    bool expected = e.kind == ErrorKind::kThrottling || e.kind == ErrorKind::kService || e.kind == ErrorKind::kNetwork;
    EXPECT_EQ(e.retryable(), expected) << "kind " << k;
  }
}

CallError unknown_domain() {
  CallError e;
  e.kind = ErrorKind::kUnknownResource;
  e.code = "UnknownResourceFault";
  e.message = "Unknown domain: prod";
  e.operation = "DescribeDomain";
  e.endpoint = "https://swf.eu-west-1.amazonaws.com";
  e.http_status = 400;
  return e;
}

TEST(CallErrorTest, DescribeSwfFault) {
  EXPECT_EQ(unknown_domain().describe(),
            "SWF DescribeDomain at https://swf.eu-west-1.amazonaws.com failed: UnknownResourceFault (HTTP 400): "
            "Unknown domain: prod");
}

TEST(CallErrorTest, DescribeCountsAttemptsWhenRetried) {
  CallError e = unknown_domain();
  e.kind = ErrorKind::kThrottling;
  e.code = "ThrottlingException";
  e.message = "Rate exceeded";
  e.attempts = 6;
  EXPECT_EQ(e.describe(),
            "SWF DescribeDomain at https://swf.eu-west-1.amazonaws.com failed: ThrottlingException (HTTP 400): "
            "Rate exceeded (after 6 attempts)");
  e.attempts = 1;
  EXPECT_THAT(e.describe(), Not(HasSubstr("attempts")));
}

TEST(CallErrorTest, DescribeNetworkErrorHasNoHttpStatus) {
  CallError e;
  e.kind = ErrorKind::kNetwork;
  e.code = "Couldn't connect to server";
  e.message = "Failed to connect to 127.0.0.1 port 9: Connection refused";
  e.operation = "ListDomains";
  e.endpoint = "http://127.0.0.1:9";
  e.attempts = 3;
  EXPECT_EQ(e.describe(),
            "SWF ListDomains at http://127.0.0.1:9 failed: Couldn't connect to server: Failed to connect to 127.0.0.1 "
            "port 9: Connection refused (after 3 attempts)");
}

TEST(CallErrorTest, DescribeAuthenticationSaysHowToFixCredentials) {
  CallError e;
  e.kind = ErrorKind::kAuthentication;
  e.code = "SignatureDoesNotMatch";
  e.message = "The request signature we calculated does not match";
  e.operation = "ListDomains";
  e.endpoint = "http://127.0.0.1:5000";
  e.http_status = 403;
  std::string text = e.describe();
  EXPECT_THAT(text, HasSubstr("SWF ListDomains at http://127.0.0.1:5000 failed: SignatureDoesNotMatch (HTTP 403): "
                              "The request signature we calculated does not match"));
  EXPECT_THAT(text, AllOf(HasSubstr("AWS_ACCESS_KEY_ID"), HasSubstr("AWS_SECRET_ACCESS_KEY"),
                          HasSubstr("AWS_SESSION_TOKEN"), HasSubstr("AWS_PROFILE"), HasSubstr("region")));
  // Other errors do not talk about credentials.
  EXPECT_THAT(unknown_domain().describe(), Not(HasSubstr("AWS_ACCESS_KEY_ID")));
  CallError denied = e;
  denied.kind = ErrorKind::kAccessDenied;
  EXPECT_THAT(denied.describe(), Not(HasSubstr("AWS_ACCESS_KEY_ID")));
}

TEST(CallErrorTest, DescribeWithMissingParts) {
  CallError e;
  EXPECT_EQ(e.describe(), "SWF call failed: error");
  e.message = "m";
  EXPECT_EQ(e.describe(), "SWF call failed: error: m");
}

TEST(ResultTest, ValueOrError) {
  Result<int> ok = 42;
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(*ok, 42);
  EXPECT_EQ(ok.value(), 42);

  Result<std::string> text = std::string("run-1");
  EXPECT_EQ(text->size(), 5u);
  std::string moved = std::move(text).value();
  EXPECT_EQ(moved, "run-1");

  Result<int> failed = unknown_domain();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().kind, ErrorKind::kUnknownResource);
  try {
    (void)failed.value();
    ADD_FAILURE() << "value() of an error did not throw";
  } catch (const std::logic_error& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("DescribeDomain"), HasSubstr("Unknown domain: prod")));
  }
}

TEST(ResultTest, Void) {
  Result<void> ok;
  EXPECT_TRUE(ok.ok());
  Result<void> failed = unknown_domain();
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, "UnknownResourceFault");
}

}  // namespace
}  // namespace simpleflow::swf
