// The HTTP client, through make_client(), against local Python servers:
// flaky_server.py (errors, then success; stalls; a log of every request),
// verify_sigv4.py (botocore re-signs the captured requests) and moto.
//
// Every server listens on 127.0.0.1 on a port it picks, and is stopped by
// PythonServer's destructor. Backoff and throttling wait on a ManualClock,
// so no test waits for them; only the timeout tests take real time (~1 s).
#include <arpa/inet.h>
#include <signal.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <cerrno>
#include <cmath>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "simpleflow/clock.hpp"
#include "simpleflow/json.hpp"
#include "simpleflow/swf/config.hpp"
#include "support/command.hpp"
#include "support/python_server.hpp"
#include "swf_client/swf_client_test_support.hpp"

namespace simpleflow::swf {
namespace {

using ::testing::AllOf;
using ::testing::Contains;
using ::testing::HasSubstr;
using ::testing::Not;
using ::testing::StartsWith;
using simpleflow::testing::PythonServer;
using simpleflow::testing::python3;
using simpleflow::testing::run_command;
using simpleflow::testing::test_script;
using testing::TempDir;

// A ManualClock that also records every wait, in order.
class RecordingClock final : public Clock {
 public:
  double now() const override { return clock_.now(); }
  void sleep_for(double seconds) const override {
    if (seconds > 0) {
      std::lock_guard lock(mutex_);
      waits_.push_back(seconds);
    }
    clock_.sleep_for(seconds);
  }
  std::vector<double> waits() const {
    std::lock_guard lock(mutex_);
    return waits_;
  }

 private:
  ManualClock clock_{1'700'000'000};
  mutable std::mutex mutex_;
  mutable std::vector<double> waits_;
};

// flaky_server.py with a request log in a temporary directory.
struct FlakyServer {
  explicit FlakyServer(std::vector<std::string> args = {})
      : log(dir.str() + "/requests.jsonl"), server([&] {
          std::vector<std::string> argv{test_script("tests/swf_client/flaky_server.py"), "--log", log};
          argv.insert(argv.end(), args.begin(), args.end());
          return argv;
        }()) {}

  // The requests received so far, one JSON object each.
  std::vector<Json> requests() const {
    std::vector<Json> out;
    std::istringstream lines(testing::read_file(log));
    for (std::string line; std::getline(lines, line);)
      if (!line.empty()) out.push_back(Json::parse(line));
    return out;
  }

  TempDir dir;
  std::string log;
  PythonServer server;
};

ClientConfig config_for(const std::string& endpoint, const Clock* clock) {
  ClientConfig config;
  config.backend = Backend::kEndpoint;
  config.endpoint = endpoint;
  config.region = "us-east-1";
  config.clock = clock;
  // Short enough that a broken test fails rather than hangs.
  config.connect_timeout = 5;
  config.call_timeout = 20;
  config.poll_timeout = 20;
  return config;
}

std::shared_ptr<SwfClient> client_for(const ClientConfig& config) {
  auto client = make_client(config);
  if (!client.ok()) throw std::runtime_error(client.status().message());
  return *client;
}

// The value of header `name` (any case) in a logged request, or "".
std::string header(const Json& request, const std::string& name) {
  auto lower = [](std::string s) {
    for (char& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return s;
  };
  for (const auto& pair : request["headers"])
    if (lower(pair[0].get<std::string>()) == lower(name)) return pair[1].get<std::string>();
  return "";
}

// A port on 127.0.0.1 that refuses connections: bound, never listening, so
// nothing else can take it while the test runs.
class RefusingPort {
 public:
  RefusingPort() {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    if (fd_ < 0 || bind(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0)
      throw std::runtime_error("cannot bind a port");
    socklen_t size = sizeof addr;
    getsockname(fd_, reinterpret_cast<sockaddr*>(&addr), &size);
    port_ = ntohs(addr.sin_port);
  }
  ~RefusingPort() { close(fd_); }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 protected:
  int fd_ = -1;
  int port_ = 0;
};

// A port on 127.0.0.1 where connecting hangs: a listener whose accept queue
// is full, so that the kernel drops new connection requests.
class BlackHolePort : public RefusingPort {
 public:
  BlackHolePort() {
    listen(fd_, 0);
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = htons(static_cast<uint16_t>(port_));
    for (int i = 0; i < 3; ++i) {
      int fd = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK, 0);
      connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr);
      fillers_.push_back(fd);
    }
  }
  ~BlackHolePort() {
    for (int fd : fillers_) close(fd);
  }

 private:
  std::vector<int> fillers_;
};

// ---- PythonServer (tests/support) ------------------------------------------------

TEST(PythonServerTest, StartsAndStopsAServer) {
  pid_t pid = 0;
  {
    FlakyServer flaky;
    pid = flaky.server.pid();
    EXPECT_GT(flaky.server.port(), 0);
    EXPECT_EQ(flaky.server.endpoint(), "http://127.0.0.1:" + std::to_string(flaky.server.port()));
    EXPECT_EQ(kill(pid, 0), 0);
  }
  // Stopped and reaped by the destructor.
  EXPECT_EQ(kill(pid, 0), -1);
  EXPECT_EQ(errno, ESRCH);
}

TEST(PythonServerTest, ProgramThatPrintsNoPortIsAnError) {
  try {
    PythonServer server({"-c", "import sys; sys.exit(3)"});
    ADD_FAILURE() << "started";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), AllOf(HasSubstr("did not print its port"), HasSubstr("exit status 3")));
  }
  try {
    PythonServer server({"-c", "print('listening on 8080', flush=True)"});
    ADD_FAILURE() << "started";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("\"listening on 8080\" instead of its port"));
  }
}

