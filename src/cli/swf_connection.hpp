// How CLI commands that talk to SWF find it: the --endpoint-url, --region
// and --profile options, and one INFO line that says what is used.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include <CLI/CLI.hpp>

#include "simpleflow/status.hpp"
#include "simpleflow/swf/config.hpp"

namespace simpleflow::cli {

struct SwfOptions {
  swf::ConfigOverrides overrides;
};

// Adds --endpoint-url, --region, --profile and -d/--domain to `command`.
void add_swf_options(CLI::App& command, SwfOptions& options);

struct SwfConnection {
  std::shared_ptr<swf::SwfClient> client;
  swf::ResolvedConfig config;
};

// Resolves the configuration, logs "SWF endpoint ... region ..." at INFO and
// builds the client. Errors say what is missing and how to set it.
StatusOr<SwfConnection> connect_to_swf(const SwfOptions& options);

// Jumbo fields reach S3 with SWF's --profile and --region: exported as
// AWS_PROFILE and AWS_REGION for this process (and the deciders and workers
// it starts). Then checks their configuration (check_jumbo_fields_configuration).
// Call at a command's start, before any thread starts.
Status prepare_jumbo_fields(const SwfOptions& options);

}  // namespace simpleflow::cli
