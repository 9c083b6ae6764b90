// The S3 store (make_s3_store) against real S3-compatible servers, each run
// by the test on 127.0.0.1 on a port it picks, and stopped by it:
//   - moto's S3 with IAM authentication (tests/support/moto_s3_server.py):
//     every request must be signed with the key the script creates;
//   - s3rver, from npm (tests/support/s3rver_server.js; scripts/setup
//     installs it), which knows one key, S3RVER/S3RVER (it checks the key id
//     of SigV4 requests, not their signature);
//   - flaky_s3_server.py, which fails on purpose (503 SlowDown, a bucket in
//     another region) and logs what it received.
// A server that cannot start fails the test: CI installs them all.
// Backoff waits on a ManualClock, so no test sleeps.
//
// Also: s3_options_from_environment, bucket and endpoint checks, addresses.
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <map>
#include <memory>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "blob/s3_address.hpp"
#include "blob/s3_store.hpp"
#include "simpleflow/blob_store.hpp"
#include "simpleflow/clock.hpp"
#include "simpleflow/json.hpp"
#include "support/python_server.hpp"
#include "support/raw_http.hpp"
#include "support/s3_servers.hpp"

namespace simpleflow {
namespace {

using ::testing::HasSubstr;
using testing::ChildServer;
using testing::PythonServer;
using testing::test_script;

constexpr const char* kBucket = "jumbo-fields";

// Bytes 0 to 255 once, then pseudo-random ones: every byte value, and no
// pattern that a bug could reproduce by chance.
std::string binary_payload(std::size_t size) {
  std::string out(size, '\0');
  std::mt19937 random(20261128);
  for (std::size_t i = 0; i < size; ++i) out[i] = static_cast<char>(i < 256 ? i : random() & 0xff);
  return out;
}

S3Options options_for(const testing::S3Server& server) {
  S3Options options;
  options.bucket = kBucket;
  options.endpoint = server.endpoint();
  options.credentials = server.key;
  options.max_retries = 1;
  return options;
}

std::unique_ptr<BlobStore> store_for(S3Options options) {
  auto store = make_s3_store(std::move(options));
  if (!store.ok()) throw std::runtime_error(store.status().message());
  return std::move(*store);
}

// The same behaviour on each real server; the parameter names it.
class RealS3Test : public ::testing::TestWithParam<std::string> {
 protected:
  static void TearDownTestSuite() { servers().clear(); }

  void SetUp() override {
    auto& slot = servers()[GetParam()];
    if (!slot) {
      try {
        slot = GetParam() == "moto" ? testing::start_moto_s3(kBucket) : testing::start_s3rver(kBucket);
      } catch (const std::exception& e) {
        FAIL() << GetParam() << " did not start (scripts/setup installs it): " << e.what();
      }
    }
    server_ = slot.get();
    store_ = store_for(options_for(*server_));
  }

  static std::map<std::string, std::unique_ptr<testing::S3Server>>& servers() {
    static std::map<std::string, std::unique_ptr<testing::S3Server>> all;
    return all;
  }

