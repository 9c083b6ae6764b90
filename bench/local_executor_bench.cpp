// The local executor's cost per activity: a fan-out of N trivial activities
// then a wait, and a chain of N where each uses the previous result.
//
//   build/bin/local_executor_bench
#include <benchmark/benchmark.h>

#include <vector>

#include <simpleflow/simpleflow.hpp>

#include "fan_out.hpp"

namespace bench {

class ChainOfResults : public simpleflow::Workflow {
 public:
  int run(int n) {
    auto f = submit(increment, 0);
    for (int i = 1; i < n; ++i) f = submit(increment, f);
    return f.result();
  }
};

}  // namespace bench

SIMPLEFLOW_WORKFLOW(bench::ChainOfResults, {.params = {"n"}});

namespace {

template <class W>
void run_workflow(benchmark::State& state) {
  const auto* def = simpleflow::Registry::global().find_workflow(simpleflow::internal::dotted_type_name<W>());
  const int n = static_cast<int>(state.range(0));
  for (auto _ : state) {
    simpleflow::LocalExecutor executor(*def);
    benchmark::DoNotOptimize(executor.run(simpleflow::Json::array({n})));
  }
  // items_per_second: activities per second; its inverse is the cost of one.
  state.SetItemsProcessed(state.iterations() * n);
}

void BM_LocalFanOut(benchmark::State& state) { run_workflow<bench::FanOut>(state); }
void BM_LocalChain(benchmark::State& state) { run_workflow<bench::ChainOfResults>(state); }

}  // namespace

BENCHMARK(BM_LocalFanOut)->Arg(10000)->Unit(benchmark::kMillisecond);
BENCHMARK(BM_LocalChain)->Arg(1000)->Unit(benchmark::kMillisecond);
BENCHMARK_MAIN();
