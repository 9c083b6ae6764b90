// Client-side throttling at SWF's default account quotas (swf-limits.md):
// a token bucket per API operation and per throttled decision type, so that
// a busy process waits a little instead of being answered
// ThrottlingException. The quotas are per account and region; these buckets
// only see this process.
#pragma once

#include <map>
#include <mutex>
#include <string>
#include <string_view>

#include "simpleflow/clock.hpp"

namespace simpleflow::swf::internal {

// Holds up to `capacity` tokens and gains `refill_per_second`. Not
// thread-safe on its own (Throttle locks).
class TokenBucket {
 public:
  TokenBucket(double capacity, double refill_per_second, double now);
  // Takes `n` tokens (at most the capacity), going into debt when short so
  // that callers queue in order; returns how long to wait before the call.
  double reserve(double n, double now);

 private:
  double capacity_, rate_, tokens_, updated_;
};

class Throttle {
 public:
  // `clock` is not owned and must outlive the throttle.
  explicit Throttle(const Clock& clock);

  // Waits until `operation` may be called; for RespondDecisionTaskCompleted
  // also until the throttled decisions in `request_json` may be made.
  // Operations without a known quota never wait. Thread-safe.
  void acquire(std::string_view operation, std::string_view request_json);

  // How many decisions of `decision_type` the compact JSON `request_json` holds.
  static int count_decisions(std::string_view request_json, std::string_view decision_type);

 private:
  double reserve(const std::string& key, double n);

  const Clock& clock_;
  std::mutex mutex_;
  std::map<std::string, TokenBucket, std::less<>> buckets_;
};

}  // namespace simpleflow::swf::internal
