// The server's HTTP/1.1 transport, over plain TCP or TLS: accepts
// connections, reads one request at a time from each, hands it to a handler
// that answers whenever it likes (a long poll answers up to a minute later),
// and writes the answer in one piece. No thread is held while a request waits
// for its answer; a few threads serve every connection. What clients can make
// it hold is bounded: connections, request sizes, and the body bytes of all
// connections together. It knows nothing of SWF.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "simpleflow/status.hpp"

namespace simpleflow::server::internal {

// One request. The views point into the connection's buffers and are valid
// only while the handler runs; the handler takes the body.
struct HttpRequest {
  std::string_view method, target;
  std::vector<std::pair<std::string_view, std::string_view>> headers;
  std::string body;
  // The request could not be read whole: `unreadable` says why; the
  // connection closes after the answer.
  std::optional<std::string> unreadable;
  bool too_large = false;      // the body is over the limit (and unread)
  uint64_t content_length = 0;  // as declared, when too_large
  // The bodies of all connections use up the front's byte budget: this one
  // was not read whole. The connection closes after the answer.
  bool over_budget = false;
  // Plain HTTP on a listener that speaks TLS; answered, then closed.
  bool https_required = false;
  // How many requests the connection carried before this one.
  uint64_t sequence = 0;

  // Whether the client still waits for the answer, alone on its connection:
  // false once it closed the connection or sent bytes behind this request.
  // One non-blocking peek at the socket. Callable from any thread as long as
  // a copy of the request's `respond` is kept (it holds the connection);
  // the probe itself holds nothing.
  std::function<bool()> client_waiting;

  // Set by a handler that returns without answering, when it can give the
  // request up: the front calls it (once, on the connection's thread) when
  // the client no longer waits, as client_waiting() tells. To give up, the
  // handler drops `respond` without calling it, which closes the connection.
  std::function<void()> abandon;

  // The first header of that name (case-insensitive), or "".
  std::string_view header(std::string_view name) const;
};

// An HttpRespond status that closes the connection without an answer.
constexpr int kHttpDropConnection = 0;

// Called at most once with the answer: a status and a JSON body. Thread-safe;
// may be called from any thread, after the handler returned. Dropped without
// being called (all copies), it closes the connection. It keeps its
// connection alive: drop it before the front is destroyed.
using HttpRespond = std::function<void(int status, std::string body)>;
// Runs on one of the front's threads; must not block.
using HttpHandler = std::function<void(HttpRequest& request, HttpRespond respond)>;

struct HttpFrontOptions {
  std::string host = "127.0.0.1";
  int port = 0;  // 0: any free port
  int threads = 2;
  double keep_alive_seconds = 2;   // an idle connection closes after this
  double read_timeout_seconds = 70;  // to read a request once it has begun
  // Larger bodies are refused from their Content-Length, unread (413).
  size_t max_body_bytes = 1024 * 1024;
  // Body bytes held at once by all connections, of requests being read and
  // of answers being written; past it, requests are refused (over_budget)
  // and answers replaced by `over_budget_answer` until others are done.
  size_t max_buffered_bytes = 64 * 1024 * 1024;
  std::string over_budget_answer = "the server holds too many bytes; retry later";  // sent with 503
  // Connections open at once; those past it are closed as they come. Lowered
  // to what the process's descriptor limit allows.
  size_t max_connections = 4096;
  // TLS, when both are set: PEM files of the certificate chain and its
  // private key. Plain HTTP to such a listener is answered with https_required.
  std::string tls_certificate_file;
  std::string tls_private_key_file;
  std::string content_type = "application/x-amz-json-1.0";
  std::string request_id_header = "x-amzn-RequestId";  // a fresh UUID on every answer
};

class HttpFront {
 public:
  // Binds and starts serving; fails when the address cannot be bound.
  static StatusOr<std::unique_ptr<HttpFront>> start(const HttpFrontOptions& options, HttpHandler handler);
  // Stops, as stop() does.
  ~HttpFront();
  HttpFront(const HttpFront&) = delete;
  HttpFront& operator=(const HttpFront&) = delete;

  int port() const;
  bool tls() const;
  // Connections open now.
  size_t connections() const;
  // Stops accepting, closes idle connections, writes the answers already
  // given (waiting up to `grace_seconds` for the others), then closes
  // everything and joins the threads. Idempotent; not from a handler.
  void stop(double grace_seconds = 5);

  class Impl;

 private:
  explicit HttpFront(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
};

}  // namespace simpleflow::server::internal
