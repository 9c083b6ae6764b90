// error_from_response: the CallError of a non-2xx answer, whatever its body.
#include "swf_client/error_body.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <string>

namespace simpleflow::swf::internal {
namespace {

using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;

TEST(ErrorBodyTest, SwfJsonFault) {
  CallError e = error_from_response(
      400, R"({"__type":"com.amazonaws.swf.base.model#UnknownResourceFault","message":"Unknown domain: prod"})", "");
  EXPECT_EQ(e.kind, ErrorKind::kUnknownResource);
  EXPECT_EQ(e.code, "UnknownResourceFault");
  EXPECT_EQ(e.message, "Unknown domain: prod");
  EXPECT_EQ(e.http_status, 400);
  // Only kind, code, message and status: the caller fills in the rest.
  EXPECT_EQ(e.operation, "");
  EXPECT_EQ(e.endpoint, "");
  EXPECT_EQ(e.attempts, 1);
}

TEST(ErrorBodyTest, EveryModelledFault) {
  const std::pair<const char*, ErrorKind> faults[] = {
      {"TypeAlreadyExistsFault", ErrorKind::kTypeAlreadyExists},
      {"DomainAlreadyExistsFault", ErrorKind::kDomainAlreadyExists},
      {"WorkflowExecutionAlreadyStartedFault", ErrorKind::kWorkflowExecutionAlreadyStarted},
      {"LimitExceededFault", ErrorKind::kLimitExceeded},
      {"OperationNotPermittedFault", ErrorKind::kOperationNotPermitted},
      {"TypeDeprecatedFault", ErrorKind::kTypeDeprecated},
      {"DomainDeprecatedFault", ErrorKind::kDomainDeprecated},
      {"DefaultUndefinedFault", ErrorKind::kDefaultUndefined},
      {"TooManyTagsFault", ErrorKind::kTooManyTags},
  };
  for (const auto& [code, kind] : faults) {
    SCOPED_TRACE(code);
    CallError e = error_from_response(
        400, std::string(R"({"__type":"com.amazonaws.swf.base.model#)") + code + R"(","message":"m"})", "");
    EXPECT_EQ(e.code, code);
    EXPECT_EQ(e.kind, kind);
    EXPECT_EQ(e.message, "m");
  }
}

TEST(ErrorBodyTest, TypeWithoutNamespaceAndCapitalisedMessage) {
  CallError e = error_from_response(400, R"({"__type":"ThrottlingException","Message":"Rate exceeded"})", "");
  EXPECT_EQ(e.code, "ThrottlingException");
  EXPECT_EQ(e.kind, ErrorKind::kThrottling);
  EXPECT_EQ(e.message, "Rate exceeded");

  e = error_from_response(400, R"({"__type":"com.amazon.coral.validate#ValidationException","message":"1 validation error"})",
                          "");
  EXPECT_EQ(e.kind, ErrorKind::kValidation);
  EXPECT_EQ(e.code, "ValidationException");
}

TEST(ErrorBodyTest, CodeFromTheHeaderWhenTheBodyHasNone) {
  CallError e = error_from_response(400, "", "ThrottlingException:http://internal.amazon.com/coral/com.amazon.coral.availability/");
  EXPECT_EQ(e.code, "ThrottlingException");
  EXPECT_EQ(e.kind, ErrorKind::kThrottling);
  EXPECT_EQ(e.message, "");
  EXPECT_EQ(e.http_status, 400);

  e = error_from_response(400, R"({"message":"Unknown execution"})", "UnknownResourceFault");
  EXPECT_EQ(e.code, "UnknownResourceFault");
  EXPECT_EQ(e.kind, ErrorKind::kUnknownResource);
  EXPECT_EQ(e.message, "Unknown execution");
}

TEST(ErrorBodyTest, BodyTypeBeatsTheHeader) {
  CallError e = error_from_response(400, R"({"__type":"x#LimitExceededFault","message":"m"})", "ThrottlingException");
  EXPECT_EQ(e.code, "LimitExceededFault");
  EXPECT_EQ(e.kind, ErrorKind::kLimitExceeded);
}

TEST(ErrorBodyTest, XmlAuthenticationErrors) {
  // What moto (and AWS's authentication layer) answers.
  const std::string signature =
      R"(<?xml version="1.0" encoding="utf-8"?>)"
      "\n<ErrorResponse><Errors><Error><Code>SignatureDoesNotMatch</Code><Message>The request signature we "
      "calculated does not match the signature you provided.</Message><Type>Sender</Type></Error></Errors>"
      "</ErrorResponse>";
  CallError e = error_from_response(403, signature, "");
  EXPECT_EQ(e.code, "SignatureDoesNotMatch");
  EXPECT_EQ(e.kind, ErrorKind::kAuthentication);
  EXPECT_EQ(e.message, "The request signature we calculated does not match the signature you provided.");
  EXPECT_EQ(e.http_status, 403);

  e = error_from_response(
      403,
      "<ErrorResponse><Error><Code>InvalidClientTokenId</Code><Message>The security token included in the request "
      "is invalid.</Message></Error></ErrorResponse>",
      "");
  EXPECT_EQ(e.code, "InvalidClientTokenId");
  EXPECT_EQ(e.kind, ErrorKind::kAuthentication);
  EXPECT_THAT(e.message, HasSubstr("security token"));
}

TEST(ErrorBodyTest, JsonAuthenticationAndAccessErrors) {
  CallError e = error_from_response(
      400, R"({"__type":"com.amazon.coral.service#UnrecognizedClientException","message":"The security token included in the request is invalid."})",
      "");
  EXPECT_EQ(e.kind, ErrorKind::kAuthentication);
  e = error_from_response(
      400, R"({"__type":"com.amazon.coral.service#ExpiredTokenException","message":"The security token included in the request is expired"})",
      "");
  EXPECT_EQ(e.kind, ErrorKind::kAuthentication);
  // Authenticated but not allowed: not an authentication error, even at 403.
  e = error_from_response(403, R"({"__type":"com.amazon.coral.service#AccessDeniedException","Message":"User: x is not authorized"})",
                          "");
  EXPECT_EQ(e.kind, ErrorKind::kAccessDenied);
  EXPECT_EQ(e.message, "User: x is not authorized");
}

TEST(ErrorBodyTest, HtmlErrorPage) {
  std::string page = "<html>\r\n<head><title>500 Internal Server Error</title></head>\n<body>" +
                     std::string(1000, 'x') + "</body></html>";
  CallError e = error_from_response(500, page, "");
  EXPECT_EQ(e.code, "HTTP 500");
  EXPECT_EQ(e.kind, ErrorKind::kService);
  EXPECT_EQ(e.http_status, 500);
  // The start of the page, on one line, cut.
  EXPECT_THAT(e.message, StartsWith("<html>  <head><title>500 Internal Server Error</title></head> <body>xxx"));
  EXPECT_THAT(e.message, Not(HasSubstr("\n")));
  EXPECT_THAT(e.message, Not(HasSubstr("\r")));
  EXPECT_LT(e.message.size(), 400u);
  EXPECT_THAT(e.message, ::testing::EndsWith("..."));
}

TEST(ErrorBodyTest, ShortTextBodyKeptWhole) {
  CallError e = error_from_response(502, "Bad Gateway", "");
  EXPECT_EQ(e.code, "HTTP 502");
  EXPECT_EQ(e.kind, ErrorKind::kService);
  EXPECT_EQ(e.message, "Bad Gateway");
}

TEST(ErrorBodyTest, EmptyBody) {
  CallError e = error_from_response(503, "", "");
  EXPECT_EQ(e.code, "HTTP 503");
  EXPECT_EQ(e.kind, ErrorKind::kService);
  EXPECT_EQ(e.message, "");

  e = error_from_response(404, "", "");
  EXPECT_EQ(e.code, "HTTP 404");
  EXPECT_EQ(e.kind, ErrorKind::kOther);
}

TEST(ErrorBodyTest, JsonWithoutType) {
  CallError e = error_from_response(400, R"({"message":"something odd"})", "");
  EXPECT_EQ(e.code, "HTTP 400");
  EXPECT_EQ(e.kind, ErrorKind::kOther);
  EXPECT_EQ(e.message, "something odd");

  e = error_from_response(400, R"({"__type": 5})", "");  // not a string: ignored
  EXPECT_EQ(e.code, "HTTP 400");
}

TEST(ErrorBodyTest, UnknownCodeKeptAsReceived) {
  CallError e = error_from_response(400, R"({"__type":"x#SomethingNewFault","message":"m"})", "");
  EXPECT_EQ(e.code, "SomethingNewFault");
  EXPECT_EQ(e.kind, ErrorKind::kOther);
  e = error_from_response(500, R"({"__type":"x#SomethingNewFault","message":"m"})", "");
  EXPECT_EQ(e.kind, ErrorKind::kService);
}

}  // namespace
}  // namespace simpleflow::swf::internal
