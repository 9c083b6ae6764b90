// One connection of the HTTP front, over plain TCP or TLS: reads a request,
// hands it to the handler, writes its answer, and meanwhile watches the
// client of a request that waits (a parked long poll), so that a client that
// left or sent more bytes behind it does not keep it. Private to
// http_front.cpp.
#pragma once

#include <fcntl.h>
#include <sys/socket.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "core/log_limiter.hpp"
#include "core/uuid.hpp"
#include "server/http_front.hpp"
#include "server/request_body.hpp"

namespace simpleflow::server::internal::http_session {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;
using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

inline std::chrono::steady_clock::duration after(double seconds) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

inline std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

// Errors that mean the peer went away or stayed idle, not that it sent
// something that is not HTTP: nothing to answer.
inline bool is_disconnect(const beast::error_code& ec) {
  static const auto& http_errors = make_error_code(http::error::end_of_stream).category();
  return ec.category() != http_errors || ec == http::error::end_of_stream || ec == http::error::partial_message;
}

// What every session shares with the front.
class SessionBase;
struct FrontShared {
  HttpFrontOptions options;
  HttpHandler handler;
  ByteBudget budget{0};
  std::atomic<bool> stopping{false};
  std::function<void(SessionBase*)> on_session_end;

  explicit FrontShared(const HttpFrontOptions& o, HttpHandler h)
      : options(o), handler(std::move(h)), budget(o.max_buffered_bytes) {}

  // A client sent a request behind one that waits: dropped at its first
  // collision, a shared connection is logged once, but every new sharer
  // collides once, so the log is limited.
  void note_shared_connection() {
    uint64_t total = 0;
    if (!shared_connections.allow(&total)) return;
    spdlog::info("server: a request came behind a waiting one on the same connection: dropping both, so that the "
                 "client retries each on a connection of its own (two processes sharing one connection?); {} so far",
                 total);
  }
  simpleflow::internal::LogLimiter shared_connections, garbled_requests;
  // Connections accepted and not yet sessions (TLS detection): counted
  // against max_connections with the sessions.
  std::atomic<size_t> detecting{0};
  simpleflow::internal::LogLimiter refused_connections, failed_accepts;
};

class SessionBase {
 public:
  virtual ~SessionBase() = default;
  // From any thread: closes the connection once no request is in progress.
  virtual void close_when_idle() = 0;
};

// The largest request header, and the connection's read buffer (a header
// and the start of a body: the body is read into its own budgeted string).
// With BudgetedBody::kFreeBytes, they bound what an idle or small request
// holds per connection.
constexpr size_t kHeaderLimit = 16 * 1024;
constexpr size_t kReadBufferLimit = 32 * 1024;
// A TLS handshake takes a few round trips; a client that stalls it holds a
// connection no longer than this.
constexpr double kHandshakeSeconds = 10;

template <class Stream>
class Session : public SessionBase, public std::enable_shared_from_this<Session<Stream>> {
 public:
  static constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

  // `buffer`: bytes already read from the connection (by TLS detection).
  template <class... StreamArgs>
  Session(FrontShared& front, beast::flat_buffer buffer, StreamArgs&&... args)
      : stream_(std::forward<StreamArgs>(args)...), front_(front), buffer_(std::move(buffer)) {
    buffer_.max_size(kReadBufferLimit);
  }
  ~Session() override { front_.on_session_end(this); }

  // `https_required`: a plain connection to a TLS listener, answered with
  // an error.
  void start(bool https_required = false) {
    https_required_ = https_required;
    net::dispatch(stream_.get_executor(), [self = this->shared_from_this()] {
      if constexpr (kTls) {
        self->tcp().expires_after(after(kHandshakeSeconds));
        self->stream_.async_handshake(net::ssl::stream_base::server, self->buffer_.data(),
                                      [self](beast::error_code ec, size_t used) {
                                        if (ec) return self->close();
                                        self->buffer_.consume(used);
                                        self->read_header();
                                      });
      } else {
        self->read_header();
      }
    });
  }

  void close_when_idle() override {
    net::post(stream_.get_executor(), [self = this->shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->close();
    });
  }

 private:
  using Parser = http::request_parser<BudgetedBody>;
  enum class Peek { kNothing, kBytes, kClosed };

  beast::tcp_stream& tcp() { return beast::get_lowest_layer(stream_); }

