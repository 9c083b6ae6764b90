// Names as SWF takes and derives them.
#pragma once

#include <cstddef>
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

// Why SWF would refuse `name` as a domain, type name, version or task list
// name of at most `max_length` characters, in words that follow "it"
// ("has 300 characters", "contains ':'"); "" when SWF takes it. SWF's rules:
// 1 to `max_length` characters of UTF-8, no whitespace at either end, no
// ':', '/', '|' or control character, and not the word "arn".
std::string swf_name_violation(std::string_view name, std::size_t max_length);

}  // namespace simpleflow::internal
