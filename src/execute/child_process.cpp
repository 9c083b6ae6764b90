#include "execute/child_process.hpp"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <cstring>
#include <memory>

#include "worker/process_tree.hpp"

extern char** environ;

namespace simpleflow::internal {
namespace {

constexpr std::size_t kErrorTailBytes = 4096;
// Descriptors handed to the command are first copied this high, so that
// placing them at 1, 2, 3... cannot overwrite one not yet placed.
constexpr int kHighFd = 100;

using SteadyClock = std::chrono::steady_clock;

// Closes a descriptor when it goes out of scope.
class Fd {
 public:
  explicit Fd(int fd = -1) : fd_(fd) {}
  ~Fd() { reset(); }
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  int get() const { return fd_; }
  void reset(int fd = -1) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = fd;
  }

 private:
  int fd_;
};

// The parts of posix_spawn's setup that free themselves.
class SpawnSetup {
 public:
  SpawnSetup() {
    posix_spawnattr_init(&attributes_);
    posix_spawn_file_actions_init(&files_);
    // Default signal handling and an empty mask: a worker blocks or catches
    // signals that the command must receive as usual.
    posix_spawnattr_setflags(&attributes_, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    sigset_t none, all;
    sigemptyset(&none);
    sigfillset(&all);
    posix_spawnattr_setsigmask(&attributes_, &none);
    posix_spawnattr_setsigdefault(&attributes_, &all);
  }
  ~SpawnSetup() {
    posix_spawn_file_actions_destroy(&files_);
    posix_spawnattr_destroy(&attributes_);
  }
  posix_spawn_file_actions_t* files() { return &files_; }
  const posix_spawnattr_t* attributes() const { return &attributes_; }

 private:
  posix_spawnattr_t attributes_;
  posix_spawn_file_actions_t files_;
};

Status spawn_error(const std::string& program, int error) {
  if (error == ENOENT) {
    return NotFoundError(program.find('/') == std::string::npos ? "program \"" + program + "\" not found in PATH"
                                                                : "program \"" + program + "\" not found");
  }
  if (error == EACCES || error == ENOEXEC || error == ENOTDIR || error == EISDIR) {
    return Status(StatusCode::kFailedPrecondition,
                  "cannot run program \"" + program + "\": " + std::strerror(error));
  }
  return InternalError("cannot start program \"" + program + "\": " + std::strerror(error));
}

std::vector<std::string> environment_entries(const std::map<std::string, std::string>& environment) {
  std::vector<std::string> out;
  for (const auto& [name, value] : environment) out.push_back(name + "=" + value);
  return out;
}

// Reads what the command writes until it exits, and waits for its end.
class ChildWatch {
 public:
  ChildWatch(const ChildCommand& command, pid_t pid, int output_fd, int error_fd)
      : command_(command), pid_(pid), output_fd_(output_fd), error_fd_(error_fd) {
    pid_fd_.reset(static_cast<int>(::syscall(SYS_pidfd_open, pid, 0)));
    if (command.timeout_seconds > 0)
      deadline_ = SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                           std::chrono::duration<double>(command.timeout_seconds));
  }

  ChildOutcome run() {
    ChildOutcome outcome;
    outcome.pid = pid_;
    while (!exited(outcome)) {
      if (deadline_ && SteadyClock::now() >= *deadline_) {
        stop(outcome);
        break;
      }
      pollfd fds[3] = {{output_fd_, POLLIN, 0}, {error_fd_, POLLIN, 0}, {pid_fd_.get(), POLLIN, 0}};
      int n = ::poll(fds, 3, poll_timeout_ms());
      if (n < 0 && errno != EINTR) break;
      read_available(outcome, false);
    }
    // What it wrote before it ended is in the pipes: take it, without
    // waiting for processes it left behind that hold them open.
    read_available(outcome, true);
    return outcome;
  }

 private:
  bool exited(ChildOutcome& outcome) {
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r == pid_) {
      outcome.wait_status = status;
      return true;
    }
    return r < 0 && errno != EINTR;  // not our child any more: nothing to wait for
  }

  int poll_timeout_ms() const {
    long long ms = pid_fd_.get() >= 0 ? -1 : 100;  // without a pidfd, the exit is checked every 100 ms
    if (deadline_) {
      long long left =
          std::chrono::duration_cast<std::chrono::milliseconds>(*deadline_ - SteadyClock::now()).count() + 1;
      ms = ms < 0 ? left : std::min(ms, left);
    }
    return static_cast<int>(std::max<long long>(ms, 0));
  }

