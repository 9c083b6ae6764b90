// Where SWF is and how to talk to it, found the way AWS users expect, and
// the HTTP client built from it.
//
//   auto config = swf::resolve_config({.region = "eu-west-1"});   // StatusOr
//   if (!config.ok()) { std::cerr << config.status().message(); return 2; }
//   auto client = swf::make_client(config->client);               // StatusOr<shared_ptr>
//
// Precedence, first found wins:
//   endpoint     --endpoint-url, AWS_ENDPOINT_URL_SWF, AWS_ENDPOINT_URL, else
//                https://swf.<region>.amazonaws.com when credentials and a
//                region are configured, else the embedded server.
//   region       --region, AWS_REGION, AWS_DEFAULT_REGION, ~/.swf [defaults]
//                region, the profile's region in ~/.aws/config (AWS_CONFIG_FILE).
//   credentials  AWS_ACCESS_KEY_ID + AWS_SECRET_ACCESS_KEY (+ AWS_SESSION_TOKEN),
//                ~/.swf [credentials], the profile (--profile, AWS_PROFILE,
//                else "default") in ~/.aws/credentials (AWS_SHARED_CREDENTIALS_FILE)
//                or ~/.aws/config.
//   A profile chosen with --profile or AWS_PROFILE comes before ~/.swf, for
//   the region and the credentials; a chosen profile that no file has is an error.
//   CA bundle    AWS_CA_BUNDLE, the profile's ca_bundle in ~/.aws/config, else
//                the system's certificate authorities (for HTTPS endpoints).
//   domain       --domain, SWF_DOMAIN.
//   retries      SWF_CONNECTION_RETRIES (default 5).
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>

#include "simpleflow/clock.hpp"
#include "simpleflow/status.hpp"
#include "simpleflow/swf/client.hpp"

namespace simpleflow::swf {

// The environment variables and home directory that configuration reads.
// Tests give a map; programs use process().
class Environment {
 public:
  // The process's environment, read at each get().
  static Environment process();
  // Only these variables; `home` is the home directory ("" for none).
  static Environment from_map(std::map<std::string, std::string> variables, std::string home = {});

  // The variable's value; unset and empty variables are both nullopt.
  std::optional<std::string> get(const std::string& name) const;
  const std::string& home() const { return home_; }

 private:
  std::function<std::optional<std::string>(const std::string&)> lookup_;
  std::string home_;
};

struct Credentials {
  std::string access_key_id;
  std::string secret_access_key;
  std::string session_token;  // empty for long-term keys
  std::string source;         // where they were found, for messages ("environment", "~/.aws/credentials [dev]")
};

// Which kind of service the endpoint is.
enum class Backend {
  kAws,       // Amazon SWF, https://swf.<region>.amazonaws.com
  kEndpoint,  // a configured endpoint (the embedded server elsewhere, moto, a proxy)
  kEmbedded,  // none configured: the embedded server, run by the caller
};

// Everything the HTTP client needs.
struct ClientConfig {
  Backend backend = Backend::kEndpoint;
  std::string endpoint;  // e.g. "https://swf.eu-west-1.amazonaws.com/" or "http://127.0.0.1:4000"
  std::string region;    // the SigV4 signing region
  // Unset: requests go unsigned (allowed for a configured endpoint only).
  std::optional<Credentials> credentials;

  // Retries of throttled, 5xx and network failures: at most `max_retries`
  // more attempts, waiting a random time in [0, min(max, base * 2^n)].
  int max_retries = 5;
  double retry_base_delay = 0.1;
  double retry_max_delay = 20;
  // Client-side token buckets per operation at SWF's default account quotas,
  // so that a busy process waits instead of being throttled. On by default
  // against AWS only.
  bool throttle = false;
  double connect_timeout = 10;  // seconds
  double call_timeout = 65;     // seconds, for every call but long polls
  double poll_timeout = 70;     // seconds; SWF holds a long poll up to 60 s
  // PEM file of the certificate authorities that HTTPS endpoints are
  // verified against; "" for the system's.
  std::string ca_bundle;
  // Time for backoff and throttling; nullptr means the system clock. Not owned;
  // must outlive the client.
  const Clock* clock = nullptr;
};

// What the command line says; unset fields fall back to the environment.
struct ConfigOverrides {
  std::optional<std::string> endpoint_url;
  std::optional<std::string> region;
  std::optional<std::string> profile;
  std::optional<std::string> domain;
};

struct ResolvedConfig {
  ClientConfig client;
  std::optional<std::string> domain;
  // Where each setting came from, for the INFO line and error messages.
  std::string endpoint_source;
  std::string region_source;
};

// Finds the configuration (see the top of this file). Errors
// (kInvalidArgument) name the variable or file at fault: a malformed endpoint
// URL, an access key without its secret, an unreadable or malformed config
// file, SWF_CONNECTION_RETRIES not a non-negative integer.
StatusOr<ResolvedConfig> resolve_config(const ConfigOverrides& overrides,
                                        const Environment& env = Environment::process());

// The region and credentials alone, found as resolve_config finds them, for
// the other AWS services simpleflow uses (S3 for jumbo fields). `profile`
// unset: AWS_PROFILE, else "default". Either may be missing.
struct AwsAccount {
  std::optional<std::string> region;
  std::string region_source;
  std::optional<Credentials> credentials;
  std::string ca_bundle;  // "" for the system's certificate authorities
};
StatusOr<AwsAccount> resolve_aws_account(const std::optional<std::string>& profile = std::nullopt,
                                         const Environment& env = Environment::process());

// The HTTP client (libcurl, JSON 1.0, SigV4). Errors (kInvalidArgument):
// a kEmbedded backend (nothing to connect to; start the embedded server and
// pass its endpoint), or Amazon SWF without a region or credentials, with a
// message that says how to set them.
StatusOr<std::shared_ptr<SwfClient>> make_client(const ClientConfig& config);

// The identity that pollers send: compact JSON {"exe", "hostname", "pid",
// "user"} merged with the JSON object in SIMPLEFLOW_IDENTITY (a null value
// removes a key), cut to SWF's 256 characters (252 and " ...", as Python does). kInvalidArgument when
// SIMPLEFLOW_IDENTITY is not a JSON object.
StatusOr<std::string> swf_identity(const Environment& env = Environment::process());

}  // namespace simpleflow::swf
