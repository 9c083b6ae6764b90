// A program of your own that links libsimpleflow, registers its workflows and
// activities itself and offers the whole `simpleflow` command line: no plugin
// needed.
//
//   build/bin/my_simpleflow workflow.start --local greetings.Greet --input '["world"]'
//   Hello, world!
#include <iostream>
#include <string>

#include <simpleflow/cli.hpp>
#include <simpleflow/simpleflow.hpp>

namespace greetings {

std::string greeting(const std::string& who) { return "Hello, " + who + "!"; }

class Greet : public simpleflow::Workflow {
 public:
  std::string run(const std::string& who) {
    std::string text = submit(greeting, who).result();
    std::cout << text << std::endl;
    return text;
  }
};

}  // namespace greetings

SIMPLEFLOW_ACTIVITY(greetings::greeting);
SIMPLEFLOW_WORKFLOW(greetings::Greet, {.params = {"who"}});

int main(int argc, char** argv) { return simpleflow::cli::main(argc, argv); }
