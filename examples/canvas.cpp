// Groups and chains (the Python project's examples/canvas.py).
//
//   simpleflow workflow.start --local examples.canvas.CanvasWorkflow
//   (1+1)*(2+1)*(3+1) = 24
//   SUCCESS!
#include <chrono>
#include <iostream>
#include <stdexcept>
#include <thread>
#include <vector>

#include <simpleflow/simpleflow.hpp>

namespace examples::canvas {

int increment_slowly(int x) {
  std::this_thread::sleep_for(std::chrono::milliseconds(100));
  return x + 1;
}

long long multiply(const std::vector<long long>& numbers) {
  long long product = 1;
  for (long long n : numbers) product *= n;
  return product;
}

int fail_incrementing(int x) { throw std::invalid_argument("Failure on CPU intensive operation '+'"); }

// A Group runs its tasks in parallel and finishes when all of them have; a
// Chain runs them one after the other. With send_result, each task of the
// chain receives the previous result as its last argument.
class CanvasWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    int x = 1, y = 2, z = 3;
    simpleflow::Group increments;
    increments.append(increment_slowly, x).append(increment_slowly, y).append(increment_slowly, z);
    simpleflow::Chain chain({.send_result = true});
    chain.append(increments).append(multiply);
    auto future = submit(chain);
    simpleflow::futures::wait(future);

    long long product = future.futures().back().as<long long>().result();
    std::cout << "(" << x << "+1)*(" << y << "+1)*(" << z << "+1) = " << product << std::endl;

    // Canvases can be optional: this chain fails at its first task, the
    // second never runs, and the workflow goes on.
    simpleflow::Chain optional({.raises_on_failure = false});
    optional.append(fail_incrementing, x).append(increment_slowly, 1);
    simpleflow::futures::wait(submit(optional));

    std::cout << "SUCCESS!" << std::endl;
  }
};

}  // namespace examples::canvas

SIMPLEFLOW_ACTIVITY(examples::canvas::increment_slowly, {.version = "example", .task_list = "example"});
SIMPLEFLOW_ACTIVITY(examples::canvas::multiply, {.version = "example", .task_list = "example"});
SIMPLEFLOW_ACTIVITY(examples::canvas::fail_incrementing, {.version = "example", .task_list = "example"});

SIMPLEFLOW_WORKFLOW(examples::canvas::CanvasWorkflow, {.name = "canvas", .version = "example", .task_list = "example"});
