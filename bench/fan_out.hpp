// The workflow both benchmarks measure: a fan-out of n trivial activities,
// then a wait for all of them. Include it in one file of a program: it
// registers the activity and the workflow.
#pragma once

#include <vector>

#include <simpleflow/simpleflow.hpp>

namespace bench {

inline int increment(int x) { return x + 1; }

class FanOut : public simpleflow::Workflow {
 public:
  long long run(int n) {
    std::vector<simpleflow::Future<int>> futures;
    futures.reserve(static_cast<std::size_t>(n));
    for (int i = 0; i < n; ++i) futures.push_back(submit(increment, i));
    long long sum = 0;
    for (int v : simpleflow::futures::wait(futures)) sum += v;
    return sum;
  }
};

}  // namespace bench

SIMPLEFLOW_ACTIVITY(bench::increment);
SIMPLEFLOW_WORKFLOW(bench::FanOut, {.params = {"n"}});
