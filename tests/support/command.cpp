#include "support/command.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>
#include <map>
#include <stdexcept>

namespace simpleflow::testing {
namespace {

struct Running {
  pid_t pid;
  int out_fd, err_fd;
};
std::map<int, Running> running;
int next_handle = 1;

void read_all(int out_fd, int err_fd, CommandResult& result) {
  pollfd fds[2] = {{out_fd, POLLIN, 0}, {err_fd, POLLIN, 0}};
  int open_fds = 2;
  char buf[65536];
  while (open_fds > 0) {
    if (poll(fds, 2, -1) < 0) break;
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
      ssize_t n = read(fds[i].fd, buf, sizeof buf);
      if (n <= 0) {
        close(fds[i].fd);
        fds[i].fd = -1;
        --open_fds;
      } else {
        (i == 0 ? result.out : result.err).append(buf, static_cast<std::size_t>(n));
      }
    }
  }
}

}  // namespace

int start_command(const std::vector<std::string>& argv, const CommandOptions& options) {
  int out_pipe[2], err_pipe[2], in_pipe[2];
  if (pipe(out_pipe) || pipe(err_pipe) || pipe(in_pipe)) throw std::runtime_error("pipe failed");
  pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("fork failed");
  if (pid == 0) {
    dup2(in_pipe[0], 0);
    dup2(out_pipe[1], 1);
    dup2(err_pipe[1], 2);
    for (int fd : {out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], in_pipe[0], in_pipe[1]}) close(fd);
    close_range(3, ~0U, 0);  // no socket of a server in the test's process
    for (const auto& name : options.unset_env) unsetenv(name.c_str());
    for (const auto& [name, value] : options.env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    execvp(args[0], args.data());  // a bare name ("openssl") is looked up in PATH
    _exit(127);
  }
  close(out_pipe[1]);
  close(err_pipe[1]);
  close(in_pipe[0]);
  if (!options.stdin_text.empty()) {
    ssize_t written = write(in_pipe[1], options.stdin_text.data(), options.stdin_text.size());
    (void)written;
  }
  close(in_pipe[1]);
  int handle = next_handle++;
  running[handle] = {pid, out_pipe[0], err_pipe[0]};
  return handle;
}

CommandResult wait_command(int handle) {
  Running r = running.at(handle);
  running.erase(handle);
  CommandResult result;
  read_all(r.out_fd, r.err_fd, result);
  int status = 0;
  waitpid(r.pid, &status, 0);
  if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
  if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
  return result;
}

CommandResult run_command(const std::vector<std::string>& argv, const CommandOptions& options) {
  return wait_command(start_command(argv, options));
}

namespace {
std::string env_or(const char* name, const char* fallback) {
  const char* value = std::getenv(name);
  return value && *value ? value : fallback;
}
}  // namespace

std::string simpleflow_binary() { return env_or("SIMPLEFLOW_TEST_BIN", SIMPLEFLOW_TEST_BIN); }
std::string source_dir() { return env_or("SIMPLEFLOW_TEST_SOURCE_DIR", SIMPLEFLOW_TEST_SOURCE_DIR); }
std::string examples_plugin() { return env_or("SIMPLEFLOW_TEST_PLUGIN", SIMPLEFLOW_TEST_PLUGIN); }

CommandResult simpleflow(const std::vector<std::string>& args, const CommandOptions& options) {
  std::vector<std::string> argv{simpleflow_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  return run_command(argv, options);
}

}  // namespace simpleflow::testing