  testing::S3Server* server_ = nullptr;
  std::unique_ptr<BlobStore> store_;
};

TEST_P(RealS3Test, PutThenGetAndSize) {
  ASSERT_TRUE(store_->put("prefix/5d7191af", "{\"large\": true}").ok());
  auto back = store_->get("prefix/5d7191af");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, "{\"large\": true}");
  auto size = store_->size("prefix/5d7191af");
  ASSERT_TRUE(size.ok()) << size.status().message();
  EXPECT_EQ(*size, 15u);
  EXPECT_EQ(store_->describe("prefix/5d7191af"), "s3://jumbo-fields/prefix/5d7191af");
}

TEST_P(RealS3Test, PutReplacesTheObject) {
  ASSERT_TRUE(store_->put("replaced", "first, and longer").ok());
  ASSERT_TRUE(store_->put("replaced", "second").ok());
  EXPECT_EQ(store_->get("replaced").value(), "second");
  EXPECT_EQ(store_->size("replaced").value(), 6u);
}

TEST_P(RealS3Test, UnknownAccessKeyIsRefusedWithAClearError) {
  S3Options options = options_for(*server_);
  options.credentials->access_key_id = "AKIANOTAKEY";
  auto store = store_for(options);
  Status put = store->put("refused", "x");
  EXPECT_EQ(put.code(), StatusCode::kFailedPrecondition) << put.message();
  EXPECT_THAT(put.message(), HasSubstr("InvalidAccessKeyId"));
  EXPECT_THAT(put.message(), HasSubstr("s3://jumbo-fields/refused"));
  EXPECT_THAT(put.message(), HasSubstr("check the credentials (access key AKIANOTAKEY"));
  auto get = store->get("refused");
  EXPECT_EQ(get.status().code(), StatusCode::kFailedPrecondition) << get.status().message();
  auto size = store->size("refused");
  EXPECT_EQ(size.status().code(), StatusCode::kFailedPrecondition) << size.status().message();
}

TEST_P(RealS3Test, FiveMebibytesRoundTripByteForByte) {
  const std::string payload = binary_payload(5 * 1024 * 1024);
  ASSERT_EQ(payload.size(), 5'242'880u);
  Status put = store_->put("big/five-mib", payload);
  ASSERT_TRUE(put.ok()) << put.message();
  auto back = store_->get("big/five-mib");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(back->size(), payload.size());
  EXPECT_TRUE(*back == payload) << "the content differs";
  EXPECT_EQ(store_->size("big/five-mib").value(), 5'242'880u);
}

TEST_P(RealS3Test, MissingObjectIsNotFound) {
  auto get = store_->get("no/such/key");
  EXPECT_EQ(get.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(get.status().message(), HasSubstr("no object at s3://jumbo-fields/no/such/key"));
  EXPECT_THAT(get.status().message(), HasSubstr("NoSuchKey"));
  auto size = store_->size("no/such/key");
  EXPECT_EQ(size.status().code(), StatusCode::kNotFound) << size.status().message();
  EXPECT_THAT(size.status().message(), HasSubstr("s3://jumbo-fields/no/such/key"));
}

TEST_P(RealS3Test, MissingBucketIsAFailedPrecondition) {
  S3Options options = options_for(*server_);
  options.bucket = "no-such-bucket";
  Status put = store_for(options)->put("k", "x");
  EXPECT_EQ(put.code(), StatusCode::kFailedPrecondition) << put.message();
  EXPECT_THAT(put.message(), HasSubstr("NoSuchBucket"));
  EXPECT_THAT(put.message(), HasSubstr("check the bucket"));
}

TEST_P(RealS3Test, ServerSideEncryptionIsAccepted) {
  S3Options options = options_for(*server_);
  options.server_side_encryption = true;
  auto store = store_for(options);
  Status put = store->put("encrypted", "secret data");
  ASSERT_TRUE(put.ok()) << put.message();
  EXPECT_EQ(store->get("encrypted").value(), "secret data");
}

TEST_P(RealS3Test, Utf8AndBinaryContentIsIntact) {
  const std::string utf8 = "h\xc3\xa9llo \xe2\x9c\x93 \xf0\x9f\x98\x80 \xe6\x97\xa5\xe6\x9c\xac";
  const std::string binary = std::string("\0\x01\xff\xfe\r\n\r\n\x80", 9) + binary_payload(300);
  ASSERT_TRUE(store_->put("utf8", utf8).ok());
  ASSERT_TRUE(store_->put("binary", binary).ok());
  ASSERT_TRUE(store_->put("empty", "").ok());
  EXPECT_EQ(store_->get("utf8").value(), utf8);
  EXPECT_EQ(store_->get("binary").value(), binary);
  EXPECT_EQ(store_->get("empty").value(), "");
  EXPECT_EQ(store_->size("empty").value(), 0u);
}

// Keys that need encoding in a URL. moto 5.2.1 refuses the signature of any
// key with a byte encoded other than a space, even botocore's (its check
// re-encodes the path differently), so it gets the keys it can check;
// flaky_s3_server.py checks the others' signatures with botocore below.
TEST_P(RealS3Test, KeysWithSpacesAndUnicode) {
  std::vector<std::string> keys = {"with spaces/and more spaces.json", "deep/er/and/deeper/key~-_.json"};
  if (GetParam() != "moto")
    keys.insert(keys.end(), {"a b/\xc3\xbc+x", "\xe6\x97\xa5\xe6\x9c\xac/\xe3\x82\xad", "odd/chars!'()*,;=@$&%:.json"});
  for (const std::string& key : keys) {
    SCOPED_TRACE(key);
    Status put = store_->put(key, "content of " + key);
    ASSERT_TRUE(put.ok()) << put.message();
    auto back = store_->get(key);
    ASSERT_TRUE(back.ok()) << back.status().message();
    EXPECT_EQ(*back, "content of " + key);
    EXPECT_EQ(store_->size(key).value(), ("content of " + key).size());
  }
}

TEST_P(RealS3Test, ConcurrentCallsShareTheStore) {
  std::vector<std::thread> threads;
  std::vector<std::string> failures(6);
  for (int t = 0; t < 6; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 4; ++i) {
        std::string key = "concurrent/" + std::to_string(t) + "/" + std::to_string(i);
        std::string content(1000 + t * 100 + i, static_cast<char>('a' + t));
        if (Status s = store_->put(key, content); !s.ok()) failures[t] += s.message() + "\n";
        auto back = store_->get(key);
        if (!back.ok() || *back != content) failures[t] += "bad read of " + key + "\n";
      }
    });
  }
  for (auto& thread : threads) thread.join();
  for (const auto& failure : failures) EXPECT_EQ(failure, "");
}

