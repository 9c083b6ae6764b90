// Child workflows (the Python project's examples/child_workflow.py).
//
//   simpleflow workflow.start --local examples.child_workflow.ParentWorkflow --input '[1]'
//   ...
//   Final result should be: 1 + 4 = 5
#include <iostream>
#include <string>

#include <simpleflow/simpleflow.hpp>

namespace examples::child_workflow {

int loudly_increment(int x, std::string whoami) {
  int result = x + 1;
  std::cout << "I am " << whoami << " and I'll increment x=" << x << " : result=" << result << std::endl;
  return result;
}

class ChildWorkflow : public simpleflow::Workflow {
 public:
  int run(int x, std::string name) {
    auto y = submit(loudly_increment, x, name);
    auto z = submit(loudly_increment, y, name);
    return z.result();
  }
};

// Runs an activity, then a child workflow on its result, then an activity on
// the child's result. A child's failure fails the parent (raises_on_failure
// is true for workflows) unless the child is registered otherwise.
class ParentWorkflow : public simpleflow::Workflow {
 public:
  int run(int x) {
    auto y = submit(loudly_increment, x, "PARENT");
    auto z = submit(simpleflow::child_workflow<ChildWorkflow>, y, "CHILD");
    auto t = submit(loudly_increment, z, "PARENT");
    auto context = get_run_context();
    std::cout << "Parent " << context.workflow_id << " ran its child" << std::endl;
    int result = t.result();  // on SWF, the replay stops here until t is done
    std::cout << "Final result should be: " << x << " + 4 = " << result << std::endl;
    return result;
  }
};

}  // namespace examples::child_workflow

SIMPLEFLOW_ACTIVITY(examples::child_workflow::loudly_increment, {.version = "example", .task_list = "quickstart"});

SIMPLEFLOW_WORKFLOW(examples::child_workflow::ChildWorkflow,
                    {.name = "basic_child",
                     .version = "example",
                     .task_list = "example",
                     .execution_timeout = 300,
                     .params = {"x", {"name", "CHILD"}}});
SIMPLEFLOW_WORKFLOW(examples::child_workflow::ParentWorkflow,
                    {.name = "basic_parent", .version = "example", .task_list = "example", .params = {{"x", 1}}});