TEST(PythonServerTest, FurtherLinesOfOutput) {
  PythonServer server({"-c", "import time; print(1234); print('second line', flush=True); time.sleep(60)"});
  EXPECT_EQ(server.port(), 1234);
  EXPECT_EQ(server.read_line(), "second line");
  EXPECT_THROW(server.read_line(0.05), std::runtime_error);  // nothing more
  server.stop();
  EXPECT_THROW(server.read_line(), std::runtime_error);
}

// ---- Retries ------------------------------------------------------------------

// Checks that the waits were the backoff's: one per retry, each within
// [0, base * 2^retry].
void expect_backoff(const std::vector<double>& waits, std::size_t retries, double base) {
  ASSERT_EQ(waits.size(), retries);
  for (std::size_t i = 0; i < waits.size(); ++i) {
    EXPECT_GE(waits[i], 0) << "retry " << i;
    EXPECT_LE(waits[i], base * std::ldexp(1.0, static_cast<int>(i))) << "retry " << i;
  }
}

TEST(HttpRetryTest, ThrottlingRetriedWithGrowingBackoffThenSucceeds) {
  FlakyServer flaky({"--failures", "8", "--error", "throttling"});
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.max_retries = 8;
  config.retry_base_delay = 1;
  config.retry_max_delay = 1000;
  auto client = client_for(config);

  auto domains = client->list_domains({});
  ASSERT_TRUE(domains.ok()) << domains.error().describe();
  ASSERT_EQ(domains->domains.size(), 1u);
  EXPECT_EQ(domains->domains[0].name, "flaky");
  EXPECT_EQ(flaky.requests().size(), 9u);

  auto waits = clock.waits();
  expect_backoff(waits, 8, 1);
  // The ceilings double (1, 2, 4, ... 128 s): with full jitter some later wait
  // exceeds the first ceiling, unless all 7 later draws fell below it
  // (probability 2^-28).
  EXPECT_GT(*std::max_element(waits.begin() + 1, waits.end()), 1.0);
  double total = 0;
  for (double w : waits) total += w;
  EXPECT_NEAR(clock.now() - 1'700'000'000, total, 1e-6);
}

TEST(HttpRetryTest, ServiceUnavailableRetriedThenSucceeds) {
  FlakyServer flaky({"--failures", "2", "--error", "unavailable"});
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.max_retries = 5;
  auto client = client_for(config);
  auto run = client->start_workflow_execution({.domain = "d", .workflow_id = "w", .type = {"t", "1"}});
  ASSERT_TRUE(run.ok()) << run.error().describe();
  EXPECT_EQ(*run, "run-1");
  expect_backoff(clock.waits(), 2, config.retry_base_delay);
  auto requests = flaky.requests();
  ASSERT_EQ(requests.size(), 3u);
  // The same request each time.
  EXPECT_EQ(requests[0]["body"], requests[2]["body"]);
  EXPECT_EQ(requests[2]["operation"], "StartWorkflowExecution");
}

TEST(HttpRetryTest, ThrottlingBeyondMaxRetriesFails) {
  FlakyServer flaky({"--failures", "100", "--error", "throttling"});
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.max_retries = 3;
  auto client = client_for(config);
  auto domains = client->list_domains({});
  ASSERT_FALSE(domains.ok());
  const CallError& e = domains.error();
  EXPECT_EQ(e.kind, ErrorKind::kThrottling);
  EXPECT_EQ(e.code, "ThrottlingException");
  EXPECT_EQ(e.message, "Rate exceeded");
  EXPECT_EQ(e.http_status, 400);
  EXPECT_EQ(e.attempts, 4);
  EXPECT_EQ(e.operation, "ListDomains");
  EXPECT_EQ(e.endpoint, flaky.server.endpoint());
  EXPECT_EQ(e.describe(), "SWF ListDomains at " + flaky.server.endpoint() +
                              " failed: ThrottlingException (HTTP 400): Rate exceeded (after 4 attempts)");
  EXPECT_EQ(flaky.requests().size(), 4u);
  expect_backoff(clock.waits(), 3, config.retry_base_delay);
}

TEST(HttpRetryTest, ServiceErrorsBeyondMaxRetriesFail) {
  FlakyServer flaky({"--failures", "100", "--error", "unavailable"});
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.max_retries = 2;
  auto client = client_for(config);
  auto detail = client->describe_domain("flaky");
  ASSERT_FALSE(detail.ok());
  const CallError& e = detail.error();
  EXPECT_EQ(e.kind, ErrorKind::kService);
  EXPECT_EQ(e.code, "HTTP 503");
  EXPECT_EQ(e.http_status, 503);
  EXPECT_EQ(e.attempts, 3);
  EXPECT_THAT(e.message, HasSubstr("503 Service Unavailable"));
  EXPECT_THAT(e.describe(), AllOf(StartsWith("SWF DescribeDomain at " + flaky.server.endpoint() + " failed: HTTP 503"),
                                  HasSubstr("(after 3 attempts)")));
  EXPECT_EQ(flaky.requests().size(), 3u);
  EXPECT_EQ(clock.waits().size(), 2u);
}

TEST(HttpRetryTest, NoRetriesWhenMaxRetriesIsZero) {
  FlakyServer flaky({"--failures", "1", "--error", "throttling"});
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.max_retries = 0;
  auto client = client_for(config);
  auto first = client->list_domains({});
  ASSERT_FALSE(first.ok());
  EXPECT_EQ(first.error().attempts, 1);
  EXPECT_THAT(first.error().describe(), Not(HasSubstr("attempts")));
  EXPECT_TRUE(clock.waits().empty());
  EXPECT_TRUE(client->list_domains({}).ok());  // the server's one failure is spent
}

TEST(HttpRetryTest, ModelledFaultNotRetried) {
  FlakyServer flaky({"--failures", "100", "--error", "unknown-resource"});
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.max_retries = 5;
  auto client = client_for(config);
  auto detail = client->describe_domain("flaky");
  ASSERT_FALSE(detail.ok());
  EXPECT_EQ(detail.error().kind, ErrorKind::kUnknownResource);
  EXPECT_EQ(detail.error().code, "UnknownResourceFault");
  EXPECT_EQ(detail.error().message, "Unknown domain: flaky");
  EXPECT_EQ(detail.error().attempts, 1);
  EXPECT_EQ(flaky.requests().size(), 1u);
  EXPECT_TRUE(clock.waits().empty());
}

TEST(HttpRetryTest, RefusedConnectionIsNetworkErrorAndRetried) {
  RefusingPort port;
  RecordingClock clock;
  ClientConfig config = config_for(port.endpoint(), &clock);
  config.max_retries = 2;
  auto client = client_for(config);
  auto domains = client->list_domains({});
  ASSERT_FALSE(domains.ok());
  const CallError& e = domains.error();
  EXPECT_EQ(e.kind, ErrorKind::kNetwork);
  EXPECT_TRUE(e.retryable());
  EXPECT_EQ(e.http_status, 0);
  EXPECT_EQ(e.attempts, 3);
  EXPECT_FALSE(e.code.empty());
  EXPECT_THAT(e.describe(), AllOf(HasSubstr("ListDomains at " + port.endpoint()), HasSubstr("(after 3 attempts)"),
                                  Not(HasSubstr("HTTP"))));
  expect_backoff(clock.waits(), 2, config.retry_base_delay);
}

// ---- Timeouts -------------------------------------------------------------------

TEST(HttpTimeoutTest, LongPollThatTimesOutIsAnEmptyTask) {
  FlakyServer flaky({"--stall", "PollForActivityTask,PollForDecisionTask"});
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.poll_timeout = 1;
  auto client = client_for(config);
  auto task = client->poll_for_activity_task({.domain = "d", .task_list = "l"});
  ASSERT_TRUE(task.ok()) << task.error().describe();
  EXPECT_TRUE(task->empty());
  EXPECT_EQ(flaky.requests().size(), 1u);  // not retried
  EXPECT_TRUE(clock.waits().empty());
  // The connection is usable afterwards.
  EXPECT_TRUE(client->list_domains({}).ok());
}

TEST(HttpTimeoutTest, StalledCallIsANetworkError) {
  FlakyServer flaky({"--stall", "DescribeDomain"});
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.call_timeout = 1;
  config.max_retries = 0;
  auto client = client_for(config);
  auto detail = client->describe_domain("d");
  ASSERT_FALSE(detail.ok());
  EXPECT_EQ(detail.error().kind, ErrorKind::kNetwork);
  EXPECT_EQ(detail.error().http_status, 0);
  EXPECT_THAT(detail.error().describe(), HasSubstr("DescribeDomain at " + flaky.server.endpoint()));
}

TEST(HttpTimeoutTest, ConnectTimeoutIsANetworkError) {
  BlackHolePort port;
  ClientConfig config = config_for(port.endpoint(), nullptr);
  config.connect_timeout = 1;
  config.max_retries = 0;
  auto client = client_for(config);
  auto domains = client->list_domains({});
  ASSERT_FALSE(domains.ok());
  EXPECT_EQ(domains.error().kind, ErrorKind::kNetwork);
}

// A long poll that cannot even connect is not "a long poll that ended with
// no task": the endpoint is unreachable, and pollers must hear of it.
TEST(HttpTimeoutTest, LongPollThatCannotConnectIsANetworkError) {
  BlackHolePort port;
  ClientConfig config = config_for(port.endpoint(), nullptr);
  config.connect_timeout = 1;
  config.max_retries = 0;
  auto client = client_for(config);
  auto task = client->poll_for_activity_task({.domain = "d", .task_list = "l"});
  ASSERT_FALSE(task.ok()) << "an unreachable endpoint gave an empty task";
  EXPECT_EQ(task.error().kind, ErrorKind::kNetwork);
}

// ---- Throttling and concurrency --------------------------------------------------

TEST(HttpThrottleTest, ThrottleWaitsOnTheClockWhenOn) {
  FlakyServer flaky;
  RecordingClock clock;
  ClientConfig config = config_for(flaky.server.endpoint(), &clock);
  config.throttle = true;
  auto client = client_for(config);
  // ListClosedWorkflowExecutions: a burst of 200, then 6 a second.
  for (int i = 0; i < 201; ++i) ASSERT_TRUE(client->send("ListClosedWorkflowExecutions", "{}").ok()) << i;
  auto waits = clock.waits();
  ASSERT_EQ(waits.size(), 1u);
  EXPECT_NEAR(waits[0], 1.0 / 6, 1e-9);
}

TEST(HttpThrottleTest, NoThrottleWhenOff) {
  FlakyServer flaky;
  RecordingClock clock;
  auto client = client_for(config_for(flaky.server.endpoint(), &clock));
  for (int i = 0; i < 201; ++i) ASSERT_TRUE(client->send("ListClosedWorkflowExecutions", "{}").ok()) << i;
  EXPECT_TRUE(clock.waits().empty());
  EXPECT_EQ(flaky.requests().size(), 201u);
}

TEST(HttpClientTest, ConcurrentCallsFromManyThreads) {
  FlakyServer flaky;
  auto client = client_for(config_for(flaky.server.endpoint(), nullptr));
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < 4; ++t)
    threads.emplace_back([&] {
      for (int i = 0; i < 25; ++i) {
        auto domains = client->list_domains({});
        if (!domains.ok() || domains->domains.size() != 1) ++failures;
      }
    });
  for (auto& thread : threads) thread.join();
  EXPECT_EQ(failures.load(), 0);
  EXPECT_EQ(flaky.requests().size(), 100u);
}