  // Reads what each pipe holds now; `last` at the end, when the pipes are
  // made non-blocking so that an open pipe with nothing in it ends the read.
  void read_available(ChildOutcome& outcome, bool last) {
    for (int* fd : {&output_fd_, &error_fd_}) {
      if (*fd < 0) continue;
      if (last) ::fcntl(*fd, F_SETFL, ::fcntl(*fd, F_GETFL) | O_NONBLOCK);
      while (true) {
        pollfd p{*fd, POLLIN, 0};
        if (!last && ::poll(&p, 1, 0) <= 0) break;
        char chunk[65536];
        ssize_t n = ::read(*fd, chunk, sizeof chunk);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
          if (n == 0 || (errno != EAGAIN && errno != EWOULDBLOCK)) *fd = -1;  // closed on our side by the caller
          break;
        }
        keep(outcome, fd == &output_fd_, chunk, static_cast<std::size_t>(n));
      }
    }
  }

  void keep(ChildOutcome& outcome, bool is_output, const char* data, std::size_t size) {
    if (is_output) {
      outcome.output.append(data, size);
      return;
    }
    // Copied to our standard error first: the command's messages stay in
    // the logs whatever happens next.
    for (std::size_t done = 0; done < size;) {
      ssize_t w = ::write(STDERR_FILENO, data + done, size - done);
      if (w < 0 && errno == EINTR) continue;
      if (w <= 0) break;
      done += static_cast<std::size_t>(w);
    }
    outcome.error_tail.append(data, size);
    if (outcome.error_tail.size() > kErrorTailBytes)
      outcome.error_tail.erase(0, outcome.error_tail.size() - kErrorTailBytes);
  }

  // SIGTERM, then SIGKILL to what is left after the grace period. Only the
  // command is reaped here: its descendants are not our children.
  void stop(ChildOutcome& outcome) {
    outcome.timed_out = true;
    // Listed before the signal: once the command dies they are no longer below it.
    std::vector<pid_t> descendants;
    if (command_.stop_descendants_on_timeout) descendants = process_descendants(pid_);
    ::kill(pid_, SIGTERM);
    for (pid_t p : descendants) ::kill(p, SIGTERM);
    std::optional<int> status = wait_child_for(pid_, command_.grace_seconds);
    if (!status) ::kill(pid_, SIGKILL);
    for (pid_t p : descendants) ::kill(p, SIGKILL);
    if (!status) status = wait_child_for(pid_, 5);
    outcome.wait_status = status.value_or(SIGKILL);
  }

  const ChildCommand& command_;
  pid_t pid_;
  int output_fd_;
  int error_fd_;
  Fd pid_fd_;
  std::optional<SteadyClock::time_point> deadline_;
};

}  // namespace

StatusOr<ChildOutcome> run_child(const ChildCommand& command) {
  if (command.argv.empty() || command.argv[0].empty()) return InvalidArgumentError("no program to run");
  int output_pipe[2] = {-1, -1}, error_pipe[2] = {-1, -1};
  if ((command.capture_output && ::pipe2(output_pipe, O_CLOEXEC) != 0) || ::pipe2(error_pipe, O_CLOEXEC) != 0) {
    Status s = InternalError(std::string("cannot create a pipe: ") + std::strerror(errno));
    for (int fd : {output_pipe[0], output_pipe[1]})
      if (fd >= 0) ::close(fd);
    return s;
  }
  Fd output_read(output_pipe[0]), output_write(output_pipe[1]), error_read(error_pipe[0]), error_write(error_pipe[1]);

  std::vector<std::unique_ptr<Fd>> high;  // copies placed out of the way (see kHighFd)
  auto lift = [&](int fd) {
    high.push_back(std::make_unique<Fd>(::fcntl(fd, F_DUPFD_CLOEXEC, kHighFd)));
    return high.back()->get();
  };
  SpawnSetup setup;
  posix_spawn_file_actions_addopen(setup.files(), 0, "/dev/null", O_RDONLY, 0);
  if (command.capture_output) posix_spawn_file_actions_adddup2(setup.files(), lift(output_write.get()), 1);
  posix_spawn_file_actions_adddup2(setup.files(), lift(error_write.get()), 2);
  int target = 3;
  for (int fd : command.inherited_fds) {
    int source = lift(fd);
    if (source < 0) return InvalidArgumentError("cannot pass descriptor " + std::to_string(fd) + ": " + std::strerror(errno));
    posix_spawn_file_actions_adddup2(setup.files(), source, target++);
  }
  for (const auto& fd : high)
    if (fd->get() < 0) return InternalError(std::string("cannot copy a descriptor: ") + std::strerror(errno));
  posix_spawn_file_actions_addclosefrom_np(setup.files(), target);

  std::vector<char*> argv;
  for (const auto& a : command.argv) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  std::vector<std::string> entries;
  std::vector<char*> envp;
  if (command.environment) {
    entries = environment_entries(*command.environment);
    for (auto& e : entries) envp.push_back(e.data());
    envp.push_back(nullptr);
  }
  char** env = command.environment ? envp.data() : environ;
  const std::string& program = command.argv[0];
  pid_t pid = 0;
  int error = program.find('/') == std::string::npos
                  ? ::posix_spawnp(&pid, program.c_str(), setup.files(), setup.attributes(), argv.data(), env)
                  : ::posix_spawn(&pid, program.c_str(), setup.files(), setup.attributes(), argv.data(), env);
  high.clear();
  output_write.reset();
  error_write.reset();
  if (error != 0) return spawn_error(program, error);
  return ChildWatch(command, pid, command.capture_output ? output_read.get() : -1, error_read.get()).run();
}

}  // namespace simpleflow::internal