INSTANTIATE_TEST_SUITE_P(Servers, RealS3Test, ::testing::Values("moto", "s3rver"),
                         [](const auto& info) { return info.param; });

// Servers that check signatures: s3rver 3.7.1 only checks that the access key
// id is known (lib/middleware/authentication.js: "Signature version 4
// calculation is unimplemented").
using SignatureCheckingS3Test = RealS3Test;

TEST_P(SignatureCheckingS3Test, WrongSecretIsRefusedWithAClearError) {
  S3Options options = options_for(*server_);
  options.credentials->secret_access_key = "not-the-secret";
  auto store = store_for(options);
  Status put = store->put("refused", "x");
  EXPECT_EQ(put.code(), StatusCode::kFailedPrecondition) << put.message();
  EXPECT_THAT(put.message(), HasSubstr("SignatureDoesNotMatch"));
  EXPECT_THAT(put.message(), HasSubstr("s3://jumbo-fields/refused"));
  EXPECT_THAT(put.message(), HasSubstr("check the credentials"));
  auto get = store->get("refused");
  EXPECT_EQ(get.status().code(), StatusCode::kFailedPrecondition) << get.status().message();
  EXPECT_THAT(get.status().message(), HasSubstr("SignatureDoesNotMatch"));
  // A HEAD's 403 has no body: the status alone says it.
  auto size = store->size("refused");
  EXPECT_EQ(size.status().code(), StatusCode::kFailedPrecondition) << size.status().message();
  EXPECT_THAT(size.status().message(), HasSubstr("403"));
}

INSTANTIATE_TEST_SUITE_P(Servers, SignatureCheckingS3Test, ::testing::Values("moto"),
                         [](const auto& info) { return info.param; });

// --- flaky_s3_server.py: retries, redirects, what is sent -------------------

swf::Credentials test_key() { return {"AKIDTEST", "secret", "", "the test"}; }

