// The workflow.* commands that inspect and control executions on SWF:
// terminate, restart, signal, cancel, info, profile, tasks, list, filter,
// history, and task.info, with Python simpleflow's options and columns.
#pragma once

#include <memory>
#include <optional>

#include <CLI/CLI.hpp>

#include "cli/commands.hpp"

namespace simpleflow::cli {

class WorkflowCommands {
 public:
  // Registers the subcommands on `app`, which must outlive this object.
  explicit WorkflowCommands(CLI::App& app);
  ~WorkflowCommands();

  // After parsing: the exit code of the subcommand that was parsed, or
  // nullopt when none of these was.
  std::optional<int> run(const GlobalOptions& global) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace simpleflow::cli
