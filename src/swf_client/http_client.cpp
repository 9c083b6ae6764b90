#include "swf_client/http_client.hpp"

#include <curl/curl.h>

#include <utility>

#include <spdlog/spdlog.h>

#include "simpleflow/version.hpp"
#include "swf_client/backoff.hpp"
#include "swf_client/error_body.hpp"

namespace simpleflow::swf::internal {

namespace {

using http::internal::CurlHandle;
using http::internal::HeaderList;

bool is_long_poll(std::string_view operation) {
  return operation == "PollForDecisionTask" || operation == "PollForActivityTask";
}

}  // namespace

HttpSwfClient::HttpSwfClient(ClientConfig config)
    : config_(std::move(config)), clock_(config_.clock ? *config_.clock : SystemClock::instance()) {
  http::internal::global_init();
  if (config_.throttle) throttle_.emplace(clock_);
}

HttpSwfClient::~HttpSwfClient() = default;

Result<std::string> HttpSwfClient::send(std::string_view operation, std::string_view request_json) {
  auto handle = pool_.take();
  Result<std::string> outcome = std::string();
  for (int retry = 0;; ++retry) {
    if (throttle_) throttle_->acquire(operation, request_json);
    outcome = attempt(*handle, operation, request_json);
    if (outcome.ok()) break;
    CallError error = outcome.error();
    if (!error.retryable() || retry >= config_.max_retries) {
      error.attempts = retry + 1;
      outcome = std::move(error);
      break;
    }
    double delay =
        backoff_delay(retry, config_.retry_base_delay, config_.retry_max_delay, http::internal::unit_random());
    spdlog::warn("{}; retry {} of {} in {:.2f} s", error.describe(), retry + 1, config_.max_retries, delay);
    clock_.sleep_for(delay);
  }
  return outcome;
}

Result<std::string> HttpSwfClient::attempt(CurlHandle& handle, std::string_view operation, std::string_view body) {
  handle.reset();
  CURL* curl = handle.get();

  // Only headers that are sent as given: curl 7.88 signs every header of this
  // list, even one given empty to remove it ("Expect:"), which AWS then
  // refuses. The User-Agent goes through CURLOPT_USERAGENT, unsigned, as AWS
  // expects.
  HeaderList headers;
  headers.add("Content-Type: application/x-amz-json-1.0");
  headers.add("X-Amz-Target: SimpleWorkflowService." + std::string(operation));
  const bool poll = is_long_poll(operation);
  std::string sigv4;
  if (config_.credentials) {
    if (!config_.credentials->session_token.empty())
      headers.add("X-Amz-Security-Token: " + config_.credentials->session_token);
    sigv4 = "aws:amz:" + config_.region + ":swf";
    curl_easy_setopt(curl, CURLOPT_AWS_SIGV4, sigv4.c_str());
    curl_easy_setopt(curl, CURLOPT_USERNAME, config_.credentials->access_key_id.c_str());
    curl_easy_setopt(curl, CURLOPT_PASSWORD, config_.credentials->secret_access_key.c_str());
  }
  static const std::string user_agent = std::string("simpleflow-cpp/") + kVersion;
  curl_easy_setopt(curl, CURLOPT_URL, config_.endpoint.c_str());
  curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent.c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, headers.get());
  curl_easy_setopt(curl, CURLOPT_POST, 1L);
  curl_easy_setopt(curl, CURLOPT_POSTFIELDS, body.data());
  curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(body.size()));
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(config_.connect_timeout * 1000));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS,
                   static_cast<long>((poll ? config_.poll_timeout : config_.call_timeout) * 1000));
  curl_easy_setopt(curl, CURLOPT_ACCEPT_ENCODING, "");
  if (!config_.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, config_.ca_bundle.c_str());

  CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    // A poll that timed out after its request went out is an expired poll;
    // one that never connected is a network failure.
    long sent = 0;
    curl_easy_getinfo(curl, CURLINFO_REQUEST_SIZE, &sent);
    if (poll && code == CURLE_OPERATION_TIMEDOUT && sent > 0) {
      spdlog::debug("{} at {} timed out with no task", operation, config_.endpoint);
      return std::string("{}");
    }
    CallError error;
    error.kind = ErrorKind::kNetwork;
    error.code = curl_easy_strerror(code);
    error.message = handle.error_buffer;
    error.operation = std::string(operation);
    error.endpoint = config_.endpoint;
    return error;
  }
  long status = 0;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &status);
  if (status >= 200 && status < 300) {
    // Operations with no output may answer with an empty body.
    if (handle.body.empty()) return std::string("{}");
    return std::move(handle.body);
  }
  CallError error = error_from_response(static_cast<int>(status), handle.body,
                                       handle.header("x-amzn-errortype").value_or(""));
  error.operation = std::string(operation);
  error.endpoint = config_.endpoint;
  return error;
}

}  // namespace simpleflow::swf::internal
