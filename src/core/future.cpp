#include "simpleflow/future.hpp"

namespace simpleflow {

const char* to_string(FutureState state) {
  switch (state) {
    case FutureState::kPending: return "PENDING";
    case FutureState::kRunning: return "RUNNING";
    case FutureState::kCancelled: return "CANCELLED";
    case FutureState::kFinished: return "FINISHED";
  }
  return "UNKNOWN";
}

namespace internal {

void TaskStatus::set_cancelled(std::string details) {
  state = FutureState::kCancelled;
  result = nullptr;
  exception = std::make_exception_ptr(TaskCanceled(std::move(details)));
}

namespace {
thread_local WaitDriver* current_driver = nullptr;
}  // namespace

WaitDriverScope::WaitDriverScope(WaitDriver* driver) : previous_(current_driver) { current_driver = driver; }
WaitDriverScope::~WaitDriverScope() { current_driver = previous_; }

void require_done(TaskStatus& status) {
  status.refresh();
  while (!status.done() && current_driver && current_driver->advance()) status.refresh();
  if (!status.done()) {
    if (current_driver) current_driver->blocked(status);
    throw ExecutionBlocked(status.description);
  }
}

}  // namespace internal
}  // namespace simpleflow
