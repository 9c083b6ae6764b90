#include "worker/process_tree.hpp"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <csignal>
#include <thread>

namespace simpleflow::internal {
namespace {

// A child in its own group that starts `sleep 600` and waits, ignoring
// SIGTERM when `stubborn`.
pid_t start_tree(bool stubborn, int pipe_out) {
  pid_t root = fork();
  if (root == 0) {
    setpgid(0, 0);
    if (stubborn) signal(SIGTERM, SIG_IGN);
    pid_t leaf = fork();
    if (leaf == 0) {
      execlp("sleep", "sleep", "600", static_cast<char*>(nullptr));
      _exit(127);
    }
    (void)!write(pipe_out, &leaf, sizeof leaf);
    while (true) pause();
  }
  return root;
}

bool alive(pid_t pid) { return kill(pid, 0) == 0 && waitpid(pid, nullptr, WNOHANG) == 0; }

TEST(ProcessTreeTest, DescendantsAreFoundAndStopped) {
  become_subreaper();
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t root = start_tree(false, fds[1]);
  pid_t leaf = 0;
  ASSERT_EQ(read(fds[0], &leaf, sizeof leaf), static_cast<ssize_t>(sizeof leaf));
  auto tree = process_descendants(root);
  EXPECT_EQ(tree, std::vector<pid_t>{leaf});
  int status = stop_process_tree(root, 3);
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGTERM);
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  reap_exited_orphans();
  EXPECT_FALSE(alive(leaf));
  close(fds[0]);
  close(fds[1]);
}

TEST(ProcessTreeTest, WhatIgnoresSigtermIsKilledAfterTheGrace) {
  become_subreaper();
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  pid_t root = start_tree(true, fds[1]);
  pid_t leaf = 0;
  ASSERT_EQ(read(fds[0], &leaf, sizeof leaf), static_cast<ssize_t>(sizeof leaf));
  auto began = std::chrono::steady_clock::now();
  int status = stop_process_tree(root, 0.3);
  EXPECT_GE(std::chrono::steady_clock::now() - began, std::chrono::milliseconds(300));
  EXPECT_TRUE(WIFSIGNALED(status));
  EXPECT_EQ(WTERMSIG(status), SIGKILL);
  EXPECT_FALSE(wait_child_for(leaf, 0).has_value() && alive(leaf));
  close(fds[0]);
  close(fds[1]);
}

}  // namespace
}  // namespace simpleflow::internal
