// Signatures as Python simpleflow writes and reads them (simpleflow/format.py):
// "simpleflow+s3://<bucket>/<key> <length>", split on whitespace.
#include "jumbo/signature.hpp"

#include <gmock/gmock.h>
#include <gtest/gtest.h>

namespace simpleflow::jumbo::internal {
namespace {

using ::testing::HasSubstr;

TEST(SignatureTest, ReadsPythonsSignatureWithAPrefix) {
  auto s = parse_signature("simpleflow+s3://jumbo-bucket/with/optional/prefix/5d7191af-0000-4000-8000-cdd39a31ba61 5242880");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->scheme, "s3");
  EXPECT_EQ(s->bucket, "jumbo-bucket");
  EXPECT_EQ(s->key, "with/optional/prefix/5d7191af-0000-4000-8000-cdd39a31ba61");
  EXPECT_EQ(s->length, 5242880u);
  EXPECT_EQ(s->address(), "s3://jumbo-bucket/with/optional/prefix/5d7191af-0000-4000-8000-cdd39a31ba61");
  EXPECT_EQ(s->text(), "simpleflow+s3://jumbo-bucket/with/optional/prefix/5d7191af-0000-4000-8000-cdd39a31ba61 5242880");
}

TEST(SignatureTest, SplitsOnAnyWhitespaceAsPythonsSplitDoes) {
  auto s = parse_signature("simpleflow+s3://b/k \t 12\n");
  ASSERT_TRUE(s.ok());
  EXPECT_EQ(s->key, "k");
  EXPECT_EQ(s->length, 12u);
}

TEST(SignatureTest, MalformedSignaturesAreErrorsThatQuoteThem) {
  for (const char* bad : {"simpleflow+s3://bucket-only 3", "simpleflow+s3://b/k", "simpleflow+s3://b/k 3 extra",
                          "simpleflow+s3:///k 3", "simpleflow+s3://b/ 3", "simpleflow+s3://b/k twelve",
                          "simpleflow+s3://b/k -1"}) {
    auto s = parse_signature(bad);
    ASSERT_FALSE(s.ok()) << bad;
    EXPECT_EQ(s.status().code(), StatusCode::kInvalidArgument);
    EXPECT_THAT(s.status().message(), HasSubstr("malformed jumbo field \"simpleflow+s3://"));
  }
}

TEST(SignatureTest, FileSignaturesNameOnlyUuidFilesInAbsoluteDirectories) {
  auto s = parse_signature("simpleflow+file:///var/lib/jumbo/5d7191af-0000-4000-8000-cdd39a31ba61 40000");
  ASSERT_TRUE(s.ok()) << s.status().message();
  EXPECT_EQ(s->scheme, "file");
  EXPECT_EQ(s->bucket, "/var/lib/jumbo");
  EXPECT_EQ(s->key, "5d7191af-0000-4000-8000-cdd39a31ba61");
  EXPECT_EQ(s->address(), "/var/lib/jumbo/5d7191af-0000-4000-8000-cdd39a31ba61");
  EXPECT_EQ(s->text(), "simpleflow+file:///var/lib/jumbo/5d7191af-0000-4000-8000-cdd39a31ba61 40000");
  for (const char* bad : {"simpleflow+file:///etc/passwd 10", "simpleflow+file://relative/5d7191af-0000-4000-8000-cdd39a31ba61 1",
                          "simpleflow+file:///a/../5d7191af-0000-4000-8000-cdd39a31ba61 1"}) {
    EXPECT_EQ(parse_signature(bad).status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

TEST(SignatureTest, LooksLikeSignatureOnlyForTheTwoSchemes) {
  EXPECT_TRUE(looks_like_signature("simpleflow+s3://b/k 1"));
  EXPECT_TRUE(looks_like_signature("simpleflow+file:///d/k 1"));
  EXPECT_FALSE(looks_like_signature("\"simpleflow+s3://b/k 1\""));
  EXPECT_FALSE(looks_like_signature("s3://b/k"));
  EXPECT_FALSE(looks_like_signature(""));
}

TEST(DestinationTest, BucketAndPrefixAsPythonReadsThem) {
  auto d = parse_destination("jumbo-bucket/with/prefix/", 256);  // trailing slash dropped
  ASSERT_TRUE(d.ok()) << d.status().message();
  EXPECT_EQ(d->bucket, "jumbo-bucket");
  EXPECT_EQ(d->prefix, "with/prefix");
  EXPECT_EQ(d->signature_for("u", 3).text(), "simpleflow+s3://jumbo-bucket/with/prefix/u 3");
  auto plain = parse_destination("bucket", 256);
  ASSERT_TRUE(plain.ok());
  EXPECT_EQ(plain->signature_for("u", 3).text(), "simpleflow+s3://bucket/u 3");
  auto file = parse_destination("file:///var/jumbo", 256);
  ASSERT_TRUE(file.ok());
  EXPECT_EQ(file->signature_for("u", 3).text(), "simpleflow+file:///var/jumbo/u 3");
}

TEST(DestinationTest, ALocationTooLongForAReasonFieldIsRefusedWithTheLimit) {
  // 16 ("simpleflow+s3://") + n + 1 + 36 + 1 + 7 <= 256, so n <= 195.
  std::string fits(195, 'b');
  EXPECT_TRUE(parse_destination(fits, 256).ok());
  auto too_long = parse_destination(fits + "b", 256);
  ASSERT_FALSE(too_long.ok());
  EXPECT_THAT(too_long.status().message(), HasSubstr("SIMPLEFLOW_JUMBO_FIELDS_BUCKET"));
  EXPECT_THAT(too_long.status().message(), HasSubstr("at most 195 characters"));
}

TEST(DestinationTest, MalformedLocationsAreRefused) {
  for (const char* bad : {"file://relative", "file:///a/../b", "file:///var/jumbo/..", "file:///var/.",
                          "/prefix-without-bucket", "b//p", "b/p q", "b/../other", "b/p/."}) {
    auto d = parse_destination(bad, 256);
    EXPECT_EQ(d.status().code(), StatusCode::kInvalidArgument) << bad;
  }
}

}  // namespace
}  // namespace simpleflow::jumbo::internal
