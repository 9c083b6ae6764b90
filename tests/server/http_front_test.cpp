// The server's HTTP transport on its own, spoken to by hand: keep-alive and
// pipelining, answers given later from another thread, bodies over the
// limit, requests that are not HTTP, Expect: 100-continue, idle connections,
// and stop().
#include "server/http_front.hpp"

#include <gtest/gtest.h>

#include <atomic>
#include <functional>
#include <map>
#include <mutex>
#include <thread>

#include "support/raw_http.hpp"

namespace simpleflow::server::internal {
namespace {

using simpleflow::testing::RawConnection;

std::string post(const std::string& body, const std::string& extra_headers = "") {
  return "POST /path?q=1 HTTP/1.1\r\nHost: x\r\nX-Test: Value\r\n" + extra_headers +
         "Content-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body;
}

class HttpFrontTest : public ::testing::Test {
 protected:
  void start(HttpHandler handler, HttpFrontOptions options = {}) {
    auto front = HttpFront::start(options, std::move(handler));
    ASSERT_TRUE(front.ok()) << front.status().message();
    front_ = std::move(front).value();
  }
  // Answers every request with what it saw.
  static void echo(HttpRequest& request, HttpRespond respond) {
    if (request.too_large) return respond(413, "too large: " + std::to_string(request.content_length));
    if (request.unreadable) return respond(400, "unreadable: " + *request.unreadable);
    respond(200, std::string(request.method) + " " + std::string(request.target) + " " +
                     std::string(request.header("x-test")) + " " + request.body);
  }
  // The answer to post(body) on a connection of its own.
  std::optional<simpleflow::testing::RawResponse> post_alone(const std::string& body) {
    RawConnection connection(front_->port());
    connection.send(post(body));
    return connection.read_response();
  }
  std::unique_ptr<HttpFront> front_;
};

TEST_F(HttpFrontTest, AnswersRequestsOneAfterTheOtherOnOneConnection) {
  start(echo);
  RawConnection connection(front_->port());
  for (std::string body : {"first", "second"}) {
    connection.send(post(body));
    auto response = connection.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->status, 200);
    EXPECT_EQ(response->body, "POST /path?q=1 Value " + body);
    EXPECT_EQ(response->headers["content-type"], "application/x-amz-json-1.0");
    EXPECT_EQ(response->headers["x-amzn-requestid"].size(), 36u);
  }
}

TEST_F(HttpFrontTest, PipelinedRequestsAreAnsweredInOrder) {
  start(echo);
  RawConnection connection(front_->port());
  connection.send(post("one") + post("two") + post("three"));
  for (std::string body : {"one", "two", "three"}) {
    auto response = connection.read_response();
    ASSERT_TRUE(response);
    EXPECT_EQ(response->body, "POST /path?q=1 Value " + body);
  }
}

TEST_F(HttpFrontTest, AnAnswerMayComeLaterFromAnotherThreadWhileOtherConnectionsAreServed) {
  std::mutex mu;
  std::vector<HttpRespond> held;
  start([&](HttpRequest& request, HttpRespond respond) {
    if (request.body == "hold") {
      std::lock_guard<std::mutex> lock(mu);
      held.push_back(std::move(respond));
      return;
    }
    echo(request, std::move(respond));
  });
  std::vector<std::unique_ptr<RawConnection>> waiting;
  for (int i = 0; i < 50; ++i) {
    waiting.push_back(std::make_unique<RawConnection>(front_->port()));
    waiting.back()->send(post("hold"));
  }
  // Fifty requests wait for their answers, and a single thread still
  // serves another connection.
  RawConnection other(front_->port());
  other.send(post("quick"));
  auto quick = other.read_response();
  ASSERT_TRUE(quick);
  EXPECT_EQ(quick->body, "POST /path?q=1 Value quick");
  for (int tries = 0; tries < 1000; ++tries) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (held.size() == 50) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  std::vector<HttpRespond> answers;
  {
    std::lock_guard<std::mutex> lock(mu);
    answers = held;
  }
  ASSERT_EQ(answers.size(), 50u);
  std::thread answering([&] {
    for (size_t i = 0; i < answers.size(); ++i) answers[i](200, "answer " + std::to_string(i));
  });
  answering.join();
  std::set<std::string> bodies;
  for (auto& connection : waiting) {
    auto response = connection->read_response();
    ASSERT_TRUE(response);
    bodies.insert(response->body);
  }
  EXPECT_EQ(bodies.size(), 50u);
}

TEST_F(HttpFrontTest, ABodyOverTheLimitIsNotReadAndTheConnectionCloses) {
  HttpFrontOptions options;
  options.max_body_bytes = 1000;
  start(echo, options);
  RawConnection connection(front_->port());
  connection.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 5000\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_EQ(response->body, "too large: 5000");
  EXPECT_TRUE(connection.closed_by_server());
}

TEST_F(HttpFrontTest, AClientThatSendsTheBodyOverTheLimitAnywayStillReadsTheAnswer) {
  HttpFrontOptions options;
  options.max_body_bytes = 1000;
  start(echo, options);
  RawConnection connection(front_->port());
  // No Expect: 100-continue, as boto3 sends it: the whole body comes, and
  // the answer must not be lost to a reset of the connection.
  std::string body(4 * 1024 * 1024, 'x');
  connection.send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n" + body);
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 413);
  EXPECT_TRUE(connection.closed_by_server());
}

