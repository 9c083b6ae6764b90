#include "simpleflow/worker.hpp"

#include <fcntl.h>
#include <sys/prctl.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <iostream>
#include <memory>
#include <thread>

#include <spdlog/spdlog.h>

#include "core/poll_loop.hpp"
#include "simpleflow/registry.hpp"
#include "worker/process_tree.hpp"
#include "worker/run_activity.hpp"
#include "worker/running_task.hpp"
#include "worker/task_channel.hpp"

namespace simpleflow {
namespace {

using internal::ActivityOutcome;
using internal::describe_task;
using internal::RunningTask;
using internal::TaskMessageType;

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

// The thread of an in-process activity: its messages go through a pipe as a
// child's would, and closing the pipe tells the worker that it is done.
void run_on_thread(const ActivityDef& def, const swf::ActivityTask& task, const ActivityPollerOptions& options,
                   int out_fd, std::shared_ptr<const std::atomic<bool>> cancel) {
  ActivityOutcome outcome = internal::run_activity(
      def, task, options.domain, options.task_list,
      [out_fd](const std::string& details) {
        internal::write_task_message(out_fd, TaskMessageType::kHeartbeat, details);
      },
      std::move(cancel));
  if (outcome.completed) internal::write_task_message(out_fd, TaskMessageType::kCompleted, outcome.result);
  else
    internal::write_task_message(out_fd, TaskMessageType::kFailed,
                                 dumps(Json{{"reason", outcome.reason}, {"details", outcome.details}}));
  ::close(out_fd);
}

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
  if (def->run_on_worker_thread()) {
    auto cancel = std::make_shared<std::atomic<bool>>(false);
    std::thread thread(run_on_thread, std::cref(*def), std::cref(task), std::cref(options_), fds[1], cancel);
    RunningTask(*client_, options_, task, {.pid = 0, .cancel = cancel}, fds[0]).supervise();
    thread.join();
    internal::reap_exited_orphans();
    return;
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
  RunningTask(*client_, options_, task, {.pid = pid}, fds[0]).supervise();
  internal::reap_exited_orphans();
}

void ActivityPoller::run(const std::atomic<bool>& stop) {
  internal::poll_until_stopped(stop, options_.task_list, [this] { return poll_once(); });
}

}  // namespace simpleflow
