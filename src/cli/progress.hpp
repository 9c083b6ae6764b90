// The live progress that `standalone` prints: one line per change of a
// task's state, read from the execution's new history events.
#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "simpleflow/json.hpp"

namespace simpleflow::cli {

class ProgressReport {
 public:
  // The lines for `events` (oldest first; those already seen are skipped),
  // e.g. "activity-examples.basic.increment-1 completed".
  std::vector<std::string> lines_for(const std::vector<Json>& events);
  // The id of the last event seen; 0 before any.
  std::int64_t last_event_id() const { return last_event_id_; }

 private:
  std::optional<std::string> line_for(const Json& event);

  std::int64_t last_event_id_ = 0;
  std::map<std::int64_t, std::string> activity_ids_;  // by scheduled event id
};

}  // namespace simpleflow::cli
