// s3_options_from_environment: the S3 store's settings, found as the SWF
// client finds its own (same region and credentials).
#include <algorithm>
#include <cctype>
#include <stdexcept>

#include "blob/s3_address.hpp"
#include "core/settings.hpp"
#include "simpleflow/blob_store.hpp"

namespace simpleflow {
namespace {

std::string lowercase(std::string text) {
  std::transform(text.begin(), text.end(), text.begin(),
                 [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return text;
}

// A boolean as internal::bool_setting reads one, but from `env`, so that the
// options follow the Environment they are given.
StatusOr<bool> boolean(const swf::Environment& env, const char* name, bool fallback) {
  auto value = env.get(name);
  if (!value) return fallback;
  try {
    return internal::parse_bool_setting(name, *value);
  } catch (const std::invalid_argument& e) {
    return InvalidArgumentError(e.what());
  }
}

}  // namespace

StatusOr<S3Options> s3_options_from_environment(const std::string& bucket, const swf::Environment& env) {
  auto account = swf::resolve_aws_account(std::nullopt, env);
  if (!account.ok()) return account.status();
  S3Options out;
  out.bucket = bucket;
  out.region = account->region.value_or("us-east-1");
  out.credentials = account->credentials;
  out.ca_bundle = account->ca_bundle;

  // The first configured endpoint wins; each is checked under its own name.
  for (const char* name : {"AWS_ENDPOINT_URL_S3", "AWS_ENDPOINT_URL", "SIMPLEFLOW_S3_HOST"}) {
    auto value = env.get(name);
    if (!value) continue;
    std::string url = *value;
    // Python simpleflow's SIMPLEFLOW_S3_HOST is a host name.
    if (std::string_view(name) == "SIMPLEFLOW_S3_HOST" && url.find("://") == std::string::npos)
      url = "https://" + url;
    if (auto endpoint = blob::internal::parse_endpoint(url, name); !endpoint.ok()) return endpoint.status();
    out.endpoint = url;
    break;
  }

  auto sse = boolean(env, "SIMPLEFLOW_S3_SSE", false);
  if (!sse.ok()) return sse.status();
  out.server_side_encryption = *sse;

  if (auto style = env.get("SIMPLEFLOW_S3_ADDRESSING_STYLE")) {
    if (Status s = internal::check_setting("SIMPLEFLOW_S3_ADDRESSING_STYLE", *style); !s.ok()) return s;
    const std::string word = lowercase(*style);
    if (word == "path") {
      out.addressing = S3Addressing::kPath;
    } else if (word == "virtual") {
      out.addressing = S3Addressing::kVirtualHost;
    } else {
      out.addressing = S3Addressing::kAuto;
    }
  }
  return out;
}

}  // namespace simpleflow
