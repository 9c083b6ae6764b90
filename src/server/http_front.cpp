// HttpFront on Boost.Beast and Asio: one strand per connection, a few
// threads for all of them.
#include "server/http_front.hpp"

#include <fcntl.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <boost/asio.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "core/uuid.hpp"

namespace simpleflow::server::internal {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = net::ip::tcp;

std::chrono::steady_clock::duration after(double seconds) {
  return std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(seconds));
}

// Errors that mean the peer went away or stayed idle, not that it sent
// something that is not HTTP: nothing to answer.
bool is_disconnect(const beast::error_code& ec) {
  static const auto& http_errors = make_error_code(http::error::end_of_stream).category();
  return ec.category() != http_errors || ec == http::error::end_of_stream || ec == http::error::partial_message;
}

std::string_view view(beast::string_view s) { return {s.data(), s.size()}; }

class Session;

}  // namespace

std::string_view HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(beast::string_view(key.data(), key.size()), beast::string_view(name.data(), name.size()))) return value;
  }
  return {};
}

class HttpFront::Impl {
 public:
  HttpFrontOptions options;
  HttpHandler handler;
  // Sessions still queued in the io_context remove themselves when it is
  // destroyed: these outlive it.
  std::mutex mu;  // guards sessions
  std::condition_variable sessions_changed;
  std::unordered_map<Session*, std::weak_ptr<Session>> sessions;
  std::mutex stop_mu;

  net::io_context ioc;
  // On one strand: accepting, and closing at stop().
  net::strand<net::io_context::executor_type> accept_strand{ioc.get_executor()};
  tcp::acceptor acceptor{accept_strand};
  net::steady_timer accept_retry{accept_strand};
  // A connection waiting for its answer has no I/O pending: this keeps the
  // threads running for it until stop().
  net::executor_work_guard<net::io_context::executor_type> keep_running{ioc.get_executor()};
  std::vector<std::thread> threads;
  int port = 0;
  std::atomic<bool> stopping{false};

  void accept();
  void add(Session* session, std::weak_ptr<Session> weak) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.emplace(session, std::move(weak));
  }
  void remove(Session* session) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.erase(session);
    sessions_changed.notify_all();
  }
};

namespace {

// One connection. Its handlers run on its strand; `respond` posts there.
class Session : public std::enable_shared_from_this<Session> {
 public:
  Session(tcp::socket socket, HttpFront::Impl& front) : stream_(std::move(socket)), front_(front) {}
  ~Session() { front_.remove(this); }

  // The first read runs on the session's strand, like everything after it.
  void start() {
    net::dispatch(stream_.get_executor(), [self = shared_from_this()] { self->read_header(); });
  }

  // From any thread: closes the connection once no request is in progress.
  void close_when_idle() {
    net::post(stream_.get_executor(), [self = shared_from_this()] {
      self->closing_ = true;
      if (!self->busy_) self->close();
    });
  }

 private:
  void read_header() {
    if (closing_ || front_.stopping) return close();
    parser_.emplace();
    parser_->body_limit(front_.options.max_body_bytes);
    stream_.expires_after(after(front_.options.keep_alive_seconds));
    http::async_read_header(stream_, buffer_, *parser_,
                            [self = shared_from_this()](beast::error_code ec, size_t) { self->on_header(ec); });
  }

  void on_header(beast::error_code ec) {
    if (ec) return on_error(ec);
    busy_ = true;
    stream_.expires_after(after(front_.options.read_timeout_seconds));
    const auto& req = parser_->get();
    if (beast::iequals(req[http::field::expect], "100-continue")) {
      // curl waits for this (a second, else) before it sends a large body.
      auto interim = std::make_shared<http::response<http::empty_body>>(http::status::continue_, req.version());
      http::async_write(stream_, *interim, [self = shared_from_this(), interim](beast::error_code ec, size_t) {
        if (ec) return self->close();
        self->read_body();
      });
      return;
    }
    read_body();
  }

  void read_body() {
    http::async_read(stream_, buffer_, *parser_, [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->on_error(ec);
      self->dispatch({});
    });
  }

  void on_error(beast::error_code ec) {
    if (ec == http::error::body_limit) {
      HttpRequest request;
      request.too_large = true;
      request.content_length = parser_->content_length().value_or(0);
      return dispatch(std::move(request));
    }
    // A request that is not HTTP gets an answer before the connection
    // closes; a peer that left or stayed idle does not.
    if (is_disconnect(ec) || !parser_ || !parser_->got_some()) return close();
    HttpRequest request;
    request.unreadable = ec.message();
    dispatch(std::move(request));
  }

  // Hands the request to the handler; the connection reads nothing more
  // until the answer is written.
  void dispatch(HttpRequest request) {
    busy_ = true;
    stream_.expires_never();
    bool readable = !request.too_large && !request.unreadable;
    keep_alive_ = readable && parser_->get().keep_alive();
    drain_before_close_ = !readable;
    version_ = readable ? parser_->get().version() : 11;
    if (readable) {
      auto& message = parser_->get();
      request.method = view(message.method_string());
      request.target = view(message.target());
      request.headers.reserve(16);
      for (const auto& field : message) request.headers.emplace_back(view(field.name_string()), view(field.value()));
      request.body = std::move(message.body());
    }
    auto self = shared_from_this();
    try {
      front_.handler(request, [self](int status, std::string body) {
        net::post(self->stream_.get_executor(),
                  [self, status, body = std::move(body)]() mutable { self->write(status, std::move(body)); });
      });
    } catch (const std::exception& e) {
      // A bug in the handler: whether it answered is unknown, so the
      // connection ends rather than hang or get two answers.
      spdlog::error("server: a request's handler failed: {}", e.what());
      close();
    }
  }

