// A server Store whose writes fail on demand, as on a full disk or a damaged
// file, over a real store that keeps everything else: the double for tests
// of how the engine lives through failed commits.
#pragma once

#include <atomic>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include "server/store.hpp"

namespace simpleflow::testing {

class FailingStore : public server::internal::Store {
 public:
  explicit FailingStore(std::unique_ptr<server::internal::Store> real) : real_(std::move(real)) {}

  // From now on, commits and probes fail with `why` (none: they go through).
  void fail_with(std::optional<Status> why) {
    std::lock_guard<std::mutex> lock(mu_);
    failure_ = std::move(why);
  }
  int failed_commits() const { return failed_commits_; }

  StatusOr<server::internal::LoadedState> load() override { return real_->load(); }
  Status commit(const server::internal::WriteBatch& batch) override {
    if (auto why = failure()) {
      ++failed_commits_;
      return *why;
    }
    return real_->commit(batch);
  }
  Status probe() override {
    if (auto why = failure()) return *why;
    return real_->probe();
  }
  StatusOr<std::vector<std::string>> events(const std::string& run_id, int64_t first, int64_t last) override {
    return real_->events(run_id, first, last);
  }
  const std::string& path() const override { return real_->path(); }

 private:
  std::optional<Status> failure() {
    std::lock_guard<std::mutex> lock(mu_);
    return failure_;
  }
  std::unique_ptr<server::internal::Store> real_;
  std::mutex mu_;
  std::optional<Status> failure_;
  std::atomic<int> failed_commits_{0};
};

}  // namespace simpleflow::testing
