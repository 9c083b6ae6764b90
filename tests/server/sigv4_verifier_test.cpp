// The server's SigV4 check accepts what botocore (the AWS SDK's signer)
// signs, and refuses what AWS refuses, with AWS's error codes.
#include "server/sigv4_verifier.hpp"

#include "aws/sigv4.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "support/command.hpp"
#include "support/python_server.hpp"

namespace simpleflow::server::internal {
namespace {

using ::testing::HasSubstr;

// A signed request as sign_requests.py prints it, owning its text.
struct Sample {
  std::string name, method, path, query, body;
  std::vector<std::pair<std::string, std::string>> headers;
  AccessKey key;
  std::string region;
  double signed_at = 0;

  SignedRequest view() const { return {method, path, query, headers, body}; }
  std::function<std::optional<AccessKey>(std::string_view)> keys() const {
    return [key = key](std::string_view id) -> std::optional<AccessKey> {
      if (id == key.access_key_id) return key;
      return std::nullopt;
    };
  }
  void set_header(const std::string& name, const std::string& value) {
    for (auto& [k, v] : headers)
      if (k == name) v = value;
  }
  void remove_header(const std::string& name) {
    std::erase_if(headers, [&](const auto& h) { return h.first == name; });
  }
};

const std::vector<Sample>& samples() {
  static const std::vector<Sample> all = [] {
    auto run = simpleflow::testing::run_command(
        {simpleflow::testing::python3(), simpleflow::testing::test_script("tests/server/sign_requests.py")});
    if (run.exit_code != 0) throw std::runtime_error("sign_requests.py failed: " + run.err);
    std::vector<Sample> out;
    for (const auto& j : Json::parse(run.out)) {
      Sample s;
      s.name = j["name"];
      s.method = j["method"];
      s.path = j["path"];
      s.query = j["query"];
      s.body = j["body"];
      for (const auto& h : j["headers"]) s.headers.emplace_back(h[0], h[1]);
      s.key.access_key_id = j["access_key_id"];
      s.key.secret_access_key = j["secret_access_key"];
      if (!j["session_token"].is_null()) s.key.session_token = j["session_token"].get<std::string>();
      s.region = j["region"];
      s.signed_at = j["signed_at"];
      out.push_back(std::move(s));
    }
    return out;
  }();
  return all;
}

std::optional<AuthFailure> verify(const Sample& s, double skew = 0) {
  return verify_sigv4(s.view(), s.keys(), s.signed_at + skew, SigningScope{s.region});
}

const Sample& sample_named(std::string_view name) {
  for (const Sample& s : samples())
    if (s.name == name) return s;
  throw std::runtime_error("no sample named " + std::string(name));
}

TEST(SigV4VerifierTest, AcceptsWhatBotocoreSigns) {
  ASSERT_EQ(samples().size(), 8u);
  for (const auto& s : samples()) {
    auto failure = verify(s);
    EXPECT_FALSE(failure) << s.name << ": " << failure->code << ": " << failure->message;
  }
}

TEST(SigV4VerifierTest, AnyChangeToWhatWasSignedIsRefused) {
  for (const auto& original : samples()) {
    SCOPED_TRACE(original.name);
    Sample body = original;
    body.body += " ";
    Sample target = original;
    target.set_header("X-Amz-Target", "SimpleWorkflowService.DeprecateDomain");
    Sample host = original;
    host.set_header("Host", "evil.example.com");
    Sample query = original;
    query.query = original.query.empty() ? "x=1" : original.query + "&x=1";
    for (const Sample* changed : {&body, &target, &host, &query}) {
      auto failure = verify(*changed);
      ASSERT_TRUE(failure);
      EXPECT_EQ(failure->code, "InvalidSignatureException");
      EXPECT_EQ(failure->http_status, 403);
      EXPECT_THAT(failure->message, HasSubstr("does not match"));
    }
  }
}

// The signature covers the hash of the body: a captured request replayed
// with another body is refused even when it says which hash was signed.
TEST(SigV4VerifierTest, TheBodyIsHashedAsReceived) {
  const Sample& declared = sample_named("payload hash header");
  ASSERT_FALSE(verify(declared));
  const Sample& plain = sample_named("plain");
  const std::string signed_hash = simpleflow::aws::internal::sha256_hex(plain.body);

  Sample swapped = plain;  // the signed hash announced, another body sent
  swapped.headers.emplace_back("X-Amz-Content-Sha256", signed_hash);
  swapped.body = R"({"name":"attacker","workflowExecutionRetentionPeriodInDays":"1"})";
  Sample swapped_declared = declared;
  swapped_declared.body = R"({"name":"attacker"})";
  Sample unsigned_payload = plain;
  unsigned_payload.headers.emplace_back("X-Amz-Content-Sha256", "UNSIGNED-PAYLOAD");
  Sample streaming = plain;
  streaming.headers.emplace_back("x-amz-content-sha256", "STREAMING-AWS4-HMAC-SHA256-PAYLOAD");
  for (const Sample* s : {&swapped, &swapped_declared, &unsigned_payload, &streaming}) {
    auto failure = verify(*s);
    ASSERT_TRUE(failure) << s->body;
    EXPECT_EQ(failure->code, "InvalidSignatureException");
    EXPECT_EQ(failure->http_status, 403);
  }
  EXPECT_THAT(verify(swapped)->message, HasSubstr("does not match the SHA-256 of the request body"));
  EXPECT_THAT(verify(unsigned_payload)->message, HasSubstr("UNSIGNED-PAYLOAD"));
}

// AWS refuses a signature made for another region than its own.
TEST(SigV4VerifierTest, TheScopeMustNameTheServersRegion) {
  const Sample& s = sample_named("other region");
  ASSERT_EQ(s.region, "eu-west-3");
  EXPECT_FALSE(verify(s));
  for (std::string_view server_region : {"us-east-1", "zz-nowhere-9", "eu-west-3x"}) {
    auto failure = verify_sigv4(s.view(), s.keys(), s.signed_at, SigningScope{server_region});
    ASSERT_TRUE(failure) << server_region;
    EXPECT_EQ(failure->code, "InvalidSignatureException");
    EXPECT_THAT(failure->message, HasSubstr("not 'eu-west-3'"));
    EXPECT_THAT(failure->message, HasSubstr("'" + std::string(server_region) + "'"));
  }
}

TEST(SigV4VerifierTest, AWrongSecretIsRefused) {
  Sample s = samples()[0];
  s.key.secret_access_key += "x";
  auto failure = verify(s);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->code, "InvalidSignatureException");
}

TEST(SigV4VerifierTest, AnUnknownKeyIsUnrecognized) {
  Sample s = samples()[0];
  s.key.access_key_id = "AKIDSOMEONEELSE";
  auto failure = verify(s);
  ASSERT_TRUE(failure);
  EXPECT_EQ(failure->code, "UnrecognizedClientException");
  EXPECT_EQ(failure->message, "The security token included in the request is invalid.");
}

TEST(SigV4VerifierTest, SessionTokensMustMatchTheKey) {
  Sample temporary = samples()[1];
  ASSERT_TRUE(temporary.key.session_token);
  Sample missing = temporary;
  missing.remove_header("X-Amz-Security-Token");
  Sample other = temporary;
  other.key.session_token = "another token";
  Sample long_term = samples()[0];
  long_term.key.session_token = "a token the request does not carry";
  for (const Sample* s : {&missing, &other, &long_term}) {
    auto failure = verify(*s);
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->code, "UnrecognizedClientException");
  }
}

