#include "simpleflow/local_executor.hpp"

#include "local/local_run.hpp"

namespace simpleflow {

struct LocalExecutor::Impl {
  Impl(const WorkflowDef& d, LocalOptions o)
      : def(d), options(std::move(o)), clock(options.clock ? *options.clock : SystemClock::instance()) {}
  const WorkflowDef& def;
  LocalOptions options;
  const Clock& clock;
  History history;
  int executions = 0;
  double end_time = 0;
};

LocalExecutor::LocalExecutor(const WorkflowDef& workflow, LocalOptions options)
    : impl_(std::make_unique<Impl>(workflow, std::move(options))) {}

LocalExecutor::~LocalExecutor() = default;

Json LocalExecutor::run(const Json& input) {
  Arguments arguments = Arguments::from_input(input);
  internal::LocalWorld world(impl_->clock);
  internal::LocalRun run(world, impl_->def, impl_->options.workflow_id, nullptr);
  struct Capture {
    Impl& impl;
    internal::LocalRun& run;
    internal::LocalWorld& world;
    ~Capture() {
      impl.history = run.take_history();
      impl.executions = run.executions();
      impl.end_time = world.now();
    }
  } capture{*impl_, run, world};
  return run.execute(std::move(arguments), /*input_errors_are_failures=*/false);
}

const History& LocalExecutor::history() const { return impl_->history; }
int LocalExecutor::executions() const { return impl_->executions; }
double LocalExecutor::now() const { return impl_->end_time; }

}  // namespace simpleflow
