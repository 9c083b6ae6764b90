// Where jumbo fields live: objects in one S3 bucket, or files in one
// directory. Keys are paths relative to the bucket or the directory
// ("with/optional/prefix/5d7191af-..."). See docs/jumbo-fields.md.
//
//   auto options = s3_options_from_environment("jumbo-bucket");   // StatusOr
//   if (!options.ok()) { std::cerr << options.status().message(); return 2; }
//   auto store = make_s3_store(*options);                          // StatusOr
//   Status put = (*store)->put("prefix/key", "{\"large\": true}");
//   StatusOr<std::string> back = (*store)->get("prefix/key");
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>

#include "simpleflow/clock.hpp"
#include "simpleflow/status.hpp"
#include "simpleflow/swf/config.hpp"

namespace simpleflow {

// Implementations are thread-safe. Errors: kNotFound when the object does not
// exist, kUnavailable when the store did not answer or failed after retries
// (trying later may work), kFailedPrecondition when it refused (credentials,
// permissions, a missing bucket), with a message naming the object and the
// store's own error code.
class BlobStore {
 public:
  virtual ~BlobStore() = default;

  // Stores `content` under `key`, replacing any object there.
  virtual Status put(const std::string& key, std::string_view content) = 0;
  // The object's content.
  virtual StatusOr<std::string> get(const std::string& key) = 0;
  // The object's size in bytes.
  virtual StatusOr<std::uint64_t> size(const std::string& key) = 0;
  // Where an object is, for messages: "s3://bucket/key", "/dir/key".
  virtual std::string describe(const std::string& key) const = 0;
};

enum class S3Addressing {
  kAuto,         // virtual-host on AWS for DNS-compatible names, path otherwise
  kPath,         // https://endpoint/bucket/key
  kVirtualHost,  // https://bucket.endpoint/key
};

struct S3Options {
  std::string bucket;
  // "" for AWS: https://s3.<region>.amazonaws.com. Else a URL such as
  // "http://127.0.0.1:4569" (moto, s3rver, MinIO, a proxy).
  std::string endpoint;
  std::string region = "us-east-1";  // the SigV4 signing region
  S3Addressing addressing = S3Addressing::kAuto;
  // Unset: requests go unsigned.
  std::optional<swf::Credentials> credentials;
  // Sends x-amz-server-side-encryption: AES256 with each PUT.
  bool server_side_encryption = false;
  // Retries of 5xx, throttling (429, SlowDown) and network failures: at most
  // `max_retries` more attempts, with full-jitter exponential backoff.
  int max_retries = 5;
  double retry_base_delay = 0.1;
  double retry_max_delay = 20;
  double connect_timeout = 10;   // seconds
  double request_timeout = 300;  // seconds, for one whole request
  // PEM file of the certificate authorities HTTPS endpoints are verified
  // against (AWS_CA_BUNDLE, as for SWF); "" for the system's.
  std::string ca_bundle;
  // Time for backoff; nullptr means the system clock. Not owned; must
  // outlive the store.
  const Clock* clock = nullptr;
};

// Options for `bucket` from the environment:
//   endpoint    AWS_ENDPOINT_URL_S3, AWS_ENDPOINT_URL, else SIMPLEFLOW_S3_HOST
//               when set (https://<host>), else AWS in the region.
//   region      as for SWF (AWS_REGION, AWS_DEFAULT_REGION, ~/.swf, the
//               profile), else us-east-1. A bucket in another region is
//               followed (S3's x-amz-bucket-region answer).
//   credentials as for SWF (environment, ~/.swf, the AWS profile).
//   SIMPLEFLOW_S3_SSE                boolean, server-side encryption
//   SIMPLEFLOW_S3_ADDRESSING_STYLE   auto, path or virtual
// A configured endpoint other than AWS's uses path-style addressing unless
// told otherwise.
// Errors (kInvalidArgument) name the variable or file at fault.
StatusOr<S3Options> s3_options_from_environment(const std::string& bucket,
                                                const swf::Environment& env = swf::Environment::process());

// An S3 store over HTTP (libcurl, SigV4 with x-amz-content-sha256).
// kInvalidArgument for a bucket name S3 cannot have or a malformed endpoint.
StatusOr<std::unique_ptr<BlobStore>> make_s3_store(S3Options options);

// Files under `directory` (created when missing, with the key's
// subdirectories), written whole to a temporary file then renamed, so that
// readers in other processes never see part of an object. Keys with ".."
// or an empty segment are refused (kInvalidArgument).
std::unique_ptr<BlobStore> make_directory_store(std::string directory);

}  // namespace simpleflow
