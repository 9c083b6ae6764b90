// The S3 BlobStore: PUT, GET and HEAD of objects over libcurl, signed with
// SigV4 (x-amz-content-sha256 always sent: S3-compatible servers want it),
// retried with backoff, following a bucket that lives in another region.
#pragma once

#include <mutex>
#include <optional>
#include <string>
#include <string_view>

#include "blob/s3_address.hpp"
#include "http/curl_pool.hpp"
#include "simpleflow/blob_store.hpp"

namespace simpleflow::blob::internal {

// S3's XML error body: <Error><Code>NoSuchKey</Code><Message>...</Message>.
// Empty fields when absent (a HEAD's errors have no body).
struct S3Error {
  std::string code;
  std::string message;
};
S3Error parse_s3_error(std::string_view body);

class S3Store final : public BlobStore {
 public:
  // `options` must have been checked by make_s3_store.
  S3Store(S3Options options, Endpoint endpoint, bool default_endpoint);

  Status put(const std::string& key, std::string_view content) override;
  StatusOr<std::string> get(const std::string& key) override;
  StatusOr<std::uint64_t> size(const std::string& key) override;
  std::string describe(const std::string& key) const override;

 private:
  // Where requests go now; changes when S3 says the bucket is elsewhere.
  struct Target {
    Endpoint endpoint;
    std::string region;
  };
  struct Response {
    long status = 0;
    std::string body;
    std::optional<std::string> content_length;
    std::optional<std::string> bucket_region;  // x-amz-bucket-region
  };
  struct Request {
    const char* method;  // "PUT", "GET", "HEAD"; also names the operation in messages
    const std::string& key;
    std::string_view body;
  };

  // The request, retried, redirected once to the bucket's region; a 2xx
  // response or the error to return.
  StatusOr<Response> call(const Request& request);
  // One exchange. kUnavailable when curl failed (retryable).
  StatusOr<Response> attempt(http::internal::CurlHandle& handle, const Request& request, const Target& target);
  // The region S3 says the bucket is in, when `response` says it is not here.
  std::optional<std::string> moved_to(const Response& response, const S3Error& error, const Target& target) const;
  void follow(const std::string& region);
  Target target() const;
  Status failure(const Request& request, const Response& response, const S3Error& error) const;

  const S3Options options_;
  const Clock& clock_;
  const bool default_endpoint_;  // AWS's endpoint for the region, not a configured one
  mutable std::mutex target_mutex_;
  Target target_;
  http::internal::CurlPool pool_;
};

}  // namespace simpleflow::blob::internal
