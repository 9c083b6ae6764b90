// The SWF client's own cost: what a call costs besides the service.
//
//  - RoundTrip: one DescribeDomain on loopback against a minimal HTTP server
//    in this process that answers at once, signed with SigV4 or not: request
//    building, curl, signing, parsing, connection reuse.
//  - ParseHistoryPage: reading a 1,000-event GetWorkflowExecutionHistory page
//    (a typical page, 300 KB) into the typed result, without network.
#include <benchmark/benchmark.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <string>
#include <thread>

#include "simpleflow/swf.hpp"

namespace {

using namespace simpleflow;

// Answers every request on one keep-alive connection at a time with a fixed
// DescribeDomain reply. Enough HTTP for curl: reads headers, then
// Content-Length bytes.
class LoopbackServer {
 public:
  LoopbackServer() {
    listener_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in address{};
    address.sin_family = AF_INET;
    address.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listener_, reinterpret_cast<sockaddr*>(&address), sizeof address);
    socklen_t length = sizeof address;
    getsockname(listener_, reinterpret_cast<sockaddr*>(&address), &length);
    port_ = ntohs(address.sin_port);
    listen(listener_, 16);
    thread_ = std::thread([this] { serve(); });
  }
  ~LoopbackServer() {
    stopping_ = true;
    shutdown(listener_, SHUT_RDWR);
    close(listener_);
    thread_.join();
  }
  std::string endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  void serve() {
    const std::string body =
        R"({"configuration":{"workflowExecutionRetentionPeriodInDays":"30"},)"
        R"("domainInfo":{"arn":"arn:aws:swf:us-east-1:123456789012:/domain/bench","name":"bench","status":"REGISTERED"}})";
    const std::string reply = "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body;
    while (!stopping_) {
      int connection = accept(listener_, nullptr, nullptr);
      if (connection < 0) return;
      std::string buffer;
      char chunk[16384];
      for (;;) {
        auto end = buffer.find("\r\n\r\n");
        if (end != std::string::npos) {
          auto at = buffer.find("Content-Length: ");
          std::size_t length = at == std::string::npos ? 0 : std::stoul(buffer.substr(at + 16));
          if (buffer.size() >= end + 4 + length) {
            buffer.erase(0, end + 4 + length);
            if (write(connection, reply.data(), reply.size()) < 0) break;
            continue;
          }
        }
        ssize_t n = read(connection, chunk, sizeof chunk);
        if (n <= 0) break;
        buffer.append(chunk, static_cast<std::size_t>(n));
      }
      close(connection);
    }
  }

  int listener_ = -1;
  int port_ = 0;
  std::atomic<bool> stopping_{false};
  std::thread thread_;
};

void RoundTrip(benchmark::State& state) {
  LoopbackServer server;
  swf::ClientConfig config{.endpoint = server.endpoint(), .region = "us-east-1"};
  if (state.range(0)) config.credentials = swf::Credentials{"AKIDEXAMPLE", "secret", "", "bench"};
  auto client = swf::make_client(config).value();
  for (auto _ : state) {
    auto detail = client->describe_domain("bench");
    if (!detail.ok()) state.SkipWithError(detail.error().describe().c_str());
    benchmark::DoNotOptimize(detail);
  }
  state.SetLabel(state.range(0) ? "SigV4" : "unsigned");
}
BENCHMARK(RoundTrip)->Arg(0)->Arg(1)->UseRealTime();

// Answers every call with the same text.
class FixedReply final : public swf::SwfClient {
 public:
  explicit FixedReply(std::string reply) : reply_(std::move(reply)) {}
  swf::Result<std::string> send(std::string_view, std::string_view) override { return reply_; }
  std::string endpoint() const override { return "fixed://"; }

 private:
  std::string reply_;
};

void ParseHistoryPage(benchmark::State& state) {
  Json events = Json::array();
  for (int i = 1; i <= 1000; ++i) {
    events.push_back({{"eventId", i},
                      {"eventTimestamp", 1700000000.5 + i},
                      {"eventType", "ActivityTaskCompleted"},
                      {"activityTaskCompletedEventAttributes",
                       {{"result", R"({"rows":12,"path":"s3://bucket/some/key/part-)" + std::to_string(i) + R"("})"},
                        {"scheduledEventId", i},
                        {"startedEventId", i}}}});
  }
  std::string page = dumps(Json{{"events", events}, {"nextPageToken", "token"}});
  FixedReply client(page);
  for (auto _ : state) {
    auto history = client.get_workflow_execution_history({.domain = "d", .execution = {"w", "r"}});
    benchmark::DoNotOptimize(history);
  }
  state.SetBytesProcessed(static_cast<std::int64_t>(state.iterations() * page.size()));
}
BENCHMARK(ParseHistoryPage)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
