// Activities outside the worker's code: a program run with the call's
// arguments, and a C++ activity in a process of its own.
//
//   simpleflow workflow.start --local examples.programs.ProgramsWorkflow --input '["hello"]'
//   echo printed: hello 3
//   inc gave: [2,3,4]
#include <iostream>
#include <vector>

#include <simpleflow/simpleflow.hpp>

namespace examples::programs {

// Describes a call of the `echo` program; the body never runs.
std::string echo(std::string word, int count) { return {}; }

// Runs in a new process of this program, with this plugin loaded.
std::vector<int> inc(std::vector<int> xs) {
  for (int& x : xs) ++x;
  return xs;
}

class ProgramsWorkflow : public simpleflow::Workflow {
 public:
  std::string run(std::string word) {
    auto said = submit(echo, word, 3);  // runs `echo hello 3`
    auto incremented = submit(inc, std::vector<int>{1, 2, 3});
    std::cout << "echo printed: " << said.result();  // what echo wrote, "hello 3\n"
    std::cout << "inc gave: " << simpleflow::dumps(incremented.result()) << std::endl;
    return said.result();
  }
};

}  // namespace examples::programs

SIMPLEFLOW_PROGRAM(examples::programs::echo, {.activity = {.version = "example", .params = {"word", "count"}}});
SIMPLEFLOW_SUBPROCESS_ACTIVITY(examples::programs::inc,
                               {.subprocess = {.timeout_seconds = 60, .kill_children = true},
                                .activity = {.version = "example"}});

SIMPLEFLOW_WORKFLOW(examples::programs::ProgramsWorkflow, {.version = "example", .params = {"word"}});
