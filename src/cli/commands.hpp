// The commands of the `simpleflow` CLI. Each returns the process exit code:
// 0 success, 1 the workflow failed, 2 bad usage or input.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "cli/output.hpp"
#include "cli/swf_connection.hpp"
#include "simpleflow/params.hpp"
#include "simpleflow/swf/models.hpp"
#include "simpleflow/workflow.hpp"

namespace simpleflow::cli {

inline constexpr int kExitOk = 0;
inline constexpr int kExitFailed = 1;
inline constexpr int kExitUsage = 2;

struct GlobalOptions {
  Format format = Format::kTabular;
  bool header = false;
  std::vector<std::string> plugins;  // --plugin, for the processes a command starts
};

// Prints "simpleflow: error: <message>" on stderr and returns kExitUsage.
int usage_error(const std::string& message);

// Checks every setting that the environment sets (core/settings.hpp): a
// usage error for each bad one, then kExitUsage; kExitOk when all are good.
int check_settings();

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

// What workflow.start and standalone both do: check the input and the tags
// (kInvalidArgument names the problem), then get or register the workflow
// type and start the execution (kUnavailable with SWF's error).
struct PreparedExecution {
  const WorkflowDef* def = nullptr;
  Arguments arguments;
  std::vector<std::string> tags;
};
StatusOr<PreparedExecution> prepare_execution(const WorkflowDef& def, const Json& input,
                                              const std::optional<std::string>& tags);
struct ExecutionSettings {
  std::optional<std::string> workflow_id;
  std::optional<std::string> task_list;  // default: the workflow's
  std::optional<std::string> execution_timeout;
  std::optional<std::string> decision_tasks_timeout;
};
StatusOr<swf::WorkflowExecution> start_execution(const PreparedExecution& prepared,
                                                 const std::shared_ptr<swf::SwfClient>& client,
                                                 const std::string& domain, const ExecutionSettings& settings);

// `decider.start`: deciders under a supervisor, until SIGTERM or SIGINT.
struct DeciderStartOptions {
  std::vector<std::string> workflows;
  SwfOptions swf;
  std::optional<std::string> task_list;  // default: the workflows' common one
  int processes = 1;
  std::optional<std::string> activity_task_list;
  std::optional<std::string> log_level;
};
int decider_start(const GlobalOptions& global, const DeciderStartOptions& options);

// `worker.start`: activity workers under a supervisor, or one task.
struct WorkerStartOptions {
  SwfOptions swf;
  std::optional<std::string> task_list;
  int processes = 1;
  double heartbeat = 60;
  bool one_task = false;
  std::optional<std::string> poll_data;  // base64 PollForActivityTask response
  std::optional<std::string> log_level;
};
int worker_start(const GlobalOptions& global, const WorkerStartOptions& options);

// `standalone`: deciders and workers on a task list of their own, one
// execution, and its progress; on the embedded server in this process when
// no endpoint is configured.
struct StandaloneOptions {
  std::string workflow;
  SwfOptions swf;
  std::optional<std::string> workflow_id;  // default: the workflow's name
  std::optional<std::string> execution_timeout;
  std::optional<std::string> decision_tasks_timeout;
  std::optional<std::string> tags;
  std::optional<std::string> input;
  std::optional<std::string> input_file;
  int workers = 1;
  int deciders = 1;
  double heartbeat = 60;
  std::optional<bool> display_status;  // default: when stderr is a terminal
  std::string data_dir;                // embedded server; "": default_data_dir()
};
int standalone(const GlobalOptions& global, const StandaloneOptions& options);

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
  std::string tls_certificate_file, tls_private_key_file;
  size_t max_connections = 4096;
  size_t max_buffered_bytes = 64 * 1024 * 1024;
};
int server(const ServerCommandOptions& options);
// $XDG_DATA_HOME/simpleflow, else ~/.local/share/simpleflow.
std::string default_data_dir();

// `info [TOPICS]`: TOPICS is a comma-separated list of versions, settings,
// environment, workflows and activities; each is a table, and several are
// printed one after the other under "# Title" lines (one JSON object keyed by
// topic in the JSON formats). An unknown topic or a setting whose value does
// not read is a usage error.
int info(const GlobalOptions& global, const std::string& topics);

}  // namespace simpleflow::cli
