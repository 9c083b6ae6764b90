// Finding the endpoint, region and credentials, and building the HTTP client.
#include "simpleflow/swf/config.hpp"

#include <cctype>
#include <filesystem>
#include <fstream>
#include <utility>

#include "core/settings.hpp"
#include "swf_client/http_client.hpp"
#include "swf_client/ini_file.hpp"

namespace simpleflow::swf {
namespace {

using internal::IniFile;

// The config files, read once each, on first use.
class ConfigFiles {
 public:
  // `profile` unset: the "default" profile, not chosen by the user.
  ConfigFiles(const Environment& env, std::optional<std::string> profile)
      : env_(env), profile_(profile.value_or("default")), profile_chosen_(profile.has_value()) {}

  const std::string& profile() const { return profile_; }
  bool profile_chosen() const { return profile_chosen_; }

  StatusOr<const IniFile*> swf() { return load(swf_, env_.home().empty() ? "" : env_.home() + "/.swf"); }
  StatusOr<const IniFile*> aws_config() {
    return load(aws_config_, env_.get("AWS_CONFIG_FILE").value_or(home_path("/.aws/config")));
  }
  StatusOr<const IniFile*> aws_credentials() {
    return load(aws_credentials_, env_.get("AWS_SHARED_CREDENTIALS_FILE").value_or(home_path("/.aws/credentials")));
  }
  std::string aws_config_path() const { return env_.get("AWS_CONFIG_FILE").value_or("~/.aws/config"); }
  std::string aws_credentials_path() const {
    return env_.get("AWS_SHARED_CREDENTIALS_FILE").value_or("~/.aws/credentials");
  }
  // The profile's section name in ~/.aws/config.
  std::string config_section() const { return profile_ == "default" ? "default" : "profile " + profile_; }

 private:
  struct Slot {
    bool loaded = false;
    std::optional<IniFile> file;
  };
  std::string home_path(const char* rest) const { return env_.home().empty() ? "" : env_.home() + rest; }
  StatusOr<const IniFile*> load(Slot& slot, const std::string& path) {
    if (!slot.loaded) {
      slot.loaded = true;
      if (!path.empty()) {
        auto read = internal::read_ini_file(path);
        if (!read.ok()) return read.status();
        slot.file = std::move(read).value();
      }
    }
    return slot.file ? &*slot.file : nullptr;
  }

