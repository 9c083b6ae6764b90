// Running the simpleflow binary from tests: output captured, exit status kept.
#pragma once

#include <map>
#include <string>
#include <vector>

namespace simpleflow::testing {

struct CommandResult {
  int exit_code = -1;    // when the process exited
  int signal = 0;        // when a signal killed it
  std::string out, err;  // standard output and error
};

struct CommandOptions {
  std::map<std::string, std::string> env;  // added to (or overriding) the environment
  std::vector<std::string> unset_env;      // removed from the environment
  std::string stdin_text;
};

// Starts `argv` (argv[0] a path, or a name found in PATH) and returns
// without waiting; finish with wait_command().
int start_command(const std::vector<std::string>& argv, const CommandOptions& options = {});
CommandResult wait_command(int handle);

// Runs `argv` to completion.
CommandResult run_command(const std::vector<std::string>& argv, const CommandOptions& options = {});

// The simpleflow CLI under test (SIMPLEFLOW_TEST_BIN, set by CTest).
std::string simpleflow_binary();
// The source tree (SIMPLEFLOW_TEST_SOURCE_DIR).
std::string source_dir();
// The examples plugin (SIMPLEFLOW_TEST_PLUGIN).
std::string examples_plugin();

// Runs the CLI with `args`.
CommandResult simpleflow(const std::vector<std::string>& args, const CommandOptions& options = {});

}  // namespace simpleflow::testing
