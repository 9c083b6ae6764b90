// The signer signs as botocore (the AWS SDK for Python) signs S3 requests.
//
// The expected values come from botocore 1.43's S3SigV4Auth at the fixed time
// 2026-11-28T10:12:03Z: `python3 tests/aws/botocore_signatures.py` prints
// them for the same requests, so they can be checked or extended.
#include "aws/sigv4.hpp"

#include <gtest/gtest.h>

#include <map>

namespace simpleflow::aws::internal {
namespace {

constexpr double kSignedAt = 1795860723;  // 2026-11-28T10:12:03Z
constexpr const char* kEmptyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

swf::Credentials key() { return {"AKIDEXAMPLE", "wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "", "test"}; }

std::map<std::string, std::string> sign_to_map(std::string_view method, std::string_view host, std::string_view path,
                                               std::string_view query, const Headers& headers,
                                               std::string_view body, std::string_view region,
                                               const swf::Credentials& credentials = key()) {
  std::string payload_hash = sha256_hex(body);
  RequestToSign request{method, host, path, query, &headers, payload_hash};
  std::map<std::string, std::string> out;
  for (auto& [name, value] : sign(request, credentials, region, "s3", kSignedAt)) {
    EXPECT_FALSE(out.count(name)) << name << " added twice";
    out[name] = value;
  }
  return out;
}

TEST(SigV4Test, Primitives) {
  EXPECT_EQ(sha256_hex(""), kEmptyHash);
  EXPECT_EQ(sha256_hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  // RFC 4231, test case 2.
  EXPECT_EQ(hex(hmac_sha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  EXPECT_EQ(amz_date(kSignedAt), "20261128T101203Z");
  EXPECT_EQ(amz_date(kSignedAt + 0.9), "20261128T101203Z");
}

TEST(SigV4Test, UriEncodingFollowsAwsRules) {
  EXPECT_EQ(uri_encode("AZaz09-_.~"), "AZaz09-_.~");
  EXPECT_EQ(uri_encode("a b/\xc3\xbc+x*"), "a%20b%2F%C3%BC%2Bx%2A");
  EXPECT_EQ(uri_encode("a b/\xc3\xbc+x", "/"), "a%20b/%C3%BC%2Bx");
  EXPECT_EQ(uri_decode("a%20b+c%2f%zz%"), "a b c/%zz%");
}

TEST(SigV4Test, CanonicalQueryIsSortedAndEncoded) {
  EXPECT_EQ(canonical_query(""), "");
  EXPECT_EQ(canonical_query("location"), "location=");
  EXPECT_EQ(canonical_query("prefix=a%20b&list-type=2&delimiter=%2F"), "delimiter=%2F&list-type=2&prefix=a%20b");
  EXPECT_EQ(canonical_query("b=1&&a=x+y*"), "a=x%20y%2A&b=1");
}

TEST(SigV4Test, CanonicalHeadersAreLowerCasedSortedAndJoined) {
  CanonicalHeaders c = canonical_headers({{"X-B", "  two   words "}, {"Host", "h"}, {"x-b", "again"}});
  EXPECT_EQ(c.block, "host:h\nx-b:two words,again\n");
  EXPECT_EQ(c.signed_names, "host;x-b");
}

TEST(SigV4Test, SigningKeyMatchesAwsExample) {
  // AWS's documented example key derivation (the IAM user guide's
  // "Examples of how to derive a signing key").
  EXPECT_EQ(hex(signing_key("wJalrXUtnFEMI/K7MDENG+bPxRfiCYEXAMPLEKEY", "20120215", "us-east-1", "iam")),
            "f4780e2d9f65fa895f9c67b32ce1baf0b0d8a43505a000a1a9e090d414db404d");
}

TEST(SigV4Test, PutWithBodyAsBotocore) {
  Headers headers = {{"Content-Type", "text/plain; charset=utf-8"}, {"x-amz-server-side-encryption", "AES256"}};
  auto added = sign_to_map("PUT", "examplebucket.s3.amazonaws.com", "/test%24file.text", "", headers,
                           "Welcome to Amazon S3.", "us-east-1");
  EXPECT_EQ(added["X-Amz-Date"], "20261128T101203Z");
  EXPECT_EQ(added["X-Amz-Content-Sha256"], "44ce7dd67c959e0d3524ffac1771dfbba87d2b6b4b4e99e42034a8b803f8b072");
  EXPECT_EQ(added["Authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-east-1/s3/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date;x-amz-server-side-encryption, "
            "Signature=2030c337466e59f35ce2ec9cf584f36e019826c12302e2900cb2a7585b44665c");
  EXPECT_EQ(added.size(), 3u);
}

TEST(SigV4Test, GetPathStyleWithPortAsBotocore) {
  auto added = sign_to_map("GET", "127.0.0.1:4569", "/bucket/prefix/key.json", "", {}, "", "eu-west-1");
  EXPECT_EQ(added["X-Amz-Content-Sha256"], kEmptyHash);
  EXPECT_EQ(added["Authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/eu-west-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
            "Signature=de4e70bac206da62ad64843d48ccf1a8ef03c782191672c503adf6ed41b49e00");
}

TEST(SigV4Test, HeadAsBotocore) {
  auto added = sign_to_map("HEAD", "bucket.s3.eu-west-3.amazonaws.com", "/k", "", {}, "", "eu-west-3");
  EXPECT_EQ(added["Authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/eu-west-3/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
            "Signature=df28fb72a4c6fd9c8053658d3653ae9dcbc1d49c46a67fd19a1e694e0f2b60f3");
}

TEST(SigV4Test, KeyNeedingEncodingAsBotocore) {
  // The key "a b/ü+x", encoded as the store sends it.
  Headers headers = {{"Content-Type", "text/plain; charset=utf-8"}};
  std::string path = "/bucket/" + uri_encode("a b/\xc3\xbc+x", "/");
  EXPECT_EQ(path, "/bucket/a%20b/%C3%BC%2Bx");
  auto added = sign_to_map("PUT", "localhost:9000", path, "", headers, "h\xc3\xa9", "us-east-1");
  EXPECT_EQ(added["X-Amz-Content-Sha256"], "7dfbe0eab96510b11c9a2671d83019cd52953211294db5f917ffa0b7cc84f534");
  EXPECT_EQ(added["Authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-east-1/s3/aws4_request, "
            "SignedHeaders=content-type;host;x-amz-content-sha256;x-amz-date, "
            "Signature=7763719c4415bdba8020fa7a2bf00d98adbf46a0a2043bc4cfb87e9eab193ec8");
}

TEST(SigV4Test, SessionTokenIsSentAndSignedAsBotocore) {
  swf::Credentials temporary{"ASIAEXAMPLE", "secret/with+chars", "session-token/xyz==", "test"};
  auto added = sign_to_map("GET", "s3.us-west-2.amazonaws.com", "/bucket/k", "", {}, "", "us-west-2", temporary);
  EXPECT_EQ(added["X-Amz-Security-Token"], "session-token/xyz==");
  EXPECT_EQ(added["Authorization"],
            "AWS4-HMAC-SHA256 Credential=ASIAEXAMPLE/20261128/us-west-2/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date;x-amz-security-token, "
            "Signature=e51c2c97548f7d24304471c85fa3221423861f9c38627cc3367bc413adf42d5f");
}

TEST(SigV4Test, QueriesAsBotocore) {
  auto location = sign_to_map("GET", "bucket.s3.amazonaws.com", "/", "location", {}, "", "us-east-1");
  EXPECT_EQ(location["Authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
            "Signature=12a36bca2b30500dce1f71d75e09873683e58d3c4498c76cea51b98006da6699");
  auto sorted = sign_to_map("GET", "s3.amazonaws.com", "/bucket", "prefix=a%20b&list-type=2&delimiter=%2F", {}, "",
                            "us-east-1");
  EXPECT_EQ(sorted["Authorization"],
            "AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/20261128/us-east-1/s3/aws4_request, "
            "SignedHeaders=host;x-amz-content-sha256;x-amz-date, "
            "Signature=3604686f47b59afefc85352aa24882722fa34784c71ad1fb7fcf6cfda57f6786");
}

}  // namespace
}  // namespace simpleflow::aws::internal
