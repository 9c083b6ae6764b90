// Timers (the Python project's examples/timer.py). Locally, time is skipped:
// the run takes no time even though its timers last minutes.
//
//   simpleflow workflow.start --local examples.timer.TimerWorkflow --input '[30, 120]'
#include <iostream>

#include <simpleflow/simpleflow.hpp>

namespace examples::timer {

// Starts "timer 2" (t2 seconds) and, in a chain, "timer 1" (t1 seconds) then
// a cancel of "timer 2": when t1 < t2, timer 1 fires and timer 2 is canceled.
class TimerWorkflow : public simpleflow::Workflow {
 public:
  void run(int t1, int t2) {
    simpleflow::Chain chain;
    chain.append(start_timer("timer 1", t1)).append(cancel_timer("timer 2"));
    simpleflow::Group group;
    group.append(start_timer("timer 2", t2)).append(chain);
    auto future = submit(group);
    if (future.pending() || future.running()) std::cout << "Starting timers" << std::endl;
    simpleflow::futures::wait(future);
    auto timer2 = future.futures().front();
    std::cout << "Timer fired, exiting (timer 2 " << (timer2.cancelled() ? "canceled" : "fired") << ")" << std::endl;
  }
};

}  // namespace examples::timer

SIMPLEFLOW_WORKFLOW(examples::timer::TimerWorkflow,
                    {.name = "basic", .version = "example", .task_list = "example", .params = {{"t1", 30}, {"t2", 120}}});
