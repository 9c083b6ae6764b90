// Failures and retries (after the Python project's examples/failing.py).
//
//   simpleflow workflow.start --local examples.failing.FailingWorkflow      # fails, exit code 1
//   simpleflow workflow.start --local examples.failing.NotFailingWorkflow   # completes
//   simpleflow workflow.start --local examples.failing.RetryWorkflow        # completes on the 3rd attempt
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>
#include <string>

#include <simpleflow/simpleflow.hpp>

namespace examples::failing {

// retry = 1: tried twice, then its future holds the failure; the workflow goes on.
void fail_but_dont_raise() { throw std::invalid_argument("This task had a problem but it's okay"); }

// raises_on_failure: its failure fails the whole workflow.
void fail_and_raise() {
  throw std::invalid_argument("This task had a problem and it will fail the workflow! (this is normal if you see this)");
}

// Fails on its first two attempts, then succeeds. Attempts are counted in a
// file, so that it behaves the same when each attempt runs in another process.
int flaky_increment(int x) {
  const auto& context = simpleflow::activity_context();
  // SWF's run ids hold '/' and '+': keep them out of the file name.
  std::string run = context.run_id;
  std::replace(run.begin(), run.end(), '/', '_');
  auto counter = std::filesystem::temp_directory_path() / ("simpleflow-example-flaky-" + context.workflow_id + "-" + run);
  int attempts = 0;
  std::ifstream(counter) >> attempts;
  if (++attempts < 3) {
    std::ofstream(counter) << attempts;
    throw std::runtime_error("attempt " + std::to_string(attempts) + " failed");
  }
  std::filesystem::remove(counter);
  return x + 1;
}

class FailingWorkflow : public simpleflow::Workflow {
 public:
  void run(bool fail) {
    auto x = submit(fail_but_dont_raise);
    if (fail) {
      auto y = submit(fail_and_raise);
      simpleflow::futures::wait(x, y);
      throw std::logic_error("YOU SHOULD NEVER SEE THIS");
    }
    simpleflow::futures::wait(x);
  }
};

// Runs FailingWorkflow as a child in a group that does not raise: the child
// fails, the parent completes.
class NotFailingWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    simpleflow::Group group({.raises_on_failure = false});
    group.append(simpleflow::child_workflow<FailingWorkflow>, true);
    auto future = submit(group);
    simpleflow::futures::wait(future);
    auto child = future.futures().front();
    if (child.exception()) {
      std::cout << "the child failed as expected: " << simpleflow::describe_exception(child.exception()) << std::endl;
    }
  }
  void on_failure(const simpleflow::History&, const std::string&, const std::string&) override {
    std::cout << "NotFailingWorkflow.on_failure called, it shouldn't :'(" << std::endl;
  }
  void on_completed(const simpleflow::History&) override {
    std::cout << "NotFailingWorkflow: workflow completed!" << std::endl;
  }
};

// An activity with retry = 2 that fails twice, then succeeds.
class RetryWorkflow : public simpleflow::Workflow {
 public:
  int run(int x) {
    int y = submit(flaky_increment, x).result();
    std::cout << "flaky_increment(" << x << ") = " << y << " after retries" << std::endl;
    return y;
  }
};

}  // namespace examples::failing

SIMPLEFLOW_ACTIVITY(examples::failing::fail_but_dont_raise,
                    {.version = "example", .task_list = "quickstart", .retry = 1, .raises_on_failure = false});
SIMPLEFLOW_ACTIVITY(examples::failing::fail_and_raise,
                    {.version = "example", .task_list = "quickstart", .raises_on_failure = true});
SIMPLEFLOW_ACTIVITY(examples::failing::flaky_increment,
                    {.version = "example", .task_list = "quickstart", .retry = 2, .raises_on_failure = true});

SIMPLEFLOW_WORKFLOW(examples::failing::FailingWorkflow,
                    {.name = "failing", .version = "example", .task_list = "example", .retry = 1,
                     .params = {{"fail", true}}});
SIMPLEFLOW_WORKFLOW(examples::failing::NotFailingWorkflow,
                    {.name = "not_failing", .version = "example", .task_list = "example"});
SIMPLEFLOW_WORKFLOW(examples::failing::RetryWorkflow,
                    {.name = "retry", .version = "example", .task_list = "example", .params = {{"x", 1}}});
