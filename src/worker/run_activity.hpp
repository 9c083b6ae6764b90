// Running one activity task in the current process: find the registered
// activity, decode the input, call it, and put its result or its exception
// in the form SWF takes. What an activity's child process does, and what
// in-process activities do on a thread.
#pragma once

#include <atomic>
#include <functional>
#include <memory>
#include <string>

#include "simpleflow/activity.hpp"
#include "simpleflow/swf/shapes.hpp"

namespace simpleflow::internal {

struct ActivityOutcome {
  bool completed = false;
  std::string result;   // when completed: the task's result field
  std::string reason;   // when failed: at most 256 characters
  std::string details;  // when failed: at most 32,768 characters
};

// The failure for reason and details of any length: both are cut to SWF's
// limits, so that the answer always reaches SWF.
ActivityOutcome failed_outcome(std::string reason, std::string details);

// Runs `task` with `def`; `on_heartbeat` receives the activity's heartbeats,
// `cancel` (may be null) is what ActivityContext::cancel_requested() reads.
// Never throws: an exception of the activity, input that does not fit it, or
// a result longer than SWF allows is a failed outcome, with reason
// "<error>: <message>" and Python simpleflow's details JSON.
ActivityOutcome run_activity(const ActivityDef& def, const swf::ActivityTask& task, const std::string& domain,
                             const std::string& task_list, std::function<void(const std::string&)> on_heartbeat,
                             std::shared_ptr<const std::atomic<bool>> cancel = nullptr);

}  // namespace simpleflow::internal
