// A BlobStore in memory that counts its calls and can be made to fail: the
// double for code that stores jumbo fields.
#pragma once

#include <atomic>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "simpleflow/blob_store.hpp"

namespace simpleflow::testing {

class MemoryBlobStore final : public BlobStore {
 public:
  Status put(const std::string& key, std::string_view content) override {
    ++puts;
    if (failure) return *failure;
    std::lock_guard lock(mutex_);
    objects_[key] = std::string(content);
    return OkStatus();
  }
  StatusOr<std::string> get(const std::string& key) override {
    ++gets;
    if (failure) return *failure;
    std::lock_guard lock(mutex_);
    auto it = objects_.find(key);
    if (it == objects_.end()) return NotFoundError("no object at " + describe(key));
    return it->second;
  }
  StatusOr<std::uint64_t> size(const std::string& key) override {
    auto content = get(key);
    if (!content.ok()) return content.status();
    return static_cast<std::uint64_t>(content->size());
  }
  std::string describe(const std::string& key) const override { return "memory://" + key; }

  std::map<std::string, std::string> objects() const {
    std::lock_guard lock(mutex_);
    return objects_;
  }

  std::atomic<int> puts{0};
  std::atomic<int> gets{0};
  // Set: every call fails with it.
  std::optional<Status> failure;

 private:
  mutable std::mutex mutex_;
  std::map<std::string, std::string> objects_;
};

}  // namespace simpleflow::testing