TEST_F(HttpFrontTest, AHandlerThatThrowsEndsItsConnectionAndTheFrontLivesOn) {
  start([](HttpRequest& request, HttpRespond respond) {
    if (request.body == "throw") throw std::runtime_error("a bug");
    echo(request, std::move(respond));
  });
  RawConnection failing(front_->port());
  failing.send(post("throw"));
  EXPECT_TRUE(failing.closed_by_server());
  auto response = post_alone("fine");
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
}

TEST_F(HttpFrontTest, WhatIsNotHttpGetsAnAnswerAndTheConnectionCloses) {
  start(echo);
  RawConnection connection(front_->port());
  connection.send("HELLO THERE\r\n\r\n");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 400);
  EXPECT_EQ(response->body.rfind("unreadable: ", 0), 0u) << response->body;
  EXPECT_TRUE(connection.closed_by_server());
  // The front serves the next connection.
  RawConnection next(front_->port());
  next.send(post("after"));
  auto after = next.read_response();
  ASSERT_TRUE(after);
  EXPECT_EQ(after->status, 200);
}

TEST_F(HttpFrontTest, ExpectContinueGetsAnInterimAnswerBeforeTheBodyIsSent) {
  start(echo);
  RawConnection connection(front_->port());
  connection.send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 4\r\n\r\n");
  auto interim = connection.read_response();
  ASSERT_TRUE(interim);
  EXPECT_EQ(interim->status, 100);
  connection.send("body");
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->status, 200);
  EXPECT_EQ(response->body, "POST /  body");
}

TEST_F(HttpFrontTest, ConnectionCloseIsHonoured) {
  start(echo);
  RawConnection connection(front_->port());
  connection.send(post("bye", "Connection: close\r\n"));
  auto response = connection.read_response();
  ASSERT_TRUE(response);
  EXPECT_EQ(response->headers["connection"], "close");
  EXPECT_TRUE(connection.closed_by_server());
}

TEST_F(HttpFrontTest, AnIdleConnectionIsClosedAfterTheKeepAlive) {
  HttpFrontOptions options;
  options.keep_alive_seconds = 0.2;
  start(echo, options);
  RawConnection connection(front_->port());
  connection.send(post("once"));
  ASSERT_TRUE(connection.read_response());
  EXPECT_TRUE(connection.closed_by_server(30));
}

