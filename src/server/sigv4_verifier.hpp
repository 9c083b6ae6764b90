// Checking AWS Signature Version 4 on requests to the embedded server, as
// AWS checks them, so that `simpleflow server --require-auth` refuses what
// Amazon SWF would refuse.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace simpleflow::server::internal {

// What the verifier reads of an HTTP request. Header names in any case.
struct SignedRequest {
  std::string_view method;  // "POST"
  std::string_view path;    // "/" (without the query)
  std::string_view query;   // the raw query string, without '?'; "" for none
  std::vector<std::pair<std::string, std::string>> headers;
  std::string_view body;
};

// A key the server accepts. `session_token` set: requests signed with this
// key must carry it in X-Amz-Security-Token.
struct AccessKey {
  std::string access_key_id;
  std::string secret_access_key;
  std::optional<std::string> session_token;
};

// Why a request is refused: AWS's error code (the JSON `__type` name, sent
// with HTTP 403 except for kIncompleteSignature, 400) and message.
struct AuthFailure {
  std::string code;
  std::string message;
  int http_status = 403;
};

// Where the server stands: what a credential scope must name.
struct SigningScope {
  std::string_view region;            // "us-east-1"
  std::string_view service = "swf";
};

// Checks the request's `Authorization: AWS4-HMAC-SHA256 Credential=...,
// SignedHeaders=..., Signature=...`: the scope names `scope`'s region and
// service, the key is known, the scope's date matches X-Amz-Date, which is
// within 15 minutes of `now` (seconds since the epoch), Host and X-Amz-Date
// are signed, the session token matches, and the signature is the one
// computed over the canonical request. The payload hash in it is always that
// of the body received: an X-Amz-Content-Sha256 header that says otherwise,
// or says UNSIGNED-PAYLOAD, is refused, so a captured signature cannot carry
// another body. Returns nullopt when the request is authentic. `find_key`
// maps an access key id to its key. Thread-safe.
std::optional<AuthFailure> verify_sigv4(const SignedRequest& request,
                                        const std::function<std::optional<AccessKey>(std::string_view)>& find_key,
                                        double now, const SigningScope& scope);

}  // namespace simpleflow::server::internal
