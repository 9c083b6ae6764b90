// The events of a workflow execution, in SWF's shape: each event is a JSON
// object with eventId, eventTimestamp, eventType and <type>EventAttributes.
// Hooks receive it (after_closed, on_failure, ...). The local executor writes
// the events that SWF would have recorded for the same run.
#pragma once

#include <functional>
#include <string>
#include <vector>

#include "simpleflow/json.hpp"

namespace simpleflow {

// Events are kept as compact JSON text, one allocation each, and decoded on
// first read: recording a long run stays cheap. Not thread-safe (reads fill a
// cache).
class History {
 public:
  History() = default;
  explicit History(const std::vector<Json>& events);
  // Keeps already decoded events as they are.
  explicit History(std::vector<Json>&& events);
  // `size` events that `load` decodes on the first read (what a decider
  // received, decoded only if a hook reads it).
  History(std::size_t size, std::function<std::vector<Json>()> load);

  // All events, decoded.
  const std::vector<Json>& events() const;
  bool empty() const { return raw_.empty(); }
  std::size_t size() const { return raw_.size(); }
  // The events whose eventType is `event_type`, in order.
  std::vector<Json> filter(const std::string& event_type) const;

  // Appends an event, giving it the next eventId.
  void append(const std::string& event_type, double timestamp, const Json& attributes);

 private:
  std::vector<std::string> raw_;
  mutable std::vector<Json> decoded_;  // the first decoded_.size() events of raw_
  mutable std::function<std::vector<Json>()> load_;
};

}  // namespace simpleflow
