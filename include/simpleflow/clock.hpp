// Time, injected so that tests and the local executor control it.
#pragma once

#include <chrono>

namespace simpleflow {

class Clock {
 public:
  virtual ~Clock() = default;
  // Seconds since the Unix epoch, as SWF timestamps are. Thread-safe.
  virtual double now() const = 0;
};

// The system's wall clock.
class SystemClock final : public Clock {
 public:
  double now() const override {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
  }
  // A process-wide instance.
  static const SystemClock& instance() {
    static const SystemClock clock;
    return clock;
  }
};

// A clock that moves only when told to. Not thread-safe.
class ManualClock final : public Clock {
 public:
  explicit ManualClock(double start = 0) : now_(start) {}
  double now() const override { return now_; }
  void advance(double seconds) { now_ += seconds; }
  void set(double t) { now_ = t; }

 private:
  double now_;
};

}  // namespace simpleflow
