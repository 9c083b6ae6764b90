#include "blob/s3_store.hpp"

#include <spdlog/spdlog.h>

#include <charconv>
#include <utility>

#include "aws/sigv4.hpp"
#include "simpleflow/version.hpp"
#include "swf_client/backoff.hpp"

namespace simpleflow {
namespace blob::internal {
namespace {

namespace aws = simpleflow::aws::internal;
using http::internal::CurlHandle;
using http::internal::HeaderList;

std::string xml_unescape(std::string_view text) {
  static constexpr std::pair<std::string_view, char> kEntities[] = {
      {"&amp;", '&'}, {"&lt;", '<'}, {"&gt;", '>'}, {"&quot;", '"'}, {"&apos;", '\''}};
  std::string out;
  for (std::size_t i = 0; i < text.size(); ++i) {
    bool replaced = false;
    if (text[i] == '&') {
      for (const auto& [entity, c] : kEntities) {
        if (text.substr(i, entity.size()) == entity) {
          out += c;
          i += entity.size() - 1;
          replaced = true;
          break;
        }
      }
    }
    if (!replaced) out += text[i];
  }
  return out;
}

// The text of the first <name>...</name>; S3's error bodies are flat.
std::string element(std::string_view xml, std::string_view name) {
  const std::string open = "<" + std::string(name) + ">";
  const std::string close = "</" + std::string(name) + ">";
  auto start = xml.find(open);
  if (start == std::string_view::npos) return "";
  start += open.size();
  auto end = xml.find(close, start);
  if (end == std::string_view::npos) return "";
  return xml_unescape(xml.substr(start, end - start));
}

// Worth trying again: the service was busy or broken, not the request.
bool retryable(long status, const S3Error& error) {
  if (status == 429 || status >= 500) return true;
  for (std::string_view code : {"SlowDown", "RequestTimeout", "InternalError", "ServiceUnavailable", "Throttling"})
    if (error.code == code) return true;
  return false;
}

// "503 SlowDown: Please reduce your request rate." or "404" for a HEAD.
std::string describe_answer(long status, const S3Error& error) {
  std::string out = std::to_string(status);
  if (!error.code.empty()) out += " " + error.code;
  if (!error.message.empty()) out += ": " + error.message;
  return out;
}

bool valid_region(std::string_view region) {
  return !region.empty() && region.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos;
}

const std::string& user_agent() {
  static const std::string agent = std::string("simpleflow-cpp/") + kVersion;
  return agent;
}

}  // namespace

S3Error parse_s3_error(std::string_view body) { return {element(body, "Code"), element(body, "Message")}; }

S3Store::S3Store(S3Options options, Endpoint endpoint, bool default_endpoint)
    : options_(std::move(options)),
      clock_(options_.clock ? *options_.clock : SystemClock::instance()),
      default_endpoint_(default_endpoint),
      target_{std::move(endpoint), options_.region} {
  http::internal::global_init();
}

std::string S3Store::describe(const std::string& key) const { return "s3://" + options_.bucket + "/" + key; }

Status S3Store::put(const std::string& key, std::string_view content) {
  auto response = call({"PUT", key, content});
  return response.ok() ? OkStatus() : response.status();
}

StatusOr<std::string> S3Store::get(const std::string& key) {
  auto response = call({"GET", key, {}});
  if (!response.ok()) return response.status();
  return std::move(response->body);
}

StatusOr<std::uint64_t> S3Store::size(const std::string& key) {
  auto response = call({"HEAD", key, {}});
  if (!response.ok()) return response.status();
  std::uint64_t bytes = 0;
  const std::string& text = response->content_length.value_or("");
  auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), bytes);
  if (text.empty() || error != std::errc() || end != text.data() + text.size())
    return UnavailableError("S3 HEAD of " + describe(key) + " answered without a valid Content-Length (\"" + text +
                            "\")");
  return bytes;
}

S3Store::Target S3Store::target() const {
  std::lock_guard lock(target_mutex_);
  return target_;
}

