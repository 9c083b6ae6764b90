#include "worker/task_channel.hpp"

#include <gtest/gtest.h>
#include <unistd.h>

#include <thread>

namespace simpleflow::internal {
namespace {

TEST(TaskChannelTest, MessagesOfAnySizeCrossInOrder) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  std::string big(3 * 1024 * 1024, 'x');
  std::thread writer([&] {
    EXPECT_TRUE(write_task_message(fds[1], TaskMessageType::kHeartbeat, "50%"));
    EXPECT_TRUE(write_task_message(fds[1], TaskMessageType::kHeartbeat, ""));
    EXPECT_TRUE(write_task_message(fds[1], TaskMessageType::kCompleted, big));
    close(fds[1]);
  });
  TaskMessageReader reader;
  std::vector<TaskMessage> got;
  while (reader.read_from(fds[0]) == TaskMessageReader::ReadResult::kData)
    while (auto m = reader.next()) got.push_back(std::move(*m));
  writer.join();
  close(fds[0]);
  ASSERT_EQ(got.size(), 3u);
  EXPECT_EQ(got[0].type, TaskMessageType::kHeartbeat);
  EXPECT_EQ(got[0].payload, "50%");
  EXPECT_EQ(got[1].payload, "");
  EXPECT_EQ(got[2].type, TaskMessageType::kCompleted);
  EXPECT_EQ(got[2].payload, big);
}

TEST(TaskChannelTest, APartialMessageWaitsForTheRest) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  const char head[] = {'F', 5, 0, 0, 0, 'a', 'b'};
  ASSERT_EQ(write(fds[1], head, sizeof head), 7);
  TaskMessageReader reader;
  ASSERT_EQ(reader.read_from(fds[0]), TaskMessageReader::ReadResult::kData);
  EXPECT_FALSE(reader.next());
  ASSERT_EQ(write(fds[1], "cde", 3), 3);
  ASSERT_EQ(reader.read_from(fds[0]), TaskMessageReader::ReadResult::kData);
  auto m = reader.next();
  ASSERT_TRUE(m);
  EXPECT_EQ(m->type, TaskMessageType::kFailed);
  EXPECT_EQ(m->payload, "abcde");
  close(fds[0]);
  close(fds[1]);
}

TEST(TaskChannelTest, WritingToAClosedReaderFails) {
  int fds[2];
  ASSERT_EQ(pipe(fds), 0);
  close(fds[0]);
  signal(SIGPIPE, SIG_IGN);
  EXPECT_FALSE(write_task_message(fds[1], TaskMessageType::kHeartbeat, "x"));
  close(fds[1]);
}

}  // namespace
}  // namespace simpleflow::internal
