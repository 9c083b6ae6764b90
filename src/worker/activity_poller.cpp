#include "simpleflow/worker.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>

#include <spdlog/spdlog.h>

#include "core/poll_loop.hpp"
#include "simpleflow/registry.hpp"
#include "worker/process_tree.hpp"
#include "worker/run_activity.hpp"
#include "worker/task_channel.hpp"

namespace simpleflow {
namespace {

using internal::ActivityOutcome;
using internal::TaskMessageType;
using SteadyClock = std::chrono::steady_clock;

std::string describe_task(const swf::ActivityTask& task) {
  return task.execution.workflow_id + " " + task.execution.run_id + " #" + std::to_string(task.started_event_id) +
         " " + task.activity_id + " (" + task.type.name + ")";
}

// "exit code 3", "signal 9 (KILL)".
std::string describe_exit(int status) {
  if (WIFEXITED(status)) return "exit code " + std::to_string(WEXITSTATUS(status));
  if (WIFSIGNALED(status)) {
    int sig = WTERMSIG(status);
    const char* name = sigabbrev_np(sig);
    return "signal " + std::to_string(sig) + (name ? std::string(" (SIG") + name + ")" : std::string());
  }
  return "wait status " + std::to_string(status);
}

// The child: its own process group (so that the whole tree can be signalled,
// and a terminal's Ctrl-C reaches the worker, which lets the task finish),
// killed if the worker dies, default signal handling.
[[noreturn]] void run_child(const ActivityDef& def, const swf::ActivityTask& task, const ActivityPollerOptions& options,
                            pid_t worker, int out_fd) {
  ::setpgid(0, 0);
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  if (::getppid() != worker) ::_exit(1);
  std::signal(SIGTERM, SIG_DFL);
  std::signal(SIGINT, SIG_DFL);
  sigset_t none;
  sigemptyset(&none);
  ::sigprocmask(SIG_SETMASK, &none, nullptr);
  ActivityOutcome outcome =
      internal::run_activity(def, task, options.domain, options.task_list, [out_fd](const std::string& details) {
        internal::write_task_message(out_fd, TaskMessageType::kHeartbeat, details);
      });
  std::cout.flush();
  std::fflush(nullptr);
  bool written = outcome.completed
                     ? internal::write_task_message(out_fd, TaskMessageType::kCompleted, outcome.result)
                     : internal::write_task_message(out_fd, TaskMessageType::kFailed,
                                                    dumps(Json{{"reason", outcome.reason}, {"details", outcome.details}}));
  ::_exit(written ? 0 : 1);
}

// What the worker does with a task whose child process runs: forwards
// heartbeats, watches SWF's answers, collects the outcome.
class RunningTask {
 public:
  RunningTask(swf::SwfClient& client, const ActivityPollerOptions& options, const swf::ActivityTask& task, pid_t pid,
              int out_fd)
      : client_(client), options_(options), task_(task), pid_(pid), out_fd_(out_fd) {
    pid_fd_ = static_cast<int>(::syscall(SYS_pidfd_open, pid, 0));
    ::fcntl(out_fd_, F_SETFL, ::fcntl(out_fd_, F_GETFL) | O_NONBLOCK);
  }
  ~RunningTask() {
    ::close(out_fd_);
    if (pid_fd_ >= 0) ::close(pid_fd_);
  }

  // Runs until the child is gone, then answers SWF.
  void supervise() {
    auto next_heartbeat = SteadyClock::now() + heartbeat_period();
    bool pipe_open = true;
    while (true) {
      pollfd fds[2] = {{pipe_open ? out_fd_ : -1, POLLIN, 0}, {pid_fd_, POLLIN, 0}};
      int timeout = poll_timeout_ms(next_heartbeat);
      int n = ::poll(fds, 2, timeout);
      if (n < 0 && errno != EINTR) break;
      if (pipe_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) pipe_open = drain();
      if (!handle_messages()) return;  // canceled or gone: already handled
      if (child_exited(fds[1].revents)) break;
      if (options_.heartbeat_seconds > 0 && SteadyClock::now() >= next_heartbeat) {
        if (!send_heartbeat()) return;
        next_heartbeat = SteadyClock::now() + heartbeat_period();
      }
    }
    // The child is gone: what it wrote is all in the pipe (unless a
    // grandchild holds the pipe open, which must not keep us waiting).
    if (pipe_open) drain();
    handle_messages();
    answer();
  }

