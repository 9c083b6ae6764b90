// `simpleflow server`: the embedded SWF-compatible server as a process.
#include <signal.h>

#include <atomic>
#include <cstdlib>
#include <iostream>
#include <thread>

#include "cli/commands.hpp"
#include "simpleflow/server.hpp"

namespace simpleflow::cli {
namespace {

// "HOST:PORT" with PORT in 0..65535.
bool parse_listen(const std::string& text, std::string& host, int& port) {
  auto colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0) return false;
  host = text.substr(0, colon);
  if (host.size() > 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  std::string digits = text.substr(colon + 1);
  if (digits.empty() || digits.size() > 5 || digits.find_first_not_of("0123456789") != std::string::npos) return false;
  port = std::stoi(digits);
  return port <= 65535;
}

}  // namespace

std::string default_data_dir() {
  const char* xdg = std::getenv("XDG_DATA_HOME");
  if (xdg && *xdg) return std::string(xdg) + "/simpleflow";
  const char* home = std::getenv("HOME");
  return std::string(home && *home ? home : ".") + "/.local/share/simpleflow";
}

int server(const ServerCommandOptions& options) {
  server::ServerOptions server_options;
  if (!parse_listen(options.listen, server_options.host, server_options.port)) {
    return usage_error("--listen must be HOST:PORT (e.g. 127.0.0.1:" + std::to_string(kDefaultServerPort) + "), not '" +
                       options.listen + "'");
  }
  server_options.data_dir = options.data_dir.empty() ? default_data_dir() : options.data_dir;
  server_options.fsync = !options.no_fsync;
  server_options.long_poll_seconds = options.long_poll_seconds;
  server_options.threads = options.threads;
  server_options.region = options.region;
  server_options.require_auth = options.require_auth;
  server_options.max_connections = options.max_connections;
  server_options.max_buffered_bytes = options.max_buffered_bytes;
  server_options.tls_certificate_file = options.tls_certificate_file;
  server_options.tls_private_key_file = options.tls_private_key_file;
  for (const std::string& key : options.access_keys) {
    auto first = key.find(':');
    if (first == std::string::npos || first == 0 || first + 1 == key.size()) {
      return usage_error("--access-key must be ID:SECRET or ID:SECRET:SESSION_TOKEN, not '" + key + "'");
    }
    server::ServerAccessKey access{key.substr(0, first), key.substr(first + 1), std::nullopt};
    auto second = access.secret_access_key.find(':');
    if (second != std::string::npos) {
      access.session_token = access.secret_access_key.substr(second + 1);
      access.secret_access_key.resize(second);
    }
    server_options.access_keys.push_back(std::move(access));
  }
  if (options.require_auth && server_options.access_keys.empty()) {
    const char* id = std::getenv("AWS_ACCESS_KEY_ID");
    const char* secret = std::getenv("AWS_SECRET_ACCESS_KEY");
    if (!id || !*id || !secret || !*secret) {
      return usage_error("--require-auth needs --access-key ID:SECRET, or AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY");
    }
    const char* token = std::getenv("AWS_SESSION_TOKEN");
    server_options.access_keys.push_back({id, secret, token && *token ? std::optional<std::string>(token) : std::nullopt});
  }
  if (!options.require_auth && !options.access_keys.empty()) return usage_error("--access-key needs --require-auth");
  if (server_options.host != "127.0.0.1" && server_options.host != "localhost" &&
      server_options.host != "::1" && !options.require_auth) {
    std::cerr << "simpleflow server: warning: listening on " << server_options.host
              << " without --require-auth: anyone who can reach it can use it" << std::endl;
  }

  // A file size limit (ulimit -f) makes writes fail, as a full disk does,
  // rather than kill the server.
  signal(SIGXFSZ, SIG_IGN);
  // SIGTERM and SIGINT are waited for here; every thread the server starts
  // inherits the blocked mask, so they reach this thread only.
  sigset_t stop_signals;
  sigemptyset(&stop_signals);
  sigaddset(&stop_signals, SIGTERM);
  sigaddset(&stop_signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);

  auto running = server::Server::start(server_options);
  if (!running.ok()) return usage_error(running.status().message());
  server::Server& server = **running;
  // The port first, alone, for scripts that pass port 0; then a sentence.
  std::cout << server.port() << std::endl;
  std::atomic<bool> failed{false};
  std::thread signals([&] {
    int signal_number = 0;
    sigwait(&stop_signals, &signal_number);
    if (!failed) {
      std::cerr << "simpleflow server: " << (signal_number == SIGINT ? "SIGINT" : "SIGTERM")
                << ", finishing the calls in flight" << std::endl;
    }
    server.stop();
  });
  Status outcome = server.wait();
  if (!outcome.ok()) {
    // A supervisor restarts a server that exits non-zero; one that cannot
    // read its own store should not be left answering faults.
    failed = true;
    std::cerr << "simpleflow server: error: " << outcome.message() << std::endl;
    pthread_kill(signals.native_handle(), SIGTERM);
  }
  signals.join();
  server.stop();
  return outcome.ok() ? kExitOk : kExitFailed;
}

}  // namespace simpleflow::cli
