// The SwfClient that speaks HTTP: libcurl, AWS JSON 1.0, SigV4.
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/swf/config.hpp"
#include "swf_client/throttle.hpp"

namespace simpleflow::swf::internal {

class CurlHandle;

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
  Result<std::string> attempt(CurlHandle& handle, std::string_view operation, std::string_view body);
  std::unique_ptr<CurlHandle> take_handle();
  void give_back(std::unique_ptr<CurlHandle> handle);

  const ClientConfig config_;
  const Clock& clock_;
  std::optional<Throttle> throttle_;
  std::mutex pool_mutex_;
  std::vector<std::unique_ptr<CurlHandle>> pool_;
};

}  // namespace simpleflow::swf::internal
