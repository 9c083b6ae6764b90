#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "simpleflow/blob_store.hpp"

namespace simpleflow {
namespace {

namespace fs = std::filesystem;

class DirectoryStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = fs::temp_directory_path() / ("directory_store_test-" + std::to_string(::getpid()));
    fs::remove_all(root_);
    store_ = make_directory_store((root_ / "store").string());
  }
  void TearDown() override { fs::remove_all(root_); }

  fs::path root_;
  std::unique_ptr<BlobStore> store_;
};

TEST_F(DirectoryStoreTest, RoundTripsContentUnderNestedKeysCreatingDirectories) {
  std::string content(1 << 20, '\0');
  for (std::size_t i = 0; i < content.size(); ++i) content[i] = static_cast<char>(i * 7);
  ASSERT_TRUE(store_->put("with/prefix/obj", content).ok());
  auto back = store_->get("with/prefix/obj");
  ASSERT_TRUE(back.ok()) << back.status().message();
  EXPECT_EQ(*back, content);
  auto size = store_->size("with/prefix/obj");
  ASSERT_TRUE(size.ok());
  EXPECT_EQ(*size, content.size());
  EXPECT_TRUE(fs::exists(root_ / "store/with/prefix/obj"));
}

TEST_F(DirectoryStoreTest, PutReplacesAndLeavesNoTemporaryFiles) {
  ASSERT_TRUE(store_->put("k", "first").ok());
  ASSERT_TRUE(store_->put("k", "second").ok());
  EXPECT_EQ(*store_->get("k"), "second");
  int files = 0;
  for ([[maybe_unused]] const auto& entry : fs::directory_iterator(root_ / "store")) ++files;
  EXPECT_EQ(files, 1);
}

TEST_F(DirectoryStoreTest, AMissingObjectIsNotFoundAndNamesThePath) {
  auto back = store_->get("absent");
  ASSERT_FALSE(back.ok());
  EXPECT_EQ(back.status().code(), StatusCode::kNotFound);
  EXPECT_NE(back.status().message().find((root_ / "store/absent").string()), std::string::npos);
  EXPECT_EQ(store_->size("absent").status().code(), StatusCode::kNotFound);
}

TEST_F(DirectoryStoreTest, KeysThatWouldLeaveTheDirectoryAreRefused) {
  for (const char* key : {"../escape", "a/../../b", "/etc/passwd", "", "a//b", "a/", "./a"}) {
    EXPECT_EQ(store_->put(key, "x").code(), StatusCode::kInvalidArgument) << key;
    EXPECT_EQ(store_->get(key).status().code(), StatusCode::kInvalidArgument) << key;
  }
  EXPECT_FALSE(fs::exists(root_ / "escape"));
}

TEST_F(DirectoryStoreTest, AnUnwritableDirectoryIsAnErrorNotACrash) {
  fs::create_directories(root_);
  std::ofstream(root_ / "file") << "x";
  auto store = make_directory_store((root_ / "file").string());  // a file, not a directory
  Status put = store->put("k", "v");
  EXPECT_FALSE(put.ok());
  EXPECT_NE(put.message().find("file"), std::string::npos) << put.message();
}

}  // namespace
}  // namespace simpleflow