TEST_F(HttpFrontTest, StopWritesTheAnswersGivenAndClosesIdleConnections) {
  std::atomic<bool> stop_started{false};
  std::mutex mu;
  HttpRespond held;
  start([&](HttpRequest& request, HttpRespond respond) {
    if (request.body == "hold") {
      std::lock_guard<std::mutex> lock(mu);
      held = std::move(respond);
      return;
    }
    echo(request, std::move(respond));
  });
  RawConnection idle(front_->port());
  idle.send(post("hello"));
  ASSERT_TRUE(idle.read_response());
  RawConnection waiting(front_->port());
  waiting.send(post("hold"));
  for (int tries = 0; tries < 1000; ++tries) {
    {
      std::lock_guard<std::mutex> lock(mu);
      if (held) break;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  // The answer comes while stop() waits for it.
  std::thread answering([&] {
    while (!stop_started) std::this_thread::yield();
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
    std::lock_guard<std::mutex> lock(mu);
    held(200, "last answer");
    held = nullptr;  // it holds the connection
  });
  stop_started = true;
  front_->stop(30);
  answering.join();
  auto last = waiting.read_response();
  ASSERT_TRUE(last);
  EXPECT_EQ(last->body, "last answer");
  EXPECT_EQ(last->headers["connection"], "close");
  EXPECT_TRUE(idle.closed_by_server());
  front_->stop();  // idempotent
}

// A handler that keeps each request waiting, as a long poll does, and gives
// it up when the front says its client no longer waits.
class WaitingHandler {
 public:
  void operator()(HttpRequest& request, HttpRespond respond) {
    std::lock_guard<std::mutex> lock(mu_);
    int id = next_++;
    waiting_[id] = std::move(respond);
    probes_[id] = request.client_waiting;
    request.abandon = [this, id] {
      std::lock_guard<std::mutex> lock(mu_);
      waiting_.erase(id);  // dropped uncalled: the connection closes
      probes_.erase(id);   // it holds the connection too
      ++abandoned_;
    };
  }
  int abandoned() {
    std::lock_guard<std::mutex> lock(mu_);
    return abandoned_;
  }
  // Whether request `id`'s client still waits, as the front tells.
  bool client_waiting(int id) {
    std::lock_guard<std::mutex> lock(mu_);
    return probes_.at(id)();
  }
  size_t waiting() {
    std::lock_guard<std::mutex> lock(mu_);
    return waiting_.size();
  }
  void answer_all() {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, respond] : waiting_) respond(200, "answer " + std::to_string(id));
    waiting_.clear();
    probes_.clear();
  }

 private:
  std::mutex mu_;
  int next_ = 0, abandoned_ = 0;
  std::map<int, HttpRespond> waiting_;
  std::map<int, std::function<bool()>> probes_;
};

