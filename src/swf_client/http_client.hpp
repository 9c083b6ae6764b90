// The SwfClient that speaks HTTP: libcurl, AWS JSON 1.0, SigV4.
#pragma once

#include <optional>
#include <string>

#include "http/curl_pool.hpp"
#include "simpleflow/swf/config.hpp"
#include "swf_client/throttle.hpp"

namespace simpleflow::swf::internal {

// POSTs each call to the endpoint with `X-Amz-Target:
// SimpleWorkflowService.<operation>`, signed with SigV4 when credentials are
// set (curl's CURLOPT_AWS_SIGV4; the session token is sent and signed as
// X-Amz-Security-Token). Retries throttling, 5xx and network failures with
// backoff; a long poll that times out gives "{}". Thread-safe: each call
// takes a curl handle from a pool, so concurrent calls each have their own
// connection and a handle's connection is reused by the next call.
class HttpSwfClient final : public SwfClient {
 public:
  explicit HttpSwfClient(ClientConfig config);
  ~HttpSwfClient() override;

  Result<std::string> send(std::string_view operation, std::string_view request_json) override;
  std::string endpoint() const override { return config_.endpoint; }

 private:
  // One HTTP exchange, no retry.
  Result<std::string> attempt(http::internal::CurlHandle& handle, std::string_view operation, std::string_view body);

  const ClientConfig config_;
  const Clock& clock_;
  std::optional<Throttle> throttle_;
  http::internal::CurlPool pool_;
};

}  // namespace simpleflow::swf::internal