 private:
  SteadyClock::duration heartbeat_period() const {
    double s = options_.heartbeat_seconds > 0 ? options_.heartbeat_seconds : 3600;
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
  }

  // Without a pidfd (old kernels), the child's exit is checked every 100 ms.
  int poll_timeout_ms(SteadyClock::time_point next_heartbeat) const {
    long long until = options_.heartbeat_seconds > 0
                          ? std::chrono::duration_cast<std::chrono::milliseconds>(next_heartbeat - SteadyClock::now()).count()
                          : -1;
    if (pid_fd_ < 0) until = until < 0 ? 100 : std::min<long long>(until, 100);
    return until < 0 ? -1 : static_cast<int>(std::max<long long>(until, 0));
  }

  bool child_exited(short pid_events) {
    if (pid_fd_ >= 0 && !(pid_events & POLLIN)) return false;
    int status = 0;
    pid_t r = ::waitpid(pid_, &status, WNOHANG);
    if (r != pid_) return false;
    exit_status_ = status;
    return true;
  }

  // Reads what the pipe holds; false at its end.
  bool drain() {
    using Read = internal::TaskMessageReader::ReadResult;
    while (true) {
      Read r = reader_.read_from(out_fd_);
      if (r != Read::kData) return r == Read::kNothingYet;
    }
  }

  // Takes the messages that arrived; false when the task was stopped.
  bool handle_messages() {
    bool heartbeat_pending = false;
    while (auto message = reader_.next()) {
      switch (message->type) {
        case TaskMessageType::kHeartbeat:
          last_details_ = std::move(message->payload);
          heartbeat_pending = true;
          break;
        case TaskMessageType::kCompleted:
          outcome_ = ActivityOutcome{.completed = true, .result = std::move(message->payload)};
          break;
        case TaskMessageType::kFailed: {
          Json failure = Json::parse(message->payload, nullptr, false);
          outcome_ = internal::failed_outcome(failure.value("reason", ""), failure.value("details", ""));
          break;
        }
      }
    }
    // Heartbeats that came together are sent as one, with the last details.
    return heartbeat_pending && !outcome_ ? send_heartbeat() : true;
  }

  // False when SWF says the task is canceled or gone: the tree is stopped.
  bool send_heartbeat() {
    auto result = client_.record_activity_task_heartbeat(task_.task_token, last_details_);
    if (result.ok()) {
      if (!result->cancel_requested) return true;
      spdlog::info("activity task {}: cancel requested; stopping its processes", describe_task(task_));
      stop_tree();
      auto canceled = client_.respond_activity_task_canceled(task_.task_token, last_details_);
      if (!canceled.ok()) spdlog::warn("activity task {}: {}", describe_task(task_), canceled.error().describe());
      return false;
    }
    if (result.error().kind == swf::ErrorKind::kUnknownResource) {
      spdlog::warn("activity task {} is gone on SWF (timed out, or its execution closed); stopping its processes",
                   describe_task(task_));
      stop_tree();
      return false;
    }
    // A heartbeat that fails is only a missed beat: the task goes on.
    spdlog::warn("activity task {}: heartbeat failed: {}", describe_task(task_), result.error().describe());
    return true;
  }

  void stop_tree() { internal::stop_process_tree(pid_, options_.sigterm_wait_seconds); }