void S3Store::follow(const std::string& region) {
  std::lock_guard lock(target_mutex_);
  target_.region = region;
  // A configured endpoint (a proxy, a VPC endpoint) stays; only the signing
  // region changes.
  if (default_endpoint_) target_.endpoint = *parse_endpoint(aws_endpoint(region), "the S3 endpoint");
}

std::optional<std::string> S3Store::moved_to(const Response& response, const S3Error& error,
                                             const Target& target) const {
  if (!response.bucket_region || *response.bucket_region == target.region || !valid_region(*response.bucket_region))
    return std::nullopt;
  // 301 PermanentRedirect for requests to the wrong regional endpoint; 400
  // when the signing region is wrong (a HEAD's 400 has no body to say why).
  if (response.status == 301) return response.bucket_region;
  if (response.status == 400 && (error.code.empty() || error.code == "AuthorizationHeaderMalformed" ||
                                 error.code == "IllegalLocationConstraint"))
    return response.bucket_region;
  return std::nullopt;
}

StatusOr<S3Store::Response> S3Store::call(const Request& request) {
  if (request.key.empty()) return InvalidArgumentError("S3 " + std::string(request.method) + ": the key is empty");
  auto handle = pool_.take();
  bool redirected = false;
  for (int retry = 0;;) {
    const Target where = target();
    StatusOr<Response> response = attempt(*handle, request, where);
    std::string problem;
    if (!response.ok()) {
      problem = response.status().message();
    } else if (response->status >= 200 && response->status < 300) {
      return response;
    } else {
      S3Error error = parse_s3_error(response->body);
      if (auto region = moved_to(*response, error, where); region && !redirected) {
        spdlog::info("S3 bucket {} is in {}, not {}: following it", options_.bucket, *region, where.region);
        redirected = true;
        follow(*region);
        continue;
      }
      if (!retryable(response->status, error)) return failure(request, *response, error);
      problem = describe_answer(response->status, error);
    }
    if (retry >= options_.max_retries)
      return UnavailableError("S3 " + std::string(request.method) + " of " + describe(request.key) + " at " +
                              where.endpoint.scheme + "://" + where.endpoint.authority + " failed after " +
                              std::to_string(retry + 1) + " attempts: " + problem);
    double delay = swf::internal::backoff_delay(retry, options_.retry_base_delay, options_.retry_max_delay,
                                                http::internal::unit_random());
    ++retry;
    spdlog::warn("S3 {} of {}: {}; retry {} of {} in {:.2f} s", request.method, describe(request.key), problem,
                 retry, options_.max_retries, delay);
    clock_.sleep_for(delay);
  }
}