TEST(HttpClientTest, RequestsAreAwsJson10Posts) {
  FlakyServer flaky;
  auto client = client_for(config_for(flaky.server.endpoint(), nullptr));
  ASSERT_TRUE(client->describe_domain("prod").ok());
  auto requests = flaky.requests();
  ASSERT_EQ(requests.size(), 1u);
  const Json& r = requests[0];
  EXPECT_EQ(r["method"], "POST");
  EXPECT_EQ(r["path"], "/");
  EXPECT_EQ(header(r, "X-Amz-Target"), "SimpleWorkflowService.DescribeDomain");
  EXPECT_EQ(header(r, "Content-Type"), "application/x-amz-json-1.0");
  EXPECT_THAT(header(r, "User-Agent"), StartsWith("simpleflow-cpp/"));
  EXPECT_EQ(r["body"], R"({"name":"prod"})");
  // No credentials: unsigned.
  EXPECT_EQ(header(r, "Authorization"), "");
  EXPECT_EQ(header(r, "X-Amz-Security-Token"), "");
}

// client.hpp: send() returns "{}" for operations that return nothing. moto
// (and, per botocore's parser, AWS JSON services in general) may answer
// those with an empty body: today HttpSwfClient passes that on as is, and
// call() then reports kBadResponse.
TEST(HttpClientTest, EmptySuccessBodyIsAnEmptyObject) {
  FlakyServer flaky({"--empty-body"});
  auto client = client_for(config_for(flaky.server.endpoint(), nullptr));
  auto sent = client->send("DeprecateDomain", R"({"name":"d"})");
  ASSERT_TRUE(sent.ok()) << sent.error().describe();
  EXPECT_EQ(*sent, "{}");
  auto deprecated = client->deprecate_domain("d");
  EXPECT_TRUE(deprecated.ok()) << deprecated.error().describe();
  auto completed = client->respond_activity_task_completed("t", "42");
  EXPECT_TRUE(completed.ok()) << completed.error().describe();
}

