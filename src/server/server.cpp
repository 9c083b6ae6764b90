// The embedded server: SWF's JSON 1.0 protocol on the HTTP front, SigV4
// when asked, the request shapes, then the engine.
#include "simpleflow/server.hpp"

#include <spdlog/spdlog.h>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstring>
#include <condition_variable>
#include <filesystem>
#include <thread>

#include "core/log_limiter.hpp"
#include "server/engine.hpp"
#include "server/http_front.hpp"
#include "server/request_schema.hpp"
#include "server/sigv4_verifier.hpp"

namespace simpleflow::server {
namespace {

using internal::Fault;
using internal::HttpRequest;
using internal::HttpRespond;
using internal::Json;
using internal::Reply;

constexpr size_t kMaxRequestBytes = 1024 * 1024;  // SWF's limit on one request
constexpr std::string_view kTargetPrefix = "SimpleWorkflowService.";

std::string fault_type_prefix(const std::string& type) {
  if (type == "ValidationException" || type == "SerializationException") return "com.amazon.coral.validate#";
  if (type.find("Exception") != std::string::npos || type == "InternalFailure") return "com.amazon.coral.service#";
  return "com.amazonaws.swf.base.model#";
}

// Why a request does not reach the engine: a fault to answer, or, when
// answering would do harm, a connection to drop.
struct Refusal {
  Refusal(Fault f, bool drop = false) : fault(std::move(f)), drop_connection(drop) {}  // NOLINT: from Fault
  Fault fault;
  bool drop_connection;
};

constexpr int kMaxNesting = 64;  // SWF's deepest shape needs 6 levels

// How deeply arrays and objects nest in `text`, stopping past `limit`;
// counted on the text, so that no recursive walk meets a hostile depth.
int nesting_depth(std::string_view text, int limit) {
  int depth = 0, deepest = 0;
  bool in_string = false;
  for (size_t i = 0; i < text.size() && deepest <= limit; ++i) {
    char c = text[i];
    if (in_string) {
      if (c == '\\') ++i;
      else if (c == '"') in_string = false;
    } else if (c == '"') {
      in_string = true;
    } else if (c == '[' || c == '{') {
      deepest = std::max(deepest, ++depth);
    } else if (c == ']' || c == '}') {
      --depth;
    }
  }
  return deepest;
}

// JSON null means "absent" in AWS's JSON protocol: drop it everywhere.
void drop_nulls(Json& value) {
  if (value.is_object()) {
    for (auto it = value.begin(); it != value.end();) {
      if (it->is_null()) {
        it = value.erase(it);
      } else {
        drop_nulls(*it);
        ++it;
      }
    }
  } else if (value.is_array()) {
    for (Json& item : value) drop_nulls(item);
  }
}

// One server per data directory: a second one would keep its own copy of
// the state and overwrite the first one's. The lock dies with the process.
StatusOr<int> lock_data_dir(const std::string& data_dir) {
  std::error_code ec;
  std::filesystem::create_directories(data_dir, ec);
  std::string path = (std::filesystem::path(data_dir) / "server.lock").string();
  int fd = ::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
  if (fd < 0) return InvalidArgumentError("cannot use data directory '" + data_dir + "': " + std::strerror(errno));
  if (flock(fd, LOCK_EX | LOCK_NB) != 0) {
    ::close(fd);
    return InvalidArgumentError("data directory '" + data_dir + "' is in use by another simpleflow server");
  }
  return fd;
}

}  // namespace

namespace internal {

std::string reply_text(const Reply& reply) {
  // Strings came from parsed JSON, so are valid UTF-8; replace, never throw.
  std::string text = reply.body.dump(-1, ' ', false, Json::error_handler_t::replace);
  if (!reply.has_events) return text;
  text.pop_back();  // the closing brace
  if (text.size() > 1) text += ',';
  text += "\"events\":[";
  for (size_t i = 0; i < reply.events.size(); ++i) {
    if (i) text += ',';
    text += reply.events[i];
  }
  text += "]}";
  return text;
}

}  // namespace internal

Fault too_large(uint64_t bytes) {
  // A chunked body has no announced length.
  std::string what = bytes ? "Request of " + std::to_string(bytes) + " bytes" : std::string("Request");
  return Fault{"ValidationException", what + " is larger than 1 MB", 413};
}

Fault over_budget(size_t limit) {
  return Fault{"ServiceUnavailableException",
               "The server holds too many request and answer bytes (--max-buffered-bytes " + std::to_string(limit) +
                   "); retry later",
               503};
}

std::string fault_body(const Fault& fault) {
  // A message may quote a request's target or headers, which need not be
  // UTF-8: replace what is not, never throw.
  return Json{{"__type", fault_type_prefix(fault.type) + fault.type}, {"message", fault.message}}.dump(
      -1, ' ', false, Json::error_handler_t::replace);
}

struct Server::Impl {
  ServerOptions options;
  // The front outlives the engine: answers the engine still holds belong to
  // its connections.
  std::unique_ptr<internal::HttpFront> front;
  std::unique_ptr<internal::Engine> engine;
  int port = 0;
  std::mutex mu;
  std::condition_variable stopped_cv;
  bool stopped = false;
  std::optional<std::string> failure;  // why the engine gave up
  simpleflow::internal::LogLimiter dropped_connections;
  int lock_fd = -1;
  std::mutex stop_mu;

