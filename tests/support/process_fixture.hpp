// A fixture for tests of deciders and workers in separate processes: an
// embedded server in the test's process, a domain, and CLI processes started
// against it (with the process tests' plugin) and stopped at the end.
#pragma once

#include <gtest/gtest.h>

#include <filesystem>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "simpleflow/server.hpp"
#include "simpleflow/swf.hpp"
#include "support/background.hpp"
#include "support/command.hpp"

namespace simpleflow::testing {

// The plugin with the process tests' workflows (SIMPLEFLOW_TEST_PROCESS_PLUGIN).
std::string process_plugin();

class ProcessFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The environment that points the CLI at this server and domain.
  CommandOptions cli_env() const;
  // Runs the CLI to completion with the plugin and cli_env().
  CommandResult cli(const std::vector<std::string>& args) const;
  // Runs the CLI (with the plugin) for at most `seconds`, with `env` added to
  // cli_env(); see run_for().
  BoundedRun cli_for(const std::vector<std::string>& args, const std::map<std::string, std::string>& env,
                     double seconds);
  // Starts the CLI in the background (with the plugin); output in a log file.
  Background& background(const std::string& name, const std::vector<std::string>& args);
  // `workflow.start` of `workflow`; returns its execution.
  swf::ExecutionRef start(const std::string& workflow, const std::string& input,
                          const std::vector<std::string>& extra = {});
  // Waits up to `seconds` for the execution to close; its close status, or
  // "" when it is still open.
  std::string wait_closed(const swf::ExecutionRef& execution, double seconds);
  std::vector<Json> history(const swf::ExecutionRef& execution) const;
  // The events of `type` in the history.
  std::vector<Json> events_of(const swf::ExecutionRef& execution, const std::string& type) const;
  // A path in the test's directory.
  std::string path(const std::string& name) const { return (dir_ / name).string(); }
  // Every background process's log, for failure messages.
  std::string logs() const;

  std::filesystem::path dir_;
  std::unique_ptr<server::Server> server_;
  std::shared_ptr<swf::SwfClient> client_;
  const std::string domain_ = "process-tests";
  std::vector<std::pair<std::string, std::unique_ptr<Background>>> processes_;
  int bounded_runs_ = 0;
};

}  // namespace simpleflow::testing
