#include "process/supervisor.hpp"

#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <map>

#include <spdlog/spdlog.h>

#include "process/wait_status.hpp"

namespace simpleflow::internal {
namespace {

std::atomic<bool> g_stop{false};

extern "C" void on_termination_signal(int) { g_stop.store(true); }

using SteadyClock = std::chrono::steady_clock;

void set_signal_mask(int how, std::initializer_list<int> signals) {
  sigset_t set;
  sigemptyset(&set);
  for (int s : signals) sigaddset(&set, s);
  ::sigprocmask(how, &set, nullptr);
}

[[noreturn]] void run_child(const std::function<int(const std::atomic<bool>&)>& child_main, pid_t supervisor) {
  // Orphaned pollers stop as if told to: their task finishes, then they exit.
  ::prctl(PR_SET_PDEATHSIG, SIGTERM);
  if (::getppid() != supervisor) ::_exit(1);
  std::signal(SIGCHLD, SIG_DFL);
  stop_on_termination_signals();
  set_signal_mask(SIG_UNBLOCK, {SIGTERM, SIGINT, SIGCHLD});
  int code = 1;
  try {
    code = child_main(g_stop);
  } catch (const std::exception& e) {
    spdlog::critical("poller stopped by an exception: {}", e.what());
  }
  spdlog::default_logger()->flush();
  ::_exit(code);
}

}  // namespace

const std::atomic<bool>& stop_on_termination_signals() {
  struct sigaction action {};
  action.sa_handler = on_termination_signal;
  sigemptyset(&action.sa_mask);
  ::sigaction(SIGTERM, &action, nullptr);
  ::sigaction(SIGINT, &action, nullptr);
  return g_stop;
}

int run_supervisor(const SupervisorOptions& options,
                   const std::function<int(const std::atomic<bool>& stop)>& child_main) {
  // Signals are taken with sigtimedwait, one at a time, so that no handler
  // runs between a fork and the bookkeeping of its child.
  set_signal_mask(SIG_BLOCK, {SIGTERM, SIGINT, SIGCHLD});
  std::map<pid_t, SteadyClock::time_point> children;
  SteadyClock::time_point restart_not_before{};
  bool stopping = false;
  int exit_code = 0;
  // Children that died soon after their start, in a row, all with this status.
  int failed_starts = 0;
  int failed_start_status = 0;
  const pid_t supervisor = ::getpid();
  spdlog::info("{} supervisor: starting {} process(es)", options.name, options.processes);
  while (true) {
    if (!stopping && SteadyClock::now() >= restart_not_before) {
      while (static_cast<int>(children.size()) < options.processes) {
        pid_t pid = ::fork();
        if (pid == 0) run_child(child_main, supervisor);
        if (pid < 0) {
          spdlog::error("{} supervisor: cannot fork: {}", options.name, std::strerror(errno));
          restart_not_before = SteadyClock::now() + std::chrono::seconds(1);
          break;
        }
        children.emplace(pid, SteadyClock::now());
      }
    }
    if (stopping && children.empty()) break;

    sigset_t wanted;
    sigemptyset(&wanted);
    for (int s : {SIGTERM, SIGINT, SIGCHLD}) sigaddset(&wanted, s);
    timespec timeout{1, 0};
    int sig = ::sigtimedwait(&wanted, nullptr, &timeout);
    if (sig == SIGTERM || sig == SIGINT) {
      int forward = stopping ? SIGKILL : SIGTERM;
      spdlog::info("{} supervisor: {}; {} its processes", options.name, sigabbrev_np(sig) ? sigabbrev_np(sig) : "signal",
                   stopping ? "killing" : "stopping");
      stopping = true;
      for (const auto& [pid, started] : children) ::kill(pid, forward);
    }
    int status = 0;
    pid_t pid;
    while ((pid = ::waitpid(-1, &status, WNOHANG)) > 0) {
      auto it = children.find(pid);
      if (it == children.end()) continue;
      double lived = std::chrono::duration<double>(SteadyClock::now() - it->second).count();
      children.erase(it);
      if (stopping) continue;
      const bool failed_start = lived < options.min_restart_seconds;
      if (!failed_start) {
        failed_starts = 0;
      } else if (failed_starts > 0 && status == failed_start_status) {
        ++failed_starts;
      } else {
        failed_starts = 1;
        failed_start_status = status;
      }
      if (failed_starts >= options.max_failed_starts) {
        spdlog::critical("{} supervisor: {} processes in a row exited within {:g} s of their start ({}); giving up",
                         options.name, failed_starts, options.min_restart_seconds, describe_wait_status(status));
        exit_code = WIFEXITED(status) && WEXITSTATUS(status) != 0 ? WEXITSTATUS(status) : 1;
        stopping = true;
        for (const auto& [child, started] : children) ::kill(child, SIGTERM);
        continue;
      }
      spdlog::warn("{} supervisor: process {} exited ({}); starting another", options.name, pid,
                   describe_wait_status(status));
      if (failed_start)
        restart_not_before = SteadyClock::now() + std::chrono::duration_cast<SteadyClock::duration>(
                                                      std::chrono::duration<double>(options.min_restart_seconds));
    }
  }
  spdlog::info("{} supervisor: stopped", options.name);
  return exit_code;
}

}  // namespace simpleflow::internal
