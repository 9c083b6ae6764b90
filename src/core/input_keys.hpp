// The keys of an activity task's input besides "args" and "kwargs".
#pragma once

namespace simpleflow::internal {

// Written by a decider into the input of the retry of an attempt that timed
// out: the attempt's last heartbeat details (ActivityTaskTimedOut.details).
// Our workers give them to the activity; Python's ignore the key.
inline constexpr const char* kLastHeartbeatDetailsKey = "__last_heartbeat_details";

}  // namespace simpleflow::internal
