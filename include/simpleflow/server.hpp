// The embedded SWF-compatible server: Amazon SWF's JSON 1.0 API on a local
// port, with its state in SQLite under a data directory, so that deciders and
// workers run as separate processes without an AWS account. The project's
// own client, boto3 and the AWS CLI talk to it unchanged.
//
//   simpleflow::server::ServerOptions options;
//   options.data_dir = "/var/lib/simpleflow";
//   auto server = simpleflow::server::Server::start(options);
//   if (!server.ok()) { /* server.status().message() says why */ }
//   std::string endpoint = (*server)->endpoint();  // "http://127.0.0.1:PORT"
//   ...
//   (*server)->stop();  // or let it go out of scope
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/clock.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow::server {

// An access key that --require-auth accepts.
struct ServerAccessKey {
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;  // when set, requests must carry it
};

struct ServerOptions {
  std::string host = "127.0.0.1";  // loopback unless told otherwise
  int port = 0;                    // 0: a free port, see Server::port()
  std::string data_dir;            // required; created if missing
  // false: commits survive a killed process but not a power cut, and are
  // several times faster.
  bool fsync = true;
  double long_poll_seconds = 60;  // SWF holds polls 60 s
  bool require_auth = false;      // verify SigV4 signatures against access_keys
  std::vector<ServerAccessKey> access_keys;
  std::string region = "us-east-1";      // in domain ARNs, and the region signatures must name
  std::string account_id = "000000000000";
  int threads = 1;  // that serve connections and run calls; a long poll holds none
  // What clients can make the server hold: connections open at once (those
  // past it are closed as they come), and request body bytes held at once
  // by all connections (requests past it get a retryable 503). A request
  // larger than SWF's 1 MB is refused from its Content-Length, unread.
  size_t max_connections = 4096;
  size_t max_buffered_bytes = 64 * 1024 * 1024;
  // HTTPS on the same port, when both are set: PEM files of the certificate
  // chain and of its private key.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  // Time for timers and timeouts; not owned; SystemClock when null.
  const Clock* clock = nullptr;
  // false: timers and timeouts fire only in fire_due_timers(), for tests
  // that move a ManualClock.
  bool run_timers = true;
  // SWF terminates an execution whose history reaches 25,000 events
  // (cause EVENT_LIMIT_EXCEEDED); tests lower the limit.
  size_t max_history_events = 25000;
};

struct ServerCounters {
  uint64_t calls = 0, faults = 0, commits = 0, committed_events = 0;
  uint64_t decision_tasks_started = 0, activity_tasks_started = 0, timeouts_fired = 0;
  uint64_t open_executions = 0, waiting_pollers = 0;
  // Long polls dropped because their client left or sent more bytes.
  uint64_t abandoned_polls = 0;
};

class Server {
 public:
  // Opens the store (recovering what a previous server left, timers and
  // timeouts included) and starts listening. Fails with a message naming the
  // problem (data dir not writable, port taken, bad options).
  static StatusOr<std::unique_ptr<Server>> start(const ServerOptions& options);
  // Stops, as stop() does.
  ~Server();
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int port() const;
  std::string endpoint() const;  // "http://HOST:PORT"

  // Graceful: long polls end with empty tasks, calls in flight finish and
  // their changes are written, then the port closes. Thread-safe, idempotent.
  void stop();
  // Blocks until stop() has finished (OK), or until the server gave up
  // because its store cannot be written nor read back (the reason; it then
  // refuses every call, and the caller should stop() it). A store that only
  // refuses writes for a while (a full disk) is not a reason: the server
  // serves reads meanwhile, refuses writes with a retryable fault, and
  // resumes by itself.
  Status wait();

  // Fires the timers and timeouts due at the clock's now(); returns how many
  // fired. For tests running with run_timers = false. Thread-safe.
  size_t fire_due_timers();

  ServerCounters counters() const;

 private:
  struct Impl;
  explicit Server(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace simpleflow::server
