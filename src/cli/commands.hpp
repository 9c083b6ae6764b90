// The commands of the `simpleflow` CLI. Each returns the process exit code:
// 0 success, 1 the workflow failed, 2 bad usage or input.
#pragma once

#include <optional>
#include <string>

#include "cli/output.hpp"

namespace simpleflow::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  Format format = Format::kTabular;
  bool header = false;
};

// Prints "simpleflow: error: <message>" on stderr and returns kExitUsage.
int usage_error(const std::string& message);

struct WorkflowStartOptions {
  std::string workflow;
  bool local = false;
  std::optional<std::string> input;
  std::optional<std::string> input_file;
};
int workflow_start(const GlobalOptions& global, const WorkflowStartOptions& options);

// `info versions|workflows|activities`: what this build and its plugins hold.
int info(const GlobalOptions& global, const std::string& topic);

}  // namespace simpleflow::cli
