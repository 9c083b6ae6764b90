// The commands of the `simpleflow` CLI. Each returns the process exit code:
// 0 success, 1 the workflow failed, 2 bad usage or input.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "cli/swf_connection.hpp"
#include "simpleflow/workflow.hpp"

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

// The registered workflow of that class name or name; the error lists the
// registered ones.
StatusOr<const WorkflowDef*> find_workflow(const std::string& name);

struct WorkflowStartOptions {
  std::string workflow;
  bool local = false;
  std::optional<std::string> input;
  std::optional<std::string> input_file;
  // On SWF (without --local).
  SwfOptions swf;
  std::optional<std::string> workflow_id;
  std::optional<std::string> task_list;
  std::optional<std::string> execution_timeout;
  std::optional<std::string> decision_tasks_timeout;
  std::optional<std::string> tags;  // comma-separated
};
int workflow_start(const GlobalOptions& global, const WorkflowStartOptions& options);

// `workflow.replay`: the decisions a decider would send next for a history.
struct WorkflowReplayOptions {
  std::string workflow;
  std::optional<std::string> history_file;
  std::optional<std::string> input;
  std::optional<std::string> workflow_id;
  std::optional<std::string> run_id;
};
int workflow_replay(const GlobalOptions& global, const WorkflowReplayOptions& options);

// `server`: the embedded SWF-compatible server, until SIGTERM or SIGINT.
inline constexpr int kDefaultServerPort = 8642;
struct ServerCommandOptions {
  std::string listen = "127.0.0.1:" + std::to_string(kDefaultServerPort);
  std::string data_dir;  // "": default_data_dir()
  bool no_fsync = false;
  double long_poll_seconds = 60;
  int threads = 1;
  std::string region = "us-east-1";
  bool require_auth = false;
  std::vector<std::string> access_keys;  // ID:SECRET[:TOKEN]
};
int server(const ServerCommandOptions& options);
// $XDG_DATA_HOME/simpleflow, else ~/.local/share/simpleflow.
std::string default_data_dir();

// `info versions|workflows|activities`: what this build and its plugins hold.
int info(const GlobalOptions& global, const std::string& topic);

}  // namespace simpleflow::cli
