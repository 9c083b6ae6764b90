// The events of a workflow execution, in SWF's shape: each event is a JSON
// object with eventId, eventTimestamp, eventType and <type>EventAttributes.
// Hooks receive it (after_closed, on_failure, ...). The local executor writes
// the events that SWF would have recorded for the same run.
#pragma once

#include <string>
#include <vector>

#include "simpleflow/json.hpp"

namespace simpleflow {

class History {
 public:
  History() = default;
  explicit History(std::vector<Json> events) : events_(std::move(events)) {}

  const std::vector<Json>& events() const { return events_; }
  bool empty() const { return events_.empty(); }
  std::size_t size() const { return events_.size(); }
  // The events whose eventType is `event_type`, in order.
  std::vector<Json> filter(const std::string& event_type) const;

  // Appends an event, giving it the next eventId.
  void append(const std::string& event_type, double timestamp, Json attributes);

 private:
  std::vector<Json> events_;
};

}  // namespace simpleflow