// ---- SigV4 ----------------------------------------------------------------------

// Makes calls of several shapes: small and large bodies (large ones make curl
// send "Expect: 100-continue"), non-ASCII text, long polls.
void call_a_few_operations(SwfClient& client) {
  ASSERT_TRUE(client.list_domains({}).ok());
  ASSERT_TRUE(client.register_domain({.name = "d", .description = "caf\xc3\xa9 \xe2\x98\x95 \"quoted\" a/b?c=d&e"}).ok());
  ASSERT_TRUE(client
                  .start_workflow_execution({.domain = "d",
                                             .workflow_id = "w",
                                             .type = {"t", "1"},
                                             .input = "[\"" + std::string(5000, 'x') + "\"]"})
                  .ok());
  ASSERT_TRUE(client.poll_for_decision_task({.domain = "d", .task_list = "l", .identity = R"({"pid":1})"}).ok());
  ASSERT_TRUE(client
                  .respond_decision_task_completed(
                      {.task_token = "t", .decisions = {Json{{"decisionType", "CompleteWorkflowExecution"}}}})
                  .ok());
}

struct SigV4Case {
  const char* name;
  std::string session_token;
};

class HttpSigV4Test : public ::testing::TestWithParam<SigV4Case> {};

TEST_P(HttpSigV4Test, SignaturesMatchBotocore) {
  const std::string key = "AKIDEXAMPLE";
  const std::string secret = "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY";
  const std::string& token = GetParam().session_token;
  FlakyServer capture;
  ClientConfig config = config_for(capture.server.endpoint(), nullptr);
  config.region = "eu-west-1";
  config.credentials = Credentials{key, secret, token, "test"};
  auto client = client_for(config);
  call_a_few_operations(*client);

  auto requests = capture.requests();
  ASSERT_EQ(requests.size(), 5u);
  for (const auto& r : requests) {
    SCOPED_TRACE(r["operation"].get<std::string>());
    EXPECT_THAT(header(r, "Authorization"),
                StartsWith("AWS4-HMAC-SHA256 Credential=" + key + "/"));
    EXPECT_THAT(header(r, "Authorization"), HasSubstr("/eu-west-1/swf/aws4_request"));
    EXPECT_EQ(header(r, "X-Amz-Date").size(), 16u);
    EXPECT_EQ(header(r, "X-Amz-Security-Token"), token);
    if (!token.empty()) {
      EXPECT_THAT(header(r, "Authorization"), HasSubstr("x-amz-security-token"));
    }
  }

  std::vector<std::string> verify = {python3(), test_script("tests/swf_client/verify_sigv4.py"), capture.log,
                                     "--region", "eu-west-1", "--access-key", key, "--secret", secret};
  if (!token.empty()) verify.insert(verify.end(), {"--token", token});
  auto result = run_command(verify);
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(std::count(result.out.begin(), result.out.end(), '\n'), 5) << result.out;

  // The check can fail: the same requests with a wrong secret ...
  auto wrong_secret = verify;
  wrong_secret[8] = secret + "x";
  auto refused = run_command(wrong_secret);
  EXPECT_EQ(refused.exit_code, 1) << refused.out << refused.err;
  EXPECT_THAT(refused.out, HasSubstr("signature mismatch"));

  // ... or with one body changed by a byte after signing.
  std::string tampered_log;
  for (std::size_t i = 0; i < requests.size(); ++i) {
    Json r = requests[i];
    if (i == 1) r["body"] = r["body"].get<std::string>() + " ";
    tampered_log += r.dump() + "\n";
  }
  auto tampered = verify;
  tampered[2] = capture.dir.write("tampered.jsonl", tampered_log);
  auto caught = run_command(tampered);
  EXPECT_EQ(caught.exit_code, 1) << caught.out << caught.err;
  EXPECT_THAT(caught.out, HasSubstr("2 RegisterDomain: FAILED"));
  EXPECT_THAT(caught.out, HasSubstr("1 ListDomains: OK"));
}

