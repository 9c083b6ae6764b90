// The options of the workflow.* inspection and control commands; the
// commands themselves are in workflow_control.cpp, workflow_inspect.cpp,
// workflow_list.cpp and workflow_history.cpp.
#include "cli/workflow_commands.hpp"

#include "cli/workflow_actions.hpp"

namespace simpleflow::cli {
namespace {

// --endpoint-url, --region and --profile, as workflow.start has them. The
// domain is the DOMAIN argument, as in Python; -d is --started-since in
// workflow.list and workflow.filter.
void add_connection_options(CLI::App& command, SwfOptions& options) {
  add_swf_options(command, options);
  command.remove_option(command.get_option("--domain"));
}

const char* kRunIdHelp = "Run id (default: the latest open execution, else the latest closed one); may be URL-encoded";

CLI::App* add_execution_command(CLI::App& app, const std::string& name, const std::string& help,
                                ExecutionArgs& args) {
  CLI::App* command = app.add_subcommand(name, help);
  command->add_option("DOMAIN", args.domain, "SWF domain")->required();
  command->add_option("WORKFLOW_ID", args.workflow_id, "Workflow id")->required();
  command->add_option("RUN_ID", args.run_id, kRunIdHelp);
  add_connection_options(*command, args.swf);
  return command;
}

}  // namespace

struct WorkflowCommands::Impl {
  ExecutionArgs terminate, restart, cancel, info, profile, tasks;
  SignalArgs signal;
  std::optional<int> profile_nb_tasks, tasks_nb_tasks;
  TaskInfoArgs task;
  ListArgs list;
  FilterArgs filter;
  HistoryArgs history;

