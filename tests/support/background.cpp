#include "support/background.hpp"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <thread>

namespace simpleflow::testing {

Background::Background(const std::vector<std::string>& args, const CommandOptions& options, std::string log_path)
    : log_path_(std::move(log_path)) {
  std::vector<std::string> argv{simpleflow_binary()};
  argv.insert(argv.end(), args.begin(), args.end());
  pid_ = fork();
  if (pid_ < 0) throw std::runtime_error("fork failed");
  if (pid_ == 0) {
    setpgid(0, 0);
    int fd = open(log_path_.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    int null = open("/dev/null", O_RDONLY);
    dup2(null, 0);
    dup2(fd, 1);
    dup2(fd, 2);
    // The test's server sockets must not stay open in the child.
    close_range(3, ~0U, 0);
    for (const auto& name : options.unset_env) unsetenv(name.c_str());
    for (const auto& [name, value] : options.env) setenv(name.c_str(), value.c_str(), 1);
    std::vector<char*> raw;
    for (const auto& a : argv) raw.push_back(const_cast<char*>(a.c_str()));
    raw.push_back(nullptr);
    execv(raw[0], raw.data());
    _exit(127);
  }
  setpgid(pid_, pid_);
}

namespace {

// `pid`'s descendants, each before its own; read before any is killed, since
// an orphan is adopted by init and no longer found from here.
void collect_descendants(pid_t pid, std::vector<pid_t>& out) {
  for (pid_t child : child_processes(pid)) {
    out.push_back(child);
    collect_descendants(child, out);
  }
}

}  // namespace

// The process group, and the descendants that left it (standalone starts its
// supervisors in groups of their own).
Background::~Background() {
  std::vector<pid_t> descendants;
  if (!reaped_) collect_descendants(pid_, descendants);
  ::kill(-pid_, SIGKILL);
  for (pid_t pid : descendants) ::kill(pid, SIGKILL);
  if (!reaped_) waitpid(pid_, nullptr, 0);
}

void Background::signal(int sig) const { ::kill(pid_, sig); }

std::optional<int> Background::wait_for(double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (true) {
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      reaped_ = true;
      return status;
    }
    if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
}

std::string Background::log() const {
  std::ifstream in(log_path_);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

BoundedRun run_for(const std::vector<std::string>& args, const CommandOptions& options, const std::string& log_path,
                   double seconds) {
  Background process(args, options, log_path);
  std::optional<int> status = process.wait_for(seconds);
  BoundedRun out;
  if (status && WIFEXITED(*status)) out.exit_code = WEXITSTATUS(*status);
  out.output = process.log();
  if (!status) out.output += "\n[still running after " + std::to_string(seconds) + " s: killed]\n";
  return out;
}

std::optional<std::string> wait_for_file(const std::string& path, double seconds) {
  auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  while (std::chrono::steady_clock::now() < deadline) {
    if (std::filesystem::exists(path)) {
      std::ifstream in(path);
      std::stringstream text;
      text << in.rdbuf();
      return text.str();
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  return std::nullopt;
}

std::vector<pid_t> child_processes(pid_t pid) {
  std::vector<pid_t> out;
  for (const auto& entry : std::filesystem::directory_iterator("/proc")) {
    std::string name = entry.path().filename();
    if (name.empty() || name[0] < '0' || name[0] > '9') continue;
    std::ifstream in(entry.path() / "stat");
    std::string stat;
    if (!std::getline(in, stat)) continue;
    auto close = stat.rfind(')');
    if (close == std::string::npos || close + 4 >= stat.size()) continue;
    if (std::atoi(stat.c_str() + close + 4) == pid) out.push_back(std::atoi(name.c_str()));
  }
  return out;
}

bool process_alive(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat;
  if (!std::getline(in, stat)) return false;
  auto close = stat.rfind(')');
  return close != std::string::npos && close + 2 < stat.size() && stat[close + 2] != 'Z';
}

}  // namespace simpleflow::testing
