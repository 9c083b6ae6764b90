#include "core/poll_loop.hpp"

#include <algorithm>
#include <chrono>
#include <random>
#include <thread>

#include <spdlog/spdlog.h>

namespace simpleflow::internal {

void poll_until_stopped(const std::atomic<bool>& stop, const std::string& what,
                        const std::function<StatusOr<bool>()>& poll_once) {
  std::mt19937 random{std::random_device{}()};
  int failures = 0;
  while (!stop.load()) {
    auto polled = poll_once();
    if (polled.ok()) {
      failures = 0;
      continue;
    }
    double wait =
        std::min(60.0, std::uniform_real_distribution<double>(0, 1)(random) * (1 << std::min(failures, 6)) + 1);
    ++failures;
    spdlog::error("polling {} failed: {}; polling again in {:.1f} s", what, polled.status().message(), wait);
    auto until = std::chrono::steady_clock::now() + std::chrono::duration<double>(wait);
    while (!stop.load() && std::chrono::steady_clock::now() < until)
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
}

}  // namespace simpleflow::internal
