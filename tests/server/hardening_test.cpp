// `simpleflow server` against what a hostile or broken client does: bodies it
// announces and never finishes, more connections than the server allows, a
// poller killed while its poll waits, two processes writing on one
// connection. The server's memory stays bounded, live clients get their
// tasks, and bytes that interleave drop the connection instead of being
// answered to the wrong process.
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <poll.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <functional>
#include <memory>
#include <thread>

#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/config.hpp"
#include "support/command.hpp"
#include "support/python_server.hpp"
#include "support/raw_http.hpp"
#include "support/test_directory.hpp"

namespace simpleflow::server {
namespace {

using testing::ChildServer;
using testing::RawConnection;
using testing::swf_request;

// The peak resident memory of `pid`, in bytes (VmHWM).
size_t peak_rss(pid_t pid) {
  std::ifstream status("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind("VmHWM:", 0) == 0) return std::stoull(line.substr(6)) * 1024;
  }
  return 0;
}

// A socket that sends without blocking, for many slow or stuck clients at once.
class Sender {
 public:
  explicit Sender(int port) {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_port = htons(static_cast<uint16_t>(port));
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::connect(fd_, reinterpret_cast<sockaddr*>(&address), sizeof address);  // completes in the background
  }
  ~Sender() { ::close(fd_); }
  Sender(const Sender&) = delete;
  Sender& operator=(const Sender&) = delete;

  // What to send; shared by the senders, since it can be megabytes.
  void queue(std::shared_ptr<const std::string> bytes) { pending_ = std::move(bytes); }
  // Sends what the socket takes now; false once the connection failed.
  bool pump() {
    while (alive_ && sent_ < pending_->size()) {
      ssize_t n = ::send(fd_, pending_->data() + sent_, pending_->size() - sent_, MSG_NOSIGNAL | MSG_DONTWAIT);
      if (n > 0) {
        sent_ += static_cast<size_t>(n);
      } else {
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == ENOTCONN || errno == EINTR)) break;
        alive_ = false;
      }
    }
    return alive_;
  }
  // What the server answered so far (the start of it).
  std::string received() {
    char chunk[4096];
    for (;;) {
      ssize_t n = ::recv(fd_, chunk, sizeof chunk, MSG_DONTWAIT);
      if (n <= 0) break;
      received_.append(chunk, static_cast<size_t>(n));
    }
    return received_;
  }
  // Sent all it had, or failed.
  bool done() const { return !alive_ || sent_ == pending_->size(); }

 private:
  int fd_ = -1;
  std::shared_ptr<const std::string> pending_ = std::make_shared<const std::string>();
  std::string received_;
  size_t sent_ = 0;
  bool alive_ = true;
};

// Connections that each send `request` but its last byte, as fast as the
// server reads them, reading what it answers, until `enough` says so or
// `seconds` pass.
using Senders = std::vector<std::unique_ptr<Sender>>;
Senders send_all_but_the_last_byte(int port, int connections, std::string request, double seconds,
                                   const std::function<bool(Senders&)>& enough) {
  request.pop_back();
  auto shared = std::make_shared<const std::string>(std::move(request));
  Senders senders;
  for (int i = 0; i < connections; ++i) {
    senders.push_back(std::make_unique<Sender>(port));
    senders.back()->queue(shared);
  }
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    for (auto& s : senders) {
      s->pump();
      s->received();  // before the server closes the connection, which may reset it
    }
    if (enough(senders)) break;
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  return senders;
}

// How many of `senders` the server answered with `status_line_start`.
size_t answered(Senders& senders, const std::string& status_line_start) {
  size_t n = 0;
  for (auto& s : senders) n += s->received().rfind(status_line_start, 0) == 0;
  return n;
}

class HardeningTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_directory("hardening");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::unique_ptr<ChildServer> start_server(std::vector<std::string> extra = {}, const std::string& long_poll = "5") {
    std::vector<std::string> argv{testing::simpleflow_binary(), "server", "--listen", "127.0.0.1:0", "--data-dir",
                                  dir_.string(), "--long-poll-seconds", long_poll};
    argv.insert(argv.end(), extra.begin(), extra.end());
    auto server = std::make_unique<ChildServer>(argv);
    client_ = swf::make_client({.endpoint = server->endpoint(), .max_retries = 0}).value();
    return server;
  }
  Json call(const std::string& operation, const Json& request) {
    auto result = client_->call(operation, request);
    if (!result.ok()) throw std::runtime_error(result.error().describe());
    return *result;
  }
  // A domain, a workflow type and an activity type; returns the domain.
  void register_all() {
    call("RegisterDomain", {{"name", "d"}, {"workflowExecutionRetentionPeriodInDays", "1"}});
    call("RegisterWorkflowType", {{"domain", "d"}, {"name", "w"}, {"version", "1"}});
    call("RegisterActivityType", {{"domain", "d"}, {"name", "a"}, {"version", "1"}});
  }
  // Starts an execution and decides to schedule one activity on `task_list`.
  void schedule_activity(const std::string& task_list) {
    call("StartWorkflowExecution", {{"domain", "d"},
                                    {"workflowId", "wf-" + task_list},
                                    {"workflowType", {{"name", "w"}, {"version", "1"}}},
                                    {"taskList", {{"name", "decisions"}}},
                                    {"executionStartToCloseTimeout", "600"},
                                    {"taskStartToCloseTimeout", "60"},
                                    {"childPolicy", "TERMINATE"}});
    Json task = call("PollForDecisionTask", {{"domain", "d"}, {"taskList", {{"name", "decisions"}}}});
    ASSERT_TRUE(task.contains("taskToken"));
    Json schedule = {{"decisionType", "ScheduleActivityTask"},
                     {"scheduleActivityTaskDecisionAttributes",
                      {{"activityType", {{"name", "a"}, {"version", "1"}}},
                       {"activityId", "one"},
                       {"taskList", {{"name", task_list}}},
                       {"scheduleToStartTimeout", "60"},
                       {"scheduleToCloseTimeout", "120"},
                       {"startToCloseTimeout", "60"},
                       {"heartbeatTimeout", "NONE"}}}};
    call("RespondDecisionTaskCompleted", {{"taskToken", task["taskToken"]}, {"decisions", Json::array({schedule})}});
  }
  // How long a DescribeDomain takes on a fresh connection, in seconds.
  double describe_domain_seconds(int port) {
    auto began = std::chrono::steady_clock::now();
    RawConnection connection(port);
    connection.send(swf_request("DescribeDomain", R"({"name":"d"})"));
    auto response = connection.read_response(30);
    EXPECT_TRUE(response);
    if (response) EXPECT_EQ(response->status, 200) << response->body;
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - began).count();
  }

  std::filesystem::path dir_;
  std::shared_ptr<swf::SwfClient> client_;
};

TEST_F(HardeningTest, BodiesAnnouncedOverOneMegabyteAreRefusedUnreadAndCostNothing) {
  auto server = start_server();
  register_all();
  size_t before = peak_rss(server->pid());
  // 300 connections each send an 8 MB body but its last byte: what the server
  // held of them was 2.4 GB.
  auto senders = send_all_but_the_last_byte(
      server->port(), 300, swf_request("RegisterDomain", std::string(8 * 1024 * 1024, 'x')), 60,
      [](Senders& all) { return answered(all, "HTTP/1.1 413") == all.size(); });
  EXPECT_EQ(answered(senders, "HTTP/1.1 413"), senders.size()) << "each is answered 413 from its Content-Length";
  double seconds = describe_domain_seconds(server->port());
  size_t peak = peak_rss(server->pid());
  std::cout << "peak RSS " << peak / 1048576 << " MB (" << before / 1048576 << " MB before); DescribeDomain took "
            << seconds * 1000 << " ms" << std::endl;
  EXPECT_LT(peak, 200u * 1024 * 1024);
}

TEST_F(HardeningTest, BodiesHeldBackUnderTheLimitAreBoundedByTheByteBudget) {
  auto server = start_server({"--max-buffered-bytes", std::to_string(32 * 1024 * 1024)});
  register_all();
  // 300 connections each send 1 MB but its last byte, and wait: 300 MB if
  // the server kept them all. About 32 fit the budget; the others are
  // refused as their bytes pass it.
  auto senders = send_all_but_the_last_byte(server->port(), 300,
                                            swf_request("RegisterDomain", std::string(1024 * 1024, 'x')), 60,
                                            [](Senders& all) { return answered(all, "HTTP/1.1 503") >= 250; });
  size_t unavailable = answered(senders, "HTTP/1.1 503");
  for (auto& s : senders) {
    std::string answer = s->received();
    if (!answer.empty()) EXPECT_NE(answer.find("ServiceUnavailableException"), std::string::npos) << answer;
  }
  EXPECT_GE(unavailable, 250u) << "past the budget (32 of 300 MB), requests get a retryable 503";
  double seconds = describe_domain_seconds(server->port());
  size_t peak = peak_rss(server->pid());
  std::cout << "peak RSS " << peak / 1048576 << " MB; " << unavailable << " of 300 refused; DescribeDomain took "
            << seconds * 1000 << " ms" << std::endl;
  EXPECT_LT(peak, 200u * 1024 * 1024);
}

