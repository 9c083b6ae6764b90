// Member names that SWF derives from a type name.
#pragma once

#include <string>
#include <string_view>

namespace simpleflow::internal {

// The type with a lower-case first letter, then `suffix`:
// "activityTaskScheduledEventAttributes" for ("ActivityTaskScheduled",
// "EventAttributes"), "startTimerDecisionAttributes" for ("StartTimer",
// "DecisionAttributes").
inline std::string attributes_member(std::string_view type, std::string_view suffix) {
  std::string name(type);
  if (!name.empty() && name[0] >= 'A' && name[0] <= 'Z') name[0] = static_cast<char>(name[0] - 'A' + 'a');
  name += suffix;
  return name;
}

}  // namespace simpleflow::internal
