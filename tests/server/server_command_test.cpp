// `simpleflow server` from the command line: SigV4 with --require-auth, bad
// arguments, and a graceful SIGTERM.
#include <gtest/gtest.h>
#include <signal.h>
#include <sys/wait.h>

#include <filesystem>

#include "simpleflow/swf/client.hpp"
#include "simpleflow/swf/config.hpp"
#include "support/command.hpp"
#include "support/python_server.hpp"
#include "support/raw_http.hpp"
#include "support/test_directory.hpp"

namespace simpleflow::server {
namespace {

using testing::ChildServer;
using testing::simpleflow;

class ServerCommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = testing::fresh_test_directory("server-cli");
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::vector<std::string> command(std::vector<std::string> extra, const std::string& long_poll_seconds = "1") {
    std::vector<std::string> argv{testing::simpleflow_binary(), "server", "--listen", "127.0.0.1:0", "--data-dir",
                                  dir_.string(), "--long-poll-seconds", long_poll_seconds};
    argv.insert(argv.end(), extra.begin(), extra.end());
    return argv;
  }

  std::filesystem::path dir_;
};

TEST_F(ServerCommandTest, RequireAuthAcceptsTheRightKeyAndRefusesOthersAsAwsDoes) {
  ChildServer server(command({"--require-auth", "--access-key", "AKIDEXAMPLE:right-secret"}));
  auto signed_with = [&](const std::string& id, const std::string& secret) {
    return swf::make_client({.endpoint = server.endpoint(),
                             .region = "us-east-1",
                             .credentials = swf::Credentials{id, secret, "", "test"},
                             .max_retries = 0})
        .value();
  };
  auto ok = signed_with("AKIDEXAMPLE", "right-secret")->call("ListDomains", {{"registrationStatus", "REGISTERED"}});
  ASSERT_TRUE(ok.ok()) << ok.error().describe();

  auto wrong = signed_with("AKIDEXAMPLE", "wrong-secret")->call("ListDomains", {{"registrationStatus", "REGISTERED"}});
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().kind, swf::ErrorKind::kAuthentication);
  EXPECT_EQ(wrong.error().code, "InvalidSignatureException");  // SWF's, for its JSON protocol
  EXPECT_EQ(wrong.error().http_status, 403);

  auto unknown = signed_with("AKIDUNKNOWN", "right-secret")->call("ListDomains", {{"registrationStatus", "REGISTERED"}});
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, "UnrecognizedClientException");

  auto unsigned_client = swf::make_client({.endpoint = server.endpoint(), .max_retries = 0}).value();
  auto anonymous = unsigned_client->call("ListDomains", {{"registrationStatus", "REGISTERED"}});
  ASSERT_FALSE(anonymous.ok());
  EXPECT_EQ(anonymous.error().code, "MissingAuthenticationTokenException");
}

TEST_F(ServerCommandTest, BadArgumentsExitWith2AndNameTheProblem) {
  struct Case {
    std::vector<std::string> args;
    std::string message;
  };
  std::vector<Case> cases = {
      {{"server", "--listen", "localhost"}, "--listen must be HOST:PORT"},
      {{"server", "--listen", "127.0.0.1:99999"}, "--listen must be HOST:PORT"},
      {{"server", "--listen", "127.0.0.1:0", "--access-key", "a:b"}, "--access-key needs --require-auth"},
      {{"server", "--listen", "127.0.0.1:0", "--require-auth", "--access-key", "nocolon"}, "--access-key must be ID:SECRET"},
      {{"server", "--long-poll-seconds", "61"}, "--long-poll-seconds"},
      {{"server", "--threads", "0"}, "--threads"},
      {{"server", "--threads", "65"}, "--threads"},
      {{"server", "--listen", "127.0.0.1:0", "--data-dir", "/proc/forbidden"}, "cannot use data directory '/proc/forbidden'"},
  };
  for (const Case& c : cases) {
    auto result = simpleflow(c.args, {.unset_env = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}});
    EXPECT_EQ(result.exit_code, 2) << c.args.back() << ": " << result.err;
    EXPECT_NE(result.err.find(c.message), std::string::npos) << result.err;
  }
  auto no_keys = simpleflow({"server", "--listen", "127.0.0.1:0", "--data-dir", dir_.string(), "--require-auth"},
                            {.unset_env = {"AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY"}});
  EXPECT_EQ(no_keys.exit_code, 2);
  EXPECT_NE(no_keys.err.find("--require-auth needs"), std::string::npos) << no_keys.err;
}

TEST_F(ServerCommandTest, ADeeplyNestedBodyIsRefusedAndTheServerLivesOn) {
  ChildServer server(command({}));
  auto client = swf::make_client({.endpoint = server.endpoint(), .max_retries = 0}).value();
  std::string body = R"({"registrationStatus":"REGISTERED","x":)" + std::string(400000, '[') + std::string(400000, ']') + "}";
  auto refused = client->send("ListDomains", body);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "SerializationException");
  EXPECT_NE(refused.error().message.find("nests deeper than 64 levels"), std::string::npos) << refused.error().message;
  EXPECT_TRUE(client->call("ListDomains", {{"registrationStatus", "REGISTERED"}}).ok());
}

