#include "jumbo/disk_cache.hpp"

#include <gtest/gtest.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <thread>

namespace simpleflow::jumbo::internal {
namespace {

namespace fs = std::filesystem;

class DiskCacheTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("disk_cache_test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
  }
  void TearDown() override { fs::remove_all(root_); }

  std::uint64_t bytes_in_cache() const {
    std::uint64_t total = 0;
    for (const auto& entry : fs::directory_iterator(root_ / "jumbo_fields"))
      if (entry.path().filename() != ".lock") total += fs::file_size(entry.path());
    return total;
  }

  fs::path root_;
};

TEST_F(DiskCacheTest, KeepsFieldsByAddressAcrossInstances) {
  DiskCache writer(root_.string(), 1 << 20);
  EXPECT_FALSE(writer.get("s3://b/k1").has_value());
  writer.put("s3://b/k1", "one");
  writer.put("s3://other/k1", "same name, other bucket");
  DiskCache reader(root_.string(), 1 << 20);  // another process would see the same
  EXPECT_EQ(reader.get("s3://b/k1"), "one");
  EXPECT_EQ(reader.get("s3://other/k1"), "same name, other bucket");
}

TEST_F(DiskCacheTest, EvictsTheLeastRecentlyUsedFilesPastItsSize) {
  DiskCache cache(root_.string(), 1000);
  const std::string hundred(100, 'x');
  for (int i = 0; i < 9; ++i) {
    cache.put("s3://b/k" + std::to_string(i), hundred);
    // File times order the uses; make them distinct even on coarse clocks.
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_TRUE(cache.get("s3://b/k0").has_value());  // k0 is now the most recently used
  std::this_thread::sleep_for(std::chrono::milliseconds(5));
  cache.put("s3://b/k9", hundred);
  cache.put("s3://b/k10", hundred);  // 1,100 bytes: past the size, down to 900
  EXPECT_LE(bytes_in_cache(), 900u);
  EXPECT_TRUE(cache.get("s3://b/k0").has_value());
  EXPECT_TRUE(cache.get("s3://b/k10").has_value());
  EXPECT_FALSE(cache.get("s3://b/k1").has_value());
  EXPECT_FALSE(cache.get("s3://b/k2").has_value());
}

TEST_F(DiskCacheTest, AFieldLargerThanTheCacheIsNotKept) {
  DiskCache cache(root_.string(), 10);
  cache.put("s3://b/big", std::string(11, 'x'));
  EXPECT_FALSE(cache.get("s3://b/big").has_value());
}

TEST_F(DiskCacheTest, ProcessesSharingTheDirectoryNeverReadPartOfAField) {
  const std::string big(1 << 20, 'y');
  pid_t child = ::fork();
  if (child == 0) {
    DiskCache writer(root_.string(), 64 << 20);
    for (int i = 0; i < 200; ++i) writer.put("s3://b/shared", big);
    ::_exit(0);
  }
  DiskCache reader(root_.string(), 64 << 20);
  int seen = 0;
  int status = 0;
  pid_t ended = 0;
  while ((ended = ::waitpid(child, &status, WNOHANG)) == 0) {  // read while the other process writes
    if (auto got = reader.get("s3://b/shared")) {
      ASSERT_EQ(got->size(), big.size());
      ++seen;
    }
  }
  ASSERT_EQ(ended, child);
  EXPECT_GT(seen, 0);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  EXPECT_EQ(reader.get("s3://b/shared"), big);
}

TEST_F(DiskCacheTest, AnUnusableDirectoryIsSkippedNotAnError) {
  fs::create_directories(root_);
  std::ofstream(root_ / "jumbo_fields") << "a file where the directory should be";
  DiskCache cache(root_.string(), 1 << 20);
  cache.put("s3://b/k", "v");
  EXPECT_FALSE(cache.get("s3://b/k").has_value());
}

}  // namespace
}  // namespace simpleflow::jumbo::internal