  void read_header() {
    if (closing_ || front_.stopping) return close();
    parser_.emplace();
    parser_->header_limit(kHeaderLimit);
    parser_->body_limit(front_.options.max_body_bytes);
    parser_->get().body().charge_to(&front_.budget);
    tcp().expires_after(after(front_.options.keep_alive_seconds));
    http::async_read_header(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      self->on_header(ec);
    });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_error(ec);
    busy_ = true;
    tcp().expires_after(after(front_.options.read_timeout_seconds));
    const auto& req = parser_->get();
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      // curl waits for this (a second, else) before it sends a large body.
      auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
      http::async_write(stream_, *interim, [self = this->shared_from_this(), interim](beast::error_code ec, size_t) {
        if (ec) return self->close();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->on_error(ec);
      self->dispatch({});
    });
  }

  void on_error(beast::error_code ec) {
    HttpRequest request;
    if (ec == http::error::body_limit) {
      request.too_large = true;
      request.content_length = parser_->content_length().value_or(0);
      return dispatch(std::move(request));
    }
    if (ec == budget_spent()) {
      request.over_budget = true;
      return dispatch(std::move(request));
    }
    // A request that is not HTTP gets an answer before the connection
    // closes; a peer that left or stayed idle does not.
    if (is_disconnect(ec) || !parser_ || !parser_->got_some()) return close();
    // After a request, bytes that are not one are most likely two clients
    // writing on one connection: any answer would reach either, so none is
    // given, as a TLS endpoint drops a connection whose records interleave.
    if (requests_ > 0 && ec != http::error::header_limit) {
      uint64_t total = 0;
      if (front_.garbled_requests.allow(&total)) {
        spdlog::info("server: closing a connection whose request {} is not HTTP ({}); are two processes sharing it? "
                     "({} so far)",
                     requests_ + 1, ec.message(), total);
      }
      return close();
    }
    request.unreadable = ec == http::error::header_limit
                             ? "the request's headers are larger than " + std::to_string(kHeaderLimit / 1024) + " KB"
                             : ec.message();
    dispatch(std::move(request));
  }

  // Answers one request: called at most once. Dropped uncalled (the handler
  // gave the request up), it closes the connection.
  class PendingAnswer {
   public:
    explicit PendingAnswer(std::shared_ptr<Session> session) : session_(std::move(session)) {}
    ~PendingAnswer() {
      if (!sent_) net::post(session_->stream_.get_executor(), [session = session_] { session->close(); });
    }
    void send(int status, std::string body) {
      if (sent_.exchange(true)) return;
      net::post(session_->stream_.get_executor(), [session = session_, status, body = std::move(body)]() mutable {
        if (status == kHttpDropConnection) return session->close();
        session->write(status, std::move(body));
      });
    }

   private:
    std::shared_ptr<Session> session_;
    std::atomic<bool> sent_{false};
  };

  // Hands the request to the handler; the connection reads nothing more
  // until the answer is written.
  void dispatch(HttpRequest request) {
    busy_ = true;
    tcp().expires_never();
    bool readable = !request.too_large && !request.unreadable && !request.over_budget;
    keep_alive_ = readable && !https_required_ && parser_->get().keep_alive();
    drain_before_close_ = !readable;
    version_ = readable ? parser_->get().version() : 11;
    request.sequence = requests_++;
    buffer_has_bytes_ = buffer_.size() > 0;
    request.https_required = https_required_;
    if (readable) {
      auto& message = parser_->get();
      request.method = view(message.method_string());
      request.target = view(message.target());
      request.headers.reserve(16);
      for (const auto& field : message) request.headers.emplace_back(view(field.name_string()), view(field.value()));
      request.body = std::move(message.body().text());
      // No reference held: the probe is called only while the request's
      // answer is pending, and the pending answer holds the session.
      request.client_waiting = [this] { return client_waiting(); };
    }
    auto self = this->shared_from_this();
    auto answer = std::make_shared<PendingAnswer>(self);
    try {
      front_.handler(request, [answer](int status, std::string body) { answer->send(status, std::move(body)); });
    } catch (const std::exception& e) {
      // A bug in the handler: whether it answered is unknown, so the
      // connection ends rather than hang or get two answers.
      spdlog::error("server: a request's handler failed: {}", e.what());
      close();
    }
    parser_->get().body().release();  // the handler has read it, or it was refused
    if (request.abandon && socket_open()) watch_client(std::move(request.abandon));
  }

  // While a request waits for its answer, the client should wait too: its
  // closing the connection or sending more bytes means the answer would be
  // lost or read by someone else, so the handler is told to give it up.
  void watch_client(std::function<void()> abandon) {
    abandon_ = std::move(abandon);
    uint64_t watch = ++watch_;
    if (buffer_.size() > 0) return give_up(Peek::kBytes);  // bytes behind it, read already
    wait_for_client(watch);
  }

  void wait_for_client(uint64_t watch) {
    tcp().socket().async_wait(tcp::socket::wait_read, [self = this->shared_from_this(), watch](beast::error_code ec) {
      if (!ec) self->on_client_activity(watch);
    });
  }