bool eventually(const std::function<bool()>& condition) {
  for (int tries = 0; tries < 500; ++tries) {
    if (condition()) return true;
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return condition();
}

TEST_F(HttpFrontTest, AWaitingRequestIsAbandonedWhenItsClientLeaves) {
  auto handler = std::make_shared<WaitingHandler>();
  start([handler](HttpRequest& request, HttpRespond respond) { (*handler)(request, std::move(respond)); });
  auto leaving = std::make_unique<RawConnection>(front_->port());
  leaving->send(post("wait"));
  ASSERT_TRUE(eventually([&] { return handler->waiting() == 1; }));  // request 0
  RawConnection staying(front_->port());
  staying.send(post("wait"));
  ASSERT_TRUE(eventually([&] { return handler->waiting() == 2; }));  // request 1
  EXPECT_TRUE(handler->client_waiting(0));
  EXPECT_TRUE(handler->client_waiting(1));
  leaving.reset();
  EXPECT_TRUE(eventually([&] { return handler->abandoned() == 1; }));
  EXPECT_EQ(handler->waiting(), 1u);
  EXPECT_TRUE(eventually([&] { return front_->connections() == 1; })) << "the abandoned connection is gone";
  handler->answer_all();
  auto answer = staying.read_response();
  ASSERT_TRUE(answer);
  EXPECT_EQ(answer->body, "answer 1");
}

TEST_F(HttpFrontTest, BytesBehindAWaitingRequestAbandonItAndCloseTheConnection) {
  auto handler = std::make_shared<WaitingHandler>();
  start([handler](HttpRequest& request, HttpRespond respond) { (*handler)(request, std::move(respond)); });
  RawConnection connection(front_->port());
  connection.send(post("wait"));
  ASSERT_TRUE(eventually([&] { return handler->waiting() == 1; }));
  connection.send(post("behind"));
  EXPECT_TRUE(connection.closed_by_server(5));
  EXPECT_EQ(handler->abandoned(), 1);
  // Sent together, they are abandoned at once.
  RawConnection together(front_->port());
  together.send(post("wait") + post("behind"));
  EXPECT_TRUE(together.closed_by_server(5));
  EXPECT_EQ(handler->abandoned(), 2);
}

TEST_F(HttpFrontTest, TheProbeSeesAClientThatClosedBeforeTheWatchDid) {
  // A handler that keeps requests waiting but never gives them up: the
  // probe still tells when the client is gone.
  std::mutex mu;
  HttpRespond held;
  std::function<bool()> probe;
  start([&](HttpRequest& request, HttpRespond respond) {
    std::lock_guard<std::mutex> lock(mu);
    held = std::move(respond);
    probe = request.client_waiting;
  });
  auto connection = std::make_unique<RawConnection>(front_->port());
  connection->send(post("wait"));
  ASSERT_TRUE(eventually([&] {
    std::lock_guard<std::mutex> lock(mu);
    return static_cast<bool>(probe);
  }));
  EXPECT_TRUE(probe());
  connection.reset();
  EXPECT_TRUE(eventually([&] { return !probe(); }));
  std::lock_guard<std::mutex> lock(mu);
  held = nullptr;
  probe = nullptr;
}

TEST_F(HttpFrontTest, BodiesPastTheByteBudgetAreRefusedAndTheBudgetComesBack) {
  HttpFrontOptions options;
  options.max_buffered_bytes = 1024 * 1024;
  auto handler = std::make_shared<WaitingHandler>();
  start(
      [handler](HttpRequest& request, HttpRespond respond) {
        if (request.over_budget) return respond(503, "over budget");
        if (request.body.size() > 100 * 1024) return (*handler)(request, std::move(respond));
        echo(request, std::move(respond));
      },
      options);
  // Bodies the handler has read are given back, even while their requests
  // wait for an answer.
  std::string large(200 * 1024, 'x');
  std::vector<std::unique_ptr<RawConnection>> read_whole;
  for (size_t i = 0; i < 8; ++i) {
    read_whole.push_back(std::make_unique<RawConnection>(front_->port()));
    read_whole.back()->send(post(large));
    ASSERT_TRUE(eventually([&] { return handler->waiting() == i + 1; }));
  }
  // Bodies still arriving are charged: of eight that stop short of their
  // end, a few hold the budget (1 MB; about 240 KB of memory each), and the
  // others are refused.
  std::string head = "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(large.size() + 1) + "\r\n\r\n";
  std::vector<std::unique_ptr<RawConnection>> stopping_short;
  for (int i = 0; i < 8; ++i) {
    stopping_short.push_back(std::make_unique<RawConnection>(front_->port()));
    stopping_short.back()->send(head + large);
  }
  int refused = 0;
  for (auto& connection : stopping_short) {
    auto answer = connection->read_response(1);
    if (answer) {
      EXPECT_EQ(answer->status, 503);
      ++refused;
    }
  }
  EXPECT_GE(refused, 4);
  EXPECT_LE(refused, 7);
  // Small bodies are never refused.
  auto answered = post_alone("small");
  ASSERT_TRUE(answered);
  EXPECT_EQ(answered->status, 200);
  handler->answer_all();
}

TEST_F(HttpFrontTest, LargeAnswersCountAgainstTheBudgetUntilTheirClientReadsThem) {
  HttpFrontOptions options;
  options.max_buffered_bytes = 12 * 1024 * 1024;
  options.over_budget_answer = "busy";
  start([](HttpRequest&, HttpRespond respond) { respond(200, std::string(8 * 1024 * 1024, 'a')); }, options);
  // A client that does not read its 8 MB answer holds most of the budget...
  RawConnection slow_reader(front_->port());
  slow_reader.send(post("big"));
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  // ...so the next large answer is replaced by a 503.
  RawConnection next(front_->port());
  next.send(post("big"));
  auto refused = next.read_response();
  ASSERT_TRUE(refused);
  EXPECT_EQ(refused->status, 503);
  EXPECT_EQ(refused->body, "busy");
  // Once read, the first answer gives its bytes back.
  auto first = slow_reader.read_response();
  ASSERT_TRUE(first);
  EXPECT_EQ(first->body.size(), 8u * 1024 * 1024);
  auto served = post_alone("big");
  ASSERT_TRUE(served);
  EXPECT_EQ(served->status, 200);
}

TEST_F(HttpFrontTest, ConnectionsPastTheLimitAreClosed) {
  HttpFrontOptions options;
  options.max_connections = 2;
  start(echo, options);
  RawConnection one(front_->port()), two(front_->port());
  one.send(post("1"));
  two.send(post("2"));
  ASSERT_TRUE(one.read_response());
  ASSERT_TRUE(two.read_response());
  RawConnection three(front_->port());
  EXPECT_TRUE(three.closed_by_server(5));
  EXPECT_EQ(front_->connections(), 2u);
}

TEST_F(HttpFrontTest, AnAddressInUseOrNotAnAddressIsAClearError) {
  start(echo);
  HttpFrontOptions taken;
  taken.port = front_->port();
  auto second = HttpFront::start(taken, echo);
  ASSERT_FALSE(second.ok());
  EXPECT_NE(second.status().message().find("address in use"), std::string::npos) << second.status().message();
  HttpFrontOptions bad;
  bad.host = "not-an-address";
  auto third = HttpFront::start(bad, echo);
  ASSERT_FALSE(third.ok());
  EXPECT_NE(third.status().message().find("not an IP address"), std::string::npos) << third.status().message();
}

}  // namespace
}  // namespace simpleflow::server::internal
