// The seed's quickstart: computes (x + 1) * 2.
//
//   simpleflow workflow.start --local examples.basic.BasicWorkflow --input '[1, 5]'
//   (1 + 1) * 2 = 4
#include <chrono>
#include <iostream>
#include <thread>

#include <simpleflow/simpleflow.hpp>

namespace examples::basic {

int increment(int x) { return x + 1; }

// `double` is a C++ keyword: the function has another name and the activity
// gets its dotted name explicitly.
int double_(int x) { return x * 2; }

int delay(int t, int x) {
  std::this_thread::sleep_for(std::chrono::seconds(t));
  return x;
}

class BasicWorkflow : public simpleflow::Workflow {
 public:
  int run(int x, int t) {
    auto y = submit(increment, x);
    auto yy = submit(delay, t, y);
    auto z = submit(double_, y);

    int result = z.result();  // on SWF, the replay stops here until z is done
    std::cout << "(" << x << " + 1) * 2 = " << result << std::endl;
    simpleflow::futures::wait(yy, z);
    return z.result();
  }
};

}  // namespace examples::basic

SIMPLEFLOW_ACTIVITY(examples::basic::increment, {.version = "example", .task_list = "quickstart"});
SIMPLEFLOW_ACTIVITY(examples::basic::double_,
                    {.name = "examples.basic.double", .version = "example", .task_list = "quickstart"});
SIMPLEFLOW_ACTIVITY(examples::basic::delay, {.version = "example", .task_list = "quickstart"});

SIMPLEFLOW_WORKFLOW(examples::basic::BasicWorkflow,
                    {.name = "basic", .version = "example", .task_list = "example", .params = {"x", {"t", 30}}});