INSTANTIATE_TEST_SUITE_P(Credentials, HttpSigV4Test,
                         ::testing::Values(SigV4Case{"LongTermKeys", ""},
                                           SigV4Case{"SessionToken",
                                                     "FwoGZXIvYXdzEBYaDEXAMPLETOKEN+/=" + std::string(400, 'T')}),
                         [](const auto& info) { return std::string(info.param.name); });

// ---- moto ----------------------------------------------------------------------

ClientConfig moto_config(const PythonServer& moto, const Clock* clock, Credentials credentials) {
  ClientConfig config = config_for(moto.endpoint(), clock);
  config.credentials = std::move(credentials);
  config.max_retries = 0;
  return config;
}

std::shared_ptr<SwfClient> moto_client(const ClientConfig& config) { return client_for(config); }

TEST(HttpMotoTest, Domains) {
  PythonServer moto({test_script("tests/support/moto_server.py")});
  RecordingClock clock;
  auto client = moto_client(moto_config(moto, &clock, {"testing", "testing", "", "test"}));

  auto registered = client->register_domain({.name = "simpleflow-test", .retention_period_in_days = "1", .description = "tests"});
  ASSERT_TRUE(registered.ok()) << registered.error().describe();

  auto domains = client->list_domains({});
  ASSERT_TRUE(domains.ok()) << domains.error().describe();
  std::vector<std::string> names;
  for (const auto& d : domains->domains) names.push_back(d.name + " " + d.status);
  EXPECT_THAT(names, Contains("simpleflow-test REGISTERED"));

  auto detail = client->describe_domain("simpleflow-test");
  ASSERT_TRUE(detail.ok()) << detail.error().describe();
  EXPECT_EQ(detail->info.name, "simpleflow-test");
  EXPECT_EQ(detail->info.description, "tests");
  EXPECT_EQ(detail->retention_period_in_days, "1");

  auto missing = client->describe_domain("no-such-domain");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.error().kind, ErrorKind::kUnknownResource) << missing.error().describe();
  EXPECT_EQ(missing.error().code, "UnknownResourceFault");
  EXPECT_THAT(missing.error().message, HasSubstr("no-such-domain"));
  EXPECT_THAT(missing.error().describe(), HasSubstr("DescribeDomain at " + moto.endpoint()));

  auto again = client->register_domain({.name = "simpleflow-test", .retention_period_in_days = "1"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kDomainAlreadyExists) << again.error().describe();
  EXPECT_EQ(again.error().attempts, 1);

  ASSERT_TRUE(client->deprecate_domain("simpleflow-test").ok());
  auto deprecated = client->list_domains({.registration_status = "DEPRECATED"});
  ASSERT_TRUE(deprecated.ok()) << deprecated.error().describe();
  ASSERT_EQ(deprecated->domains.size(), 1u);
  EXPECT_EQ(deprecated->domains[0].name, "simpleflow-test");
  EXPECT_TRUE(clock.waits().empty());
}

