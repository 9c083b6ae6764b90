// Continue-as-new (the Python project's examples/continue_as_new.py): the
// workflow closes its execution and starts a fresh one, with an empty
// history, until i reaches 10.
//
//   simpleflow workflow.start --local examples.continue_as_new.CANWorkflow
#include <iostream>

#include <simpleflow/simpleflow.hpp>

namespace examples::continue_as_new {

class CANWorkflow : public simpleflow::Workflow {
 public:
  int run(int i) {
    auto context = get_run_context();
    std::cout << "execution " << i << ", run " << context.run_id << std::endl;
    if (i >= 10) return i;
    continue_as_new(i + 1);
  }
};

}  // namespace examples::continue_as_new

SIMPLEFLOW_WORKFLOW(examples::continue_as_new::CANWorkflow,
                    {.name = "continue_as_new", .version = "1.0", .task_list = "example", .params = {{"i", 0}}});
