// AWS Signature Version 4: the primitives that both sides need (the S3
// client signs with them, the embedded server checks SWF requests with
// them), and a signer for requests with a hashed payload, as S3 wants them.
// https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_sigv4-create-signed-request.html
#pragma once

#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "simpleflow/swf/config.hpp"

namespace simpleflow::aws::internal {

using Headers = std::vector<std::pair<std::string, std::string>>;

// Lower-case hexadecimal of `bytes`.
std::string hex(std::string_view bytes);
// Hex SHA-256 of `data`: the payload hash and the canonical request's hash.
std::string sha256_hex(std::string_view data);
// Raw (binary) HMAC-SHA256 of `data` under `key`.
std::string hmac_sha256(std::string_view key, std::string_view data);

// Percent-encodes every byte but A-Z a-z 0-9 - _ . ~ and those in
// `also_safe`, with upper-case hex digits, as SigV4 requires ('/' is safe in
// S3 object paths, nowhere else).
std::string uri_encode(std::string_view text, std::string_view also_safe = "");
// Undoes %XX escapes and turns '+' into a space, as query strings are read.
std::string uri_decode(std::string_view text);

// The query string as SigV4 signs it: each name and value decoded then
// encoded again, "name=value" pairs sorted, joined with '&' ("location"
// gives "location="). `query` is the raw query, without '?'.
std::string canonical_query(std::string_view query);

// A header value as signed: trimmed, runs of spaces and tabs made one space.
std::string canonical_header_value(std::string_view value);

// The canonical headers block ("name:value\n" per name, names lower-cased and
// sorted, values of repeated names joined with ',') and the signed headers
// list ("content-type;host;x-amz-date").
struct CanonicalHeaders {
  std::string block;
  std::string signed_names;
};
CanonicalHeaders canonical_headers(const Headers& headers);

// The canonical request, from its already canonical parts.
std::string canonical_request(std::string_view method, std::string_view canonical_uri,
                              std::string_view canonical_query, std::string_view canonical_headers,
                              std::string_view signed_headers, std::string_view payload_hash);

// "20261128/eu-west-1/s3/aws4_request"
std::string credential_scope(std::string_view date, std::string_view region, std::string_view service);

// The hex signature of `canonical_request` made at `amz_date`
// ("20261128T101203Z") with the key derived from `secret` for the scope.
std::string signature(std::string_view secret, std::string_view amz_date, std::string_view region,
                      std::string_view service, std::string_view canonical_request);

// The signing key: HMAC chain of "AWS4" + secret, date (YYYYMMDD), region,
// service, "aws4_request".
std::string signing_key(std::string_view secret, std::string_view date, std::string_view region,
                        std::string_view service);

// ISO 8601 basic UTC time of `seconds` since the epoch: "20261128T101203Z".
std::string amz_date(double seconds);

// What the signer reads of a request.
struct RequestToSign {
  std::string_view method;  // "PUT"
  std::string_view host;    // the Host header: "bucket.s3.amazonaws.com", "127.0.0.1:9000"
  // The path exactly as sent, already percent-encoded ("/bucket/a%20b"): S3
  // signs it as it is, with no second encoding and no normalization.
  std::string_view path;
  std::string_view query;  // raw, without '?'; "" for none
  // Headers sent besides Host, all signed (leave out User-Agent, Expect and
  // Content-Length, which proxies and curl may change).
  const Headers* headers = nullptr;
  std::string_view payload_hash;  // sha256_hex of the body
};

// The headers to add to `request` so that AWS accepts it: X-Amz-Date,
// X-Amz-Content-Sha256, X-Amz-Security-Token when `credentials` has a
// session token, and Authorization. `now` is seconds since the epoch.
Headers sign(const RequestToSign& request, const swf::Credentials& credentials, std::string_view region,
             std::string_view service, double now);

}  // namespace simpleflow::aws::internal
