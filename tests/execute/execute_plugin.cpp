// Activities and workflows for the tests of program and subprocess
// activities, as a plugin that the simpleflow binary loads with --plugin.
#include <spawn.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <iostream>
#include <iterator>
#include <stdexcept>
#include <thread>

#include "simpleflow/simpleflow.hpp"

extern char** environ;

namespace execute_tests {

int add(int a, int b) { return a + b; }

int fail_with(std::string message) { throw std::invalid_argument(message); }

// What the subprocess received, and how long its command line was: big
// arguments must come through a descriptor instead.
simpleflow::Json measure(std::string text) {
  std::ifstream cmdline("/proc/self/cmdline", std::ios::binary);
  std::string line((std::istreambuf_iterator<char>(cmdline)), std::istreambuf_iterator<char>());
  return {{"received", text.size()}, {"command_line", line.size()}};
}

int sleep_ms(int ms) {
  std::this_thread::sleep_for(std::chrono::milliseconds(ms));
  return ms;
}

// Starts `sleep 300`, leaves it running and returns its pid.
int leave_grandchild() {
  pid_t pid = 0;
  char sleep[] = "sleep", seconds[] = "300";
  char* argv[] = {sleep, seconds, nullptr};
  if (::posix_spawnp(&pid, "sleep", nullptr, nullptr, argv, environ) != 0) throw std::runtime_error("no sleep");
  return pid;
}

simpleflow::Json context_and_pid() {
  return {{"activity_id", simpleflow::activity_context().activity_id}, {"pid", ::getpid()}};
}

int exit_with(int code) { std::_Exit(code); }

std::string print_then_return(std::string text) {
  std::cout << "printed by the activity" << std::endl;
  return text;
}

// Registered to run in a subprocess by themselves.
int pid_of_subprocess(int ignored) { return ::getpid(); }
int divide(int a, int b) {
  if (b == 0) throw std::domain_error("division by zero");
  return a / b;
}

// A program activity; the body never runs.
std::string echo(std::string word, int count) { return "not run"; }

class SubprocessWorkflow : public simpleflow::Workflow {
 public:
  simpleflow::Json run(int a, int b) {
    auto pid = submit(pid_of_subprocess, 0);
    auto quotient = submit(divide, a, b);
    return {{"other_process", pid.result() != ::getpid()}, {"quotient", quotient.result()}};
  }
};

class ProgramWorkflow : public simpleflow::Workflow {
 public:
  std::string run(std::string word, int count) { return submit(echo, word, count).result(); }
};

}  // namespace execute_tests

SIMPLEFLOW_ACTIVITY(execute_tests::add, {.params = {"a", "b"}});
SIMPLEFLOW_ACTIVITY(execute_tests::fail_with);
SIMPLEFLOW_ACTIVITY(execute_tests::measure);
SIMPLEFLOW_ACTIVITY(execute_tests::sleep_ms);
SIMPLEFLOW_ACTIVITY(execute_tests::leave_grandchild);
SIMPLEFLOW_ACTIVITY(execute_tests::context_and_pid);
SIMPLEFLOW_ACTIVITY(execute_tests::exit_with);
SIMPLEFLOW_ACTIVITY(execute_tests::print_then_return);
SIMPLEFLOW_SUBPROCESS_ACTIVITY(execute_tests::pid_of_subprocess);
SIMPLEFLOW_SUBPROCESS_ACTIVITY(execute_tests::divide, {.subprocess = {.timeout_seconds = 120},
                                                       .activity = {.params = {"a", "b"}}});
SIMPLEFLOW_PROGRAM(execute_tests::echo, {.activity = {.params = {"word", "count"}}});
SIMPLEFLOW_WORKFLOW(execute_tests::SubprocessWorkflow, {.params = {"a", "b"}});
SIMPLEFLOW_WORKFLOW(execute_tests::ProgramWorkflow, {.params = {"word", "count"}});
