// What the workflow.* commands share: connecting to SWF for a domain,
// finding the execution that WORKFLOW_ID [RUN_ID] names, printing tables,
// and turning what goes wrong into a message and an exit code.
#pragma once

#include <functional>
#include <optional>
#include <stdexcept>
#include <string>

#include "cli/commands.hpp"
#include "cli/output.hpp"
#include "cli/swf_connection.hpp"
#include "simpleflow/swf/history.hpp"
#include "simpleflow/swf/models.hpp"

namespace simpleflow::cli {

// DOMAIN WORKFLOW_ID [RUN_ID]. Without RUN_ID, the latest open execution
// with that id, else the latest closed one. RUN_ID may be URL-encoded.
struct ExecutionArgs {
  std::string domain;
  std::string workflow_id;
  std::optional<std::string> run_id;
  SwfOptions swf;  // --endpoint-url, --region, --profile
};

// An error that ends a command: what to print after "simpleflow: error: ",
// and the exit code (kExitFailed or kExitUsage).
class CommandError : public std::runtime_error {
 public:
  CommandError(int exit_code, const std::string& message) : std::runtime_error(message), exit_code_(exit_code) {}
  int exit_code() const { return exit_code_; }

 private:
  int exit_code_;
};

// Runs `command` and returns its exit code. What it throws becomes
// "simpleflow: error: <message>" on stderr and an exit code: a CommandError
// its own; std::invalid_argument (a bad argument found late) 2; an SWF error
// (a refused call, an unreachable endpoint) or an unreadable history 1.
int run_guarded(const std::function<int()>& command);

// The run id of a RUN_ID argument: one holding '%' is URL-decoded ("%3D"
// is "="), as Python simpleflow does, so that ids copied from URLs work;
// others are kept as they are.
std::string decode_run_id(const std::string& run_id);

// The domain `name` on the SWF that `options` point to; without `name`, the
// one of --domain or SWF_DOMAIN. Throws CommandError (2) when no endpoint or
// no domain is configured, saying how to configure them.
swf::Domain connect_domain(const SwfOptions& options, const std::optional<std::string>& name);

// The execution that `workflow_id` and `run_id` name in `domain`, described
// (its configuration fields are set): that run when `run_id` is set, else
// the latest open execution with that workflow id, else the latest closed
// one. Throws CommandError (1) naming what is missing when there is none, or
// when the domain does not exist.
swf::WorkflowExecution find_execution(const swf::Domain& domain, const std::string& workflow_id,
                                      const std::optional<std::string>& run_id);

// find_execution() of what `args` name, after connect_domain().
swf::WorkflowExecution find_execution(const ExecutionArgs& args);

// Prints `table` on standard output in the global format; returns kExitOk.
int print_table(const Table& table, const GlobalOptions& global);

// The first event of the execution's history (WorkflowExecutionStarted),
// read alone rather than with the whole history.
swf::Event first_event(const swf::WorkflowExecution& execution);

// "<workflow id> <run id>", for messages.
std::string describe(const swf::WorkflowExecution& execution);

}  // namespace simpleflow::cli