  void on_client_activity(uint64_t watch) {
    if (watch != watch_ || !abandon_) return;  // answered since
    Peek seen = peek();
    if (seen == Peek::kNothing) return wait_for_client(watch);
    give_up(seen);
  }

  void give_up(Peek seen) {
    // Over TLS, bytes may be a close_notify; a second writer breaks the
    // records anyway.
    if (seen == Peek::kBytes && !kTls) front_.note_shared_connection();
    auto abandon = std::move(abandon_);
    abandon_ = nullptr;
    abandon();  // the handler drops the request if it still can, which closes the connection
  }

  // What the client did since its request, without reading it. Thread-safe
  // while the socket is open.
  Peek peek() {
    char byte;
    ssize_t n = ::recv(native_handle_, &byte, 1, MSG_PEEK | MSG_DONTWAIT);
    if (n > 0) return Peek::kBytes;
    if (n == 0) return Peek::kClosed;
    return errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR ? Peek::kNothing : Peek::kClosed;
  }

  // For the handler, from any thread: the client still waits for the
  // answer, alone on its connection. Under fd_mu_, so that close() cannot
  // free the descriptor (and accept() give its number to another
  // connection) between the check and the peek.
  bool client_waiting() {
    std::lock_guard<std::mutex> lock(fd_mu_);
    if (!socket_open() || buffer_has_bytes_) return false;
    return peek() == Peek::kNothing;
  }

  bool socket_open() const { return open_.load(std::memory_order_acquire); }

  void write(int status, std::string body) {
    ++watch_;  // a watch still pending is over
    abandon_ = nullptr;
    if (!socket_open()) return;
    // A large answer is held until the client has read it (a history page
    // can be tens of MB): it counts against the budget like a request body.
    response_charge_ = body.size() > BudgetedBody::kFreeBytes ? body.size() - BudgetedBody::kFreeBytes : 0;
    if (response_charge_ && !front_.budget.take(response_charge_)) {
      response_charge_ = 0;
      status = 503;
      body = front_.options.over_budget_answer;
      keep_alive_ = false;
    }
    response_.emplace(static_cast<http::status>(status), version_);
    response_->set(http::field::content_type, front_.options.content_type);
    response_->set(front_.options.request_id_header, simpleflow::internal::uuid4());
    response_->body() = std::move(body);
    response_->keep_alive(keep_alive_ && !closing_ && !front_.stopping);
    response_->prepare_payload();
    tcp().expires_after(after(front_.options.read_timeout_seconds));
    http::async_write(stream_, *response_, [self = this->shared_from_this()](beast::error_code ec, size_t) {
      bool keep = !ec && self->response_->keep_alive();
      self->response_.reset();
      self->front_.budget.give_back(self->response_charge_);
      self->response_charge_ = 0;
      self->busy_ = false;
      if (!ec && self->drain_before_close_) return self->drain_then_close();
      if (!keep) return self->close();
      self->read_header();
    });
  }

  // After answering a request whose body was left unread: closing at once
  // would reset the connection (the kernel answers unread data with RST),
  // and the client could lose the answer. Stop sending, read what it still
  // sends for a while, then close.
  void drain_then_close() {
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_send, ignored);
    tcp().expires_after(after(2));
    drain_buffer_.resize(8 * 1024);
    drain();
  }
  void drain() {
    tcp().async_read_some(net::buffer(drain_buffer_), [self = this->shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->close();
      self->drain();
    });
  }

  void close() {
    std::lock_guard<std::mutex> lock(fd_mu_);
    if (!socket_open()) return;
    open_.store(false, std::memory_order_release);
    beast::error_code ignored;
    tcp().socket().shutdown(tcp::socket::shutdown_both, ignored);
    tcp().close();
  }

  Stream stream_;
  FrontShared& front_;
  beast::flat_buffer buffer_;
  const int native_handle_ = tcp().socket().native_handle();
  std::atomic<bool> open_{true};
  std::mutex fd_mu_;  // close() against client_waiting() on another thread
  std::optional<Parser> parser_;
  std::optional<http::response<http::string_body>> response_;
  size_t response_charge_ = 0;  // of the budget, while response_ is written
  bool busy_ = false, closing_ = false, keep_alive_ = false, drain_before_close_ = false, https_required_ = false;
  std::atomic<bool> buffer_has_bytes_{false};
  uint64_t requests_ = 0;
  std::function<void()> abandon_;
  uint64_t watch_ = 0;  // the current watch; a watch that finds another number is over
  std::vector<char> drain_buffer_;
  unsigned version_ = 11;
};

}  // namespace simpleflow::server::internal::http_session
