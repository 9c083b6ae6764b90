#include "decider/history_cache.hpp"

namespace simpleflow::internal {

std::vector<Json>* HistoryCache::find(const std::string& run_id) {
  auto it = entries_.find(run_id);
  if (it == entries_.end()) return nullptr;
  recent_.splice(recent_.begin(), recent_, it->second.position);
  return &it->second.events;
}

void HistoryCache::put(const std::string& run_id, std::vector<Json> events) {
  if (capacity_ == 0) return;
  if (auto* existing = find(run_id)) {
    *existing = std::move(events);
    return;
  }
  if (entries_.size() >= capacity_) {
    entries_.erase(recent_.back());
    recent_.pop_back();
  }
  recent_.push_front(run_id);
  entries_.emplace(run_id, Entry{std::move(events), recent_.begin()});
}

void HistoryCache::erase(const std::string& run_id) {
  auto it = entries_.find(run_id);
  if (it == entries_.end()) return;
  recent_.erase(it->second.position);
  entries_.erase(it);
}

}  // namespace simpleflow::internal