StatusOr<S3Store::Response> S3Store::attempt(CurlHandle& handle, const Request& request, const Target& where) {
  const std::string_view method = request.method;
  const ObjectAddress address = object_address(
      where.endpoint, resolve_addressing(options_.addressing, where.endpoint, options_.bucket), options_.bucket,
      request.key);

  aws::Headers headers;
  if (method == "PUT") {
    headers.emplace_back("Content-Type", "text/plain; charset=utf-8");
    if (options_.server_side_encryption) headers.emplace_back("x-amz-server-side-encryption", "AES256");
  }
  const std::string payload_hash = aws::sha256_hex(request.body);
  if (options_.credentials) {
    // Signed with the real time: the options' clock only paces retries.
    aws::RequestToSign to_sign{method, address.host, address.path, "", &headers, payload_hash};
    aws::Headers added =
        aws::sign(to_sign, *options_.credentials, where.region, "s3", SystemClock::instance().now());
    headers.insert(headers.end(), added.begin(), added.end());
  } else {
    headers.emplace_back("X-Amz-Content-Sha256", payload_hash);
  }

  HeaderList list;
  list.add("Host: " + address.host);
  for (const auto& [name, value] : headers) list.add(name + ": " + value);
  list.add("Expect:");  // no 100-continue round trip before a body

  handle.reset();
  CURL* curl = handle.get();
  curl_easy_setopt(curl, CURLOPT_URL, address.url.c_str());
  curl_easy_setopt(curl, CURLOPT_PATH_AS_IS, 1L);  // the path as signed: "." and ".." are names in a key
  curl_easy_setopt(curl, CURLOPT_USERAGENT, user_agent().c_str());
  curl_easy_setopt(curl, CURLOPT_HTTPHEADER, list.get());
  curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
  if (!options_.ca_bundle.empty()) curl_easy_setopt(curl, CURLOPT_CAINFO, options_.ca_bundle.c_str());
  curl_easy_setopt(curl, CURLOPT_CONNECTTIMEOUT_MS, static_cast<long>(options_.connect_timeout * 1000));
  curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, static_cast<long>(options_.request_timeout * 1000));
  if (method == "PUT") {
    curl_easy_setopt(curl, CURLOPT_CUSTOMREQUEST, "PUT");
    // Never a null pointer: curl would read the body from stdin.
    curl_easy_setopt(curl, CURLOPT_POSTFIELDS, request.body.empty() ? "" : request.body.data());
    curl_easy_setopt(curl, CURLOPT_POSTFIELDSIZE_LARGE, static_cast<curl_off_t>(request.body.size()));
  } else if (method == "HEAD") {
    curl_easy_setopt(curl, CURLOPT_NOBODY, 1L);
  } else {
    curl_easy_setopt(curl, CURLOPT_HTTPGET, 1L);
  }

  CURLcode code = curl_easy_perform(curl);
  if (code != CURLE_OK) {
    std::string detail = handle.error_buffer[0] ? handle.error_buffer : curl_easy_strerror(code);
    return UnavailableError(std::string(curl_easy_strerror(code)) + " (" + detail + ")");
  }
  Response out;
  curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &out.status);
  out.body = std::move(handle.body);
  out.content_length = handle.header("content-length");
  out.bucket_region = handle.header("x-amz-bucket-region");
  return out;
}

Status S3Store::failure(const Request& request, const Response& response, const S3Error& error) const {
  const std::string object = describe(request.key);
  const std::string answer = describe_answer(response.status, error);
  if (response.status == 404 && error.code != "NoSuchBucket")
    return NotFoundError("S3 " + std::string(request.method) + ": no object at " + object + " (" +
                         (error.code.empty() ? "404 Not Found" : answer) + ")");
  std::string hint;
  if (response.status == 403 || error.code == "SignatureDoesNotMatch" || error.code == "InvalidAccessKeyId") {
    hint = options_.credentials ? "check the credentials (access key " + options_.credentials->access_key_id +
                                      " from " + options_.credentials->source +
                                      ") and that they may use bucket " + options_.bucket
                                : "no credentials are configured, so the request was unsigned; set "
                                  "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY or an AWS profile";
  } else if (error.code == "NoSuchBucket") {
    hint = "check the bucket name and that it exists in " + target().region;
  }
  return Status(StatusCode::kFailedPrecondition,
                "S3 refused " + std::string(request.method) + " of " + object + ": " + answer +
                    (hint.empty() ? "" : " (" + hint + ")"));
}

}  // namespace blob::internal

StatusOr<std::unique_ptr<BlobStore>> make_s3_store(S3Options options) {
  using namespace blob::internal;
  if (!valid_region(options.region))
    return InvalidArgumentError("the S3 region must look like eu-west-1, got \"" + options.region + "\"");
  const bool default_endpoint = options.endpoint.empty();
  auto endpoint =
      parse_endpoint(default_endpoint ? aws_endpoint(options.region) : options.endpoint, "the S3 endpoint");
  if (!endpoint.ok()) return endpoint.status();
  const bool path_style = resolve_addressing(options.addressing, *endpoint, options.bucket) == S3Addressing::kPath;
  // Upper case and '_' only work in a path: not in a host name.
  const bool relaxed = path_style && (options.addressing == S3Addressing::kPath || !is_aws(*endpoint));
  if (Status s = check_bucket_name(options.bucket, relaxed); !s.ok()) return s;
  if (options.max_retries < 0) return InvalidArgumentError("S3 max_retries must not be negative");
  return std::unique_ptr<BlobStore>(std::make_unique<S3Store>(std::move(options), *std::move(endpoint),
                                                              default_endpoint));
}

}  // namespace simpleflow
