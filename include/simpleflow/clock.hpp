// Time, injected so that tests and the local executor control it.
#pragma once

#include <atomic>
#include <chrono>
#include <thread>

namespace simpleflow {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch, as SWF timestamps are. Thread-safe.
  virtual double now() const = 0;
  // Waits `seconds` (nothing when <= 0): retries' backoff and client-side
  // throttling wait through this, so a test clock can skip the wait.
  // Thread-safe.
  virtual void sleep_for(double seconds) const = 0;
};

// The system's wall clock.
class SystemClock final : public Clock {
 public:
  double now() const override {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  void sleep_for(double seconds) const override {
    if (seconds > 0) std::this_thread::sleep_for(std::chrono::duration<double>(seconds));
  }
  // A process-wide instance.
  static const SystemClock& instance() {
    static const SystemClock clock;
    return clock;
  }
};

// A clock that moves only when told to, or when something sleeps on it
// (sleep_for advances it at once). Thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(double start = 0) : now_(start) {}
  double now() const override { return now_.load(); }
  void sleep_for(double seconds) const override {
    if (seconds > 0) advance(seconds);
  }
  void advance(double seconds) const {
    double t = now_.load();
    while (!now_.compare_exchange_weak(t, t + seconds)) {
    }
  }
  void set(double t) { now_.store(t); }

 private:
  mutable std::atomic<double> now_;
};

}  // namespace simpleflow
