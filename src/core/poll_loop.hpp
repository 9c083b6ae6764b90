// The loop that deciders and activity workers share: poll until told to
// stop, and when SWF cannot be reached, wait longer each time and go on.
#pragma once

#include <atomic>
#include <functional>
#include <string>

#include "simpleflow/status.hpp"

namespace simpleflow::internal {

// Calls `poll_once` until `stop` is true. After a failure (the client has
// retried already) waits 1 + random()*2^n seconds, n the failures in a row,
// at most 60, checking `stop` meanwhile. `what` names the task list in logs.
void poll_until_stopped(const std::atomic<bool>& stop, const std::string& what,
                        const std::function<StatusOr<bool>()>& poll_once);

}  // namespace simpleflow::internal
