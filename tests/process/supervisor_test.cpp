// The supervisor of decider and worker processes: children that die are
// forked again, unless they keep dying as soon as they start, for the same
// reason; then the supervisor stops and says why.
#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <functional>
#include <optional>
#include <sstream>
#include <thread>

#include "process/supervisor.hpp"
#include "support/background.hpp"

namespace simpleflow::internal {
namespace {

using ::testing::HasSubstr;

using ChildMain = std::function<int(const std::atomic<bool>&)>;

// A supervisor in a process of its own (it forks and takes signals, which the
// test's process must not), its logs in a file, killed with its children if
// a test ends before it does.
class SupervisorProcess {
 public:
  SupervisorProcess(const SupervisorOptions& options, const ChildMain& child_main) {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    log_path_ = (std::filesystem::temp_directory_path() /
                 ("simpleflow-supervisor-" + std::string(info->name()) + "-" + std::to_string(getpid()) + ".log"))
                    .string();
    if (::pipe(starts_) != 0) throw std::runtime_error("pipe failed");
    pid_ = ::fork();
    if (pid_ == 0) {
      ::close(starts_[0]);
      int fd = ::open(log_path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
      ::dup2(fd, 1);
      ::dup2(fd, 2);
      const int starts = starts_[1];
      ::_exit(run_supervisor(options, [&](const std::atomic<bool>& stop) {
        char byte = 's';
        if (::write(starts, &byte, 1) != 1) return 99;
        return child_main(stop);
      }));
    }
    ::close(starts_[1]);
  }
  ~SupervisorProcess() {
    if (!reaped_) {
      std::vector<pid_t> children = simpleflow::testing::child_processes(pid_);
      ::kill(pid_, SIGKILL);
      for (pid_t child : children) ::kill(child, SIGKILL);
      ::waitpid(pid_, nullptr, 0);
    }
    ::close(starts_[0]);
    std::filesystem::remove(log_path_);
  }

  pid_t pid() const { return pid_; }

  // The supervisor's wait status, or nullopt when it still runs after `seconds`.
  std::optional<int> wait_for(double seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (true) {
      int status = 0;
      if (::waitpid(pid_, &status, WNOHANG) == pid_) {
        reaped_ = true;
        return status;
      }
      if (std::chrono::steady_clock::now() >= deadline) return std::nullopt;
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  }

  // Waits up to `seconds` for `n` children to have started; how many did.
  int wait_for_starts(int n, double seconds) {
    auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
    while (starts_seen_ < n && std::chrono::steady_clock::now() < deadline) {
      pollfd fd{starts_[0], POLLIN, 0};
      if (::poll(&fd, 1, 50) <= 0) continue;
      char buffer[64];
      ssize_t got = ::read(starts_[0], buffer, sizeof buffer);
      if (got <= 0) break;
      starts_seen_ += static_cast<int>(got);
    }
    return starts_seen_;
  }

  std::string log() const {
    std::ifstream in(log_path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  pid_t pid_ = -1;
  bool reaped_ = false;
  int starts_[2] = {-1, -1};
  int starts_seen_ = 0;
  std::string log_path_;
};

TEST(SupervisorTest, ChildrenThatKeepFailingAtStartStopItWithTheirExitCode) {
  SupervisorProcess supervisor({.processes = 2, .name = "test"}, [](const std::atomic<bool>&) { return 3; });
  auto status = supervisor.wait_for(30);
  ASSERT_TRUE(status) << "the supervisor still runs:\n" << supervisor.log();
  ASSERT_TRUE(WIFEXITED(*status)) << supervisor.log();
  EXPECT_EQ(WEXITSTATUS(*status), 3) << supervisor.log();
  EXPECT_THAT(supervisor.log(), HasSubstr("exit code 3"));
  EXPECT_THAT(supervisor.log(), HasSubstr("in a row"));
}

TEST(SupervisorTest, TheChildrenStillRunningAreStoppedWhenItGivesUp) {
  // The first child runs until told to stop; the others fail at once.
  const std::string marker = (std::filesystem::temp_directory_path() /
                              ("simpleflow-supervisor-runner-" + std::to_string(getpid()))).string();
  std::filesystem::remove(marker);
  struct Remove {
    const std::string& path;
    ~Remove() { std::filesystem::remove(path); }
  } remove_marker{marker};
  SupervisorProcess supervisor({.processes = 2, .name = "test"}, [&](const std::atomic<bool>& stop) {
    int fd = ::open(marker.c_str(), O_WRONLY | O_CREAT | O_EXCL, 0644);
    if (fd < 0) return 4;
    std::string pid = std::to_string(getpid());
    if (::write(fd, pid.data(), pid.size()) != static_cast<ssize_t>(pid.size())) return 5;
    ::close(fd);
    while (!stop.load()) std::this_thread::sleep_for(std::chrono::milliseconds(10));
    return 0;
  });
  auto status = supervisor.wait_for(30);
  ASSERT_TRUE(status) << "the supervisor still runs:\n" << supervisor.log();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 4) << supervisor.log();
  auto runner = simpleflow::testing::wait_for_file(marker, 1);
  ASSERT_TRUE(runner);
  EXPECT_FALSE(simpleflow::testing::process_alive(std::stoi(*runner))) << supervisor.log();
}

TEST(SupervisorTest, AChildThatFailsAfterRunningAWhileIsStartedAgainAndAgain) {
  // Each child lives longer than min_restart_seconds, then fails: many more
  // failures in a row than make it give up on children that fail at start.
  SupervisorProcess supervisor({.processes = 1, .name = "test", .min_restart_seconds = 0.05},
                               [](const std::atomic<bool>&) {
                                 std::this_thread::sleep_for(std::chrono::milliseconds(200));
                                 return 3;
                               });
  EXPECT_EQ(supervisor.wait_for_starts(12, 60), 12) << supervisor.log();
  EXPECT_FALSE(supervisor.wait_for(0)) << supervisor.log();
  ::kill(supervisor.pid(), SIGTERM);
  auto status = supervisor.wait_for(30);
  ASSERT_TRUE(status) << supervisor.log();
  EXPECT_TRUE(WIFEXITED(*status) && WEXITSTATUS(*status) == 0) << supervisor.log();
}

}  // namespace
}  // namespace simpleflow::internal
