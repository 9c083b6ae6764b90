#include "worker/running_task.hpp"

#include <fcntl.h>
#include <poll.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>

#include <spdlog/spdlog.h>

#include "process/wait_status.hpp"
#include "replay/wire.hpp"
#include "worker/process_tree.hpp"

namespace simpleflow::internal {
namespace {

using SteadyClock = std::chrono::steady_clock;

}  // namespace

std::string describe_task(const swf::ActivityTask& task) {
  return task.execution.workflow_id + " " + task.execution.run_id + " #" + std::to_string(task.started_event_id) +
         " " + task.activity_id + " (" + task.type.name + ")";
}

RunningTask::RunningTask(swf::SwfClient& client, const ActivityPollerOptions& options, const swf::ActivityTask& task,
                         TaskRunner runner, int out_fd)
    : client_(client), options_(options), task_(task), runner_(std::move(runner)), out_fd_(out_fd) {
  if (!on_thread()) pid_fd_ = static_cast<int>(::syscall(SYS_pidfd_open, runner_.pid, 0));
  ::fcntl(out_fd_, F_SETFL, ::fcntl(out_fd_, F_GETFL) | O_NONBLOCK);
}

RunningTask::~RunningTask() {
  ::close(out_fd_);
  if (pid_fd_ >= 0) ::close(pid_fd_);
}

void RunningTask::supervise() {
  auto heartbeat_period = [this] {
    double s = options_.heartbeat_seconds > 0 ? options_.heartbeat_seconds : 3600;
    return std::chrono::duration_cast<SteadyClock::duration>(std::chrono::duration<double>(s));
  };
  auto next_heartbeat = SteadyClock::now() + heartbeat_period();
  bool pipe_open = true;
  while (true) {
    pollfd fds[2] = {{pipe_open ? out_fd_ : -1, POLLIN, 0}, {pid_fd_, POLLIN, 0}};
    int n = ::poll(fds, 2, poll_timeout_ms(next_heartbeat));
    if (n < 0 && errno != EINTR) break;
    if (pipe_open && (fds[0].revents & (POLLIN | POLLHUP | POLLERR))) pipe_open = drain();
    if (!handle_messages()) return;  // canceled or gone: already handled
    // A thread closes its end of the pipe when it is done.
    if (on_thread() ? !pipe_open : child_exited(fds[1].revents)) break;
    if (options_.heartbeat_seconds > 0 && SteadyClock::now() >= next_heartbeat) {
      if (!send_heartbeat()) return;
      next_heartbeat = SteadyClock::now() + heartbeat_period();
    }
  }
  // A child that is gone wrote all it had in the pipe (unless a grandchild
  // holds the pipe open, which must not keep us waiting); a thread may
  // still be writing.
  if (on_thread()) wait_for_thread();
  else if (pipe_open) drain();
  handle_messages();
  answer();
}

// Without a pidfd (old kernels), a child's exit is checked every 100 ms.
int RunningTask::poll_timeout_ms(SteadyClock::time_point next_heartbeat) const {
  long long until = options_.heartbeat_seconds > 0
                        ? std::chrono::duration_cast<std::chrono::milliseconds>(next_heartbeat - SteadyClock::now()).count()
                        : -1;
  if (!on_thread() && pid_fd_ < 0) until = until < 0 ? 100 : std::min<long long>(until, 100);
  return until < 0 ? -1 : static_cast<int>(std::max<long long>(until, 0));
}

bool RunningTask::child_exited(short pid_events) {
  if (pid_fd_ >= 0 && !(pid_events & POLLIN)) return false;
  int status = 0;
  pid_t r = ::waitpid(runner_.pid, &status, WNOHANG);
  if (r != runner_.pid) return false;
  exit_status_ = status;
  return true;
}

// Reads what the pipe holds; false at its end.
bool RunningTask::drain() {
  using Read = TaskMessageReader::ReadResult;
  while (true) {
    Read r = reader_.read_from(out_fd_);
    if (r != Read::kData) return r == Read::kNothingYet;
  }
}

// Reads the pipe to its end, which comes when the activity's thread is done.
void RunningTask::wait_for_thread() {
  ::fcntl(out_fd_, F_SETFL, ::fcntl(out_fd_, F_GETFL) & ~O_NONBLOCK);
  while (reader_.read_from(out_fd_) == TaskMessageReader::ReadResult::kData) {
  }
}

// Takes the messages that arrived; false when the task was stopped.
bool RunningTask::handle_messages() {
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
        outcome_ = failed_outcome(failure.value("reason", ""), failure.value("details", ""));
        break;
      }
    }
  }
  // Heartbeats that came together are sent as one, with the last details.
  return heartbeat_pending && !outcome_ ? send_heartbeat() : true;
}

