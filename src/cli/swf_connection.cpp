#include "cli/swf_connection.hpp"

#include <cstdlib>

#include <spdlog/spdlog.h>

#include "simpleflow/jumbo_fields.hpp"

namespace simpleflow::cli {

void add_swf_options(CLI::App& command, SwfOptions& options) {
  command.add_option("-d,--domain", options.overrides.domain, "SWF domain (env SWF_DOMAIN)");
  command.add_option("--endpoint-url", options.overrides.endpoint_url,
                     "SWF endpoint URL (env AWS_ENDPOINT_URL_SWF, AWS_ENDPOINT_URL; default: Amazon SWF in the region)");
  command.add_option("--region", options.overrides.region,
                     "AWS region (env AWS_REGION, AWS_DEFAULT_REGION; ~/.swf; ~/.aws/config)");
  command.add_option("--profile", options.overrides.profile, "Profile of ~/.aws/credentials (env AWS_PROFILE)");
}

StatusOr<SwfConnection> connect_to_swf(const SwfOptions& options) {
  auto config = swf::resolve_config(options.overrides);
  if (!config.ok()) return config.status();
  auto client = swf::make_client(config->client);
  if (!client.ok()) return client.status();
  const auto& c = config->client;
  spdlog::info("SWF endpoint {} ({}), region {} ({}), {}", c.endpoint, config->endpoint_source, c.region,
               config->region_source.empty() ? "unset" : config->region_source,
               c.credentials ? "credentials from " + c.credentials->source : std::string("unsigned requests"));
  return SwfConnection{std::move(client).value(), std::move(config).value()};
}

Status prepare_jumbo_fields(const SwfOptions& options) {
  if (options.overrides.profile) ::setenv("AWS_PROFILE", options.overrides.profile->c_str(), 1);
  if (options.overrides.region) ::setenv("AWS_REGION", options.overrides.region->c_str(), 1);
  return check_jumbo_fields_configuration();
}

}  // namespace simpleflow::cli
