// Logs that a client can trigger at will (a malformed request, a refused
// connection) are let through at most once per period, with a count of what
// was held back, so that nobody can flood the log.
#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>

namespace simpleflow::internal {

class LogLimiter {
 public:
  explicit LogLimiter(std::chrono::seconds period = std::chrono::seconds(10)) : period_(period) {}

  // Counts one occurrence; true when it should be logged now. `total` is
  // set to the occurrences so far. Thread-safe.
  bool allow(uint64_t* total = nullptr) {
    uint64_t n = ++count_;
    if (total) *total = n;
    int64_t now = std::chrono::duration_cast<std::chrono::seconds>(
                      std::chrono::steady_clock::now().time_since_epoch()).count();
    int64_t last = last_.load(std::memory_order_relaxed);
    if (last != kNever && now - last < period_.count()) return false;
    return last_.compare_exchange_strong(last, now);
  }

 private:
  static constexpr int64_t kNever = INT64_MIN;
  const std::chrono::seconds period_;
  std::atomic<uint64_t> count_{0};
  std::atomic<int64_t> last_{kNever};
};

}  // namespace simpleflow::internal