std::optional<std::string> RunningTask::reported_details(std::size_t max_length) {
  if (!last_details_) return std::nullopt;
  auto& [details, sent] = reported_[max_length];
  if (details != *last_details_ || sent.empty()) {
    details = *last_details_;
    sent = reported(details, max_length);
  }
  return sent;
}

// False when SWF says the task is canceled or gone: the task is stopped.
bool RunningTask::send_heartbeat() {
  auto result =
      client_.record_activity_task_heartbeat(task_.task_token, reported_details(kMaxHeartbeatDetailsLength));
  if (result.ok()) {
    if (!result->cancel_requested) return true;
    spdlog::info("activity task {}: cancel requested; {}", describe_task(task_),
                 on_thread() ? "waiting for the activity to return" : "stopping its processes");
    stop();
    auto canceled = client_.respond_activity_task_canceled(task_.task_token, reported_details(kMaxFieldLength));
    if (!canceled.ok()) spdlog::warn("activity task {}: {}", describe_task(task_), canceled.error().describe());
    return false;
  }
  if (result.error().kind == swf::ErrorKind::kUnknownResource) {
    spdlog::warn("activity task {} is gone on SWF (timed out, or its execution closed); {}", describe_task(task_),
                 on_thread() ? "waiting for the activity to return" : "stopping its processes");
    stop();
    return false;
  }
  // A heartbeat that fails is only a missed beat: the task goes on.
  spdlog::warn("activity task {}: heartbeat failed: {}", describe_task(task_), result.error().describe());
  return true;
}

// A process tree is stopped; a thread cannot be: it is asked to stop
// (ActivityContext::cancel_requested) and waited for, its outcome dropped.
// The details of its last heartbeat are kept for the cancel answer.
void RunningTask::stop() {
  if (!on_thread()) {
    stop_process_tree(runner_.pid, options_.sigterm_wait_seconds);
    return;
  }
  runner_.cancel->store(true);
  wait_for_thread();
  while (auto message = reader_.next())
    if (message->type == TaskMessageType::kHeartbeat) last_details_ = std::move(message->payload);
}

void RunningTask::answer() {
  if (!outcome_) {
    std::string reason = on_thread() ? "the activity's thread ended without an outcome"
                                     : "process " + std::to_string(runner_.pid) +
                                           " died: " + describe_wait_status(exit_status_);
    spdlog::error("activity task {}: {}", describe_task(task_), reason);
    outcome_ = failed_outcome(reason, "");
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
    outcome_ = failed_outcome(
        "cannot complete task " + task_.activity_id + ": " + done.error().code + " " + done.error().message, "");
  }
  spdlog::info("activity task {} failed: {}", describe_task(task_), outcome_->reason);
  auto failed = client_.respond_activity_task_failed(
      {.task_token = task_.task_token, .reason = outcome_->reason, .details = outcome_->details});
  if (!failed.ok()) spdlog::warn("activity task {}: {}", describe_task(task_), failed.error().describe());
}

}  // namespace simpleflow::internal