TEST_F(ServerCommandTest, ARequestOverOneMegabyteIsRefusedWith413) {
  ChildServer server(command({}));
  auto client = swf::make_client({.endpoint = server.endpoint(), .max_retries = 0}).value();
  // Read, then refused (curl asks with Expect: 100-continue first)...
  std::string big = R"({"registrationStatus":"REGISTERED","x":")" + std::string(1536 * 1024, 'a') + "\"}";
  auto refused = client->send("ListDomains", big);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, "ValidationException");
  EXPECT_EQ(refused.error().http_status, 413);
  EXPECT_NE(refused.error().message.find("larger than 1 MB"), std::string::npos) << refused.error().message;
  // ...or, far over, refused unread.
  std::string huge = R"({"x":")" + std::string(9 * 1024 * 1024, 'a') + "\"}";
  auto unread = client->send("ListDomains", huge);
  ASSERT_FALSE(unread.ok());
  EXPECT_EQ(unread.error().http_status, 413);
  EXPECT_NE(unread.error().message.find("larger than 1 MB"), std::string::npos) << unread.error().message;
  EXPECT_TRUE(client->call("ListDomains", {{"registrationStatus", "REGISTERED"}}).ok());
}

TEST_F(ServerCommandTest, WhatIsNotSwfOverHttpGetsAFault) {
  ChildServer server(command({}));
  testing::RawConnection get(server.port());
  get.send("GET /index.html HTTP/1.1\r\nHost: x\r\n\r\n");
  auto not_found = get.read_response();
  ASSERT_TRUE(not_found);
  EXPECT_EQ(not_found->status, 404);
  EXPECT_NE(not_found->body.find("UnknownOperationException"), std::string::npos) << not_found->body;
  testing::RawConnection garbage(server.port());
  garbage.send("\x01\x02 nonsense\r\n\r\n");
  auto refused = garbage.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 400);
  EXPECT_NE(refused->body.find("SerializationException"), std::string::npos) << refused->body;
  EXPECT_TRUE(garbage.closed_by_server());
  // Bytes that are not UTF-8 in the target or in X-Amz-Target are quoted in
  // the fault, replaced, and the server lives on.
  testing::RawConnection latin1_target(server.port());
  latin1_target.send("POST /\xff HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
  auto odd_target = latin1_target.read_response();
  ASSERT_TRUE(odd_target);
  EXPECT_EQ(odd_target->status, 404);
  testing::RawConnection latin1_operation(server.port());
  latin1_operation.send("POST / HTTP/1.1\r\nHost: x\r\nX-Amz-Target: SimpleWorkflowService.\xe9\r\nContent-Length: 2\r\n\r\n{}");
  auto odd_operation = latin1_operation.read_response();
  ASSERT_TRUE(odd_operation);
  EXPECT_EQ(odd_operation->status, 400);
  EXPECT_NE(odd_operation->body.find("UnknownOperationException"), std::string::npos) << odd_operation->body;
  auto client = swf::make_client({.endpoint = server.endpoint(), .max_retries = 0}).value();
  EXPECT_TRUE(client->call("ListDomains", {{"registrationStatus", "REGISTERED"}}).ok());
}

TEST_F(ServerCommandTest, APortInUseIsAClearError) {
  ChildServer first(command({}));
  auto second = simpleflow({"server", "--listen", "127.0.0.1:" + std::to_string(first.port()), "--data-dir",
                            (dir_ / "other").string()});
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_NE(second.err.find("cannot listen on 127.0.0.1:" + std::to_string(first.port())), std::string::npos) << second.err;
}

TEST_F(ServerCommandTest, ASecondServerOnTheSameDataDirIsRefused) {
  ChildServer first(command({}));
  auto second = simpleflow({"server", "--listen", "127.0.0.1:0", "--data-dir", dir_.string()});
  EXPECT_EQ(second.exit_code, 2);
  EXPECT_NE(second.err.find("is in use by another simpleflow server"), std::string::npos) << second.err;
}

TEST_F(ServerCommandTest, SigtermEndsALongPollWithAnEmptyTaskAndExitsCleanly) {
  ChildServer server(command({}, "30"));
  auto client = swf::make_client({.endpoint = server.endpoint(), .max_retries = 0}).value();
  ASSERT_TRUE(client->call("RegisterDomain", {{"name", "d"}, {"workflowExecutionRetentionPeriodInDays", "1"}}).ok());
  swf::Result<Json> polled = Json::object();
  std::thread poller([&] { polled = client->call("PollForActivityTask", {{"domain", "d"}, {"taskList", {{"name", "t"}}}}); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  auto started = std::chrono::steady_clock::now();
  int status = server.stop();
  poller.join();
  EXPECT_LT(std::chrono::steady_clock::now() - started, std::chrono::seconds(10));
  ASSERT_TRUE(WIFEXITED(status)) << status;
  EXPECT_EQ(WEXITSTATUS(status), 0);
  ASSERT_TRUE(polled.ok()) << polled.error().describe();
  EXPECT_EQ(polled->value("taskToken", ""), "");
}

}  // namespace
}  // namespace simpleflow::server
