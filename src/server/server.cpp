// The HTTP front of the embedded server: SWF's JSON 1.0 protocol over
// cpp-httplib, SigV4 when asked, the request shapes, then the engine.
#include "simpleflow/server.hpp"

#include <httplib.h>
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

#include "core/uuid.hpp"
#include "server/engine.hpp"
#include "server/request_schema.hpp"
#include "server/sigv4_verifier.hpp"

namespace simpleflow::server {
namespace {

using internal::Fault;
using internal::Json;
using internal::Reply;

constexpr size_t kMaxRequestBytes = 1024 * 1024;  // SWF's limit on one request
constexpr std::string_view kTargetPrefix = "SimpleWorkflowService.";

std::string fault_type_prefix(const std::string& type) {
  if (type == "ValidationException" || type == "SerializationException") return "com.amazon.coral.validate#";
  if (type.find("Exception") != std::string::npos || type == "InternalFailure") return "com.amazon.coral.service#";
  return "com.amazonaws.swf.base.model#";
}

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
  std::string text = reply.body.dump();
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

struct Server::Impl {
  ServerOptions options;
  std::unique_ptr<internal::Engine> engine;
  httplib::Server http;
  std::thread listener;
  int port = 0;
  std::mutex mu;
  std::condition_variable stopped_cv;
  bool stopped = false;
  int lock_fd = -1;
  std::mutex stop_mu;

  ~Impl() {
    if (lock_fd >= 0) ::close(lock_fd);
  }

  void send(httplib::Response& res, int status, const Json& body) {
    res.status = status;
    res.set_content(body.dump(), "application/x-amz-json-1.0");
  }

  void send_fault(httplib::Response& res, const Fault& fault) {
    send(res, fault.http_status, {{"__type", fault_type_prefix(fault.type) + fault.type}, {"message", fault.message}});
  }

  std::optional<Fault> check_auth(const httplib::Request& req) {
    if (!options.require_auth) return std::nullopt;
    internal::SignedRequest signed_request;
    signed_request.method = req.method;
    signed_request.path = req.path;
    std::string query;
    for (const auto& [k, v] : req.params) query += (query.empty() ? "" : "&") + k + "=" + v;
    signed_request.query = query;
    for (const auto& [k, v] : req.headers) {
      if (k == "REMOTE_ADDR" || k == "REMOTE_PORT" || k == "LOCAL_ADDR" || k == "LOCAL_PORT") continue;
      signed_request.headers.emplace_back(k, v);
    }
    signed_request.body = req.body;
    auto failure = internal::verify_sigv4(
        signed_request,
        [&](std::string_view id) -> std::optional<internal::AccessKey> {
          for (const ServerAccessKey& key : options.access_keys) {
            if (key.access_key_id == id) return internal::AccessKey{key.access_key_id, key.secret_access_key, key.session_token};
          }
          return std::nullopt;
        },
        (options.clock ? options.clock : &SystemClock::instance())->now());
    if (!failure) return std::nullopt;
    return Fault{failure->code, failure->message, failure->http_status};
  }

