// Where an S3 request goes: the endpoint, the addressing style, the bucket
// name rules, and the URL of an object.
#pragma once

#include <string>
#include <string_view>

#include "simpleflow/blob_store.hpp"
#include "simpleflow/status.hpp"

namespace simpleflow::blob::internal {

// An endpoint URL taken apart: "http://127.0.0.1:9000/proxy" gives scheme
// "http", authority "127.0.0.1:9000" (the Host header: a default port is
// dropped) and base_path "/proxy" ("" for none).
struct Endpoint {
  std::string scheme;
  std::string authority;
  std::string host;  // without the port
  std::string base_path;
};

// kInvalidArgument, naming `source` (a variable, "the endpoint"), unless
// `url` is http:// or https:// with a host, and no query or fragment.
StatusOr<Endpoint> parse_endpoint(std::string_view url, std::string_view source);

// AWS's own S3 endpoint for `region`: https://s3.<region>.amazonaws.com,
// .amazonaws.com.cn for China's regions.
std::string aws_endpoint(std::string_view region);

// Whether the endpoint is Amazon S3's (host under amazonaws.com[.cn]).
bool is_aws(const Endpoint& endpoint);

// S3's rules for bucket names in any region: 3 to 63 characters, lower-case
// letters, digits, dots and hyphens, beginning and ending with a letter or a
// digit, no "..", not an IP address. `relaxed` also accepts upper-case
// letters and underscores, as S3-compatible servers and us-east-1's legacy
// buckets do; they only work with path-style addressing.
Status check_bucket_name(std::string_view bucket, bool relaxed);

// Virtual-host addressing needs the bucket to be a DNS label (no dots, so
// that TLS certificates for *.s3.amazonaws.com match).
bool usable_as_host_label(std::string_view bucket);

// kAuto made definite for this bucket and endpoint: virtual-host on AWS for
// bucket names usable as a host label, path-style everywhere else.
S3Addressing resolve_addressing(S3Addressing requested, const Endpoint& endpoint, std::string_view bucket);

// What a request for an object is sent to.
struct ObjectAddress {
  std::string url;   // "https://bucket.s3.eu-west-1.amazonaws.com/a%20b"
  std::string host;  // the Host header: "bucket.s3.eu-west-1.amazonaws.com"
  std::string path;  // encoded, as sent and signed: "/a%20b"
};

// `key` is encoded byte by byte, all but unreserved characters and '/'.
ObjectAddress object_address(const Endpoint& endpoint, S3Addressing addressing, std::string_view bucket,
                             std::string_view key);

}  // namespace simpleflow::blob::internal