  ~Impl() {
    engine.reset();
    front.reset();
    if (lock_fd >= 0) ::close(lock_fd);
  }

  std::optional<Fault> check_auth(const HttpRequest& req) {
    if (!options.require_auth) return std::nullopt;
    internal::SignedRequest signed_request;
    signed_request.method = req.method;
    std::string_view target = req.target;
    size_t question = target.find('?');
    signed_request.path = target.substr(0, question);
    if (question != std::string_view::npos) signed_request.query = target.substr(question + 1);
    for (const auto& [k, v] : req.headers) signed_request.headers.emplace_back(std::string(k), std::string(v));
    signed_request.body = req.body;
    auto failure = internal::verify_sigv4(
        signed_request,
        [&](std::string_view id) -> std::optional<internal::AccessKey> {
          for (const ServerAccessKey& key : options.access_keys) {
            if (key.access_key_id == id) return internal::AccessKey{key.access_key_id, key.secret_access_key, key.session_token};
          }
          return std::nullopt;
        },
        (options.clock ? options.clock : &SystemClock::instance())->now(), internal::SigningScope{options.region});
    if (!failure) return std::nullopt;
    return Fault{failure->code, failure->message, failure->http_status};
  }

  // What is wrong with the request before the engine sees it, if anything;
  // else its operation and body.
  std::optional<Refusal> check(HttpRequest& req, std::string& operation, Json& body) {
    if (req.too_large) {
      return too_large(req.content_length);
    }
    if (req.over_budget) return over_budget(options.max_buffered_bytes);
    if (req.https_required) {
      std::string_view host = req.header("Host");
      return Fault{"ValidationException",
                   "This server speaks HTTPS only: use https://" + (host.empty() ? std::string("...") : std::string(host)),
                   400};
    }
    if (req.unreadable) return Fault{"SerializationException", "The request is not valid HTTP: " + *req.unreadable};
    if (req.method != "POST" || (req.target != "/" && req.target.rfind("/?", 0) != 0)) {
      return Fault{"UnknownOperationException", "SWF's API is POST / (not " + std::string(req.method) + " " + std::string(req.target) + ")", 404};
    }
    std::string_view target = req.header("X-Amz-Target");
    operation = target.rfind(kTargetPrefix, 0) == 0 ? std::string(target.substr(kTargetPrefix.size())) : "";
    if (auto auth = check_auth(req)) return auth;
    if (operation.empty() || !internal::is_known_operation(operation)) {
      return Fault{"UnknownOperationException", target.empty() ? "Missing X-Amz-Target header" : "Unknown operation " + std::string(target)};
    }
    if (nesting_depth(req.body, kMaxNesting) > kMaxNesting) {
      return Fault{"SerializationException", "The request body nests deeper than " + std::to_string(kMaxNesting) + " levels"};
    }
    body = Json::parse(req.body.empty() ? std::string_view("{}") : std::string_view(req.body), nullptr, false);
    if (body.is_discarded() || !body.is_object()) {
      // Not JSON after a request that was: most likely two processes
      // writing on one connection (a client shared across fork), whose bytes
      // interleave. Any answer would reach either of them; dropping the
      // connection makes both retry on connections of their own.
      return Refusal{Fault{"SerializationException", "The request body is not a JSON object"},
                     /*drop=*/req.sequence > 0};
    }
    drop_nulls(body);
    if (auto error = internal::validate_request(operation, body)) return Fault{error->type, error->message};
    return std::nullopt;
  }