  const Environment& env_;
  std::string profile_;
  bool profile_chosen_;
  Slot swf_, aws_config_, aws_credentials_;
};

struct Found {
  std::string value;
  std::string source;
};

// The first of `swf_file` and `profile` that finds something; the profile
// first when the user chose one (--profile, AWS_PROFILE), ~/.swf otherwise.
template <class T, class FromSwf, class FromProfile>
StatusOr<std::optional<T>> first_found(bool profile_first, FromSwf swf_file, FromProfile profile) {
  auto first = profile_first ? profile() : swf_file();
  if (!first.ok() || *first) return first;
  return profile_first ? swf_file() : profile();
}

StatusOr<std::optional<Found>> find_region(const Environment& env, ConfigFiles& files) {
  for (const char* name : {"AWS_REGION", "AWS_DEFAULT_REGION"})
    if (auto value = env.get(name)) return std::optional<Found>({*value, name});
  auto from_swf = [&]() -> StatusOr<std::optional<Found>> {
    auto swf = files.swf();
    if (!swf.ok()) return swf.status();
    if (*swf)
      if (auto value = (*swf)->get("defaults", "region"); value && !value->empty())
        return std::optional<Found>({*value, "~/.swf [defaults]"});
    return std::optional<Found>();
  };
  auto from_profile = [&]() -> StatusOr<std::optional<Found>> {
    auto config = files.aws_config();
    if (!config.ok()) return config.status();
    if (*config)
      if (auto value = (*config)->get(files.config_section(), "region"); value && !value->empty())
        return std::optional<Found>({*value, files.aws_config_path() + " [" + files.config_section() + "]"});
    return std::optional<Found>();
  };
  return first_found<Found>(files.profile_chosen(), from_swf, from_profile);
}

// Access key and secret from one INI section; an error when only one is there.
StatusOr<std::optional<Credentials>> credentials_in(const IniFile& file, const std::string& section,
                                                    const std::string& source) {
  auto key = file.get(section, "aws_access_key_id");
  auto secret = file.get(section, "aws_secret_access_key");
  bool has_key = key && !key->empty();
  bool has_secret = secret && !secret->empty();
  if (!has_key && !has_secret) return std::optional<Credentials>();
  if (!has_key || !has_secret)
    return InvalidArgumentError(source + " has " + (has_key ? "aws_access_key_id" : "aws_secret_access_key") +
                                " without " + (has_key ? "aws_secret_access_key" : "aws_access_key_id"));
  return std::optional<Credentials>(
      Credentials{*key, *secret, file.get(section, "aws_session_token").value_or(""), source});
}

StatusOr<std::optional<Credentials>> find_credentials(const Environment& env, ConfigFiles& files) {
  auto key = env.get("AWS_ACCESS_KEY_ID");
  auto secret = env.get("AWS_SECRET_ACCESS_KEY");
  if (key || secret) {
    if (!key || !secret)
      return InvalidArgumentError(std::string(key ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY") +
                                  " is set without " + (key ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID"));
    return std::optional<Credentials>(
        Credentials{*key, *secret, env.get("AWS_SESSION_TOKEN").value_or(""), "the environment"});
  }
  auto from_swf = [&]() -> StatusOr<std::optional<Credentials>> {
    auto swf = files.swf();
    if (!swf.ok()) return swf.status();
    if (!*swf) return std::optional<Credentials>();
    return credentials_in(**swf, "credentials", "~/.swf [credentials]");
  };
  auto from_profile = [&]() -> StatusOr<std::optional<Credentials>> {
    auto credentials = files.aws_credentials();
    if (!credentials.ok()) return credentials.status();
    bool profile_seen = false;
    if (*credentials) {
      profile_seen = (*credentials)->has_section(files.profile());
      auto found = credentials_in(**credentials, files.profile(),
                                  files.aws_credentials_path() + " [" + files.profile() + "]");
      if (!found.ok() || *found) return found;
    }
    auto config = files.aws_config();
    if (!config.ok()) return config.status();
    if (*config) {
      profile_seen = profile_seen || (*config)->has_section(files.config_section());
      auto found = credentials_in(**config, files.config_section(),
                                  files.aws_config_path() + " [" + files.config_section() + "]");
      if (!found.ok() || *found) return found;
    }
    if (files.profile_chosen() && !profile_seen)
      return InvalidArgumentError("the AWS profile \"" + files.profile() + "\" is in neither " +
                                  files.aws_credentials_path() + " nor " + files.aws_config_path());
    return std::optional<Credentials>();
  };
  return first_found<Credentials>(files.profile_chosen(), from_swf, from_profile);
}

// Region names go into host names and SigV4's scope.
Status check_region(const std::string& name, const std::string& source) {
  if (name.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-") == std::string::npos) return OkStatus();
  return InvalidArgumentError("the region from " + source + " must look like eu-west-1, got \"" + name + "\"");
}

Status check_endpoint(const std::string& url, const std::string& source) {
  auto scheme_end = url.find("://");
  std::string scheme = scheme_end == std::string::npos ? "" : url.substr(0, scheme_end);
  for (char& c : scheme) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  if ((scheme != "http" && scheme != "https") || url.size() == scheme_end + 3 ||
      url.find_first_of(" \t\r\n") != std::string::npos)
    return InvalidArgumentError("the SWF endpoint from " + source + " must be an http:// or https:// URL, got \"" +
                                url + "\"");
  return OkStatus();
}

std::string aws_endpoint(const std::string& region) {
  bool china = region.rfind("cn-", 0) == 0;
  return "https://swf." + region + (china ? ".amazonaws.com.cn" : ".amazonaws.com");
}

const char* const kHowToSetRegion =
    "set a region with --region, AWS_REGION or AWS_DEFAULT_REGION, or `region = ...` under [defaults] in ~/.swf "
    "or under the profile in ~/.aws/config";
const char* const kHowToSetCredentials =
    "set credentials with AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY (and AWS_SESSION_TOKEN for temporary ones), "
    "or aws_access_key_id and aws_secret_access_key under [credentials] in ~/.swf or under the profile "
    "(AWS_PROFILE) in ~/.aws/credentials";

// The CA bundle that verifies HTTPS servers, as AWS tools find it:
// AWS_CA_BUNDLE, else the profile's ca_bundle in ~/.aws/config. It must be
// readable: a typo would otherwise show up as a certificate error at the
// first call.
StatusOr<std::optional<Found>> find_ca_bundle(const Environment& env, ConfigFiles& files) {
  std::optional<Found> found;
  if (auto value = env.get("AWS_CA_BUNDLE")) {
    found = Found{*value, "AWS_CA_BUNDLE"};
  } else {
    auto config = files.aws_config();
    if (!config.ok()) return config.status();
    if (*config) {
      if (auto value = (*config)->get(files.config_section(), "ca_bundle"); value && !value->empty())
        found = Found{*value, files.aws_config_path() + " [" + files.config_section() + "] ca_bundle"};
    }
  }
  if (found) {
    std::error_code ec;
    std::string why;
    if (!std::filesystem::is_regular_file(found->value, ec)) {
      why = ec ? ec.message() : "not a file";
    } else if (!std::ifstream(found->value)) {
      why = "it cannot be opened";
    }
    if (!why.empty()) {
      return InvalidArgumentError(found->source + " names the CA bundle \"" + found->value +
                                  "\", which cannot be read: " + why);
    }
  }
  return found;
}

}  // namespace

StatusOr<AwsAccount> resolve_aws_account(const std::optional<std::string>& profile, const Environment& env) {
  ConfigFiles files(env, profile ? profile : env.get("AWS_PROFILE"));
  auto region = find_region(env, files);
  if (!region.ok()) return region.status();
  auto credentials = find_credentials(env, files);
  if (!credentials.ok()) return credentials.status();
  auto ca_bundle = find_ca_bundle(env, files);
  if (!ca_bundle.ok()) return ca_bundle.status();
  AwsAccount out;
  out.credentials = *credentials;
  if (*ca_bundle) out.ca_bundle = (*ca_bundle)->value;
  if (*region) {
    if (Status s = check_region((*region)->value, (*region)->source); !s.ok()) return s;
    out.region = (*region)->value;
    out.region_source = (*region)->source;
  }
  return out;
}

StatusOr<ResolvedConfig> resolve_config(const ConfigOverrides& overrides, const Environment& env) {
  auto account = resolve_aws_account(overrides.profile, env);
  if (!account.ok()) return account.status();
  if (overrides.region) {
    if (Status s = check_region(*overrides.region, "--region"); !s.ok()) return s;
    account->region = *overrides.region;
    account->region_source = "--region";
  }
  ResolvedConfig out;
  out.client.credentials = account->credentials;
  out.client.ca_bundle = account->ca_bundle;
  if (account->region) {
    out.client.region = *account->region;
    out.region_source = account->region_source;
  }

  std::optional<Found> endpoint;
  if (overrides.endpoint_url) {
    endpoint = Found{*overrides.endpoint_url, "--endpoint-url"};
  } else {
    for (const char* name : {"AWS_ENDPOINT_URL_SWF", "AWS_ENDPOINT_URL"})
      if (auto value = env.get(name)) {
        endpoint = Found{*value, name};
        break;
      }
  }
  if (endpoint) {
    if (auto status = check_endpoint(endpoint->value, endpoint->source); !status.ok()) return status;
    out.client.backend = Backend::kEndpoint;
    out.client.endpoint = endpoint->value;
    out.endpoint_source = endpoint->source;
    if (out.client.region.empty()) {
      // A custom endpoint is reached whatever the region; SigV4 still needs one.
      out.client.region = "us-east-1";
      out.region_source = "the default for a configured endpoint";
    }
  } else if (account->region && account->credentials) {
    out.client.backend = Backend::kAws;
    out.client.endpoint = aws_endpoint(out.client.region);
    out.endpoint_source = "Amazon SWF in " + out.client.region;
    out.client.throttle = true;
  } else {
    out.client.backend = Backend::kEmbedded;
    out.endpoint_source = "none configured";
  }

  if (auto retries = env.get("SWF_CONNECTION_RETRIES")) {
    if (Status s = simpleflow::internal::check_setting("SWF_CONNECTION_RETRIES", *retries); !s.ok()) return s;
    out.client.max_retries = std::stoi(*retries);
  }
  out.domain = overrides.domain ? overrides.domain : env.get("SWF_DOMAIN");
  if (!overrides.domain && out.domain)
    if (Status s = simpleflow::internal::check_setting("SWF_DOMAIN", *out.domain); !s.ok()) return s;
  return out;
}

StatusOr<std::shared_ptr<SwfClient>> make_client(const ClientConfig& config) {
  switch (config.backend) {
    case Backend::kEmbedded: {
      std::string missing;
      if (config.region.empty()) missing += std::string("; ") + kHowToSetRegion;
      if (!config.credentials) missing += std::string("; ") + kHowToSetCredentials;
      return InvalidArgumentError(
          "no SWF endpoint is configured: set --endpoint-url or AWS_ENDPOINT_URL_SWF to an SWF-compatible server, "
          "or configure Amazon SWF" + missing);
    }
    case Backend::kAws:
      if (config.region.empty())
        return InvalidArgumentError(std::string("Amazon SWF needs a region: ") + kHowToSetRegion);
      if (!config.credentials)
        return InvalidArgumentError(std::string("Amazon SWF needs credentials: ") + kHowToSetCredentials);
      break;
    case Backend::kEndpoint:
      if (auto status = check_endpoint(config.endpoint, "the configuration"); !status.ok()) return status;
      break;
  }
  if (config.credentials && config.region.empty())
    return InvalidArgumentError(std::string("signing requests needs a region: ") + kHowToSetRegion);
  if (config.max_retries < 0) return InvalidArgumentError("max_retries must not be negative");
  return std::shared_ptr<SwfClient>(std::make_shared<internal::HttpSwfClient>(config));
}

}  // namespace simpleflow::swf