TEST_F(HardeningTest, ConnectionsPastTheLimitAreClosedAsTheyCome) {
  auto server = start_server({"--max-connections", "20"}, "30");
  {
    RawConnection setup(server->port());  // closed at once, unlike the client's kept connection
    setup.send(swf_request("RegisterDomain", R"({"name":"d","workflowExecutionRetentionPeriodInDays":"1"})"));
    ASSERT_TRUE(setup.read_response());
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));
  // Twenty waiting polls hold twenty connections.
  std::vector<std::unique_ptr<RawConnection>> polls;
  for (int i = 0; i < 20; ++i) {
    polls.push_back(std::make_unique<RawConnection>(server->port()));
    polls.back()->send(swf_request("PollForActivityTask", R"({"domain":"d","taskList":{"name":"idle"}})"));
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  RawConnection one_more(server->port());
  EXPECT_TRUE(one_more.closed_by_server(5));
  // Once a connection closes, a new one is served.
  polls.pop_back();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  EXPECT_GE(describe_domain_seconds(server->port()), 0);
}

TEST_F(HardeningTest, APollWhoseClientWasKilledDoesNotGetTheNextTask) {
  auto server = start_server({}, "20");
  register_all();
  const std::string poll = swf_request("PollForActivityTask", R"({"domain":"d","taskList":{"name":"work"}})");
  // A worker polls first, so it waits longest; then it is killed.
  pid_t worker = fork();
  ASSERT_GE(worker, 0);
  if (worker == 0) {
    RawConnection connection(server->port());
    connection.send(poll);
    connection.read_response(60);
    _exit(0);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(500));
  RawConnection live(server->port());
  live.send(poll);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  ::kill(worker, SIGKILL);
  int status = 0;
  ASSERT_EQ(waitpid(worker, &status, 0), worker);

  schedule_activity("work");
  auto started = std::chrono::steady_clock::now();
  auto task = live.read_response(30);
  ASSERT_TRUE(task);
  EXPECT_EQ(task->status, 200);
  EXPECT_NE(task->body.find("\"taskToken\""), std::string::npos)
      << "the live poller must get the task, not an empty poll: " << task->body;
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(15)) << "not at the end of its poll";
}

TEST_F(HardeningTest, ARequestBehindAWaitingPollDropsTheConnectionAndThePoll) {
  auto server = start_server({}, "20");
  register_all();
  // Two processes on one connection: one polls, the other calls behind it.
  RawConnection shared(server->port());
  shared.send(swf_request("PollForActivityTask", R"({"domain":"d","taskList":{"name":"work"}})"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  shared.send(swf_request("DescribeDomain", R"({"name":"d"})"));
  EXPECT_TRUE(shared.closed_by_server(5)) << "no answer can reach the right process: both retry elsewhere";
  // The dropped poll does not take the next task.
  RawConnection live(server->port());
  live.send(swf_request("PollForActivityTask", R"({"domain":"d","taskList":{"name":"work"}})"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  schedule_activity("work");
  auto task = live.read_response(30);
  ASSERT_TRUE(task);
  EXPECT_NE(task->body.find("\"taskToken\""), std::string::npos) << task->body;
}

TEST_F(HardeningTest, InterleavedRequestsAreDroppedNotAnsweredAndPipeliningStillWorks) {
  auto server = start_server();
  register_all();
  const std::string first = swf_request("DescribeDomain", R"({"name":"d"})");
  const std::string second = swf_request("ListDomains", R"({"registrationStatus":"REGISTERED"})");
  auto split = [](const std::string& request) {
    size_t body = request.find("\r\n\r\n") + 4;
    return std::pair{request.substr(0, body), request.substr(body)};
  };
  auto [first_head, first_body] = split(first);
  auto [second_head, second_body] = split(second);

  // After one request, another's head arrives where the first's body should.
  RawConnection interleaved(server->port());
  interleaved.send(first);
  ASSERT_TRUE(interleaved.read_response());
  interleaved.send(first_head + second_head + first_body + second_body);
  auto none = interleaved.read_response(5);
  EXPECT_FALSE(none) << "closed without an answer, which either process could read: " << none->body;

  // The same garbage as a connection's first request is answered, for a
  // client that may learn from it.
  RawConnection first_request(server->port());
  first_request.send(first_head + second_head);
  auto answer = first_request.read_response();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->status, 400);
  EXPECT_NE(answer->body.find("SerializationException"), std::string::npos) << answer->body;

  // Well-formed pipelining is answered in order.
  RawConnection pipelined(server->port());
  pipelined.send(first + second + first);
  for (const char* expected : {"domainInfo", "domainInfos", "domainInfo"}) {
    auto response = pipelined.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_NE(response->body.find(std::string("\"") + expected + "\""), std::string::npos) << response->body;
  }
}

}  // namespace
}  // namespace simpleflow::server