TEST(HttpMotoTest, WorkflowRoundTrip) {
  PythonServer moto({test_script("tests/support/moto_server.py")});
  auto client = moto_client(moto_config(moto, nullptr, {"testing", "testing", "", "test"}));
  ASSERT_TRUE(client->register_domain({.name = "d", .retention_period_in_days = "1"}).ok());
  auto registered = client->register_workflow_type(
      {.domain = "d",
       .type = {"wf", "1"},
       .defaults = {.task_start_to_close_timeout = "300", .execution_start_to_close_timeout = "3600",
                    .task_list = "deciders", .child_policy = "TERMINATE"}});
  ASSERT_TRUE(registered.ok()) << registered.error().describe();
  auto activity = client->register_activity_type(
      {.domain = "d",
       .type = {"act", "1"},
       .defaults = {.task_start_to_close_timeout = "60", .task_heartbeat_timeout = "NONE", .task_list = "workers",
                    .task_schedule_to_start_timeout = "60", .task_schedule_to_close_timeout = "120"}});
  ASSERT_TRUE(activity.ok()) << activity.error().describe();
  auto again = client->register_workflow_type({.domain = "d", .type = {"wf", "1"}});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().kind, ErrorKind::kTypeAlreadyExists) << again.error().describe();

  auto types = client->list_workflow_types({.domain = "d"});
  ASSERT_TRUE(types.ok()) << types.error().describe();
  ASSERT_EQ(types->types.size(), 1u);
  EXPECT_EQ(types->types[0].name, "wf");
  EXPECT_GT(types->types[0].creation_date, 0);

  auto run = client->start_workflow_execution({.domain = "d", .workflow_id = "w1", .type = {"wf", "1"}, .input = "[1]"});
  ASSERT_TRUE(run.ok()) << run.error().describe();
  EXPECT_FALSE(run->empty());
  auto twice = client->start_workflow_execution({.domain = "d", .workflow_id = "w1", .type = {"wf", "1"}});
  ASSERT_FALSE(twice.ok());
  EXPECT_EQ(twice.error().kind, ErrorKind::kWorkflowExecutionAlreadyStarted) << twice.error().describe();

  auto decision = client->poll_for_decision_task({.domain = "d", .task_list = "deciders", .identity = "test"});
  ASSERT_TRUE(decision.ok()) << decision.error().describe();
  ASSERT_FALSE(decision->empty());
  EXPECT_EQ(decision->execution, (ExecutionRef{"w1", *run}));
  EXPECT_EQ(decision->type, (WorkflowTypeRef{"wf", "1"}));
  ASSERT_FALSE(decision->events.empty());
  EXPECT_EQ(decision->events[0]["eventType"], "WorkflowExecutionStarted");
  EXPECT_EQ(decision->events[0]["workflowExecutionStartedEventAttributes"]["input"], "[1]");

  Json schedule = {{"decisionType", "ScheduleActivityTask"},
                   {"scheduleActivityTaskDecisionAttributes",
                    {{"activityId", "a1"}, {"activityType", {{"name", "act"}, {"version", "1"}}}, {"input", "[2]"}}}};
  auto responded = client->respond_decision_task_completed({.task_token = decision->task_token, .decisions = {schedule}});
  ASSERT_TRUE(responded.ok()) << responded.error().describe();

  auto task = client->poll_for_activity_task({.domain = "d", .task_list = "workers", .identity = "test"});
  ASSERT_TRUE(task.ok()) << task.error().describe();
  ASSERT_FALSE(task->empty());
  EXPECT_EQ(task->activity_id, "a1");
  EXPECT_EQ(task->type, (ActivityTypeRef{"act", "1"}));
  EXPECT_EQ(task->input, "[2]");
  auto heartbeat = client->record_activity_task_heartbeat(task->task_token, "half");
  ASSERT_TRUE(heartbeat.ok()) << heartbeat.error().describe();
  EXPECT_FALSE(heartbeat->cancel_requested);
  ASSERT_TRUE(client->respond_activity_task_completed(task->task_token, "3").ok());

  // (moto has no CountOpenWorkflowExecutions.)
  auto open = client->list_open_workflow_executions({.filters = {.domain = "d", .start_time = TimeFilter{0}}});
  ASSERT_TRUE(open.ok()) << open.error().describe();
  ASSERT_EQ(open->executions.size(), 1u);
  EXPECT_EQ(open->executions[0].execution, (ExecutionRef{"w1", *run}));
  EXPECT_EQ(open->executions[0].execution_status, "OPEN");

  auto detail = client->describe_workflow_execution("d", {"w1", *run});
  ASSERT_TRUE(detail.ok()) << detail.error().describe();
  EXPECT_EQ(detail->info.execution_status, "OPEN");
  EXPECT_EQ(detail->configuration.task_list, "deciders");

  ASSERT_TRUE(client->terminate_workflow_execution({.domain = "d", .workflow_id = "w1", .reason = "done"}).ok());
  auto history = client->get_workflow_execution_history({.domain = "d", .execution = {"w1", *run}});
  ASSERT_TRUE(history.ok()) << history.error().describe();
  std::vector<std::string> types_seen;
  for (const auto& event : history->events) types_seen.push_back(event["eventType"].get<std::string>());
  EXPECT_THAT(types_seen, Contains("ActivityTaskCompleted"));
  EXPECT_EQ(types_seen.back(), "WorkflowExecutionTerminated");

  auto closed = client->list_closed_workflow_executions({.filters = {.domain = "d", .start_time = TimeFilter{0}}});
  ASSERT_TRUE(closed.ok()) << closed.error().describe();
  ASSERT_EQ(closed->executions.size(), 1u);
  EXPECT_EQ(closed->executions[0].close_status, "TERMINATED");
}

