// Signals (the Python project's examples/signals.py). Locally, a signal may be
// sent before or after the wait_signal that receives it.
//
//   simpleflow workflow.start --local examples.signals.SignalsWorkflow
//   simpleflow workflow.start --local examples.signals.ParentSignalsWorkflow5
#include <iostream>
#include <string>

#include <simpleflow/simpleflow.hpp>

namespace examples::signals {

std::string func_a_1_1() {
  std::cout << "func_a_1_1()" << std::endl;
  return "func_a_1_1";
}

std::string func_a_1_2() {
  std::cout << "func_a_1_2()" << std::endl;
  return "func_a_1_2";
}

// Waits for a signal that the workflow sends itself.
class SignalsWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    auto waiting = submit(wait_signal("signal1"));
    auto work = submit(func_a_1_2);
    auto sent = submit(signal("signal1"));
    simpleflow::futures::wait(waiting, work, sent);
    std::cout << "signal1 received with " << simpleflow::dumps(waiting.result()) << std::endl;
  }
};

// A child that tells its parent it is ready, sending its own ids.
class ChildSignalsParentWorkflow : public simpleflow::Workflow {
 public:
  void run() {
    auto context = get_run_context();
    auto sent = submit(signal("ChildReady", simpleflow::Json{{"workflow_id", context.workflow_id},
                                                             {"run_id", context.run_id}})
                           .to(context.parent_workflow_id, context.parent_run_id));
    simpleflow::futures::wait(sent);
    std::cout << "C1: end" << std::endl;
  }
};

// Waits for the signal that its child sends.
class ParentSignalsWorkflow5 : public simpleflow::Workflow {
 public:
  void run() {
    simpleflow::futures::wait(submit(simpleflow::child_workflow<ChildSignalsParentWorkflow>));
    auto child_signal = submit(wait_signal("ChildReady"));
    simpleflow::futures::wait(child_signal);
    std::cout << "Parent: ended wait on ChildReady" << std::endl;
    std::cout << simpleflow::dumps(child_signal.result()) << std::endl;
    std::cout << "Parent: end" << std::endl;
  }
};

}  // namespace examples::signals

SIMPLEFLOW_ACTIVITY(examples::signals::func_a_1_1, {.version = "example", .task_list = "quickstart"});
SIMPLEFLOW_ACTIVITY(examples::signals::func_a_1_2, {.version = "example", .task_list = "quickstart"});

SIMPLEFLOW_WORKFLOW(examples::signals::SignalsWorkflow,
                    {.name = "signals-simple", .version = "example", .task_list = "example"});
SIMPLEFLOW_WORKFLOW(examples::signals::ChildSignalsParentWorkflow,
                    {.name = "child-workflow", .version = "example", .task_list = "example"});
SIMPLEFLOW_WORKFLOW(examples::signals::ParentSignalsWorkflow5,
                    {.name = "signals-parent-5", .version = "example", .task_list = "example"});
