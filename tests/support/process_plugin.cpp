// Workflows and activities for the tests of deciders and workers in separate
// processes: slow activities to kill a worker under, activities that exit or
// die by a signal, one that starts a child process and waits to be
// canceled, and activities that run on a worker thread. Built as a plugin the CLI loads with --plugin.
#include <signal.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <fstream>
#include <string>
#include <thread>

#include <simpleflow/simpleflow.hpp>

namespace process_tests {

void write_marker(const std::string& path, const std::string& text) {
  std::string tmp = path + ".tmp";
  std::ofstream(tmp) << text << "\n";
  std::rename(tmp.c_str(), path.c_str());  // readers never see half a file
}

// Writes "<pid> <parent pid> <last heartbeat details>" to `marker` (the
// details of the attempt that timed out before, if any), then works for `ms`
// milliseconds, heartbeating every 200 ms with the time spent.
int slow(std::string marker, int ms, int value) {
  const auto& context = simpleflow::activity_context();
  write_marker(marker, std::to_string(getpid()) + " " + std::to_string(getppid()) + " " +
                           context.last_heartbeat_details);
  for (int spent = 0; spent < ms; spent += 200) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    context.heartbeat(std::to_string(spent));
  }
  return value;
}

int exit_with(int code) { std::_Exit(code); }

int kill_self(int sig) {
  ::kill(getpid(), sig);
  std::this_thread::sleep_for(std::chrono::seconds(10));
  return 0;
}

// Starts `sleep 600` as a child, writes "<own pid> <child pid>" to `marker`,
// then heartbeats until its process is stopped.
int spawn_and_wait(std::string marker) {
  pid_t child = fork();
  if (child == 0) {
    execlp("sleep", "sleep", "600", static_cast<char*>(nullptr));
    std::_Exit(127);
  }
  write_marker(marker, std::to_string(getpid()) + " " + std::to_string(child));
  for (int i = 0; i < 600; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    simpleflow::activity_context().heartbeat();
  }
  return 0;
}

class SlowWorkflow : public simpleflow::Workflow {
 public:
  int run(std::string marker, int ms) { return submit(slow, marker, ms, 42).result(); }
};

class ExitWorkflow : public simpleflow::Workflow {
 public:
  int run(int code) { return submit(exit_with, code).result(); }
};

class KillWorkflow : public simpleflow::Workflow {
 public:
  int run(int sig) { return submit(kill_self, sig).result(); }
};

// Cancels the activity when the signal "cancel" comes, then waits for the
// signal "done" so that the worker has time to report the cancel.
class CancelWorkflow : public simpleflow::Workflow {
 public:
  std::string run(std::string marker) {
    auto work = submit(spawn_and_wait, marker);
    simpleflow::futures::wait(submit(wait_signal("cancel")));
    work.cancel();
    simpleflow::futures::wait(submit(wait_signal("done")));
    return "canceled";
  }
};

// On a worker thread (run_on_worker_thread): writes its process's pid to
// `marker`, heartbeats, and returns the pid.
int pid_on_thread(std::string marker) {
  write_marker(marker, std::to_string(getpid()));
  simpleflow::activity_context().heartbeat("on a thread");
  return getpid();
}

// On a worker thread: writes its pid to `marker`, then heartbeats with
// "waiting" until the worker asks it to stop.
std::string wait_for_cancel_on_thread(std::string marker) {
  const auto& context = simpleflow::activity_context();
  write_marker(marker, std::to_string(getpid()));
  while (!context.cancel_requested()) {
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
    context.heartbeat("waiting");
  }
  return "stopped";
}

class ThreadWorkflow : public simpleflow::Workflow {
 public:
  int run(std::string marker) { return submit(pid_on_thread, marker).result(); }
};

// As CancelWorkflow, with an activity on a worker thread.
class ThreadCancelWorkflow : public simpleflow::Workflow {
 public:
  std::string run(std::string marker) {
    auto work = submit(wait_for_cancel_on_thread, marker);
    simpleflow::futures::wait(submit(wait_signal("cancel")));
    work.cancel();
    simpleflow::futures::wait(submit(wait_signal("done")));
    return "canceled";
  }
};

}  // namespace process_tests

SIMPLEFLOW_ACTIVITY(process_tests::slow,
                    {.task_list = "process-tests", .retry = 2, .heartbeat_timeout = 3, .params = {"marker", "ms", "value"}});
SIMPLEFLOW_ACTIVITY(process_tests::exit_with, {.task_list = "process-tests"});
SIMPLEFLOW_ACTIVITY(process_tests::kill_self, {.task_list = "process-tests"});
SIMPLEFLOW_ACTIVITY(process_tests::spawn_and_wait, {.task_list = "process-tests", .heartbeat_timeout = 60});

SIMPLEFLOW_WORKFLOW(process_tests::SlowWorkflow, {.task_list = "process-tests", .params = {"marker", "ms"}});
SIMPLEFLOW_WORKFLOW(process_tests::ExitWorkflow, {.task_list = "process-tests"});
SIMPLEFLOW_WORKFLOW(process_tests::KillWorkflow, {.task_list = "process-tests"});
SIMPLEFLOW_WORKFLOW(process_tests::CancelWorkflow, {.task_list = "process-tests"});

SIMPLEFLOW_ACTIVITY(process_tests::pid_on_thread, {.task_list = "process-tests", .run_on_worker_thread = true});
SIMPLEFLOW_ACTIVITY(process_tests::wait_for_cancel_on_thread,
                    {.task_list = "process-tests", .heartbeat_timeout = 60, .run_on_worker_thread = true});
SIMPLEFLOW_WORKFLOW(process_tests::ThreadWorkflow, {.task_list = "process-tests"});
SIMPLEFLOW_WORKFLOW(process_tests::ThreadCancelWorkflow, {.task_list = "process-tests"});
