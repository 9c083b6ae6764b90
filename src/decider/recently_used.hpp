// A map that keeps its most recently used entries: what a decider keeps of
// the executions it decided lately.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>

namespace simpleflow::internal {

// Least recently used first out. Not thread-safe: one per poller.
template <class Value>
class RecentlyUsed {
 public:
  explicit RecentlyUsed(std::size_t capacity) : capacity_(capacity) {}

  // The value of `key`, now the most recently used, or null.
  Value* find(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    recent_.splice(recent_.begin(), recent_, it->second.position);
    return &it->second.value;
  }
  // Keeps `value` as `key`'s, evicting the least recently used entry when
  // full. Keeps nothing with a capacity of 0.
  void put(const std::string& key, Value value) {
    if (capacity_ == 0) return;
    if (Value* existing = find(key)) {
      *existing = std::move(value);
      return;
    }
    if (entries_.size() >= capacity_) {
      entries_.erase(recent_.back());
      recent_.pop_back();
    }
    recent_.push_front(key);
    entries_.emplace(key, Entry{std::move(value), recent_.begin()});
  }
  void erase(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    recent_.erase(it->second.position);
    entries_.erase(it);
  }
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    Value value;
    std::list<std::string>::iterator position;  // in recent_
  };
  std::size_t capacity_;
  std::list<std::string> recent_;  // most recent first
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace simpleflow::internal
