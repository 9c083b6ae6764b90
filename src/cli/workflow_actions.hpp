// The workflow.* inspection and control commands, one function each, with
// Python simpleflow's arguments and columns. workflow_commands.cpp declares
// their options; each function returns the exit code (0 done, 1 SWF failed
// or the execution is not there, 2 bad usage).
#pragma once

#include <optional>
#include <string>

#include "cli/commands.hpp"
#include "cli/swf_connection.hpp"
#include "cli/workflow_common.hpp"

namespace simpleflow::cli {

// Terminates the execution (it must be open). Prints nothing.
int workflow_terminate(const ExecutionArgs& args);
// Terminates the execution (when open) with reason "workflow.restart" and
// starts a new run with the same workflow id, type, task list, timeouts,
// tags, child policy and input; prints "<workflow id> <new run id>".
int workflow_restart(const ExecutionArgs& args);

struct SignalArgs {
  ExecutionArgs execution;
  std::string signal_name;
  std::optional<std::string> input;  // JSON
};
// Signals the execution (it must be open). Prints nothing.
int workflow_signal(const SignalArgs& args);
// Asks the execution to cancel (RequestCancelWorkflowExecution): it must be
// open; its decider decides. Prints nothing.
int workflow_cancel(const ExecutionArgs& args);

// One row: domain, workflow_type.name, workflow_type.version, task_list,
// workflow_id, run_id, tag_list, execution_time, input.
int workflow_info(const GlobalOptions& global, const ExecutionArgs& args);
// Activities and child workflows that ran, longest first.
int workflow_profile(const GlobalOptions& global, const ExecutionArgs& args, std::optional<int> nb_tasks);
// Activities, child workflows and signals, newest first.
int workflow_tasks(const GlobalOptions& global, const ExecutionArgs& args, std::optional<int> nb_tasks);

// DOMAIN WORKFLOW_ID TASK_ID: an activity of the latest execution.
struct TaskInfoArgs {
  std::string domain;
  std::string workflow_id;
  std::string task_id;
  bool details = false;
  SwfOptions swf;
};
int task_info(const GlobalOptions& global, const TaskInfoArgs& args);

struct ListArgs {
  std::string domain;
  std::string status = "open";  // open or closed, either case
  int started_since = 30;       // days
  SwfOptions swf;
};
// Workflow ID, Workflow Type, Status of the executions started since then.
int workflow_list(const GlobalOptions& global, const ListArgs& args);

struct FilterArgs {
  std::string domain;
  std::string status = "open";
  std::optional<std::string> tag;
  std::optional<std::string> workflow_id;
  std::optional<std::string> workflow_type_name;
  std::optional<std::string> workflow_type_version;
  std::optional<std::string> close_status;  // closed executions only; either case
  int started_since = 30;                   // days; unused with from_date
  std::optional<std::string> from_date;
  std::optional<std::string> to_date;
  SwfOptions swf;
};
// The 17 columns of Python's workflow.filter.
int workflow_filter(const GlobalOptions& global, const FilterArgs& args);

struct HistoryArgs {
  std::string workflow_id;
  std::optional<std::string> run_id;
  std::string output_format = "raw";         // events, raw or cooked
  std::optional<std::string> reverse_order;  // a boolean word; "" (no value) is true
  SwfOptions swf;                            // with --domain
};
// The history as JSON; needs --format json --header, or prettyjson.
int workflow_history(const GlobalOptions& global, const HistoryArgs& args);

}  // namespace simpleflow::cli
