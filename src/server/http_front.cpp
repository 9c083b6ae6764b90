// HttpFront on Boost.Beast and Asio: one strand per connection, a few
// threads for all of them; TLS through Asio's OpenSSL stream.
#include "server/http_front.hpp"

#include <fcntl.h>
#include <openssl/err.h>
#include <openssl/x509.h>
#include <sys/resource.h>

#include <spdlog/spdlog.h>

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>
#include <unordered_map>

#include "server/http_session.hpp"

namespace simpleflow::server::internal {

using http_session::FrontShared;
using http_session::PlainStream;
using http_session::Session;
using http_session::SessionBase;
using http_session::TlsStream;
namespace net = http_session::net;
namespace beast = http_session::beast;
using tcp = http_session::tcp;

std::string_view HttpRequest::header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (beast::iequals(beast::string_view(key.data(), key.size()), beast::string_view(name.data(), name.size()))) return value;
  }
  return {};
}

class HttpFront::Impl {
 public:
  Impl(const HttpFrontOptions& options, HttpHandler handler) : shared(options, std::move(handler)) {
    shared.on_session_end = [this](SessionBase* session) { remove(session); };
  }

  FrontShared shared;
  std::optional<net::ssl::context> tls;
  // Sessions still queued in the io_context remove themselves when it is
  // destroyed: these outlive it.
  mutable std::mutex mu;  // guards sessions
  std::condition_variable sessions_changed;
  std::unordered_map<SessionBase*, std::weak_ptr<SessionBase>> sessions;
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

  const HttpFrontOptions& options() const { return shared.options; }
  void accept();
  // Takes a new connection unless the front holds as many as it may.
  void admit(tcp::socket socket);
  // Plain HTTP, or TLS as the client's first bytes say.
  void detect_tls(tcp::socket socket);
  template <class Stream, class... Args>
  void open_session(beast::flat_buffer buffer, bool https_required, Args&&... args) {
    auto session = std::make_shared<Session<Stream>>(shared, std::move(buffer), std::forward<Args>(args)...);
    {
      std::lock_guard<std::mutex> lock(mu);
      sessions.emplace(session.get(), session);
    }
    session->start(https_required);
  }
  void remove(SessionBase* session) {
    std::lock_guard<std::mutex> lock(mu);
    sessions.erase(session);
    sessions_changed.notify_all();
  }
  Status set_up_tls();
};

namespace {

// The connections a process can hold: its descriptor limit, raised to the
// hard limit when needed, less a margin for its files.
size_t connection_limit(size_t wanted) {
  constexpr size_t kReserved = 64;
  rlimit limit{};
  if (getrlimit(RLIMIT_NOFILE, &limit) != 0) return wanted;
  if (limit.rlim_cur != RLIM_INFINITY && limit.rlim_cur < wanted + kReserved) {
    rlimit raised = limit;
    raised.rlim_cur = limit.rlim_max == RLIM_INFINITY ? wanted + kReserved : std::min<rlim_t>(limit.rlim_max, wanted + kReserved);
    if (setrlimit(RLIMIT_NOFILE, &raised) == 0) limit = raised;
  }
  if (limit.rlim_cur == RLIM_INFINITY || limit.rlim_cur >= wanted + kReserved) return wanted;
  return limit.rlim_cur > kReserved ? limit.rlim_cur - kReserved : 1;
}

}  // namespace

void HttpFront::Impl::accept() {
  acceptor.async_accept(net::make_strand(ioc), [this](beast::error_code ec, tcp::socket socket) {
    if (ec) {
      if (ec == net::error::operation_aborted || !acceptor.is_open() || shared.stopping) return;
      // Out of descriptors and the like: say so, and try again shortly.
      uint64_t total = 0;
      if (shared.failed_accepts.allow(&total)) spdlog::warn("server: accept failed: {} ({} so far)", ec.message(), total);
      accept_retry.expires_after(std::chrono::milliseconds(100));
      accept_retry.async_wait([this](beast::error_code) {
        if (!shared.stopping) accept();
      });
      return;
    }
    admit(std::move(socket));
    if (!shared.stopping) accept();
  });
}

void HttpFront::Impl::admit(tcp::socket socket) {
  size_t open;
  {
    std::lock_guard<std::mutex> lock(mu);
    open = sessions.size() + shared.detecting.load();
  }
  if (open >= options().max_connections) {
    // Closed at once: the client sees the connection reset, and retries.
    uint64_t total = 0;
    if (shared.refused_connections.allow(&total)) {
      spdlog::warn("server: {} connections are open, its limit (--max-connections): closing new ones ({} so far)",
                   open, total);
    }
    beast::error_code ignored;
    socket.close(ignored);
    return;
  }
  beast::error_code ignored;
  socket.set_option(tcp::no_delay(true), ignored);
  // A program that embeds the server and starts others (standalone does)
  // must not pass its connections on: a copy held open in a child keeps
  // a connection from closing when the server closes it.
  ::fcntl(socket.native_handle(), F_SETFD, FD_CLOEXEC);
  if (tls) return detect_tls(std::move(socket));
  open_session<PlainStream>(beast::flat_buffer(), false, std::move(socket));
}