// What the flaky server received, oldest first.
Json received(const ChildServer& server) {
  testing::RawConnection connection(server.port());
  connection.send("GET /__log HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
  auto response = connection.read_response();
  if (!response || response->status != 200) throw std::runtime_error("no log from flaky_s3_server.py");
  return Json::parse(response->body);
}

class FlakyS3Test : public ::testing::Test {
 protected:
  std::unique_ptr<BlobStore> store(const PythonServer& server, S3Options options = {}) {
    options.bucket = kBucket;
    options.endpoint = server.endpoint();
    if (!options.credentials) options.credentials = test_key();
    options.clock = &clock_;
    return store_for(std::move(options));
  }
  static std::unique_ptr<PythonServer> flaky(std::vector<std::string> args = {}) {
    args.insert(args.begin(), test_script("tests/support/flaky_s3_server.py"));
    return std::make_unique<PythonServer>(std::move(args));
  }

  ManualClock clock_;
};

TEST_F(FlakyS3Test, RetriesSlowDownThenSucceeds) {
  auto server = flaky({"--fail", "2"});
  auto s3 = store(*server);
  Status put = s3->put("k", "value");
  ASSERT_TRUE(put.ok()) << put.message();
  EXPECT_EQ(received(*server).size(), 3u);  // 503, 503, 200
  // The backoff went through the clock (a zero wait has probability 2^-106).
  EXPECT_GT(clock_.now(), 0);
  EXPECT_EQ(s3->get("k").value(), "value");
}

TEST_F(FlakyS3Test, RetriesInternalErrors) {
  auto server = flaky({"--fail", "2", "--fail-status", "500", "--fail-code", "InternalError"});
  auto got = store(*server)->size("k");
  EXPECT_EQ(got.status().code(), StatusCode::kNotFound) << got.status().message();
  EXPECT_EQ(received(*server).size(), 3u);
}

TEST_F(FlakyS3Test, GivesUpWithUnavailableWhenRetriesRunOut) {
  auto server = flaky({"--fail", "100"});
  S3Options options;
  options.max_retries = 3;
  Status put = store(*server, options)->put("k", "value");
  EXPECT_EQ(put.code(), StatusCode::kUnavailable);
  EXPECT_THAT(put.message(), HasSubstr("s3://jumbo-fields/k"));
  EXPECT_THAT(put.message(), HasSubstr("after 4 attempts"));
  EXPECT_THAT(put.message(), HasSubstr("503 SlowDown: Please reduce your request rate."));
  EXPECT_EQ(received(*server).size(), 4u);
}

TEST_F(FlakyS3Test, ClientErrorsAreNotRetried) {
  auto server = flaky({"--fail", "5", "--fail-status", "400", "--fail-code", "InvalidRequest"});
  Status put = store(*server)->put("k", "value");
  EXPECT_EQ(put.code(), StatusCode::kFailedPrecondition);
  EXPECT_THAT(put.message(), HasSubstr("400 InvalidRequest"));
  EXPECT_EQ(received(*server).size(), 1u);
}

// A port on 127.0.0.1 that refuses connections: bound, never listening, so
// no other process can take it during the test.
class RefusingPort {
 public:
  RefusingPort() : fd_(socket(AF_INET, SOCK_STREAM, 0)) {
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t size = sizeof address;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&address), size) != 0 ||
        getsockname(fd_, reinterpret_cast<sockaddr*>(&address), &size) != 0)
      throw std::runtime_error("cannot bind a port on 127.0.0.1");
    port_ = ntohs(address.sin_port);
  }
  ~RefusingPort() { close(fd_); }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int fd_;
  int port_ = 0;
};

