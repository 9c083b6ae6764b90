#include "simpleflow/cli.hpp"

#include <cstdlib>
#include <iostream>
#include <thread>

#include <CLI/CLI.hpp>
#include <spdlog/spdlog.h>

#include "cli/activity_rerun.hpp"
#include "cli/commands.hpp"
#include "cli/execute_command.hpp"
#include "cli/logging.hpp"
#include "cli/plugins.hpp"
#include "cli/workflow_commands.hpp"
#include "core/settings.hpp"
#include "simpleflow/version.hpp"

namespace simpleflow::cli {

int usage_error(const std::string& message) {
  std::cerr << "simpleflow: error: " << message << std::endl;
  return kExitUsage;
}

int check_settings() {
  auto errors = internal::check_settings_in_environment();
  for (const Status& error : errors) usage_error(error.message());
  return errors.empty() ? kExitOk : kExitUsage;
}

namespace {

std::string environment(const char* name) {
  const char* value = std::getenv(name);
  return value ? value : "";
}

int run(int argc, char** argv) {
  // The two settings that shape what every command prints, info included.
  if (Status s = setup_logging(environment("LOG_LEVEL")); !s.ok()) return usage_error(s.message());
  if (Status s = internal::check_setting("SIMPLEFLOW_FORMAT", environment("SIMPLEFLOW_FORMAT")); !s.ok())
    return usage_error(s.message());

  CLI::App app{"simpleflow: dataflow programming on Amazon SWF, in C++", "simpleflow"};
  app.set_version_flag("--version", std::string("simpleflow ") + kVersion);
  app.require_subcommand(1);
  app.fallthrough();

  std::string format_name = environment("SIMPLEFLOW_FORMAT");
  if (format_name.empty()) format_name = "tabular";
  bool header = false;
  std::vector<std::string> plugins;
  app.add_option("--format", format_name,
                 "Output format: tabular, csv, tsv, human, json or prettyjson (env SIMPLEFLOW_FORMAT)");
  app.add_flag("--header,!--no-header", header, "Print column headers");
  app.add_option("--plugin", plugins,
                 "Shared library with workflows and activities to load (repeatable; also SIMPLEFLOW_PLUGINS)");

  WorkflowStartOptions start_options;
  auto* start = app.add_subcommand("workflow.start", "Start a workflow (--local: run it in this process)");
  start->add_option("workflow", start_options.workflow, "The workflow, as a dotted class name")->required();
  start->add_flag("--local", start_options.local, "Run the workflow in this process, with the local executor");
  start->add_option("-i,--input", start_options.input, "Input as JSON: [args...] or {\"args\": [...], \"kwargs\": {...}}");
  start->add_option("--input-file", start_options.input_file, "File holding the JSON input (- for stdin)");
  add_swf_options(*start, start_options.swf);
  start->add_option("--workflow-id", start_options.workflow_id, "Workflow id (default <name>-<version>-<unix time>)");
  start->add_option("--task-list", start_options.task_list, "Decision task list (default: the workflow's)");
  start->add_option("--execution-timeout", start_options.execution_timeout, "Execution timeout in seconds");
  start->add_option("--decision-tasks-timeout", start_options.decision_tasks_timeout,
                    "Decision task timeout in seconds");
  start->add_option("--tags", start_options.tags, "Tags, comma-separated (at most 5)");

  WorkflowReplayOptions replay_options;
  auto* replay = app.add_subcommand(
      "workflow.replay", "Print the decisions that a decider would send next for an execution's history");
  replay->add_option("workflow", replay_options.workflow, "The workflow, as a dotted class name")->required();
  replay->add_option("--history", replay_options.history_file,
                     "JSON file (- for stdin): {\"events\": [...]} as SWF returns it, or an array of events; "
                     "without it, a new execution");
  replay->add_option("-i,--input", replay_options.input,
                     "Input as JSON, replacing the one the history started with");
  replay->add_option("--workflow-id", replay_options.workflow_id, "The execution's workflow id, when the file lacks it");
  replay->add_option("--run-id", replay_options.run_id, "The execution's run id, when the file lacks it");

  const int cpus = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  DeciderStartOptions decider_options;
  decider_options.processes = cpus;
  auto* decider = app.add_subcommand("decider.start", "Start deciders: processes that poll decision tasks and replay workflows");
  decider->add_option("workflows", decider_options.workflows, "The workflows to decide for (default: every registered one)");
  add_swf_options(*decider, decider_options.swf);
  decider->add_option("-t,--task-list", decider_options.task_list, "Decision task list (default: the workflows' own)");
  decider->add_option("-N,--nb-processes", decider_options.processes, "Decider processes (default: one per CPU)");
  decider->add_option("--activity-task-list", decider_options.activity_task_list,
                      "Schedule every activity and child workflow on this task list (what standalone does)");
  decider->add_option("-l,--log-level", decider_options.log_level, "Deprecated: use LOG_LEVEL");

  WorkerStartOptions worker_options;
  worker_options.processes = cpus;
  auto* worker = app.add_subcommand("worker.start", "Start activity workers: processes that poll activity tasks and run them");
  add_swf_options(*worker, worker_options.swf);
  worker->add_option("-t,--task-list", worker_options.task_list, "Activity task list");
  worker->add_option("-N,--nb-processes", worker_options.processes, "Worker processes (default: one per CPU)");
  worker->add_option("--heartbeat", worker_options.heartbeat, "Seconds between heartbeats (0: none)")->capture_default_str();
  worker->add_flag("--one-task", worker_options.one_task, "Process one task, then exit");
  worker->add_option("--poll-data", worker_options.poll_data,
                     "Process this task (a PollForActivityTask response, base64 JSON) without polling, then exit");
  worker->add_option("-l,--log-level", worker_options.log_level, "Deprecated: use LOG_LEVEL");

  StandaloneOptions standalone_options;
  standalone_options.workers = cpus;
  auto* standalone_command = app.add_subcommand(
      "standalone", "Run one execution with its own deciders and workers, and wait for it to close");
  standalone_command->add_option("workflow", standalone_options.workflow, "The workflow, as a dotted class name")->required();
  add_swf_options(*standalone_command, standalone_options.swf);
  standalone_command->add_option("--workflow-id", standalone_options.workflow_id, "Workflow id (default: the workflow's name)");
  standalone_command->add_option("--execution-timeout", standalone_options.execution_timeout, "Execution timeout in seconds");
  standalone_command->add_option("--decision-tasks-timeout", standalone_options.decision_tasks_timeout,
                                 "Decision task timeout in seconds");
  standalone_command->add_option("--tags", standalone_options.tags, "Tags, comma-separated (at most 5)");
  standalone_command->add_option("-i,--input", standalone_options.input, "Input as JSON: [args...] or {\"args\": [...], \"kwargs\": {...}}");
  standalone_command->add_option("--input-file", standalone_options.input_file, "File holding the JSON input (- for stdin)");
  standalone_command->add_option("-W,--nb-workers", standalone_options.workers, "Worker processes (default: one per CPU)");
  standalone_command->add_option("-D,--nb-deciders", standalone_options.deciders, "Decider processes")->capture_default_str();
  standalone_command->add_option("--heartbeat", standalone_options.heartbeat, "Seconds between heartbeats (0: none)")
      ->capture_default_str();
  standalone_command->add_option("--display-status", standalone_options.display_status,
                                 "Print each task's state as it changes (default: when stderr is a terminal)");
  standalone_command->add_option("--data-dir", standalone_options.data_dir,
                                 "Data directory of the embedded server, when no endpoint is configured "
                                 "(default $XDG_DATA_HOME/simpleflow or ~/.local/share/simpleflow)");

  WorkflowCommands workflow_commands(app);
  ExecuteCommand execute_command(app);

  ActivityRerunOptions rerun_options;
  auto* rerun = add_activity_rerun_command(app, rerun_options);

  // Python's default: every section but the registry's.
  std::string info_topics = "versions,settings,environment";
  auto* info_command = app.add_subcommand(
      "info", "Show versions, settings, environment variables, or the registered workflows or activities");
  info_command->add_option("topics", info_topics,
                           "Comma-separated: versions, settings, environment, workflows, activities "
                           "(default versions,settings,environment)");

  ServerCommandOptions server_options;
  auto* server_command = app.add_subcommand("server", "Run the embedded SWF-compatible server (the default backend)");
  server_command->add_option("--listen", server_options.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->capture_default_str();
  server_command->add_option("--data-dir", server_options.data_dir,
                             "Where the server keeps its state (default $XDG_DATA_HOME/simpleflow or ~/.local/share/simpleflow)");
  server_command->add_flag("--no-fsync", server_options.no_fsync,
                           "Commit without fsync: survives a killed server, not a power cut; faster");
  server_command->add_option("--long-poll-seconds", server_options.long_poll_seconds, "How long polls wait for a task")
      ->capture_default_str()
      ->check(CLI::Range(0.001, 60.0));
  server_command->add_option("--threads", server_options.threads, "Threads that serve connections and run calls")
      ->capture_default_str()
      ->check(CLI::Range(1, 64));
  server_command->add_option("--region", server_options.region, "Region in domain ARNs and signatures")->capture_default_str();
  server_command->add_flag("--require-auth", server_options.require_auth,
                           "Verify SigV4 signatures (keys from --access-key, else AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY)");
  server_command->add_option("--access-key", server_options.access_keys, "ID:SECRET[:SESSION_TOKEN] accepted with --require-auth");
  server_command->add_option("--tls-cert", server_options.tls_certificate_file,
                             "PEM certificate chain: serve HTTPS on the port (with --tls-key)")
      ->check(CLI::ExistingFile);
  server_command->add_option("--tls-key", server_options.tls_private_key_file, "PEM private key of --tls-cert")
      ->check(CLI::ExistingFile);
  server_command->add_option("--max-connections", server_options.max_connections,
                             "Connections open at once; those past it are closed as they come")
      ->capture_default_str()
      ->check(CLI::Range(1, 1000000));
  server_command->add_option("--max-buffered-bytes", server_options.max_buffered_bytes,
                             "Request bytes held at once by all connections (at least 1 MB, SWF's largest request)")
      ->capture_default_str()
      ->check(CLI::Range(size_t{1024 * 1024}, size_t{1} << 40));

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    if (e.get_exit_code() == 0) return app.exit(e);
    return usage_error(std::string(e.what()) + " (see simpleflow --help)");
  }

  // Every setting, checked before a command does anything: a bad one found
  // later would stop each poller that meets it, and each one forked again in
  // its place. info is spared, so that it shows the environment as it is;
  // its settings topic names the bad values.
  if (!info_command->parsed())
    if (int code = check_settings(); code != kExitOk) return code;

  GlobalOptions global;
  auto format = parse_format(format_name);
  if (!format.ok()) return usage_error(format.status().message());
  global.format = *format;
  global.header = header;
  global.plugins = plugins;

  std::vector<std::string> to_load = default_plugins();
  for (auto& p : plugins_from_environment()) to_load.push_back(std::move(p));
  for (auto& p : plugins) to_load.push_back(std::move(p));
  if (Status s = load_plugins(to_load); !s.ok()) return usage_error(s.message());

  if (server_command->parsed()) return server(server_options);
  if (start->parsed()) return workflow_start(global, start_options);
  if (decider->parsed()) return decider_start(global, decider_options);
  if (worker->parsed()) return worker_start(global, worker_options);
  if (standalone_command->parsed()) return standalone(global, standalone_options);
  if (replay->parsed()) return workflow_replay(global, replay_options);
  if (execute_command.parsed()) return execute_command.run();
  if (rerun->parsed()) return activity_rerun(global, rerun_options);
  if (auto code = workflow_commands.run(global)) return *code;
  return info(global, info_topics);
}

}  // namespace

int main(int argc, char** argv) {
  try {
    return run(argc, argv);
  } catch (const std::exception& e) {
    std::cerr << "simpleflow: internal error: " << e.what() << std::endl;
  } catch (...) {
    std::cerr << "simpleflow: internal error: unknown exception" << std::endl;
  }
  return kExitFailed;
}

}  // namespace simpleflow::cli