  void write(int status, std::string body) {
    response_.emplace(static_cast<http::status>(status), version_);
    response_->set(http::field::content_type, front_.options.content_type);
    response_->set(front_.options.request_id_header, simpleflow::internal::uuid4());
    response_->body() = std::move(body);
    response_->keep_alive(keep_alive_ && !closing_ && !front_.stopping);
    response_->prepare_payload();
    stream_.expires_after(after(front_.options.read_timeout_seconds));
    http::async_write(stream_, *response_, [self = shared_from_this()](beast::error_code ec, size_t) {
      bool keep = !ec && self->response_->keep_alive();
      self->response_.reset();
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
    stream_.socket().shutdown(tcp::socket::shutdown_send, ignored);
    stream_.expires_after(after(2));
    drain_buffer_.resize(64 * 1024);
    drain();
  }
  void drain() {
    stream_.async_read_some(net::buffer(drain_buffer_), [self = shared_from_this()](beast::error_code ec, size_t) {
      if (ec) return self->close();
      self->drain();
    });
  }

  void close() {
    beast::error_code ignored;
    stream_.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream_.close();
  }

  beast::tcp_stream stream_;
  HttpFront::Impl& front_;
  beast::flat_buffer buffer_;
  std::optional<http::request_parser<http::string_body>> parser_;
  std::optional<http::response<http::string_body>> response_;
  bool busy_ = false, closing_ = false, keep_alive_ = false, drain_before_close_ = false;
  std::vector<char> drain_buffer_;
  unsigned version_ = 11;
};

}  // namespace

void HttpFront::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open() || stopping) return;
      // Out of descriptors and the like: say so, and try again shortly.
      spdlog::warn("server: accept failed: {}", ec.message());
      accept_retry.expires_after(std::chrono::milliseconds(100));
      accept_retry.async_wait([this](beast::error_code) {
        if (!stopping) accept();
      });
      return;
    } else {
      beast::error_code ignored;
      socket.set_option(tcp::no_delay(true), ignored);
      // A program that embeds the server and starts others (standalone does)
      // must not pass its connections on: a copy held open in a child keeps
      // a connection from closing when the server closes it.
      ::fcntl(socket.native_handle(), F_SETFD, FD_CLOEXEC);
      auto session = std::make_shared<Session>(std::move(socket), *this);
      add(session.get(), session);
      session->start();
    }
    if (!stopping) accept();
  });
}

HttpFront::HttpFront(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpFront::~HttpFront() { stop(); }

StatusOr<std::unique_ptr<HttpFront>> HttpFront::start(const HttpFrontOptions& options, HttpHandler handler) {
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  impl->handler = std::move(handler);
  beast::error_code ec;
  auto address = net::ip::make_address(options.host, ec);
  auto refused = [&](const std::string& why) {
    return InvalidArgumentError("cannot listen on " + options.host + ":" + std::to_string(options.port) + " (" + why + ")");
  };
  if (ec) return refused("not an IP address");
  tcp::endpoint endpoint(address, static_cast<unsigned short>(options.port));
  // SO_REUSEADDR lets a restarted server take its port back at once; no
  // SO_REUSEPORT, which would let a second server share it.
  impl->acceptor.open(endpoint.protocol(), ec);
  if (!ec) ::fcntl(impl->acceptor.native_handle(), F_SETFD, FD_CLOEXEC);
  if (!ec) impl->acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) impl->acceptor.bind(endpoint, ec);
  if (!ec) impl->acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    return refused(ec == net::error::address_in_use ? "address in use"
                   : ec == boost::system::errc::address_not_available ? "not an address of this machine"
                                                              : ec.message());
  }
  impl->port = impl->acceptor.local_endpoint().port();
  impl->accept();
  Impl* raw = impl.get();
  for (int i = 0; i < std::max(1, options.threads); ++i) {
    raw->threads.emplace_back([raw] {
      // A handler that throws must not take the whole server down.
      for (;;) {
        try {
          raw->ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("server: an HTTP handler failed: {}", e.what());
        }
      }
    });
  }
  return std::unique_ptr<HttpFront>(new HttpFront(std::move(impl)));
}

int HttpFront::port() const { return impl_->port; }

void HttpFront::stop(double grace_seconds) {
  std::lock_guard<std::mutex> once(impl_->stop_mu);
  if (impl_->threads.empty()) return;
  impl_->stopping = true;
  net::post(impl_->accept_strand, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->accept_retry.cancel();
  });
  std::vector<std::shared_ptr<Session>> live;
  {
    std::unique_lock<std::mutex> lock(impl_->mu);
    for (auto& [raw, weak] : impl_->sessions) {
      if (auto session = weak.lock()) live.push_back(std::move(session));
    }
  }
  for (auto& session : live) session->close_when_idle();
  live.clear();
  {
    std::unique_lock<std::mutex> lock(impl_->mu);
    impl_->sessions_changed.wait_for(lock, after(grace_seconds), [&] { return impl_->sessions.empty(); });
  }
  impl_->keep_running.reset();
  impl_->ioc.stop();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace simpleflow::server::internal
