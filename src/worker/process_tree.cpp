#include "worker/process_tree.hpp"

#include <dirent.h>
#include <sys/prctl.h>
#include <sys/wait.h>

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <map>
#include <string>
#include <thread>

namespace simpleflow::internal {
namespace {

// The parent of `pid` from /proc/<pid>/stat, or 0. The command name (second
// field) may hold spaces and parentheses, so the fields are read after its
// last ')'.
pid_t parent_of(const char* pid) {
  std::ifstream in(std::string("/proc/") + pid + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return 0;
  auto close = stat.rfind(')');
  if (close == std::string::npos || close + 4 >= stat.size()) return 0;
  // ") S 123 ..." : state, then the parent's pid.
  return static_cast<pid_t>(std::strtol(stat.c_str() + close + 4, nullptr, 10));
}

void signal_all(pid_t root, const std::vector<pid_t>& pids, int sig) {
  ::kill(-root, sig);  // the group: fails harmlessly when root is not a leader
  ::kill(root, sig);
  for (pid_t p : pids) ::kill(p, sig);
}

}  // namespace

std::vector<pid_t> process_descendants(pid_t root) {
  std::multimap<pid_t, pid_t> children;
  if (DIR* dir = ::opendir("/proc")) {
    while (dirent* entry = ::readdir(dir)) {
      if (entry->d_name[0] < '0' || entry->d_name[0] > '9') continue;
      pid_t parent = parent_of(entry->d_name);
      if (parent > 0) children.emplace(parent, static_cast<pid_t>(std::atoi(entry->d_name)));
    }
    ::closedir(dir);
  }
  std::vector<pid_t> out;
  std::vector<pid_t> frontier{root};
  while (!frontier.empty()) {
    pid_t p = frontier.back();
    frontier.pop_back();
    auto [begin, end] = children.equal_range(p);
    for (auto it = begin; it != end; ++it) {
      out.push_back(it->second);
      frontier.push_back(it->second);
    }
  }
  return out;
}

std::optional<int> wait_child_for(pid_t pid, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (true) {
    int status = 0;
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) return status;
    if (r < 0 && errno != EINTR) return 0;  // not our child any more: nothing to wait for
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

int stop_process_tree(pid_t root, double grace_seconds) {
  // The descendants are listed before the signal: once a parent dies, its
  // children move to the reaper and no longer show under it.
  std::vector<pid_t> tree = process_descendants(root);
  signal_all(root, tree, SIGTERM);
  std::optional<int> status = wait_child_for(root, grace_seconds);
  std::vector<pid_t> left = process_descendants(root);
  tree.insert(tree.end(), left.begin(), left.end());
  signal_all(root, tree, SIGKILL);
  if (!status) status = wait_child_for(root, 5);
  reap_exited_orphans();
  return status.value_or(SIGKILL);
}

void become_subreaper() { ::prctl(PR_SET_CHILD_SUBREAPER, 1); }

void reap_exited_orphans() {
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

}  // namespace simpleflow::internal
