// The events of the executions a decider decided recently, so that the next
// decision task of one needs only the events after its previous decision.
#pragma once

#include <cstddef>
#include <list>
#include <string>
#include <unordered_map>
#include <vector>

#include "simpleflow/json.hpp"

namespace simpleflow::internal {

// Least recently used first out. Not thread-safe: one per poller.
class HistoryCache {
 public:
  explicit HistoryCache(std::size_t capacity) : capacity_(capacity) {}

  // The run's events (eventIds 1..n, in order), or null.
  std::vector<Json>* find(const std::string& run_id);
  // Keeps `events` as the run's, evicting the least recently used run when full.
  void put(const std::string& run_id, std::vector<Json> events);
  void erase(const std::string& run_id);
  std::size_t size() const { return entries_.size(); }

 private:
  struct Entry {
    std::vector<Json> events;
    std::list<std::string>::iterator position;  // in recent_
  };
  std::size_t capacity_;
  std::list<std::string> recent_;  // most recent first
  std::unordered_map<std::string, Entry> entries_;
};

}  // namespace simpleflow::internal