TEST(HttpMotoTest, Authentication) {
  PythonServer moto({test_script("tests/support/moto_server.py"), "--auth"});
  std::istringstream keys(moto.read_line());
  std::string key, secret;
  keys >> key >> secret;
  ASSERT_FALSE(key.empty());
  ASSERT_FALSE(secret.empty());

  auto right = moto_client(moto_config(moto, nullptr, {key, secret, "", "test"}));
  auto registered = right->register_domain({.name = "auth-test"});
  ASSERT_TRUE(registered.ok()) << registered.error().describe();
  auto domains = right->list_domains({});
  ASSERT_TRUE(domains.ok()) << domains.error().describe();
  ASSERT_EQ(domains->domains.size(), 1u);

  RecordingClock clock;
  ClientConfig wrong_config = moto_config(moto, &clock, {key, secret + "x", "", "test"});
  wrong_config.max_retries = 3;
  auto wrong = moto_client(wrong_config);
  auto refused = wrong->list_domains({});
  ASSERT_FALSE(refused.ok());
  const CallError& e = refused.error();
  EXPECT_EQ(e.kind, ErrorKind::kAuthentication) << e.describe();
  EXPECT_EQ(e.code, "SignatureDoesNotMatch");
  EXPECT_EQ(e.http_status, 403);
  EXPECT_EQ(e.attempts, 1);  // not retried
  EXPECT_TRUE(clock.waits().empty());
  EXPECT_THAT(e.describe(), AllOf(HasSubstr("ListDomains at " + moto.endpoint()), HasSubstr("SignatureDoesNotMatch"),
                                  HasSubstr("AWS_ACCESS_KEY_ID")));

  auto stranger = moto_client(moto_config(moto, nullptr, {"AKIAUNKNOWNKEY000000", secret, "", "test"}));
  auto unknown = stranger->list_domains({});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().kind, ErrorKind::kAuthentication) << unknown.error().describe();
  EXPECT_EQ(unknown.error().code, "InvalidClientTokenId");
}

}  // namespace
}  // namespace simpleflow::swf
