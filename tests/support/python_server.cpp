#include "support/python_server.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <stdexcept>
#include <thread>

#include "support/command.hpp"

namespace simpleflow::testing {
namespace {

using SteadyClock = std::chrono::steady_clock;

double seconds_since(SteadyClock::time_point start) {
  return std::chrono::duration<double>(SteadyClock::now() - start).count();
}

std::string describe_args(const std::vector<std::string>& args) {
  std::string out;
  for (const auto& a : args) out += (out.empty() ? "" : " ") + a;
  return out;
}

// The child leads its own process group; the group reaches anything it started.
void signal_group(pid_t pid, int signal) {
  if (::kill(-pid, signal) != 0) ::kill(pid, signal);
}

}  // namespace

std::string python3() {
  const char* value = std::getenv("SIMPLEFLOW_TEST_PYTHON");
  if (value && *value) return value;
  // An absolute path, so that run_command() (execv, no PATH search) can run it.
  const char* path = std::getenv("PATH");
  std::string dirs = path && *path ? path : "/usr/local/bin:/usr/bin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    std::string candidate = (end > start ? dirs.substr(start, end - start) : ".") + "/python3";
    if (access(candidate.c_str(), X_OK) == 0) return candidate;
    start = end + 1;
  }
  return "python3";
}

std::string test_script(const std::string& relative) { return source_dir() + "/" + relative; }

namespace {

std::vector<std::string> with_python(std::vector<std::string> args) {
  args.insert(args.begin(), python3());
  return args;
}

}  // namespace

PythonServer::PythonServer(std::vector<std::string> args, double startup_timeout)
    : ChildServer(with_python(std::move(args)), startup_timeout) {}

ChildServer::ChildServer(std::vector<std::string> argv, double startup_timeout) {
  int out_pipe[2];
  if (pipe2(out_pipe, O_CLOEXEC) != 0) throw std::runtime_error(std::string("pipe: ") + std::strerror(errno));
  const std::vector<std::string>& args = argv;
  std::vector<char*> c_argv;
  for (auto& a : argv) c_argv.push_back(a.data());
  c_argv.push_back(nullptr);
  const pid_t parent = getpid();

  pid_t pid = fork();
  if (pid < 0) {
    close(out_pipe[0]);
    close(out_pipe[1]);
    throw std::runtime_error(std::string("fork: ") + std::strerror(errno));
  }
  if (pid == 0) {
    // Only async-signal-safe calls between fork and exec. Its own process
    // group, so that stop() reaches anything it starts; killed if the test
    // program dies without running destructors.
    setpgid(0, 0);
    prctl(PR_SET_PDEATHSIG, SIGKILL);
    if (getppid() != parent) _exit(126);
    dup2(out_pipe[1], STDOUT_FILENO);  // dup2 clears O_CLOEXEC on the copy
    int devnull = open("/dev/null", O_RDONLY);
    if (devnull >= 0) dup2(devnull, STDIN_FILENO);
    execvp(c_argv[0], c_argv.data());
    _exit(127);
  }
  pid_ = pid;
  setpgid(pid, pid);  // also from this side, so that stop() never races the child's setpgid
  close(out_pipe[1]);
  stdout_fd_ = out_pipe[0];

  std::string line;
  try {
    line = read_line(startup_timeout);
  } catch (const std::exception& e) {
    int status = stop();
    std::string how = WIFEXITED(status)     ? "exit status " + std::to_string(WEXITSTATUS(status))
                      : WIFSIGNALED(status) ? "signal " + std::to_string(WTERMSIG(status))
                                            : "status " + std::to_string(status);
    throw std::runtime_error("`" + describe_args(args) + "` did not print its port (" + e.what() +
                             "; it ended with " + how + "; its standard error is above)");
  }
  char* end = nullptr;
  long port = std::strtol(line.c_str(), &end, 10);
  if (line.empty() || *end != '\0' || port <= 0 || port > 65535) {
    stop();
    throw std::runtime_error("`" + describe_args(args) + "` printed \"" + line + "\" instead of its port");
  }
  port_ = static_cast<int>(port);
}

ChildServer::~ChildServer() { stop(); }

std::string ChildServer::endpoint() const { return "http://127.0.0.1:" + std::to_string(port_); }

std::string ChildServer::read_line(double timeout) {
  const auto start = SteadyClock::now();
  for (;;) {
    if (auto newline = pending_.find('\n'); newline != std::string::npos) {
      std::string line = pending_.substr(0, newline);
      pending_.erase(0, newline + 1);
      if (!line.empty() && line.back() == '\r') line.pop_back();
      return line;
    }
    if (stdout_fd_ < 0) throw std::runtime_error("the server's standard output is closed");
    double left = timeout - seconds_since(start);
    if (left <= 0) throw std::runtime_error("no line within " + std::to_string(timeout) + " s");
    pollfd fd{stdout_fd_, POLLIN, 0};
    int ready = poll(&fd, 1, static_cast<int>(left * 1000) + 1);
    if (ready < 0 && errno == EINTR) continue;
    if (ready < 0) throw std::runtime_error(std::string("poll: ") + std::strerror(errno));
    if (ready == 0) continue;  // the deadline check above ends the loop
    char buffer[4096];
    ssize_t n = read(stdout_fd_, buffer, sizeof buffer);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) throw std::runtime_error("end of its standard output");
    pending_.append(buffer, static_cast<std::size_t>(n));
  }
}

int ChildServer::kill() {
  if (pid_ > 0) {
    signal_group(pid_, SIGKILL);
    int status = 0;
    while (waitpid(pid_, &status, 0) < 0 && errno == EINTR) {
    }
    wait_status_ = status;
    pid_ = -1;
  }
  return stop();
}

int ChildServer::stop() {
  if (pid_ > 0) {
    signal_group(pid_, SIGTERM);
    // Up to 5 s to exit cleanly; this returns as soon as it has.
    const auto start = SteadyClock::now();
    int status = 0;
    pid_t done = 0;
    while ((done = waitpid(pid_, &status, WNOHANG)) == 0 && seconds_since(start) < 5)
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
    if (done == 0) {
      signal_group(pid_, SIGKILL);
      while ((done = waitpid(pid_, &status, 0)) < 0 && errno == EINTR) {
      }
    }
    wait_status_ = status;
    pid_ = -1;
  }
  if (stdout_fd_ >= 0) {
    close(stdout_fd_);
    stdout_fd_ = -1;
  }
  return wait_status_;
}

}  // namespace simpleflow::testing