  void handle(const httplib::Request& req, httplib::Response& res) {
    auto started = std::chrono::steady_clock::now();
    res.set_header("x-amzn-RequestId", simpleflow::internal::uuid4());
    std::string target = req.get_header_value("X-Amz-Target");
    std::string operation = target.rfind(kTargetPrefix, 0) == 0 ? target.substr(kTargetPrefix.size()) : "";
    Reply reply;
    if (auto auth = check_auth(req)) {
      reply.fault = auth;
    } else if (operation.empty() || !internal::is_known_operation(operation)) {
      reply.fault = Fault{"UnknownOperationException", target.empty() ? "Missing X-Amz-Target header" : "Unknown operation " + target};
    } else if (req.body.size() > kMaxRequestBytes) {
      reply.fault = Fault{"ValidationException", "Request of " + std::to_string(req.body.size()) + " bytes is larger than 1 MB", 413};
    } else if (nesting_depth(req.body, kMaxNesting) > kMaxNesting) {
      reply.fault = Fault{"SerializationException", "The request body nests deeper than " + std::to_string(kMaxNesting) + " levels"};
    } else {
      Json body = Json::parse(req.body.empty() ? std::string("{}") : req.body, nullptr, false);
      if (body.is_discarded() || !body.is_object()) {
        reply.fault = Fault{"SerializationException", "The request body is not a JSON object"};
      } else {
        drop_nulls(body);
        if (auto error = internal::validate_request(operation, body)) {
          reply.fault = Fault{error->type, error->message};
        } else {
          reply = engine->call(operation, body);
        }
      }
    }
    double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
    if (reply.fault) {
      spdlog::debug("{} -> {} ({:.1f} ms): {}", operation.empty() ? target : operation, reply.fault->type, ms, reply.fault->message);
      send_fault(res, *reply.fault);
    } else {
      spdlog::debug("{} -> OK ({:.1f} ms)", operation, ms);
      res.status = 200;
      res.set_content(internal::reply_text(reply), "application/x-amz-json-1.0");
    }
  }
};

Server::Server(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}

Server::~Server() { stop(); }

StatusOr<std::unique_ptr<Server>> Server::start(const ServerOptions& options) {
  if (options.data_dir.empty()) return InvalidArgumentError("the server needs a data directory (--data-dir)");
  if (options.long_poll_seconds <= 0 || options.long_poll_seconds > 60) {
    return InvalidArgumentError("long poll seconds must be in (0, 60], not " + std::to_string(options.long_poll_seconds));
  }
  if (options.threads < 2) return InvalidArgumentError("the server needs at least 2 threads");
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
  // A few threads stay free for answers, heartbeats and the rest.
  engine_options.max_waiting_pollers = std::max(1, options.threads - std::max(2, options.threads / 8));
  impl->engine = std::make_unique<internal::Engine>(std::move(store).value(), std::move(reader).value(),
                                                    options.clock ? *options.clock : SystemClock::instance(), engine_options);
  Status started = impl->engine->start();
  if (!started.ok()) return started;

  Impl* raw = impl.get();
  int threads = options.threads;
  raw->http.new_task_queue = [threads] { return new httplib::ThreadPool(static_cast<size_t>(threads)); };
  raw->http.set_keep_alive_max_count(100000);
  // An idle connection holds a thread and is polled until this runs out;
  // stop() waits for it too.
  raw->http.set_keep_alive_timeout(2);
  raw->http.set_read_timeout(std::chrono::seconds(70));
  raw->http.set_write_timeout(std::chrono::seconds(70));
  raw->http.set_tcp_nodelay(true);
  // httplib's default adds SO_REUSEPORT, which would let a second server
  // share the port instead of failing.
  raw->http.set_socket_options([](int sock) {
    int yes = 1;
    setsockopt(sock, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
  });
  raw->http.set_payload_max_length(8 * kMaxRequestBytes);
  raw->http.Post("/", [raw](const httplib::Request& req, httplib::Response& res) { raw->handle(req, res); });
  int port = options.port == 0 ? raw->http.bind_to_any_port(options.host)
                               : (raw->http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (port <= 0) {
    raw->engine->stop();
    return InvalidArgumentError("cannot listen on " + options.host + ":" + std::to_string(options.port) +
                                " (address in use, or not an address of this machine)");
  }
  raw->port = port;
  raw->listener = std::thread([raw] { raw->http.listen_after_bind(); });
  spdlog::info("simpleflow server listening on http://{}:{}, data in {}", options.host, port, options.data_dir);
  return std::unique_ptr<Server>(new Server(std::move(impl)));
}

int Server::port() const { return impl_->port; }

std::string Server::endpoint() const { return "http://" + impl_->options.host + ":" + std::to_string(impl_->port); }

void Server::stop() {
  std::lock_guard<std::mutex> once(impl_->stop_mu);  // a second caller waits for the first
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    if (impl_->stopped) return;
  }
  impl_->engine->stop();
  internal::EngineCounters c = impl_->engine->counters();
  impl_->http.stop();
  if (impl_->listener.joinable()) impl_->listener.join();
  {
    std::lock_guard<std::mutex> lock(impl_->mu);
    impl_->stopped = true;
  }
  impl_->stopped_cv.notify_all();
  spdlog::info("simpleflow server stopped: {} calls ({} faults), {} commits of {} events, {} decision and {} activity tasks, {} timeouts",
               c.calls, c.faults, c.commits, c.committed_events, c.decision_tasks_started, c.activity_tasks_started,
               c.timeouts_fired);
}

void Server::wait() {
  std::unique_lock<std::mutex> lock(impl_->mu);
  impl_->stopped_cv.wait(lock, [&] { return impl_->stopped; });
}

size_t Server::fire_due_timers() { return impl_->engine->fire_due(); }

ServerCounters Server::counters() const { return impl_->engine->counters(); }

}  // namespace simpleflow::server
