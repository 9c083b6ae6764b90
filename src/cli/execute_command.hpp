// `activity.execute`: the plumbing command that runs one activity in this
// process for a parent that started it as a subprocess (subprocess
// activities, simpleflow/execute.hpp). Hidden from --help.
#pragma once

#include <CLI/CLI.hpp>

#include "execute/subprocess_child.hpp"

namespace simpleflow::cli {

class ExecuteCommand {
 public:
  // Registers the subcommand on `app`, which must outlive this object.
  explicit ExecuteCommand(CLI::App& app);

  bool parsed() const { return command_->parsed(); }
  // Runs the activity (plugins loaded); the exit code.
  int run() const;

 private:
  CLI::App* command_;
  internal::SubprocessRequest request_;
};

}  // namespace simpleflow::cli