TEST_F(FlakyS3Test, NetworkFailuresAreRetriedThenUnavailable) {
  RefusingPort nobody;
  S3Options options;
  options.bucket = kBucket;
  options.endpoint = nobody.endpoint();
  options.max_retries = 2;
  options.clock = &clock_;
  auto got = store_for(options)->get("k");
  EXPECT_EQ(got.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(got.status().message(), HasSubstr("after 3 attempts"));
  EXPECT_THAT(got.status().message(), HasSubstr(nobody.endpoint()));
}

TEST_F(FlakyS3Test, FollowsTheBucketsRegionAfterA301) {
  auto server = flaky({"--region", "eu-west-3"});
  auto s3 = store(*server);  // signs for us-east-1 at first
  Status put = s3->put("k", "value");
  ASSERT_TRUE(put.ok()) << put.message();
  EXPECT_EQ(s3->get("k").value(), "value");
  Json log = received(*server);
  ASSERT_EQ(log.size(), 3u);
  EXPECT_EQ(log[0]["signed_region"], "us-east-1");  // answered 301 + x-amz-bucket-region
  EXPECT_EQ(log[1]["signed_region"], "eu-west-3");
  EXPECT_EQ(log[2]["signed_region"], "eu-west-3");  // remembered
}

TEST_F(FlakyS3Test, FollowsTheBucketsRegionAfterAuthorizationHeaderMalformed) {
  auto server = flaky({"--region", "ap-south-1", "--redirect-status", "400"});
  auto s3 = store(*server);
  Status put = s3->put("k", "value");
  ASSERT_TRUE(put.ok()) << put.message();
  EXPECT_EQ(s3->size("k").value(), 5u);
  EXPECT_EQ(received(*server).size(), 3u);
}

TEST_F(FlakyS3Test, SendsSignedHeadersAsS3WantsThem) {
  auto server = flaky();
  S3Options options;
  options.server_side_encryption = true;
  options.region = "eu-west-1";
  ASSERT_TRUE(store(*server, options)->put("dir/a b+c", std::string(200'000, 'x')).ok());
  const Json request = received(*server).at(0);
  EXPECT_EQ(request["method"], "PUT");
  EXPECT_EQ(request["path"], "/jumbo-fields/dir/a%20b%2Bc");
  EXPECT_EQ(request["body_size"], 200'000);
  const Json& headers = request["headers"];
  EXPECT_EQ(headers["content-type"], "text/plain; charset=utf-8");
  EXPECT_EQ(headers["x-amz-server-side-encryption"], "AES256");
  EXPECT_EQ(headers["x-amz-content-sha256"].get<std::string>().size(), 64u);
  EXPECT_FALSE(headers.contains("expect"));
  std::string authorization = headers["authorization"];
  EXPECT_THAT(authorization, HasSubstr("Credential=AKIDTEST/"));
  EXPECT_THAT(authorization, HasSubstr("/eu-west-1/s3/aws4_request"));
  EXPECT_THAT(authorization, HasSubstr("x-amz-server-side-encryption"));
}

// flaky_s3_server.py --key re-signs each request with botocore and refuses
// any difference: keys needing encoding, session tokens, SSE, HEAD.
TEST_F(FlakyS3Test, SignaturesAreBotocoresForKeysNeedingEncoding) {
  auto server = flaky({"--key", "AKIDTEST:secret"});
  S3Options options;
  options.server_side_encryption = true;
  auto s3 = store(*server, options);
  for (const std::string key : {"a b/\xc3\xbc+x", "\xe6\x97\xa5\xe6\x9c\xac/\xe3\x82\xad",
                                "odd/chars!'()*,;=@$&%:~.json", "with spaces"}) {
    SCOPED_TRACE(key);
    Status put = s3->put(key, "content of " + key);
    ASSERT_TRUE(put.ok()) << put.message();
    EXPECT_EQ(s3->get(key).value(), "content of " + key);
    EXPECT_EQ(s3->size(key).value(), ("content of " + key).size());
  }
  S3Options temporary;
  temporary.credentials = swf::Credentials{"AKIDTEST", "secret", "session/token==", "the test"};
  ASSERT_TRUE(store(*server, temporary)->put("with token", "x").ok());
  S3Options wrong;
  wrong.credentials = swf::Credentials{"AKIDTEST", "wrong", "", "the test"};
  EXPECT_THAT(store(*server, wrong)->put("k", "x").message(), HasSubstr("SignatureDoesNotMatch"));
}

TEST_F(FlakyS3Test, WithoutCredentialsRequestsGoUnsignedButHashed) {
  auto server = flaky();
  S3Options options;
  options.bucket = kBucket;
  options.endpoint = server->endpoint();
  ASSERT_TRUE(store_for(options)->put("k", "v").ok());
  const Json log = received(*server);
  const Json& headers = log.at(0)["headers"];
  EXPECT_FALSE(headers.contains("authorization"));
  EXPECT_EQ(headers["x-amz-content-sha256"], "4c94485e0c21ae6c41ce1dfe7b6bfaceea5ab68e40a2476f50208e526f506080");
}

// --- s3_options_from_environment ------------------------------------------

StatusOr<S3Options> from(std::map<std::string, std::string> variables) {
  return s3_options_from_environment(kBucket, swf::Environment::from_map(std::move(variables)));
}

TEST(S3OptionsTest, Defaults) {
  auto options = from({});
  ASSERT_TRUE(options.ok()) << options.status().message();
  EXPECT_EQ(options->bucket, kBucket);
  EXPECT_EQ(options->endpoint, "");
  EXPECT_EQ(options->region, "us-east-1");
  EXPECT_EQ(options->addressing, S3Addressing::kAuto);
  EXPECT_FALSE(options->server_side_encryption);
  EXPECT_FALSE(options->credentials);
}

TEST(S3OptionsTest, RegionAndCredentialsAsForSwf) {
  auto options = from({{"AWS_DEFAULT_REGION", "eu-west-3"},
                       {"AWS_ACCESS_KEY_ID", "AKID"},
                       {"AWS_SECRET_ACCESS_KEY", "secret"},
                       {"AWS_SESSION_TOKEN", "token"}});
  ASSERT_TRUE(options.ok()) << options.status().message();
  EXPECT_EQ(options->region, "eu-west-3");
  ASSERT_TRUE(options->credentials);
  EXPECT_EQ(options->credentials->access_key_id, "AKID");
  EXPECT_EQ(options->credentials->session_token, "token");
  EXPECT_EQ(from({{"AWS_REGION", "bad region"}}).status().code(), StatusCode::kInvalidArgument);
}

TEST(S3OptionsTest, EndpointPrecedence) {
  std::map<std::string, std::string> all = {{"AWS_ENDPOINT_URL_S3", "http://127.0.0.1:1"},
                                            {"AWS_ENDPOINT_URL", "http://127.0.0.1:2"},
                                            {"SIMPLEFLOW_S3_HOST", "s3.example.com"}};
  EXPECT_EQ(from(all)->endpoint, "http://127.0.0.1:1");
  all.erase("AWS_ENDPOINT_URL_S3");
  EXPECT_EQ(from(all)->endpoint, "http://127.0.0.1:2");
  all.erase("AWS_ENDPOINT_URL");
  EXPECT_EQ(from(all)->endpoint, "https://s3.example.com");
  EXPECT_EQ(from({{"SIMPLEFLOW_S3_HOST", "http://127.0.0.1:3"}})->endpoint, "http://127.0.0.1:3");
}

TEST(S3OptionsTest, MalformedEndpointNamesTheVariable) {
  auto options = from({{"AWS_ENDPOINT_URL_S3", "ftp://nowhere"}, {"AWS_ENDPOINT_URL", "http://fine"}});
  EXPECT_EQ(options.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(options.status().message(), HasSubstr("AWS_ENDPOINT_URL_S3"));
  EXPECT_THAT(from({{"SIMPLEFLOW_S3_HOST", "bad host"}}).status().message(), HasSubstr("SIMPLEFLOW_S3_HOST"));
}

TEST(S3OptionsTest, ServerSideEncryption) {
  for (const char* yes : {"1", "true", "TRUE", "yes", "on"})
    EXPECT_TRUE(from({{"SIMPLEFLOW_S3_SSE", yes}})->server_side_encryption) << yes;
  for (const char* no : {"0", "false", "No", "off"})
    EXPECT_FALSE(from({{"SIMPLEFLOW_S3_SSE", no}})->server_side_encryption) << no;
  auto bad = from({{"SIMPLEFLOW_S3_SSE", "maybe"}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("SIMPLEFLOW_S3_SSE"));
  EXPECT_THAT(bad.status().message(), HasSubstr("maybe"));
}

TEST(S3OptionsTest, AddressingStyle) {
  EXPECT_EQ(from({{"SIMPLEFLOW_S3_ADDRESSING_STYLE", "auto"}})->addressing, S3Addressing::kAuto);
  EXPECT_EQ(from({{"SIMPLEFLOW_S3_ADDRESSING_STYLE", "path"}})->addressing, S3Addressing::kPath);
  EXPECT_EQ(from({{"SIMPLEFLOW_S3_ADDRESSING_STYLE", "virtual"}})->addressing, S3Addressing::kVirtualHost);
  auto bad = from({{"SIMPLEFLOW_S3_ADDRESSING_STYLE", "dns"}});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(bad.status().message(), HasSubstr("SIMPLEFLOW_S3_ADDRESSING_STYLE"));
  EXPECT_THAT(bad.status().message(), HasSubstr("\"dns\""));
}

// --- make_s3_store's checks, addresses, error bodies ----------------------

S3Options named(std::string bucket, std::string endpoint = "", S3Addressing addressing = S3Addressing::kAuto) {
  S3Options options;
  options.bucket = std::move(bucket);
  options.endpoint = std::move(endpoint);
  options.addressing = addressing;
  return options;
}

TEST(MakeS3StoreTest, RefusesBucketNamesS3CannotHave) {
  for (const char* bucket : {"ab", "-starts-with-hyphen", "ends-with-hyphen-", "two..dots", "192.168.1.10",
                             "Upper_Case", "has space", "\xc3\xbc-bucket"}) {
    auto store = make_s3_store(named(bucket));
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument) << bucket;
  }
  EXPECT_EQ(make_s3_store(named(std::string(64, 'a'))).status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(make_s3_store(named(std::string(63, 'a'))).ok());
  EXPECT_TRUE(make_s3_store(named("my.dotted-bucket.1")).ok());
  // Other servers take more, in a path.
  EXPECT_TRUE(make_s3_store(named("Upper_Case", "http://127.0.0.1:9000")).ok());
  EXPECT_TRUE(make_s3_store(named("Upper_Case", "", S3Addressing::kPath)).ok());
  EXPECT_EQ(make_s3_store(named("Upper_Case", "http://127.0.0.1:9000", S3Addressing::kVirtualHost)).status().code(),
            StatusCode::kInvalidArgument);
}

TEST(MakeS3StoreTest, RefusesMalformedEndpointsAndRegions) {
  for (const char* endpoint : {"127.0.0.1:9000", "ftp://host", "http://", "http://host:port", "http://h/?q"}) {
    auto store = make_s3_store(named("bucket", endpoint));
    EXPECT_EQ(store.status().code(), StatusCode::kInvalidArgument) << endpoint;
  }
  S3Options options = named("bucket");
  options.region = "EU WEST";
  EXPECT_EQ(make_s3_store(options).status().code(), StatusCode::kInvalidArgument);
}

TEST(S3AddressTest, VirtualHostOnAwsPathElsewhere) {
  using namespace blob::internal;
  Endpoint aws = parse_endpoint(aws_endpoint("eu-west-1"), "test").value();
  EXPECT_EQ(aws.authority, "s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(aws_endpoint("cn-north-1"), "https://s3.cn-north-1.amazonaws.com.cn");
  auto virtual_host = object_address(aws, resolve_addressing(S3Addressing::kAuto, aws, "bucket"), "bucket", "a b/c");
  EXPECT_EQ(virtual_host.url, "https://bucket.s3.eu-west-1.amazonaws.com/a%20b/c");
  EXPECT_EQ(virtual_host.host, "bucket.s3.eu-west-1.amazonaws.com");
  EXPECT_EQ(virtual_host.path, "/a%20b/c");
  // Dots would break the TLS certificate's wildcard.
  EXPECT_EQ(resolve_addressing(S3Addressing::kAuto, aws, "my.bucket"), S3Addressing::kPath);
  EXPECT_EQ(object_address(aws, S3Addressing::kPath, "my.bucket", "k").url,
            "https://s3.eu-west-1.amazonaws.com/my.bucket/k");

  Endpoint local = parse_endpoint("http://127.0.0.1:9000/", "test").value();
  EXPECT_EQ(resolve_addressing(S3Addressing::kAuto, local, "bucket"), S3Addressing::kPath);
  EXPECT_EQ(object_address(local, S3Addressing::kPath, "bucket", "\xc3\xbc+x").url,
            "http://127.0.0.1:9000/bucket/%C3%BC%2Bx");
  EXPECT_EQ(resolve_addressing(S3Addressing::kVirtualHost, local, "bucket"), S3Addressing::kVirtualHost);

  Endpoint proxy = parse_endpoint("https://proxy.example.com:443/s3", "test").value();
  EXPECT_EQ(proxy.authority, "proxy.example.com");  // the default port is not sent
  EXPECT_EQ(object_address(proxy, S3Addressing::kPath, "b", "k").url, "https://proxy.example.com/s3/b/k");
}

TEST(S3ErrorTest, ParsesS3sErrorBody) {
  auto error = blob::internal::parse_s3_error(
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<Error><Code>NoSuchKey</Code><Message>The key &quot;a&amp;b&quot; "
      "does not exist.</Message><Key>a&amp;b</Key></Error>");
  EXPECT_EQ(error.code, "NoSuchKey");
  EXPECT_EQ(error.message, "The key \"a&b\" does not exist.");
  EXPECT_EQ(blob::internal::parse_s3_error("").code, "");
}

}  // namespace
}  // namespace simpleflow
