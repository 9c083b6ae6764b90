// A map that keeps its most recently used entries, up to a capacity: what a
// decider keeps of the executions it decided lately (counted), the jumbo
// fields a process fetched lately (weighed in bytes).
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>

namespace simpleflow::internal {

// The default weight: each entry counts one, so the capacity is a count.
struct EachCountsOne {
  template <class Value>
  std::size_t operator()(const Value&) const {
    return 1;
  }
};

// Least recently used first out. Not thread-safe: one per poller, or behind
// the owner's lock.
template <class Value, class Weigh = EachCountsOne>
class RecentlyUsed {
 public:
  explicit RecentlyUsed(std::size_t capacity, Weigh weigh = Weigh()) : capacity_(capacity), weigh_(weigh) {}

  // The value of `key`, now the most recently used, or null.
  Value* find(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return nullptr;
    recent_.splice(recent_.begin(), recent_, it->second.position);
    return &it->second.value;
  }
  // Keeps `value` as `key`'s, evicting the least recently used entries until
  // the weights fit the capacity. Keeps nothing heavier than the capacity.
  void put(const std::string& key, Value value) {
    erase(key);
    std::size_t weight = weigh_(value);
    if (weight > capacity_) return;
    while (weight_ + weight > capacity_) erase(recent_.back());
    recent_.push_front(key);
    entries_.emplace(key, Entry{std::move(value), recent_.begin(), weight});
    weight_ += weight;
  }
  void erase(const std::string& key) {
    auto it = entries_.find(key);
    if (it == entries_.end()) return;
    weight_ -= it->second.weight;
    recent_.erase(it->second.position);
    entries_.erase(it);
  }
  std::size_t size() const { return entries_.size(); }
  std::size_t weight() const { return weight_; }
  std::size_t capacity() const { return capacity_; }

 private:
  struct Entry {
    Value value;
    std::list<std::string>::iterator position;  // in recent_
    std::size_t weight;
  };
  std::size_t capacity_;
  Weigh weigh_;
  std::size_t weight_ = 0;
  std::list<std::string> recent_;  // most recent first
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace simpleflow::internal
