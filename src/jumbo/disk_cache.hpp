// Jumbo fields kept on disk, shared by the processes of one machine, so that
// a restarted decider or the next activity does not fetch a field again.
// Best effort: a cache that cannot be read or written is skipped (logged at
// debug level), never an error.
#pragma once

#include <cstdint>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>

namespace simpleflow::jumbo::internal {

// Files under <directory>/jumbo_fields/, one per field, named after the
// field's address. Several processes may share a directory: files appear
// whole (written then renamed), reading one refreshes its time, and a process
// that finds the directory over `max_bytes` deletes the least recently used
// files, under a lock file, down to 90% of it. Thread-safe.
class DiskCache {
 public:
  DiskCache(std::string directory, std::uint64_t max_bytes);

  std::optional<std::string> get(const std::string& address);
  void put(const std::string& address, std::string_view content);

  const std::string& directory() const { return directory_; }
  std::uint64_t max_bytes() const { return max_bytes_; }

 private:
  std::string path_for(const std::string& address) const;
  // Deletes the least recently used files when the directory may be full.
  void evict_if_full(std::uint64_t added);

  const std::string directory_;  // .../jumbo_fields
  const std::uint64_t max_bytes_;
  std::mutex mutex_;
  std::optional<std::uint64_t> estimate_;  // bytes in the directory, as last counted plus what this process added
  int puts_since_count_ = 0;
};

}  // namespace simpleflow::jumbo::internal
