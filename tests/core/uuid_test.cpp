#include "core/uuid.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <set>
#include <string>

namespace simpleflow::internal {
namespace {

TEST(Uuid4Test, HasTheVersion4Shape) {
  EXPECT_THAT(uuid4(), ::testing::MatchesRegex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}"));
}

// Workers fork a child per activity, and each child names its jumbo fields
// with uuid4(): children forked from one parent must not draw the same ids.
TEST(Uuid4Test, ChildrenForkedFromOneParentDrawDifferentIds) {
  std::set<std::string> seen{uuid4()};  // the parent has drawn one already
  for (int i = 0; i < 4; ++i) {
    int fds[2];
    ASSERT_EQ(::pipe(fds), 0);
    pid_t child = ::fork();
    if (child == 0) {
      std::string id = uuid4();
      ssize_t written = ::write(fds[1], id.data(), id.size());
      ::_exit(written == static_cast<ssize_t>(id.size()) ? 0 : 1);
    }
    ::close(fds[1]);
    char buffer[64] = {};
    ssize_t n = ::read(fds[0], buffer, sizeof buffer);
    ::close(fds[0]);
    int status = 0;
    ::waitpid(child, &status, 0);
    ASSERT_EQ(n, 36);
    EXPECT_TRUE(seen.insert(std::string(buffer, 36)).second) << "drawn twice: " << buffer;
  }
}

}  // namespace
}  // namespace simpleflow::internal