TEST(SigV4VerifierTest, RequestsMoreThanFifteenMinutesAwayAreRefused) {
  const Sample& s = samples()[0];
  EXPECT_FALSE(verify(s, 14 * 60));
  EXPECT_FALSE(verify(s, -14 * 60));
  for (double skew : {16 * 60.0, -16 * 60.0}) {
    auto failure = verify(s, skew);
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->code, "InvalidSignatureException");
    EXPECT_THAT(failure->message, HasSubstr("15 minutes"));
  }
}

TEST(SigV4VerifierTest, MissingOrMalformedAuthorization) {
  Sample unsigned_request = samples()[0];
  unsigned_request.remove_header("Authorization");
  auto missing = verify(unsigned_request);
  ASSERT_TRUE(missing);
  EXPECT_EQ(missing->code, "MissingAuthenticationTokenException");

  const std::pair<const char*, const char*> cases[] = {
      {"Basic dXNlcjpwYXNz", "IncompleteSignatureException"},
      {"AWS4-HMAC-SHA256 Credential=AKIDSERVERTEST/20261128/us-east-1/swf/aws4_request", "IncompleteSignatureException"},
      {"AWS4-HMAC-SHA256 Credential=AKIDSERVERTEST/20261128/swf/aws4_request, SignedHeaders=host;x-amz-date, "
       "Signature=00",
       "IncompleteSignatureException"},
      {"AWS4-HMAC-SHA256 Credential=AKIDSERVERTEST/20261128/us-east-1/s3/aws4_request, SignedHeaders=host;x-amz-date, "
       "Signature=00",
       "InvalidSignatureException"},
      {"AWS4-HMAC-SHA256 Credential=AKIDSERVERTEST/20261127/us-east-1/swf/aws4_request, "
       "SignedHeaders=host;x-amz-date, Signature=00",
       "InvalidSignatureException"},
      {"AWS4-HMAC-SHA256 Credential=AKIDSERVERTEST/20261128/us-east-1/swf/aws4_request, "
       "SignedHeaders=content-type;x-amz-date, Signature=00",
       "InvalidSignatureException"},
      {"AWS4-HMAC-SHA256 Credential=AKIDSERVERTEST/20261128/us-east-1/swf/aws4_request, "
       "SignedHeaders=host;x-amz-date;x-amz-missing, Signature=00",
       "InvalidSignatureException"},
  };
  for (const auto& [authorization, code] : cases) {
    SCOPED_TRACE(authorization);
    Sample s = samples()[0];
    s.set_header("Authorization", authorization);
    auto failure = verify(s);
    ASSERT_TRUE(failure);
    EXPECT_EQ(failure->code, code) << failure->message;
  }

  Sample no_date = samples()[0];
  no_date.remove_header("X-Amz-Date");
  ASSERT_TRUE(verify(no_date));
  EXPECT_EQ(verify(no_date)->code, "IncompleteSignatureException");
  Sample bad_date = samples()[0];
  bad_date.set_header("X-Amz-Date", "yesterday");
  ASSERT_TRUE(verify(bad_date));
  EXPECT_EQ(verify(bad_date)->code, "IncompleteSignatureException");
}

}  // namespace
}  // namespace simpleflow::server::internal