  CLI::App *terminate_command, *restart_command, *signal_command, *cancel_command, *info_command, *profile_command,
      *tasks_command, *task_command, *list_command, *filter_command, *history_command;
};

WorkflowCommands::WorkflowCommands(CLI::App& app) : impl_(std::make_unique<Impl>()) {
  Impl& i = *impl_;
  i.terminate_command = add_execution_command(app, "workflow.terminate", "Terminate an open workflow execution", i.terminate);
  i.restart_command = add_execution_command(
      app, "workflow.restart",
      "Terminate a workflow execution (when open) and start it again with the same input; prints \"<workflow id> <run id>\"",
      i.restart);
  i.cancel_command = add_execution_command(
      app, "workflow.cancel", "Ask an open workflow execution to cancel (its decider decides)", i.cancel);

  i.signal_command = app.add_subcommand("workflow.signal", "Send a signal to an open workflow execution");
  i.signal_command->add_option("DOMAIN", i.signal.execution.domain, "SWF domain")->required();
  i.signal_command->add_option("WORKFLOW_ID", i.signal.execution.workflow_id, "Workflow id")->required();
  i.signal_command->add_option("SIGNAL_NAME", i.signal.signal_name, "Name of the signal")->required();
  i.signal_command->add_option("RUN_ID", i.signal.execution.run_id, kRunIdHelp);
  i.signal_command->add_option("-i,--input", i.signal.input, "Input of the signal, as JSON");
  add_connection_options(*i.signal_command, i.signal.execution.swf);

  i.info_command = add_execution_command(app, "workflow.info", "Info about a workflow execution", i.info);
  i.profile_command = add_execution_command(
      app, "workflow.profile", "Profile of a workflow execution: its tasks' times, longest first", i.profile);
  i.profile_command->add_option("-n,--nb-tasks", i.profile_nb_tasks, "Maximum number of tasks to display");
  i.tasks_command = add_execution_command(app, "workflow.tasks", "Tasks of a workflow execution, newest first", i.tasks);
  i.tasks_command->add_option("-n,--nb-tasks", i.tasks_nb_tasks, "Maximum number of tasks to display");

  i.task_command = app.add_subcommand("task.info", "Information on an activity of the latest execution of a workflow");
  i.task_command->add_option("DOMAIN", i.task.domain, "SWF domain")->required();
  i.task_command->add_option("WORKFLOW_ID", i.task.workflow_id, "Workflow id")->required();
  i.task_command->add_option("TASK_ID", i.task.task_id, "Activity id (\"activity-<name>-<n>\")")->required();
  i.task_command->add_flag("--details,!--no-details", i.task.details, "Add the failure details column");
  add_connection_options(*i.task_command, i.task.swf);

  i.list_command = app.add_subcommand("workflow.list", "Workflow executions of a domain");
  add_connection_options(*i.list_command, i.list.swf);  // first: it adds -d, then frees it
  i.list_command->add_option("DOMAIN", i.list.domain, "SWF domain")->required();
  i.list_command->add_option("-s,--status", i.list.status, "open or closed")->capture_default_str();
  i.list_command->add_option("-d,--started-since", i.list.started_since, "Started since N days")->capture_default_str();

  i.filter_command = app.add_subcommand("workflow.filter", "Filter workflow executions");
  CLI::App& f = *i.filter_command;
  add_connection_options(f, i.filter.swf);
  f.add_option("DOMAIN", i.filter.domain, "SWF domain")->required();
  f.add_option("-s,--status", i.filter.status, "open or closed")->capture_default_str();
  f.add_option("--tag", i.filter.tag, "Executions with this tag");
  f.add_option("--workflow-id", i.filter.workflow_id, "Executions with this workflow id");
  f.add_option("--workflow-type-name", i.filter.workflow_type_name, "Executions of this workflow type");
  f.add_option("--workflow-type-version", i.filter.workflow_type_version,
               "Executions of this version of the type (with --workflow-type-name)");
  f.add_option("-c,--close-status", i.filter.close_status,
               "COMPLETED, FAILED, CANCELED, TERMINATED, CONTINUED_AS_NEW or TIMED_OUT (with --status closed)");
  f.add_option("-d,--started-since", i.filter.started_since, "Started since N days (without --from-date)")
      ->capture_default_str();
  f.add_option("--from-date", i.filter.from_date,
               "Started at or after: YYYY-MM-DD, YYYY-MM-DDTHH:MM:SS or YYYY-MM-DD HH:MM:SS, UTC unless an offset "
               "follows (+01:00)");
  f.add_option("--to-date", i.filter.to_date, "Started at or before (same forms)");

  i.history_command = app.add_subcommand(
      "workflow.history", "History of a workflow execution, as JSON (needs --format json --header, or prettyjson)");
  CLI::App& h = *i.history_command;
  h.add_option("WORKFLOW_ID", i.history.workflow_id, "Workflow id")->required();
  h.add_option("RUN_ID", i.history.run_id, kRunIdHelp);
  h.add_option("-o,--output-format,--of", i.history.output_format,
               "events (as SWF sends them), raw (one object per event) or cooked (tasks, signals, markers, timers)")
      ->capture_default_str();
  h.add_option("--reverse-order", i.history.reverse_order, "Newest event first (true or false)")->expected(0, 1);
  add_swf_options(h, i.history.swf);
}

WorkflowCommands::~WorkflowCommands() = default;

std::optional<int> WorkflowCommands::run(const GlobalOptions& global) const {
  const Impl& i = *impl_;
  if (i.terminate_command->parsed()) return workflow_terminate(i.terminate);
  if (i.restart_command->parsed()) return workflow_restart(i.restart);
  if (i.signal_command->parsed()) return workflow_signal(i.signal);
  if (i.cancel_command->parsed()) return workflow_cancel(i.cancel);
  if (i.info_command->parsed()) return workflow_info(global, i.info);
  if (i.profile_command->parsed()) return workflow_profile(global, i.profile, i.profile_nb_tasks);
  if (i.tasks_command->parsed()) return workflow_tasks(global, i.tasks, i.tasks_nb_tasks);
  if (i.task_command->parsed()) return task_info(global, i.task);
  if (i.list_command->parsed()) return workflow_list(global, i.list);
  if (i.filter_command->parsed()) return workflow_filter(global, i.filter);
  if (i.history_command->parsed()) return workflow_history(global, i.history);
  return std::nullopt;
}

}  // namespace simpleflow::cli