void HttpFront::Impl::detect_tls(tcp::socket socket) {
  struct Detection {
    beast::tcp_stream stream;
    beast::flat_buffer buffer;
  };
  auto detection = std::make_shared<Detection>(Detection{beast::tcp_stream(std::move(socket)), {}});
  detection->stream.expires_after(http_session::after(options().keep_alive_seconds));
  ++shared.detecting;
  beast::async_detect_ssl(detection->stream, detection->buffer, [this, detection](beast::error_code ec, bool is_tls) {
    --shared.detecting;
    if (ec) return;  // closed, or idle for too long: nothing to answer
    detection->stream.expires_never();
    if (is_tls) {
      open_session<TlsStream>(std::move(detection->buffer), false, std::move(detection->stream), *tls);
    } else {
      open_session<PlainStream>(std::move(detection->buffer), true, std::move(detection->stream));
    }
  });
}

Status HttpFront::Impl::set_up_tls() {
  const HttpFrontOptions& o = options();
  if (o.tls_certificate_file.empty() && o.tls_private_key_file.empty()) return OkStatus();
  if (o.tls_certificate_file.empty() || o.tls_private_key_file.empty()) {
    return InvalidArgumentError("TLS needs both a certificate (--tls-cert) and its private key (--tls-key)");
  }
  tls.emplace(net::ssl::context::tls_server);
  beast::error_code ec;
  tls->set_options(net::ssl::context::default_workarounds | net::ssl::context::no_sslv2 |
                       net::ssl::context::no_sslv3 | net::ssl::context::no_tlsv1 | net::ssl::context::no_tlsv1_1 |
                       net::ssl::context::single_dh_use,
                   ec);
  if (ec) return InternalError("cannot set up TLS: " + ec.message());
  // Buffers of idle TLS connections are freed between requests.
  SSL_CTX_set_mode(tls->native_handle(), SSL_MODE_RELEASE_BUFFERS);
  // OpenSSL would ask a terminal for the passphrase of an encrypted key.
  bool asked_passphrase = false;
  tls->set_password_callback([&](size_t, net::ssl::context::password_purpose) {
    asked_passphrase = true;
    return std::string();
  });
  tls->use_certificate_chain_file(o.tls_certificate_file, ec);
  if (ec) return InvalidArgumentError("cannot use the TLS certificate " + o.tls_certificate_file + ": " + ec.message());
  tls->use_private_key_file(o.tls_private_key_file, net::ssl::context::pem, ec);
  if (asked_passphrase) {
    return InvalidArgumentError("the TLS private key " + o.tls_private_key_file +
                                " is encrypted: give the server a key without a passphrase (openssl pkey -in KEY -out "
                                "PLAIN_KEY), readable by it only");
  }
  bool mismatch = ec && ERR_GET_REASON(static_cast<unsigned long>(ec.value())) == X509_R_KEY_VALUES_MISMATCH;
  if (ec && !mismatch) {
    return InvalidArgumentError("cannot use the TLS private key " + o.tls_private_key_file + ": " + ec.message());
  }
  if (mismatch || SSL_CTX_check_private_key(tls->native_handle()) != 1) {
    return InvalidArgumentError("the TLS private key " + o.tls_private_key_file + " is not the key of the certificate " +
                                o.tls_certificate_file);
  }
  tls->set_password_callback([](size_t, net::ssl::context::password_purpose) { return std::string(); });
  return OkStatus();
}

HttpFront::HttpFront(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

HttpFront::~HttpFront() { stop(); }

StatusOr<std::unique_ptr<HttpFront>> HttpFront::start(const HttpFrontOptions& options, HttpHandler handler) {
  HttpFrontOptions adjusted = options;
  adjusted.max_connections = connection_limit(options.max_connections);
  if (adjusted.max_connections < options.max_connections) {
    spdlog::warn("server: the descriptor limit (ulimit -n) allows {} connections, not {}", adjusted.max_connections,
                 options.max_connections);
  }
  auto impl = std::make_unique<Impl>(adjusted, std::move(handler));
  if (Status s = impl->set_up_tls(); !s.ok()) return s;
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

bool HttpFront::tls() const { return impl_->tls.has_value(); }

size_t HttpFront::connections() const {
  std::lock_guard<std::mutex> lock(impl_->mu);
  return impl_->sessions.size();
}

void HttpFront::stop(double grace_seconds) {
  std::lock_guard<std::mutex> once(impl_->stop_mu);
  if (impl_->threads.empty()) return;
  impl_->shared.stopping = true;
  net::post(impl_->accept_strand, [impl = impl_.get()] {
    beast::error_code ignored;
    impl->acceptor.close(ignored);
    impl->accept_retry.cancel();
  });
  std::vector<std::shared_ptr<SessionBase>> live;
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
    impl_->sessions_changed.wait_for(lock, http_session::after(grace_seconds), [&] { return impl_->sessions.empty(); });
  }
  impl_->keep_running.reset();
  impl_->ioc.stop();
  for (std::thread& t : impl_->threads) t.join();
  impl_->threads.clear();
}

}  // namespace simpleflow::server::internal
