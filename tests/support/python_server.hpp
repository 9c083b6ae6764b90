// A Python 3 program run as a server for the duration of a test: started in
// the constructor, stopped (SIGTERM, then SIGKILL) in the destructor, so that
// a failing test stops it too.
//
//   PythonServer moto({test_script("tests/support/moto_server.py")});
//   auto config = ClientConfig{.endpoint = moto.endpoint()};
//
// The program must print the port it listens on (on 127.0.0.1) as the first
// line of its standard output, so it binds port 0 or picks a free port
// itself. Further lines can be read with read_line(); the program should not
// write much more to standard output, which nobody drains. Its standard error
// is the test's.
#pragma once

#include <sys/types.h>

#include <string>
#include <vector>

namespace simpleflow::testing {

// Any program run so: argv[0] is found in PATH.
class ChildServer {
 public:
  // Throws std::runtime_error, after stopping the child, when it cannot be
  // started or exits or does not print a valid port within
  // `startup_timeout` seconds.
  explicit ChildServer(std::vector<std::string> argv, double startup_timeout = 60);
  virtual ~ChildServer();
  ChildServer(const ChildServer&) = delete;
  ChildServer& operator=(const ChildServer&) = delete;

  int port() const { return port_; }
  // "http://127.0.0.1:PORT"
  std::string endpoint() const;
  pid_t pid() const { return pid_; }

  // The next line of the program's standard output, without the newline.
  // Throws std::runtime_error on end of file or after `timeout` seconds.
  std::string read_line(double timeout = 30);

  // Stops the program now (the destructor does it otherwise); returns how it
  // ended, as waitpid's status. Idempotent.
  int stop();
  // Kills it with SIGKILL at once, as a crash would; returns waitpid's status.
  int kill();

 private:
  pid_t pid_ = -1;
  int stdout_fd_ = -1;
  int port_ = 0;
  int wait_status_ = 0;
  std::string pending_;  // read from stdout, not yet returned as a line
};

class PythonServer : public ChildServer {
 public:
  // Runs `python3 args...` (args[0] is a script, or "-m" then a module).
  explicit PythonServer(std::vector<std::string> args, double startup_timeout = 60);
};

// The Python interpreter: $SIMPLEFLOW_TEST_PYTHON, else the path of "python3"
// found in PATH.
std::string python3();

// `relative` (e.g. "tests/support/moto_server.py") in the source tree.
std::string test_script(const std::string& relative);

}  // namespace simpleflow::testing
