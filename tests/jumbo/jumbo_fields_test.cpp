// Encoding and decoding fields through jumbo fields, with the store a test
// double (MemoryBlobStore) or a directory.
#include "simpleflow/jumbo_fields.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>

#include "jumbo/signature.hpp"
#include "support/memory_blob_store.hpp"
#include "support/scoped_variable.hpp"

namespace simpleflow {
namespace {

using ::testing::HasSubstr;
using ::testing::StartsWith;
using testing::MemoryBlobStore;
using testing::ScopedVariable;

class JumboFieldsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    set_blob_store_opener([this](std::string_view scheme, const std::string& bucket) {
      opened_.push_back(std::string(scheme) + ":" + bucket);
      return StatusOr<std::shared_ptr<BlobStore>>(store_);
    });
  }
  void TearDown() override { set_blob_store_opener(nullptr); }

  std::shared_ptr<MemoryBlobStore> store_ = std::make_shared<MemoryBlobStore>();
  std::vector<std::string> opened_;
  ScopedVariable bucket_{"SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "jumbo-bucket/some/prefix"};
  ScopedVariable disk_{"SIMPLEFLOW_ENABLE_DISK_CACHE", nullptr};
  ScopedVariable memory_{"SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", nullptr};
};

TEST_F(JumboFieldsTest, AFieldThatFitsIsLeftAlone) {
  auto encoded = encode_field("small", 10);
  ASSERT_TRUE(encoded.ok());
  EXPECT_EQ(*encoded, "small");
  EXPECT_EQ(store_->puts, 0);
  // Characters, not bytes: five two-byte characters fit a field of 5.
  EXPECT_EQ(*encode_field("\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9", 5), "\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9\xc3\xa9");
}

TEST_F(JumboFieldsTest, ALongFieldBecomesPythonsSignatureAndDecodesBack) {
  const std::string text = "\"" + std::string(40000, 'a') + "\xc3\xa9\"";  // 40,003 characters
  auto encoded = encode_field(text, 32768);
  ASSERT_TRUE(encoded.ok()) << encoded.status().message();
  EXPECT_THAT(*encoded, StartsWith("simpleflow+s3://jumbo-bucket/some/prefix/"));
  EXPECT_THAT(*encoded, ::testing::EndsWith(" 40003"));
  auto signature = jumbo::internal::parse_signature(*encoded);
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(signature->key.size(), std::string("some/prefix/").size() + 36);
  EXPECT_EQ(store_->objects().at(signature->key), text);  // stored as UTF-8, as Python does
  EXPECT_TRUE(is_jumbo_field(*encoded));
  auto decoded = decode_field(*encoded);
  ASSERT_TRUE(decoded.ok());
  EXPECT_EQ(*decoded, text);
  EXPECT_EQ(opened_, std::vector<std::string>{"s3:jumbo-bucket"});
}

TEST_F(JumboFieldsTest, FetchedFieldsAreKeptInMemory) {
  const std::string signature = "simpleflow+s3://jumbo-bucket/k 5";
  ASSERT_TRUE(store_->put("k", "hello").ok());
  for (int i = 0; i < 10; ++i) EXPECT_EQ(*decode_field(signature), "hello");
  EXPECT_EQ(store_->gets, 1);
  ScopedVariable off("SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", "0");
  for (int i = 0; i < 3; ++i) EXPECT_EQ(*decode_field(signature), "hello");
  EXPECT_EQ(store_->gets, 4);
}

TEST_F(JumboFieldsTest, TheDiskCacheServesAnotherProcess) {
  const auto dir = std::filesystem::temp_directory_path() / ("jumbo_disk-" + std::to_string(::getpid()));
  ScopedVariable enable("SIMPLEFLOW_ENABLE_DISK_CACHE", "true");
  ScopedVariable where("SIMPLEFLOW_DISK_CACHE_DIR", dir.string());
  auto encoded = encode_field(std::string(50000, 'z'), 32768);
  ASSERT_TRUE(encoded.ok());
  pid_t child = ::fork();
  if (child == 0) {
    store_->failure = UnavailableError("the store is down");  // only the disk can answer
    set_blob_store_opener([this](std::string_view, const std::string&) {  // and a fresh memory cache
      return StatusOr<std::shared_ptr<BlobStore>>(store_);
    });
    auto decoded = decode_field(*encoded);
    ::_exit(decoded.ok() && decoded->size() == 50000 ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::filesystem::remove_all(dir);
}

TEST_F(JumboFieldsTest, TooLongWithoutJumboFieldsOrPastFiveMebibytesIsMessageTooLong) {
  {
    ScopedVariable off("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", nullptr);
    auto encoded = encode_field(std::string(32769, 'a'), 32768);
    ASSERT_FALSE(encoded.ok());
    EXPECT_EQ(encoded.status().code(), StatusCode::kOutOfRange);
    EXPECT_EQ(encoded.status().message(), "Message too long (32769 chars)");
  }
  auto encoded = encode_field(std::string(kMaxJumboFieldLength + 1, 'a'), 32768);
  ASSERT_FALSE(encoded.ok());
  EXPECT_EQ(encoded.status().code(), StatusCode::kOutOfRange);
  EXPECT_THAT(encoded.status().message(), HasSubstr("Message too long"));
  EXPECT_THAT(encoded.status().message(), HasSubstr("(5242881 chars)"));
  EXPECT_EQ(store_->puts, 0);
  EXPECT_TRUE(encode_field(std::string(kMaxJumboFieldLength, 'a'), 32768).ok());
}

TEST_F(JumboFieldsTest, StoreFailuresAreReportedWithTheSignature) {
  auto missing = decode_field("simpleflow+s3://jumbo-bucket/absent 3");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_THAT(missing.status().message(), HasSubstr("simpleflow+s3://jumbo-bucket/absent 3"));
  store_->failure = UnavailableError("connection refused");
  auto down = encode_field(std::string(40000, 'a'), 32768);
  ASSERT_FALSE(down.ok());
  EXPECT_EQ(down.status().code(), StatusCode::kUnavailable);
  EXPECT_THAT(down.status().message(), HasSubstr("connection refused"));
}

TEST_F(JumboFieldsTest, AnObjectWhoseLengthDiffersFromItsSignatureIsAnError) {
  ASSERT_TRUE(store_->put("truncated", "abc").ok());
  auto decoded = decode_field("simpleflow+s3://jumbo-bucket/truncated 10");
  ASSERT_FALSE(decoded.ok());
  EXPECT_THAT(decoded.status().message(), HasSubstr("holds 3 characters, but its signature says 10"));
}

TEST_F(JumboFieldsTest, ABadConfigurationIsReportedByTheCheckAndByEncoding) {
  EXPECT_TRUE(check_jumbo_fields_configuration().ok());
  ScopedVariable bad("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", std::string(200, 'b'));
  Status status = check_jumbo_fields_configuration();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("at most 195 characters"));
  EXPECT_EQ(encode_field(std::string(40000, 'a'), 32768).status().code(), StatusCode::kInvalidArgument);
  ScopedVariable good("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "b");
  ScopedVariable memory("SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE", "lots");
  EXPECT_THAT(check_jumbo_fields_configuration().message(), HasSubstr("SIMPLEFLOW_JUMBO_FIELDS_MEMORY_CACHE"));
}

TEST(JumboFieldsConfigurationTest, ABucketNameS3CannotHaveIsRefusedAtTheCheck) {
  ScopedVariable endpoint("AWS_ENDPOINT_URL_S3", nullptr);
  ScopedVariable any_endpoint("AWS_ENDPOINT_URL", nullptr);
  ScopedVariable host("SIMPLEFLOW_S3_HOST", nullptr);
  ScopedVariable bucket("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "My_Bucket/prefix");
  Status status = check_jumbo_fields_configuration();
  EXPECT_EQ(status.code(), StatusCode::kInvalidArgument);
  EXPECT_THAT(status.message(), HasSubstr("My_Bucket"));
}

TEST(JumboFieldsDirectoryTest, AFileDestinationWritesFilesThatAnyProcessCanRead) {
  const auto dir = std::filesystem::temp_directory_path() / ("jumbo_dir-" + std::to_string(::getpid()));
  ScopedVariable bucket("SIMPLEFLOW_JUMBO_FIELDS_BUCKET", "file://" + dir.string());
  auto encoded = encode_field(std::string(33000, 'q'), 32768);
  ASSERT_TRUE(encoded.ok()) << encoded.status().message();
  EXPECT_THAT(*encoded, StartsWith("simpleflow+file://" + dir.string() + "/"));
  auto signature = jumbo::internal::parse_signature(*encoded);
  ASSERT_TRUE(signature.ok());
  EXPECT_EQ(std::filesystem::file_size(dir / signature->key), 33000u);
  pid_t child = ::fork();
  if (child == 0) {
    set_blob_store_opener(nullptr);  // nothing kept from the writer
    auto decoded = decode_field(*encoded);
    ::_exit(decoded.ok() && *decoded == std::string(33000, 'q') ? 0 : 1);
  }
  int status = 0;
  ASSERT_EQ(::waitpid(child, &status, 0), child);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace simpleflow