  void handle(HttpRequest& req, HttpRespond respond) {
    auto started = std::chrono::steady_clock::now();
    std::string operation;
    Json body;
    std::optional<Refusal> refused;
    try {
      refused = check(req, operation, body);
    } catch (const std::exception& e) {
      // A bug, not the request's fault; the server goes on.
      spdlog::error("a request could not be checked: {}", e.what());
      refused = Fault{"InternalFailure", std::string("internal error: ") + e.what(), 500};
    }
    if (refused && refused->drop_connection) {
      uint64_t total = 0;
      if (dropped_connections.allow(&total)) {
        spdlog::info("{}: a request body that is not JSON on a reused connection; closing it (is it shared by two "
                     "processes?) ({} so far)",
                     operation, total);
      }
      respond(internal::kHttpDropConnection, "");
      return;
    }
    if (refused) {
      const Fault& fault = refused->fault;
      spdlog::debug("{} -> {}: {}", operation.empty() ? std::string(req.header("X-Amz-Target")) : operation, fault.type,
                    fault.message);
      respond(fault.http_status, fault_body(fault));
      return;
    }
    // A poll that waits keeps the probe, to be given a task only while its
    // client waits too; any other call drops it.
    uint64_t waiting = engine->submit(operation, std::move(body), [operation, started, respond = std::move(respond)](Reply reply) {
      double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
      if (reply.fault) {
        spdlog::debug("{} -> {} ({:.1f} ms): {}", operation, reply.fault->type, ms, reply.fault->message);
        respond(reply.fault->http_status, fault_body(*reply.fault));
      } else {
        spdlog::debug("{} -> OK ({:.1f} ms)", operation, ms);
        respond(200, internal::reply_text(reply));
      }
    }, std::move(req.client_waiting));
    if (waiting) req.abandon = [engine = engine.get(), waiting] { engine->abandon(waiting); };
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

StatusOr<std::unique_ptr<Server>> Server::start(const ServerOptions& options) {
  if (options.data_dir.empty()) return InvalidArgumentError("the server needs a data directory (--data-dir)");
  if (options.long_poll_seconds <= 0 || options.long_poll_seconds > 60) {
    return InvalidArgumentError("long poll seconds must be in (0, 60], not " + std::to_string(options.long_poll_seconds));
  }
  if (options.threads < 1) return InvalidArgumentError("the server needs at least 1 thread");
  if (options.max_connections < 1) return InvalidArgumentError("the server needs at least 1 connection (--max-connections)");
  if (options.max_buffered_bytes < kMaxRequestBytes) {
    return InvalidArgumentError("--max-buffered-bytes must be at least 1 MB (1048576), SWF's largest request, not " +
                                std::to_string(options.max_buffered_bytes));
  }
  if (options.require_auth && options.access_keys.empty()) {
    return InvalidArgumentError("--require-auth needs at least one access key");
  }
  auto impl = std::make_unique<Impl>();
  impl->options = options;
  auto lock = lock_data_dir(options.data_dir);
  if (!lock.ok()) return lock.status();
  impl->lock_fd = *lock;
  auto sync = options.fsync ? internal::SyncMode::kFull : internal::SyncMode::kNormal;
  auto store = internal::Store::open(options.data_dir, sync);
  if (!store.ok()) return store.status();
  auto reader = internal::Store::open(options.data_dir, sync);
  if (!reader.ok()) return reader.status();

  internal::EngineOptions engine_options;
  engine_options.long_poll_seconds = options.long_poll_seconds;
  engine_options.region = options.region;
  engine_options.account_id = options.account_id;
  engine_options.run_timer_thread = options.run_timers;
  engine_options.max_history_events = options.max_history_events;
  Impl* raw = impl.get();
  engine_options.on_failure = [raw](const std::string& why) {
    {
      std::lock_guard<std::mutex> lock(raw->mu);
      raw->failure = why;
    }
    raw->stopped_cv.notify_all();
  };
  impl->engine = std::make_unique<internal::Engine>(std::move(store).value(), std::move(reader).value(),
                                                    options.clock ? *options.clock : SystemClock::instance(), engine_options);
  Status started = impl->engine->start();
  if (!started.ok()) return started;

  internal::HttpFrontOptions front_options;
  front_options.host = options.host;
  front_options.port = options.port;
  front_options.threads = options.threads;
  front_options.max_body_bytes = kMaxRequestBytes;
  front_options.max_buffered_bytes = options.max_buffered_bytes;
  front_options.over_budget_answer = fault_body(over_budget(options.max_buffered_bytes));
  front_options.max_connections = options.max_connections;
  front_options.tls_certificate_file = options.tls_certificate_file;
  front_options.tls_private_key_file = options.tls_private_key_file;
  auto front = internal::HttpFront::start(front_options, [raw](HttpRequest& req, HttpRespond respond) {
    raw->handle(req, std::move(respond));
  });
  if (!front.ok()) {
    raw->engine->stop();
    return front.status();
  }
  raw->front = std::move(front).value();
  int port = raw->front->port();
  raw->port = port;
  spdlog::info("simpleflow server listening on {}://{}:{}, data in {}", raw->front->tls() ? "https" : "http",
               options.host, port, options.data_dir);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }

std::string Server::endpoint() const {
  return (impl_->front->tls() ? "https://" : "http://") + impl_->options.host + ":" + std::to_string(impl_->port);
}

void Server::stop() {
  std::lock_guard<std::mutex> once(impl_->stop_mu);  // a second caller waits for the first
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->stopped) return;
  }
  impl_->engine->stop();
  internal::EngineCounters c = impl_->engine->counters();
  impl_->front->stop();
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopped = true;
  }
  impl_->stopped_cv.notify_all();
  spdlog::info(
      "simpleflow server stopped: {} calls ({} faults), {} commits of {} events, {} decision and {} activity tasks, {} "
      "timeouts, {} polls dropped by their clients",
      c.calls, c.faults, c.commits, c.committed_events, c.decision_tasks_started, c.activity_tasks_started,
      c.timeouts_fired, c.abandoned_polls);
}

Status Server::wait() {
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->stopped_cv.wait(lock, [&] { return impl_->stopped || impl_->failure; });
  if (impl_->failure) return InternalError("the server's store failed: " + *impl_->failure);
  return OkStatus();
}

size_t Server::fire_due_timers() { return impl_->engine->fire_due(); }

ServerCounters Server::counters() const { return impl_->engine->counters(); }

}  // namespace simpleflow::server