  void answer() {
    if (!outcome_) {
      std::string reason = "process " + std::to_string(pid_) + " died: " + describe_exit(exit_status_);
      spdlog::error("activity task {}: {}", describe_task(task_), reason);
      outcome_ = internal::failed_outcome(reason, "");
    }
    if (outcome_->completed) {
      auto done = client_.respond_activity_task_completed(task_.task_token, outcome_->result);
      if (done.ok()) {
        spdlog::info("activity task {} completed", describe_task(task_));
        return;
      }
      if (done.error().kind == swf::ErrorKind::kUnknownResource) {
        spdlog::warn("activity task {} completed, but SWF no longer knows it: {}", describe_task(task_),
                     done.error().describe());
        return;
      }
      // As Python simpleflow does: a result SWF refused fails the task.
      outcome_ = internal::failed_outcome(
          "cannot complete task " + task_.activity_id + ": " + done.error().code + " " + done.error().message, "");
    }
    spdlog::info("activity task {} failed: {}", describe_task(task_), outcome_->reason);
    auto failed = client_.respond_activity_task_failed(
        {.task_token = task_.task_token, .reason = outcome_->reason, .details = outcome_->details});
    if (!failed.ok()) spdlog::warn("activity task {}: {}", describe_task(task_), failed.error().describe());
  }

  swf::SwfClient& client_;
  const ActivityPollerOptions& options_;
  const swf::ActivityTask& task_;
  pid_t pid_;
  int out_fd_;
  int pid_fd_ = -1;
  int exit_status_ = 0;
  internal::TaskMessageReader reader_;
  std::optional<std::string> last_details_;
  std::optional<ActivityOutcome> outcome_;
};

}  // namespace

ActivityPoller::ActivityPoller(std::shared_ptr<swf::SwfClient> client, ActivityPollerOptions options)
    : client_(std::move(client)), options_(std::move(options)) {
  internal::become_subreaper();
}

StatusOr<bool> ActivityPoller::poll_once() {
  auto task = client_->poll_for_activity_task(
      {.domain = options_.domain, .task_list = options_.task_list, .identity = options_.identity});
  if (!task.ok()) return UnavailableError(task.error().describe());
  if (task->empty()) return false;
  process(*task);
  return true;
}

void ActivityPoller::process(const swf::ActivityTask& task) {
  spdlog::info("activity task {} started", describe_task(task));
  const ActivityDef* def = Registry::global().find_activity(task.type.name);
  if (!def) {
    auto outcome = internal::failed_outcome(
        "DispatchError: no activity named \"" + task.type.name + "\" is registered in this worker", "");
    spdlog::error("activity task {}: {}", describe_task(task), outcome.reason);
    auto failed = client_->respond_activity_task_failed(
        {.task_token = task.task_token, .reason = outcome.reason, .details = std::nullopt});
    if (!failed.ok()) spdlog::warn("activity task {}: {}", describe_task(task), failed.error().describe());
    return;
  }
  int fds[2];
  if (::pipe2(fds, O_CLOEXEC) != 0) {
    spdlog::error("activity task {}: cannot create a pipe: {}", describe_task(task), std::strerror(errno));
    return;  // the task times out and is retried elsewhere
  }
  std::cout.flush();
  std::fflush(nullptr);
  pid_t worker = ::getpid();
  pid_t pid = ::fork();
  if (pid == 0) {
    ::close(fds[0]);
    run_child(*def, task, options_, worker, fds[1]);
  }
  ::close(fds[1]);
  if (pid < 0) {
    ::close(fds[0]);
    spdlog::error("activity task {}: cannot fork: {}", describe_task(task), std::strerror(errno));
    return;
  }
  RunningTask(*client_, options_, task, pid, fds[0]).supervise();
  internal::reap_exited_orphans();
}

void ActivityPoller::run(const std::atomic<bool>& stop) {
  internal::poll_until_stopped(stop, options_.task_list, [this] { return poll_once(); });
}

}  // namespace simpleflow
